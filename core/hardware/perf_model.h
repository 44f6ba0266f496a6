#pragma once

#include "core/model/model_spec.h"
#include "core/scenario/scenario.h"

#include <algorithm>
#include <cstdint>
#include <string>

namespace tw::hardware {

/// The work of one iteration of one replica (all its tensor-parallel GPUs together).
struct BatchWork
{
    std::int64_t prefillTokens = 0; ///< prompt tokens processed this iteration
    /// Sum over prefill tokens of the context each attends to (its position + 1). For a chunk of
    /// c tokens starting at offset o this is c*o + c*(c+1)/2.
    double prefillAttentionContext = 0.0;
    std::int64_t prefillPrefixTokens = 0; ///< cached KV tokens read by prefill chunks
    std::int64_t decodeTokens = 0;        ///< one per decoding request
    double decodeContextTokens = 0.0;     ///< sum of the decoding requests' context lengths
    // Layouts with window or state-space layers (model::AttentionLayout); 0 otherwise.
    /// prefillAttentionContext with each token's context capped at the window
    /// (PerfModel::windowPrefillContext).
    double prefillWindowAttentionContext = 0.0;
    double prefillWindowPrefixTokens = 0.0; ///< cached tokens read by window layers
    std::int64_t prefillSequences = 0;      ///< prompts with a chunk in this iteration
    double decodeWindowTokens = 0.0; ///< sum of the decoding requests' window-capped contexts

    std::int64_t tokens() const { return prefillTokens + decodeTokens; }
};

/// Time of one iteration and its parts, in seconds (docs/model.md, "Iteration time"). Two
/// rooflines run one after the other, linear layers then attention, each the max of its compute
/// and memory time; the tensor-parallel all-reduce and the fixed overheads are added, not
/// overlapped: total = max(linear compute, linear memory) + max(attention compute, attention
/// memory) + network + overhead. computeSeconds and memorySeconds are the sums over both
/// operators, so max(compute, memory) is not the total; the power model weights them.
struct IterationCost
{
    double computeSeconds = 0.0; ///< linear + attention, at the achieved FLOP rate
    double memorySeconds = 0.0;  ///< weights touched + KV read and written, at the achieved rate
    double networkSeconds = 0.0;
    double overheadSeconds = 0.0;
    /// The part of overheadSeconds spent waiting for the host (the per-iteration and per-layer
    /// costs: scheduling, kernel launches), when the GPU computes nothing. The per-sequence and
    /// mixture-of-experts costs are GPU work (sampling, routing, token permutation).
    double hostSeconds = 0.0;
    double totalSeconds = 0.0;
    double flops = 0.0;       ///< per GPU
    double memoryBytes = 0.0; ///< per GPU
    /// The attention part of computeSeconds and memorySeconds (context-dependent): linear
    /// layers and attention are separate kernels, each with its own roofline.
    double attentionComputeSeconds = 0.0;
    double attentionMemorySeconds = 0.0;

