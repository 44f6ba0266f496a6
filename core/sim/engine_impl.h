#pragma once

// The engine's internal class, shared by engine.cpp (event loop, arrivals, routing) and
// engine_results.cpp (turning meters into Results). Not part of the public API: see engine.h.

#include "core/common/random.h"
#include "core/metrics/results.h"
#include "core/metrics/time_weighted.h"
#include "core/scenario/scenario.h"
#include "core/sim/engine.h"
#include "core/sim/event_queue.h"
#include "core/sim/feasibility.h"
#include "core/sim/replica.h"
#include "core/sim/request.h"
#include "core/workload/arrival_process.h"
#include "core/workload/length_sampler.h"

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tw::sim {

/// Time-weighted state and per-request statistics of one destination: a deployment, or the
/// response cache.
struct DestinationMeters
{
    metrics::TimeWeighted busy;                    ///< busy replicas (self-hosted only)
    metrics::TimeWeighted running;                 ///< requests admitted and not finished
    metrics::TimeWeighted kvUsed;                  ///< sum over replicas of the KV used fraction
    std::vector<double> ttft, tpot, e2e, queueing; ///< measured requests only
    std::uint64_t completedInWindow = 0;
    std::uint64_t sloMetInWindow = 0; ///< of completedInWindow, within the SLO
    double outputTokensInWindow = 0.0;
    /// FLOPs and bytes one GPU of each replica moved in the measurement window, summed over
    /// the replicas (IterationRecord's per-GPU figures, prorated when a record straddles the
    /// warm-up): the numerators of MFU and MBU.
    double flopsInWindow = 0.0;
    double bytesInWindow = 0.0;
    std::uint64_t routed = 0;      ///< requests sent here, whole run
    std::uint64_t completed = 0;   ///< requests completed here, whole run
    std::uint64_t inputTokens = 0; ///< of requests completed here, whole run
    std::uint64_t outputTokens = 0;
};

/// Where an autoscaled replica is in its life (docs/model.md, "Autoscaling"). Replicas of a
/// deployment without autoscaling are Ready for the whole run.
enum class ReplicaState : std::uint8_t {
    Off,      ///< not provisioned: neither billed nor powered
    Starting, ///< provisioned, loading; serves from its ReplicaReady event
    Ready,    ///< provisioned and taking requests
    Draining, ///< provisioned, takes no new requests, goes Off once it holds none
};

/// The replicas of one self-hosted deployment as the autoscaler sees them.
struct ReplicaPool
{
    bool autoscaled = false;
    /// Provisioned replicas change during the run (autoscaling or spot interruptions): the
    /// provisioned meter is kept and observers are told.
    bool metered = false;
    double interruptionMeanSeconds = 0.0; ///< per replica; 0 = not interrupted
    int ready = 0, starting = 0, draining = 0;
    std::int64_t coldStartNs = 0;
    /// (time, recommended replicas) of the evaluations inside the stabilisation windows.
    std::deque<std::pair<std::int64_t, int>> recommendations;
    /// Requests routed here while no replica was ready; they count as queued.
    std::deque<std::uint32_t> pending;
    metrics::TimeWeighted provisioned; ///< replicas provisioned (autoscaled deployments only)
    int peakProvisioned = 0;
    std::uint64_t scaleUps = 0, scaleDowns = 0; ///< replicas started, replicas let go
    std::uint64_t overflowed = 0;               ///< requests sent on to the overflow target
    std::uint64_t interruptions = 0;            ///< spot replicas taken away
    std::uint64_t restartedRequests = 0;        ///< requests they held, started again
    std::uint64_t lostTokens = 0;               ///< output tokens those requests had made
    /// Counters of replica objects replaced after an interruption.
    std::uint64_t retiredIterations = 0, retiredPreemptions = 0;
    int overflowTarget = -1; ///< deployment index, -1 = none

    /// Replicas counted by the autoscaler: draining ones are on their way out.
    int current() const { return ready + starting; }
    int provisionedCount() const { return ready + starting + draining; }
};

/// A routing rule with its routes resolved to deployment indices and cumulative shares.
struct CompiledRule
{
    std::string complexity;
    std::string className;
    std::vector<int> deployments;
    std::vector<double> cumulativeShare;
};

class Engine final : public ReplicaHost
{
public:
    Engine(const scenario::Scenario &scenario, const RunOptions &options);
    Engine(const scenario::Scenario &scenario, const RunOptions &options, const TimeGrid &grid);
    metrics::Results run();

    // ReplicaHost
    Request &request(std::uint32_t id) override { return m_pool[id]; }
    // Replica events carry the replica's epoch (bumped when a spot interruption replaces the
    // replica object), so that events of the object taken away are dropped. Timeouts keep
    // their generation in the low 32 bits: a replica arms far fewer than 2^32 within the
    // event budget.
    void scheduleIterationEnd(std::int64_t timeNs, int replica) override
    {
        m_events.push(timeNs, EventPhase::IterationEnd, replica,
                      m_replicaEpoch[static_cast<std::size_t>(replica)]);
    }
    void scheduleTimeout(std::int64_t timeNs, int replica, std::uint64_t generation) override
    {
        m_events.push(timeNs, EventPhase::BatchTimeout, replica,
                      (m_replicaEpoch[static_cast<std::size_t>(replica)] << 32)
                              | (generation & 0xFFFFFFFFull));
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
    static constexpr int kCache = -1; ///< Request::deployment of a cache hit

    void scheduleNextOpenArrival();
    void handleArrival(const Event &event);
    int routeDeployment(const Request &r);
    /// Sends the routed request to its deployment: an API answers it, a self-hosted replica
    /// queues it, and with no replica ready it waits in the pool. @p mayOverflow: the
    /// deployment's overflow rule applies (not to requests that already overflowed).
    void dispatch(std::uint32_t id, bool mayOverflow);
    /// The ready replica of @p deployment that routing picks; -1 when none is ready.
    int pickReplica(int deployment);
    /// The deployment's overflow rule sends a request bound for @p replica (-1: none ready)
    /// to its overflow target.
    bool overflows(std::size_t deployment, int replica) const;
    // Autoscaling (docs/model.md, "Autoscaling").
    void evaluateAutoscaler(int deployment);
    void scaleTo(int deployment, int replicas);
    void handleReplicaReady(int replica, std::uint64_t generation);
    void setProvisioned(int deployment);
    /// Draws the next interruption of a ready spot replica (nothing for other hosting).
    void armInterruption(int replica);
    void handleInterruption(int replica, std::uint64_t generation);
    /// Sends a request taken from an interrupted replica to another one (or the pool's
    /// pending queue, or the overflow target); it is already counted as queued.
    void restart(std::uint32_t id, int deployment);
    /// Replica-seconds provisioned in the measurement window.
    double provisionedReplicaSeconds(std::size_t deployment, double window) const;
    void serveExternally(std::uint32_t id, double firstTokenSeconds, double lastTokenSeconds);
    void handleExternalCompletion(std::uint32_t id, std::int64_t nowNs);
    void recordCompletion(std::uint32_t id, std::int64_t nowNs, bool hasTpot);
    DestinationMeters &metersOf(int deployment)
    {
        return deployment == kCache ? m_cacheMeters
                                    : m_meters[static_cast<std::size_t>(deployment)];
    }
    bool inWindow(std::int64_t arrivalNs) const { return arrivalNs >= m_warmupNs; }
    std::size_t binOf(std::int64_t timeNs) const
    {
        return std::min(static_cast<std::size_t>(timeNs / m_binNs), m_bins - 1);
    }
    void releaseRequest(std::uint32_t id, std::int64_t nowNs);
    metrics::Results collect(metrics::RunStatus status, std::string message, double wallSeconds);

    const scenario::Scenario &m_scenario;
    const RunOptions &m_options;
    std::uint64_t m_seed;
    std::int64_t m_horizonNs;
    std::int64_t m_warmupNs;
    std::int64_t m_binNs;
    std::size_t m_bins;

    PerfModels m_perf;
    std::vector<std::unique_ptr<Replica>> m_replicas;
    std::vector<int> m_firstReplica; ///< per deployment, index of its first replica
    std::vector<int> m_roundRobin;   ///< per deployment, next replica offset
    std::vector<std::size_t> m_replicaDeployment;
    std::vector<int> m_classDeployment;
    std::vector<double> m_classCumulativeShare;
    std::vector<workload::LengthSampler> m_promptSamplers, m_outputSamplers;
    std::vector<CompiledRule> m_rules;
    std::vector<double> m_replicaKvFraction;
    std::vector<ReplicaState> m_replicaState;
    std::vector<std::uint64_t> m_replicaGeneration; ///< bumped when a replica goes off
    std::vector<std::uint64_t> m_replicaEpoch;      ///< bumped when the object is replaced
    std::vector<ReplicaPool> m_pools;               ///< per deployment

    RandomStream m_classStream;
    RandomStream m_promptStream;
    RandomStream m_outputStream;
    RandomStream m_thinkStream;
    RandomStream m_routingStream;
    RandomStream m_cacheStream;
    RandomStream m_interruptStream;
    workload::ArrivalProcess m_arrivals;
    std::optional<workload::Arrival> m_pendingArrival;

    EventQueue m_events;
    RequestPool m_pool;
    std::int64_t m_nowNs = 0;

    // Whole-run counters.
    std::uint64_t m_arrived = 0, m_completed = 0, m_rejected = 0, m_generatedTokens = 0;
    std::uint64_t m_completedOutputTokens = 0;
    std::uint64_t m_arrivedInWindow = 0;
    std::uint64_t m_cacheHits = 0;
    std::uint64_t m_externalInFlight = 0; ///< cache hits and API requests not yet answered
    double m_promptTokensMeasured = 0.0;
    std::uint64_t m_sloMet = 0;

    /// Waiting requests over all replicas. Running requests and busy replicas are metered per
    /// destination; the totals (and requests in system = queued + running) are their sums.
    metrics::TimeWeighted m_queued;
    std::vector<DestinationMeters> m_meters;
    DestinationMeters m_cacheMeters;
    std::vector<double> m_binArrivals, m_binCompletions, m_binTokens;
    std::vector<std::vector<double>> m_binLatencies; ///< e2e seconds of requests done per bin
    double m_outputTokensInWindow = 0.0;
};

} // namespace tw::sim
