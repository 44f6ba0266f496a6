// Tests of the roofline iteration-time model (core/hardware/perf_model.h) against figures
// derived by hand in tests/golden/roofline/README.md (section letters match the slots) and
// tests/golden/attention/README.md (slots h_*, attention layouts), and of decodeSpan()
// against a step-by-step sum.
//
// Specs are written inline, copied from resources/catalog/*.csv, so these tests depend on
// neither the catalog reader nor scenario parsing.

#include "core/common/error.h"
#include "core/hardware/perf_model.h"
#include "core/model/attention_layout.h"

#include "test_support.h"

using tw::hardware::BatchWork;
using tw::hardware::IterationCost;
using tw::hardware::PerfModel;
using tw::model::GpuSpec;
using tw::model::ModelSpec;
using tw::model::Precision;
using tw::scenario::Deployment;

namespace {

// ---- specs (values from resources/catalog/gpu_specs.csv and models.csv) ----------------------

GpuSpec gpu(double memoryGb, double bandwidthGbPerSec, double bf16, double fp16, double fp8,
            double int8, double interconnectGbPerSec)
{
    GpuSpec g;
    g.memoryGb = memoryGb;
    g.memoryBandwidthGbPerSec = bandwidthGbPerSec;
    g.bf16Tflops = bf16;
    g.fp16Tflops = fp16;
    g.fp8Tflops = fp8;
    g.int8Tops = int8;
    g.interconnectGbPerSec = interconnectGbPerSec;
    return g;
}

GpuSpec a100Sxm80()
{
    return gpu(80, 2039, 312, 312, 0, 624, 600);
}
GpuSpec h100Sxm()
{
    GpuSpec g = gpu(80, 3350, 989, 989, 1979, 1979, 900);
    g.nvlinkDomainGpus = 8; // an HGX board, one 400 Gb/s NIC per GPU
    g.nodeGpus = 8;
    g.scaleOutGbPerSec = 50;
    return g;
}
GpuSpec h100Pcie() // NVLink bridges join pairs of cards
{
    GpuSpec g = gpu(80, 2000, 756, 756, 1513, 1513, 600);
    g.nvlinkDomainGpus = 2;
    g.nodeGpus = 8;
    return g;
}
GpuSpec a100Sxm80Node() // a DGX A100: one 200 Gb/s HDR NIC per GPU
{
    GpuSpec g = a100Sxm80();
    g.nvlinkDomainGpus = 8;
    g.nodeGpus = 8;
    g.scaleOutGbPerSec = 25;
    return g;
}
GpuSpec h200Sxm()
{
    return gpu(141, 4800, 989, 989, 1979, 1979, 900);
}
GpuSpec l40s()
{
    return gpu(48, 864, 362, 362, 733, 733, 0);
}
GpuSpec v100Sxm2()
{
    return gpu(32, 900, 0, 125, 0, 0, 300);
}
GpuSpec l4()
{
    return gpu(24, 300, 121, 121, 242, 242, 0);
}
/// Made up: little compute per byte of bandwidth, so attention can outgrow KV reads (f).
GpuSpec toyGpu()
{
    return gpu(100, 1000, 10, 10, 0, 0, 0);
}

ModelSpec dense(double params, int layers, int hidden, int heads, int kvHeads, int headDim)
{
    ModelSpec m;
    m.totalParams = params;
    m.activeParams = params;
    m.layers = layers;
    m.hiddenSize = hidden;
    m.attentionHeads = heads;
    m.kvHeads = kvHeads;
    m.headDim = headDim;
    return m;
}

ModelSpec llama2_7b()
{
    return dense(6.738e9, 32, 4096, 32, 32, 128);
}
ModelSpec llama2_70b()
{
    return dense(68.977e9, 80, 8192, 64, 8, 128);
}
/// Made up: 100 M parameters with one KV head (multi-query attention), see (f).
ModelSpec toyMqaModel()
{
    return dense(1e8, 8, 1024, 16, 1, 64);
}

ModelSpec mixtral8x7b()
{
    ModelSpec m = dense(46.703e9, 32, 4096, 32, 8, 128);
    m.activeParams = 12.88e9;
    m.intermediateSize = 14336;
    m.moeExperts = 8;
    m.moeTopK = 2;
    return m;
}

// Attention layouts (tests/golden/attention/README.md), from models_extra.csv.
ModelSpec deepseekV31()
{
    ModelSpec m = dense(671.026e9, 61, 7168, 128, 128, 192);
    m.activeParams = 37.552e9;
    m.moeExperts = 256;
    m.moeTopK = 8;
    m.attentionLayout = "61*mla(512,64)";
    return m;
}
ModelSpec gemma3_12b()
{
    ModelSpec m = dense(12.187e9, 48, 3840, 16, 8, 256);
    m.attentionLayout = "40*window(1024)+8*full";
    return m;
}
ModelSpec nemotronNano9bV2()
{
    ModelSpec m = dense(8.888e9, 56, 4480, 40, 8, 128);
    m.attentionLayout = "4*full+27*mamba(1347584)+25*mlp";
    return m;
}

/// Efficiencies 1, no overheads or all-reduce latency: the figures of the README.
Deployment ideal(const ModelSpec &model, const GpuSpec &g, int tp,
                 Precision weights = Precision::Bf16, Precision kv = Precision::Bf16)
{
    Deployment d;
    d.model = model;
    d.hardware.gpu = g;
    d.hardware.gpusPerReplica = tp;
    d.weightPrecision = weights;
    d.kvPrecision = kv;
    d.serving.memoryReserveFraction = 0.1;
    d.performance.computeEfficiency = 1.0;
    d.performance.memoryEfficiency = 1.0;
    d.performance.interconnectEfficiency = 1.0;
    d.performance.iterationOverheadSeconds = 0.0;
    d.performance.perLayerOverheadSeconds = 0.0;
    d.performance.allReduceLatencySeconds = 0.0;
    return d;
}

BatchWork decode(std::int64_t requests, double contextSum)
{
    BatchWork w;
    w.decodeTokens = requests;
    w.decodeContextTokens = contextSum;
    return w;
}

/// A prefill chunk of @p tokens starting at prompt offset @p offset (its prefix is cached).
BatchWork prefill(std::int64_t tokens, std::int64_t offset)
{
    BatchWork w;
    w.prefillTokens = tokens;
    const double c = static_cast<double>(tokens);
    const double o = static_cast<double>(offset);
    w.prefillAttentionContext = c * o + c * (c + 1.0) / 2.0;
    w.prefillPrefixTokens = offset;
    return w;
}

constexpr double kExact = 1e-12; // hand figures are exact decimals; allow double rounding

} // namespace

