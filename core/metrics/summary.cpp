#include "core/metrics/summary.h"

#include <algorithm>
#include <cmath>

namespace tw::metrics {

double quantileSorted(const std::vector<double> &sorted, double q)
{
    if (sorted.empty())
        return 0.0;
    const double position = q * static_cast<double>(sorted.size() - 1);
    const auto lower = static_cast<std::size_t>(std::floor(position));
    const std::size_t upper = std::min(lower + 1, sorted.size() - 1);
    const double fraction = position - static_cast<double>(lower);
    return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction;
}

Summary summarize(std::vector<double> &values)
{
    Summary s;
    s.count = values.size();
    if (values.empty())
        return s;
    std::sort(values.begin(), values.end());
    // Kahan-free plain sum is enough: values are positive and at most ~10^8 of them.
    double sum = 0.0;
    for (double v : values)
        sum += v;
    s.mean = sum / static_cast<double>(values.size());
    s.p50 = quantileSorted(values, 0.50);
    s.p90 = quantileSorted(values, 0.90);
    s.p95 = quantileSorted(values, 0.95);
    s.p99 = quantileSorted(values, 0.99);
    s.max = values.back();
    return s;
}

} // namespace tw::metrics
