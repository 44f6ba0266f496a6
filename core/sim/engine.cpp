#include "core/sim/engine.h"

#include "core/common/cancellation.h"
#include "core/common/error.h"
#include "core/common/random.h"
#include "core/hardware/perf_model.h"
#include "core/metrics/summary.h"
#include "core/metrics/time_weighted.h"
#include "core/sim/batch_replica.h"
#include "core/sim/continuous_replica.h"
#include "core/sim/event_queue.h"
#include "core/sim/observer.h"
#include "core/workload/arrival_process.h"
#include "core/workload/length_sampler.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <string>

namespace tw::sim {
namespace {

using metrics::RunStatus;
using scenario::ArrivalKind;

std::string formatGb(double bytes)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f GB", bytes / 1e9);
    return text;
}

/// Lower bound on a request's response time: every output token needs its own iteration, and
/// no iteration is faster than reading the dense weights once at the achieved bandwidth plus
/// the fixed overheads.
double minResponseSeconds(const scenario::Scenario &s, const std::vector<hardware::PerfModel> &perf)
{
    double totalShare = 0.0, meanOutput = 0.0;
    for (const scenario::RequestClass &c : s.workload.classes) {
        totalShare += c.share;
        meanOutput += c.share * c.outputTokens.nominalMean();
    }
    meanOutput = totalShare > 0.0 ? meanOutput / totalShare : 1.0;
    double fastestIteration = 1e300;
    for (const hardware::PerfModel &p : perf) {
        hardware::BatchWork one;
        one.decodeTokens = 1;
        fastestIteration = std::min(fastestIteration, p.iteration(one).totalSeconds);
    }
    return std::max(1.0, meanOutput) * fastestIteration;
}

/// Refuses scenarios that cannot be simulated, before any work is done.
void checkFeasible(const scenario::Scenario &s, const std::vector<hardware::PerfModel> &perf)
{
    std::vector<InputIssue> issues;
    for (std::size_t i = 0; i < s.deployments.size(); ++i) {
        const scenario::Deployment &d = s.deployments[i];
        const hardware::PerfModel &p = perf[i];
        const double need = p.weightBytesPerGpu();
        const double usable = p.usableBytesPerGpu();
        const std::string path = "deployments[" + std::to_string(i) + "]";
        const model::GpuSpec &gpu = d.hardware.gpu;
        if (gpu.peakFlopsPerSecond(d.weightPrecision) <= 0.0 || gpu.memoryBandwidthGbPerSec <= 0.0
            || gpu.memoryGb <= 0.0) {
            issues.push_back({path + ".hardware.gpu",
                              "GPU '" + (gpu.id.empty() ? gpu.name : gpu.id)
                                      + "' has no dense TFLOPS, memory or memory bandwidth "
                                        "figure in the catalog; give them in the scenario "
                                        "(bf16Tflops, memoryGb, memoryBandwidthGbPerSec)"});
            continue;
        }
        if (need >= usable) {
            issues.push_back({path, "the model does not fit: " + d.model.id + " in "
                                            + std::string(model::toString(d.weightPrecision))
                                            + " needs " + formatGb(need) + " of weights per GPU (TP "
                                            + std::to_string(p.tensorParallel()) + "), but each "
                                            + d.hardware.gpu.id + " has " + formatGb(usable)
                                            + " usable (memory x (1 - memoryReserveFraction)); short by "
                                            + formatGb(need - usable)
                                            + " per GPU. Use more GPUs per replica, a lower "
                                              "precision or a smaller model"});
        } else if (p.kvCapacityTokens() < 1.0) {
            issues.push_back({path, "no memory is left for the KV cache after the weights"});
        }
    }
    if (!issues.empty())
        throw InputError(std::move(issues));
    const double expected = scenario::expectedRequestCount(s, minResponseSeconds(s, perf));
    if (expected > static_cast<double>(s.simulation.maxRequests)) {
        char text[256];
        std::snprintf(text, sizeof text,
                      "about %.3g requests expected over the horizon, above the run budget of %llu; "
                      "shorten simulation.horizonSeconds, lower the traffic, or raise "
                      "simulation.maxRequests",
                      expected, static_cast<unsigned long long>(s.simulation.maxRequests));
        issues.push_back({"simulation.maxRequests", text});
    }
    if (!issues.empty())
        throw InputError(std::move(issues));
}

/// Per-deployment time-weighted state.
struct DeploymentMeters
{
    metrics::TimeWeighted busy;    ///< busy replicas
    metrics::TimeWeighted running; ///< running requests
    metrics::TimeWeighted kvUsed;  ///< sum over replicas of KV used fraction
    std::vector<double> ttft, tpot, e2e, queueing;
    std::uint64_t completed = 0;
    double outputTokensInWindow = 0.0;
};

class Engine final : public ReplicaHost
{
public:
    Engine(const scenario::Scenario &scenario, const RunOptions &options);
    metrics::Results run();

