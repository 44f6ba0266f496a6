#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tw::metrics {

/// Number formatting for reports. Independent of the C locale (Qt sets it from the
/// environment), so a report reads the same on every machine.

/// @p value with @p decimals fixed decimals and thousands separators: 12345.678, 1 -> "12,345.7".
std::string formatGrouped(double value, int decimals);
/// Dollars with thousands separators and @p decimals decimals; below $10 one decimal more and
/// at least cents: (71774.4, 0) -> "$71,774", (4.365, 0) -> "$4.37", (0.0125, 2) -> "$0.013".
std::string formatUsd(double value, int decimals);
/// A count with thousands separators: 1234567 -> "1,234,567".
std::string formatCount(std::uint64_t count);
/// Shortest text that reads back to the same double: 0.5 -> "0.5", 1e-7 -> "1e-07".
std::string formatExact(double value);
/// A rate with 3-4 significant digits and separators: "0.125", "3.42", "1,234.5", "12,346".
std::string formatRate(double value);
/// A fraction as a percentage with one decimal: 0.4567 -> "45.7 %".
std::string formatPercent(double fraction);
/// About three significant digits, all integer digits kept: "0.850", "4.25", "42.5", "425",
/// "4,250"; zero is "0".
std::string formatSignificant(double value);
/// A latency with about three significant digits: ms below 10 s ("0.850 ms", "42.5 ms",
/// "2,350 ms", "0 ms"), seconds from 10 s ("12.3 s", "1,234 s").
std::string formatLatency(double seconds);
/// A simulated duration in the largest fitting unit: "45 s", "5 min", "1 h", "1.5 h", "2 d".
std::string formatDuration(double seconds);

/// A CSV field, quoted (RFC 4180) when it holds a comma, a quote or a line break.
std::string csvField(std::string_view text);
/// A CSV number with full precision (formatExact); empty for NaN and infinities.
std::string csvNumber(double value);

/// Plain-text table for terminals: the first column left-aligned, the others right-aligned,
/// two spaces between columns. Widths are counted in bytes, so cells should be ASCII.
class TextTable
{
public:
    void addRow(std::vector<std::string> cells) { m_rows.push_back(std::move(cells)); }
    /// Every row on its own line, each prefixed by @p indent, trailing spaces removed.
    std::string render(std::string_view indent = {}) const;

private:
    std::vector<std::vector<std::string>> m_rows;
};

} // namespace tw::metrics
