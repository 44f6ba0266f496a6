#pragma once

#include "core/metrics/results.h"
#include "core/store/stored_scenario.h"

#include <string>
#include <string_view>

namespace tw::store {

/// The build that is running (TOKENWATT_VERSION), as written into CachedResults.
std::string currentBuildVersion();

/// SHA-256 (hex) of a scenario's parameters JSON, the key that ties results to parameters.
std::string parametersDigest(std::string_view parametersJson);

/// @p results as a workbook stores them, produced by running @p parametersJson with this build
/// (summary and time series as metrics::toJson writes them, numbers exact).
CachedResults cacheResults(const metrics::Results &results, std::string_view parametersJson);

/// Reads cached results back into a Results equal to the one cached (every field toJson
/// writes; NaN, written as null, reads back as NaN). Keys this build does not know are
/// ignored and missing ones keep their defaults, so results cached by another build still
/// read. Throws tw::InputError (path: the key, e.g. "ttftSeconds.p95") for malformed JSON or
/// a value of the wrong type.
metrics::Results decodeResults(const CachedResults &cached);

/// True when @p cached was produced from exactly @p parametersJson by this build.
bool resultsAreCurrent(const CachedResults &cached, std::string_view parametersJson);

} // namespace tw::store
