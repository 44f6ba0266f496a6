#include "core/sim/engine.h"

#include "core/common/cancellation.h"
#include "core/common/error.h"
#include "core/common/nanoseconds.h"
#include "core/sim/batching_policies.h"
#include "core/sim/engine_impl.h"
#include "core/sim/observer.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace tw::sim {
namespace {

/// Index in a cumulative-share table for a uniform draw u in (0, 1).
std::size_t pickByShare(const std::vector<double> &cumulative, double u)
{
    const auto it = std::lower_bound(cumulative.begin(), cumulative.end(), u);
    return std::min(static_cast<std::size_t>(it - cumulative.begin()), cumulative.size() - 1);
}

std::vector<double> cumulativeShares(const std::vector<double> &shares)
{
    double total = 0.0;
    for (double s : shares)
        total += s;
    std::vector<double> cumulative;
    double running = 0.0;
    for (double s : shares) {
        running += s / total;
        cumulative.push_back(running);
    }
    cumulative.back() = 1.0;
    return cumulative;
}

int deploymentIndex(const scenario::Scenario &s, const std::string &name)
{
    for (std::size_t d = 0; d < s.deployments.size(); ++d)
        if (s.deployments[d].name == name)
            return static_cast<int>(d);
    return 0;
}

} // namespace

TimeGrid timeGrid(const scenario::Scenario &scenario)
{
    TimeGrid grid;
    grid.horizonNs = secondsToNs(scenario.simulation.horizonSeconds);
    grid.warmupNs = secondsToNs(scenario.simulation.warmupSeconds);
    grid.binNs = std::max<std::int64_t>(
            1, secondsToNs(scenario.simulation.timeseriesResolutionSeconds));
    grid.bins = static_cast<std::size_t>(
            std::max<std::int64_t>(1, (grid.horizonNs + grid.binNs - 1) / grid.binNs));
    return grid;
}

Engine::Engine(const scenario::Scenario &scenario, const RunOptions &options)
    : Engine(scenario, options, timeGrid(scenario))
{}

