#include "core/scenario_io/examples.h"

#include "core/common/embedded.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace tw::scenario {
namespace {

constexpr std::string_view kExtension = ".json";
constexpr std::string_view kDefaultName = "default";

/// The first sentence of a description: up to the first full stop, question or exclamation
/// mark that ends the text or is followed by white space.
std::string firstSentence(std::string_view text)
{
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool ends = c == '.' || c == '!' || c == '?';
        if (ends && (i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\n'))
            return std::string(text.substr(0, i + 1));
    }
    return std::string(text);
}

std::string summaryOf(const std::string &json)
{
    // A malformed example is reported by the test that parses every example; here it only
    // loses its summary.
    const nlohmann::json parsed = nlohmann::json::parse(json, nullptr, false);
    if (!parsed.is_object())
        return {};
    const auto description = parsed.find("description");
    if (description == parsed.end() || !description->is_string())
        return {};
    return firstSentence(description->get<std::string>());
}

std::vector<Example> loadExamples()
{
    std::vector<Example> examples;
    for (const auto &[fileName, text] : resources::exampleFiles()) {
        std::string_view name = fileName;
        if (name.size() <= kExtension.size() || !name.ends_with(kExtension))
            continue;
        name.remove_suffix(kExtension.size());
        examples.push_back({std::string(name), summaryOf(text), text});
    }
    // "default" first, then by name (the map is already sorted by file name).
    std::stable_partition(examples.begin(), examples.end(),
                          [](const Example &example) { return example.name == kDefaultName; });
    return examples;
}

} // namespace

const std::vector<Example> &examples()
{
    static const std::vector<Example> all = loadExamples();
    return all;
}

const Example *findExample(std::string_view name)
{
    const std::vector<Example> &all = examples();
    const auto it = std::find_if(all.begin(), all.end(),
                                 [&](const Example &example) { return example.name == name; });
    return it == all.end() ? nullptr : &*it;
}

} // namespace tw::scenario
