#pragma once

#include "core/model/model_spec.h"
#include "core/scenario/scenario.h"

#include <cstdint>

namespace tw::hardware {

/// The work of one iteration of one replica (all its tensor-parallel GPUs together).
struct BatchWork
{
    std::int64_t prefillTokens = 0;  ///< prompt tokens processed this iteration
    /// Sum over prefill tokens of the context each attends to (its position + 1). For a chunk of
    /// c tokens starting at offset o this is c*o + c*(c+1)/2.
    double prefillAttentionContext = 0.0;
    std::int64_t prefillPrefixTokens = 0; ///< cached KV tokens read by prefill chunks
    std::int64_t decodeTokens = 0;        ///< one per decoding request
    double decodeContextTokens = 0.0;     ///< sum of the decoding requests' context lengths

    std::int64_t tokens() const { return prefillTokens + decodeTokens; }
};

/// Time of one iteration and its parts, in seconds. total = max(compute, memory) + network +
/// overhead: a roofline over the iteration's whole work, with the tensor-parallel all-reduce
/// and fixed costs not overlapped (docs/model.md, "Iteration time").
struct IterationCost
{
    double computeSeconds = 0.0;
    double memorySeconds = 0.0;
    double networkSeconds = 0.0;
    double overheadSeconds = 0.0;
    double totalSeconds = 0.0;
    double flops = 0.0;       ///< per GPU
    double memoryBytes = 0.0; ///< per GPU

    IterationCost &operator+=(const IterationCost &other);
};

/// Roofline iteration-time model of one replica of a deployment. Immutable; cheap to copy.
class PerfModel
{
public:
    explicit PerfModel(const scenario::Deployment &deployment);

    IterationCost iteration(const BatchWork &work) const;

    /// Sum of @p steps consecutive decode iterations of @p batch requests whose summed context
    /// starts at @p contextTokens and grows by @p batch each step. Closed form (no loop over
    /// steps); equals the sum of iteration() over the steps to rounding.
    IterationCost decodeSpan(int batch, double contextTokens, std::int64_t steps) const;

    const model::ModelFootprint &footprint() const { return m_footprint; }
    int tensorParallel() const { return m_tp; }

    /// Weight bytes each GPU holds.
    double weightBytesPerGpu() const { return m_footprint.weightBytes / m_tp; }
    /// Bytes each GPU can use for weights + KV cache: memory x (1 - reserve).
    double usableBytesPerGpu() const;
    /// KV-cache capacity of the replica in tokens; <= 0 when the weights do not fit.
    double kvCapacityTokens() const;
    /// KV bytes one token occupies on each GPU: its share of the KV heads, but at least one
    /// whole head, since a GPU cannot hold a fraction of a head (heads are replicated when
    /// there are more GPUs than KV heads).
    double kvBytesPerTokenPerGpu() const { return m_kvBytesPerTokenPerGpu; }

private:
    double memoryBytesFor(std::int64_t tokens) const; ///< weights touched by `tokens` tokens
    double networkSecondsFor(std::int64_t tokens) const;

    model::ModelFootprint m_footprint;
    scenario::PerformanceParams m_params;
    int m_tp = 1;
    int m_layers = 0;
    int m_experts = 0;
    int m_topK = 0;
    double m_memoryBytes = 0.0;
    double m_kvBytesPerTokenPerGpu = 0.0;
    double m_reserveFraction = 0.1;
    double m_flopsPerSecond = 0.0;     ///< achieved, per GPU
    double m_bytesPerSecond = 0.0;     ///< achieved, per GPU
    double m_linkBytesPerSecond = 0.0; ///< achieved one-way, per GPU
};

/// One-way GPU-to-GPU bandwidth assumed when a GPU has no NVLink-class interconnect:
/// PCIe Gen4 x16, 32 GB/s per direction (PCI-SIG specification).
inline constexpr double kPcieOneWayGbPerSec = 32.0;

} // namespace tw::hardware
