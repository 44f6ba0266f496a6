#pragma once

#include "core/compare/compare.h"
#include "core/metrics/results_format.h"

#include <nlohmann/json.hpp>

#include <string>

namespace tw::compare {

/// Scenarios are called A, B, C, D in tables and CSV headers, in the order given.
std::string scenarioLetter(std::size_t index);

/// A terminal table: a legend (A = first label, ...), then one row per KPI with its unit, each
/// scenario's value, and for B, C, D the difference against A and its percentage ("+12.5 %",
/// "n/a" when A is 0); then the parameters that differ, with each scenario's value.
std::string formatComparisonTable(const Comparison &comparison);

/// `{"scenarios": [{"letter", "label"}], "kpis": [{"key", "label", "unit", "better",
/// "values", "absoluteDifference", "percentDifference"}], "parameters": [{"path", "values"}]}`
/// with exact numbers; a difference without a value, or a parameter a scenario lacks, is null.
nlohmann::json comparisonToJson(const Comparison &comparison);

/// CSV with the header `kind,key,unit,A,B,...,B-A,...,B-A %,...`: one `kpi` row per KPI
/// (exact numbers, empty cells for missing differences), then one `parameter` row per
/// differing parameter (values as compact JSON, empty where absent, no differences).
std::string formatComparisonCsv(const Comparison &comparison);

/// One of the three, by @p format (JSON indented by 2).
std::string formatComparison(const Comparison &comparison, metrics::OutputFormat format);

} // namespace tw::compare
