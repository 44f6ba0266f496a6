#pragma once

#include "core/model/gpu_spec.h"
#include "core/model/model_spec.h"

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace tw::scenario {

/// Current version of the scenario JSON format (the `version` key).
inline constexpr int kScenarioFormatVersion = 1;

// ---- Workload -------------------------------------------------------------------------------

/// Exponential: continuous exponential with the given mean, rounded up to whole tokens
/// (a geometric count), used where exponential service times are wanted (M/M/1 checks).
enum class LengthKind { Fixed, Uniform, Lognormal, Empirical, Exponential };

/// Distribution of a token count (prompt or output). Samples are rounded to whole tokens and
/// then bounded to [minTokens, maxTokens]; the bounds are explicit parameters, never hidden.
struct LengthDistribution
{
    LengthKind kind = LengthKind::Fixed;
    double value = 1.0;           ///< Fixed: the count
    double low = 1.0, high = 1.0; ///< Uniform: inclusive integer range
    double mean = 1.0, cv = 1.0;  ///< Lognormal: mean and cv; Exponential: mean
    std::vector<int> values;      ///< Empirical: drawn uniformly from these
    int minTokens = 1;
    int maxTokens = 0; ///< 0 = no upper bound

    /// Mean of the distribution before the bounds are applied.
    double nominalMean() const;

    bool operator==(const LengthDistribution &) const = default;
};

/// A trace record in the Azure LLM inference trace format.
struct TraceRecord
{
    double arrivalSeconds = 0.0; ///< since the first record
    int promptTokens = 0;
    int outputTokens = 0;

    bool operator==(const TraceRecord &) const = default;
};

/// Trace records shared by every copy of a scenario (they can be millions). Two are equal when
/// their records are, so that a scenario read back from its file equals the one written.
struct SharedTrace : std::shared_ptr<const std::vector<TraceRecord>>
{
    using shared_ptr::shared_ptr;
    using shared_ptr::operator=;
    SharedTrace() = default;
    SharedTrace(std::shared_ptr<const std::vector<TraceRecord>> records)
        : shared_ptr(std::move(records))
    {}

    friend bool operator==(const SharedTrace &a, const SharedTrace &b)
    {
        return a.get() == b.get() || (a && b && *a == *b);
    }
};

enum class ArrivalKind { Poisson, Gamma, Trace, ClosedLoop };
enum class ThinkTimeKind { Fixed, Exponential };

struct ArrivalSpec
{
    ArrivalKind kind = ArrivalKind::Poisson;
    double ratePerSecond = 1.0; ///< Poisson/Gamma: mean rate over a day (the diurnal mean)
    double cv = 1.0;            ///< Gamma: coefficient of variation of inter-arrival times

    /// Diurnal modulation (Poisson/Gamma): the rate in hour h of the day is
    /// ratePerSecond x hourlyMultipliers[h]; the multipliers average to 1.
    bool diurnal = false;
    std::array<double, 24> hourlyMultipliers{};
    double startHour = 0.0; ///< hour of day at simulated time 0, in [0, 24)

    /// Trace: records sorted by arrival, lengths taken from the trace.
    SharedTrace trace;
    std::string traceFile;  ///< as written in the scenario (for saving it back)
    double timeScale = 1.0; ///< inter-arrival times are multiplied by this (0.5 = twice as fast)
    bool loop = false;      ///< restart the trace when it ends, instead of ending arrivals

    /// Closed loop: each user sends its next request when the previous one completes.
    int users = 1;
    double thinkTimeSeconds = 0.0;
    ThinkTimeKind thinkTimeKind = ThinkTimeKind::Fixed;

    bool operator==(const ArrivalSpec &) const = default;
};

/// A kind of request: its share of traffic, its lengths and its routing tag.
struct RequestClass
{
    std::string name;
    double share = 1.0;     ///< relative weight; shares are normalised over all classes
    std::string complexity; ///< free tag used by routing ("easy", "hard", ...)
    std::string deployment; ///< name of the deployment serving it; empty = the first one
    LengthDistribution promptTokens;
    LengthDistribution outputTokens;
    /// Share of this class's requests answered by the response cache (exact or semantic);
    /// hits never reach a deployment. In [0, 1].
    double cacheHitRate = 0.0;

    bool operator==(const RequestClass &) const = default;
};

struct Workload
{
    ArrivalSpec arrival;
    std::vector<RequestClass> classes;

    bool operator==(const Workload &) const = default;
};

// ---- Serving --------------------------------------------------------------------------------

enum class BatchingPolicy {
    None,       ///< one request at a time per replica
    Static,     ///< wait for maxBatchSize requests (or the timeout), pad, run to completion
    Dynamic,    ///< take up to maxBatchSize after at most batchTimeoutSeconds; no padding
    Continuous, ///< iteration-level batching (Orca/vLLM), optional chunked prefill
};

enum class RoutingPolicy { RoundRobin, LeastOutstanding };

struct ServingSpec
{
    BatchingPolicy policy = BatchingPolicy::Continuous;
    int maxBatchSize = 8;              ///< Static/Dynamic: requests per batch
    double batchTimeoutSeconds = 0.05; ///< Static/Dynamic: longest wait of the oldest request
    int maxRunningRequests = 256;      ///< Continuous: like vLLM's max_num_seqs
    int maxBatchedTokens = 8192;       ///< Continuous: tokens per iteration (prefill + decode)
    bool chunkedPrefill = true;        ///< Continuous: split long prompts across iterations
    /// Fraction of GPU memory not available to weights and KV cache (activations, CUDA
    /// context, fragmentation); vLLM's default gpu_memory_utilization of 0.9 leaves 0.1.
    double memoryReserveFraction = 0.1;
    RoutingPolicy routing = RoutingPolicy::LeastOutstanding;
    /// Serving software generation ("vllm", "vllm-0.5", "hf-generate", ...): selects the
    /// calibrated performance and power defaults (core/defaults/calibrated_defaults.h).
    std::string software = "vllm";

    bool operator==(const ServingSpec &) const = default;
};

/// Parameters of the iteration-time model (docs/model.md). Calibrated in a later step;
/// the defaults are conservative published-order-of-magnitude values.
struct PerformanceParams
{
    double computeEfficiency = 0.6;           ///< achieved / peak FLOP/s on prefill-like work
    double memoryEfficiency = 0.8;            ///< achieved / peak memory bandwidth on decode
    double interconnectEfficiency = 0.7;      ///< achieved / nominal one-way link bandwidth
    double iterationOverheadSeconds = 0.0005; ///< scheduler + launch cost per iteration
    double perLayerOverheadSeconds = 0.0;     ///< kernel launch cost per layer per iteration
    double allReduceLatencySeconds = 8e-6;    ///< fixed cost of one tensor-parallel all-reduce
    /// Fixed cost of one collective or send over the network between nodes: 19-20 us for an
    /// 8-byte NCCL all-reduce between two A100 nodes on HDR InfiniBand (NVIDIA/nccl-tests
    /// issue #150, 2023-06-29).
    double interNodeLatencySeconds = 20e-6;
    /// Host-side cost per running sequence per iteration (scheduling, sampling,
    /// detokenisation, streaming): what makes vLLM 0.5's time per token grow with the batch
    /// even for a 2B model.
    double perSequenceOverheadSeconds = 0.0;
    /// Extra cost of each layer of a mixture-of-experts model per iteration (routing, token
    /// permutation, grouped-GEMM launches), above the roofline of the experts' weights.
    double moeLayerOverheadSeconds = 0.0;

    bool operator==(const PerformanceParams &) const = default;
};

/// GPU power model (docs/model.md, "Power and energy"). While an iteration runs, each GPU of the
/// replica draws idle + (TDP - idle) x activity, with activity = busyActivity x (share of the
/// wall time its kernels run) + networkActivity x (share spent in the tensor-parallel
/// all-reduce) + computeWeight x (achieved share of peak FLOP/s) + memoryWeight x (achieved
/// share of peak memory bandwidth), at most 1. While the GPU waits for the host (the fixed
/// per-iteration and per-layer costs) and between iterations it draws idle watts.
struct PowerParams
{
    double idleWatts = 0.0; ///< per GPU; 0 = the GPU catalog's idle figure
    /// Share of (TDP - idle) drawn while kernels run, whatever they compute: clocks, resident
    /// SMs, caches. Defaults: the mid-range of the fitted generations (docs/validation.md).
    double busyActivity = 0.4;
    double networkActivity = 0.3; ///< the same while the GPU runs a tensor-parallel all-reduce
    double computeWeight = 1.2;   ///< per unit of achieved FLOP/s / peak FLOP/s (MFU)
    double memoryWeight = 0.5;    ///< per unit of achieved bandwidth / peak bandwidth (MBU)
    /// Per-GPU power limit in watts (0 = none). A capped iteration runs its compute-bound part
    /// at a lower clock: see docs/model.md.
    double powerCapWatts = 0.0;
    /// Host power besides the GPUs (CPUs, memory, NICs, fans): watts per GPU, plus a fraction of
    /// GPU power. IT power = GPU power x (1 + serverOverheadFraction) + GPUs x this.
    double serverOverheadWattsPerGpu = 0.0;
    double serverOverheadFraction = 0.0;

    bool operator==(const PowerParams &) const = default;
};

enum class HostingKind { Cloud, OnPremises };

/// How the GPUs are paid for, and their embodied carbon.
struct HostingSpec
{
    HostingKind kind = HostingKind::Cloud;
    // Cloud: every provisioned GPU is billed for the whole horizon, busy or idle.
    std::string offering; ///< catalog "provider/offering" (cloud_gpu_prices.csv), or ""
    std::string priceType = "on-demand"; ///< on-demand, reserved, spot, ... (informational)
    double pricePerGpuHourUsd = 0.0;
    /// Spot or preemptible capacity: each provisioned replica is taken away at this mean rate
    /// (a Poisson process per replica); the requests it held start again on another replica
    /// and a replacement starts with the cold start of `autoscaling` (docs/model.md, "Spot
    /// interruptions"). 0 = never.
    double interruptionsPerDay = 0.0;
    // On premises: capex amortised linearly over amortizationYears, plus electricity and
    // operations.
    double purchasePricePerGpuUsd = 0.0;  ///< per GPU (used when no node price is given)
    double purchasePricePerNodeUsd = 0.0; ///< per server of gpusPerNode GPUs; 0 = per-GPU price
    int gpusPerNode = 8;
    double amortizationYears = 3.0;
    double operationsFractionOfCapexPerYear = 0.0; ///< e.g. 0.1 = 10 % of capex per year
    double operationsUsdPerYear = 0.0;             ///< fixed yearly operations cost
    double staffUsdPerYear = 0.0;                  ///< people who run the servers, per year
    /// Colocation: USD per kW of the servers' nameplate IT power per month (rack space,
    /// cooling and power delivery; the electricity itself is billed apart).
    double colocationUsdPerKwMonth = 0.0;
    double networkUsdPerMonth = 0.0; ///< transit, cross-connects
    /// Yearly interest on the purchase: the capex is paid back as an annuity over
    /// amortizationYears (capital recovery factor); 0 = straight-line.
    double financingRatePercent = 0.0;
    /// Share of the purchase price recovered when the hardware is sold at the end of
    /// amortizationYears; it lowers the capital cost.
    double residualValueFraction = 0.0;
    // Embodied carbon, amortised over the hardware's lifetime by provisioned time.
    /// 150 kg per GPU: the default of the ML CO2 Impact / Hugging Face calculators (catalog
    /// embodied_carbon.csv; an assumption, not a life-cycle assessment).
    double embodiedKgCo2ePerGpu = 150.0;
    double embodiedKgCo2ePerNode = 0.0;
    double hardwareLifetimeYears = 5.0;

    bool operator==(const HostingSpec &) const = default;
};

/// A model served through a provider's API instead of on our GPUs: billed per token, with a
/// simple latency model (no queueing: the provider's capacity is taken as unlimited).
struct ApiSpec
{
    std::string provider; ///< e.g. "OpenAI" (catalog api_prices.csv), informational
    std::string model;    ///< e.g. "gpt-3.5-turbo-1106"
    double inputUsdPerMillionTokens = 0.0;
    double outputUsdPerMillionTokens = 0.0;
    double cachedInputShare = 0.0;    ///< share of input tokens served from the provider's cache
    double cachedInputDiscount = 0.5; ///< price reduction on those tokens, in [0, 1]
    /// Share of the requests sent through the provider's batch API (answered within hours:
    /// for work nobody waits for), billed at (1 - batchDiscount) of the price. Billing only:
    /// the latency figures treat every request as synchronous.
    double batchShare = 0.0;
    /// 0.5: OpenAI's Batch API and Anthropic's Message Batches both bill half price on input
    /// and output tokens (their batch documentation; docs/model.md, "Cost").
    double batchDiscount = 0.5;
    double ttftSeconds = 0.5;            ///< time to first token
    double outputTokensPerSecond = 80.0; ///< streaming speed after the first token

    bool operator==(const ApiSpec &) const = default;
};

enum class DeploymentKind { SelfHosted, Api };

/// What the autoscaler compares with its target (docs/model.md, "Autoscaling").
enum class ScalingMetric {
    Load,  ///< requests outstanding (waiting or running) per replica, as Knative's concurrency
    Queue, ///< requests waiting per replica, as a queue-length scaler (KEDA)
};

/// Replicas that follow the traffic (docs/model.md, "Autoscaling"). hardware.replicas is the
/// most the deployment may run; replicas are provisioned, and paid for, only while needed.
/// Every intervalSeconds the autoscaler recommends ceil(provisioned x metric / target)
/// replicas, as the Kubernetes horizontal pod autoscaler does, and leaves the count alone
/// while metric / target is within the tolerance of 1. A scale-up acts on the lowest
/// recommendation of the last scaleUpDelaySeconds, a scale-down on the highest of the last
/// scaleDownDelaySeconds (the HPA's stabilisation windows). A new replica is billed from the
/// decision and serves after its cold start: provisionSeconds, then its weights loaded at
/// loadGBps per GPU. A replica removed finishes the requests it holds first.
struct AutoscalingSpec
{
    bool enabled = false;
    ScalingMetric metric = ScalingMetric::Load;
    double target = 16.0;    ///< requests per replica (outstanding, or waiting for Queue)
    int minReplicas = 1;     ///< 0 lets the deployment scale to zero
    int initialReplicas = 1; ///< provisioned and ready at time 0, in [minReplicas, replicas]
    /// 15 s: the HPA's default sync period (kube-controller-manager
    /// --horizontal-pod-autoscaler-sync-period).
    double intervalSeconds = 15.0;
    /// 0 s up and 300 s down: the HPA's default stabilisation windows (Kubernetes docs,
    /// "Horizontal Pod Autoscaling", behavior).
    double scaleUpDelaySeconds = 0.0;
    double scaleDownDelaySeconds = 300.0;
    /// 0.1: the HPA's default tolerance (--horizontal-pod-autoscaler-tolerance).
    double tolerance = 0.1;
    /// Instance and container start before the weights load: an assumption (cloud VMs with a
    /// cached image start in about a minute); set it from your own platform.
    double provisionSeconds = 60.0;
    /// Weight bytes each GPU reads per second while loading (local NVMe or a network store;
    /// an assumption of 2 GB/s, see docs/model.md).
    double loadGBps = 2.0;

    bool operator==(const AutoscalingSpec &) const = default;
};

/// Requests that would wait too long on a self-hosted deployment go to another deployment
/// (an API, or a second pool): the hybrid "burst to the cloud" setup. A request overflows when
/// the replica it would join already has maxWaiting requests waiting, or when the deployment
/// has no replica ready. Overflowed requests are served by the target as routed there (one
/// step: the target's own overflow rule is not followed).
struct OverflowSpec
{
    std::string deployment; ///< the target's name; empty = no overflow
    int maxWaiting = 8;

    bool operator==(const OverflowSpec &) const = default;
};

struct HardwareSpec
{
    model::GpuSpec gpu;
    /// GPUs of one replica: tensor-parallel degree x pipelineStages.
    int gpusPerReplica = 1;
    /// Pipeline-parallel stages; each holds ceil(layers / stages) layers on gpusPerReplica /
    /// stages tensor-parallel GPUs (docs/model.md, "Pipeline parallelism").
    int pipelineStages = 1;
    int replicas = 1;

    bool operator==(const HardwareSpec &) const = default;
};

/// One deployment: a model on our hardware behind one serving policy (self-hosted), or a model
/// behind a provider's API.
struct Deployment
{
    std::string name = "main";
    DeploymentKind kind = DeploymentKind::SelfHosted;
    ApiSpec api; ///< Api only; the fields below are SelfHosted only
    model::ModelSpec model;
    model::Precision weightPrecision = model::Precision::Bf16;
    model::Precision kvPrecision = model::Precision::Bf16;
    HardwareSpec hardware;
    ServingSpec serving;
    PerformanceParams performance;
    PowerParams power;
    HostingSpec hosting;
    AutoscalingSpec autoscaling;
    OverflowSpec overflow;

    bool operator==(const Deployment &) const = default;
};

// ---- Routing and caching ---------------------------------------------------------------------

struct Route
{
    std::string deployment;
    double share = 1.0; ///< relative weight among the rule's routes

    bool operator==(const Route &) const = default;
};

/// Sends requests to deployments. The first rule whose filters match a request applies; an
/// empty filter matches everything. A request matching no rule goes to its class's
/// `deployment` (or the first deployment).
struct RoutingRule
{
    std::string complexity; ///< match this complexity tag ("" = any)
    std::string className;  ///< match this class name ("" = any)
    std::vector<Route> routes;

    bool operator==(const RoutingRule &) const = default;
};

/// A response cache in front of routing. Every request is looked up; a hit (probability: its
/// class's cacheHitRate) is answered after hitLatencySeconds and never reaches a deployment.
struct CacheSpec
{
    double hitLatencySeconds = 0.05;
    double costPerLookupUsd = 0.0;

    bool operator==(const CacheSpec &) const = default;
};

/// Where the hardware runs: grid carbon, facility overhead, electricity price.
struct RegionSpec
{
    /// Defaults are the catalog's United States rows: grid 369.5 gCO2e/kWh (Ember/OWID 2023),
    /// PUE 1.56 (Uptime Institute 2024 survey mean), industrial electricity 8.06 US cents/kWh
    /// (EIA 2023).
    std::string regionId = "USA"; ///< catalog region (grid_carbon_intensity.csv), informational
    double carbonIntensityGramsPerKwh = 369.5; ///< gCO2e per kWh drawn from the grid
    /// Optional 24-hour profile: intensity in hour h = carbonIntensity x multiplier[h]
    /// (normalised to mean 1). Off = flat.
    bool hourlyCarbonProfile = false;
    std::array<double, 24> hourlyCarbonMultipliers{};
    double pue = 1.56;                         ///< facility energy / IT energy
    double electricityPricePerKwhUsd = 0.0806; ///< on-premises energy cost

    bool operator==(const RegionSpec &) const = default;
};

// ---- Whole scenario -------------------------------------------------------------------------

/// What-ifs on every price at once (docs/model.md, "Cost").
struct PricesSpec
{
    /// Every price of the scenario (GPU rent, purchase, electricity, operations, staff,
    /// colocation, network, API tokens, cache lookups) moved by this percentage: -30 = all
    /// prices 30 % lower.
    double changePercent = 0.0;

    double multiplier() const { return 1.0 + changePercent / 100.0; }
    bool operator==(const PricesSpec &) const = default;
};

struct Slo
{
    double ttftSeconds = 2.0; ///< a request meets the SLO if TTFT <= this ...
    double tpotSeconds = 0.1; ///< ... and its mean time per output token <= this

    bool operator==(const Slo &) const = default;
};

struct SimulationSettings
{
    double horizonSeconds = 3600.0; ///< simulated duration; arrivals stop here and so does the run
    double warmupSeconds = 0.0;     ///< requests arriving earlier are left out of statistics
    double timeseriesResolutionSeconds = 60.0;
    std::uint64_t seed = 1;
    std::uint64_t replication = 0;
    /// Refuse scenarios expected to generate more requests than this (a run budget).
    std::uint64_t maxRequests = 20'000'000;

    bool operator==(const SimulationSettings &) const = default;
};

struct Scenario
{
    int version = kScenarioFormatVersion;
    std::string name;
    std::string description;
    SimulationSettings simulation;
    Workload workload;
    std::vector<Deployment> deployments; ///< at least one
    std::vector<RoutingRule> routing;
    CacheSpec cache;
    RegionSpec region;
    PricesSpec prices;
    Slo slo;

    bool operator==(const Scenario &) const = default;
};

/// Deterministic estimate of how many requests the scenario will generate over its horizon
/// (used to refuse runs that could not finish). Closed loops are bounded by
/// users x horizon / (think time + mean response time), with the response time taken as at
/// least @p minResponseSeconds (and never below 1 ms); the engine passes a floor derived from
/// the performance model.
double expectedRequestCount(const Scenario &scenario, double minResponseSeconds = 0.0);

/// True when a self-hosted deployment's provisioned replicas change during a run: it is
/// autoscaled, or rented as spot capacity that can be interrupted.
inline bool provisioningVaries(const Deployment &d)
{
    return d.kind == DeploymentKind::SelfHosted
           && (d.autoscaling.enabled
               || (d.hosting.kind == HostingKind::Cloud && d.hosting.interruptionsPerDay > 0.0));
}

} // namespace tw::scenario
