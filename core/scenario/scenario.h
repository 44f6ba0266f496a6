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
};

/// A trace record in the Azure LLM inference trace format.
struct TraceRecord
{
    double arrivalSeconds = 0.0; ///< since the first record
    int promptTokens = 0;
    int outputTokens = 0;
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
    std::shared_ptr<const std::vector<TraceRecord>> trace;
    std::string traceFile;  ///< as written in the scenario (for saving it back)
    double timeScale = 1.0; ///< inter-arrival times are multiplied by this (0.5 = twice as fast)
    bool loop = false;      ///< restart the trace when it ends, instead of ending arrivals

    /// Closed loop: each user sends its next request when the previous one completes.
    int users = 1;
    double thinkTimeSeconds = 0.0;
    ThinkTimeKind thinkTimeKind = ThinkTimeKind::Fixed;
};

/// A kind of request: its share of traffic, its lengths and its routing tag.
struct RequestClass
{
    std::string name;
    double share = 1.0;      ///< relative weight; shares are normalised over all classes
    std::string complexity;  ///< free tag used by routing ("easy", "hard", ...)
    std::string deployment;  ///< name of the deployment serving it; empty = the first one
    LengthDistribution promptTokens;
    LengthDistribution outputTokens;
};

struct Workload
{
    ArrivalSpec arrival;
    std::vector<RequestClass> classes;
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
};

/// Parameters of the iteration-time model (docs/model.md). Calibrated in a later step;
/// the defaults are conservative published-order-of-magnitude values.
struct PerformanceParams
{
    double computeEfficiency = 0.6;       ///< achieved / peak FLOP/s on prefill-like work
    double memoryEfficiency = 0.8;        ///< achieved / peak memory bandwidth on decode
    double interconnectEfficiency = 0.7;  ///< achieved / nominal one-way link bandwidth
    double iterationOverheadSeconds = 0.0005; ///< scheduler + launch cost per iteration
    double perLayerOverheadSeconds = 0.0;     ///< kernel launch cost per layer per iteration
    double allReduceLatencySeconds = 8e-6;    ///< fixed cost of one tensor-parallel all-reduce
};

struct HardwareSpec
{
    model::GpuSpec gpu;
    int gpusPerReplica = 1; ///< tensor-parallel degree
    int replicas = 1;
};

/// One self-hosted deployment: a model on some hardware behind one serving policy.
struct Deployment
{
    std::string name = "main";
    model::ModelSpec model;
    model::Precision weightPrecision = model::Precision::Bf16;
    model::Precision kvPrecision = model::Precision::Bf16;
    HardwareSpec hardware;
    ServingSpec serving;
    PerformanceParams performance;
};

// ---- Whole scenario -------------------------------------------------------------------------

struct Slo
{
    double ttftSeconds = 2.0; ///< a request meets the SLO if TTFT <= this ...
    double tpotSeconds = 0.1; ///< ... and its mean time per output token <= this
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
};

struct Scenario
{
    int version = kScenarioFormatVersion;
    std::string name;
    std::string description;
    SimulationSettings simulation;
    Workload workload;
    std::vector<Deployment> deployments; ///< at least one
    Slo slo;
};

/// Deterministic estimate of how many requests the scenario will generate over its horizon
/// (used to refuse runs that could not finish). Closed loops are bounded by
/// users x horizon / (think time + mean response time), with the response time taken as at
/// least @p minResponseSeconds (and never below 1 ms); the engine passes a floor derived from
/// the performance model.
double expectedRequestCount(const Scenario &scenario, double minResponseSeconds = 0.0);

} // namespace tw::scenario
