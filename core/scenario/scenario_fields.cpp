#include "core/scenario/scenario_fields.h"

#include <nlohmann/json.hpp>

#include <cmath>

// The keys, ranges and units of the scalar fields of the scenario format;
// docs/scenario-format.md describes the same tables for people (tst_scenario_json checks it).

namespace tw::scenario::detail {

std::string formatNumber(double value)
{
    if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15)
        return std::to_string(static_cast<long long>(value));
    return nlohmann::json(value)
            .dump(); // the shortest form that reads back the same, as in the file
}

std::string Range::describe() const
{
    std::string text = "must be ";
    const std::string lowText = (lowOpen ? "> " : ">= ") + formatNumber(low);
    if (high == kInf)
        text += lowText;
    else if (!lowOpen && !highOpen)
        text += "between " + formatNumber(low) + " and " + formatNumber(high);
    else
        text += lowText + " and " + (highOpen ? "< " : "<= ") + formatNumber(high);
    if (!unit.empty())
        text += ' ' + std::string(unit);
    return text;
}

namespace {

using model::GpuSpec;
using model::ModelSpec;

constexpr Field<ModelSpec> kModelFieldsTable[] = {
        textField("hfRepo", &ModelSpec::hfRepo),
        realField("totalParams", &ModelSpec::totalParams, aboveUpTo(0, 1e14, "parameters"),
                  kRequiredInline),
        realField("activeParams", &ModelSpec::activeParams, aboveUpTo(0, 1e14, "parameters"),
                  kRequiredInline),
        intField("layers", &ModelSpec::layers, between(1, 10'000), kRequiredInline),
        intField("hiddenSize", &ModelSpec::hiddenSize, between(1, 1e6), kRequiredInline),
        intField("intermediateSize", &ModelSpec::intermediateSize, between(1, 1e7),
                 kRequiredInline),
        intField("moeIntermediateSize", &ModelSpec::moeIntermediateSize, between(0, 1e7)),
        intField("attentionHeads", &ModelSpec::attentionHeads, between(1, 10'000), kRequiredInline),
        intField("kvHeads", &ModelSpec::kvHeads, between(1, 10'000), kRequiredInline),
        intField("headDim", &ModelSpec::headDim, between(1, 100'000), kRequiredInline),
        intField("vocabSize", &ModelSpec::vocabSize, between(1, 1e8), kRequiredInline),
        intField("maxContextTokens", &ModelSpec::maxContextTokens, between(0, 1e9, "tokens")),
        intField("moeExperts", &ModelSpec::moeExperts, between(0, 100'000)),
        intField("moeTopK", &ModelSpec::moeTopK, between(0, 100'000)),
        intField("moeSharedExperts", &ModelSpec::moeSharedExperts, between(0, 100'000)),
        flagField("tiedEmbeddings", &ModelSpec::tiedEmbeddings),
        textField("attentionLayout", &ModelSpec::attentionLayout),
        textField("source", &ModelSpec::source),
        textField("verification", &ModelSpec::verification),
};

constexpr Field<GpuSpec> kGpuFieldsTable[] = {
        textField("name", &GpuSpec::name),
        textField("architecture", &GpuSpec::architecture),
        realField("memoryGb", &GpuSpec::memoryGb, aboveUpTo(0, 1e5, "GB"), kRequiredInline),
        realField("memoryBandwidthGbPerSec", &GpuSpec::memoryBandwidthGbPerSec,
                  aboveUpTo(0, 1e6, "GB/s"), kRequiredInline),
        realField("bf16Tflops", &GpuSpec::bf16Tflops, between(0, 1e6, "TFLOP/s")),
        realField("fp16Tflops", &GpuSpec::fp16Tflops, between(0, 1e6, "TFLOP/s")),
        realField("fp8Tflops", &GpuSpec::fp8Tflops, between(0, 1e6, "TFLOP/s")),
        realField("int8Tops", &GpuSpec::int8Tops, between(0, 1e6, "TOP/s")),
        realField("fp4Tflops", &GpuSpec::fp4Tflops, between(0, 1e6, "TFLOP/s")),
        realField("tdpWatts", &GpuSpec::tdpWatts, aboveUpTo(0, 1e5, "W"), kRequiredInline),
        realField("idleWatts", &GpuSpec::idleWatts, between(0, 1e5, "W")),
        realField("interconnectGbPerSec", &GpuSpec::interconnectGbPerSec, between(0, 1e6, "GB/s")),
        intField("nvlinkDomainGpus", &GpuSpec::nvlinkDomainGpus, between(0, 100'000, "GPUs")),
        intField("nodeGpus", &GpuSpec::nodeGpus, between(0, 100'000, "GPUs")),
        realField("scaleOutGbPerSec", &GpuSpec::scaleOutGbPerSec, between(0, 1e6, "GB/s")),
        textField("source", &GpuSpec::source),
        textField("verification", &GpuSpec::verification),
};

constexpr Field<SimulationSettings> kSimulationFieldsTable[] = {
        realField("horizonSeconds", &SimulationSettings::horizonSeconds,
                  aboveUpTo(0, kSecondsPerYear, "s")),
        realField("warmupSeconds", &SimulationSettings::warmupSeconds, atLeast(0, "s")),
        realField("timeseriesResolutionSeconds", &SimulationSettings::timeseriesResolutionSeconds,
                  above(0, "s")),
};

constexpr Field<ArrivalSpec> kArrivalFieldsTable[] = {
        realField("ratePerSecond", &ArrivalSpec::ratePerSecond, aboveUpTo(0, 1e6, "requests/s")),
        realField("cv", &ArrivalSpec::cv, aboveUpTo(0, 100)),
        realField("startHour", &ArrivalSpec::startHour, fromBelow(0, 24, "h")),
        textField("file", &ArrivalSpec::traceFile),
        realField("timeScale", &ArrivalSpec::timeScale, aboveUpTo(0, 1e6)),
        flagField("loop", &ArrivalSpec::loop),
        intField("users", &ArrivalSpec::users, between(1, 1e6, "users")),
        realField("thinkTimeSeconds", &ArrivalSpec::thinkTimeSeconds, between(0, 86'400, "s")),
};

constexpr Field<RequestClass> kClassFieldsTable[] = {
        textField("name", &RequestClass::name),
        realField("share", &RequestClass::share, aboveUpTo(0, 1e9)),
        textField("complexity", &RequestClass::complexity),
        textField("deployment", &RequestClass::deployment),
        realField("cacheHitRate", &RequestClass::cacheHitRate, between(0, 1)),
};

constexpr Field<LengthDistribution> kLengthFieldsTable[] = {
        wholeField("value", &LengthDistribution::value, between(1, kMaxTokens, "tokens")),
        wholeField("low", &LengthDistribution::low, between(1, kMaxTokens, "tokens")),
        wholeField("high", &LengthDistribution::high, between(1, kMaxTokens, "tokens")),
        realField("mean", &LengthDistribution::mean, between(1, kMaxTokens, "tokens")),
        realField("cv", &LengthDistribution::cv, aboveUpTo(0, 100)),
        intField("min", &LengthDistribution::minTokens, between(1, kMaxTokens, "tokens")),
        intField("max", &LengthDistribution::maxTokens, between(0, kMaxTokens, "tokens")),
};

constexpr Field<HardwareSpec> kHardwareFieldsTable[] = {
        intField("gpusPerReplica", &HardwareSpec::gpusPerReplica, between(1, 64, "GPUs")),
        intField("pipelineStages", &HardwareSpec::pipelineStages, between(1, 64, "stages")),
        intField("replicas", &HardwareSpec::replicas, between(1, 10'000)),
};

constexpr Field<ServingSpec> kServingFieldsTable[] = {
        intField("maxBatchSize", &ServingSpec::maxBatchSize, between(1, 65'536, "requests")),
        realField("batchTimeoutSeconds", &ServingSpec::batchTimeoutSeconds, between(0, 3'600, "s")),
        intField("maxRunningRequests", &ServingSpec::maxRunningRequests,
                 between(1, 1e6, "requests")),
        intField("maxBatchedTokens", &ServingSpec::maxBatchedTokens, between(1, 1e8, "tokens")),
        flagField("chunkedPrefill", &ServingSpec::chunkedPrefill),
        realField("memoryReserveFraction", &ServingSpec::memoryReserveFraction, between(0, 0.9)),
};

constexpr Field<PerformanceParams> kPerformanceFieldsTable[] = {
        realField("computeEfficiency", &PerformanceParams::computeEfficiency, aboveUpTo(0, 1)),
        realField("memoryEfficiency", &PerformanceParams::memoryEfficiency, aboveUpTo(0, 1)),
        realField("interconnectEfficiency", &PerformanceParams::interconnectEfficiency,
                  aboveUpTo(0, 1)),
        realField("iterationOverheadSeconds", &PerformanceParams::iterationOverheadSeconds,
                  between(0, 1, "s")),
        realField("perLayerOverheadSeconds", &PerformanceParams::perLayerOverheadSeconds,
                  between(0, 0.1, "s")),
        realField("perSequenceOverheadSeconds", &PerformanceParams::perSequenceOverheadSeconds,
                  between(0, 0.1, "s")),
        realField("moeLayerOverheadSeconds", &PerformanceParams::moeLayerOverheadSeconds,
                  between(0, 0.1, "s")),
        realField("allReduceLatencySeconds", &PerformanceParams::allReduceLatencySeconds,
                  between(0, 0.1, "s")),
        realField("interNodeLatencySeconds", &PerformanceParams::interNodeLatencySeconds,
                  between(0, 0.1, "s")),
};

constexpr Field<Slo> kSloFieldsTable[] = {
        realField("ttftSeconds", &Slo::ttftSeconds, aboveUpTo(0, 86'400, "s")),
        realField("tpotSeconds", &Slo::tpotSeconds, aboveUpTo(0, 3'600, "s")),
};

constexpr Field<ApiSpec> kApiFieldsTable[] = {
        textField("provider", &ApiSpec::provider),
        textField("model", &ApiSpec::model),
        realField("inputUsdPerMillionTokens", &ApiSpec::inputUsdPerMillionTokens,
                  between(0, 1e5, "USD per million tokens")),
        realField("outputUsdPerMillionTokens", &ApiSpec::outputUsdPerMillionTokens,
                  between(0, 1e5, "USD per million tokens")),
        realField("cachedInputShare", &ApiSpec::cachedInputShare, between(0, 1)),
        realField("cachedInputDiscount", &ApiSpec::cachedInputDiscount, between(0, 1)),
        realField("batchShare", &ApiSpec::batchShare, between(0, 1)),
        realField("batchDiscount", &ApiSpec::batchDiscount, between(0, 1)),
        realField("ttftSeconds", &ApiSpec::ttftSeconds, between(0, 3'600, "s")),
        realField("outputTokensPerSecond", &ApiSpec::outputTokensPerSecond,
                  aboveUpTo(0, 1e6, "tokens/s")),
};

constexpr Field<PowerParams> kPowerFieldsTable[] = {
        realField("idleWatts", &PowerParams::idleWatts, between(0, 1e5, "W")),
        realField("busyActivity", &PowerParams::busyActivity, between(0, 1)),
        realField("networkActivity", &PowerParams::networkActivity, between(0, 1)),
        realField("computeWeight", &PowerParams::computeWeight, between(0, 2)),
        realField("memoryWeight", &PowerParams::memoryWeight, between(0, 2)),
        realField("powerCapWatts", &PowerParams::powerCapWatts, between(0, 1e5, "W")),
        realField("serverOverheadWattsPerGpu", &PowerParams::serverOverheadWattsPerGpu,
                  between(0, 1e5, "W")),
        realField("serverOverheadFraction", &PowerParams::serverOverheadFraction, between(0, 2)),
};

constexpr Field<HostingSpec> kHostingFieldsTable[] = {
        textField("offering", &HostingSpec::offering),
        textField("priceType", &HostingSpec::priceType),
        realField("pricePerGpuHourUsd", &HostingSpec::pricePerGpuHourUsd,
                  between(0, 1e4, "USD per GPU-hour")),
        realField("interruptionsPerDay", &HostingSpec::interruptionsPerDay,
                  between(0, 1'000, "per replica per day")),
        realField("purchasePricePerGpuUsd", &HostingSpec::purchasePricePerGpuUsd,
                  between(0, 1e8, "USD")),
        realField("purchasePricePerNodeUsd", &HostingSpec::purchasePricePerNodeUsd,
                  between(0, 1e9, "USD")),
        intField("gpusPerNode", &HostingSpec::gpusPerNode, between(1, 1'024, "GPUs")),
        realField("amortizationYears", &HostingSpec::amortizationYears, aboveUpTo(0, 50, "years")),
        realField("operationsFractionOfCapexPerYear",
                  &HostingSpec::operationsFractionOfCapexPerYear, between(0, 10)),
        realField("operationsUsdPerYear", &HostingSpec::operationsUsdPerYear,
                  between(0, 1e12, "USD")),
        realField("staffUsdPerYear", &HostingSpec::staffUsdPerYear, between(0, 1e12, "USD")),
        realField("colocationUsdPerKwMonth", &HostingSpec::colocationUsdPerKwMonth,
                  between(0, 1e5, "USD per kW per month")),
        realField("networkUsdPerMonth", &HostingSpec::networkUsdPerMonth,
                  between(0, 1e10, "USD per month")),
        realField("financingRatePercent", &HostingSpec::financingRatePercent,
                  between(0, 100, "% per year")),
        realField("residualValueFraction", &HostingSpec::residualValueFraction, between(0, 1)),
        realField("embodiedKgCo2ePerGpu", &HostingSpec::embodiedKgCo2ePerGpu,
                  between(0, 1e6, "kgCO2e")),
        realField("embodiedKgCo2ePerNode", &HostingSpec::embodiedKgCo2ePerNode,
                  between(0, 1e7, "kgCO2e")),
        realField("hardwareLifetimeYears", &HostingSpec::hardwareLifetimeYears,
                  aboveUpTo(0, 50, "years")),
};

constexpr Field<AutoscalingSpec> kAutoscalingFieldsTable[] = {
        flagField("enabled", &AutoscalingSpec::enabled),
        realField("target", &AutoscalingSpec::target, aboveUpTo(0, 1e6, "requests per replica")),
        intField("minReplicas", &AutoscalingSpec::minReplicas, between(0, 100'000, "replicas")),
        intField("initialReplicas", &AutoscalingSpec::initialReplicas,
                 between(0, 100'000, "replicas")),
        realField("intervalSeconds", &AutoscalingSpec::intervalSeconds, between(0.1, 86'400, "s")),
        realField("scaleUpDelaySeconds", &AutoscalingSpec::scaleUpDelaySeconds,
                  between(0, 86'400, "s")),
        realField("scaleDownDelaySeconds", &AutoscalingSpec::scaleDownDelaySeconds,
                  between(0, 86'400, "s")),
        realField("tolerance", &AutoscalingSpec::tolerance, fromBelow(0, 1)),
        realField("provisionSeconds", &AutoscalingSpec::provisionSeconds, between(0, 86'400, "s")),
        realField("loadGBps", &AutoscalingSpec::loadGBps, aboveUpTo(0, 1e4, "GB/s")),
};

constexpr Field<OverflowSpec> kOverflowFieldsTable[] = {
        textField("deployment", &OverflowSpec::deployment),
        intField("maxWaiting", &OverflowSpec::maxWaiting, between(1, 1'000'000, "requests")),
};

constexpr Field<RoutingRule> kRuleFieldsTable[] = {
        textField("complexity", &RoutingRule::complexity),
        textField("class", &RoutingRule::className),
};

constexpr Field<Route> kRouteFieldsTable[] = {
        textField("deployment", &Route::deployment),
        realField("share", &Route::share, aboveUpTo(0, 1e9)),
};

constexpr Field<CacheSpec> kCacheFieldsTable[] = {
        realField("hitLatencySeconds", &CacheSpec::hitLatencySeconds, between(0, 3'600, "s")),
        realField("costPerLookupUsd", &CacheSpec::costPerLookupUsd, between(0, 1'000, "USD")),
};

constexpr Field<RegionSpec> kRegionFieldsTable[] = {
        textField("id", &RegionSpec::regionId),
        realField("carbonIntensityGramsPerKwh", &RegionSpec::carbonIntensityGramsPerKwh,
                  between(0, 5'000, "gCO2e/kWh")),
        realField("pue", &RegionSpec::pue, between(1, 3)),
        realField("electricityPricePerKwhUsd", &RegionSpec::electricityPricePerKwhUsd,
                  atLeast(0, "USD/kWh")),
};

constexpr Field<PricesSpec> kPricesFieldsTable[] = {
        realField("changePercent", &PricesSpec::changePercent, between(-100, 1'000, "%")),
};

} // namespace

constexpr std::span<const Field<PricesSpec>> kPricesFields = kPricesFieldsTable;
constexpr std::span<const Field<ModelSpec>> kModelFields = kModelFieldsTable;
constexpr std::span<const Field<GpuSpec>> kGpuFields = kGpuFieldsTable;
constexpr std::span<const Field<SimulationSettings>> kSimulationFields = kSimulationFieldsTable;
constexpr std::span<const Field<ArrivalSpec>> kArrivalFields = kArrivalFieldsTable;
constexpr std::span<const Field<RequestClass>> kClassFields = kClassFieldsTable;
constexpr std::span<const Field<LengthDistribution>> kLengthFields = kLengthFieldsTable;
constexpr std::span<const Field<HardwareSpec>> kHardwareFields = kHardwareFieldsTable;
constexpr std::span<const Field<ServingSpec>> kServingFields = kServingFieldsTable;
constexpr std::span<const Field<PerformanceParams>> kPerformanceFields = kPerformanceFieldsTable;
constexpr std::span<const Field<Slo>> kSloFields = kSloFieldsTable;
constexpr std::span<const Field<ApiSpec>> kApiFields = kApiFieldsTable;
constexpr std::span<const Field<PowerParams>> kPowerFields = kPowerFieldsTable;
constexpr std::span<const Field<HostingSpec>> kHostingFields = kHostingFieldsTable;
constexpr std::span<const Field<AutoscalingSpec>> kAutoscalingFields = kAutoscalingFieldsTable;
constexpr std::span<const Field<OverflowSpec>> kOverflowFields = kOverflowFieldsTable;
constexpr std::span<const Field<RoutingRule>> kRuleFields = kRuleFieldsTable;
constexpr std::span<const Field<Route>> kRouteFields = kRouteFieldsTable;
constexpr std::span<const Field<CacheSpec>> kCacheFields = kCacheFieldsTable;
constexpr std::span<const Field<RegionSpec>> kRegionFields = kRegionFieldsTable;

} // namespace tw::scenario::detail