Engine::Engine(const scenario::Scenario &scenario, const RunOptions &options, const TimeGrid &grid)
    : m_scenario(scenario)
    , m_options(options)
    , m_seed(options.seed.value_or(scenario.simulation.seed))
    , m_horizonNs(grid.horizonNs)
    , m_warmupNs(grid.warmupNs)
    , m_binNs(grid.binNs)
    , m_bins(grid.bins)
    , m_perf(buildPerfModels(scenario))
    , m_classStream(m_seed, scenario.simulation.replication, "classes")
    , m_promptStream(m_seed, scenario.simulation.replication, "prompt-lengths")
    , m_outputStream(m_seed, scenario.simulation.replication, "output-lengths")
    , m_thinkStream(m_seed, scenario.simulation.replication, "think-times")
    , m_routingStream(m_seed, scenario.simulation.replication, "routing")
    , m_cacheStream(m_seed, scenario.simulation.replication, "cache")
    , m_interruptStream(m_seed, scenario.simulation.replication, "interruptions")
    , m_arrivals(scenario.workload.arrival,
                 RandomStream(m_seed, scenario.simulation.replication, "arrivals"))
{
    checkFeasible(scenario, m_perf);

    auto meter = [this](std::size_t bins) {
        return metrics::TimeWeighted(m_warmupNs, m_horizonNs, m_binNs, bins);
    };
    m_queued = meter(m_bins);
    m_binArrivals.assign(m_bins, 0.0);
    m_binCompletions.assign(m_bins, 0.0);
    m_binTokens.assign(m_bins, 0.0);
    m_binLatencies.resize(m_bins);
    m_cacheMeters.running = meter(m_bins);

    for (std::size_t d = 0; d < scenario.deployments.size(); ++d) {
        const scenario::Deployment &dep = scenario.deployments[d];
        m_firstReplica.push_back(static_cast<int>(m_replicas.size()));
        m_roundRobin.push_back(0);
        DestinationMeters meters;
        meters.busy = meter(m_bins);
        meters.running = meter(m_bins);
        meters.kvUsed = meter(0);
        m_meters.push_back(std::move(meters));
        m_pools.emplace_back();
        if (!m_perf[d])
            continue; // an API: no replicas
        ReplicaPool &pool = m_pools.back();
        pool.autoscaled = dep.autoscaling.enabled;
        const int initial = pool.autoscaled ? std::clamp(dep.autoscaling.initialReplicas, 0,
                                                         dep.hardware.replicas)
                                            : dep.hardware.replicas;
        for (int r = 0; r < dep.hardware.replicas; ++r) {
            const int index = static_cast<int>(m_replicas.size());
            const auto deployment = static_cast<int>(d);
            m_replicas.push_back(
                    batchingPolicy(dep.serving.policy)
                            .makeReplica(*this, deployment, index, *m_perf[d], dep.serving));
            m_replicaDeployment.push_back(d);
            m_replicaState.push_back(r < initial ? ReplicaState::Ready : ReplicaState::Off);
            m_replicaGeneration.push_back(0);
            m_replicaEpoch.push_back(0);
        }
        pool.ready = initial;
        pool.metered = scenario::provisioningVaries(dep);
        if (dep.hosting.kind == scenario::HostingKind::Cloud
            && dep.hosting.interruptionsPerDay > 0.0)
            pool.interruptionMeanSeconds = 86'400.0 / dep.hosting.interruptionsPerDay;
        pool.peakProvisioned = initial;
        if (!dep.overflow.deployment.empty() && dep.overflow.deployment != dep.name)
            pool.overflowTarget = deploymentIndex(scenario, dep.overflow.deployment);
        if (pool.metered) {
            // Cold start: the instance, then every GPU reading its share of the weights.
            const double loadSeconds
                    = m_perf[d]->weightBytesPerGpu() / (dep.autoscaling.loadGBps * 1e9);
            pool.coldStartNs = secondsToNs(dep.autoscaling.provisionSeconds + loadSeconds);
            pool.provisioned = meter(m_bins);
            pool.provisioned.set(0, initial);
            // The count at the start stands as a recommendation made at time 0, so the
            // scale-down window does not act on the first evaluation alone.
            pool.recommendations.emplace_back(0, initial);
        }
    }
    m_replicaKvFraction.assign(m_replicas.size(), 0.0);

    std::vector<double> shares;
    for (const scenario::RequestClass &c : scenario.workload.classes) {
        shares.push_back(c.share);
        m_promptSamplers.emplace_back(c.promptTokens);
        m_outputSamplers.emplace_back(c.outputTokens);
        m_classDeployment.push_back(c.deployment.empty() ? 0
                                                         : deploymentIndex(scenario, c.deployment));
    }
    m_classCumulativeShare = cumulativeShares(shares);
    for (const scenario::RoutingRule &rule : scenario.routing) {
        CompiledRule compiled{rule.complexity, rule.className, {}, {}};
        std::vector<double> routeShares;
        for (const scenario::Route &route : rule.routes) {
            compiled.deployments.push_back(deploymentIndex(scenario, route.deployment));
            routeShares.push_back(route.share);
        }
        if (!routeShares.empty()) {
            compiled.cumulativeShare = cumulativeShares(routeShares);
            m_rules.push_back(std::move(compiled));
        }
    }

    // Per-request statistics are kept for exact percentiles; reserving avoids regrowth copies.
    const auto expected = static_cast<std::size_t>(std::min(
            scenario::expectedRequestCount(scenario, minResponseSeconds(scenario, m_perf)) * 1.05
                    + 64.0,
            4e6));
    for (DestinationMeters &m : m_meters) {
        const std::size_t share = expected / m_meters.size();
        m.ttft.reserve(share);
        m.tpot.reserve(share);
        m.e2e.reserve(share);
        m.queueing.reserve(share);
    }
}

