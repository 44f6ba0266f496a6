// The engine's provisioning (docs/model.md, "Autoscaling" and "Spot interruptions"): the
// autoscaler's evaluations, scaling a pool up and down, cold starts, spot interruptions and the
// restart of the requests an interrupted replica held. The event loop, arrivals and routing are
// in engine.cpp; both share core/sim/engine_impl.h.

#include "core/common/nanoseconds.h"
#include "core/sim/batching_policies.h"
#include "core/sim/engine_impl.h"
#include "core/sim/observer.h"

#include <algorithm>
#include <cmath>

namespace tw::sim {

void Engine::evaluateAutoscaler(int deployment)
{
    const auto d = static_cast<std::size_t>(deployment);
    const scenario::Deployment &dep = m_scenario.deployments[d];
    const scenario::AutoscalingSpec &a = dep.autoscaling;
    ReplicaPool &pool = m_pools[d];
    // The metric summed over the replicas still serving, plus the requests waiting for one.
    double demand = static_cast<double>(pool.pending.size());
    const int first = m_firstReplica[d];
    for (int r = first; r < first + dep.hardware.replicas; ++r) {
        const ReplicaState state = m_replicaState[static_cast<std::size_t>(r)];
        if (state != ReplicaState::Ready && state != ReplicaState::Draining)
            continue;
        const Replica &replica = *m_replicas[static_cast<std::size_t>(r)];
        demand += a.metric == scenario::ScalingMetric::Load
                          ? replica.outstanding()
                          : static_cast<double>(replica.waitingCount());
    }
    // The HPA's rule: desired = ceil(current x metric / target), unchanged within the
    // tolerance; with metric = demand / current that is ceil(demand / target).
    const int current = pool.current();
    int desired = static_cast<int>(std::ceil(demand / a.target));
    if (current > 0 && std::abs(demand / (current * a.target) - 1.0) <= a.tolerance)
        desired = current;
    desired = std::clamp(desired, a.minReplicas, dep.hardware.replicas);

    const std::int64_t upWindow = secondsToNs(a.scaleUpDelaySeconds);
    const std::int64_t downWindow = secondsToNs(a.scaleDownDelaySeconds);
    pool.recommendations.emplace_back(m_nowNs, desired);
    const std::int64_t oldest = m_nowNs - std::max(upWindow, downWindow);
    while (pool.recommendations.front().first < oldest)
        pool.recommendations.pop_front();
    // Scale up to the lowest recommendation of the up window, down to the highest of the
    // down window: a change must be asked for throughout its window.
    int up = desired, down = desired;
    for (const auto &[timeNs, replicas] : pool.recommendations) {
        if (timeNs >= m_nowNs - upWindow)
            up = std::min(up, replicas);
        if (timeNs >= m_nowNs - downWindow)
            down = std::max(down, replicas);
    }
    if (up > current)
        scaleTo(deployment, up);
    else if (down < current)
        scaleTo(deployment, down);
}

void Engine::scaleTo(int deployment, int replicas)
{
    const auto d = static_cast<std::size_t>(deployment);
    ReplicaPool &pool = m_pools[d];
    const int first = m_firstReplica[d];
    const int last = first + m_scenario.deployments[d].hardware.replicas; // exclusive
    auto stateOf = [this](int r) -> ReplicaState & {
        return m_replicaState[static_cast<std::size_t>(r)];
    };
    auto outstanding
            = [this](int r) { return m_replicas[static_cast<std::size_t>(r)]->outstanding(); };
    int change = replicas - pool.current();
    // Up: take back draining replicas first (warm: no cold start), then start idle ones.
    for (int r = first; change > 0 && r < last; ++r)
        if (stateOf(r) == ReplicaState::Draining) {
            stateOf(r) = ReplicaState::Ready;
            --pool.draining;
            ++pool.ready;
            --change;
        }
    for (int r = first; change > 0 && r < last; ++r)
        if (stateOf(r) == ReplicaState::Off) {
            stateOf(r) = ReplicaState::Starting;
            ++pool.starting;
            ++pool.scaleUps;
            --change;
            m_events.push(m_nowNs + pool.coldStartNs, EventPhase::ReplicaReady, r,
                          m_replicaGeneration[static_cast<std::size_t>(r)]);
        }
    // Down: call off starts (the last started first), then drain the least loaded.
    for (int r = last - 1; change < 0 && r >= first; --r)
        if (stateOf(r) == ReplicaState::Starting) {
            stateOf(r) = ReplicaState::Off;
            ++m_replicaGeneration[static_cast<std::size_t>(r)];
            --pool.starting;
            ++pool.scaleDowns;
            ++change;
        }
    while (change < 0) {
        int victim = -1;
        for (int r = first; r < last; ++r)
            if (stateOf(r) == ReplicaState::Ready
                && (victim < 0 || outstanding(r) < outstanding(victim)))
                victim = r;
        if (victim < 0)
            break;
        --pool.ready;
        ++change;
        if (outstanding(victim) == 0) {
            stateOf(victim) = ReplicaState::Off;
            ++m_replicaGeneration[static_cast<std::size_t>(victim)];
            ++pool.scaleDowns;
        } else {
            stateOf(victim) = ReplicaState::Draining;
            ++pool.draining;
        }
    }
    setProvisioned(deployment);
}

void Engine::handleReplicaReady(int replica, std::uint64_t generation)
{
    const auto r = static_cast<std::size_t>(replica);
    if (m_replicaState[r] != ReplicaState::Starting || m_replicaGeneration[r] != generation)
        return; // the start was called off
    const auto d = m_replicaDeployment[r];
    ReplicaPool &pool = m_pools[d];
    m_replicaState[r] = ReplicaState::Ready;
    --pool.starting;
    ++pool.ready;
    armInterruption(replica);
    // The requests that waited for a replica join one (they are already counted as queued).
    while (!pool.pending.empty()) {
        const std::uint32_t id = pool.pending.front();
        pool.pending.pop_front();
        Request &request = m_pool[id];
        request.replica = pickReplica(static_cast<int>(d));
        m_replicas[static_cast<std::size_t>(request.replica)]->enqueue(id, m_nowNs);
    }
}

void Engine::armInterruption(int replica)
{
    const auto r = static_cast<std::size_t>(replica);
    const ReplicaPool &pool = m_pools[m_replicaDeployment[r]];
    if (pool.interruptionMeanSeconds <= 0.0)
        return;
    const double wait = m_interruptStream.exponential(pool.interruptionMeanSeconds);
    const std::int64_t at = m_nowNs + std::max<std::int64_t>(1, secondsToNs(wait));
    if (at <= m_horizonNs)
        m_events.push(at, EventPhase::Interruption, replica, m_replicaGeneration[r]);
}

void Engine::handleInterruption(int replica, std::uint64_t generation)
{
    const auto r = static_cast<std::size_t>(replica);
    const ReplicaState state = m_replicaState[r];
    if (m_replicaGeneration[r] != generation
        || (state != ReplicaState::Ready && state != ReplicaState::Draining))
        return; // the replica went off, or was replaced, since the draw
    const std::size_t d = m_replicaDeployment[r];
    const auto deployment = static_cast<int>(d);
    ReplicaPool &pool = m_pools[d];
    const scenario::Deployment &dep = m_scenario.deployments[d];
    Replica &old = *m_replicas[r];

    // The work of the iteration cut short used energy; the replica is then gone, and with it
    // its KV cache and everything its requests had generated.
    old.flushInFlight(m_nowNs);
    const std::vector<Replica::Held> held = old.heldRequests();
    if (old.busy())
        onBusyChanged(replica, false, m_nowNs);
    onKvUsage(replica, 0.0, m_nowNs);
    pool.retiredIterations += old.iterations();
    pool.retiredPreemptions += old.preemptions();
    ++m_replicaEpoch[r];
    m_replicas[r] = batchingPolicy(dep.serving.policy)
                            .makeReplica(*this, deployment, replica, *m_perf[d], dep.serving);
    m_replicaState[r] = ReplicaState::Off;
    ++m_replicaGeneration[r];
    ++pool.interruptions;
    if (state == ReplicaState::Ready) {
        --pool.ready;
        setProvisioned(deployment);
        // The spot fleet asks for a replacement at once; it starts cold.
        scaleTo(deployment, pool.current() + 1);
    } else {
        --pool.draining;
        setProvisioned(deployment);
    }

    // Every request it held starts again from its prompt.
    for (const Replica::Held &h : held) {
        Request &q = m_pool[h.id];
        if (q.state != RequestState::Waiting) {
            m_queued.add(m_nowNs, 1.0);
            m_meters[d].running.add(m_nowNs, -1.0);
        }
        ++pool.restartedRequests;
        pool.lostTokens += static_cast<std::uint64_t>(std::max<std::int64_t>(0, h.generatedTokens));
        q.generated = 0;
        q.firstTokenNs = -1;
        q.prefillTarget = 0;
        q.prefillDone = 0;
        q.joinStep = 0;
        q.prev = q.next = kNoRequest;
        q.state = RequestState::Waiting;
        ++q.generation;
        restart(h.id, deployment);
    }
}

void Engine::restart(std::uint32_t id, int deployment)
{
    const auto d = static_cast<std::size_t>(deployment);
    ReplicaPool &pool = m_pools[d];
    Request &r = m_pool[id];
    const int replica = pickReplica(deployment);
    if (overflows(d, replica)) {
        ++pool.overflowed;
        m_queued.add(m_nowNs, -1.0); // it leaves this deployment's queue
        r.deployment = pool.overflowTarget;
        dispatch(id, false);
        return;
    }
    if (replica < 0) {
        pool.pending.push_back(id);
        return;
    }
    r.replica = replica;
    m_replicas[static_cast<std::size_t>(replica)]->enqueue(id, m_nowNs);
}

void Engine::setProvisioned(int deployment)
{
    ReplicaPool &pool = m_pools[static_cast<std::size_t>(deployment)];
    const int count = pool.provisionedCount();
    if (!pool.metered || count == static_cast<int>(pool.provisioned.value()))
        return;
    pool.provisioned.set(m_nowNs, count);
    pool.peakProvisioned = std::max(pool.peakProvisioned, count);
    for (EngineObserver *o : m_options.observers)
        o->onProvisioned(deployment, count, m_nowNs);
}

} // namespace tw::sim
