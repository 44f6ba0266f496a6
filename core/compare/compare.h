#pragma once

// Comparing two to four scenarios: every KPI side by side with its difference against the
// first scenario, and the parameters that differ. Shared by `tokenwatt-cli compare` and the
// window's compare view; formatting is in compare_format.h.

#include "core/metrics/result_fields.h"
#include "core/metrics/results.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tw::scenario {
struct Scenario;
}
namespace tw::sim {
struct RunOptions;
}

namespace tw::compare {

/// Which way a KPI improves, so a view can colour a difference as better or worse.
using Better = metrics::Better;

/// A key performance indicator: one number of a run's Results, as the metric table
/// (core/metrics/result_fields.h) declares it.
struct Kpi
{
    std::string_view key;   ///< as metrics::toJson names it: "ttftSeconds.p95", "cost.totalUsd"
    std::string_view label; ///< for people: "TTFT p95"
    std::string_view unit;  ///< "s", "USD/1M tokens", "fraction"
    Better better = Better::Neither;
    std::string_view description;

    /// The KPI's value in @p results (NaN where it has none, e.g. a latency with no request
    /// measured).
    double value(const metrics::Results &results) const;
};

/// The KPIs compared: the metric table's KPIs, in its order (throughput, requests, latency,
/// SLO, utilisation, energy, carbon, cost).
const std::vector<Kpi> &kpis();

/// One KPI across the compared scenarios. Index 0 is the baseline (the first scenario), so
/// absoluteDifference[0] and percentDifference[0] are 0.
struct KpiRow
{
    Kpi kpi;
    std::vector<double> values;
    /// value - baseline; empty when either is NaN.
    std::vector<std::optional<double>> absoluteDifference;
    /// 100 x (value - baseline) / |baseline|; 0 when both are 0; empty when the baseline is 0
    /// and the value is not (no finite percentage), or either is NaN.
    std::vector<std::optional<double>> percentDifference;
};

/// A parameter whose value is not the same in every scenario.
struct ParameterDifference
{
    std::string path; ///< "workload.arrival.ratePerSecond", "deployments[0].hardware.gpu"
    /// The value in each scenario as compact JSON ("12.5", "\"h100_sxm\"", "[1,2]"); empty
    /// where the scenario has no such key.
    std::vector<std::optional<std::string>> values;
};

/// Everything a compare view shows.
struct Comparison
{
    std::vector<std::string> labels; ///< where each scenario came from, baseline first
    std::vector<KpiRow> kpis;
    std::vector<ParameterDifference> parameters;
};

/// (value - baseline) and its percentage, as KpiRow documents them.
std::optional<double> absoluteDifference(double value, double baseline);
std::optional<double> percentDifference(double value, double baseline);

/// One row per KPI for @p results (at least one; the first is the baseline).
std::vector<KpiRow> compareKpis(const std::vector<metrics::Results> &results);

/// The leaves of a JSON document as (path, compact JSON value) in document order. Objects are
/// entered ("a.b"), arrays of objects or arrays too ("a[0].b"); an array of plain values is one
/// leaf, as is an empty object or array. Throws tw::InputError for malformed JSON.
std::vector<std::pair<std::string, std::string>> flattenJson(std::string_view json);

/// The parameters that are not the same in all of @p parametersJson (scenario::toJson texts,
/// so that defaults are explicit and equal values are written alike), in the order they first
/// appear.
std::vector<ParameterDifference>
parameterDifferences(const std::vector<std::string> &parametersJson);

/// The whole comparison. @p labels, @p results and @p parametersJson have one entry per
/// scenario, baseline first.
Comparison compareScenarios(std::vector<std::string> labels,
                            const std::vector<metrics::Results> &results,
                            const std::vector<std::string> &parametersJson);

/// Simulates every scenario with @p options (its observers and progress sink are ignored: they
/// belong to one engine), each on its own thread, and returns the results in input order. If any
/// throws, the error of the first (in input order) is rethrown once all have finished, each
/// tw::InputError issue prefixed with that scenario's label.
std::vector<metrics::Results> simulateAll(const std::vector<scenario::Scenario> &scenarios,
                                          const std::vector<std::string> &labels,
                                          const sim::RunOptions &options);

} // namespace tw::compare