void Engine::scheduleNextOpenArrival()
{
    m_pendingArrival = m_arrivals.next();
    if (!m_pendingArrival)
        return;
    const std::int64_t timeNs = secondsToNs(m_pendingArrival->timeSeconds);
    if (timeNs <= m_horizonNs)
        m_events.push(timeNs, EventPhase::Arrival, -1);
}

int Engine::routeDeployment(const Request &r)
{
    const scenario::RequestClass &cls
            = m_scenario.workload.classes[static_cast<std::size_t>(r.classIndex)];
    for (const CompiledRule &rule : m_rules) {
        if ((!rule.complexity.empty() && rule.complexity != cls.complexity)
            || (!rule.className.empty() && rule.className != cls.name))
            continue;
        const std::size_t route
                = rule.deployments.size() == 1
                          ? 0
                          : pickByShare(rule.cumulativeShare, m_routingStream.uniformOpen());
        return rule.deployments[route];
    }
    return m_classDeployment[static_cast<std::size_t>(r.classIndex)];
}

int Engine::pickReplica(int deployment)
{
    const auto d = static_cast<std::size_t>(deployment);
    if (m_pools[d].ready == 0)
        return -1;
    const int first = m_firstReplica[d];
    const int count = m_scenario.deployments[d].hardware.replicas;
    // A fixed fleet is ready for the whole run: no state to look up on the hot path.
    const bool allReady = !m_pools[d].metered;
    auto ready = [this, allReady](int r) {
        return allReady || m_replicaState[static_cast<std::size_t>(r)] == ReplicaState::Ready;
    };
    if (m_scenario.deployments[d].serving.routing == scenario::RoutingPolicy::RoundRobin) {
        int &next = m_roundRobin[d];
        for (int tried = 0; tried < count; ++tried) {
            const int chosen = first + next;
            next = (next + 1) % count;
            if (ready(chosen))
                return chosen;
        }
        return -1;
    }
    int best = -1;
    for (int r = first; r < first + count; ++r)
        if (ready(r)
            && (best < 0
                || m_replicas[static_cast<std::size_t>(r)]->outstanding()
                           < m_replicas[static_cast<std::size_t>(best)]->outstanding()))
            best = r;
    return best;
}

bool Engine::overflows(std::size_t deployment, int replica) const
{
    return m_pools[deployment].overflowTarget >= 0
           && (replica < 0
               || m_replicas[static_cast<std::size_t>(replica)]->waitingCount()
                          >= static_cast<std::size_t>(
                                  m_scenario.deployments[deployment].overflow.maxWaiting));
}

void Engine::dispatch(std::uint32_t id, bool mayOverflow)
{
    Request &r = m_pool[id];
    const auto d = static_cast<std::size_t>(r.deployment);
    const scenario::Deployment &dep = m_scenario.deployments[d];
    if (dep.kind == scenario::DeploymentKind::Api) {
        ++m_meters[d].routed;
        const double first = dep.api.ttftSeconds;
        serveExternally(id, first, first + (r.outputTokens - 1) / dep.api.outputTokensPerSecond);
        return;
    }
    ReplicaPool &pool = m_pools[d];
    const int replica = pickReplica(r.deployment);
    if (mayOverflow && overflows(d, replica)) {
        ++pool.overflowed;
        r.deployment = pool.overflowTarget;
        dispatch(id, false);
        return;
    }
    ++m_meters[d].routed;
    m_queued.add(m_nowNs, 1.0);
    if (replica < 0) {
        // No replica is ready: the request waits for one. From zero, a replica starts now
        // (as Knative's activator does) instead of at the next evaluation.
        pool.pending.push_back(id);
        if (pool.current() == 0)
            scaleTo(r.deployment, 1);
        return;
    }
    r.replica = replica;
    m_replicas[static_cast<std::size_t>(replica)]->enqueue(id, m_nowNs);
}

