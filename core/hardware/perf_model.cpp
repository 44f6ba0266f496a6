#include "core/hardware/perf_model.h"

#include "core/common/error.h"
#include "core/scenario/scenario_fields.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace tw::hardware {

double idleWattsOf(const model::GpuSpec &gpu, const scenario::PowerParams &power)
{
    return power.idleWatts > 0.0 ? power.idleWatts
           : gpu.idleWatts > 0.0 ? gpu.idleWatts
                                 : kFallbackIdleShareOfTdp * std::max(0.0, gpu.tdpWatts);
}

std::string powerCapProblem(const model::GpuSpec &gpu, const scenario::PowerParams &power)
{
    using scenario::detail::formatNumber;
    const double cap = power.powerCapWatts;
    const double idle = idleWattsOf(gpu, power);
    const double most = 2.0 * gpu.tdpWatts;
    if (cap == 0.0 || (cap > idle && cap <= most))
        return {};
    return "must be 0 (no cap) or > the idle power (" + formatNumber(idle)
           + " W) and <= 2 x tdpWatts (" + formatNumber(most) + " W), got " + formatNumber(cap);
}

PowerModel::PowerModel(const scenario::Deployment &deployment)
    : m_tdpWatts(std::max(0.0, deployment.hardware.gpu.tdpWatts))
    , m_idleWatts(idleWattsOf(deployment.hardware.gpu, deployment.power))
    , m_params(deployment.power)
{
    m_dynamicRangeWatts = std::max(0.0, m_tdpWatts - m_idleWatts);
    const model::GpuSpec &gpu = deployment.hardware.gpu;
    const double peakFlops = gpu.peakFlopsPerSecond(deployment.weightPrecision);
    const double peakBytes = gpu.memoryBandwidthGbPerSec * 1e9;
    m_computeWeightPerFlop = peakFlops > 0.0 ? m_params.computeWeight / peakFlops : 0.0;
    m_memoryWeightPerByte = peakBytes > 0.0 ? m_params.memoryWeight / peakBytes : 0.0;
    if (m_params.powerCapWatts != 0.0) {
        const std::string problem = powerCapProblem(deployment.hardware.gpu, m_params);
        if (!problem.empty())
            throw InputError("power.powerCapWatts", problem);
        m_capWatts = m_params.powerCapWatts;
        m_capDynamicWatts = m_capWatts - m_idleWatts;
    }
}

double PowerModel::computeStretch(const GpuWork &work) const
{
    if (m_capWatts <= 0.0 || work.wallSeconds <= 0.0)
        return 1.0;
    const double uncapped = m_dynamicRangeWatts * std::clamp(activity(work), 0.0, 1.0);
    if (uncapped <= m_capDynamicWatts)
        return 1.0;
    // Dynamic CMOS power is C V^2 f with V scaled in proportion to f, so P_dyn ~ f^3: the clock
    // that brings P_dyn down to cap - idle is f / s with s = (P_dyn / (cap - idle))^(1/3), and
    // compute-bound time grows by s.
    return std::cbrt(uncapped / m_capDynamicWatts);
}

IterationCost &IterationCost::operator+=(const IterationCost &other)
{
    computeSeconds += other.computeSeconds;
    memorySeconds += other.memorySeconds;
    networkSeconds += other.networkSeconds;
    overheadSeconds += other.overheadSeconds;
    hostSeconds += other.hostSeconds;
    totalSeconds += other.totalSeconds;
    attentionComputeSeconds += other.attentionComputeSeconds;
    attentionMemorySeconds += other.attentionMemorySeconds;
    flops += other.flops;
    memoryBytes += other.memoryBytes;
    return *this;
}

namespace {
/// GPUs the NVLink (or Infinity Fabric) domain joins, with GpuSpec's unknown resolved.
int nvlinkDomainOf(const model::GpuSpec &gpu)
{
    if (gpu.nvlinkDomainGpus > 0)
        return gpu.nvlinkDomainGpus;
    return gpu.interconnectGbPerSec > 0.0 ? (gpu.nodeGpus > 0 ? gpu.nodeGpus : model::kNodeGpus)
                                          : 1;
}

/// One pipeline stage's share of a footprint: the per-layer quantities times @p share.
model::ModelFootprint stageShare(model::ModelFootprint fp, double share)
{
    for (double *perLayer :
         {&fp.weightBytes, &fp.routedExpertWeightBytes, &fp.kvBytesPerToken,
          &fp.latentKvBytesPerToken, &fp.windowKvBytesPerToken, &fp.stateBytesPerSequence,
          &fp.linearFlopsPerToken, &fp.attentionFlopsPerContextToken,
          &fp.windowAttentionFlopsPerContextToken})
        *perLayer *= share;
    return fp;
}
} // namespace

