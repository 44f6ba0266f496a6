#include "core/workload/trace_reader.h"

#include "core/common/error.h"
#include "core/common/file_io.h"

#include <charconv>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace tw::workload {
namespace {

constexpr std::string_view kHeader = "TIMESTAMP,ContextTokens,GeneratedTokens";
constexpr std::size_t kMaxIssues = 20;
constexpr int kMaxTokens = 100'000'000;

/// Parses a run of ASCII digits that fills @p text completely.
bool parseDigits(std::string_view text, std::int64_t &out)
{
    if (text.empty())
        return false;
    for (char c : text) {
        if (c < '0' || c > '9')
            return false;
    }
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    return error == std::errc() && end == text.data() + text.size();
}

/// `YYYY-MM-DD hh:mm:ss[.fffffff]` to nanoseconds since 1970-01-01 00:00:00 of the same
/// (unspecified) time zone. Integer nanoseconds keep the 100 ns resolution of the Azure
/// timestamps exactly; a double of seconds since 1970 would not (its ulp there is ~240 ns).
std::optional<std::int64_t> parseTimestamp(std::string_view text)
{
    if (text.size() < 19 || text[4] != '-' || text[7] != '-' || (text[10] != ' ' && text[10] != 'T')
        || text[13] != ':' || text[16] != ':')
        return std::nullopt;
    std::int64_t year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!parseDigits(text.substr(0, 4), year) || !parseDigits(text.substr(5, 2), month)
        || !parseDigits(text.substr(8, 2), day) || !parseDigits(text.substr(11, 2), hour)
        || !parseDigits(text.substr(14, 2), minute) || !parseDigits(text.substr(17, 2), second))
        return std::nullopt;
    if (hour > 23 || minute > 59 || second > 60)
        return std::nullopt;
    std::int64_t fractionNs = 0;
    if (text.size() > 19) {
        const std::string_view fraction = text.substr(20);
        if (text[19] != '.' || fraction.size() > 9 || !parseDigits(fraction, fractionNs))
            return std::nullopt;
        for (std::size_t i = fraction.size(); i < 9; ++i)
            fractionNs *= 10;
    }
    const std::chrono::year_month_day date{std::chrono::year(static_cast<int>(year)),
                                           std::chrono::month(static_cast<unsigned>(month)),
                                           std::chrono::day(static_cast<unsigned>(day))};
    if (!date.ok())
        return std::nullopt;
    const std::int64_t days = std::chrono::sys_days(date).time_since_epoch().count();
    const std::int64_t seconds = days * 86'400 + hour * 3'600 + minute * 60 + second;
    return seconds * 1'000'000'000 + fractionNs;
}

std::optional<int> parseTokenCount(std::string_view text)
{
    std::int64_t value = 0;
    if (!parseDigits(text, value) || value < 1 || value > kMaxTokens)
        return std::nullopt;
    return static_cast<int>(value);
}

bool equalsIgnoringCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i]))
            return false;
    }
    return true;
}

} // namespace

std::vector<scenario::TraceRecord> parseAzureTrace(std::string_view text,
                                                   std::string_view sourceName)
{
    std::vector<InputIssue> issues;
    std::vector<scenario::TraceRecord> records;
    std::size_t unreported = 0;
    const auto fail = [&](std::size_t line, std::string message) {
        if (issues.size() >= kMaxIssues)
            ++unreported;
        else
            issues.push_back(
                    {std::string(sourceName) + ':' + std::to_string(line), std::move(message)});
    };

    if (text.substr(0, 3) == "\xEF\xBB\xBF")
        text.remove_prefix(3);
    std::int64_t firstNs = 0;
    std::int64_t previousNs = 0;
    std::size_t lineNumber = 0;
    std::size_t position = 0;
    while (position < text.size()) {
        const std::size_t end = std::min(text.find('\n', position), text.size());
        std::string_view line = text.substr(position, end - position);
        position = end + 1;
        ++lineNumber;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);

        if (lineNumber == 1) {
            if (!equalsIgnoringCase(line, kHeader)) {
                fail(1, "expected the header line " + std::string(kHeader) + ", got '"
                                + std::string(line.substr(0, 80)) + "'");
                break;
            }
            continue;
        }
        if (line.empty())
            continue;

        const std::size_t comma1 = line.find(',');
        const std::size_t comma2 = comma1 == line.npos ? line.npos : line.find(',', comma1 + 1);
        if (comma2 == line.npos || line.find(',', comma2 + 1) != line.npos) {
            std::size_t fields = 1;
            for (char c : line)
                fields += c == ',' ? 1 : 0;
            fail(lineNumber, "expected 3 comma-separated fields (TIMESTAMP,ContextTokens,"
                             "GeneratedTokens), got "
                                     + std::to_string(fields));
            continue;
        }
        const std::string_view stamp = line.substr(0, comma1);
        const std::optional<std::int64_t> ns = parseTimestamp(stamp);
        const std::optional<int> prompt
                = parseTokenCount(line.substr(comma1 + 1, comma2 - comma1 - 1));
        const std::optional<int> output = parseTokenCount(line.substr(comma2 + 1));
        if (!ns) {
            fail(lineNumber, "TIMESTAMP must look like 2023-11-16 18:15:46.6805900, got '"
                                     + std::string(stamp.substr(0, 40)) + "'");
            continue;
        }
        if (!prompt || !output) {
            fail(lineNumber, std::string(!prompt ? "ContextTokens" : "GeneratedTokens")
                                     + " must be a whole number between 1 and "
                                     + std::to_string(kMaxTokens));
            continue;
        }
        if (records.empty()) {
            firstNs = *ns;
        } else if (*ns < previousNs) {
            fail(lineNumber, "timestamps must not decrease (rows must be in arrival order)");
            continue;
        }
        previousNs = *ns;
        records.push_back({static_cast<double>(*ns - firstNs) * 1e-9, *prompt, *output});
    }
    if (lineNumber == 0)
        fail(1, "the file is empty; expected the header line " + std::string(kHeader));
    else if (issues.empty() && records.empty())
        fail(lineNumber, "the trace has no requests");
    if (unreported > 0)
        issues.push_back({std::string(sourceName),
                          "and " + std::to_string(unreported) + " more malformed lines"});
    if (!issues.empty())
        throw InputError(std::move(issues));
    return records;
}

std::vector<scenario::TraceRecord> readAzureTrace(const std::filesystem::path &file)
{
    return parseAzureTrace(readTextFile(file), file.string());
}

} // namespace tw::workload