    IterationCost &operator+=(const IterationCost &other);
};

/// Idle power per GPU as a share of TDP, used only when neither the scenario
/// (PowerParams::idleWatts) nor the GPU catalog (GpuSpec::idleWatts) gives a figure. The two
/// catalog GPUs with a sourced idle figure have 75 / 700 = 10.7 % (H100 SXM) and 63 / 400 =
/// 15.8 % (A100 SXM) (docs/model.md, "Power and energy").
inline constexpr double kFallbackIdleShareOfTdp = 0.1;

/// Idle power of one GPU: PowerParams::idleWatts if > 0, else GpuSpec::idleWatts if > 0, else
/// kFallbackIdleShareOfTdp x TDP.
double idleWattsOf(const model::GpuSpec &gpu, const scenario::PowerParams &power);

/// The one power-cap rule, used by the scenario reader and by PowerModel: powerCapWatts is 0
/// (no cap) or above the idle power (no clock brings power below idle) and at most 2 x TDP
/// (above that it caps nothing). Empty when it holds, else the message for the field
/// ("must be ..., got ...").
std::string powerCapProblem(const model::GpuSpec &gpu, const scenario::PowerParams &power);

/// A problem with how a deployment's replica is laid out on GPUs (docs/model.md, "Topology").
struct TopologyProblem
{
    std::string field;   ///< path under the deployment, e.g. "hardware.pipelineStages"
    std::string message; ///< "must ..., got ..."
};

/// The one layout rule, used by the scenario reader and by PerfModel: pipelineStages divides
/// gpusPerReplica and is at most the model's layers, the GPUs per stage divide the model's
/// attention heads, and a replica larger than what the GPU's NVLink domain and node join has a
/// scale-out bandwidth to time its traffic with. Empty (field "") when it holds.
TopologyProblem topologyProblem(const scenario::Deployment &deployment);

/// Why @p gpu cannot serve weights in @p precision with the serving software the calibration
/// covers (vLLM 0.8-0.11, docs "Quantization: supported hardware" and "FP8 W8A8"), empty when
/// it can: bf16 needs a bfloat16 rate (Volta has none: serve fp16); fp8 runs as W8A8 on GPUs
/// with an fp8 rate and as weight-only W8A16 (FP8 Marlin) on Turing and Ampere, not on Volta;
/// int8 (W8A8) needs Turing or later; int4 (GPTQ) runs everywhere.
std::string precisionProblem(const model::GpuSpec &gpu, model::Precision precision);

/// GPUs that reach each other without the network between nodes: max(NVLink domain, node),
/// with GpuSpec's unknowns resolved as documented there.
int fabricGpus(const model::GpuSpec &gpu);

/// What one GPU did over a wall span (totals over the span, as in IterationCost).
struct GpuWork
{
    double wallSeconds = 0.0;
    double flops = 0.0;
    double memoryBytes = 0.0;
    double networkSeconds = 0.0; ///< tensor-parallel all-reduce
    double hostSeconds = 0.0;    ///< waiting for the host (IterationCost::hostSeconds)
};

/// Power of one GPU of a deployment (docs/model.md, "Power and energy"). While an iteration runs
/// the GPU draws idle + (TDP - idle) x min(1, activity), with
///   activity = b x kernel share + n x network share + wc x MFU + wm x MBU,
/// kernel share = (wall - host - network) / wall, network share = network / wall, MFU = FLOPs /
/// (wall x peak FLOP/s), MBU = bytes / (wall x peak bandwidth); under a power cap at most the
/// cap. Between iterations, and while it waits for the host, it draws idle watts. Immutable;
/// cheap to copy.
class PowerModel
{
public:
    PowerModel() = default;
    /// Throws tw::InputError ("power.powerCapWatts") when powerCapProblem() finds one.
    explicit PowerModel(const scenario::Deployment &deployment);

    double tdpWatts() const { return m_tdpWatts; }
    /// PowerParams::idleWatts if > 0, else GpuSpec::idleWatts if > 0, else
    /// kFallbackIdleShareOfTdp x TDP.
    double idleWatts() const { return m_idleWatts; }
    /// TDP - idle, never negative: the most an iteration adds to idle power.
    double dynamicRangeWatts() const { return m_dynamicRangeWatts; }
    double capWatts() const { return m_capWatts; } ///< 0 = no cap

