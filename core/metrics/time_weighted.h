#pragma once

#include <cstdint>
#include <vector>

namespace tw::metrics {

/// Integral over simulated time of a piecewise-constant quantity (queue length, running
/// requests, busy replicas...), accumulated exactly at each change: per time-series bin and
/// over the measurement window. Never sampled.
class TimeWeighted
{
public:
    TimeWeighted() = default;
    TimeWeighted(std::int64_t windowStartNs, std::int64_t windowEndNs, std::int64_t binNs,
                 std::size_t bins);

    /// The quantity changes by @p delta at @p nowNs (times must not decrease).
    void add(std::int64_t nowNs, double delta) { set(nowNs, m_value + delta); }
    void set(std::int64_t nowNs, double value);
    /// Closes the integral at @p endNs.
    void finish(std::int64_t endNs) { set(endNs, m_value); }

    double value() const { return m_value; }
    /// Integral over the measurement window, in value x seconds.
    double windowIntegral() const { return m_windowIntegral; }
    /// Integral over each bin, in value x seconds.
    const std::vector<double> &binIntegrals() const { return m_bins; }

private:
    void accumulate(std::int64_t fromNs, std::int64_t toNs, double value);

    double m_value = 0.0;
    std::int64_t m_lastNs = 0;
    std::int64_t m_windowStartNs = 0;
    std::int64_t m_windowEndNs = 0;
    std::int64_t m_binNs = 1;
    double m_windowIntegral = 0.0;
    std::vector<double> m_bins;
    std::size_t m_cachedBin = 0; ///< bin of the last accumulated interval
    std::int64_t m_cachedBinStartNs = 0;
};

} // namespace tw::metrics
