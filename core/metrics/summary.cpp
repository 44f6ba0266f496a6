#include "core/metrics/summary.h"

#include <algorithm>
#include <array>
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
    double sum = 0.0;
    for (double v : values)
        sum += v;
    s.mean = sum / static_cast<double>(values.size());

    // Selection instead of a full sort: each quantile needs the order statistics at
    // floor(q (n - 1)) and the next one. Partitioning for ascending q on the remaining right
    // part keeps the total work O(n) (Hoare's FIND / introselect).
    const std::array<double, 4> qs = {0.50, 0.90, 0.95, 0.99};
    std::array<double, 4> out{};
    auto begin = values.begin();
    const std::size_t last = values.size() - 1;
    for (std::size_t i = 0; i < qs.size(); ++i) {
        const double position = qs[i] * static_cast<double>(last);
        const auto lower = static_cast<std::size_t>(std::floor(position));
        const auto nth = values.begin() + static_cast<std::ptrdiff_t>(lower);
        std::nth_element(begin, nth, values.end());
        const double low = *nth;
        const double high = lower < last ? *std::min_element(nth + 1, values.end()) : low;
        out[i] = low + (high - low) * (position - static_cast<double>(lower));
        begin = nth;
    }
    s.p50 = out[0];
    s.p90 = out[1];
    s.p95 = out[2];
    s.p99 = out[3];
    s.max = *std::max_element(begin, values.end());
    return s;
}

} // namespace tw::metrics
