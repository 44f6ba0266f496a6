#pragma once

#include "core/hardware/perf_model.h"

#include <cstdint>

namespace tw::sim {

/// Work done by one replica over [startNs, endNs): one iteration, or several identical-shape
/// decode iterations folded into one record (static/dynamic batching, no batching). The
/// seconds fields are totals over the iterations, before taking the roofline maximum, so a
/// power model that is linear in them integrates exactly.
struct IterationRecord
{
    int deployment = 0;
    int replica = 0;
    std::int64_t startNs = 0;
    std::int64_t endNs = 0;
    int iterations = 1;      ///< 0 for the unfinished part of one cut off by the horizon
    int runningRequests = 0; ///< requests in the batch
    std::int64_t prefillTokens = 0;
    std::int64_t decodeTokens = 0;
    double computeSeconds = 0.0;  ///< FLOPs / achieved FLOP/s
    double memorySeconds = 0.0;   ///< bytes / achieved bandwidth
    double networkSeconds = 0.0;  ///< tensor-parallel all-reduce time
    double flops = 0.0;           ///< per GPU
    double memoryBytes = 0.0;     ///< per GPU
    double overheadSeconds = 0.0; ///< fixed costs: per iteration, layer, sequence, MoE layer
    double hostSeconds = 0.0;     ///< the part of overheadSeconds the GPU waits for the host
};

/// What each GPU of the record's replica did over the record's wall span, for the power model.
inline hardware::GpuWork gpuWorkOf(const IterationRecord &r)
{
    return {static_cast<double>(r.endNs - r.startNs) * 1e-9, r.flops, r.memoryBytes,
            r.networkSeconds, r.hostSeconds};
}

/// Told about every state change of the engine, on the engine's thread, in simulated-time
/// order. Energy, cost and carbon accounting attach here. Default implementations ignore.
class EngineObserver
{
public:
    virtual ~EngineObserver() = default;
    virtual void onIteration(const IterationRecord &) {}
    /// A replica became idle (no iteration running) at @p timeNs.
    virtual void onReplicaIdle(int /*deployment*/, int /*replica*/, std::int64_t /*timeNs*/) {}
    virtual void onRequestArrived(std::int64_t /*timeNs*/, int /*requestClass*/) {}
    /// @p deployment is the index of the deployment that answered, or -1 for the response cache.
    virtual void onRequestCompleted(std::int64_t /*timeNs*/, int /*requestClass*/,
                                    int /*deployment*/, int /*promptTokens*/, int /*outputTokens*/)
    {}
    /// An autoscaled deployment now has @p replicas replicas provisioned (billed and powered:
    /// starting, ready or draining). Deployments without autoscaling never call it: theirs are
    /// provisioned for the whole run.
    virtual void onProvisioned(int /*deployment*/, int /*replicas*/, std::int64_t /*timeNs*/) {}
    /// Called once when the run ends (horizon, cancellation or budget).
    virtual void onFinished(std::int64_t /*timeNs*/) {}
};

} // namespace tw::sim
