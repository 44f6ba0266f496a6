#include "core/metrics/time_weighted.h"

#include <algorithm>

namespace tw::metrics {

TimeWeighted::TimeWeighted(std::int64_t windowStartNs, std::int64_t windowEndNs, std::int64_t binNs,
                           std::size_t bins)
    : m_windowStartNs(windowStartNs)
    , m_windowEndNs(windowEndNs)
    , m_binNs(std::max<std::int64_t>(binNs, 1))
    , m_bins(bins, 0.0)
{}

void TimeWeighted::set(std::int64_t nowNs, double value)
{
    if (nowNs > m_lastNs) {
        if (m_value != 0.0)
            accumulate(m_lastNs, nowNs, m_value);
        m_lastNs = nowNs;
    }
    m_value = value;
}

void TimeWeighted::accumulate(std::int64_t fromNs, std::int64_t toNs, double value)
{
    if (fromNs >= m_windowStartNs && toNs <= m_windowEndNs) {
        m_windowIntegral += value * static_cast<double>(toNs - fromNs) * 1e-9;
    } else {
        const std::int64_t windowFrom = std::max(fromNs, m_windowStartNs);
        const std::int64_t windowTo = std::min(toNs, m_windowEndNs);
        if (windowTo > windowFrom)
            m_windowIntegral += value * static_cast<double>(windowTo - windowFrom) * 1e-9;
    }
    if (m_bins.empty())
        return;
    // Most intervals fall inside the bin of the previous one: no division then.
    if (fromNs >= m_cachedBinStartNs && toNs <= m_cachedBinStartNs + m_binNs
        && m_cachedBin < m_bins.size()) {
        m_bins[m_cachedBin] += value * static_cast<double>(toNs - fromNs) * 1e-9;
        return;
    }
    auto bin = static_cast<std::size_t>(fromNs / m_binNs);
    std::int64_t t = fromNs;
    while (t < toNs && bin < m_bins.size()) {
        const std::int64_t binEnd = static_cast<std::int64_t>(bin + 1) * m_binNs;
        const std::int64_t until = std::min(toNs, binEnd);
        m_bins[bin] += value * static_cast<double>(until - t) * 1e-9;
        m_cachedBin = bin;
        m_cachedBinStartNs = binEnd - m_binNs;
        t = until;
        ++bin;
    }
}

} // namespace tw::metrics
