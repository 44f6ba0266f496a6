#pragma once

// Small inline scenarios for engine tests, built without the JSON reader or the catalog so the
// numbers in a test are visible in the test.

#include "core/scenario/scenario.h"

namespace tw::test {

/// A toy model whose iterations are purely memory-bound with no KV traffic to speak of:
/// 1e9 fp16 parameters = 2e9 bytes read per iteration at 1000 GB/s = exactly 2 ms per
/// iteration, whatever the batch (compute: 2e9 FLOP per token at 1 PFLOP/s = 2 us per token,
/// far below 2 ms up to ~1000 tokens per iteration).
inline scenario::Deployment toyDeployment()
{
    scenario::Deployment d;
    d.name = "toy";
    d.model.id = "toy-1b";
    d.model.totalParams = 1e9;
    d.model.activeParams = 1e9;
    d.model.layers = 1;
    d.model.hiddenSize = 8;
    d.model.intermediateSize = 8;
    d.model.attentionHeads = 1;
    d.model.kvHeads = 1;
    d.model.headDim = 1;
    d.model.vocabSize = 100;
    d.model.maxContextTokens = 1'000'000;
    d.weightPrecision = model::Precision::Fp16;
    d.kvPrecision = model::Precision::Fp16;
    d.hardware.gpu.id = "toy-gpu";
    d.hardware.gpu.memoryGb = 80.0;
    d.hardware.gpu.memoryBandwidthGbPerSec = 1000.0;
    d.hardware.gpu.bf16Tflops = 1000.0;
    d.hardware.gpu.fp16Tflops = 1000.0;
    d.hardware.gpu.tdpWatts = 700.0;
    d.hardware.gpusPerReplica = 1;
    d.hardware.replicas = 1;
    d.performance.computeEfficiency = 1.0;
    d.performance.memoryEfficiency = 1.0;
    d.performance.iterationOverheadSeconds = 0.0;
    d.performance.perLayerOverheadSeconds = 0.0;
    d.performance.allReduceLatencySeconds = 0.0;
    return d;
}

inline scenario::LengthDistribution fixedTokens(int count)
{
    scenario::LengthDistribution d;
    d.kind = scenario::LengthKind::Fixed;
    d.value = count;
    return d;
}

inline scenario::Scenario toyScenario(double ratePerSecond, double horizonSeconds,
                                      scenario::BatchingPolicy policy, int promptTokens,
                                      int outputTokens)
{
    scenario::Scenario s;
    s.name = "toy";
    s.simulation.horizonSeconds = horizonSeconds;
    s.simulation.warmupSeconds = 0.0;
    s.simulation.timeseriesResolutionSeconds = horizonSeconds / 10.0;
    s.simulation.seed = 7;
    s.workload.arrival.kind = scenario::ArrivalKind::Poisson;
    s.workload.arrival.ratePerSecond = ratePerSecond;
    scenario::RequestClass c;
    c.name = "all";
    c.promptTokens = fixedTokens(promptTokens);
    c.outputTokens = fixedTokens(outputTokens);
    s.workload.classes.push_back(c);
    scenario::Deployment d = toyDeployment();
    d.serving.policy = policy;
    s.deployments.push_back(d);
    return s;
}

} // namespace tw::test