    /// The activity of @p work before the limit of 1 (0 when its wall time is not positive).
    /// MFU is against the peak FLOP/s at the deployment's weight precision, MBU against the
    /// datasheet bandwidth: achieved rates, whatever the efficiencies that set the time.
    double activity(const GpuWork &work) const
    {
        if (work.wallSeconds <= 0.0)
            return 0.0;
        const double kernel
                = std::max(0.0, work.wallSeconds - work.hostSeconds - work.networkSeconds);
        return (m_params.busyActivity * kernel
                + m_params.networkActivity * std::min(work.networkSeconds, work.wallSeconds)
                + m_computeWeightPerFlop * work.flops + m_memoryWeightPerByte * work.memoryBytes)
               / work.wallSeconds;
    }
    /// Power above idle of one GPU at @p activity, watts: (TDP - idle) x min(1, activity), at
    /// most cap - idle.
    double dynamicWatts(double activity) const
    {
        const double uncapped = m_dynamicRangeWatts * std::clamp(activity, 0.0, 1.0);
        return m_capWatts > 0.0 ? std::min(uncapped, m_capDynamicWatts) : uncapped;
    }
    double dynamicWatts(const GpuWork &work) const { return dynamicWatts(activity(work)); }
    /// Factor (>= 1) by which a power cap stretches compute-bound time: (P_dyn / (cap -
    /// idle))^(1/3) when the uncapped dynamic power P_dyn exceeds cap - idle, else 1. Cube law
    /// of dynamic power against clock under voltage scaling.
    double computeStretch(const GpuWork &work) const;

private:
    double m_tdpWatts = 0.0;
    double m_idleWatts = 0.0;
    double m_dynamicRangeWatts = 0.0;
    double m_capWatts = 0.0;
    double m_capDynamicWatts = 0.0;      ///< cap - idle; 0 when there is no cap
    double m_computeWeightPerFlop = 0.0; ///< wc / peak FLOP/s
    double m_memoryWeightPerByte = 0.0;  ///< wm / peak bytes/s
    scenario::PowerParams m_params;
};

/// The GpuWork of one iteration cost (per GPU, as IterationCost is).
inline GpuWork gpuWorkOf(const IterationCost &cost)
{
    return {cost.totalSeconds, cost.flops, cost.memoryBytes, cost.networkSeconds, cost.hostSeconds};
}

/// Iteration-time model of one replica of a deployment: a roofline per operator (linear layers,
/// attention), plus all-reduce and fixed overheads (see IterationCost). With pipeline stages an
/// iteration is one round in which every running request advances one token: the batch is
/// split into min(stages, sequences) micro-batches that flow through the stages (docs/model.md,
/// "Pipeline parallelism"); the IterationCost is then per GPU, averaged over the stages.
/// Immutable; cheap to copy.
class PerfModel
{
public:
    explicit PerfModel(const scenario::Deployment &deployment);

    /// Under a power cap (PowerParams::powerCapWatts) computeSeconds is the stretched,
    /// lower-clock compute time and totalSeconds follows from it; flops are unchanged.
    IterationCost iteration(const BatchWork &work) const;

    /// Sum of @p steps consecutive decode iterations of @p batch requests whose summed context
    /// starts at @p contextTokens and grows by @p batch each step. Closed form (no loop over
    /// steps); equals the sum of iteration() over the steps to rounding. Under a power cap the
    /// span is stretched by one factor computed from its average power, not step by step.
    /// @p windowTokens is the batch's summed window-capped context (BatchWork::
    /// decodeWindowTokens), held constant over the span (see windowContext()).
    IterationCost decodeSpan(int batch, double contextTokens, std::int64_t steps,
                             double windowTokens = 0.0) const;

    /// Per-sequence cache that does not grow with the context, in tokens of the growing
    /// layers' KV (the unit of kvCapacityTokens()): the window layers' KV for min(@p
    /// sequenceTokens, window) tokens plus the state-space layers' state. 0 for a model whose
    /// layers are all full attention. The engine reserves it for a request's whole stay, as
    /// an allocator that frees only what slides out of the window would at its longest.
    double fixedKvTokens(double sequenceTokens) const
    {
        return m_fixedTokensPerSequence + m_windowTokensPerToken * windowContext(sequenceTokens);
    }
    /// Context a window layer reads for a sequence of @p contextTokens: min(context, window),
    /// 0 without window layers.
    double windowContext(double contextTokens) const
    {
        return m_windowTokens > 0 ? std::min(contextTokens, static_cast<double>(m_windowTokens))
                                  : 0.0;
    }
    /// Sum over the tokens of a prefill chunk of @p tokens starting at @p offset of their
    /// window-capped context: sum_{i=1..tokens} min(offset + i, window).
    double windowPrefillContext(double offset, double tokens) const;

    const PowerModel &power() const { return m_power; }

    /// The whole model's footprint (not one stage's).
    const model::ModelFootprint &footprint() const { return m_footprint; }
    int tensorParallel() const { return m_tp; } ///< GPUs per pipeline stage
    int pipelineStages() const { return m_stages; }
    int layersPerStage() const { return m_layers; } ///< ceil(layers / stages)

