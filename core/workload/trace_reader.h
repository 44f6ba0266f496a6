#pragma once

#include "core/scenario/scenario.h"

#include <filesystem>
#include <string_view>
#include <vector>

namespace tw::workload {

/// Reads a request trace in the format of the Azure LLM inference traces 2023
/// (Azure/AzurePublicDataset, AzureLLMInferenceTrace_*.csv): a header line
/// `TIMESTAMP,ContextTokens,GeneratedTokens`, then one request per line, e.g.
/// `2023-11-16 18:15:46.6805900,374,44`. Timestamps are `YYYY-MM-DD hh:mm:ss` with 0 to 9
/// fractional digits and no time zone. Lines end in CRLF or LF; the last line may have no
/// line end. Rows must be in arrival order; token counts must be >= 1.
/// Returns the records with arrival times in seconds since the first row.
/// Throws tw::InputError when the file cannot be read or has malformed rows; each issue's path
/// is `FILE:LINE` (up to 20 issues are reported).
std::vector<scenario::TraceRecord> readAzureTrace(const std::filesystem::path &file);

/// Same as readAzureTrace, from text already in memory; @p sourceName stands for the file
/// name in error paths.
std::vector<scenario::TraceRecord> parseAzureTrace(std::string_view text,
                                                   std::string_view sourceName);

} // namespace tw::workload