    // ReplicaHost
    Request &request(std::uint32_t id) override { return m_pool[id]; }
    void scheduleIterationEnd(std::int64_t timeNs, int replica) override
    {
        m_events.push(timeNs, EventPhase::IterationEnd, replica);
    }
    void scheduleTimeout(std::int64_t timeNs, int replica, std::uint64_t generation) override
    {
        m_events.push(timeNs, EventPhase::BatchTimeout, replica, generation);
    }
    void onAdmitted(std::uint32_t id, std::int64_t nowNs) override;
    void onPreempted(std::uint32_t id, std::int64_t nowNs) override;
    void onFirstToken(std::uint32_t id, std::int64_t nowNs) override;
    void onCompleted(std::uint32_t id, std::int64_t nowNs) override;
    void onRejected(std::uint32_t id, std::int64_t nowNs) override;
    void onIterationDone(const IterationRecord &record, std::int64_t tokens) override;
    void onBusyChanged(int replica, bool busy, std::int64_t nowNs) override;
    void onKvUsage(int replica, double usedFraction, std::int64_t nowNs) override;

private:
    void scheduleNextOpenArrival();
    void handleArrival(const Event &event);
    int pickReplica(int deployment);
    bool inWindow(std::int64_t arrivalNs) const { return arrivalNs >= m_warmupNs; }
    std::size_t binOf(std::int64_t timeNs) const
    {
        return static_cast<std::size_t>(timeNs / m_binNs);
    }
    void releaseRequest(std::uint32_t id, std::int64_t nowNs);
    metrics::Results collect(RunStatus status, std::string message, double wallSeconds);

    const scenario::Scenario &m_scenario;
    const RunOptions &m_options;
    std::uint64_t m_seed;
    std::int64_t m_horizonNs;
    std::int64_t m_warmupNs;
    std::int64_t m_binNs;
    std::size_t m_bins;

    std::vector<hardware::PerfModel> m_perf;
    std::vector<std::unique_ptr<Replica>> m_replicas;
    std::vector<int> m_firstReplica; ///< per deployment, index of its first replica
    std::vector<int> m_roundRobin;   ///< per deployment, next replica offset
    std::vector<int> m_classDeployment;
    std::vector<double> m_classCumulativeShare;
    std::vector<workload::LengthSampler> m_promptSamplers, m_outputSamplers;
    std::vector<double> m_replicaKvFraction;
    std::vector<std::size_t> m_replicaDeployment;

    RandomStream m_classStream;
    RandomStream m_promptStream;
    RandomStream m_outputStream;
    RandomStream m_thinkStream;
    workload::ArrivalProcess m_arrivals;
    std::optional<workload::Arrival> m_pendingArrival;

    EventQueue m_events;
    RequestPool m_pool;
    std::int64_t m_nowNs = 0;

    // Whole-run counters.
    std::uint64_t m_arrived = 0, m_completed = 0, m_rejected = 0, m_generatedTokens = 0;
    std::uint64_t m_completedOutputTokens = 0;
    std::uint64_t m_arrivedInWindow = 0;
    double m_promptTokensMeasured = 0.0;
    std::uint64_t m_sloMet = 0;

