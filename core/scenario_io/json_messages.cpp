#include "core/scenario_io/json_schema.h"

#include "core/catalog/catalog.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

// How the scenario format words its problems: "PATH: MESSAGE", with the value found and the
// accepted range (docs/scenario-format.md, "Error messages").

namespace tw::scenario::detail {

char lowerAscii(char c)
{
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string join(const std::string &path, std::string_view key)
{
    return path.empty() ? std::string(key) : path + '.' + std::string(key);
}

std::string indexed(const std::string &path, std::size_t index)
{
    return path + '[' + std::to_string(index) + ']';
}

std::string singleQuoted(std::string_view text)
{
    return '\'' + std::string(text) + '\'';
}

std::string describeFound(const Json &value)
{
    switch (value.type()) {
    case Json::value_t::null:
        return "null";
    case Json::value_t::boolean:
        return "a boolean (" + value.dump() + ")";
    case Json::value_t::string: {
        const std::string text = value.get<std::string>();
        return "a string (" + Json(text.size() > 40 ? text.substr(0, 40) + "..." : text).dump()
               + ")";
    }
    case Json::value_t::array:
        return "an array";
    case Json::value_t::object:
        return "an object";
    default:
        return "a number (" + value.dump() + ")";
    }
}

std::string hintList(const std::vector<std::string> &matches)
{
    if (matches.empty())
        return {};
    std::string text = " (did you mean ";
    for (std::size_t i = 0; i < matches.size(); ++i) {
        if (i > 0)
            text += i + 1 == matches.size() ? " or " : ", ";
        text += singleQuoted(matches[i]);
    }
    return text + "?)";
}

std::string didYouMean(std::string_view word, const std::vector<std::string> &candidates,
                       std::size_t max)
{
    return hintList(catalog::closestMatches(word, candidates, max));
}

std::string suggestIds(std::string_view word, const std::vector<std::string> &ids)
{
    const auto lower = [](std::string text) {
        std::transform(text.begin(), text.end(), text.begin(), lowerAscii);
        return text;
    };
    const std::string needle = lower(std::string(word));
    std::vector<std::string> containing;
    for (const std::string &id : ids) {
        if (!needle.empty() && containing.size() < 3 && lower(id).find(needle) != std::string::npos)
            containing.push_back(id);
    }
    return containing.empty() ? didYouMean(word, ids, 3) : hintList(containing);
}

bool equalsIgnoringCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return lowerAscii(x) == lowerAscii(y);
           });
}

OrderedJson numberJson(double value)
{
    if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 9.0e15)
        return static_cast<std::int64_t>(value);
    return value;
}

} // namespace tw::scenario::detail
