#pragma once

// Small text helpers for reading measurement files: the cells of published tables mix numbers,
// units and notes ("default (H100 700 W)", "0.5.4 (docker ...)", "expert_parallel=4").

#include <optional>
#include <string>
#include <string_view>

namespace tw::calibration::text {

std::string_view trimmed(std::string_view text);
bool equalsIgnoreCase(std::string_view a, std::string_view b);
bool containsIgnoreCase(std::string_view haystack, std::string_view needle);
bool startsWithIgnoreCase(std::string_view text, std::string_view prefix);
bool endsWithIgnoreCase(std::string_view text, std::string_view suffix);

/// The whole (trimmed) text as a finite decimal number; nullopt for anything else ("3-4",
/// "~23", "not reported").
std::optional<double> parseNumber(std::string_view text);
/// The whole (trimmed) text as a decimal integer.
std::optional<long long> parseInteger(std::string_view text);
/// The text up to the first space or '(' ("J/token (all GPUs)" -> "J/token").
std::string_view firstWord(std::string_view text);
/// The integer after "name=" in a note such as "data_parallel=1; expert_parallel=4".
std::optional<long long> noteInteger(std::string_view notes, std::string_view name);
/// For the first version "0.N[...]" in @p text, N ("0.5.4 (docker)" -> 5, "default 0.11.1"
/// -> 11); nullopt when there is none or its major version is not 0.
std::optional<int> minorVersionAfterZero(std::string_view text);
/// "12.3 GB" (10^9 bytes).
std::string formatGb(double bytes);

} // namespace tw::calibration::text
