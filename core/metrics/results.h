#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tw::metrics {

/// Summary statistics of one per-request quantity, in seconds.
/// Percentiles use linear interpolation between closest ranks (numpy's default).
struct Summary
{
    std::uint64_t count = 0;
    double mean = 0.0;
    double p50 = 0.0;
    double p90 = 0.0;
    double p95 = 0.0;
    double p99 = 0.0;
    double max = 0.0;
};

/// Per-bin series over simulated time; every vector has one entry per bin.
struct TimeSeries
{
    double resolutionSeconds = 60.0;
    std::vector<double> binStartSeconds;
    std::vector<double> arrivals;       ///< requests that arrived in the bin
    std::vector<double> completions;    ///< requests that completed in the bin
    std::vector<double> queueDepthMean; ///< time-averaged waiting requests (all replicas)
    std::vector<double> runningMean;    ///< time-averaged running requests (all replicas)
    std::vector<double> busyFraction;   ///< busy replica-time / provisioned replica-time
    /// Time-averaged replicas provisioned (all self-hosted deployments; with autoscaling, the
    /// ones the autoscaler kept, starting and draining ones included).
    std::vector<double> provisionedReplicas;
    std::vector<double> latencyP50Seconds; ///< end-to-end, requests completing in the bin
    std::vector<double> latencyP95Seconds;
    std::vector<double> outputTokens; ///< tokens generated in the bin
    std::vector<double> powerWatts;   ///< mean facility power in the bin (all deployments)
    std::vector<double> energyKwh;    ///< facility energy in the bin
    std::vector<double> costUsd;      ///< cost incurred in the bin (all components)
    std::vector<double> carbonKg;     ///< operational + embodied CO2e in the bin
};

/// Energy of one deployment or of all, over the horizon.
struct EnergyResults
{
    double gpuKwh = 0.0;      ///< GPUs only
    double itKwh = 0.0;       ///< GPUs + server overhead
    double facilityKwh = 0.0; ///< IT x PUE
    double averageFacilityWatts = 0.0;
    double peakFacilityWatts = 0.0;    ///< highest time-series bin average
    double averageGpuWatts = 0.0;      ///< per GPU, averaged over the horizon
    double busyGpuWatts = 0.0;         ///< per GPU, averaged over time with an iteration running
    double joulesPerOutputToken = 0.0; ///< facility energy / output tokens generated
    double gpuJoulesPerOutputToken = 0.0;
};

struct CarbonResults
{
    double operationalKg = 0.0; ///< facility kWh x grid intensity
    double embodiedKg = 0.0;    ///< hardware embodied carbon x provisioned time / lifetime
    double totalKg = 0.0;
    double tonnesPerYear = 0.0; ///< total scaled to 8,760 hours
    double gramsPerMillionOutputTokens = 0.0;
};

struct CostResults
{
    double totalUsd = 0.0;
    // Components (sum to totalUsd):
    double gpuBusyUsd = 0.0;    ///< GPU cost (cloud rent or amortised capex) while iterating
    double gpuIdleUsd = 0.0;    ///< GPU cost while no iteration runs
    double energyUsd = 0.0;     ///< on-premises electricity
    double operationsUsd = 0.0; ///< on-premises operations
    double staffUsd = 0.0;      ///< on-premises staff
    double facilityUsd = 0.0;   ///< on-premises colocation and network
    double apiUsd = 0.0;        ///< API token charges
    double cacheUsd = 0.0;      ///< response-cache lookups
    double perMonthUsd = 0.0;   ///< totalUsd scaled to 730 hours
    double perYearUsd = 0.0;    ///< scaled to 8,760 hours
    double perMillionOutputTokensUsd = 0.0;
    double perRequestUsd = 0.0;
    /// Share of the self-hosted GPU cost spent while no iteration ran (thin traffic cannot be
    /// batched: this is why a self-hosted model can cost more per token than an API).
    double idleShare = 0.0;
};