int fabricGpus(const model::GpuSpec &gpu)
{
    return std::max(nvlinkDomainOf(gpu), gpu.nodeGpus > 0 ? gpu.nodeGpus : model::kNodeGpus);
}

std::string precisionProblem(const model::GpuSpec &gpu, model::Precision precision)
{
    const bool volta = gpu.architecture == "Volta";
    switch (precision) {
    case model::Precision::Bf16:
        if (!(gpu.bf16Tflops > 0.0) && gpu.fp16Tflops > 0.0)
            return gpu.name + " has no bfloat16 rate (the catalog states none): serve fp16";
        break;
    case model::Precision::Fp8:
        if (volta)
            return "FP8 weights need Turing or later (W8A16 through FP8 Marlin; W8A8 from Ada)";
        break;
    case model::Precision::Int8:
        if (volta)
            return "INT8 W8A8 needs Turing or later";
        break;
    case model::Precision::Fp16:
    case model::Precision::Int4:
        break;
    }
    return {};
}

TopologyProblem topologyProblem(const scenario::Deployment &deployment)
{
    const scenario::HardwareSpec &hw = deployment.hardware;
    const int stages = hw.pipelineStages;
    const int layers = deployment.model.layers;
    if (stages < 1 || hw.gpusPerReplica % stages != 0)
        return {"hardware.pipelineStages",
                "must divide gpusPerReplica (" + std::to_string(hw.gpusPerReplica)
                        + "; each stage has the same number of tensor-parallel GPUs), got "
                        + std::to_string(stages)};
    if (stages > 1 && layers > 0 && stages > layers)
        return {"hardware.pipelineStages", "must be at most the model's " + std::to_string(layers)
                                                   + " layers, got " + std::to_string(stages)};
    // Tensor parallelism splits attention heads evenly across GPUs (Megatron-LM; vLLM refuses
    // a tensor_parallel_size that does not divide num_attention_heads).
    const int heads = deployment.model.attentionHeads;
    const int tensor = hw.gpusPerReplica / stages;
    if (heads > 0 && tensor > 0 && heads % tensor != 0)
        return {"hardware.gpusPerReplica",
                std::string(stages > 1
                                    ? "divided by pipelineStages (" + std::to_string(stages) + ") "
                                    : "")
                        + "must divide the model's " + std::to_string(heads)
                        + " attention heads (tensor parallelism splits heads evenly), got "
                        + std::to_string(tensor)
                        + (stages > 1 ? " GPUs per stage" : std::string())};
    const int fabric = fabricGpus(hw.gpu);
    if (hw.gpusPerReplica > fabric && hw.gpu.scaleOutGbPerSec <= 0.0)
        return {"hardware.gpu.scaleOutGbPerSec",
                "is needed: a replica of " + std::to_string(hw.gpusPerReplica)
                        + " GPUs spans nodes of " + std::to_string(fabric)
                        + ", and the traffic between them is timed from the network bandwidth "
                          "per GPU (GB/s, one direction; 50 for a 400 Gb/s NIC per GPU), got 0"};
    return {};
}

