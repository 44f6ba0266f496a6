#include "core/scenario_io/scenario_json.h"

#include "core/common/error.h"
#include "core/common/file_io.h"
#include "core/scenario_io/json_schema.h"
#include "core/scenario_io/scenario_reader.h"

#include <algorithm>
#include <set>
#include <utility>

// The entry points from JSON text to a validated Scenario. The reader is in
// scenario_reader*.cpp, the writer in scenario_writer.cpp, parameter paths in
// scenario_parameters.cpp.

namespace tw::scenario {
namespace detail {
namespace {

/// Line and column (both from 1) of the byte at @p offset.
std::pair<std::size_t, std::size_t> lineAndColumn(std::string_view text, std::size_t offset)
{
    offset = std::min(offset, text.size());
    const std::string_view before = text.substr(0, offset);
    const std::size_t line
            = 1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
    const std::size_t lineStart = before.rfind('\n');
    const std::size_t column = lineStart == before.npos ? offset + 1 : offset - lineStart;
    return {line, column};
}

} // namespace

Json parseText(std::string_view text, std::vector<InputIssue> &duplicates)
{
    struct Frame
    {
        bool array = false;
        std::size_t index = 0;
        std::string path;
        std::set<std::string> keys;
        std::string key;
    };
    std::vector<Frame> frames;
    const auto childPath = [&]() -> std::string {
        if (frames.empty())
            return {};
        Frame &top = frames.back();
        return top.array ? indexed(top.path, top.index++) : join(top.path, top.key);
    };
    const Json::parser_callback_t callback = [&](int, Json::parse_event_t event, Json &parsed) {
        switch (event) {
        case Json::parse_event_t::object_start:
        case Json::parse_event_t::array_start: {
            std::string path = childPath();
            frames.push_back(
                    {event == Json::parse_event_t::array_start, 0, std::move(path), {}, {}});
            break;
        }
        case Json::parse_event_t::object_end:
        case Json::parse_event_t::array_end:
            frames.pop_back();
            break;
        case Json::parse_event_t::key: {
            Frame &top = frames.back();
            top.key = parsed.get<std::string>();
            if (!top.keys.insert(top.key).second)
                duplicates.push_back({join(top.path, top.key), "duplicate key"});
            break;
        }
        case Json::parse_event_t::value:
            if (!frames.empty() && frames.back().array)
                ++frames.back().index;
            break;
        }
        return true;
    };
    try {
        return Json::parse(text.begin(), text.end(), callback);
    } catch (const Json::parse_error &error) {
        // nlohmann's message reads "[json.exception.parse_error.101] parse error at line 3,
        // column 5: syntax error while parsing ..."; keep the part after the location.
        const auto [line, column] = lineAndColumn(text, error.byte > 0 ? error.byte - 1 : 0);
        std::string detail = error.what();
        const std::size_t columnPos = detail.find("column ");
        const std::size_t colon = detail.find(": ", columnPos == detail.npos ? 0 : columnPos);
        if (colon != detail.npos)
            detail = detail.substr(colon + 2);
        throw InputError("", "malformed JSON at line " + std::to_string(line) + ", column "
                                     + std::to_string(column) + ": " + detail);
    } catch (const Json::out_of_range &error) {
        // A number beyond the range of a double ("1e400"), which the parser reports as
        // out_of_range, not parse_error. Found by fuzzing (tests/fuzz/regressions/).
        std::string detail = error.what();
        const std::size_t quote = detail.find('\'');
        detail = quote == detail.npos ? detail : "the number " + detail.substr(quote);
        std::string path;
        if (!frames.empty()) {
            const Frame &top = frames.back();
            path = top.array ? indexed(top.path, top.index) : join(top.path, top.key);
        }
        throw InputError(path, "malformed JSON: " + detail
                                       + " is out of range (numbers must be within ±1.8e308)");
    }
}

} // namespace detail

using detail::Json;
using detail::parseText;
using detail::Reader;

Scenario parseScenarioJson(std::string_view jsonText, const catalog::Catalog &catalog,
                           const std::filesystem::path &baseDirectory)
{
    std::vector<InputIssue> duplicates;
    const Json root = parseText(jsonText, duplicates);
    Reader reader(catalog, baseDirectory, std::move(duplicates));
    Scenario scenario = reader.read(root);
    std::vector<InputIssue> issues = reader.takeIssues();
    if (!issues.empty())
        throw InputError(std::move(issues));
    return scenario;
}

Scenario loadScenarioFile(const std::filesystem::path &file, const catalog::Catalog &catalog)
{
    const std::string text = readTextFile(file);
    try {
        return parseScenarioJson(text, catalog, file.parent_path());
    } catch (const InputError &error) {
        // Every message names the file first: "scenario.json: workload.classes[0].share: ...".
        std::vector<InputIssue> issues = error.issues();
        for (InputIssue &issue : issues)
            issue.path = issue.path.empty() ? file.string() : file.string() + ": " + issue.path;
        throw InputError(std::move(issues));
    }
}

} // namespace tw::scenario
