#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tw::scenario {

/// A built-in example scenario, shipped as JSON in resources/scenarios/ and compiled in.
struct Example
{
    std::string name;    ///< e.g. "default"
    std::string summary; ///< one line for `tokenwatt-cli example --list`
    std::string json;    ///< the scenario file text
};

/// All built-in examples; the first is "default".
const std::vector<Example> &examples();
/// The example with this name, or nullptr.
const Example *findExample(std::string_view name);

} // namespace tw::scenario