PerfModel::PerfModel(const scenario::Deployment &deployment)
    : m_footprint(model::computeFootprint(deployment.model, deployment.weightPrecision,
                                          deployment.kvPrecision))
    , m_params(deployment.performance)
    , m_power(deployment)
    , m_stages(std::max(1, deployment.hardware.pipelineStages))
    , m_layers(deployment.model.layers)
    , m_experts(deployment.model.isMoe() ? deployment.model.moeExperts : 0)
    , m_topK(deployment.model.moeTopK)
    , m_memoryBytes(deployment.hardware.gpu.memoryGb * 1e9)
    , m_reserveFraction(deployment.serving.memoryReserveFraction)
{
    if (const TopologyProblem problem = topologyProblem(deployment); !problem.field.empty())
        throw InputError(problem.field, problem.message);
    m_tp = std::max(1, deployment.hardware.gpusPerReplica / m_stages);
    // Each stage holds ceil(L / stages) consecutive layers; the largest stage sets the memory
    // and the pace, so every stage is costed as it (docs/model.md, "Pipeline parallelism").
    if (m_stages > 1 && m_layers > 0) {
        const int total = m_layers;
        m_layers = (total + m_stages - 1) / m_stages;
        m_stage = stageShare(m_footprint, static_cast<double>(m_layers) / total);
    } else {
        m_stage = m_footprint;
    }
    const int kvHeads = std::max(1, deployment.model.kvHeads);
    const int headsPerGpu = (kvHeads + m_tp - 1) / m_tp; // ceil(H_kv / p)
    // Full-attention and window layers split their KV by head; an MLA latent has no heads
    // and every GPU of the group holds it whole (as vLLM and SGLang do under TP); a Mamba
    // layer's state splits by head like its projections.
    m_kvBytesPerTokenPerGpu
            = (m_stage.kvBytesPerToken - m_stage.latentKvBytesPerToken) * headsPerGpu / kvHeads
              + m_stage.latentKvBytesPerToken;
    m_windowKvBytesPerTokenPerGpu = m_stage.windowKvBytesPerToken * headsPerGpu / kvHeads;
    m_stateBytesPerSequencePerGpu = m_stage.stateBytesPerSequence / m_tp;
    m_windowTokens = m_stage.windowTokens;
    if (m_kvBytesPerTokenPerGpu > 0.0) {
        m_fixedTokensPerSequence = m_stateBytesPerSequencePerGpu / m_kvBytesPerTokenPerGpu;
        m_windowTokensPerToken = m_windowKvBytesPerTokenPerGpu / m_kvBytesPerTokenPerGpu;
    }
    const model::GpuSpec &gpu = deployment.hardware.gpu;
    m_flopsPerSecond
            = gpu.peakFlopsPerSecond(deployment.weightPrecision) * m_params.computeEfficiency;
    m_bytesPerSecond = gpu.memoryBandwidthGbPerSec * 1e9 * m_params.memoryEfficiency;

    // Links, one direction, GB/s (docs/model.md, "Topology"). NVLink figures are quoted as
    // both directions added; a ring all-reduce uses one direction of each link at a time.
    const int domain = nvlinkDomainOf(gpu);
    const int fabric = fabricGpus(gpu);
    auto insideNode = [&](int groupGpus) {
        return groupGpus <= domain && gpu.interconnectGbPerSec > 0.0
                       ? gpu.interconnectGbPerSec / 2.0
                       : kPcieOneWayGbPerSec;
    };
    const double efficiency = m_params.interconnectEfficiency;
    if (m_tp <= fabric) {
        m_linkBytesPerSecond = insideNode(m_tp) * 1e9 * efficiency;
        m_allReduceLatencySeconds = m_params.allReduceLatencySeconds;
    } else {
        // NCCL runs one ring per NIC, each crossing every node boundary once, so the part
        // between nodes moves at the node's aggregate NIC bandwidth, fabric x scale-out; the
        // ring runs at its slowest link.
        const double oneWay = std::min(insideNode(fabric), fabric * gpu.scaleOutGbPerSec);
        m_linkBytesPerSecond = oneWay * 1e9 * efficiency;
        m_allReduceLatencySeconds = m_params.interNodeLatencySeconds;
    }
    // Stage i hands its activations to stage i + 1 at GPU index i x tp. Each GPU of the stage
    // sends its 1/tp slice to its peer, which all-gathers them (vLLM's send_tensor_dict with
    // all_gather_group; Narayanan et al., SC 2021, 4.1).
    const double activation = m_stage.activationBytesPerToken;
    for (int boundary = 1; boundary < m_stages; ++boundary) {
        const int first = boundary * m_tp;
        const bool network = first % fabric == 0;
        const double oneWay = network               ? gpu.scaleOutGbPerSec
                              : first % domain == 0 ? kPcieOneWayGbPerSec
                                                    : insideNode(domain);
        m_sendLatencySeconds
                += network ? m_params.interNodeLatencySeconds : m_params.allReduceLatencySeconds;
        m_sendSecondsPerToken += activation / m_tp / (oneWay * 1e9 * efficiency);
        if (m_tp > 1) {
            m_sendLatencySeconds += m_allReduceLatencySeconds;
            m_sendSecondsPerToken += (m_tp - 1.0) / m_tp * activation / m_linkBytesPerSecond;
        }
    }
}

