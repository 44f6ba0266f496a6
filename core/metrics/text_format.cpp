#include "core/metrics/text_format.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>

namespace tw::metrics {

std::string formatExact(double value)
{
    std::array<char, 64> buffer{};
    const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    return error == std::errc() ? std::string(buffer.data(), end) : std::string("nan");
}

std::string formatGrouped(double value, int decimals)
{
    // Huge values would need hundreds of digits in fixed notation; they are not quantities a
    // person reads digit by digit, so they keep the exact form.
    if (!std::isfinite(value) || std::fabs(value) >= 1e18)
        return formatExact(value);
    // std::to_chars, unlike printf, ignores the C locale (Qt sets it from the environment).
    std::array<char, 64> buffer{};
    const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                                            std::chars_format::fixed, std::max(decimals, 0));
    std::string text(buffer.data(), error == std::errc() ? end : buffer.data());
    if (text.rfind("-0", 0) == 0 && text.find_first_not_of("-0.") == std::string::npos)
        text.erase(0, 1); // "-0.0" reads as an error to most people
    const std::size_t start = text[0] == '-' ? 1 : 0;
    const std::size_t point = std::min(text.find('.'), text.size());
    for (std::size_t pos = point; pos > start + 3; pos -= 3)
        text.insert(pos - 3, ",");
    return text;
}

std::string formatUsd(double value, int decimals)
{
    const int shown = std::fabs(value) < 10.0 ? std::max(decimals + 1, 2) : decimals;
    return "$" + formatGrouped(value, shown);
}

std::string formatCount(std::uint64_t count)
{
    std::string text = std::to_string(count);
    for (std::size_t pos = text.size(); pos > 3; pos -= 3)
        text.insert(pos - 3, ",");
    return text;
}

std::string formatSignificant(double value)
{
    if (value == 0.0)
        return "0";
    const double magnitude = std::fabs(value);
    return formatGrouped(value, magnitude < 1 ? 3 : magnitude < 10 ? 2 : magnitude < 100 ? 1 : 0);
}

std::string formatLatency(double seconds)
{
    if (!std::isfinite(seconds))
        return formatExact(seconds);
    if (std::fabs(seconds) < 10.0)
        return formatSignificant(seconds * 1000.0) + " ms";
    return formatGrouped(seconds, std::fabs(seconds) < 100 ? 1 : 0) + " s";
}

std::string formatDuration(double seconds)
{
    struct Unit
    {
        double from;    ///< smallest duration shown in this unit
        double seconds; ///< length of the unit
        const char *name;
    };
    // Days only from two days on: "36 h" reads better than "1.5 d".
    static constexpr std::array<Unit, 4> kUnits{{{172800.0, 86400.0, "d"},
                                                 {3600.0, 3600.0, "h"},
                                                 {60.0, 60.0, "min"},
                                                 {0.0, 1.0, "s"}}};
    const Unit *unit = &kUnits.back();
    for (const Unit &candidate : kUnits) {
        if (std::fabs(seconds) >= candidate.from) {
            unit = &candidate;
            break;
        }
    }
    std::string number = formatGrouped(seconds / unit->seconds, 2);
    if (number.find('.') != std::string::npos) {
        number.erase(number.find_last_not_of('0') + 1);
        if (number.back() == '.')
            number.pop_back();
    }
    return number + ' ' + unit->name;
}

std::string formatRate(double value)
{
    const double magnitude = std::fabs(value);
    return formatGrouped(value, magnitude >= 10000 ? 0
                                : magnitude >= 100 ? 1
                                : magnitude >= 1   ? 2
                                                   : 3);
}

std::string formatPercent(double fraction)
{
    return formatGrouped(fraction * 100.0, 1) + " %";
}

std::string csvField(std::string_view text)
{
    if (text.find_first_of(",\"\r\n") == std::string_view::npos)
        return std::string(text);
    std::string quoted = "\"";
    for (char c : text)
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + '"';
}

std::string csvNumber(double value)
{
    return std::isfinite(value) ? formatExact(value) : std::string();
}

std::string TextTable::render(std::string_view indent) const
{
    std::vector<std::size_t> widths;
    for (const auto &row : m_rows) {
        widths.resize(std::max(widths.size(), row.size()), 0);
        for (std::size_t c = 0; c < row.size(); ++c)
            widths[c] = std::max(widths[c], row[c].size());
    }
    std::string text;
    for (const auto &row : m_rows) {
        std::string line(indent);
        for (std::size_t c = 0; c < row.size(); ++c) {
            const std::string padding(widths[c] - row[c].size(), ' ');
            if (c > 0)
                line += "  ";
            line += c == 0 ? row[c] + padding : padding + row[c];
        }
        line.erase(line.find_last_not_of(' ') + 1);
        text += line + '\n';
    }
    return text;
}

} // namespace tw::metrics
