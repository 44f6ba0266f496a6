#include "core/scenario_io/scenario_json.h"

#include "core/common/error.h"
#include "core/scenario_io/json_schema.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <span>

// Parameter paths ("deployments[0].hardware.replicas") for sweeps and the command line, as
// specified in docs/scenario-format.md, "Parameter paths".

namespace tw::scenario {

using namespace detail;

std::optional<std::vector<PathStep>> splitParameterPath(std::string_view path)
{
    std::vector<PathStep> steps;
    std::size_t i = 0;
    while (i < path.size()) {
        if (!steps.empty()) {
            if (path[i] != '.')
                return std::nullopt;
            ++i;
        }
        // A key is an identifier, as every key of the format is: letters, digits, '_', not
        // starting with a digit.
        const auto keyChar = [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                   || c == '_';
        };
        const std::size_t start = i;
        while (i < path.size() && keyChar(path[i]))
            ++i;
        if (i == start || (path[start] >= '0' && path[start] <= '9'))
            return std::nullopt;
        if (i < path.size() && path[i] != '.' && path[i] != '[')
            return std::nullopt;
        steps.push_back({std::string(path.substr(start, i - start)), std::nullopt});
        while (i < path.size() && path[i] == '[') {
            const std::size_t close = path.find(']', i);
            std::size_t index = 0;
            const char *first = path.data() + i + 1;
            const char *last = path.data() + (close == path.npos ? i + 1 : close);
            const auto [end, error] = std::from_chars(first, last, index);
            if (close == path.npos || error != std::errc() || end != last || first == last)
                return std::nullopt;
            steps.push_back({{}, index});
            i = close + 1;
        }
    }
    if (steps.empty())
        return std::nullopt;
    return steps;
}

namespace {

using Steps = std::span<const PathStep>;

/// The scalar of @p object named by the one step left in @p steps.
template<class T>
std::optional<double> leaf(const T &object, std::span<const Field<T>> fields, Steps steps)
{
    if (steps.size() != 1 || steps.front().index)
        return std::nullopt;
    for (const Field<T> &f : fields) {
        if (f.key != steps.front().key)
            continue;
        if (f.real)
            return object.*f.real;
        if (f.integer)
            return static_cast<double>(object.*f.integer);
        if (f.flag)
            return object.*f.flag ? 1.0 : 0.0;
        return std::nullopt; // text
    }
    return std::nullopt;
}

/// Walks a path through the scenario's nested objects; each take() consumes one key.
class Walk
{
public:
    explicit Walk(Steps steps)
        : m_rest(steps)
    {}
    Steps rest() const { return m_rest; }
    bool take(std::string_view key)
    {
        if (m_rest.empty() || m_rest.front().index || m_rest.front().key != key)
            return false;
        m_rest = m_rest.subspan(1);
        return true;
    }
    /// The list entry named by the next step ("[i]"), or null.
    template<class T> const T *entry(const std::vector<T> &list)
    {
        if (m_rest.empty() || !m_rest.front().index || *m_rest.front().index >= list.size())
            return nullptr;
        const T *found = &list[*m_rest.front().index];
        m_rest = m_rest.subspan(1);
        return found;
    }

private:
    Steps m_rest;
};

std::optional<double> deploymentNumber(const Deployment &d, Walk &walk)
{
    if (walk.take("model"))
        return leaf(d.model, kModelFields, walk.rest());
    if (walk.take("hardware")) {
        if (walk.take("gpu"))
            return leaf(d.hardware.gpu, kGpuFields, walk.rest());
        return leaf(d.hardware, kHardwareFields, walk.rest());
    }
    if (walk.take("serving"))
        return leaf(d.serving, kServingFields, walk.rest());
    if (walk.take("performance"))
        return leaf(d.performance, kPerformanceFields, walk.rest());
    if (walk.take("power"))
        return leaf(d.power, kPowerFields, walk.rest());
    if (walk.take("hosting"))
        return leaf(d.hosting, kHostingFields, walk.rest());
    if (walk.take("api"))
        return leaf(d.api, kApiFields, walk.rest());
    if (walk.take("autoscaling"))
        return leaf(d.autoscaling, kAutoscalingFields, walk.rest());
    if (walk.take("overflow"))
        return leaf(d.overflow, kOverflowFields, walk.rest());
    return std::nullopt;
}

} // namespace

std::optional<double> numberAt(const Scenario &s, std::string_view path)
{
    const std::optional<std::vector<PathStep>> steps = splitParameterPath(path);
    if (!steps)
        return std::nullopt;
    Walk walk(*steps);
    // The seed sits at the top level; replication and maxRequests are 64-bit counters kept
    // outside the simulation field table (docs/scenario-format.md, "simulation").
    const auto counter = [&walk](std::uint64_t value) -> std::optional<double> {
        return walk.rest().empty() ? std::optional<double>(static_cast<double>(value))
                                   : std::nullopt;
    };
    if (walk.take("seed"))
        return counter(s.simulation.seed);
    if (walk.take("simulation")) {
        if (walk.take("replication"))
            return counter(s.simulation.replication);
        if (walk.take("maxRequests"))
            return counter(s.simulation.maxRequests);
        return leaf(s.simulation, kSimulationFields, walk.rest());
    }
    if (walk.take("workload")) {
        if (walk.take("arrival"))
            return leaf(s.workload.arrival, kArrivalFields, walk.rest());
        if (!walk.take("classes"))
            return std::nullopt;
        const RequestClass *c = walk.entry(s.workload.classes);
        if (!c)
            return std::nullopt;
        if (walk.take("promptTokens"))
            return leaf(c->promptTokens, kLengthFields, walk.rest());
        if (walk.take("outputTokens"))
            return leaf(c->outputTokens, kLengthFields, walk.rest());
        return leaf(*c, kClassFields, walk.rest());
    }
    if (walk.take("deployments")) {
        const Deployment *d = walk.entry(s.deployments);
        return d ? deploymentNumber(*d, walk) : std::nullopt;
    }
    if (walk.take("routing")) {
        const RoutingRule *rule = walk.entry(s.routing);
        if (!rule)
            return std::nullopt;
        if (!walk.take("routes"))
            return leaf(*rule, kRuleFields, walk.rest());
        const Route *route = walk.entry(rule->routes);
        return route ? leaf(*route, kRouteFields, walk.rest()) : std::nullopt;
    }
    if (walk.take("cache"))
        return leaf(s.cache, kCacheFields, walk.rest());
    if (walk.take("region"))
        return leaf(s.region, kRegionFields, walk.rest());
    if (walk.take("slo"))
        return leaf(s.slo, kSloFields, walk.rest());
    if (walk.take("prices"))
        return leaf(s.prices, kPricesFields, walk.rest());
    return std::nullopt;
}

Scenario withParameter(std::string_view scenarioJson, std::string_view path, double value,
                       const catalog::Catalog &catalog, const std::filesystem::path &baseDirectory)
{
    const std::string pathText(path);
    const std::optional<std::vector<PathStep>> steps = splitParameterPath(path);
    if (!steps || (*steps)[0].index)
        throw InputError(pathText, "not a parameter path (expected keys joined by dots, with [i] "
                                   "for list entries, e.g. deployments[0].hardware.replicas)");
    if (!std::isfinite(value))
        throw InputError(pathText, "the value must be a finite number, got " + formatNumber(value));

    std::vector<InputIssue> duplicates;
    Json root = parseText(scenarioJson, duplicates);
    if (!duplicates.empty()) // re-serialising would silently keep only one of them
        throw InputError(std::move(duplicates));
    Json *node = &root;
    Node schema = Node::Root;
    bool inArray = false; // the current key held an array whose entries are `schema`
    std::string walked;
    for (const PathStep &step : *steps) {
        if (step.index) {
            if (!inArray || !node->is_array())
                throw InputError(pathText, walked + " is not a list");
            if (*step.index >= node->size())
                throw InputError(pathText, "index " + std::to_string(*step.index)
                                                   + " is out of range: " + walked + " has "
                                                   + std::to_string(node->size()) + " entries");
            node = &(*node)[*step.index];
            walked = indexed(walked, *step.index);
            inArray = false;
            continue;
        }
        if (inArray)
            throw InputError(pathText,
                             walked + " is a list: give an index, e.g. " + walked + "[0]");
        // A catalog id may be refined field by field: "llama-3.1-8b" becomes
        // {"catalog": "llama-3.1-8b"} before a field is set on it.
        if ((schema == Node::Model || schema == Node::Gpu) && node->is_string())
            *node = Json{{"catalog", *node}};
        const std::vector<Key> keys = keysOf(schema);
        const auto key = std::find_if(keys.begin(), keys.end(),
                                      [&](const Key &k) { return k.name == step.key; });
        if (schema == Node::Value || key == keys.end())
            throw InputError(pathText, "no such parameter: " + singleQuoted(step.key)
                                               + " is not a key of "
                                               + (walked.empty() ? "the scenario" : walked)
                                               + didYouMean(step.key, keyNames(keys), 1));
        if (!node->is_object())
            throw InputError(pathText, walked + " is not an object in this scenario");
        if (!node->contains(step.key)) {
            if (key->array)
                throw InputError(pathText, join(walked, step.key) + " is not in this scenario");
            (*node)[step.key] = key->node == Node::Value ? Json() : Json::object();
        }
        node = &(*node)[step.key];
        walked = join(walked, step.key);
        schema = key->node;
        inArray = key->array;
    }
    if (schema != Node::Value || inArray || node->is_object() || node->is_array())
        throw InputError(pathText, "is not a single number, so it cannot be set to a value");
    if (node->is_boolean()) {
        // A switch written in the file (e.g. autoscaling.enabled) is swept as 0 and 1.
        if (value != 0.0 && value != 1.0)
            throw InputError(pathText, "is a switch (true or false): give 1 or 0, got "
                                               + formatNumber(value));
        *node = value != 0.0;
    } else {
        *node = static_cast<Json>(numberJson(value));
    }
    return parseScenarioJson(root.dump(), catalog, baseDirectory);
}

} // namespace tw::scenario
