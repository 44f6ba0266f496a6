#pragma once

#include "core/metrics/results.h"
#include "core/metrics/results_format.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace tw::metrics {

/// One point of a parameter sweep: the value given to the swept parameter and its run.
struct SweepPoint
{
    double parameterValue = 0.0;
    Results results;
    /// A two-parameter grid's second value (sweep::runGrid); unused in a one-parameter sweep.
    double secondValue = 0.0;
};

/// The swept parameters: one path, or two for a grid (the second varies slowest, so a grid
/// reads as one sweep of the first per value of the second).
struct SweepAxes
{
    std::string_view first;
    std::string_view second; ///< empty for a one-parameter sweep
};

/// One row per point, in the given order, with the swept parameter (named by the last
/// component of @p parameterPath) first, then the columns of @p metricKeys, or by default:
/// req/s, output tok/s, TTFT p50/p95, TPOT p50/p95, E2E p95, goodput req/s, SLO attainment %,
/// busy %, mean running batch, cost per 1M output tokens, cost, facility kWh, J per output
/// token, kg CO2e, unfinished requests (queued + running at the horizon), rejected requests.
/// A key is one of those columns' (sweepMetricKeys) or any metric of the results table
/// (result_fields.h, e.g. "cost.perMonthUsd"); an unknown one throws tw::InputError (path
/// `--metrics`). A second header row gives the units; latency cells carry their own, as in
/// formatLatency (ms below 10 s). Points whose run did not complete are marked and listed
/// below.
std::string formatSweepTable(std::string_view parameterPath, const std::vector<SweepPoint> &points,
                             const std::vector<std::string> &metricKeys = {});

/// The same columns as CSV, with units in the header names (`ttftP95Seconds`,
/// `sloAttainment` as a fraction) and a final `status` column; the first column is named
/// @p parameterPath. Missing latencies (no measured request) are empty cells.
std::string formatSweepCsv(std::string_view parameterPath, const std::vector<SweepPoint> &points,
                           const std::vector<std::string> &metricKeys = {});

/// `{"parameter": path, "points": [{"parameterValue": v, <the CSV columns>, "status",
/// "statusMessage"}, ...]}`; missing latencies are null.
nlohmann::json sweepToJson(std::string_view parameterPath, const std::vector<SweepPoint> &points,
                           const std::vector<std::string> &metricKeys = {});

/// formatSweepTable / sweepToJson (indent 2) / formatSweepCsv, by format.
std::string formatSweep(std::string_view parameterPath, const std::vector<SweepPoint> &points,
                        OutputFormat format, const std::vector<std::string> &metricKeys = {});

/// A two-parameter grid in the same formats: the second parameter's column comes first (table
/// and CSV; its last path component as the title, the whole path in CSV), and JSON names both
/// (`{"parameters": [first, second], "points": [{"parameterValue", "secondValue", ...}]}`).
std::string formatGrid(const SweepAxes &axes, const std::vector<SweepPoint> &points,
                       OutputFormat format, const std::vector<std::string> &metricKeys = {});

/// The keys --metrics accepts: the default columns', then every numeric metric of the results
/// table.
std::vector<std::string> sweepMetricKeys();

/// Throws tw::InputError (path `--metrics`) when a key of @p metricKeys is unknown, before any
/// simulation runs.
void checkSweepMetrics(const std::vector<std::string> &metricKeys);

} // namespace tw::metrics
