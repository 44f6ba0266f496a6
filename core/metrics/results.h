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
    std::vector<double> arrivals;         ///< requests that arrived in the bin
    std::vector<double> completions;      ///< requests that completed in the bin
    std::vector<double> queueDepthMean;   ///< time-averaged waiting requests (all replicas)
    std::vector<double> runningMean;      ///< time-averaged running requests (all replicas)
    std::vector<double> busyFraction;     ///< mean over GPUs-replicas of the busy time share
    std::vector<double> latencyP50Seconds; ///< end-to-end, requests completing in the bin
    std::vector<double> latencyP95Seconds;
    std::vector<double> outputTokens;     ///< tokens generated in the bin
};

/// Results of one deployment (all its replicas).
struct DeploymentResults
{
    std::string name;
    std::string modelId;
    std::string gpuId;
    int replicas = 0;
    int gpusPerReplica = 0;
    double weightBytesPerGpu = 0.0;
    double kvCapacityTokensPerReplica = 0.0;
    std::uint64_t completedRequests = 0; ///< in the measurement window
    double outputTokensPerSecond = 0.0;
    Summary ttftSeconds, tpotSeconds, e2eSeconds, queueingSeconds;
    double busyFraction = 0.0;       ///< share of replica-time with an iteration running
    double meanRunningBatch = 0.0;   ///< time-averaged running requests while busy
    double kvUtilization = 0.0;      ///< time-averaged KV tokens used / capacity
    std::uint64_t preemptions = 0;
    std::uint64_t iterations = 0;
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
    std::uint64_t unfinishedQueued = 0;  ///< waiting at the horizon
    std::uint64_t unfinishedRunning = 0; ///< admitted but not finished at the horizon
    std::uint64_t measuredRequests = 0;  ///< completed requests in the statistics
    std::uint64_t generatedTokens = 0;   ///< output tokens produced over the whole run
    std::uint64_t completedOutputTokens = 0; ///< sum of output lengths of completed requests

    Summary ttftSeconds;     ///< arrival to first output token
    Summary tpotSeconds;     ///< (last token - first token) / (output tokens - 1), per request
    Summary e2eSeconds;      ///< arrival to last token
    Summary queueingSeconds; ///< arrival to first admission into a batch

    double requestsPerSecond = 0.0;     ///< completions per second in the window
    double outputTokensPerSecond = 0.0; ///< tokens generated per second in the window
    double inputTokensPerSecond = 0.0;  ///< prompt tokens of completed requests per second
    double goodputRequestsPerSecond = 0.0; ///< completions meeting the SLO per second
    double sloAttainment = 0.0;            ///< share of measured requests meeting the SLO
    double meanRequestsInSystem = 0.0;     ///< time-averaged queued + running (Little's L)
    double arrivalRatePerSecond = 0.0;     ///< arrivals per second in the window

    double busyFraction = 0.0;
    double meanRunningBatch = 0.0;
    double kvUtilization = 0.0;
    std::uint64_t preemptions = 0;

    std::vector<DeploymentResults> deployments;
    TimeSeries timeSeries;

    std::uint64_t eventsProcessed = 0;
    double wallSeconds = 0.0; ///< time the simulation took (not part of determinism checks)
};

} // namespace tw::metrics
