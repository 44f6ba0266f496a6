#pragma once

// The explicit tables behind the mapping of measurement rows (measurements.cpp): what each
// source leaves out and what TokenWatt assumes instead, and the models whose attention
// TokenWatt does not model. GPU and model spellings are catalog data (gpu_aliases.csv,
// model_aliases.csv, read by catalog::Catalog::resolveGpu/resolveModel). Matching is exact
// (case-insensitive), never fuzzy: a spelling that is not listed is reported, not guessed.

#include <string_view>

namespace tw::calibration::tables {

/// What a source leaves out and TokenWatt has to assume, with the reason (docs/validation.md).
struct SourceAssumption
{
    std::string_view sourceKey;
    double promptTokens = 0.0; ///< used when input_len_tokens is not a number; 0 = none
    double outputTokens = 0.0; ///< used when output_len_tokens is not a number; 0 = none
    std::string_view why;
    /// Server settings the source's run scripts state (not columns of the file); 0 = the
    /// software's defaults.
    double gpuMemoryUtilization = 0.0;
    int maxModelLenTokens = 0;
    std::string_view serverWhy; ///< where those settings come from
};

/// The assumptions for @p sourceKey; nullptr when the source has none.
const SourceAssumption *assumptionFor(std::string_view sourceKey);

} // namespace tw::calibration::tables
