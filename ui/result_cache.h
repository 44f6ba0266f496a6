#pragma once

#include "core/accounting/reaccount.h"

#include <cstddef>
#include <list>
#include <string>
#include <unordered_map>
#include <utility>

namespace tw::ui {

/// Simulations already run, with their energy meters, by a key that identifies the simulation
/// exactly (the scenario as JSON without its accounting-only inputs). Simulations are
/// deterministic, so a hit accounted for the scenario at hand (accounting::reaccount) is the
/// same figures as running again. Least recently used entries are dropped beyond the
/// capacity. Not thread-safe: the runner touches it from its one job thread only.
class ResultCache
{
public:
    explicit ResultCache(std::size_t capacity)
        : m_capacity(capacity)
    {}

    /// The cached results for @p key, or nullptr (the pointer is valid until the next insert).
    const accounting::MeteredResults *find(const std::string &key);
    void insert(const std::string &key, accounting::MeteredResults results);
    std::size_t size() const { return m_entries.size(); }

private:
    using Entry = std::pair<std::string, accounting::MeteredResults>;
    std::size_t m_capacity;
    std::list<Entry> m_entries; ///< most recently used first
    std::unordered_map<std::string, std::list<Entry>::iterator> m_index;
};

} // namespace tw::ui
