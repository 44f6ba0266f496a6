// Turns the engine's meters and per-request records into an immutable Results value (energy,
// carbon and cost are filled above the engine, by accounting::account()).

#include "core/defaults/accuracy.h"
#include "core/defaults/calibrated_defaults.h"
#include "core/metrics/summary.h"
#include "core/sim/engine_impl.h"

#include <algorithm>
#include <cmath>

namespace tw::sim {
namespace {

void append(std::vector<double> &to, const std::vector<double> &from)
{
    to.insert(to.end(), from.begin(), from.end());
}

/// The most requests one replica of a deployment can run at once (DeploymentResults::
/// batchLimit): the policy's cap, and for continuous batching what the KV cache holds of
/// requests as long as the ones completed (prompt + output, their longest context).
double batchLimitOf(const scenario::ServingSpec &serving, double kvCapacityTokens,
                    const DestinationMeters &m)
{
    switch (serving.policy) {
    case scenario::BatchingPolicy::None:
        return 1.0;
    case scenario::BatchingPolicy::Static:
    case scenario::BatchingPolicy::Dynamic:
        return serving.maxBatchSize;
    case scenario::BatchingPolicy::Continuous:
        break;
    }
    double limit = serving.maxRunningRequests;
    if (m.completed > 0 && kvCapacityTokens > 0.0) {
        const double meanTokens = static_cast<double>(m.inputTokens + m.outputTokens)
                                  / static_cast<double>(m.completed);
        if (meanTokens > 0.0)
            limit = std::min(limit, std::max(1.0, std::floor(kvCapacityTokens / meanTokens)));
    }
    return limit;
}

} // namespace

double Engine::provisionedReplicaSeconds(std::size_t deployment, double window) const
{
    const ReplicaPool &pool = m_pools[deployment];
    return pool.metered ? pool.provisioned.windowIntegral()
                        : window * m_scenario.deployments[deployment].hardware.replicas;
}

metrics::Results Engine::collect(metrics::RunStatus status, std::string message, double wallSeconds)
{
    metrics::Results res;
    res.status = status;
    res.statusMessage = std::move(message);
    res.scenarioName = m_scenario.name;
    res.seed = m_seed;
    res.horizonSeconds = m_scenario.simulation.horizonSeconds;
    res.warmupSeconds = m_scenario.simulation.warmupSeconds;
    res.arrivedRequests = m_arrived;
    res.completedRequests = m_completed;
    res.rejectedRequests = m_rejected;
    res.unfinishedRunning = m_externalInFlight;
    for (const auto &replica : m_replicas) {
        res.unfinishedQueued += replica->waitingCount();
        res.unfinishedRunning += replica->runningCount();
        res.preemptions += replica->preemptions();
    }
    for (const ReplicaPool &pool : m_pools)
        res.unfinishedQueued += pool.pending.size();
    res.generatedTokens = m_generatedTokens;
    res.completedOutputTokens = m_completedOutputTokens;
    res.cacheHits = m_cacheHits;
    res.wallSeconds = wallSeconds;

    const double window = std::max(1e-9, res.horizonSeconds - res.warmupSeconds);
    double busyIntegral = 0.0, runningIntegral = m_cacheMeters.running.windowIntegral();
    double kvIntegral = 0.0;
    double occupiableIntegral = 0.0; // busy replica-seconds x their batch limits
    double fleetGpus = 0.0, flopsShareSum = 0.0, bandwidthShareSum = 0.0;
    double provisionedIntegral = 0.0; // replica-seconds provisioned, all self-hosted
    for (std::size_t d = 0; d < m_meters.size(); ++d) {
        DestinationMeters &m = m_meters[d];
        const scenario::Deployment &dep = m_scenario.deployments[d];
        metrics::DeploymentResults dr;
        dr.name = dep.name;
        dr.api = dep.kind == scenario::DeploymentKind::Api;
        dr.requests = m.routed;
        dr.inputTokens = m.inputTokens;
        dr.outputTokens = m.outputTokens;
        dr.completedRequests = m.completedInWindow;
        dr.sloAttainment = m.completedInWindow > 0
                                   ? static_cast<double>(m.sloMetInWindow)
                                             / static_cast<double>(m.completedInWindow)
                                   : 0.0;
        runningIntegral += m.running.windowIntegral();
        // Summaries reorder the vectors; the merged total below only needs their values.
        dr.ttftSeconds = metrics::summarize(m.ttft);
        dr.tpotSeconds = metrics::summarize(m.tpot);
        dr.e2eSeconds = metrics::summarize(m.e2e);
        dr.queueingSeconds = metrics::summarize(m.queueing);
        if (dr.api) {
            dr.modelId = dep.api.model;
            dr.gpuId = dep.api.provider;
            // Tokens streamed by the API to requests completed after the warm-up.
            dr.outputTokensPerSecond = static_cast<double>(m.outputTokens) / res.horizonSeconds;
            res.deployments.push_back(std::move(dr));
            continue;
        }
        const hardware::PerfModel &perf = *m_perf[d];
        dr.modelId = dep.model.id.empty() ? dep.model.hfRepo : dep.model.id;
        dr.gpuId = dep.hardware.gpu.id.empty() ? dep.hardware.gpu.name : dep.hardware.gpu.id;
        dr.replicas = dep.hardware.replicas;
        dr.gpusPerReplica = dep.hardware.gpusPerReplica;
        dr.pipelineStages = dep.hardware.pipelineStages;
        dr.weightBytesPerGpu = perf.weightBytesPerGpu();
        dr.kvCapacityTokensPerReplica = std::floor(perf.kvCapacityTokens());
        calibration::ParameterOrigin source
                = calibration::parameterOriginFor(dep.hardware.gpu, dep.serving.software);
        source.overridden = calibration::overriddenParameters(
                calibration::defaultsFor(dep.hardware.gpu, dep.serving.software), dep.performance,
                dep.power);
        dr.parameterSource = source.describe();
        dr.parametersBorrowed = source.borrowed;
        dr.parameterRows = source.borrowed || !source.fitted ? 0 : source.rows;
        dr.outputTokensPerSecond = m.outputTokensInWindow / window;
        // Shares of what was provisioned: all replicas, or those the autoscaler kept.
        const double replicaSeconds = provisionedReplicaSeconds(d, window);
        const ReplicaPool &pool = m_pools[d];
        dr.autoscaled = pool.autoscaled;
        dr.meanProvisionedReplicas = replicaSeconds / window;
        dr.peakProvisionedReplicas = pool.metered ? pool.peakProvisioned : dep.hardware.replicas;
        dr.interruptions = pool.interruptions;
        dr.restartedRequests = pool.restartedRequests;
        dr.lostTokens = pool.lostTokens;
        dr.preemptions += pool.retiredPreemptions;
        dr.iterations += pool.retiredIterations;
        dr.coldStarts = pool.scaleUps;
        dr.replicasReleased = pool.scaleDowns;
        dr.overflowedRequests = pool.overflowed;
        provisionedIntegral += replicaSeconds;
        dr.busyFraction = m.busy.windowIntegral() / replicaSeconds;
        dr.meanRunningBatch = m.busy.windowIntegral() > 0.0
                                      ? m.running.windowIntegral() / m.busy.windowIntegral()
                                      : 0.0;
        dr.kvUtilization = m.kvUsed.windowIntegral() / replicaSeconds;
        dr.batchLimit = batchLimitOf(dep.serving, perf.kvCapacityTokens(), m);
        dr.batchOccupancy = dr.batchLimit > 0.0 ? dr.meanRunningBatch / dr.batchLimit : 0.0;
        const double gpuSeconds = replicaSeconds;
        const double peakFlops = dep.hardware.gpu.peakFlopsPerSecond(dep.weightPrecision);
        const double peakBytes = dep.hardware.gpu.memoryBandwidthGbPerSec * 1e9;
        dr.flopsUtilization = peakFlops > 0.0 ? m.flopsInWindow / (gpuSeconds * peakFlops) : 0.0;
        dr.bandwidthUtilization
                = peakBytes > 0.0 ? m.bytesInWindow / (gpuSeconds * peakBytes) : 0.0;
        // How sure: the errors of the parameter group, and whether this run lies where its
        // rows were measured (docs/validation.md, "How sure a prediction is").
        const calibration::Accuracy accuracy = calibration::accuracyFor(source);
        dr.accuracyThroughputPercent = accuracy.throughputPercent;
        dr.accuracyLatencyPercent = accuracy.latencyPercent;
        dr.accuracyEnergyPercent = accuracy.energyPercent;
        dr.accuracyPowerPercent = accuracy.powerPercent;
        dr.accuracyBasis = accuracy.basis;
        if (!dr.accuracyBasis.empty() && source.overridden > 0)
            dr.accuracyBasis += " (not counting the parameters the scenario sets itself)";
        calibration::RunShape shape;
        shape.modelParamsB = dep.model.totalParams / 1e9;
        shape.meanBatch = dr.meanRunningBatch;
        shape.pipelineStages = dep.hardware.pipelineStages;
        shape.tensorParallelAcrossNodes
                = perf.tensorParallel() > hardware::fabricGpus(dep.hardware.gpu);
        dr.outsideMeasuredRange = calibration::outsideMeasuredRange(accuracy, shape);
        const int first = m_firstReplica[d];
        for (int r = first; r < first + dep.hardware.replicas; ++r) {
            dr.preemptions += m_replicas[static_cast<std::size_t>(r)]->preemptions();
            dr.iterations += m_replicas[static_cast<std::size_t>(r)]->iterations();
        }
        busyIntegral += m.busy.windowIntegral();
        kvIntegral += m.kvUsed.windowIntegral();
        occupiableIntegral += m.busy.windowIntegral() * dr.batchLimit;
        const double gpus = dr.meanProvisionedReplicas * dep.hardware.gpusPerReplica;
        fleetGpus += gpus;
        flopsShareSum += dr.flopsUtilization * gpus;
        bandwidthShareSum += dr.bandwidthUtilization * gpus;
        res.deployments.push_back(std::move(dr));
    }

    if (m_meters.size() == 1 && m_cacheMeters.e2e.empty()) {
        const metrics::DeploymentResults &only = res.deployments.front();
        res.ttftSeconds = only.ttftSeconds;
        res.tpotSeconds = only.tpotSeconds;
        res.e2eSeconds = only.e2eSeconds;
        res.queueingSeconds = only.queueingSeconds;
    } else {
        std::vector<double> ttft, tpot, e2e, queueing;
        for (const DestinationMeters *m : {&m_cacheMeters}) {
            append(ttft, m->ttft);
            append(tpot, m->tpot);
            append(e2e, m->e2e);
            append(queueing, m->queueing);
        }
        for (const DestinationMeters &m : m_meters) {
            append(ttft, m.ttft);
            append(tpot, m.tpot);
            append(e2e, m.e2e);
            append(queueing, m.queueing);
        }
        res.ttftSeconds = metrics::summarize(ttft);
        res.tpotSeconds = metrics::summarize(tpot);
        res.e2eSeconds = metrics::summarize(e2e);
        res.queueingSeconds = metrics::summarize(queueing);
    }
    res.measuredRequests = res.e2eSeconds.count;
    res.requestsPerSecond = static_cast<double>(res.measuredRequests) / window;
    res.arrivalRatePerSecond = static_cast<double>(m_arrivedInWindow) / window;
    res.outputTokensPerSecond = m_outputTokensInWindow / window;
    res.inputTokensPerSecond = m_promptTokensMeasured / window;
    res.goodputRequestsPerSecond = static_cast<double>(m_sloMet) / window;
    res.sloAttainment
            = res.measuredRequests > 0
                      ? static_cast<double>(m_sloMet) / static_cast<double>(res.measuredRequests)
                      : 0.0;
    res.meanRequestsInSystem = (m_queued.windowIntegral() + runningIntegral) / window;
    const double replicaWindow = provisionedIntegral > 0.0 ? provisionedIntegral : window;
    res.busyFraction = busyIntegral / replicaWindow;
    double selfHostedRunning = 0.0; // running requests' time integral on our GPUs
    for (std::size_t d = 0; d < m_meters.size(); ++d)
        if (m_perf[d])
            selfHostedRunning += m_meters[d].running.windowIntegral();
    res.meanRunningBatch = busyIntegral > 0.0 ? selfHostedRunning / busyIntegral : 0.0;
    res.kvUtilization = kvIntegral / replicaWindow;
    res.batchOccupancy = occupiableIntegral > 0.0 ? selfHostedRunning / occupiableIntegral : 0.0;
    res.flopsUtilization = fleetGpus > 0.0 ? flopsShareSum / fleetGpus : 0.0;
    res.bandwidthUtilization = fleetGpus > 0.0 ? bandwidthShareSum / fleetGpus : 0.0;

    metrics::TimeSeries &ts = res.timeSeries;
    ts.resolutionSeconds = static_cast<double>(m_binNs) * 1e-9;
    std::vector<double> busyBins(m_bins, 0.0), runningBins(m_bins, 0.0);
    std::vector<double> provisionedBins(m_bins, 0.0); // replica-seconds of autoscaled pools
    int fixedReplicas = 0;                            // replicas of the other deployments
    for (std::size_t d = 0; d < m_meters.size(); ++d) {
        for (std::size_t b = 0; b < m_bins; ++b) {
            busyBins[b] += m_meters[d].busy.binIntegrals()[b];
            runningBins[b] += m_meters[d].running.binIntegrals()[b];
        }
        if (!m_perf[d])
            continue;
        if (!m_pools[d].metered) {
            fixedReplicas += m_scenario.deployments[d].hardware.replicas;
            continue;
        }
        for (std::size_t b = 0; b < m_bins; ++b)
            provisionedBins[b] += m_pools[d].provisioned.binIntegrals()[b];
    }
    for (std::size_t b = 0; b < m_bins; ++b) {
        const double start = static_cast<double>(b) * ts.resolutionSeconds;
        const double length = std::min(ts.resolutionSeconds, res.horizonSeconds - start);
        ts.binStartSeconds.push_back(start);
        ts.arrivals.push_back(m_binArrivals[b]);
        ts.completions.push_back(m_binCompletions[b]);
        ts.outputTokens.push_back(m_binTokens[b]);
        ts.queueDepthMean.push_back(m_queued.binIntegrals()[b] / length);
        ts.runningMean.push_back((runningBins[b] + m_cacheMeters.running.binIntegrals()[b])
                                 / length);
        const double provisioned = fixedReplicas + provisionedBins[b] / length;
        ts.provisionedReplicas.push_back(provisioned);
        ts.busyFraction.push_back(provisioned > 0.0 ? busyBins[b] / (length * provisioned) : 0.0);
        std::vector<double> &latencies = m_binLatencies[b];
        std::sort(latencies.begin(), latencies.end());
        ts.latencyP50Seconds.push_back(metrics::quantileSorted(latencies, 0.50));
        ts.latencyP95Seconds.push_back(metrics::quantileSorted(latencies, 0.95));
    }
    return res;
}

} // namespace tw::sim
