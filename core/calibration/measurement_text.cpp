#include "core/calibration/measurement_text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace tw::calibration::text {
namespace {

char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

} // namespace

std::string_view trimmed(std::string_view text)
{
    const auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!text.empty() && isSpace(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && isSpace(text.back()))
        text.remove_suffix(1);
    return text;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return lower(x) == lower(y);
           });
}

bool containsIgnoreCase(std::string_view haystack, std::string_view needle)
{
    if (needle.size() > haystack.size())
        return false;
    for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i)
        if (equalsIgnoreCase(haystack.substr(i, needle.size()), needle))
            return true;
    return false;
}

bool startsWithIgnoreCase(std::string_view text, std::string_view prefix)
{
    return text.size() >= prefix.size() && equalsIgnoreCase(text.substr(0, prefix.size()), prefix);
}

bool endsWithIgnoreCase(std::string_view text, std::string_view suffix)
{
    return text.size() >= suffix.size()
           && equalsIgnoreCase(text.substr(text.size() - suffix.size()), suffix);
}

std::optional<double> parseNumber(std::string_view text)
{
    text = trimmed(text);
    if (text.empty())
        return std::nullopt;
    double value = 0.0;
    const char *end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    if (error != std::errc() || stop != end || !std::isfinite(value))
        return std::nullopt;
    return value;
}

std::optional<long long> parseInteger(std::string_view text)
{
    text = trimmed(text);
    if (text.empty())
        return std::nullopt;
    long long value = 0;
    const char *end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    if (error != std::errc() || stop != end)
        return std::nullopt;
    return value;
}

std::string_view firstWord(std::string_view text)
{
    text = trimmed(text);
    const std::size_t stop = text.find_first_of(" (");
    return stop == std::string_view::npos ? text : text.substr(0, stop);
}

std::optional<long long> noteInteger(std::string_view notes, std::string_view name)
{
    std::size_t from = 0;
    while ((from = notes.find(name, from)) != std::string_view::npos) {
        const bool wordStart = from == 0 || notes[from - 1] == ' ' || notes[from - 1] == ';';
        std::size_t pos = from + name.size();
        from = pos;
        if (!wordStart || pos >= notes.size() || notes[pos] != '=')
            continue;
        ++pos;
        std::size_t stop = pos;
        while (stop < notes.size() && isDigit(notes[stop]))
            ++stop;
        return parseInteger(notes.substr(pos, stop - pos));
    }
    return std::nullopt;
}

std::optional<int> minorVersionAfterZero(std::string_view text)
{
    for (std::size_t i = 0; i + 2 < text.size(); ++i) {
        if (!isDigit(text[i]) || (i > 0 && (isDigit(text[i - 1]) || text[i - 1] == '.')))
            continue;
        std::size_t stop = i;
        while (stop < text.size() && isDigit(text[stop]))
            ++stop;
        if (stop + 1 >= text.size() || text[stop] != '.' || !isDigit(text[stop + 1]))
            continue;
        if (text.substr(i, stop - i) != "0")
            return std::nullopt;
        std::size_t minorStop = stop + 1;
        while (minorStop < text.size() && isDigit(text[minorStop]))
            ++minorStop;
        const auto minor = parseInteger(text.substr(stop + 1, minorStop - stop - 1));
        return minor ? std::optional<int>(static_cast<int>(*minor)) : std::nullopt;
    }
    return std::nullopt;
}

std::string formatGb(double bytes)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f GB", bytes / 1e9);
    return buffer;
}

} // namespace tw::calibration::text
