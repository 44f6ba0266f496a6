#pragma once

// Internal to core/scenario: the key tables of the scenario JSON format and the helpers its
// reader, writer and parameter paths share. Not part of the public API (scenario_json.h).
// The format is specified in docs/scenario-format.md; keep the two in step.

#include "core/common/error.h"
#include "core/scenario/scenario.h"
#include "core/scenario/scenario_fields.h"

#include <nlohmann/json.hpp>

#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tw::scenario::detail {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

inline constexpr double kMaxTimeseriesPoints = 1'000'000.0;
inline constexpr double kDefaultPeakHour = 14.0;
/// Explicit hourly multipliers are rescaled only when their mean is off by more than this, so
/// that multipliers written by toJson read back bit for bit.
inline constexpr double kMeanTolerance = 1e-12;

// ---- Messages (json_messages.cpp) -----------------------------------------------------------

char lowerAscii(char c);
bool equalsIgnoringCase(std::string_view a, std::string_view b);
/// "a.b" from "a" and "b"; just "b" at the top level.
std::string join(const std::string &path, std::string_view key);
/// "a[3]" from "a" and 3.
std::string indexed(const std::string &path, std::size_t index);
std::string singleQuoted(std::string_view text);
/// "a string (\"fast\")", "an object", ... for "expected X, got Y" messages.
std::string describeFound(const Json &value);
/// " (did you mean 'a', 'b' or 'c'?)", or nothing for no matches.
std::string hintList(const std::vector<std::string> &matches);
/// A hint naming the candidates closest to @p word by edit distance, if any is close.
std::string didYouMean(std::string_view word, const std::vector<std::string> &candidates,
                       std::size_t max);
/// Hints for an unknown catalog id: ids that contain it ("h100" -> "h100_sxm", "h100_pcie"),
/// which edit distance ranks poorly, else the closest by edit distance.
std::string suggestIds(std::string_view word, const std::vector<std::string> &ids);

/// Whole numbers are written without a fraction ("3600", not "3600.0"); others in the
/// shortest form that reads back to the same double.
OrderedJson numberJson(double value);

// ---- Enumerated strings ---------------------------------------------------------------------

template<class E> struct Choice
{
    std::string_view name;
    E value;
};

extern const std::span<const Choice<ArrivalKind>> kArrivalKinds;
extern const std::span<const Choice<ThinkTimeKind>> kThinkTimeKinds;
extern const std::span<const Choice<LengthKind>> kLengthKinds;
/// serving.policy: the keys of the batching-policy registry (core/sim/batching_policies.h).
std::span<const Choice<BatchingPolicy>> policyChoices();
extern const std::span<const Choice<RoutingPolicy>> kRoutings;
extern const std::span<const Choice<DeploymentKind>> kDeploymentKinds;
extern const std::span<const Choice<HostingKind>> kHostingKinds;
extern const std::span<const Choice<ScalingMetric>> kScalingMetrics;

template<class E> std::string_view choiceName(std::span<const Choice<E>> choices, E value)
{
    for (const Choice<E> &choice : choices) {
        if (choice.value == value)
            return choice.name;
    }
    return choices.front().name;
}

/// "a, b, c": the accepted names, for messages.
template<class E> std::string choiceList(std::span<const Choice<E>> choices)
{
    std::string text;
    for (const Choice<E> &choice : choices)
        text += (text.empty() ? "" : ", ") + std::string(choice.name);
    return text;
}

// ---- Serving software -----------------------------------------------------------------------

/// The serving-software generation a deployment starts from when `serving.software` is not
/// given (core/defaults/calibrated_defaults.h lists the others).
inline constexpr std::string_view kDefaultSoftware = "vllm";

// ---- Objects --------------------------------------------------------------------------------

/// The objects of the format; each has a fixed set of keys (docs/scenario-format.md).
enum class Node {
    Value,
    Root,
    Simulation,
    Workload,
    Arrival,
    Diurnal,
    Class,
    Length,
    Deployment,
    Model,
    Gpu,
    Hardware,
    Serving,
    Performance,
    Power,
    Hosting,
    Autoscaling,
    Overflow,
    Api,
    Rule,
    Route,
    Cache,
    Region,
    Prices,
    Slo
};

struct Key
{
    std::string_view name;
    Node node = Node::Value;
    bool array = false; ///< the key holds an array of `node`
};

/// The keys an object of kind @p node may hold.
std::vector<Key> keysOf(Node node);

/// Keys an object of kind @p node held in earlier versions of the format whose meaning no
/// longer exists: read without a complaint and dropped, so that saved files stay readable
/// (docs/scenario-format.md names them with the release that retired them). The writer never
/// writes them.
std::span<const std::string_view> retiredKeysOf(Node node);
std::vector<std::string> keyNames(const std::vector<Key> &keys);

/// The member @p key of a JSON object, or nullptr.
inline const Json *member(const Json &object, std::string_view key)
{
    const auto it = object.find(std::string(key));
    return it == object.end() ? nullptr : &*it;
}

/// Parses JSON text (scenario_json.cpp). Syntax errors throw with their line and column; keys
/// repeated within one object (which JSON parsers resolve silently, each differently) are
/// returned as issues.
Json parseText(std::string_view text, std::vector<InputIssue> &duplicates);

} // namespace tw::scenario::detail