    /// Weight bytes each GPU holds: its share of its stage's layers.
    double weightBytesPerGpu() const { return m_stage.weightBytes / m_tp; }
    /// Bytes each GPU can use for weights + KV cache: memory x (1 - reserve).
    double usableBytesPerGpu() const;
    /// KV-cache capacity of the replica in tokens; <= 0 when the weights do not fit.
    double kvCapacityTokens() const;
    /// KV bytes one token occupies on each GPU in the layers whose cache grows with the
    /// context: its share of the KV heads of the full-attention layers, but at least one whole
    /// head, since a GPU cannot hold a fraction of a head (heads are replicated when there are
    /// more GPUs than KV heads), plus the whole MLA latent.
    double kvBytesPerTokenPerGpu() const { return m_kvBytesPerTokenPerGpu; }

    /// Time to hand @p tokens tokens' activations from every stage to the next, summed over the
    /// stage boundaries (0 without pipeline stages).
    double pipelineSendSeconds(double tokens) const
    {
        return m_stages > 1 ? m_sendLatencySeconds + tokens * m_sendSecondsPerToken : 0.0;
    }

private:
    /// One stage's cost (the whole replica's without pipeline stages). @p stepCosts adds the
    /// per-iteration and per-sequence overheads, which a pipeline pays once per round.
    IterationCost uncappedIteration(const BatchWork &work, bool stepCosts) const;
    IterationCost stageIteration(const BatchWork &work, bool stepCosts) const;
    IterationCost stageDecodeSpan(int batch, double contextTokens, std::int64_t steps,
                                  double windowTokens, bool stepCosts) const;
    IterationCost pipelineIteration(const BatchWork &work) const;
    IterationCost pipelineDecodeSpan(int batch, double contextTokens, std::int64_t steps,
                                     double windowTokens) const;
    /// A round from the micro-batches' stage costs (summed in @p stageSum) and the slowest
    /// micro-batch's pass through all stages, over @p steps steps (docs/model.md, "Pipeline
    /// parallelism").
    IterationCost pipelineRound(const IterationCost &stageSum, double slowestPassSeconds,
                                double sendSeconds, double steps, int microBatches,
                                double decodeTokens, double largestDecodeBatch) const;
    double memoryBytesFor(double tokens) const; ///< weights touched by `tokens` tokens
    double networkSecondsFor(double tokens) const;

    model::ModelFootprint m_footprint;
    /// One pipeline stage's share of m_footprint (all of it without pipeline stages): the
    /// per-layer quantities times layersPerStage / layers.
    model::ModelFootprint m_stage;
    scenario::PerformanceParams m_params;
    PowerModel m_power;
    int m_tp = 1;
    int m_stages = 1;
    int m_layers = 0; ///< per stage
    int m_experts = 0;
    int m_topK = 0;
    double m_memoryBytes = 0.0;
    double m_kvBytesPerTokenPerGpu = 0.0;
    double m_windowKvBytesPerTokenPerGpu = 0.0;
    double m_stateBytesPerSequencePerGpu = 0.0;
    int m_windowTokens = 0;
    double m_fixedTokensPerSequence = 0.0; ///< state bytes / growing KV bytes per token
    double m_windowTokensPerToken = 0.0;   ///< window KV bytes / growing KV bytes per token
    double m_reserveFraction = 0.1;
    double m_flopsPerSecond = 0.0;          ///< achieved, per GPU
    double m_bytesPerSecond = 0.0;          ///< achieved, per GPU
    double m_linkBytesPerSecond = 0.0;      ///< achieved one-way, per GPU, of the TP all-reduce
    double m_allReduceLatencySeconds = 0.0; ///< of one TP all-reduce
    double m_sendLatencySeconds = 0.0;      ///< stage-to-stage sends: fixed part, all boundaries
    double m_sendSecondsPerToken = 0.0;     ///< and per token, all boundaries
};

/// One-way GPU-to-GPU bandwidth assumed when a GPU has no NVLink-class interconnect:
/// PCIe Gen4 x16, 32 GB/s per direction (PCI-SIG specification).
inline constexpr double kPcieOneWayGbPerSec = 32.0;

} // namespace tw::hardware
