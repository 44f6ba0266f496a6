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

PerfModel::PerfModel(const scenario::Deployment &deployment)
    : m_footprint(model::computeFootprint(deployment.model, deployment.weightPrecision,
                                          deployment.kvPrecision))
    , m_params(deployment.performance)
    , m_power(deployment)
    , m_tp(std::max(1, deployment.hardware.gpusPerReplica))
    , m_layers(deployment.model.layers)
    , m_experts(deployment.model.isMoe() ? deployment.model.moeExperts : 0)
    , m_topK(deployment.model.moeTopK)
    , m_memoryBytes(deployment.hardware.gpu.memoryGb * 1e9)
    , m_reserveFraction(deployment.serving.memoryReserveFraction)
{
    const int kvHeads = std::max(1, deployment.model.kvHeads);
    const int headsPerGpu = (kvHeads + m_tp - 1) / m_tp; // ceil(H_kv / p)
    // Full-attention and window layers split their KV by head; an MLA latent has no heads
    // and every GPU of the group holds it whole (as vLLM and SGLang do under TP); a Mamba
    // layer's state splits by head like its projections.
    m_kvBytesPerTokenPerGpu = (m_footprint.kvBytesPerToken - m_footprint.latentKvBytesPerToken)
                                      * headsPerGpu / kvHeads
                              + m_footprint.latentKvBytesPerToken;
    m_windowKvBytesPerTokenPerGpu = m_footprint.windowKvBytesPerToken * headsPerGpu / kvHeads;
    m_stateBytesPerSequencePerGpu = m_footprint.stateBytesPerSequence / m_tp;
    m_windowTokens = m_footprint.windowTokens;
    if (m_kvBytesPerTokenPerGpu > 0.0) {
        m_fixedTokensPerSequence = m_stateBytesPerSequencePerGpu / m_kvBytesPerTokenPerGpu;
        m_windowTokensPerToken = m_windowKvBytesPerTokenPerGpu / m_kvBytesPerTokenPerGpu;
    }
    const model::GpuSpec &gpu = deployment.hardware.gpu;
    m_flopsPerSecond
            = gpu.peakFlopsPerSecond(deployment.weightPrecision) * m_params.computeEfficiency;
    m_bytesPerSecond = gpu.memoryBandwidthGbPerSec * 1e9 * m_params.memoryEfficiency;
    // NVLink figures are quoted as both directions added; a ring all-reduce uses one direction
    // of each link at a time.
    const double oneWayGbPerSec
            = gpu.interconnectGbPerSec > 0.0 ? gpu.interconnectGbPerSec / 2.0 : kPcieOneWayGbPerSec;
    m_linkBytesPerSecond = oneWayGbPerSec * 1e9 * m_params.interconnectEfficiency;
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

double PerfModel::memoryBytesFor(std::int64_t tokens) const
{
    if (m_experts == 0 || tokens <= 0)
        return m_footprint.weightBytes / m_tp;
    // Expected share of routed experts that at least one of `tokens` tokens selects, with
    // top-k routing treated as uniform and independent: 1 - (1 - k/E)^tokens.
    const double untouched
            = std::pow(1.0 - static_cast<double>(m_topK) / m_experts, static_cast<double>(tokens));
    const double expertBytes = m_footprint.routedExpertWeightBytes * (1.0 - untouched);
    const double denseBytes = m_footprint.weightBytes - m_footprint.routedExpertWeightBytes;
    return (denseBytes + expertBytes) / m_tp;
}

double PerfModel::networkSecondsFor(std::int64_t tokens) const
{
    if (m_tp <= 1 || tokens <= 0)
        return 0.0;
    // Megatron-style tensor parallelism: two all-reduces of the activations per layer
    // (after attention and after the MLP). A ring all-reduce moves 2 (p-1)/p of the payload
    // over each GPU's link (Patarasuk and Yuan, JPDC 2009).
    const double payloadBytes = static_cast<double>(tokens) * m_footprint.activationBytesPerToken;
    const double ringFactor = 2.0 * (m_tp - 1) / m_tp;
    const double perAllReduce
            = m_params.allReduceLatencySeconds + ringFactor * payloadBytes / m_linkBytesPerSecond;
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
    IterationCost cost = uncappedIteration(work);
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

IterationCost PerfModel::uncappedIteration(const BatchWork &work) const
{
    IterationCost cost;
    const double tokens = static_cast<double>(work.tokens());
    const double attentionContext = work.prefillAttentionContext + work.decodeContextTokens;
    const double linearFlops = m_footprint.linearFlopsPerToken * tokens / m_tp;
    const double windowContext = work.prefillWindowAttentionContext + work.decodeWindowTokens;
    const double attentionFlops
            = (m_footprint.attentionFlopsPerContextToken * attentionContext
               + m_footprint.windowAttentionFlopsPerContextToken * windowContext)
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
    cost.memoryBytes = memoryBytesFor(work.tokens()) + kvBytes;
    cost.computeSeconds = cost.flops / m_flopsPerSecond;
    cost.memorySeconds = cost.memoryBytes / m_bytesPerSecond;
    cost.attentionComputeSeconds = attentionFlops / m_flopsPerSecond;
    cost.attentionMemorySeconds = kvBytes / m_bytesPerSecond;
    cost.networkSeconds = networkSecondsFor(work.tokens());
    cost.hostSeconds
            = m_params.iterationOverheadSeconds + m_params.perLayerOverheadSeconds * m_layers;
    cost.overheadSeconds
            = cost.hostSeconds
              + m_params.perSequenceOverheadSeconds * static_cast<double>(work.decodeTokens)
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
    IterationCost total;
    if (steps <= 0 || batch <= 0)
        return total;
    const double m = static_cast<double>(steps);
    BatchWork first;
    first.decodeTokens = batch;
    first.decodeContextTokens = contextTokens;
    first.decodeWindowTokens = windowTokens;
    const IterationCost c0 = uncappedIteration(first);
    // Both compute and memory time are affine in the context sum, which grows by `batch` per
    // step; their per-step slopes follow from the model's coefficients.
    const double computeSlope
            = m_footprint.attentionFlopsPerContextToken * batch / m_tp / m_flopsPerSecond;
    const double memorySlope = m_kvBytesPerTokenPerGpu * batch / m_bytesPerSecond;
    const double slopeSteps = m * (m - 1.0) / 2.0;
    total.computeSeconds = m * c0.computeSeconds + computeSlope * slopeSteps;
    total.memorySeconds = m * c0.memorySeconds + memorySlope * slopeSteps;
    total.networkSeconds = m * c0.networkSeconds;
    total.overheadSeconds = m * c0.overheadSeconds;
    total.hostSeconds = m * c0.hostSeconds;
    total.flops
            = m * c0.flops + m_footprint.attentionFlopsPerContextToken * batch / m_tp * slopeSteps;
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

} // namespace tw::hardware
