#pragma once

#include "core/sim/replica.h"

#include <memory>
#include <vector>

namespace tw::sim {

/// Iteration-level ("continuous") batching as in Orca (Yu et al., OSDI 2022) and vLLM
/// (Kwon et al., SOSP 2023), with a paged KV cache and recompute preemption.
///
/// Without chunked prefill, waiting requests that fit are prefilled in a prefill-only
/// iteration while decoding requests pause (vLLM's default scheduler before v1). With chunked
/// prefill (Sarathi-Serve, Agrawal et al., OSDI 2024), every iteration carries one token for
/// each decoding request and fills the rest of the token budget with prompt chunks.
///
/// Cost per iteration is O(1) plus O(log n) per request that joins, leaves or finishes: decode
/// completions are scheduled by decode-step count in a heap, and the summed context of the
/// decoding requests is kept as (base + count x step), never by touching each request.
class ContinuousReplica final : public Replica
{
public:
    using Replica::Replica;

    void enqueue(std::uint32_t id, std::int64_t nowNs) override;
    void onIterationEnd(std::int64_t nowNs) override;
    std::size_t waitingCount() const override { return m_waiting.size(); }
    std::size_t runningCount() const override;
    std::vector<Held> heldRequests() const override;

    struct Completion
    {
        std::int64_t step;
        std::uint32_t id;
        std::uint32_t generation;
    };

private:
    struct Chunk
    {
        std::uint32_t id;
        std::int32_t tokens;
    };

    void startIteration(std::int64_t nowNs);
    bool admitNext(std::int64_t nowNs, std::int64_t tokenBudget, bool allowOversize);
    void preemptNewest(std::int64_t nowNs);
    void joinDecode(std::uint32_t id);
    void leaveDecode(Request &r);
    void pushAdmitted(std::uint32_t id);
    void unlinkAdmitted(std::uint32_t id);
    double decodeContextTokens() const;
    double kvUsedTokens() const
    {
        return m_prefillReserved + decodeContextTokens() + m_fixedReserved;
    }
    void pushCompletion(const Completion &c);
    Completion popCompletion();

    RequestQueue m_waiting;
    std::vector<std::uint32_t> m_prefilling; ///< admitted, prompt not fully processed, FIFO
    std::vector<Completion> m_completions;   ///< min-heap on step
    std::uint32_t m_newest = kNoRequest;     ///< tail of the admission-order list
    std::uint32_t m_oldest = kNoRequest;
    std::int64_t m_step = 0;        ///< decode steps executed so far
    std::int64_t m_decoding = 0;    ///< requests in the decode phase
    double m_decodeBase = 0.0;      ///< sum over decoders of (prefillTarget + 1 - joinStep)
    double m_prefillReserved = 0.0; ///< KV tokens reserved by requests still prefilling
    /// Sum of Request::kvFixedTokens over admitted requests (window layers and states).
    double m_fixedReserved = 0.0;
    std::int64_t m_decodeWindow = 0; ///< sum of Request::windowTokens over decoders

    // The iteration in flight.
    std::vector<Chunk> m_chunks;
    bool m_stepThisIteration = false;
    std::int64_t m_iterationStartNs = 0;
    hardware::IterationCost m_cost;
};

/// The factory of continuous batching (core/sim/batching_policies.cpp).
std::unique_ptr<Replica> makeContinuousReplica(ReplicaHost &host, int deployment, int index,
                                               const hardware::PerfModel &perf,
                                               const scenario::ServingSpec &serving);

} // namespace tw::sim