void Engine::handleArrival(const Event &event)
{
    const std::uint32_t id = m_pool.acquire();
    Request &r = m_pool[id];
    r.arrivalNs = event.timeNs;
    r.user = event.target;
    const std::size_t classIndex = pickByShare(m_classCumulativeShare, m_classStream.uniformOpen());
    r.classIndex = static_cast<std::int32_t>(classIndex);
    const bool fromTrace
            = event.target < 0 && m_pendingArrival && m_pendingArrival->promptTokens > 0;
    r.promptTokens = fromTrace ? m_pendingArrival->promptTokens
                               : m_promptSamplers[classIndex].sample(m_promptStream);
    r.outputTokens = fromTrace ? m_pendingArrival->outputTokens
                               : m_outputSamplers[classIndex].sample(m_outputStream);

    ++m_arrived;
    if (inWindow(r.arrivalNs))
        ++m_arrivedInWindow;
    m_binArrivals[binOf(r.arrivalNs)] += 1.0;
    for (EngineObserver *o : m_options.observers)
        o->onRequestArrived(m_nowNs, r.classIndex);
    if (event.target < 0)
        scheduleNextOpenArrival();

    // The response cache answers before routing. A draw is made only for classes that can hit,
    // so adding a cache to one class leaves the other classes' random streams unchanged.
    const double hitRate = m_scenario.workload.classes[classIndex].cacheHitRate;
    if (hitRate > 0.0 && m_cacheStream.uniformOpen() < hitRate) {
        r.deployment = kCache;
        ++m_cacheHits;
        serveExternally(id, m_scenario.cache.hitLatencySeconds, m_scenario.cache.hitLatencySeconds);
        return;
    }
    r.deployment = routeDeployment(r);
    dispatch(id, true);
}

void Engine::serveExternally(std::uint32_t id, double firstTokenSeconds, double lastTokenSeconds)
{
    // An API or the cache answers without queueing: its capacity is taken as unlimited.
    Request &r = m_pool[id];
    r.admittedNs = m_nowNs;
    r.firstTokenNs = m_nowNs + secondsToNs(firstTokenSeconds);
    metersOf(r.deployment).running.add(m_nowNs, 1.0);
    ++m_externalInFlight;
    m_events.push(m_nowNs + std::max<std::int64_t>(1, secondsToNs(lastTokenSeconds)),
                  EventPhase::ExternalCompletion, -1, id);
}

void Engine::handleExternalCompletion(std::uint32_t id, std::int64_t nowNs)
{
    Request &r = m_pool[id];
    --m_externalInFlight;
    metersOf(r.deployment).running.add(nowNs, -1.0);
    r.generated = r.outputTokens;
    // A cache hit delivers its answer at once: it has no time per output token.
    recordCompletion(id, nowNs, r.deployment != kCache);
    releaseRequest(id, nowNs);
}

void Engine::onAdmitted(std::uint32_t id, std::int64_t nowNs)
{
    Request &r = m_pool[id];
    if (r.admittedNs < 0)
        r.admittedNs = nowNs;
    m_queued.add(nowNs, -1.0);
    metersOf(r.deployment).running.add(nowNs, 1.0);
}

void Engine::onPreempted(std::uint32_t id, std::int64_t nowNs)
{
    m_queued.add(nowNs, 1.0);
    metersOf(m_pool[id].deployment).running.add(nowNs, -1.0);
}

void Engine::onFirstToken(std::uint32_t id, std::int64_t nowNs)
{
    m_pool[id].firstTokenNs = nowNs;
}

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
        const std::int64_t next = nowNs + std::max<std::int64_t>(1, secondsToNs(think));
        if (next <= m_horizonNs)
            m_events.push(next, EventPhase::Arrival, r.user);
    }
    m_pool.release(id);
}

