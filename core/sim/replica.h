#pragma once

#include "core/hardware/perf_model.h"
#include "core/scenario/scenario.h"
#include "core/sim/request.h"

#include <cstdint>
#include <vector>

namespace tw::sim {

struct IterationRecord;

/// What a replica needs from the engine that owns it. Implemented by the engine; every call
/// happens on the engine's thread at the current simulated time.
class ReplicaHost
{
public:
    virtual ~ReplicaHost() = default;
    virtual Request &request(std::uint32_t id) = 0;
    virtual void scheduleIterationEnd(std::int64_t timeNs, int replica) = 0;
    virtual void scheduleTimeout(std::int64_t timeNs, int replica, std::uint64_t generation) = 0;
    /// A request left the queue for a batch (first time: queueing delay ends).
    virtual void onAdmitted(std::uint32_t id, std::int64_t nowNs) = 0;
    /// A running request went back to the queue to be recomputed later.
    virtual void onPreempted(std::uint32_t id, std::int64_t nowNs) = 0;
    virtual void onFirstToken(std::uint32_t id, std::int64_t nowNs) = 0;
    /// The request is finished; the replica no longer refers to it.
    virtual void onCompleted(std::uint32_t id, std::int64_t nowNs) = 0;
    /// The request can never run on this replica (larger than its whole KV cache).
    virtual void onRejected(std::uint32_t id, std::int64_t nowNs) = 0;
    /// An iteration (or a folded span of identical ones) ended; @p tokens output tokens made.
    virtual void onIterationDone(const IterationRecord &record, std::int64_t tokens) = 0;
    virtual void onBusyChanged(int replica, bool busy, std::int64_t nowNs) = 0;
    /// The replica's KV-cache use changed to @p usedFraction of its capacity.
    virtual void onKvUsage(int replica, double usedFraction, std::int64_t nowNs) = 0;
};

/// One replica (tensor-parallel group of GPUs) with its own queue and batching policy.
class Replica
{
public:
    Replica(ReplicaHost &host, int deployment, int index, const hardware::PerfModel &perf,
            const scenario::ServingSpec &serving);
    virtual ~Replica() = default;
    Replica(const Replica &) = delete;
    Replica &operator=(const Replica &) = delete;

    /// A request routed here arrives.
    virtual void enqueue(std::uint32_t id, std::int64_t nowNs) = 0;
    virtual void onIterationEnd(std::int64_t nowNs) = 0;
    virtual void onTimeout(std::int64_t /*nowNs*/, std::uint64_t /*generation*/) {}

    /// Requests routed here and not yet finished (for least-outstanding routing).
    int outstanding() const { return m_outstanding; }
    bool busy() const { return m_busy; }
    /// A request the replica holds and the output tokens counted for it so far (those of the
    /// iteration records emitted: what Results::generatedTokens has seen).
    struct Held
    {
        std::uint32_t id;
        std::int64_t generatedTokens;
    };
    /// Every request held, running ones first in admission order, then the waiting ones in
    /// queue order: what a spot interruption takes away.
    virtual std::vector<Held> heldRequests() const = 0;
    virtual std::size_t waitingCount() const = 0;
    virtual std::size_t runningCount() const = 0;
    double kvCapacityTokens() const { return m_kvCapacity; }
    std::uint64_t preemptions() const { return m_preemptions; }
    std::uint64_t iterations() const { return m_iterations; }

    /// Reports the part up to @p endNs of an iteration still running when the run stops, so
    /// energy is accounted to the horizon. The partial record carries no tokens and counts no
    /// iteration (nothing was produced yet); its seconds are scaled by the share elapsed.
    void flushInFlight(std::int64_t endNs);

protected:
    /// Schedules the end of the iteration (or folded span) starting at @p startNs and remembers
    /// it for flushInFlight().
    void scheduleIteration(std::int64_t startNs, const hardware::IterationCost &cost,
                           int iterations, int running);
    /// Checks the request can ever fit; rejects it otherwise. True when accepted.
    bool accept(std::uint32_t id, std::int64_t nowNs);
    void finish(std::uint32_t id, std::int64_t nowNs);
    void setBusy(bool busy, std::int64_t nowNs);
    void emitIteration(std::int64_t startNs, std::int64_t endNs,
                       const hardware::IterationCost &cost, int iterations, int running,
                       std::int64_t prefillTokens, std::int64_t decodeTokens,
                       std::int64_t outputTokens);
    static std::int64_t toNs(double seconds);

    ReplicaHost &m_host;
    const hardware::PerfModel &m_perf;
    const scenario::ServingSpec &m_serving;
    int m_deployment = 0;
    int m_index = 0;
    double m_kvCapacity = 0.0;
    int m_outstanding = 0;
    bool m_busy = false;
    std::uint64_t m_preemptions = 0;
    std::uint64_t m_iterations = 0;

private:
    struct InFlight
    {
        bool active = false;
        std::int64_t startNs = 0;
        std::int64_t endNs = 0;
        hardware::IterationCost cost;
        int iterations = 0;
        int running = 0;
    };
    InFlight m_inFlight;
};

} // namespace tw::sim