class TestPerfModel : public QObject
{
    Q_OBJECT

private slots:
    void a_decodeBatchOneIsMemoryBound();
    void b_tensorParallelFootprint();
    void b_tensorParallelDecode();
    void b_weightsThatDoNotFit();
    void b_kvHeadsReplicatedBeyondTheirCount();
    void c_prefillIsComputeBound_data();
    void c_prefillIsComputeBound();
    void d_allReduce_data();
    void d_allReduce();
    void e_moeExpertsTouched_data();
    void e_moeExpertsTouched();
    void f_decodeSpanEqualsSumOfSteps_data();
    void f_decodeSpanEqualsSumOfSteps();
    void g_weightBytesByPrecision_data();
    void g_weightBytesByPrecision();
    void g_peakFlopsByPrecision_data();
    void g_peakFlopsByPrecision();
    void g_precisionChangesIterationTime();
    void efficienciesAndOverheads();
    void h_latentAttention();
    void h_slidingWindow();
    void h_stateSpaceHybrid();
    void h_layoutsRefused_data();
    void h_layoutsRefused();
    void i_crossNodeAllReduce_data();
    void i_crossNodeAllReduce();
    void j_pipelineStep();
    void j_pipelineBubbleAtBatchOne();
    void j_pipelineSendAcrossNodes();
    void j_topologyRefused_data();
    void j_topologyRefused();
};