void Engine::recordCompletion(std::uint32_t id, std::int64_t nowNs, bool hasTpot)
{
    const Request &r = m_pool[id];
    ++m_completed;
    m_completedOutputTokens += static_cast<std::uint64_t>(r.outputTokens);
    DestinationMeters &meters = metersOf(r.deployment);
    meters.inputTokens += static_cast<std::uint64_t>(r.promptTokens);
    ++meters.completed;
    meters.outputTokens += static_cast<std::uint64_t>(r.outputTokens);
    // Our GPUs' tokens are counted as their iterations generate them (onIterationDone); an
    // API's or the cache's answer generates none here, so its tokens count when delivered.
    const bool generatedByUs
            = r.deployment != kCache
              && m_scenario.deployments[static_cast<std::size_t>(r.deployment)].kind
                         == scenario::DeploymentKind::SelfHosted;
    if (!generatedByUs && nowNs >= m_warmupNs)
        m_outputTokensInWindow += static_cast<double>(r.outputTokens);
    const std::size_t bin = binOf(nowNs);
    m_binCompletions[bin] += 1.0;
    for (EngineObserver *o : m_options.observers)
        o->onRequestCompleted(nowNs, r.classIndex, r.deployment, r.promptTokens, r.outputTokens);
    if (!inWindow(r.arrivalNs))
        return;
    const double ttft = static_cast<double>(r.firstTokenNs - r.arrivalNs) * 1e-9;
    const double e2e = static_cast<double>(nowNs - r.arrivalNs) * 1e-9;
    meters.ttft.push_back(ttft);
    meters.e2e.push_back(e2e);
    meters.queueing.push_back(static_cast<double>(r.admittedNs - r.arrivalNs) * 1e-9);
    bool meetsSlo = ttft <= m_scenario.slo.ttftSeconds;
    if (hasTpot && r.outputTokens > 1) {
        const double tpot
                = static_cast<double>(nowNs - r.firstTokenNs) * 1e-9 / (r.outputTokens - 1);
        meters.tpot.push_back(tpot);
        meetsSlo = meetsSlo && tpot <= m_scenario.slo.tpotSeconds;
    }
    if (meetsSlo) {
        ++m_sloMet;
        ++meters.sloMetInWindow;
    }
    ++meters.completedInWindow;
    m_promptTokensMeasured += r.promptTokens;
    m_binLatencies[bin].push_back(e2e);
}

void Engine::onCompleted(std::uint32_t id, std::int64_t nowNs)
{
    const int replica = m_pool[id].replica;
    metersOf(m_pool[id].deployment).running.add(nowNs, -1.0);
    recordCompletion(id, nowNs, true);
    releaseRequest(id, nowNs);
    // A draining replica is let go once it holds no request.
    const auto r = static_cast<std::size_t>(replica);
    if (replica >= 0 && m_replicaState[r] == ReplicaState::Draining
        && m_replicas[r]->outstanding() == 0) {
        const auto deployment = static_cast<int>(m_replicaDeployment[r]);
        ReplicaPool &pool = m_pools[m_replicaDeployment[r]];
        m_replicaState[r] = ReplicaState::Off;
        ++m_replicaGeneration[r];
        --pool.draining;
        ++pool.scaleDowns;
        setProvisioned(deployment);
    }
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
    m_binTokens[binOf(record.endNs)] += static_cast<double>(tokens);
    if (record.endNs >= m_warmupNs) {
        DestinationMeters &meters = m_meters[static_cast<std::size_t>(record.deployment)];
        m_outputTokensInWindow += static_cast<double>(tokens);
        meters.outputTokensInWindow += static_cast<double>(tokens);
        const std::int64_t span = record.endNs - record.startNs;
        const double inWindow = span > 0 && record.startNs < m_warmupNs
                                        ? static_cast<double>(record.endNs - m_warmupNs)
                                                  / static_cast<double>(span)
                                        : 1.0;
        meters.flopsInWindow += record.flops * inWindow;
        meters.bytesInWindow += record.memoryBytes * inWindow;
    }
    for (EngineObserver *o : m_options.observers)
        o->onIteration(record);
}

