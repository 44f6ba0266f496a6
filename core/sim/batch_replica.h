#pragma once

#include "core/sim/replica.h"

#include <memory>
#include <vector>

namespace tw::sim {

/// Request-level batching: a batch is formed, run to completion, and only then is the next
/// one formed. Covers three policies:
///  - None: batches of one, started as soon as the replica is free (the small-startup case);
///  - Dynamic: up to maxBatchSize requests, started when the batch is full or its oldest
///    request has waited batchTimeoutSeconds (Triton's dynamic batcher); no padding: each
///    request leaves the batch when its own output is done;
///  - Static: the same trigger, but the batch is padded to its longest prompt and longest
///    output and every request is returned when the whole batch ends (as with a padded
///    `generate()` call).
/// Decode phases between completions are folded into one event each and timed in closed form
/// (PerfModel::decodeSpan), so a request costs O(log n) events, not one per token.
class BatchReplica final : public Replica
{
public:
    /// How batches are formed: @p single takes one request at a time (no batching, no
    /// timeout); @p padded pads every batch and returns it whole (static batching).
    BatchReplica(ReplicaHost &host, int deployment, int index, const hardware::PerfModel &perf,
                 const scenario::ServingSpec &serving, bool single, bool padded);

    void enqueue(std::uint32_t id, std::int64_t nowNs) override;
    void onIterationEnd(std::int64_t nowNs) override;
    void onTimeout(std::int64_t nowNs, std::uint64_t generation) override;
    std::size_t waitingCount() const override { return m_waiting.size(); }
    std::size_t runningCount() const override { return m_batch.size() - m_nextToFinish; }
    std::vector<Held> heldRequests() const override;

private:
    enum class Phase { Idle, Prefill, Decode };

    void tryStart(std::int64_t nowNs);
    void startBatch(std::int64_t nowNs);
    void startDecodeSpan(std::int64_t nowNs);
    void endBatch(std::int64_t nowNs);

    int m_maxBatch = 1;
    std::int64_t m_timeoutNs = 0;
    bool m_padded = false;
    RequestQueue m_waiting;
    std::uint64_t m_timeoutGeneration = 0;
    std::int64_t m_timeoutAtNs = -1;

    Phase m_phase = Phase::Idle;
    std::vector<std::uint32_t> m_batch; ///< sorted by output length once prefilled
    std::size_t m_nextToFinish = 0;     ///< m_batch[0 .. m_nextToFinish) are done
    std::int64_t m_stepsDone = 0;       ///< decode steps executed in this batch
    std::int64_t m_spanSteps = 0;
    double m_remainingPromptTokens = 0.0; ///< sum of prompts of unfinished requests
    double m_remainingWindowTokens = 0.0; ///< sum of Request::windowTokens of unfinished ones
    int m_paddedPrompt = 0;
    int m_paddedOutput = 0;
    std::int64_t m_iterationStartNs = 0;
    hardware::IterationCost m_cost;
    std::int64_t m_prefillTokens = 0;
};

/// The factories of the three request-level policies (core/sim/batching_policies.cpp).
std::unique_ptr<Replica> makeDynamicBatchReplica(ReplicaHost &host, int deployment, int index,
                                                 const hardware::PerfModel &perf,
                                                 const scenario::ServingSpec &serving);
std::unique_ptr<Replica> makeStaticBatchReplica(ReplicaHost &host, int deployment, int index,
                                                const hardware::PerfModel &perf,
                                                const scenario::ServingSpec &serving);
std::unique_ptr<Replica> makeUnbatchedReplica(ReplicaHost &host, int deployment, int index,
                                              const hardware::PerfModel &perf,
                                              const scenario::ServingSpec &serving);

} // namespace tw::sim