void TestPerfModel::a_decodeBatchOneIsMemoryBound()
{
    const PerfModel perf(ideal(llama2_7b(), a100Sxm80(), 1, Precision::Fp16, Precision::Fp16));
    TW_COMPARE_REL(perf.footprint().weightBytes, 13.476e9, kExact);
    TW_COMPARE_REL(perf.footprint().kvBytesPerToken, 524'288.0, kExact);
    TW_COMPARE_REL(perf.footprint().attentionFlopsPerContextToken, 524'288.0, kExact);

    const IterationCost cost = perf.iteration(decode(1, 128));
    TW_COMPARE_REL(cost.memoryBytes, 13'543'633'152.0, kExact);
    TW_COMPARE_REL(cost.memorySeconds, 6.642291884256989e-3, kExact);
    TW_COMPARE_REL(cost.flops, 13'543'108'864.0, kExact);
    TW_COMPARE_REL(cost.computeSeconds, 4.3407400205128206e-5, kExact);
    QCOMPARE(cost.networkSeconds, 0.0);
    QCOMPARE(cost.overheadSeconds, 0.0);
    TW_COMPARE_REL(cost.totalSeconds, cost.memorySeconds, kExact);
    // The weights alone take 6.61 ms; the KV cache adds 0.033 ms.
    TW_COMPARE_REL(cost.totalSeconds - 3.316976557135851e-5, 6.60912211868563e-3, 1e-10);
}

void TestPerfModel::b_tensorParallelFootprint()
{
    const PerfModel perf(ideal(llama2_70b(), h100Sxm(), 4));
    QCOMPARE(perf.tensorParallel(), 4);
    TW_COMPARE_REL(perf.footprint().weightBytes, 137.954e9, kExact);
    TW_COMPARE_REL(perf.weightBytesPerGpu(), 34.4885e9, kExact);
    TW_COMPARE_REL(perf.footprint().kvBytesPerToken, 327'680.0, kExact);
    TW_COMPARE_REL(perf.usableBytesPerGpu(), 72e9, kExact);
    TW_COMPARE_REL(perf.kvCapacityTokens(), 457'904.052734375, kExact);
}

void TestPerfModel::b_tensorParallelDecode()
{
    const PerfModel perf(ideal(llama2_70b(), h100Sxm(), 4));
    const IterationCost cost = perf.iteration(decode(16, 16 * 1024));
    TW_COMPARE_REL(cost.flops, 562'553'418'240.0, kExact);
    TW_COMPARE_REL(cost.computeSeconds, 5.688103318907988e-4, kExact);
    TW_COMPARE_REL(cost.memoryBytes, 35'831'988'000.0, kExact);
    TW_COMPARE_REL(cost.memorySeconds, 1.0696115820895523e-2, kExact);
    TW_COMPARE_REL(cost.networkSeconds, 1.3981013333333334e-4, kExact);
    TW_COMPARE_REL(cost.totalSeconds, 1.0835925954228855e-2, kExact);
}

void TestPerfModel::b_weightsThatDoNotFit()
{
    // 137.954 GB of weights on one 80 GB GPU: 72e9 - 137.954e9 < 0.
    const PerfModel perf(ideal(llama2_70b(), h100Sxm(), 1));
    QVERIFY(perf.kvCapacityTokens() <= 0.0);
    TW_COMPARE_REL(perf.kvCapacityTokens(), (72e9 - 137.954e9) / 327'680.0, kExact);
}

void TestPerfModel::b_kvHeadsReplicatedBeyondTheirCount()
{
    // TP16 with 8 KV heads: each GPU must hold a whole head, so a token costs kv / 8 per GPU,
    // not kv / 16 (README, case b).
    const PerfModel perf(ideal(llama2_70b(), h100Sxm(), 16));
    TW_COMPARE_REL(perf.kvBytesPerTokenPerGpu(), 40'960.0, kExact);
    TW_COMPARE_REL(perf.kvCapacityTokens(), 1'547'311.4013671875, kExact);
}

void TestPerfModel::c_prefillIsComputeBound_data()
{
    QTest::addColumn<qint64>("tokens");
    QTest::addColumn<qint64>("offset");
    QTest::addColumn<double>("flops");
    QTest::addColumn<double>("computeSeconds");
    QTest::addColumn<double>("memoryBytes");
    QTest::addColumn<double>("memorySeconds");

    QTest::newRow("whole 2048-token prompt")
            << qint64{2048} << qint64{0} << 28'698'896'498'688.0 << 9.1983642624e-2
            << 14'549'741'824.0 << 7.135724288376655e-3;
    QTest::newRow("second 512-token chunk")
            << qint64{512} << qint64{512} << 7'106'004'647'936.0 << 2.2775655922871795e-2
            << 14'012'870'912.0 << 6.872423203531142e-3;
}

void TestPerfModel::c_prefillIsComputeBound()
{
    QFETCH(qint64, tokens);
    QFETCH(qint64, offset);
    QFETCH(double, flops);
    QFETCH(double, computeSeconds);
    QFETCH(double, memoryBytes);
    QFETCH(double, memorySeconds);

    const PerfModel perf(ideal(llama2_7b(), a100Sxm80(), 1, Precision::Fp16, Precision::Fp16));
    const IterationCost cost = perf.iteration(prefill(tokens, offset));
    TW_COMPARE_REL(cost.flops, flops, kExact);
    TW_COMPARE_REL(cost.computeSeconds, computeSeconds, kExact);
    TW_COMPARE_REL(cost.memoryBytes, memoryBytes, kExact);
    TW_COMPARE_REL(cost.memorySeconds, memorySeconds, kExact);
    QVERIFY(cost.computeSeconds > cost.memorySeconds);
    TW_COMPARE_REL(cost.totalSeconds, computeSeconds, kExact);
}

void TestPerfModel::d_allReduce_data()
{
    QTest::addColumn<Deployment>("deployment");
    QTest::addColumn<qint64>("tokens");
    QTest::addColumn<double>("networkSeconds");

    Deployment withLatency = ideal(llama2_70b(), h100Sxm(), 4);
    withLatency.performance.allReduceLatencySeconds = 8e-6;
    QTest::newRow("Llama-2-70B TP4 NVLink, 2048 tokens, 8 us latency")
            << withLatency << qint64{2048} << 1.9175697066666667e-2;
    QTest::newRow("Llama-2-7B TP2 PCIe, 1 token")
            << ideal(llama2_7b(), l40s(), 2) << qint64{1} << 1.6384e-5;
    QTest::newRow("TP1 has no all-reduce")
            << ideal(llama2_7b(), h100Sxm(), 1) << qint64{2048} << 0.0;
    Deployment halfLink = ideal(llama2_70b(), h100Sxm(), 4);
    halfLink.performance.interconnectEfficiency = 0.5;
    QTest::newRow("efficiency 0.5 doubles the transfer")
            << halfLink << qint64{2048} << 2.0 * 160.0 * 1.1184810666666666e-4;
}

void TestPerfModel::d_allReduce()
{
    QFETCH(Deployment, deployment);
    QFETCH(qint64, tokens);
    QFETCH(double, networkSeconds);

    const IterationCost cost = PerfModel(deployment).iteration(prefill(tokens, 0));
    TW_COMPARE_REL(cost.networkSeconds, networkSeconds, kExact);
    TW_COMPARE_REL(cost.totalSeconds,
                   std::max(cost.computeSeconds, cost.memorySeconds) + networkSeconds, kExact);
}

void TestPerfModel::e_moeExpertsTouched_data()
{
    QTest::addColumn<qint64>("tokens");
    QTest::addColumn<double>("weightBytesTouched");

    QTest::newRow("1 token: 2 of 8 experts") << qint64{1} << 25'760'000'000.0;
    QTest::newRow("2 tokens") << qint64{2} << 42'671'500'000.0;
    QTest::newRow("8 tokens") << qint64{8} << 84'376'348'999.02344;
    QTest::newRow("64 tokens: nearly all") << qint64{64} << 93'405'999'089.8736;
    QTest::newRow("4096 tokens: all") << qint64{4096} << 93.406e9;
}

void TestPerfModel::e_moeExpertsTouched()
{
    QFETCH(qint64, tokens);
    QFETCH(double, weightBytesTouched);

    const PerfModel perf(ideal(mixtral8x7b(), h200Sxm(), 1));
    TW_COMPARE_REL(perf.footprint().weightBytes, 93.406e9, kExact);
    TW_COMPARE_REL(perf.footprint().routedExpertWeightBytes, 90'194'666'666.66667, kExact);
    TW_COMPARE_REL(perf.footprint().kvBytesPerToken, 131'072.0, kExact);

    // Decode with no context: memory = weights touched + one K/V write per token.
    const IterationCost cost = perf.iteration(decode(tokens, 0));
    TW_COMPARE_REL(cost.memoryBytes, weightBytesTouched + 131'072.0 * static_cast<double>(tokens),
                   1e-11);
    if (tokens == 1) {
        // One token reads the dense part and two experts: the active parameters, 12.88e9.
        TW_COMPARE_REL(weightBytesTouched, 2.0 * 12.88e9, 1e-12);
    }
}

void TestPerfModel::f_decodeSpanEqualsSumOfSteps_data()
{
    QTest::addColumn<Deployment>("deployment");
    QTest::addColumn<int>("batch");
    QTest::addColumn<double>("context");
    QTest::addColumn<qint64>("steps");
    QTest::addColumn<int>("regime"); // 0 = stays put, 1 = compute to memory, 2 = memory to compute

    QTest::newRow("one step") << ideal(llama2_7b(), a100Sxm80(), 1) << 8 << 8.0 * 512 << qint64{1}
                              << 0;
    QTest::newRow("memory-bound throughout")
            << ideal(llama2_7b(), a100Sxm80(), 1) << 8 << 8.0 * 512 << qint64{300} << 0;
    QTest::newRow("compute-bound throughout")
            << ideal(llama2_7b(), a100Sxm80(), 1) << 512 << 512.0 << qint64{20} << 0;
    // 512 requests: compute 22.2 ms vs memory 15.2 ms at the start; KV reads grow 153x faster
    // than attention FLOPs and overtake after about 54 steps.
    QTest::newRow("compute-bound, then memory-bound")
            << ideal(llama2_7b(), a100Sxm80(), 1) << 512 << 512.0 * 64 << qint64{300} << 1;
    // Multi-query attention on a compute-poor GPU: 32,768 attention FLOPs per 2,048 KV bytes
    // per context token against 10 FLOP per byte of bandwidth, so compute grows faster.
    QTest::newRow("memory-bound, then compute-bound")
            << ideal(toyMqaModel(), toyGpu(), 1) << 9 << 9.0 * 64 << qint64{4000} << 2;
    Deployment moe = ideal(mixtral8x7b(), h100Sxm(), 2);
    moe.performance = tw::scenario::PerformanceParams{}; // defaults: overheads and latency
    QTest::newRow("MoE, TP2, default efficiencies and overheads")
            << moe << 32 << 32.0 * 300 << qint64{500} << 0;
    // Two pipeline stages: 17 requests make micro-batches of 9 and 8 (README, case j).
    Deployment pipeline = ideal(llama2_70b(), h100Sxm(), 8);
    pipeline.hardware.pipelineStages = 2;
    pipeline.performance = tw::scenario::PerformanceParams{};
    pipeline.performance.perSequenceOverheadSeconds = 2e-5;
    QTest::newRow("TP4 x PP2, uneven micro-batches, default overheads")
            << pipeline << 17 << 17.0 * 700 << qint64{200} << 0;
    QTest::newRow("TP4 x PP2, one request") << pipeline << 1 << 300.0 << qint64{50} << 0;
    QTest::newRow("no steps") << ideal(llama2_7b(), a100Sxm80(), 1) << 8 << 100.0 << qint64{0} << 0;
}

void TestPerfModel::f_decodeSpanEqualsSumOfSteps()
{
    QFETCH(Deployment, deployment);
    QFETCH(int, batch);
    QFETCH(double, context);
    QFETCH(qint64, steps);
    QFETCH(int, regime);

    const PerfModel perf(deployment);
    IterationCost sum;
    IterationCost first;
    IterationCost last;
    for (qint64 k = 0; k < steps; ++k) {
        const IterationCost step
                = perf.iteration(decode(batch, context + static_cast<double>(batch * k)));
        if (k == 0)
            first = step;
        last = step;
        sum += step;
    }
    if (regime == 1) {
        QVERIFY(first.computeSeconds > first.memorySeconds);
        QVERIFY(last.computeSeconds < last.memorySeconds);
    } else if (regime == 2) {
        QVERIFY(first.memorySeconds > first.computeSeconds);
        QVERIFY(last.memorySeconds < last.computeSeconds);
    }

    const IterationCost span = perf.decodeSpan(batch, context, steps);
    TW_COMPARE_REL(span.totalSeconds, sum.totalSeconds, 1e-9);
    TW_COMPARE_REL(span.computeSeconds, sum.computeSeconds, 1e-9);
    TW_COMPARE_REL(span.memorySeconds, sum.memorySeconds, 1e-9);
    TW_COMPARE_REL(span.networkSeconds, sum.networkSeconds, 1e-9);
    TW_COMPARE_REL(span.overheadSeconds, sum.overheadSeconds, 1e-9);
    TW_COMPARE_REL(span.flops, sum.flops, 1e-9);
    TW_COMPARE_REL(span.memoryBytes, sum.memoryBytes, 1e-9);
}

void TestPerfModel::g_weightBytesByPrecision_data()
{
    QTest::addColumn<Precision>("precision");
    QTest::addColumn<double>("weightBytes");

    QTest::newRow("bf16") << Precision::Bf16 << 13.476e9;
    QTest::newRow("fp16") << Precision::Fp16 << 13.476e9;
    QTest::newRow("fp8") << Precision::Fp8 << 6.738e9;
    QTest::newRow("int8") << Precision::Int8 << 6.738e9;
    QTest::newRow("int4") << Precision::Int4 << 3.369e9;
}

void TestPerfModel::g_weightBytesByPrecision()
{
    QFETCH(Precision, precision);
    QFETCH(double, weightBytes);

    const PerfModel perf(ideal(llama2_7b(), a100Sxm80(), 1, precision));
    TW_COMPARE_REL(perf.footprint().weightBytes, weightBytes, kExact);
    // The KV cache keeps its own precision (bf16 here).
    TW_COMPARE_REL(perf.footprint().kvBytesPerToken, 524'288.0, kExact);
}

void TestPerfModel::g_peakFlopsByPrecision_data()
{
    QTest::addColumn<GpuSpec>("gpu");
    QTest::addColumn<Precision>("precision");
    QTest::addColumn<double>("tflops");

    QTest::newRow("H100 bf16") << h100Sxm() << Precision::Bf16 << 989.0;
    QTest::newRow("H100 fp8 uses the fp8 rate") << h100Sxm() << Precision::Fp8 << 1979.0;
    QTest::newRow("H100 int8 uses the int8 rate") << h100Sxm() << Precision::Int8 << 1979.0;
    QTest::newRow("H100 int4 is W4A16: 16-bit rate") << h100Sxm() << Precision::Int4 << 989.0;
    QTest::newRow("A100 fp8 without fp8 units: 16-bit rate")
            << a100Sxm80() << Precision::Fp8 << 312.0;
    QTest::newRow("A100 int8") << a100Sxm80() << Precision::Int8 << 624.0;
    QTest::newRow("V100 bf16 falls back to fp16") << v100Sxm2() << Precision::Bf16 << 125.0;
    QTest::newRow("V100 int8 falls back to fp16") << v100Sxm2() << Precision::Int8 << 125.0;
    QTest::newRow("L4 fp8") << l4() << Precision::Fp8 << 242.0;
}

void TestPerfModel::g_peakFlopsByPrecision()
{
    QFETCH(GpuSpec, gpu);
    QFETCH(Precision, precision);
    QFETCH(double, tflops);

    TW_COMPARE_REL(gpu.peakFlopsPerSecond(precision), tflops * 1e12, kExact);
}

void TestPerfModel::g_precisionChangesIterationTime()
{
    // int4 weights: a quarter of the fp16 weight bytes; KV stays fp16 (README, g).
    const PerfModel int4(ideal(llama2_7b(), a100Sxm80(), 1, Precision::Int4, Precision::Fp16));
    TW_COMPARE_REL(int4.iteration(decode(1, 128)).totalSeconds, 1.685450295242766e-3, kExact);
    // fp8 on H100 computes at 1979 TFLOP/s: the 2048-token prefill of (c) in 14.5 ms.
    const PerfModel fp8(ideal(llama2_7b(), h100Sxm(), 1, Precision::Fp8, Precision::Fp8));
    const IterationCost cost = fp8.iteration(prefill(2048, 0));
    TW_COMPARE_REL(cost.computeSeconds, 1.45017162701809e-2, kExact);
    TW_COMPARE_REL(fp8.footprint().kvBytesPerToken, 262'144.0, kExact);
}

void TestPerfModel::efficienciesAndOverheads()
{
    // Efficiencies divide the achieved rates; overheads add once per iteration and per layer.
    Deployment d = ideal(llama2_7b(), a100Sxm80(), 1, Precision::Fp16, Precision::Fp16);
    d.performance.memoryEfficiency = 0.8;
    d.performance.computeEfficiency = 0.5;
    d.performance.iterationOverheadSeconds = 5e-4;
    d.performance.perLayerOverheadSeconds = 1e-5;
    const IterationCost cost = PerfModel(d).iteration(decode(1, 128));
    TW_COMPARE_REL(cost.memorySeconds, 6.642291884256989e-3 / 0.8, kExact);
    TW_COMPARE_REL(cost.computeSeconds, 4.3407400205128206e-5 / 0.5, kExact);
    TW_COMPARE_REL(cost.overheadSeconds, 5e-4 + 32 * 1e-5, kExact);
    TW_COMPARE_REL(cost.totalSeconds, 6.642291884256989e-3 / 0.8 + 8.2e-4, kExact);
}

void TestPerfModel::h_latentAttention()
{
    const PerfModel perf(ideal(deepseekV31(), h200Sxm(), 8, Precision::Fp8, Precision::Bf16));
    TW_COMPARE_REL(perf.footprint().kvBytesPerToken, 70'272.0, kExact);
    TW_COMPARE_REL(perf.footprint().latentKvBytesPerToken, 70'272.0, kExact);
    // Every GPU of the TP group holds the whole latent.
    TW_COMPARE_REL(perf.kvBytesPerTokenPerGpu(), 70'272.0, kExact);
    TW_COMPARE_REL(perf.footprint().attentionFlopsPerContextToken, 16'990'208.0, kExact);
    TW_COMPARE_REL(perf.kvCapacityTokens(), 43.02175e9 / 70'272.0, kExact);
    QCOMPARE(perf.fixedKvTokens(4096), 0.0);

    const PerfModel fp8(ideal(deepseekV31(), h200Sxm(), 8, Precision::Fp8, Precision::Fp8));
    TW_COMPARE_REL(fp8.footprint().kvBytesPerToken, 35'136.0, kExact);
}

void TestPerfModel::h_slidingWindow()
{
    const PerfModel perf(ideal(gemma3_12b(), h100Sxm(), 1));
    TW_COMPARE_REL(perf.footprint().kvBytesPerToken, 65'536.0, kExact);
    TW_COMPARE_REL(perf.footprint().windowKvBytesPerToken, 327'680.0, kExact);
    QCOMPARE(perf.footprint().windowTokens, 1024);
    TW_COMPARE_REL(perf.fixedKvTokens(4096), 5'120.0, kExact);
    TW_COMPARE_REL(perf.fixedKvTokens(500), 2'500.0, kExact);
    QCOMPARE(std::floor(perf.kvCapacityTokens() / (2048 + perf.fixedKvTokens(2048))), 101.0);

    TW_COMPARE_REL(perf.windowPrefillContext(0, 3000), 2'548'224.0, kExact);
    TW_COMPARE_REL(perf.windowPrefillContext(1000, 100), 102'124.0, kExact);

    BatchWork step = decode(1, 4096);
    step.decodeWindowTokens = perf.windowContext(4096);
    QCOMPARE(step.decodeWindowTokens, 1024.0);
    const IterationCost cost = perf.iteration(step);
    TW_COMPARE_REL(cost.memoryBytes - perf.weightBytesPerGpu(), 604'372'992.0, 1e-9);
    TW_COMPARE_REL(cost.flops, 25'581'959'552.0, kExact);
    // A span of decode steps sums the steps, window tokens held constant.
    IterationCost summed;
    for (int k = 0; k < 5; ++k) {
        BatchWork w = decode(1, 4096 + k);
        w.decodeWindowTokens = 1024;
        summed += perf.iteration(w);
    }
    TW_COMPARE_REL(perf.decodeSpan(1, 4096, 5, 1024).totalSeconds, summed.totalSeconds, 1e-12);
}

void TestPerfModel::h_stateSpaceHybrid()
{
    const PerfModel perf(ideal(nemotronNano9bV2(), h100Sxm(), 1));
    TW_COMPARE_REL(perf.footprint().kvBytesPerToken, 16'384.0, kExact);
    TW_COMPARE_REL(perf.footprint().stateBytesPerSequence, 72'769'536.0, kExact);
    TW_COMPARE_REL(perf.fixedKvTokens(1), 4'441.5, kExact);
    TW_COMPARE_REL(perf.fixedKvTokens(100'000), 4'441.5, kExact);
    QCOMPARE(perf.windowContext(4096), 0.0);

    BatchWork step = decode(4, 4000);
    const IterationCost cost = perf.iteration(step);
    TW_COMPARE_REL(cost.memoryBytes - perf.weightBytesPerGpu(), 647'757'824.0, 1e-9);

    const PerfModel tp2(ideal(nemotronNano9bV2(), h100Sxm(), 2));
    TW_COMPARE_REL(tp2.kvBytesPerTokenPerGpu(), 8'192.0, kExact);
    TW_COMPARE_REL(tp2.fixedKvTokens(1), 4'441.5, kExact);
}

void TestPerfModel::h_layoutsRefused_data()
{
    QTest::addColumn<QString>("layout");
    QTest::addColumn<int>("layers");
    QTest::addColumn<QString>("message"); // empty: accepted
    QTest::newRow("empty = all full") << "" << 32 << "";
    QTest::newRow("hybrid") << "4*full+27*mamba(1347584)+25*mlp" << 56 << "";
    QTest::newRow("spaces") << " 40 * window(1024) + 8*full " << 48 << "";
    QTest::newRow("linear attention") << "16*linear+16*full" << 32
                                      << "\"linear\" is not a layer kind the engine can simulate";
    QTest::newRow("counts short") << "24*window(4096)+4*full" << 32
                                  << "the counts add up to 28, not the model's 32 layers";
    QTest::newRow("counts over") << "40*full" << 32 << "the counts add up to 40+";
    QTest::newRow("two windows") << "10*window(1024)+10*window(512)+12*full" << 32
                                 << "two window sizes (1024 and 512)";
    QTest::newRow("no growing layer") << "32*window(4096)" << 32 << "no full or MLA layer";
    QTest::newRow("no count") << "full" << 32 << "has no COUNT*";
    QTest::newRow("bad argument") << "16*window(0)+16*full" << 32
                                  << "are not whole numbers >= 1 in parentheses";
    QTest::newRow("mla needs two") << "32*mla(512)" << 32 << "\"mla(512)\" is not a layer kind";
}

void TestPerfModel::h_layoutsRefused()
{
    QFETCH(QString, layout);
    QFETCH(int, layers);
    QFETCH(QString, message);
    std::string problem;
    const tw::model::AttentionLayout parsed
            = tw::model::parseAttentionLayout(layout.toStdString(), layers, problem);
    if (message.isEmpty()) {
        QVERIFY2(problem.empty(), problem.c_str());
        QCOMPARE(parsed.fullLayers + parsed.windowLayers + parsed.mlaLayers
                         + parsed.stateSpaceLayers + parsed.mlpLayers,
                 layers);
    } else {
        QVERIFY2(problem.find(message.toStdString()) != std::string::npos, problem.c_str());
        // Every message names the value and what is accepted.
        QVERIFY2(problem.find('"' + layout.toStdString() + '"') != std::string::npos,
                 problem.c_str());
        QVERIFY(problem.find(std::string(tw::model::kAttentionLayoutKinds)) != std::string::npos);
    }
}

void TestPerfModel::i_crossNodeAllReduce_data()
{
    QTest::addColumn<Deployment>("deployment");
    QTest::addColumn<qint64>("tokens");
    QTest::addColumn<double>("networkSeconds");

    // README, case (i): intra-node latency 8 us, inter-node 20 us.
    auto withLatencies = [](Deployment d) {
        d.performance.allReduceLatencySeconds = 8e-6;
        d.performance.interNodeLatencySeconds = 20e-6;
        return d;
    };
    const Deployment tp8 = withLatencies(ideal(llama2_70b(), h100Sxm(), 8));
    const Deployment tp16 = withLatencies(ideal(llama2_70b(), h100Sxm(), 16));
    QTest::newRow("TP8 inside one node, 2048 tokens") << tp8 << qint64{2048} << 22.158313e-3;
    QTest::newRow("TP16 over two nodes, 2048 tokens") << tp16 << qint64{2048} << 28.365824e-3;
    QTest::newRow("TP8 inside one node, 1 token") << tp8 << qint64{1} << 1.2901945e-3;
    QTest::newRow("TP16 over two nodes, 1 token") << tp16 << qint64{1} << 3.212288e-3;
    QTest::newRow("H100 PCIe TP4: bridged pairs, ring at PCIe speed")
            << ideal(llama2_70b(), h100Pcie(), 4) << qint64{2048} << 251.65824e-3;
}

void TestPerfModel::i_crossNodeAllReduce()
{
    QFETCH(Deployment, deployment);
    QFETCH(qint64, tokens);
    QFETCH(double, networkSeconds);
    const IterationCost cost = PerfModel(deployment).iteration(prefill(tokens, 0));
    TW_COMPARE_REL(cost.networkSeconds, networkSeconds, 1e-7);
}

void TestPerfModel::j_pipelineStep()
{
    // README, case (j): Llama-2-70B on 8 H100s as TP4 x PP2, decode of 16 requests with 1,024
    // tokens of context each; two micro-batches of 8.
    Deployment d = ideal(llama2_70b(), h100Sxm(), 8);
    d.hardware.pipelineStages = 2;
    const PerfModel perf(d);
    QCOMPARE(perf.tensorParallel(), 4);
    QCOMPARE(perf.pipelineStages(), 2);
    QCOMPARE(perf.layersPerStage(), 40);
    TW_COMPARE_REL(perf.weightBytesPerGpu(), 17'244'250'000.0, kExact);
    TW_COMPARE_REL(perf.kvBytesPerTokenPerGpu(), 40'960.0, kExact);
    TW_COMPARE_REL(perf.kvCapacityTokens(), 1'336'810.302734375, kExact);
    TW_COMPARE_REL(perf.pipelineSendSeconds(8), 0.29127111e-6, 1e-7);

    const IterationCost round = perf.iteration(decode(16, 16'384));
    TW_COMPARE_REL(round.totalSeconds, 10.565791561e-3, 1e-8);
    // Per GPU, both micro-batches through its stage: the FLOPs of the TP8 replica (b), but
    // the stage's weights read twice.
    TW_COMPARE_REL(round.flops, 281'276'709'120.0, kExact);
    TW_COMPARE_REL(round.memoryBytes, 35'160'244'000.0, kExact);
    TW_COMPARE_REL(round.networkSeconds, 70.196338e-6, 1e-7);
    QVERIFY2(round.hostSeconds < 1e-12, "a full pipeline leaves no bubble");

    // The same GPUs as one TP8 group finish the same step in about half the time.
    const IterationCost tp8
            = PerfModel(ideal(llama2_70b(), h100Sxm(), 8)).iteration(decode(16, 16'384));
    TW_COMPARE_REL(tp8.totalSeconds, 5.5111697e-3, 1e-7);
}

void TestPerfModel::j_pipelineBubbleAtBatchOne()
{
    Deployment d = ideal(llama2_70b(), h100Sxm(), 8);
    d.hardware.pipelineStages = 2;
    const IterationCost round = PerfModel(d).iteration(decode(1, 1024));
    TW_COMPARE_REL(round.totalSeconds, 10.328914243e-3, 1e-8);
    // One micro-batch: each stage works one pass in two and waits the other.
    TW_COMPARE_REL(round.hostSeconds, 5.164457e-3, 1e-6);
    TW_COMPARE_REL(round.hostSeconds / round.totalSeconds, 0.5, 1e-3);
}

void TestPerfModel::j_pipelineSendAcrossNodes()
{
    // TP8 x PP2 on two DGX A100 nodes, as ML.ENERGY ran Mixtral-8x22B: the boundary at GPU 8
    // is the network (25 GB/s per GPU), the all-gather after it NVLink (300 GB/s one way).
    Deployment d = ideal(llama2_70b(), a100Sxm80Node(), 16);
    d.hardware.pipelineStages = 2;
    d.performance.allReduceLatencySeconds = 8e-6;
    d.performance.interNodeLatencySeconds = 20e-6;
    TW_COMPARE_REL(PerfModel(d).pipelineSendSeconds(1024), 160.81963e-6, 1e-7);
}

void TestPerfModel::j_topologyRefused_data()
{
    QTest::addColumn<Deployment>("deployment");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("message");

    Deployment uneven = ideal(llama2_70b(), h100Sxm(), 8);
    uneven.hardware.pipelineStages = 3;
    QTest::newRow("stages not dividing the GPUs") << uneven << "hardware.pipelineStages"
                                                  << "must divide gpusPerReplica (8";
    Deployment thin = ideal(dense(1e8, 2, 1024, 16, 16, 64), h100Sxm(), 4);
    thin.hardware.pipelineStages = 4;
    QTest::newRow("more stages than layers") << thin << "hardware.pipelineStages"
                                             << "must be at most the model's 2 layers, got 4";
    QTest::newRow("two nodes without a network figure")
            << ideal(llama2_70b(), a100Sxm80(), 16) << "hardware.gpu.scaleOutGbPerSec"
            << "a replica of 16 GPUs spans nodes of 8";
    // Llama-2-70B has 64 heads: TP 6 cannot split them; TP 3 x PP 2 neither.
    QTest::newRow("heads not split evenly")
            << ideal(llama2_70b(), h100Sxm(), 6) << "hardware.gpusPerReplica"
            << "must divide the model's 64 attention heads (tensor parallelism splits heads "
               "evenly), got 6";
    Deployment staged = ideal(llama2_70b(), h100Sxm(), 6);
    staged.hardware.pipelineStages = 2;
    QTest::newRow("heads per stage") << staged << "hardware.gpusPerReplica"
                                     << "divided by pipelineStages (2) must divide the model's "
                                        "64 attention heads";
}

void TestPerfModel::j_topologyRefused()
{
    QFETCH(Deployment, deployment);
    QFETCH(QString, field);
    QFETCH(QString, message);
    const tw::hardware::TopologyProblem problem = tw::hardware::topologyProblem(deployment);
    QCOMPARE(QString::fromStdString(problem.field), field);
    QVERIFY2(problem.message.find(message.toStdString()) != std::string::npos,
             problem.message.c_str());
    QVERIFY_THROWS_EXCEPTION(tw::InputError, (void)PerfModel(deployment));
}

QTEST_APPLESS_MAIN(TestPerfModel)
#include "tst_perf_model.moc"
