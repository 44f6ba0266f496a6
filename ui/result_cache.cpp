#include "ui/result_cache.h"

namespace tw::ui {

const accounting::MeteredResults *ResultCache::find(const std::string &key)
{
    const auto found = m_index.find(key);
    if (found == m_index.end())
        return nullptr;
    m_entries.splice(m_entries.begin(), m_entries, found->second);
    return &found->second->second;
}

void ResultCache::insert(const std::string &key, accounting::MeteredResults results)
{
    if (m_capacity == 0)
        return;
    if (const auto found = m_index.find(key); found != m_index.end()) {
        found->second->second = std::move(results);
        m_entries.splice(m_entries.begin(), m_entries, found->second);
        return;
    }
    m_entries.emplace_front(key, std::move(results));
    m_index.emplace(key, m_entries.begin());
    while (m_entries.size() > m_capacity) {
        m_index.erase(m_entries.back().first);
        m_entries.pop_back();
    }
}

} // namespace tw::ui
