#include "core/scenario_io/scenario_json.h"

#include "core/catalog/catalog.h"
#include "core/scenario_io/catalog_references.h"
#include "core/scenario_io/json_schema.h"

#include <algorithm>
#include <limits>

// toJson, as specified in docs/scenario-format.md, "How files are written".

namespace tw::scenario {
namespace {

using namespace detail;
using model::GpuSpec;
using model::ModelSpec;

template<class T> void writeField(OrderedJson &out, const Field<T> &spec, const T &value)
{
    const std::string key(spec.key);
    if (spec.real)
        out[key] = numberJson(value.*spec.real);
    else if (spec.integer)
        out[key] = value.*spec.integer;
    else if (spec.flag)
        out[key] = value.*spec.flag;
    else
        out[key] = value.*spec.text;
}

template<class T> bool sameField(const Field<T> &spec, const T &a, const T &b)
{
    if (spec.real)
        return a.*spec.real == b.*spec.real;
    if (spec.integer)
        return a.*spec.integer == b.*spec.integer;
    if (spec.flag)
        return a.*spec.flag == b.*spec.flag;
    return a.*spec.text == b.*spec.text;
}

/// Writes the fields of @p value; with a @p baseline, only those that differ from it.
template<class T>
void writeFields(OrderedJson &out, const T &value,
                 std::span<const Field<std::type_identity_t<T>>> table, const T *baseline = nullptr)
{
    for (const Field<T> &spec : table) {
        if (!baseline || !sameField(spec, value, *baseline))
            writeField(out, spec, value);
    }
}

/// A catalog entry by id, with only the fields that differ as overrides; anything else inline.
template<class T>
OrderedJson writeCatalogItem(const T &item, const T *catalogEntry,
                             std::span<const Field<std::type_identity_t<T>>> table)
{
    OrderedJson out = OrderedJson::object();
    if (catalogEntry && catalogEntry->id == item.id) {
        OrderedJson overrides = OrderedJson::object();
        writeFields(overrides, item, table, catalogEntry);
        if (overrides.empty())
            return item.id;
        out["catalog"] = item.id;
        for (auto &entry : overrides.items())
            out[entry.key()] = entry.value();
        return out;
    }
    writeFields(out, item, table);
    return out;
}

OrderedJson writeLength(const LengthDistribution &length)
{
    const LengthDistribution defaults;
    const LengthKind kind = length.kind;
    OrderedJson out;
    out["type"] = choiceName<LengthKind>(kLengthKinds, kind);
    // Parameters of other types are written only when set, so switching type loses nothing.
    const auto put = [&](const char *key, double value, double defaultValue, bool used) {
        if (used || value != defaultValue)
            out[key] = numberJson(value);
    };
    put("value", length.value, defaults.value, kind == LengthKind::Fixed);
    put("low", length.low, defaults.low, kind == LengthKind::Uniform);
    put("high", length.high, defaults.high, kind == LengthKind::Uniform);
    put("mean", length.mean, defaults.mean,
        kind == LengthKind::Lognormal || kind == LengthKind::Exponential);
    put("cv", length.cv, defaults.cv, kind == LengthKind::Lognormal);
    if (kind == LengthKind::Empirical || !length.values.empty())
        out["values"] = length.values;
    out["min"] = length.minTokens;
    out["max"] = length.maxTokens;
    return out;
}

OrderedJson writeArrival(const ArrivalSpec &arrival)
{
    const ArrivalSpec defaults;
    const ArrivalKind kind = arrival.kind;
    const bool rated = kind == ArrivalKind::Poisson || kind == ArrivalKind::Gamma;
    const bool traced = kind == ArrivalKind::Trace;
    const bool closed = kind == ArrivalKind::ClosedLoop;
    OrderedJson out;
    out["type"] = choiceName<ArrivalKind>(kArrivalKinds, kind);
    const auto put = [&](const char *key, double value, double defaultValue, bool used) {
        if (used || value != defaultValue)
            out[key] = numberJson(value);
    };
    put("ratePerSecond", arrival.ratePerSecond, defaults.ratePerSecond, rated);
    put("cv", arrival.cv, defaults.cv, kind == ArrivalKind::Gamma);
    if (arrival.diurnal) {
        OrderedJson hours = OrderedJson::array();
        for (double multiplier : arrival.hourlyMultipliers)
            hours.push_back(numberJson(multiplier));
        out["diurnal"] = {{"hourlyMultipliers", hours}};
    }
    put("startHour", arrival.startHour, defaults.startHour, rated);
    if (traced || !arrival.traceFile.empty())
        out["file"] = arrival.traceFile;
    put("timeScale", arrival.timeScale, defaults.timeScale, traced);
    if (traced || arrival.loop != defaults.loop)
        out["loop"] = arrival.loop;
    if (closed || arrival.users != defaults.users)
        out["users"] = arrival.users;
    put("thinkTimeSeconds", arrival.thinkTimeSeconds, defaults.thinkTimeSeconds, closed);
    if (closed || arrival.thinkTimeKind != defaults.thinkTimeKind)
        out["thinkTime"] = choiceName<ThinkTimeKind>(kThinkTimeKinds, arrival.thinkTimeKind);
    return out;
}

/// A catalog entry as {"catalog": key} plus the fields that differ from it; else inline.
OrderedJson writeApi(const ApiSpec &api, const catalog::Catalog &catalog)
{
    const std::vector<ApiPriceEntry> entries = apiPrices(catalog);
    const auto entry = std::find_if(entries.begin(), entries.end(), [&](const ApiPriceEntry &e) {
        return e.provider == api.provider && e.model == api.model;
    });
    OrderedJson out = OrderedJson::object();
    if (entry == entries.end()) {
        writeFields<ApiSpec>(out, api, kApiFields);
        return out;
    }
    // A price the catalog lacks compares unequal to anything (NaN), so it is always written.
    constexpr double kNoFigure = std::numeric_limits<double>::quiet_NaN();
    ApiSpec baseline = api;
    baseline.inputUsdPerMillionTokens = entry->inputUsdPerMillionTokens.value_or(kNoFigure);
    baseline.outputUsdPerMillionTokens = entry->outputUsdPerMillionTokens.value_or(kNoFigure);
    out["catalog"] = entry->key();
    for (const Field<ApiSpec> &spec : kApiFields) {
        const bool fromCatalog = spec.key == "provider" || spec.key == "model"
                                 || spec.key == "inputUsdPerMillionTokens"
                                 || spec.key == "outputUsdPerMillionTokens";
        if (!fromCatalog || !sameField(spec, api, baseline))
            writeField(out, spec, api);
    }
    return out;
}

OrderedJson writeHosting(const HostingSpec &hosting, const catalog::Catalog &catalog)
{
    const HostingSpec defaults;
    const bool cloud = hosting.kind == HostingKind::Cloud;
    const std::vector<CloudOfferingEntry> offerings = cloudOfferings(catalog);
    const CloudOfferingEntry *offering
            = hosting.offering.empty() ? nullptr : findEntry(offerings, hosting.offering);
    // With a catalog offering, its price and price type are the baseline: the file keeps the
    // reference and only what differs from the catalog.
    HostingSpec catalogBaseline = hosting;
    if (offering) {
        catalogBaseline.priceType = offering->priceType;
        catalogBaseline.pricePerGpuHourUsd
                = offering->pricePerGpuHourUsd.value_or(std::numeric_limits<double>::quiet_NaN());
    }
    OrderedJson out;
    out["type"] = choiceName<HostingKind>(kHostingKinds, hosting.kind);
    for (const Field<HostingSpec> &spec : kHostingFields) {
        const std::string_view key = spec.key;
        const bool cloudKey
                = key == "offering" || key == "priceType" || key == "pricePerGpuHourUsd";
        const bool onPremisesKey = !cloudKey && key != "embodiedKgCo2ePerGpu"
                                   && key != "embodiedKgCo2ePerNode"
                                   && key != "hardwareLifetimeYears";
        bool write = (cloudKey        ? cloud
                      : onPremisesKey ? !cloud
                                      : true)
                     || !sameField(spec, hosting, defaults);
        if (key == "offering")
            write = !hosting.offering.empty();
        else if (offering && (key == "priceType" || key == "pricePerGpuHourUsd"))
            write = !sameField(spec, hosting, catalogBaseline);
        if (write)
            writeField(out, spec, hosting);
    }
    return out;
}

OrderedJson writeDeployment(const Deployment &deployment, const catalog::Catalog &catalog)
{
    OrderedJson out;
    out["name"] = deployment.name;
    out["kind"] = choiceName<DeploymentKind>(kDeploymentKinds, deployment.kind);
    if (deployment.kind == DeploymentKind::Api) {
        out["api"] = writeApi(deployment.api, catalog);
        return out;
    }
    const ModelSpec &model = deployment.model;
    out["model"] = writeCatalogItem<ModelSpec>(
            model, model.id.empty() ? nullptr : catalog.findModel(model.id), kModelFields);
    out["weightPrecision"] = model::toString(deployment.weightPrecision);
    out["kvPrecision"] = model::toString(deployment.kvPrecision);

    const GpuSpec &gpu = deployment.hardware.gpu;
    OrderedJson hardware;
    hardware["gpu"] = writeCatalogItem<GpuSpec>(
            gpu, gpu.id.empty() ? nullptr : catalog.findGpu(gpu.id), kGpuFields);
    writeFields<HardwareSpec>(hardware, deployment.hardware, kHardwareFields);
    out["hardware"] = hardware;

    OrderedJson serving;
    serving["software"] = deployment.serving.software;
    serving["policy"] = choiceName<BatchingPolicy>(policyChoices(), deployment.serving.policy);
    writeFields<ServingSpec>(serving, deployment.serving, kServingFields);
    serving["routing"] = choiceName<RoutingPolicy>(kRoutings, deployment.serving.routing);
    out["serving"] = serving;

    // Every performance and power field is written, calibrated defaults included: a file then
    // reads back the same even after the calibration changes.
    OrderedJson performance = OrderedJson::object();
    writeFields<PerformanceParams>(performance, deployment.performance, kPerformanceFields);
    out["performance"] = performance;
    OrderedJson power = OrderedJson::object();
    writeFields<PowerParams>(power, deployment.power, kPowerFields);
    out["power"] = power;
    out["hosting"] = writeHosting(deployment.hosting, catalog);
    // Written only when used, so that files without them read and write back unchanged.
    // Autoscaling is written when on, or when its cold-start figures (used by spot
    // replacements too) differ from the defaults.
    if (deployment.autoscaling.enabled || deployment.autoscaling != AutoscalingSpec{}) {
        OrderedJson autoscaling;
        autoscaling["metric"]
                = choiceName<ScalingMetric>(kScalingMetrics, deployment.autoscaling.metric);
        writeFields<AutoscalingSpec>(autoscaling, deployment.autoscaling, kAutoscalingFields);
        out["autoscaling"] = autoscaling;
    }
    if (!deployment.overflow.deployment.empty()) {
        OrderedJson overflow;
        writeFields<OverflowSpec>(overflow, deployment.overflow, kOverflowFields);
        out["overflow"] = overflow;
    }
    return out;
}

OrderedJson writeRouting(const std::vector<RoutingRule> &rules)
{
    OrderedJson out = OrderedJson::array();
    for (const RoutingRule &rule : rules) {
        OrderedJson ruleJson;
        writeFields<RoutingRule>(ruleJson, rule, kRuleFields);
        OrderedJson routes = OrderedJson::array();
        for (const Route &route : rule.routes) {
            OrderedJson routeJson;
            writeFields<Route>(routeJson, route, kRouteFields);
            routes.push_back(routeJson);
        }
        ruleJson["routes"] = routes;
        out.push_back(ruleJson);
    }
    return out;
}

OrderedJson writeRegion(const RegionSpec &region, const catalog::Catalog &catalog)
{
    const std::vector<GridRegionEntry> regions = gridRegions(catalog);
    const auto entry = std::find_if(regions.begin(), regions.end(), [&](const GridRegionEntry &e) {
        return e.regionId == region.regionId;
    });
    const bool fromCatalog
            = entry != regions.end() && entry->carbonIntensityGramsPerKwh
              && *entry->carbonIntensityGramsPerKwh == region.carbonIntensityGramsPerKwh;
    OrderedJson out;
    out["id"] = region.regionId;
    if (!fromCatalog)
        out["carbonIntensityGramsPerKwh"] = numberJson(region.carbonIntensityGramsPerKwh);
    if (region.hourlyCarbonProfile) {
        OrderedJson hours = OrderedJson::array();
        for (double multiplier : region.hourlyCarbonMultipliers)
            hours.push_back(numberJson(multiplier));
        out["hourlyCarbonMultipliers"] = hours;
    }
    out["pue"] = numberJson(region.pue);
    out["electricityPricePerKwhUsd"] = numberJson(region.electricityPricePerKwhUsd);
    return out;
}

} // namespace

std::string toJson(const Scenario &scenario, const catalog::Catalog &catalog, int indent)
{
    OrderedJson out;
    out["version"] = kScenarioFormatVersion;
    out["name"] = scenario.name;
    out["description"] = scenario.description;
    out["seed"] = scenario.simulation.seed;

    const SimulationSettings &simulation = scenario.simulation;
    OrderedJson simulationJson;
    writeFields<SimulationSettings>(simulationJson, simulation, kSimulationFields);
    simulationJson["replication"] = simulation.replication;
    simulationJson["maxRequests"] = simulation.maxRequests;
    out["simulation"] = simulationJson;

    OrderedJson classes = OrderedJson::array();
    for (const RequestClass &requestClass : scenario.workload.classes) {
        OrderedJson classJson;
        writeFields<RequestClass>(classJson, requestClass, kClassFields);
        classJson["promptTokens"] = writeLength(requestClass.promptTokens);
        classJson["outputTokens"] = writeLength(requestClass.outputTokens);
        classes.push_back(classJson);
    }
    out["workload"] = {{"arrival", writeArrival(scenario.workload.arrival)}, {"classes", classes}};

    OrderedJson deployments = OrderedJson::array();
    for (const Deployment &deployment : scenario.deployments)
        deployments.push_back(writeDeployment(deployment, catalog));
    out["deployments"] = deployments;
    out["routing"] = writeRouting(scenario.routing);
    OrderedJson cache;
    writeFields<CacheSpec>(cache, scenario.cache, kCacheFields);
    out["cache"] = cache;
    out["region"] = writeRegion(scenario.region, catalog);
    if (scenario.prices != PricesSpec{}) { // only when used: files without it stay unchanged
        OrderedJson prices;
        writeFields<PricesSpec>(prices, scenario.prices, kPricesFields);
        out["prices"] = prices;
    }

    OrderedJson slo;
    writeFields<Slo>(slo, scenario.slo, kSloFields);
    out["slo"] = slo;
    return out.dump(indent, ' ', false, OrderedJson::error_handler_t::replace);
}

} // namespace tw::scenario