/// Results of one deployment (all its replicas).
struct DeploymentResults
{
    std::string name;
    std::string modelId;
    std::string gpuId;
    int replicas = 0;
    int gpusPerReplica = 0;
    int pipelineStages = 1; ///< gpusPerReplica / pipelineStages are tensor-parallel
    double weightBytesPerGpu = 0.0;
    double kvCapacityTokensPerReplica = 0.0;
    /// Where the performance and power parameters come from, with the measured rows behind
    /// them (calibration::ParameterOrigin::describe); empty for an API.
    std::string parameterSource;
    int parameterRows = 0;           ///< measured rows behind them; 0 when borrowed or unfitted
    bool parametersBorrowed = false; ///< of another GPU generation or software
    /// How sure the prediction is (calibration::Accuracy): median absolute percentage errors
    /// of the parameter group against published measurements; 0 = not known.
    double accuracyThroughputPercent = 0.0;
    double accuracyLatencyPercent = 0.0;
    double accuracyEnergyPercent = 0.0;
    double accuracyPowerPercent = 0.0;
    std::string accuracyBasis;           ///< what those figures are
    std::string outsideMeasuredRange;    ///< empty when inside; else what lies outside
    std::uint64_t completedRequests = 0; ///< in the measurement window
    /// Share of the requests measured here (completedRequests) within the scenario's TTFT and
    /// TPOT limits: the deployment's own SLO attainment.
    double sloAttainment = 0.0;
    double outputTokensPerSecond = 0.0;
    Summary ttftSeconds, tpotSeconds, e2eSeconds, queueingSeconds;
    double busyFraction = 0.0;     ///< share of replica-time with an iteration running
    double meanRunningBatch = 0.0; ///< time-averaged running requests while busy
    double kvUtilization = 0.0;    ///< time-averaged KV tokens used / capacity
    /// Most requests one replica can run at once: the batching policy's cap
    /// (maxRunningRequests, maxBatchSize, 1 without batching), and for continuous batching at
    /// most the KV capacity / the mean tokens (prompt + output) of the requests completed here.
    double batchLimit = 0.0;
    double batchOccupancy = 0.0; ///< meanRunningBatch / batchLimit
    /// Achieved share of the GPUs' peak FLOP/s (at the weight precision) over the window: MFU.
    double flopsUtilization = 0.0;
    /// Achieved share of the GPUs' peak memory bandwidth over the window: MBU.
    double bandwidthUtilization = 0.0;
    std::uint64_t preemptions = 0;
    std::uint64_t iterations = 0;
    /// Autoscaling (docs/model.md, "Autoscaling"): without it, every replica is provisioned
    /// for the whole run (mean = peak = replicas, no starts or releases).
    bool autoscaled = false;
    double meanProvisionedReplicas = 0.0; ///< over the measurement window
    int peakProvisionedReplicas = 0;
    std::uint64_t coldStarts = 0;       ///< replicas started (whole run)
    std::uint64_t replicasReleased = 0; ///< replicas let go (called off or drained)
    /// Requests this deployment sent on to its overflow target (whole run).
    std::uint64_t overflowedRequests = 0;
    /// Spot interruptions (whole run): replicas taken away, the requests they held (started
    /// again from their prompt), and the output tokens those had made (generated, never
    /// delivered).
    std::uint64_t interruptions = 0;
    std::uint64_t restartedRequests = 0;
    std::uint64_t lostTokens = 0;
    bool api = false;              ///< served through an API: no GPUs, no queueing
    std::uint64_t requests = 0;    ///< routed here over the whole run
    std::uint64_t inputTokens = 0; ///< prompt tokens of requests completed here (whole run)
    std::uint64_t outputTokens = 0;
    EnergyResults energy;
    CarbonResults carbon;
    CostResults cost;
};

enum class RunStatus { Completed, Cancelled, BudgetExceeded };

/// Immutable outcome of one simulation. Statistics cover requests that arrived at or after
/// the warm-up and completed before the horizon; rates divide by (horizon - warm-up).
struct Results
{
    RunStatus status = RunStatus::Completed;
    std::string statusMessage;
    std::string scenarioName;
    std::uint64_t seed = 0;
    double horizonSeconds = 0.0;
    double warmupSeconds = 0.0;

    // Conservation over the whole run:
    // arrived = completed + rejected + unfinishedQueued + unfinishedRunning.
    std::uint64_t arrivedRequests = 0;
    std::uint64_t completedRequests = 0;
    /// Requests whose prompt + output exceed a replica's whole KV cache: they could never run.
    std::uint64_t rejectedRequests = 0;
    std::uint64_t unfinishedQueued = 0;      ///< waiting at the horizon
    std::uint64_t unfinishedRunning = 0;     ///< admitted but not finished at the horizon
    std::uint64_t measuredRequests = 0;      ///< completed requests in the statistics
    std::uint64_t generatedTokens = 0;       ///< output tokens produced over the whole run
    std::uint64_t completedOutputTokens = 0; ///< sum of output lengths of completed requests

    Summary ttftSeconds;     ///< arrival to first output token
    Summary tpotSeconds;     ///< (last token - first token) / (output tokens - 1), per request
    Summary e2eSeconds;      ///< arrival to last token
    Summary queueingSeconds; ///< arrival to first admission into a batch

    double requestsPerSecond = 0.0;        ///< completions per second in the window
    double outputTokensPerSecond = 0.0;    ///< output tokens per second in the window: generated by
                                           ///< our GPUs, plus delivered by APIs and the cache
    double inputTokensPerSecond = 0.0;     ///< prompt tokens of completed requests per second
    double goodputRequestsPerSecond = 0.0; ///< completions meeting the SLO per second
    double sloAttainment = 0.0;            ///< share of measured requests meeting the SLO
    double meanRequestsInSystem = 0.0;     ///< time-averaged queued + running (Little's L)
    double arrivalRatePerSecond = 0.0;     ///< arrivals per second in the window

    double busyFraction = 0.0;
    double meanRunningBatch = 0.0;
    double kvUtilization = 0.0;
    /// Fleet figures of DeploymentResults' measures of the same names: batch occupancy is the
    /// running requests over the batch limits of the busy replicas; MFU and MBU are means
    /// weighted by the deployments' GPUs.
    double batchOccupancy = 0.0;
    double flopsUtilization = 0.0;
    double bandwidthUtilization = 0.0;
    std::uint64_t preemptions = 0;

    std::uint64_t cacheHits = 0; ///< requests answered by the response cache (whole run)

    EnergyResults energy; ///< all deployments
    CarbonResults carbon;
    CostResults cost;

    std::vector<DeploymentResults> deployments;
    TimeSeries timeSeries;

    std::uint64_t eventsProcessed = 0;
    double wallSeconds = 0.0; ///< time the simulation took (not part of determinism checks)
};

} // namespace tw::metrics