double PerfModel::usableBytesPerGpu() const
{
    return m_memoryBytes * (1.0 - m_reserveFraction);
}

double PerfModel::kvCapacityTokens() const
{
    // Every GPU of the replica holds its share of each token's KV, so the replica holds as many
    // tokens as one GPU's free memory has room for.
    const double freeBytesPerGpu = usableBytesPerGpu() - weightBytesPerGpu();
    return freeBytesPerGpu / m_kvBytesPerTokenPerGpu;
}

double PerfModel::windowPrefillContext(double offset, double tokens) const
{
    if (m_windowTokens <= 0 || tokens <= 0.0)
        return 0.0;
    // S(n) = sum_{i=1..n} min(i, W) = n (n + 1) / 2 up to W, then W (W + 1) / 2 + (n - W) W.
    const double w = m_windowTokens;
    auto capped = [w](double n) {
        return n <= w ? n * (n + 1.0) / 2.0 : w * (w + 1.0) / 2.0 + (n - w) * w;
    };
    return capped(offset + tokens) - capped(offset);
}

double PerfModel::memoryBytesFor(double tokens) const
{
    if (m_experts == 0 || tokens <= 0.0)
        return m_stage.weightBytes / m_tp;
    // Expected share of routed experts that at least one of `tokens` tokens selects, with
    // top-k routing treated as uniform and independent: 1 - (1 - k/E)^tokens.
    const double untouched = std::pow(1.0 - static_cast<double>(m_topK) / m_experts, tokens);
    const double expertBytes = m_stage.routedExpertWeightBytes * (1.0 - untouched);
    const double denseBytes = m_stage.weightBytes - m_stage.routedExpertWeightBytes;
    return (denseBytes + expertBytes) / m_tp;
}

double PerfModel::networkSecondsFor(double tokens) const
{
    if (m_tp <= 1 || tokens <= 0.0)
        return 0.0;
    // Megatron-style tensor parallelism: two all-reduces of the activations per layer
    // (after attention and after the MLP). A ring all-reduce moves 2 (p-1)/p of the payload
    // over each GPU's link (Patarasuk and Yuan, JPDC 2009).
    const double payloadBytes = tokens * m_stage.activationBytesPerToken;
    const double ringFactor = 2.0 * (m_tp - 1) / m_tp;
    const double perAllReduce
            = m_allReduceLatencySeconds + ringFactor * payloadBytes / m_linkBytesPerSecond;
    return 2.0 * m_layers * perAllReduce;
}

namespace {
/// Linear layers and attention run as separate kernels, one after the other, each bound by
/// its own roofline (Williams et al. 2009 applied per operator, as in Vidur, Agrawal et al.,
/// MLSys 2024): max(linear FLOPs, weights) + max(attention FLOPs, KV traffic).
double rooflineSeconds(const IterationCost &c, double computeScale)
{
    const double linearCompute = (c.computeSeconds - c.attentionComputeSeconds) * computeScale;
    const double linearMemory = c.memorySeconds - c.attentionMemorySeconds;
    return std::max(linearCompute, linearMemory)
           + std::max(c.attentionComputeSeconds * computeScale, c.attentionMemorySeconds);
}
} // namespace

IterationCost PerfModel::iteration(const BatchWork &work) const
{
    return m_stages == 1 ? stageIteration(work, true) : pipelineIteration(work);
}

IterationCost PerfModel::stageIteration(const BatchWork &work, bool stepCosts) const
{
    IterationCost cost = uncappedIteration(work, stepCosts);
    const double stretch = m_power.computeStretch(gpuWorkOf(cost));
    if (stretch > 1.0) {
        // A capped GPU lowers its clock: compute time grows, memory time does not.
        cost.totalSeconds
                = rooflineSeconds(cost, stretch) + cost.networkSeconds + cost.overheadSeconds;
        cost.computeSeconds *= stretch;
        cost.attentionComputeSeconds *= stretch;
    }
    return cost;
}