    /// Waiting requests over all replicas. Running requests and busy replicas are metered per
    /// deployment; the totals (and requests in system = queued + running) are their sums.
    metrics::TimeWeighted m_queued;
    std::vector<DeploymentMeters> m_meters;
    std::vector<double> m_binArrivals, m_binCompletions, m_binTokens;
    std::vector<std::vector<double>> m_binLatencies; ///< e2e seconds of requests done in each bin
    double m_outputTokensInWindow = 0.0;
};

Engine::Engine(const scenario::Scenario &scenario, const RunOptions &options)
    : m_scenario(scenario)
    , m_options(options)
    , m_seed(options.seed.value_or(scenario.simulation.seed))
    , m_horizonNs(static_cast<std::int64_t>(std::llround(scenario.simulation.horizonSeconds * 1e9)))
    , m_warmupNs(static_cast<std::int64_t>(std::llround(scenario.simulation.warmupSeconds * 1e9)))
    , m_binNs(std::max<std::int64_t>(
              1, std::llround(scenario.simulation.timeseriesResolutionSeconds * 1e9)))
    , m_bins(static_cast<std::size_t>((m_horizonNs + m_binNs - 1) / m_binNs))
    , m_classStream(m_seed, scenario.simulation.replication, "classes")
    , m_promptStream(m_seed, scenario.simulation.replication, "prompt-lengths")
    , m_outputStream(m_seed, scenario.simulation.replication, "output-lengths")
    , m_thinkStream(m_seed, scenario.simulation.replication, "think-times")
    , m_arrivals(scenario.workload.arrival,
                 RandomStream(m_seed, scenario.simulation.replication, "arrivals"))
{
    for (const scenario::Deployment &d : scenario.deployments)
        m_perf.emplace_back(d);
    checkFeasible(scenario, m_perf);

    auto meter = [this] { return metrics::TimeWeighted(m_warmupNs, m_horizonNs, m_binNs, m_bins); };
    m_queued = meter();
    m_binArrivals.assign(m_bins, 0.0);
    m_binCompletions.assign(m_bins, 0.0);
    m_binTokens.assign(m_bins, 0.0);
    m_binLatencies.resize(m_bins);

    for (std::size_t d = 0; d < scenario.deployments.size(); ++d) {
        const scenario::Deployment &dep = scenario.deployments[d];
        m_firstReplica.push_back(static_cast<int>(m_replicas.size()));
        m_roundRobin.push_back(0);
        DeploymentMeters meters;
        meters.busy = meter();
        meters.running = meter();
        meters.kvUsed = metrics::TimeWeighted(m_warmupNs, m_horizonNs, m_binNs, 0);
        m_meters.push_back(std::move(meters));
        for (int r = 0; r < dep.hardware.replicas; ++r) {
            const int index = static_cast<int>(m_replicas.size());
            const auto deployment = static_cast<int>(d);
            if (dep.serving.policy == scenario::BatchingPolicy::Continuous)
                m_replicas.push_back(std::make_unique<ContinuousReplica>(
                        *this, deployment, index, m_perf[d], dep.serving));
            else
                m_replicas.push_back(std::make_unique<BatchReplica>(*this, deployment, index,
                                                                    m_perf[d], dep.serving));
        }
    }
    m_replicaKvFraction.assign(m_replicas.size(), 0.0);
    // Per-request statistics are kept for exact percentiles; reserving avoids regrowth copies.
    const auto expected = static_cast<std::size_t>(std::min(
            scenario::expectedRequestCount(scenario, minResponseSeconds(scenario, m_perf)) * 1.05
                    + 64.0,
            4e6));
    for (DeploymentMeters &m : m_meters) {
        const std::size_t share = expected / m_meters.size();
        m.ttft.reserve(share);
        m.tpot.reserve(share);
        m.e2e.reserve(share);
        m.queueing.reserve(share);
    }
    for (std::size_t d = 0; d < scenario.deployments.size(); ++d)
        m_replicaDeployment.insert(m_replicaDeployment.end(),
                                   static_cast<std::size_t>(scenario.deployments[d].hardware.replicas), d);

    double total = 0.0;
    for (const scenario::RequestClass &c : scenario.workload.classes)
        total += c.share;
    double running = 0.0;
    for (const scenario::RequestClass &c : scenario.workload.classes) {
        running += c.share / total;
        m_classCumulativeShare.push_back(running);
        m_promptSamplers.emplace_back(c.promptTokens);
        m_outputSamplers.emplace_back(c.outputTokens);
        int deployment = 0;
        for (std::size_t d = 0; d < scenario.deployments.size(); ++d)
            if (scenario.deployments[d].name == c.deployment)
                deployment = static_cast<int>(d);
        m_classDeployment.push_back(deployment);
    }
    m_classCumulativeShare.back() = 1.0;
}

void Engine::scheduleNextOpenArrival()
{
    m_pendingArrival = m_arrivals.next();
    if (!m_pendingArrival)
        return;
    const auto timeNs = static_cast<std::int64_t>(std::llround(m_pendingArrival->timeSeconds * 1e9));
    if (timeNs <= m_horizonNs)
        m_events.push(timeNs, EventPhase::Arrival, -1);
}

int Engine::pickReplica(int deployment)
{
    const int first = m_firstReplica[static_cast<std::size_t>(deployment)];
    const int count = m_scenario.deployments[static_cast<std::size_t>(deployment)].hardware.replicas;
    if (m_scenario.deployments[static_cast<std::size_t>(deployment)].serving.routing
        == scenario::RoutingPolicy::RoundRobin) {
        int &next = m_roundRobin[static_cast<std::size_t>(deployment)];
        const int chosen = first + next;
        next = (next + 1) % count;
        return chosen;
    }
    int best = first;
    for (int r = first + 1; r < first + count; ++r)
        if (m_replicas[static_cast<std::size_t>(r)]->outstanding()
            < m_replicas[static_cast<std::size_t>(best)]->outstanding())
            best = r;
    return best;
}

void Engine::handleArrival(const Event &event)
{
    const std::uint32_t id = m_pool.acquire();
    Request &r = m_pool[id];
    r.arrivalNs = event.timeNs;
    r.user = event.target;
    const double u = m_classStream.uniformOpen();
    const auto classIndex = static_cast<std::size_t>(
            std::lower_bound(m_classCumulativeShare.begin(), m_classCumulativeShare.end(), u)
            - m_classCumulativeShare.begin());
    r.classIndex = static_cast<std::int32_t>(classIndex);
    const bool fromTrace = event.target < 0 && m_pendingArrival && m_pendingArrival->promptTokens > 0;
    r.promptTokens = fromTrace ? m_pendingArrival->promptTokens
                               : m_promptSamplers[classIndex].sample(m_promptStream);
    r.outputTokens = fromTrace ? m_pendingArrival->outputTokens
                               : m_outputSamplers[classIndex].sample(m_outputStream);
    r.deployment = m_classDeployment[classIndex];
    r.replica = pickReplica(r.deployment);

    ++m_arrived;
    if (inWindow(r.arrivalNs))
        ++m_arrivedInWindow;
    m_binArrivals[std::min(binOf(r.arrivalNs), m_bins - 1)] += 1.0;
    m_queued.add(m_nowNs, 1.0);
    for (EngineObserver *o : m_options.observers)
        o->onRequestArrived(m_nowNs, r.classIndex);

    if (event.target < 0)
        scheduleNextOpenArrival();
    m_replicas[static_cast<std::size_t>(r.replica)]->enqueue(id, m_nowNs);
}

void Engine::onAdmitted(std::uint32_t id, std::int64_t nowNs)
{
    Request &r = m_pool[id];
    if (r.admittedNs < 0)
        r.admittedNs = nowNs;
    m_queued.add(nowNs, -1.0);
    m_meters[static_cast<std::size_t>(r.deployment)].running.add(nowNs, 1.0);
}

void Engine::onPreempted(std::uint32_t id, std::int64_t nowNs)
{
    m_queued.add(nowNs, 1.0);
    m_meters[static_cast<std::size_t>(m_pool[id].deployment)].running.add(nowNs, -1.0);
}

void Engine::onFirstToken(std::uint32_t id, std::int64_t nowNs) { m_pool[id].firstTokenNs = nowNs; }

void Engine::releaseRequest(std::uint32_t id, std::int64_t nowNs)
{
    const Request &r = m_pool[id];
    if (r.user >= 0) {
        // Closed loop: this user's next request follows after its think time.
        const scenario::ArrivalSpec &a = m_scenario.workload.arrival;
        const double think = a.thinkTimeKind == scenario::ThinkTimeKind::Exponential
                                     ? m_thinkStream.exponential(a.thinkTimeSeconds)
                                     : a.thinkTimeSeconds;
        // A zero think time still moves the next request to a later event: one nanosecond.
        const std::int64_t next = nowNs + std::max<std::int64_t>(1, std::llround(think * 1e9));
        if (next <= m_horizonNs)
            m_events.push(next, EventPhase::Arrival, r.user);
    }
    m_pool.release(id);
}

void Engine::onCompleted(std::uint32_t id, std::int64_t nowNs)
{
    const Request &r = m_pool[id];
    ++m_completed;
    m_completedOutputTokens += static_cast<std::uint64_t>(r.outputTokens);
    DeploymentMeters &meters = m_meters[static_cast<std::size_t>(r.deployment)];
    meters.running.add(nowNs, -1.0);
    const std::size_t bin = std::min(binOf(nowNs), m_bins - 1);
    m_binCompletions[bin] += 1.0;
    for (EngineObserver *o : m_options.observers)
        o->onRequestCompleted(nowNs, r.classIndex, r.promptTokens, r.outputTokens);

    if (inWindow(r.arrivalNs)) {
        const double ttft = static_cast<double>(r.firstTokenNs - r.arrivalNs) * 1e-9;
        const double e2e = static_cast<double>(nowNs - r.arrivalNs) * 1e-9;
        const double queueing = static_cast<double>(r.admittedNs - r.arrivalNs) * 1e-9;
        meters.ttft.push_back(ttft);
        meters.e2e.push_back(e2e);
        meters.queueing.push_back(queueing);
        bool meetsSlo = ttft <= m_scenario.slo.ttftSeconds;
        if (r.outputTokens > 1) {
            const double tpot = static_cast<double>(nowNs - r.firstTokenNs) * 1e-9
                                / (r.outputTokens - 1);
            meters.tpot.push_back(tpot);
            meetsSlo = meetsSlo && tpot <= m_scenario.slo.tpotSeconds;
        }
        if (meetsSlo)
            ++m_sloMet;
        ++meters.completed;
        m_promptTokensMeasured += r.promptTokens;
        m_binLatencies[bin].push_back(e2e);
    }
    releaseRequest(id, nowNs);
}

void Engine::onRejected(std::uint32_t id, std::int64_t nowNs)
{
    ++m_rejected;
    m_queued.add(nowNs, -1.0);
    releaseRequest(id, nowNs);
}

void Engine::onIterationDone(const IterationRecord &record, std::int64_t tokens)
{
    m_generatedTokens += static_cast<std::uint64_t>(tokens);
    m_binTokens[std::min(binOf(record.endNs), m_bins - 1)] += static_cast<double>(tokens);
    if (record.endNs >= m_warmupNs) {
        m_outputTokensInWindow += static_cast<double>(tokens);
        m_meters[static_cast<std::size_t>(record.deployment)].outputTokensInWindow +=
                static_cast<double>(tokens);
    }
    for (EngineObserver *o : m_options.observers)
        o->onIteration(record);
}

void Engine::onBusyChanged(int replica, bool busy, std::int64_t nowNs)
{
    const double delta = busy ? 1.0 : -1.0;
    const std::size_t deployment = m_replicaDeployment[static_cast<std::size_t>(replica)];
    m_meters[deployment].busy.add(nowNs, delta);
    if (!busy)
        for (EngineObserver *o : m_options.observers)
            o->onReplicaIdle(static_cast<int>(deployment), replica, nowNs);
}

void Engine::onKvUsage(int replica, double usedFraction, std::int64_t nowNs)
{
    double &previous = m_replicaKvFraction[static_cast<std::size_t>(replica)];
    m_meters[m_replicaDeployment[static_cast<std::size_t>(replica)]].kvUsed.add(
            nowNs, usedFraction - previous);
    previous = usedFraction;
}

metrics::Results Engine::run()
{
    const auto wallStart = std::chrono::steady_clock::now();
    const scenario::ArrivalSpec &arrival = m_scenario.workload.arrival;
    if (arrival.kind == ArrivalKind::ClosedLoop) {
        for (int user = 0; user < arrival.users; ++user)
            m_events.push(0, EventPhase::Arrival, user);
    } else {
        scheduleNextOpenArrival();
    }

    RunStatus status = RunStatus::Completed;
    std::string message;
    std::uint64_t events = 0;
    while (!m_events.empty() && m_events.top().timeNs <= m_horizonNs) {
        const Event event = m_events.pop();
        m_nowNs = event.timeNs;
        switch (event.phase) {
        case EventPhase::Arrival:
            handleArrival(event);
            break;
        case EventPhase::IterationEnd:
            m_replicas[static_cast<std::size_t>(event.target)]->onIterationEnd(m_nowNs);
            break;
        case EventPhase::BatchTimeout:
            m_replicas[static_cast<std::size_t>(event.target)]->onTimeout(m_nowNs, event.payload);
            break;
        }
        ++events;
        if ((events & 0xFFF) == 0) {
            if (m_options.cancel && m_options.cancel->isCancelled()) {
                status = RunStatus::Cancelled;
                message = "cancelled";
                break;
            }
            if (m_options.maxEvents > 0 && events >= m_options.maxEvents) {
                status = RunStatus::BudgetExceeded;
                message = "stopped after " + std::to_string(events)
                          + " events (the event budget) at simulated time "
                          + std::to_string(static_cast<double>(m_nowNs) * 1e-9) + " s";
                break;
            }
            if (m_options.progress && (events & 0xFFFF) == 0)
                m_options.progress->setProgress(static_cast<double>(m_nowNs)
                                                / static_cast<double>(m_horizonNs));
        }
    }
    const std::int64_t endNs = status == RunStatus::Completed ? m_horizonNs : m_nowNs;
    m_queued.finish(endNs);
    for (DeploymentMeters &m : m_meters) {
        m.busy.finish(endNs);
        m.running.finish(endNs);
        m.kvUsed.finish(endNs);
    }
    for (EngineObserver *o : m_options.observers)
        o->onFinished(endNs);
    if (m_options.progress)
        m_options.progress->setProgress(1.0);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart)
                                .count();
    metrics::Results results = collect(status, std::move(message), wall);
    results.eventsProcessed = events;
    return results;
}

