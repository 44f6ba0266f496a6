#include "core/scenario_io/scenario_reader.h"

#include <algorithm>
#include <cmath>
#include <optional>

// Reading primitives (types, ranges, unknown keys) and the top level of the format.

namespace tw::scenario::detail {

bool Reader::checkObject(const Json &value, const std::string &path, Node node)
{
    if (!value.is_object()) {
        typeError(path, "an object", value);
        return false;
    }
    const std::vector<Key> keys = keysOf(node);
    const std::span<const std::string_view> retired = retiredKeysOf(node);
    for (const auto &item : value.items()) {
        const bool known
                = std::any_of(keys.begin(), keys.end(),
                              [&](const Key &key) { return key.name == item.key(); })
                  || std::find(retired.begin(), retired.end(), item.key()) != retired.end();
        if (!known)
            add(join(path, item.key()), "unknown key" + didYouMean(item.key(), keyNames(keys), 1));
    }
    return true;
}

const Json *Reader::object(const Json &parent, const std::string &path, std::string_view key,
                           Node node, bool required, std::string_view hint)
{
    const Json *value = member(parent, key);
    if (!value) {
        if (required)
            missing(join(path, key), hint);
        return nullptr;
    }
    return checkObject(*value, join(path, key), node) ? value : nullptr;
}

const Json *Reader::array(const Json &parent, const std::string &path, std::string_view key,
                          bool required)
{
    const Json *value = member(parent, key);
    if (!value) {
        if (required)
            missing(join(path, key), {});
        return nullptr;
    }
    if (!value->is_array()) {
        typeError(join(path, key), "an array", *value);
        return nullptr;
    }
    return value;
}

bool Reader::number(const Json &value, const std::string &path, const Range &range, bool whole,
                    double &out)
{
    if (!value.is_number()) {
        typeError(path, whole ? "a whole number" : "a number", value);
        return false;
    }
    const double result = value.get<double>();
    if (!std::isfinite(result)) {
        add(path, "must be a finite number, got " + value.dump());
        return false;
    }
    if (whole && result != std::floor(result)) {
        add(path, "must be a whole number, got " + value.dump());
        return false;
    }
    if (!range.contains(result)) {
        add(path, range.describe() + ", got " + value.dump());
        return false;
    }
    out = result;
    return true;
}

bool Reader::integer(const Json &value, const std::string &path, const Range &range, int &out)
{
    double result = 0.0;
    if (!number(value, path, range, true, result))
        return false;
    out = static_cast<int>(result); // every integer range lies within int
    return true;
}

bool Reader::unsignedInteger(const Json &value, const std::string &path, std::uint64_t min,
                             std::uint64_t &out)
{
    const std::string rangeText = "must be a whole number between " + std::to_string(min)
                                  + " and 18446744073709551615, got ";
    std::uint64_t result = 0;
    if (value.is_number_unsigned()) {
        result = value.get<std::uint64_t>();
    } else if (value.is_number_integer()) { // the parser only stores negatives as signed
        add(path, rangeText + value.dump());
        return false;
    } else if (value.is_number_float()) {
        const double number = value.get<double>();
        // 2^64 is the first double past the largest uint64_t.
        if (!(number >= 0.0 && number < 18446744073709551616.0) || number != std::floor(number)) {
            add(path, rangeText + value.dump());
            return false;
        }
        result = static_cast<std::uint64_t>(number);
    } else {
        typeError(path, "a whole number", value);
        return false;
    }
    if (result < min) {
        add(path, rangeText + value.dump());
        return false;
    }
    out = result;
    return true;
}

bool Reader::text(const Json &value, const std::string &path, std::string &out)
{
    if (!value.is_string()) {
        typeError(path, "a string", value);
        return false;
    }
    out = value.get<std::string>();
    return true;
}

bool Reader::flag(const Json &value, const std::string &path, bool &out)
{
    if (!value.is_boolean()) {
        typeError(path, "true or false", value);
        return false;
    }
    out = value.get<bool>();
    return true;
}

bool Reader::precision(const Json &parent, const std::string &path, std::string_view key,
                       model::Precision &out)
{
    std::string name;
    const Json *value = member(parent, key);
    if (!value || !text(*value, join(path, key), name))
        return false;
    if (const std::optional<model::Precision> parsed = model::parsePrecision(name)) {
        out = *parsed;
        return true;
    }
    add(join(path, key),
        "must be one of " + std::string(model::kPrecisionNames) + ", got " + value->dump());
    return false;
}

void Reader::readVersion(const Json &root)
{
    const Json *value = member(root, "version");
    const std::string current = std::to_string(kScenarioFormatVersion);
    if (!value) {
        missing("version", "this build reads format " + current);
        return;
    }
    double version = 0.0;
    if (!number(*value, "version", atLeast(-kInf), true, version))
        return;
    if (version > kScenarioFormatVersion)
        throw InputError("version", "this file was written by a newer TokenWatt (format "
                                            + formatNumber(version) + "); this build reads format "
                                            + current);
    if (version != kScenarioFormatVersion)
        add("version", "must be " + current + ", got " + value->dump());
}

Scenario Reader::read(const Json &root)
{
    Scenario scenario;
    if (!root.is_object()) {
        typeError("", "a JSON object at the top level", root);
        return scenario;
    }
    readVersion(root);
    checkObject(root, "", Node::Root);
    if (const Json *value = member(root, "name"))
        text(*value, "name", scenario.name);
    if (const Json *value = member(root, "description"))
        text(*value, "description", scenario.description);
    if (const Json *value = member(root, "seed"))
        unsignedInteger(*value, "seed", 0, scenario.simulation.seed);
    if (const Json *simulation = object(root, "", "simulation", Node::Simulation, false))
        readSimulation(*simulation, "simulation", scenario.simulation);

    const std::string workloadPath = "workload";
    if (const Json *workload = object(root, "", "workload", Node::Workload, true)) {
        if (const Json *arrival = object(*workload, workloadPath, "arrival", Node::Arrival, true))
            readArrival(*arrival, "workload.arrival", scenario.workload.arrival);
        if (const Json *classes = array(*workload, workloadPath, "classes", true))
            readClasses(*classes, "workload.classes", scenario.workload.classes);
    }
    if (const Json *deployments = array(root, "", "deployments", true))
        readDeployments(*deployments, "deployments", scenario.deployments);
    checkClassDeployments(scenario);
    if (const Json *routing = array(root, "", "routing", false))
        readRouting(*routing, "routing", scenario, scenario.routing);
    if (const Json *cache = object(root, "", "cache", Node::Cache, false))
        fields<CacheSpec>(*cache, "cache", kCacheFields, scenario.cache);
    if (const Json *region = object(root, "", "region", Node::Region, false))
        readRegion(*region, "region", scenario.region);
    if (const Json *prices = object(root, "", "prices", Node::Prices, false))
        fields<PricesSpec>(*prices, "prices", kPricesFields, scenario.prices);
    if (const Json *slo = object(root, "", "slo", Node::Slo, false))
        fields<Slo>(*slo, "slo", kSloFields, scenario.slo);
    return scenario;
}

void Reader::readSimulation(const Json &object, const std::string &path, SimulationSettings &out)
{
    const bool ok = fields<SimulationSettings>(object, path, kSimulationFields, out);
    if (const Json *value = member(object, "replication"))
        unsignedInteger(*value, join(path, "replication"), 0, out.replication);
    if (const Json *value = member(object, "maxRequests"))
        unsignedInteger(*value, join(path, "maxRequests"), 1, out.maxRequests);
    if (!ok)
        return; // the checks below would compare against a value the user did not write
    if (out.warmupSeconds >= out.horizonSeconds)
        add(join(path, "warmupSeconds"), "must be < horizonSeconds ("
                                                 + formatNumber(out.horizonSeconds) + " s), got "
                                                 + formatNumber(out.warmupSeconds));
    const double finest = out.horizonSeconds / kMaxTimeseriesPoints;
    if (out.timeseriesResolutionSeconds < finest)
        add(join(path, "timeseriesResolutionSeconds"),
            "must be >= horizonSeconds / 1000000 = " + formatNumber(finest)
                    + " s (at most a million points per series), got "
                    + formatNumber(out.timeseriesResolutionSeconds));
}

} // namespace tw::scenario::detail