IterationCost PerfModel::uncappedIteration(const BatchWork &work, bool stepCosts) const
{
    IterationCost cost;
    const double tokens = static_cast<double>(work.tokens());
    const double attentionContext = work.prefillAttentionContext + work.decodeContextTokens;
    const double linearFlops = m_stage.linearFlopsPerToken * tokens / m_tp;
    const double windowContext = work.prefillWindowAttentionContext + work.decodeWindowTokens;
    const double attentionFlops = (m_stage.attentionFlopsPerContextToken * attentionContext
                                   + m_stage.windowAttentionFlopsPerContextToken * windowContext)
                                  / m_tp;
    cost.flops = linearFlops + attentionFlops;
    const double kvTokensRead
            = work.decodeContextTokens + static_cast<double>(work.prefillPrefixTokens);
    const double windowTokensRead = work.decodeWindowTokens + work.prefillWindowPrefixTokens;
    // Weights are read once per iteration; decode reads every running request's KV cache;
    // every new token's K and V are written once. A state-space layer reads and writes its
    // whole state once per sequence per iteration (a decode step, or a prefill chunk).
    const double sequences = static_cast<double>(work.decodeTokens + work.prefillSequences);
    const double kvBytes = m_kvBytesPerTokenPerGpu * (kvTokensRead + tokens)
                           + m_windowKvBytesPerTokenPerGpu * (windowTokensRead + tokens)
                           + m_stateBytesPerSequencePerGpu * 2.0 * sequences;
    cost.memoryBytes = memoryBytesFor(tokens) + kvBytes;
    cost.computeSeconds = cost.flops / m_flopsPerSecond;
    cost.memorySeconds = cost.memoryBytes / m_bytesPerSecond;
    cost.attentionComputeSeconds = attentionFlops / m_flopsPerSecond;
    cost.attentionMemorySeconds = kvBytes / m_bytesPerSecond;
    cost.networkSeconds = networkSecondsFor(tokens);
    const double iterationOverhead = stepCosts ? m_params.iterationOverheadSeconds : 0.0;
    const double perSequence = stepCosts ? m_params.perSequenceOverheadSeconds : 0.0;
    cost.hostSeconds = iterationOverhead + m_params.perLayerOverheadSeconds * m_layers;
    cost.overheadSeconds = cost.hostSeconds + perSequence * static_cast<double>(work.decodeTokens)
                           + (m_experts > 0 ? m_params.moeLayerOverheadSeconds * m_layers : 0.0);
    cost.totalSeconds = rooflineSeconds(cost, 1.0) + cost.networkSeconds + cost.overheadSeconds;
    return cost;
}

namespace {
// Sum over k = 0..m-1 of max(a + b k, c + d k), exactly, by splitting at the crossover.
double sumOfMaxLinear(double a, double b, double c, double d, double m)
{
    auto sumLinear = [](double base, double slope, double from, double count) {
        // sum_{k=from}^{from+count-1} (base + slope k)
        return count * base + slope * (count * from + count * (count - 1.0) / 2.0);
    };
    if (m <= 0.0)
        return 0.0;
    const double diffBase = a - c;  // first minus second at k = 0
    const double diffSlope = b - d; // change of the difference per step
    double split = 0.0; // steps [0, split) have the first larger-or-equal iff firstLeadsAtStart
    const bool firstLeadsAtStart = diffBase >= 0.0;
    if (diffSlope == 0.0) {
        split = m;
    } else {
        // The difference changes sign after k* = -diffBase / diffSlope.
        const double crossover = -diffBase / diffSlope;
        const bool leaderKeeps = firstLeadsAtStart ? diffSlope > 0.0 : diffSlope < 0.0;
        split = leaderKeeps ? m : std::clamp(std::floor(crossover) + 1.0, 0.0, m);
        if (!leaderKeeps && crossover < 0.0)
            split = 0.0;
    }
    const double headBase = firstLeadsAtStart ? a : c;
    const double headSlope = firstLeadsAtStart ? b : d;
    const double tailBase = firstLeadsAtStart ? c : a;
    const double tailSlope = firstLeadsAtStart ? d : b;
    return sumLinear(headBase, headSlope, 0.0, split)
           + sumLinear(tailBase, tailSlope, split, m - split);
}
} // namespace

