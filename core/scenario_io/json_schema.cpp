#include "core/scenario_io/json_schema.h"

#include "core/sim/batching_policies.h"

#include <algorithm>

// The keys, ranges and accepted names of the scenario format; docs/scenario-format.md
// describes the same tables for people.

namespace tw::scenario::detail {
namespace {

constexpr Choice<ArrivalKind> kArrivalKindsTable[] = {{"poisson", ArrivalKind::Poisson},
                                                      {"gamma", ArrivalKind::Gamma},
                                                      {"trace", ArrivalKind::Trace},
                                                      {"closedLoop", ArrivalKind::ClosedLoop}};
constexpr Choice<ThinkTimeKind> kThinkTimeKindsTable[]
        = {{"fixed", ThinkTimeKind::Fixed}, {"exponential", ThinkTimeKind::Exponential}};
constexpr Choice<LengthKind> kLengthKindsTable[] = {{"fixed", LengthKind::Fixed},
                                                    {"uniform", LengthKind::Uniform},
                                                    {"lognormal", LengthKind::Lognormal},
                                                    {"exponential", LengthKind::Exponential},
                                                    {"empirical", LengthKind::Empirical}};
constexpr Choice<RoutingPolicy> kRoutingsTable[]
        = {{"roundRobin", RoutingPolicy::RoundRobin},
           {"leastOutstanding", RoutingPolicy::LeastOutstanding}};

constexpr Choice<DeploymentKind> kDeploymentKindsTable[]
        = {{"selfHosted", DeploymentKind::SelfHosted}, {"api", DeploymentKind::Api}};
constexpr Choice<HostingKind> kHostingKindsTable[]
        = {{"cloud", HostingKind::Cloud}, {"onPremises", HostingKind::OnPremises}};
constexpr Choice<ScalingMetric> kScalingMetricsTable[]
        = {{"load", ScalingMetric::Load}, {"queue", ScalingMetric::Queue}};

} // namespace

constexpr std::span<const Choice<ArrivalKind>> kArrivalKinds = kArrivalKindsTable;
constexpr std::span<const Choice<ThinkTimeKind>> kThinkTimeKinds = kThinkTimeKindsTable;
constexpr std::span<const Choice<LengthKind>> kLengthKinds = kLengthKindsTable;
std::span<const Choice<BatchingPolicy>> policyChoices()
{
    static const std::vector<Choice<BatchingPolicy>> choices = [] {
        std::vector<Choice<BatchingPolicy>> list;
        for (const sim::BatchingPolicyInfo &info : sim::batchingPolicies())
            list.push_back({info.key, info.policy});
        return list;
    }();
    return choices;
}
constexpr std::span<const Choice<RoutingPolicy>> kRoutings = kRoutingsTable;
constexpr std::span<const Choice<DeploymentKind>> kDeploymentKinds = kDeploymentKindsTable;
constexpr std::span<const Choice<HostingKind>> kHostingKinds = kHostingKindsTable;
constexpr std::span<const Choice<ScalingMetric>> kScalingMetrics = kScalingMetricsTable;

namespace {

template<class T> void appendFieldKeys(std::vector<Key> &keys, std::span<const Field<T>> fields)
{
    for (const Field<T> &field : fields)
        keys.push_back({field.key});
}

} // namespace

std::span<const std::string_view> retiredKeysOf(Node node)
{
    // 2026-12-07: power became a function of MFU and MBU (busyActivity, networkActivity,
    // computeWeight, memoryWeight); the per-phase weights of compute- and memory-bound time
    // have no counterpart. Files saved before then held the calibrated values of the day.
    static constexpr std::string_view kPower[] = {"prefillComputeWeight", "prefillMemoryWeight",
                                                  "decodeComputeWeight", "decodeMemoryWeight"};
    if (node == Node::Power)
        return kPower;
    return {};
}

std::vector<Key> keysOf(Node node)
{
    std::vector<Key> keys;
    switch (node) {
    case Node::Value:
        break;
    case Node::Root:
        keys = {{"version"},
                {"name"},
                {"description"},
                {"seed"},
                {"simulation", Node::Simulation},
                {"workload", Node::Workload},
                {"deployments", Node::Deployment, true},
                {"routing", Node::Rule, true},
                {"cache", Node::Cache},
                {"region", Node::Region},
                {"prices", Node::Prices},
                {"slo", Node::Slo}};
        break;
    case Node::Simulation:
        appendFieldKeys<SimulationSettings>(keys, kSimulationFields);
        keys.push_back({"replication"});
        keys.push_back({"maxRequests"});
        break;
    case Node::Workload:
        keys = {{"arrival", Node::Arrival}, {"classes", Node::Class, true}};
        break;
    case Node::Arrival:
        keys = {{"type"}, {"diurnal", Node::Diurnal}, {"thinkTime"}};
        appendFieldKeys<ArrivalSpec>(keys, kArrivalFields);
        break;
    case Node::Diurnal:
        keys = {{"peakToTrough"}, {"peakHour"}, {"hourlyMultipliers", Node::Value, true}};
        break;
    case Node::Class:
        keys = {{"promptTokens", Node::Length}, {"outputTokens", Node::Length}};
        appendFieldKeys<RequestClass>(keys, kClassFields);
        break;
    case Node::Length:
        keys = {{"type"}, {"values", Node::Value, true}};
        appendFieldKeys<LengthDistribution>(keys, kLengthFields);
        break;
    case Node::Deployment:
        keys = {{"name"},
                {"kind"},
                {"api", Node::Api},
                {"model", Node::Model},
                {"weightPrecision"},
                {"kvPrecision"},
                {"hardware", Node::Hardware},
                {"serving", Node::Serving},
                {"performance", Node::Performance},
                {"power", Node::Power},
                {"hosting", Node::Hosting},
                {"autoscaling", Node::Autoscaling},
                {"overflow", Node::Overflow}};
        break;
    case Node::Model:
        keys = {{"catalog"}};
        appendFieldKeys<model::ModelSpec>(keys, kModelFields);
        break;
    case Node::Gpu:
        keys = {{"catalog"}};
        appendFieldKeys<model::GpuSpec>(keys, kGpuFields);
        break;
    case Node::Hardware:
        keys = {{"gpu", Node::Gpu}};
        appendFieldKeys<HardwareSpec>(keys, kHardwareFields);
        break;
    case Node::Serving:
        keys = {{"software"}, {"policy"}, {"routing"}};
        appendFieldKeys<ServingSpec>(keys, kServingFields);
        break;
    case Node::Performance:
        appendFieldKeys<PerformanceParams>(keys, kPerformanceFields);
        break;
    case Node::Power:
        appendFieldKeys<PowerParams>(keys, kPowerFields);
        break;
    case Node::Hosting:
        keys = {{"type"}};
        appendFieldKeys<HostingSpec>(keys, kHostingFields);
        break;
    case Node::Autoscaling:
        keys = {{"metric"}};
        appendFieldKeys<AutoscalingSpec>(keys, kAutoscalingFields);
        break;
    case Node::Overflow:
        appendFieldKeys<OverflowSpec>(keys, kOverflowFields);
        break;
    case Node::Api:
        keys = {{"catalog"}};
        appendFieldKeys<ApiSpec>(keys, kApiFields);
        break;
    case Node::Rule:
        appendFieldKeys<RoutingRule>(keys, kRuleFields);
        keys.push_back({"routes", Node::Route, true});
        break;
    case Node::Route:
        appendFieldKeys<Route>(keys, kRouteFields);
        break;
    case Node::Cache:
        appendFieldKeys<CacheSpec>(keys, kCacheFields);
        break;
    case Node::Region:
        appendFieldKeys<RegionSpec>(keys, kRegionFields);
        keys.push_back({"hourlyCarbonMultipliers", Node::Value, true});
        break;
    case Node::Slo:
        appendFieldKeys<Slo>(keys, kSloFields);
        break;
    case Node::Prices:
        appendFieldKeys<PricesSpec>(keys, kPricesFields);
        break;
    }
    return keys;
}

std::vector<std::string> keyNames(const std::vector<Key> &keys)
{
    std::vector<std::string> names;
    for (const Key &key : keys)
        names.emplace_back(key.name);
    return names;
}

} // namespace tw::scenario::detail
