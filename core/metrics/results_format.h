#pragma once

#include "core/metrics/results.h"

#include <nlohmann/json.hpp>

#include <string>

namespace tw::metrics {

/// Output formats shared by `tokenwatt-cli run` and `sweep`.
enum class OutputFormat { Table, Json, Csv };

/// Human-readable report for a terminal (ASCII, lines of about 100 columns). A status other
/// than Completed is announced on the first lines. Latencies below 10 s are shown in ms.
std::string formatTable(const Results &results);

/// Every field of @p results, including deployments and the time series. Keys are the field
/// names of results.h (which carry their units, e.g. `ttftSeconds`, `requestsPerSecond`);
/// a Summary becomes `{count, mean, p50, p90, p95, p99, max}` in seconds; fractions are in
/// [0, 1]; the time series is column-oriented (one array per quantity, NaN written as null).
/// `status` is one of "completed", "cancelled", "budgetExceeded".
nlohmann::json toJson(const Results &results);

/// The summary as CSV: a `metric,value,unit` header, then one row per scalar (top level,
/// then `deployments[i].…` rows), metric names as in toJson with dots for nesting
/// (`ttftSeconds.p95`). Values are written with full round-trip precision.
std::string formatCsv(const Results &results);

/// The time series as CSV: a header with units in the column names, then one row per bin.
/// Cells without a value (NaN, e.g. a latency in a bin without completions) are empty.
std::string formatTimeSeriesCsv(const TimeSeries &series);

/// formatTable / toJson (dumped with an indent of 2) / formatCsv, by format.
std::string formatResults(const Results &results, OutputFormat format);

/// Lower-case status name as used in JSON and CSV ("completed", "cancelled", "budgetExceeded").
std::string statusName(RunStatus status);

} // namespace tw::metrics