IterationCost PerfModel::decodeSpan(int batch, double contextTokens, std::int64_t steps,
                                    double windowTokens) const
{
    return m_stages == 1 ? stageDecodeSpan(batch, contextTokens, steps, windowTokens, true)
                         : pipelineDecodeSpan(batch, contextTokens, steps, windowTokens);
}

IterationCost PerfModel::stageDecodeSpan(int batch, double contextTokens, std::int64_t steps,
                                         double windowTokens, bool stepCosts) const
{
    IterationCost total;
    if (steps <= 0 || batch <= 0)
        return total;
    const double m = static_cast<double>(steps);
    BatchWork first;
    first.decodeTokens = batch;
    first.decodeContextTokens = contextTokens;
    first.decodeWindowTokens = windowTokens;
    const IterationCost c0 = uncappedIteration(first, stepCosts);
    // Both compute and memory time are affine in the context sum, which grows by `batch` per
    // step; their per-step slopes follow from the model's coefficients.
    const double computeSlope
            = m_stage.attentionFlopsPerContextToken * batch / m_tp / m_flopsPerSecond;
    const double memorySlope = m_kvBytesPerTokenPerGpu * batch / m_bytesPerSecond;
    const double slopeSteps = m * (m - 1.0) / 2.0;
    total.computeSeconds = m * c0.computeSeconds + computeSlope * slopeSteps;
    total.memorySeconds = m * c0.memorySeconds + memorySlope * slopeSteps;
    total.networkSeconds = m * c0.networkSeconds;
    total.overheadSeconds = m * c0.overheadSeconds;
    total.hostSeconds = m * c0.hostSeconds;
    total.flops = m * c0.flops + m_stage.attentionFlopsPerContextToken * batch / m_tp * slopeSteps;
    total.memoryBytes = m * c0.memoryBytes + m_kvBytesPerTokenPerGpu * batch * slopeSteps;
    // Linear layers do not depend on the context: a constant roofline per step. Attention
    // grows with the context: the crossover sum of its two lines.
    const double linearCompute = c0.computeSeconds - c0.attentionComputeSeconds;
    const double linearMemory = c0.memorySeconds - c0.attentionMemorySeconds;
    total.attentionComputeSeconds = m * c0.attentionComputeSeconds + computeSlope * slopeSteps;
    total.attentionMemorySeconds = m * c0.attentionMemorySeconds + memorySlope * slopeSteps;
    total.totalSeconds = m * std::max(linearCompute, linearMemory)
                         + sumOfMaxLinear(c0.attentionComputeSeconds, computeSlope,
                                          c0.attentionMemorySeconds, memorySlope, m)
                         + total.networkSeconds + total.overheadSeconds;
    // Capped once, from the span's average power: per-step factors would break the closed
    // form, and the energy meter sees the span as one record with one average power.
    const double stretch = m_power.computeStretch(gpuWorkOf(total));
    if (stretch > 1.0) {
        total.computeSeconds *= stretch;
        total.attentionComputeSeconds *= stretch;
        total.totalSeconds
                = m * std::max(stretch * linearCompute, linearMemory)
                  + sumOfMaxLinear(stretch * c0.attentionComputeSeconds, stretch * computeSlope,
                                   c0.attentionMemorySeconds, memorySlope, m)
                  + total.networkSeconds + total.overheadSeconds;
    }
    return total;
}

namespace {
/// Part @p index of @p work split into @p parts micro-batches: requests dealt out evenly, the
/// first ones one larger; contexts follow the share of tokens.
BatchWork microBatch(const BatchWork &work, int parts, int index)
{
    auto deal = [parts, index](std::int64_t total) {
        return total / parts + (index < total % parts ? 1 : 0);
    };
    auto share = [](std::int64_t part, std::int64_t total) {
        return total > 0 ? static_cast<double>(part) / static_cast<double>(total) : 0.0;
    };
    BatchWork part;
    part.decodeTokens = deal(work.decodeTokens);
    const double decodeShare = share(part.decodeTokens, work.decodeTokens);
    part.decodeContextTokens = work.decodeContextTokens * decodeShare;
    part.decodeWindowTokens = work.decodeWindowTokens * decodeShare;
    part.prefillTokens = deal(work.prefillTokens);
    part.prefillSequences = deal(work.prefillSequences);
    part.prefillPrefixTokens = deal(work.prefillPrefixTokens);
    const double prefillShare = share(part.prefillTokens, work.prefillTokens);
    part.prefillAttentionContext = work.prefillAttentionContext * prefillShare;
    part.prefillWindowAttentionContext = work.prefillWindowAttentionContext * prefillShare;
    part.prefillWindowPrefixTokens = work.prefillWindowPrefixTokens * prefillShare;
    return part;
}
} // namespace