void Engine::onBusyChanged(int replica, bool busy, std::int64_t nowNs)
{
    const std::size_t deployment = m_replicaDeployment[static_cast<std::size_t>(replica)];
    m_meters[deployment].busy.add(nowNs, busy ? 1.0 : -1.0);
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
    if (arrival.kind == scenario::ArrivalKind::ClosedLoop) {
        for (int user = 0; user < arrival.users; ++user)
            m_events.push(0, EventPhase::Arrival, user);
    } else {
        scheduleNextOpenArrival();
    }
    for (std::size_t r = 0; r < m_replicas.size(); ++r)
        if (m_replicaState[r] == ReplicaState::Ready)
            armInterruption(static_cast<int>(r));
    for (std::size_t d = 0; d < m_pools.size(); ++d) {
        if (!m_pools[d].metered)
            continue;
        for (EngineObserver *o : m_options.observers)
            o->onProvisioned(static_cast<int>(d), m_pools[d].provisionedCount(), 0);
        if (!m_pools[d].autoscaled)
            continue;
        const std::int64_t interval
                = secondsToNs(m_scenario.deployments[d].autoscaling.intervalSeconds);
        if (interval <= m_horizonNs)
            m_events.push(interval, EventPhase::Autoscale, static_cast<std::int32_t>(d));
    }

    metrics::RunStatus status = metrics::RunStatus::Completed;
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
            if (event.payload == m_replicaEpoch[static_cast<std::size_t>(event.target)])
                m_replicas[static_cast<std::size_t>(event.target)]->onIterationEnd(m_nowNs);
            break;
        case EventPhase::BatchTimeout:
            if ((event.payload >> 32) == m_replicaEpoch[static_cast<std::size_t>(event.target)])
                m_replicas[static_cast<std::size_t>(event.target)]->onTimeout(
                        m_nowNs, event.payload & 0xFFFFFFFFull);
            break;
        case EventPhase::Interruption:
            handleInterruption(event.target, event.payload);
            break;
        case EventPhase::ExternalCompletion:
            handleExternalCompletion(static_cast<std::uint32_t>(event.payload), m_nowNs);
            break;
        case EventPhase::ReplicaReady:
            handleReplicaReady(event.target, event.payload);
            break;
        case EventPhase::Autoscale: {
            evaluateAutoscaler(event.target);
            const std::int64_t next
                    = m_nowNs
                      + secondsToNs(m_scenario.deployments[static_cast<std::size_t>(event.target)]
                                            .autoscaling.intervalSeconds);
            if (next <= m_horizonNs)
                m_events.push(next, EventPhase::Autoscale, event.target);
            break;
        }
        }
        ++events;
        if ((events & 0xFFF) == 0) {
            if (m_options.cancel && m_options.cancel->isCancelled()) {
                status = metrics::RunStatus::Cancelled;
                message = "cancelled";
                break;
            }
            if (m_options.maxEvents > 0 && events >= m_options.maxEvents) {
                status = metrics::RunStatus::BudgetExceeded;
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
    const std::int64_t endNs = status == metrics::RunStatus::Completed ? m_horizonNs : m_nowNs;
    for (const auto &replica : m_replicas)
        replica->flushInFlight(endNs);
    m_queued.finish(endNs);
    m_cacheMeters.running.finish(endNs);
    for (ReplicaPool &pool : m_pools)
        if (pool.metered)
            pool.provisioned.finish(endNs);
    for (DestinationMeters &m : m_meters) {
        m.busy.finish(endNs);
        m.running.finish(endNs);
        m.kvUsed.finish(endNs);
    }
    for (EngineObserver *o : m_options.observers)
        o->onFinished(endNs);
    if (m_options.progress)
        m_options.progress->setProgress(1.0);
    const double wall
            = std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    metrics::Results results = collect(status, std::move(message), wall);
    results.eventsProcessed = events;
    return results;
}

void requireDeploymentsAndClasses(const scenario::Scenario &scenario)
{
    if (scenario.deployments.empty())
        throw InputError("deployments", "at least one deployment is needed");
    if (scenario.workload.classes.empty())
        throw InputError("workload.classes", "at least one request class is needed");
}

metrics::Results runEngine(const scenario::Scenario &scenario, const RunOptions &options)
{
    requireDeploymentsAndClasses(scenario);
    Engine engine(scenario, options);
    return engine.run();
}

} // namespace tw::sim
