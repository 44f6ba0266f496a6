#pragma once

#include "core/metrics/results.h"

#include <vector>

namespace tw::metrics {

/// Quantile by linear interpolation between closest ranks of a sorted sample (numpy's
/// default, Hyndman and Fan 1996 definition 7). @p q in [0, 1]; 0 for an empty sample.
double quantileSorted(const std::vector<double> &sorted, double q);

/// Mean, p50/p90/p95/p99 and max of @p values, in O(n); reorders @p values.
Summary summarize(std::vector<double> &values);

} // namespace tw::metrics
