#include "core/sim/replica.h"

#include "core/common/nanoseconds.h"
#include "core/sim/observer.h"

#include <cmath>

namespace tw::sim {

Replica::Replica(ReplicaHost &host, int deployment, int index, const hardware::PerfModel &perf,
                 const scenario::ServingSpec &serving)
    : m_host(host)
    , m_perf(perf)
    , m_serving(serving)
    , m_deployment(deployment)
    , m_index(index)
    , m_kvCapacity(std::floor(perf.kvCapacityTokens()))
{}

bool Replica::accept(std::uint32_t id, std::int64_t nowNs)
{
    Request &r = m_host.request(id);
    const double length = static_cast<double>(r.promptTokens) + r.outputTokens;
    // Reads at the mean decode context (exact unless the context crosses the window while
    // decoding); the reservation at the final length, as an allocator must.
    r.windowTokens = static_cast<std::int32_t>(
            std::lround(m_perf.windowContext(r.promptTokens + r.outputTokens / 2.0)));
    r.kvFixedTokens = static_cast<float>(m_perf.fixedKvTokens(length));
    if (length + r.kvFixedTokens > m_kvCapacity) {
        m_host.onRejected(id, nowNs);
        return false;
    }
    ++m_outstanding;
    return true;
}

void Replica::finish(std::uint32_t id, std::int64_t nowNs)
{
    --m_outstanding;
    m_host.request(id).state = RequestState::Done;
    m_host.onCompleted(id, nowNs);
}

void Replica::setBusy(bool busy, std::int64_t nowNs)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    m_host.onBusyChanged(m_index, busy, nowNs);
}

void Replica::scheduleIteration(std::int64_t startNs, const hardware::IterationCost &cost,
                                int iterations, int running)
{
    const std::int64_t endNs = startNs + toNs(cost.totalSeconds);
    m_inFlight = {true, startNs, endNs, cost, iterations, running};
    m_host.scheduleIterationEnd(endNs, m_index);
}

void Replica::flushInFlight(std::int64_t endNs)
{
    if (!m_inFlight.active || endNs <= m_inFlight.startNs)
        return;
    const double share = static_cast<double>(endNs - m_inFlight.startNs)
                         / static_cast<double>(m_inFlight.endNs - m_inFlight.startNs);
    hardware::IterationCost part = m_inFlight.cost;
    part.computeSeconds *= share;
    part.memorySeconds *= share;
    part.networkSeconds *= share;
    part.overheadSeconds *= share;
    part.hostSeconds *= share;
    part.flops *= share;
    part.memoryBytes *= share;
    part.totalSeconds *= share;
    const int running = m_inFlight.running;
    m_inFlight.active = false;
    emitIteration(m_inFlight.startNs, endNs, part, 0, running, 0, 0, 0);
}

void Replica::emitIteration(std::int64_t startNs, std::int64_t endNs,
                            const hardware::IterationCost &cost, int iterations, int running,
                            std::int64_t prefillTokens, std::int64_t decodeTokens,
                            std::int64_t outputTokens)
{
    m_inFlight.active = false;
    m_iterations += static_cast<std::uint64_t>(iterations);
    IterationRecord record;
    record.deployment = m_deployment;
    record.replica = m_index;
    record.startNs = startNs;
    record.endNs = endNs;
    record.iterations = iterations;
    record.runningRequests = running;
    record.prefillTokens = prefillTokens;
    record.decodeTokens = decodeTokens;
    record.computeSeconds = cost.computeSeconds;
    record.memorySeconds = cost.memorySeconds;
    record.networkSeconds = cost.networkSeconds;
    record.flops = cost.flops;
    record.memoryBytes = cost.memoryBytes;
    record.overheadSeconds = cost.overheadSeconds;
    record.hostSeconds = cost.hostSeconds;
    m_host.onIterationDone(record, outputTokens);
}

std::int64_t Replica::toNs(double seconds)
{
    // Models compute in double seconds; time is rounded once, here, when it is scheduled.
    // Every iteration takes at least 1 ns so simulated time always advances.
    const std::int64_t ns = secondsToNs(seconds);
    return ns < 1 ? 1 : ns;
}

} // namespace tw::sim