IterationCost PerfModel::pipelineRound(const IterationCost &stageSum, double slowestPassSeconds,
                                       double sendSeconds, double steps, int microBatches,
                                       double decodeTokens, double largestDecodeBatch) const
{
    // Three things bound a round (docs/model.md, "Pipeline parallelism"):
    //  - a micro-batch cannot start its next token before its last one left the last stage:
    //    the slowest micro-batch's pass through every stage and boundary, plus its scheduler
    //    step and its sequences' host work;
    //  - every stage works every micro-batch through its layers: stageSum;
    //  - the one host thread schedules each micro-batch and handles every sequence, while
    //    the GPUs run the other micro-batches (vLLM's virtual engines).
    // With at most `stages` micro-batches nothing else queues. Each GPU does its stage's work
    // for all micro-batches (stageSum) and sends over one boundary (all but the last stage).
    IterationCost round = stageSum;
    const double perSequence = m_params.perSequenceOverheadSeconds;
    const double iteration = m_params.iterationOverheadSeconds;
    const double pass = slowestPassSeconds + steps * (iteration + perSequence * largestDecodeBatch);
    const double host = steps * (microBatches * iteration + perSequence * decodeTokens);
    round.totalSeconds = std::max({pass, stageSum.totalSeconds, host});
    round.overheadSeconds += host;
    round.networkSeconds += sendSeconds / m_stages;
    const double kernelSeconds
            = stageSum.totalSeconds - stageSum.hostSeconds - stageSum.networkSeconds
              + steps * m_params.perSequenceOverheadSeconds * decodeTokens / m_stages;
    // The rest of the round the GPU waits: for the host, and for the other stages (the bubble).
    round.hostSeconds = std::max(0.0, round.totalSeconds - kernelSeconds - round.networkSeconds);
    return round;
}

IterationCost PerfModel::pipelineIteration(const BatchWork &work) const
{
    const std::int64_t sequences = work.decodeTokens + work.prefillSequences;
    const int parts = static_cast<int>(std::clamp<std::int64_t>(sequences, 1, m_stages));
    IterationCost sum;
    double slowestPass = 0.0;
    double sends = 0.0;
    double largestDecode = 0.0;
    for (int index = 0; index < parts; ++index) {
        const BatchWork part = microBatch(work, parts, index);
        const IterationCost stage = stageIteration(part, false);
        const double send = pipelineSendSeconds(static_cast<double>(part.tokens()));
        slowestPass = std::max(slowestPass, m_stages * stage.totalSeconds + send);
        largestDecode = std::max(largestDecode, static_cast<double>(part.decodeTokens));
        sends += send;
        sum += stage;
    }
    return pipelineRound(sum, slowestPass, sends, 1.0, parts,
                         static_cast<double>(work.decodeTokens), largestDecode);
}

IterationCost PerfModel::pipelineDecodeSpan(int batch, double contextTokens, std::int64_t steps,
                                            double windowTokens) const
{
    if (steps <= 0 || batch <= 0)
        return {};
    const int parts = std::clamp(batch, 1, m_stages);
    const double m = static_cast<double>(steps);
    IterationCost sum;
    double slowestPass = 0.0;
    double sends = 0.0;
    for (int index = 0; index < parts; ++index) {
        const int size = batch / parts + (index < batch % parts ? 1 : 0);
        const double share = static_cast<double>(size) / batch;
        const IterationCost stage
                = stageDecodeSpan(size, contextTokens * share, steps, windowTokens * share, false);
        const double send = m * pipelineSendSeconds(size);
        slowestPass = std::max(slowestPass, m_stages * stage.totalSeconds + send);
        sends += send;
        sum += stage;
    }
    const double largest = static_cast<double>(batch / parts + (batch % parts ? 1 : 0));
    return pipelineRound(sum, slowestPass, sends, m, parts, batch, largest);
}

} // namespace tw::hardware