metrics::Results Engine::collect(RunStatus status, std::string message, double wallSeconds)
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
    for (const auto &replica : m_replicas) {
        res.unfinishedQueued += replica->waitingCount();
        res.unfinishedRunning += replica->runningCount();
        res.preemptions += replica->preemptions();
    }
    res.generatedTokens = m_generatedTokens;
    res.completedOutputTokens = m_completedOutputTokens;
    res.wallSeconds = wallSeconds;

    const double window = std::max(1e-9, res.horizonSeconds - res.warmupSeconds);
    std::vector<double> ttft, tpot, e2e, queueing;
    double busyIntegral = 0.0, runningIntegral = 0.0, kvIntegral = 0.0;
    int totalReplicas = 0;
    for (std::size_t d = 0; d < m_meters.size(); ++d) {
        DeploymentMeters &m = m_meters[d];
        const scenario::Deployment &dep = m_scenario.deployments[d];
        if (m_meters.size() > 1) {
            ttft.insert(ttft.end(), m.ttft.begin(), m.ttft.end());
            tpot.insert(tpot.end(), m.tpot.begin(), m.tpot.end());
            e2e.insert(e2e.end(), m.e2e.begin(), m.e2e.end());
            queueing.insert(queueing.end(), m.queueing.begin(), m.queueing.end());
        }

        metrics::DeploymentResults dr;
        dr.name = dep.name;
        dr.modelId = dep.model.id.empty() ? dep.model.hfRepo : dep.model.id;
        dr.gpuId = dep.hardware.gpu.id.empty() ? dep.hardware.gpu.name : dep.hardware.gpu.id;
        dr.replicas = dep.hardware.replicas;
        dr.gpusPerReplica = dep.hardware.gpusPerReplica;
        dr.weightBytesPerGpu = m_perf[d].weightBytesPerGpu();
        dr.kvCapacityTokensPerReplica = std::floor(m_perf[d].kvCapacityTokens());
        dr.completedRequests = m.completed;
        dr.outputTokensPerSecond = m.outputTokensInWindow / window;
        dr.ttftSeconds = metrics::summarize(m.ttft);
        dr.tpotSeconds = metrics::summarize(m.tpot);
        dr.e2eSeconds = metrics::summarize(m.e2e);
        dr.queueingSeconds = metrics::summarize(m.queueing);
        const double replicaSeconds = window * dep.hardware.replicas;
        dr.busyFraction = m.busy.windowIntegral() / replicaSeconds;
        dr.meanRunningBatch = m.busy.windowIntegral() > 0.0
                                      ? m.running.windowIntegral() / m.busy.windowIntegral()
                                      : 0.0;
        dr.kvUtilization = m.kvUsed.windowIntegral() / replicaSeconds;
        const int first = m_firstReplica[d];
        for (int r = first; r < first + dep.hardware.replicas; ++r) {
            dr.preemptions += m_replicas[static_cast<std::size_t>(r)]->preemptions();
            dr.iterations += m_replicas[static_cast<std::size_t>(r)]->iterations();
        }
        busyIntegral += m.busy.windowIntegral();
        runningIntegral += m.running.windowIntegral();
        kvIntegral += m.kvUsed.windowIntegral();
        totalReplicas += dep.hardware.replicas;
        res.deployments.push_back(std::move(dr));
    }
    if (m_meters.size() == 1) {
        const metrics::DeploymentResults &only = res.deployments.front();
        res.ttftSeconds = only.ttftSeconds;
        res.tpotSeconds = only.tpotSeconds;
        res.e2eSeconds = only.e2eSeconds;
        res.queueingSeconds = only.queueingSeconds;
    } else {
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
    res.sloAttainment = res.measuredRequests > 0
                                ? static_cast<double>(m_sloMet) / static_cast<double>(res.measuredRequests)
                                : 0.0;
    res.meanRequestsInSystem = (m_queued.windowIntegral() + runningIntegral) / window;
    res.busyFraction = busyIntegral / (window * totalReplicas);
    res.meanRunningBatch = busyIntegral > 0.0 ? runningIntegral / busyIntegral : 0.0;
    res.kvUtilization = kvIntegral / (window * totalReplicas);

    metrics::TimeSeries &ts = res.timeSeries;
    ts.resolutionSeconds = static_cast<double>(m_binNs) * 1e-9;
    std::vector<double> busyBins(m_bins, 0.0), runningBins(m_bins, 0.0);
    for (const DeploymentMeters &m : m_meters)
        for (std::size_t b = 0; b < m_bins; ++b) {
            busyBins[b] += m.busy.binIntegrals()[b];
            runningBins[b] += m.running.binIntegrals()[b];
        }
    for (std::size_t b = 0; b < m_bins; ++b) {
        const double start = static_cast<double>(b) * ts.resolutionSeconds;
        const double length = std::min(ts.resolutionSeconds, res.horizonSeconds - start);
        ts.binStartSeconds.push_back(start);
        ts.arrivals.push_back(m_binArrivals[b]);
        ts.completions.push_back(m_binCompletions[b]);
        ts.outputTokens.push_back(m_binTokens[b]);
        ts.queueDepthMean.push_back(m_queued.binIntegrals()[b] / length);
        ts.runningMean.push_back(runningBins[b] / length);
        ts.busyFraction.push_back(busyBins[b] / (length * totalReplicas));
        std::vector<double> &latencies = m_binLatencies[b];
        std::sort(latencies.begin(), latencies.end());
        ts.latencyP50Seconds.push_back(metrics::quantileSorted(latencies, 0.50));
        ts.latencyP95Seconds.push_back(metrics::quantileSorted(latencies, 0.95));
    }
    return res;
}

} // namespace

void checkScenario(const scenario::Scenario &scenario)
{
    if (scenario.deployments.empty())
        throw InputError("deployments", "at least one deployment is needed");
    std::vector<hardware::PerfModel> perf;
    for (const scenario::Deployment &d : scenario.deployments)
        perf.emplace_back(d);
    checkFeasible(scenario, perf);
}

double estimateRequestCount(const scenario::Scenario &scenario)
{
    std::vector<hardware::PerfModel> perf;
    for (const scenario::Deployment &d : scenario.deployments)
        perf.emplace_back(d);
    return scenario::expectedRequestCount(scenario, minResponseSeconds(scenario, perf));
}

metrics::Results simulate(const scenario::Scenario &scenario, const RunOptions &options)
{
    if (scenario.deployments.empty())
        throw InputError("deployments", "at least one deployment is needed");
    if (scenario.workload.classes.empty())
        throw InputError("workload.classes", "at least one request class is needed");
    Engine engine(scenario, options);
    return engine.run();
}

} // namespace tw::sim
