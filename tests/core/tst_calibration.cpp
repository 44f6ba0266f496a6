// Tests of the calibration against published measurements (core/calibration/): the mapping of
// measurement rows to simulation cases or skip reasons (tests/core/data/calibration_fixture.csv
// has one row per metric kind and one per skip reason), the error arithmetic, the parameter
// table, `tokenwatt-cli check-measurements`, and a regression check of the shipped calibration
// on the published measurements in tests/calibration/.

#include "core/calibration/check.h"
#include "core/calibration/fit.h"
#include "core/calibration/measurements.h"
#include "core/calibration/prediction.h"
#include "core/catalog/catalog.h"
#include "core/common/error.h"
#include "core/common/sha256.h"
#include "core/defaults/accuracy.h"
#include "core/defaults/calibrated_defaults.h"
#include "core/hardware/perf_model.h"
#include "core/metrics/results_format.h"
#include "core/run/simulate.h"
#include "core/scenario_io/examples.h"
#include "core/scenario_io/scenario_json.h"

#include "test_support.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <chrono>

using namespace tw::calibration;

namespace {

const tw::catalog::Catalog &catalog()
{
    return tw::catalog::Catalog::builtIn();
}

std::string readSourceFile(const char *relative)
{
    QFile file(QStringLiteral(TOKENWATT_SOURCE_DIR "/") + QString::fromUtf8(relative));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll().toStdString();
}

MappedMeasurements fixture(bool softwareFromFramework)
{
    MappingOptions options;
    options.softwareFromFramework = softwareFromFramework;
    return readMeasurements(readSourceFile("tests/core/data/calibration_fixture.csv"),
                            "calibration_fixture.csv", catalog(), options);
}

const MeasurementRow *rowById(const MappedMeasurements &m, const std::string &id)
{
    for (const MeasurementRow &row : m.rows)
        if (row.id == id)
            return &row;
    return nullptr;
}

const SimulationCase &caseOf(const MappedMeasurements &m, const std::string &id)
{
    return m.cases[static_cast<std::size_t>(rowById(m, id)->caseIndex)];
}

ParameterSource builtInParameters()
{
    return [](const tw::model::GpuSpec &gpu, const std::string &software) {
        return defaultsFor(gpu, software);
    };
}

const SummaryLine *summaryFor(const CheckReport &report, Metric metric, const std::string &source)
{
    for (const SummaryLine &line : report.summary)
        if (line.metric == metric && line.source == source)
            return &line;
    return nullptr;
}

} // namespace

class TestCalibration : public QObject
{
    Q_OBJECT

private slots:
    void rowMapping_data();
    void rowMapping();
    void valuesInSiUnits_data();
    void valuesInSiUnits();
    void casesCarryTheirAssumptions();
    void rowsOfOneConfigurationShareACase();
    void softwareFromFramework();
    void onlyOneSource();
    void missingColumnIsAnError();
    void textHelpers();

    void percentageErrors();
    void medianAndP90();
    void weightedQuantileExpandsWeights();
    void sha256KnownAnswers();

    void builtInTableIsValid();
    void tableFallsBackToNearestGeneration();
    void originSaysWhatWasBorrowed();
    void runsSayWhichParametersTheyGot();
    void tableRejectsUnphysicalParameters();
    void runsSayHowSureTheyAre();
    void powerFollowsTheBatchOnH100();
    void tableRoundTripsThroughJson();
    void servingDefaultsFollowVllm();

    void iterationCaseMatchesPerfModel();
    void servingCaseGivesConsistentFigures();
    void openLoopCasePredictsTtft();
    void fitLeavesMeasuredConstantsAlone();
    void checkOnFixture();
    void cliWritesReports();

    void publishedMeasurementsRegression_data();
    void publishedMeasurementsRegression();

private:
    CheckReport m_published;
    bool m_publishedRan = false;
};

// ---- mapping -----------------------------------------------------------------------------------

void TestCalibration::rowMapping_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("reason"); // "" = mapped to a case

    const char *mapped[] = {"F001", "F002", "F003", "F004", "F005", "F006", "F007", "F008", "F009",
                            "F010", "F011", "F012", "F013", "S20",
                            // DeepSeek-V3.1: multi-head latent attention is modelled since
                            // 2026-12-07 (its catalog row has an attention_layout).
                            "S08",
                            // Pipeline parallelism is modelled since 2026-12-07.
                            "S03",
                            // The A40 is catalogued since 2026-12-07.
                            "S04",
                            // Poisson arrivals at a stated rate are simulated since
                            // 2026-12-08.
                            "S10"};
    for (const char *id : mapped)
        QTest::newRow(id) << id << "";
    const std::pair<const char *, const char *> skipped[] = {
            {"S01", "metric 'energy_per_query' is not one TokenWatt predicts"},
            {"S02", "is not a single positive number"},
            {"S23", "tensor_parallel x pipeline_parallel (1 x 2) is not num_gpus (4)"},
            {"S05", "GPU variant not stated"},
            {"S06", "is neither a catalog GPU nor a listed alias"},
            {"S07", "is not in the model catalog"},
            {"S09", "not understood for output_throughput"},
            {"S25", "is not a workload TokenWatt maps"},
            {"S24", "is not a rate TokenWatt maps (0 to 10000 requests/s)"},
            {"S11", "no documented assumption for source 'other_bench'"},
            {"S12", "precision 'int3' not understood"},
            {"S13", "weights do not fit"},
            {"S14", "KV cache too small"},
            {"S15", "is not measured by a serving run"},
            {"S16", "is not one number of watts"},
            {"S17", "is not a single count"},
            {"S18", "data parallelism"},
            {"S19", "an FP8 checkpoint with precision"},
            {"S21", "batch_size 'n/a' is not a count"},
            {"S22", "output length not reported"},
    };
    for (const auto &[id, reason] : skipped)
        QTest::newRow(id) << id << reason;
}

void TestCalibration::rowMapping()
{
    QFETCH(QString, id);
    QFETCH(QString, reason);
    const MappedMeasurements m = fixture(false);
    const MeasurementRow *row = rowById(m, id.toStdString());
    QVERIFY(row);
    if (reason.isEmpty()) {
        QVERIFY2(!row->skipped(), row->skipReason.c_str());
        QVERIFY(row->caseIndex < static_cast<int>(m.cases.size()));
    } else {
        QVERIFY(row->skipped());
        QVERIFY2(row->skipReason.find(reason.toStdString()) != std::string::npos,
                 row->skipReason.c_str());
    }
}

void TestCalibration::valuesInSiUnits_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<int>("metric");
    QTest::addColumn<double>("value");
    QTest::newRow("tokens/s") << "F001" << int(Metric::OutputThroughput) << 1900.0;
    QTest::newRow("median ITL ms") << "F002" << int(Metric::MedianItl) << 0.008;
    QTest::newRow("p99 ITL ms") << "F003" << int(Metric::P99Itl) << 0.020;
    QTest::newRow("J per token") << "F004" << int(Metric::EnergyPerOutputToken) << 0.25;
    QTest::newRow("J per request") << "F005" << int(Metric::EnergyPerRequest) << 100.0;
    QTest::newRow("W all GPUs") << "F006" << int(Metric::AveragePower) << 450.0;
    QTest::newRow("TPOT ms") << "F007" << int(Metric::TpotMean) << 0.034;
    QTest::newRow("prefill ms") << "F008" << int(Metric::PrefillTimeBatch) << 0.150;
    QTest::newRow("decode ms") << "F009" << int(Metric::DecodeIterationTime) << 0.035;
    QTest::newRow("latency s") << "F010" << int(Metric::RequestLatency) << 10.3;
    QTest::newRow("W per GPU, 2 GPUs") << "F012" << int(Metric::AveragePower) << 900.0;
    QTest::newRow("W per GPU, 1 GPU") << "F013" << int(Metric::AveragePower) << 450.0;
    QTest::newRow("TTFT ms") << "F014" << int(Metric::TtftMean) << 0.045;
    QTest::newRow("p99 TPOT ms") << "F015" << int(Metric::TpotP99) << 0.012;
    QTest::newRow("requests/s") << "F016" << int(Metric::RequestThroughput) << 0.98;
    QTest::newRow("TTFT by another spelling") << "F017" << int(Metric::TtftMean) << 0.045;
    QTest::newRow("median TTFT ms") << "F020" << int(Metric::TtftMedian) << 0.040;
    QTest::newRow("tokens/s per GPU, per GPU")
            << "F018" << int(Metric::OutputThroughputPerGpu) << 950.0;
    // The whole instance's throughput, given per GPU: 2 x 950.
    QTest::newRow("tokens/s per GPU, whole") << "F019" << int(Metric::OutputThroughput) << 1900.0;
    QTest::newRow("tokens/s/GPU, whole") << "F021" << int(Metric::OutputThroughput) << 1900.0;
}

void TestCalibration::valuesInSiUnits()
{
    QFETCH(QString, id);
    QFETCH(int, metric);
    QFETCH(double, value);
    const MappedMeasurements m = fixture(false);
    const MeasurementRow *row = rowById(m, id.toStdString());
    QVERIFY(row && row->metric);
    QCOMPARE(int(*row->metric), metric);
    TW_COMPARE_REL(row->value, value, 1e-12);
}

void TestCalibration::casesCarryTheirAssumptions()
{
    const MappedMeasurements m = fixture(false);
    const SimulationCase &v3 = caseOf(m, "F001");
    QCOMPARE(int(v3.kind), int(CaseKind::ClosedLoop));
    QCOMPARE(v3.model.id, std::string("llama-3.1-8b"));
    QCOMPARE(v3.gpu.id, std::string("h100_sxm"));
    QCOMPARE(v3.concurrency, 16);
    QCOMPARE(v3.outputTokens, 400.0);
    QCOMPARE(v3.promptTokens, 300.0); // the documented ML.ENERGY v3 assumption
    QVERIFY(!v3.assumptions.empty());

    const SimulationCase &v2 = caseOf(m, "F007");
    QCOMPARE(v2.model.id, std::string("llama-3.1-8b")); // Meta-Llama-3.1 spelling
    QCOMPARE(v2.gpu.id, std::string("a100_sxm_40"));
    QCOMPARE(v2.promptTokens, 210.0);
    QCOMPARE(v2.powerLimitWatts, 0.0); // 400 W is the A100's TDP: the limit never binds
    // The source's run script: --gpu-memory-utilization 0.95 --max-model-len 4096, no
    // chunked prefill; so 5 % of memory held back, a 4,096-token prefill budget (not the
    // model's 131,072-token context) and lengths bounded by 4,096.
    QCOMPARE(v2.gpuMemoryUtilization, 0.95);
    QCOMPARE(v2.maxModelLenTokens, 4096);
    QVERIFY(std::any_of(v2.assumptions.begin(), v2.assumptions.end(), [](const std::string &a) {
        return a.find("--max-model-len 4096") != std::string::npos;
    }));
    // With the software its framework columns name (vLLM 0.5.4 -> vllm-0.5), as the check runs.
    const MappedMeasurements byFramework = fixture(true);
    const SimulationCase &v2Served = caseOf(byFramework, "F007");
    QCOMPARE(v2Served.software, std::string("vllm-0.5"));
    const tw::scenario::Scenario v2Scenario
            = scenarioFor(v2Served, builtInParameters()(v2Served.gpu, v2Served.software));
    const tw::scenario::Deployment &served = v2Scenario.deployments.front();
    QVERIFY(std::abs(served.serving.memoryReserveFraction - 0.05) < 1e-12);
    QCOMPARE(served.serving.maxBatchedTokens, 4096);
    QVERIFY(!served.serving.chunkedPrefill);
    QCOMPARE(v2Scenario.workload.classes.front().promptTokens.maxTokens, 4096);
    // ML.ENERGY v3 states none of these: vLLM's defaults.
    QCOMPARE(v3.gpuMemoryUtilization, 0.0);
    QCOMPARE(v3.maxModelLenTokens, 0);

    const SimulationCase &profile = caseOf(m, "F008");
    QCOMPARE(int(profile.kind), int(CaseKind::Iteration));
    QCOMPARE(profile.model.id, std::string("llama-2-70b"));
    QCOMPARE(profile.gpu.id, std::string("a100_sxm_80"));
    QCOMPARE(profile.gpus, 4);
    QCOMPARE(profile.concurrency, 2);
    QCOMPARE(profile.promptTokens, 512.0);
    QCOMPARE(profile.outputTokens, 128.0);

    const SimulationCase &sequential = caseOf(m, "F010");
    QCOMPARE(int(sequential.kind), int(CaseKind::Sequential));
    QCOMPARE(sequential.model.id, std::string("llama-2-7b")); // Vicuna-7B: LLaMA-7B's shape
    QCOMPARE(int(sequential.weightPrecision), int(tw::model::Precision::Fp16));

    const SimulationCase &fp8 = caseOf(m, "F011");
    QCOMPARE(fp8.model.id, std::string("llama-3.1-70b"));
    QCOMPARE(int(fp8.weightPrecision), int(tw::model::Precision::Fp8));
    QCOMPARE(int(fp8.kvPrecision), int(tw::model::Precision::Bf16));

    const SimulationCase &expertParallel = caseOf(m, "F012");
    QCOMPARE(expertParallel.gpus, 2);
    bool stated = false;
    for (const std::string &a : expertParallel.assumptions)
        stated = stated || a.find("expert parallelism") != std::string::npos;
    QVERIFY(stated);
}

void TestCalibration::rowsOfOneConfigurationShareACase()
{
    const MappedMeasurements m = fixture(false);
    const int shared = rowById(m, "F001")->caseIndex;
    for (const char *id : {"F002", "F003", "F004", "F005", "F006", "F013"})
        QCOMPARE(rowById(m, id)->caseIndex, shared);
    QVERIFY(rowById(m, "F008")->caseIndex == rowById(m, "F009")->caseIndex);
    QVERIFY(rowById(m, "F007")->caseIndex != shared);
}

void TestCalibration::softwareFromFramework()
{
    const MappedMeasurements byDefault = fixture(false);
    QCOMPARE(caseOf(byDefault, "F007").software, std::string("vllm"));
    const MappedMeasurements derived = fixture(true);
    QCOMPARE(caseOf(derived, "F001").software, std::string("vllm"));     // 0.11.1
    QCOMPARE(caseOf(derived, "F007").software, std::string("vllm-0.5")); // 0.5.4
    QCOMPARE(caseOf(derived, "F008").software, std::string("vllm-0.5")); // no version, 2023
    QCOMPARE(caseOf(derived, "F010").software, std::string("hf-generate"));
    const MeasurementRow *trt = rowById(derived, "S20");
    QVERIFY(trt->skipped());
    QVERIFY(trt->skipReason.find("has no software generation") != std::string::npos);
}

void TestCalibration::onlyOneSource()
{
    MappingOptions options;
    options.onlySource = "splitwise_profile";
    const MappedMeasurements m
            = readMeasurements(readSourceFile("tests/core/data/calibration_fixture.csv"), "fixture",
                               catalog(), options);
    QCOMPARE(m.rows.size(), std::size_t(3)); // F008, F009, S14
    for (const MeasurementRow &row : m.rows)
        QCOMPARE(row.sourceKey, std::string("splitwise_profile"));
}

void TestCalibration::missingColumnIsAnError()
{
    try {
        readMeasurements("meas_id,metric,value\nX,output_throughput,1\n", "bad.csv", catalog());
        QFAIL("expected tw::InputError");
    } catch (const tw::InputError &error) {
        bool namesColumn = false;
        for (const tw::InputIssue &issue : error.issues())
            namesColumn = namesColumn || issue.path == "source_key";
        QVERIFY(namesColumn);
    }
    MappingOptions badSoftware;
    badSoftware.software = "triton";
    QVERIFY_EXCEPTION_THROWN(
            readMeasurements(readSourceFile("tests/core/data/calibration_fixture.csv"), "f",
                             catalog(), badSoftware),
            tw::InputError);
}

void TestCalibration::textHelpers()
{
    // GPU spellings of published tables resolve through the catalog: its names with or
    // without the vendor, and gpu_aliases.csv.
    const auto gpuId = [](const char *spelling) {
        const tw::model::GpuSpec *gpu = catalog().resolveGpu(spelling);
        return gpu ? gpu->id : std::string("(none)");
    };
    QCOMPARE(gpuId("H100 SXM 80GB"), std::string("h100_sxm"));
    QCOMPARE(gpuId("a100 sxm4 40gb"), std::string("a100_sxm_40"));
    QCOMPARE(gpuId("NVIDIA L4 24GB"), std::string("l4"));
    QCOMPARE(gpuId("H100 SXM 80GB (DGX-H100)"), std::string("h100_sxm"));
    QCOMPARE(gpuId("A100 SXM 80GB"), std::string("a100_sxm_80"));
    QCOMPARE(gpuId("L40S"), std::string("l40s"));
    QCOMPARE(gpuId(" mi300x "), std::string("mi300x"));
    QCOMPARE(gpuId("H100"), std::string("(none)")); // not guessed
    std::string why;
    QVERIFY(!catalog().resolveGpu("A100 (variant not stated)", &why));
    QVERIFY2(why.find("variant not stated") != std::string::npos, why.c_str());
    std::string assumption;
    QCOMPARE(catalog().resolveGpu("H100 80GB", &assumption)->id, std::string("h100_sxm"));
    QVERIFY2(assumption.find("SXM5 part is assumed") != std::string::npos, assumption.c_str());
    bool fp8 = false;
    const tw::model::ModelSpec *maverick
            = findModelFor("meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8", catalog(), &fp8);
    QVERIFY(maverick && fp8);
    QCOMPARE(maverick->id, std::string("llama-4-maverick"));
    QVERIFY(!findModelFor("meta-llama/Llama-3.1-8B-Instruct-AWQ", catalog()));
    QCOMPARE(metricName(*parseMetric("p99_itl")), std::string_view("p99_itl"));
    QVERIFY(!parseMetric("energy_per_query"));
}

// ---- arithmetic ------------------------------------------------------------------------------

void TestCalibration::percentageErrors()
{
    TW_COMPARE_REL(absolutePercentageError(110.0, 100.0), 10.0, 1e-12);
    TW_COMPARE_REL(absolutePercentageError(90.0, 100.0), 10.0, 1e-12);
    TW_COMPARE_REL(absolutePercentageError(0.0125, 0.01), 25.0, 1e-12);
}

void TestCalibration::medianAndP90()
{
    // APEs 10, 20, 30, 40, 50 (two under-predictions): median 30; p90 at rank 0.9 x 4 = 3.6,
    // 40 + 0.6 x 10 = 46 (numpy's linear interpolation); signed errors -20, -10, 30, 40, 50
    // have median 30.
    const std::vector<std::pair<double, double>> pairs
            = {{90.0, 100.0}, {80.0, 100.0}, {130.0, 100.0}, {140.0, 100.0}, {150.0, 100.0}};
    const ErrorStats stats = errorStats(pairs);
    QCOMPARE(stats.count, std::size_t(5));
    TW_COMPARE_REL(stats.medianApe, 30.0, 1e-12);
    TW_COMPARE_REL(stats.p90Ape, 46.0, 1e-12);
    TW_COMPARE_REL(stats.medianSignedPercent, 30.0, 1e-12);
    QCOMPARE(errorStats({}).count, std::size_t(0));
    // Even count: the median is the mean of the middle two.
    TW_COMPARE_REL(errorStats({{110.0, 100.0}, {130.0, 100.0}}).medianApe, 20.0, 1e-12);
}

void TestCalibration::weightedQuantileExpandsWeights()
{
    // (1, w1), (2, w1), (3, w2) stands for 1, 2, 3, 3: median at rank 1.5 -> 2.5.
    std::vector<std::pair<double, double>> samples = {{3.0, 2.0}, {1.0, 1.0}, {2.0, 1.0}};
    TW_COMPARE_REL(weightedQuantile(samples, 0.5), 2.5, 1e-12);
    TW_COMPARE_REL(weightedQuantile(samples, 0.0), 1.0, 1e-12);
    TW_COMPARE_REL(weightedQuantile(samples, 1.0), 3.0, 1e-12);
    // 1 x 99 and 10 x 1: the 99th percentile (rank 98.01) lies between the last 1 and the 10.
    std::vector<std::pair<double, double>> tail = {{1.0, 99.0}, {10.0, 1.0}};
    TW_COMPARE_REL(weightedQuantile(tail, 0.99), 1.09, 1e-9);
    std::vector<std::pair<double, double>> empty;
    QCOMPARE(weightedQuantile(empty, 0.5), 0.0);
}

void TestCalibration::sha256KnownAnswers()
{
    // FIPS 180-4 examples (NIST CSRC "Example Algorithms": SHA256.pdf).
    QCOMPARE(tw::sha256Hex(""),
             std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    QCOMPARE(tw::sha256Hex("abc"),
             std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    QCOMPARE(tw::sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
             std::string("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
}

// ---- parameter table -------------------------------------------------------------------------

void TestCalibration::builtInTableIsValid()
{
    const CalibrationTable &table = CalibrationTable::builtIn();
    QVERIFY(!table.groups.empty());
    for (const CalibrationGroup &g : table.groups) {
        QVERIFY(isKnownSoftware(g.software));
        QVERIFY(generationRank(g.architecture) >= 0);
        // Launch order from gpu_specs.csv's launch_year: Volta 2018 (the 32 GB V100 in the
        // catalog), Ampere 2020, Hopper 2022, Ada Lovelace and CDNA 3 2023, Blackwell 2025.
        QVERIFY(generationRank("Volta") < generationRank("Ampere"));
        QVERIFY(generationRank("Ampere") < generationRank("Hopper"));
        QVERIFY(generationRank("Hopper") < generationRank("Ada Lovelace"));
        QCOMPARE(generationRank("Ada Lovelace"), generationRank("CDNA 3"));
        QVERIFY(generationRank("CDNA 3") < generationRank("Blackwell"));
        QCOMPARE(generationRank("Rubin"), -1);
        const auto &p = g.performance;
        for (double e : {p.computeEfficiency, p.memoryEfficiency, p.interconnectEfficiency})
            QVERIFY(e > 0.0 && e <= 1.0);
        for (double s :
             {p.iterationOverheadSeconds, p.perLayerOverheadSeconds, p.allReduceLatencySeconds})
            QVERIFY(s >= 0.0 && s <= 0.05);
        QVERIFY(g.busyActivity >= 0.0 && g.busyActivity <= 1.0);
        QVERIFY(g.networkActivity >= 0.0 && g.networkActivity <= 1.0);
        QVERIFY(g.computeWeight >= 0.0 && g.computeWeight <= 2.0);
        QVERIFY(g.memoryWeight >= 0.0 && g.memoryWeight <= 2.0);
    }
    const tw::model::GpuSpec &h100 = *catalog().findGpu("h100_sxm");
    const CalibratedDefaults d = defaultsFor(h100, "vllm");
    const CalibrationGroup *hopper = table.find("Hopper", "vllm");
    QVERIFY(hopper);
    QCOMPARE(d.performance.memoryEfficiency, hopper->performance.memoryEfficiency);
    QCOMPARE(d.power.memoryWeight, hopper->memoryWeight);
    QCOMPARE(d.power.busyActivity, hopper->busyActivity);
    QCOMPARE(d.power.idleWatts, 0.0); // the catalog has the H100's idle figure
}

void TestCalibration::tableFallsBackToNearestGeneration()
{
    CalibrationTable table;
    CalibrationGroup ampere;
    ampere.architecture = "Ampere";
    ampere.software = "vllm";
    ampere.performance.memoryEfficiency = 0.5;
    CalibrationGroup blackwell = ampere;
    blackwell.architecture = "Blackwell";
    blackwell.performance.memoryEfficiency = 0.9;
    blackwell.idleShareOfTdp = 0.2;
    table.groups = {ampere, blackwell};
    QCOMPARE(table.groupFor("Ampere", "vllm")->architecture, std::string("Ampere"));
    QCOMPARE(table.groupFor("Volta", "vllm")->architecture, std::string("Ampere"));
    // Nearest by first launch year in gpu_specs.csv: Hopper (2022) is two years from Ampere
    // (2020) and three from Blackwell (2025); Ada Lovelace (2023) three and two.
    QCOMPARE(table.groupFor("Hopper", "vllm")->architecture, std::string("Ampere"));
    QCOMPARE(table.groupFor("Ada Lovelace", "vllm")->architecture, std::string("Blackwell"));
    QCOMPARE(table.groupFor("Some future GPU", "vllm")->architecture, std::string("Blackwell"));
    // No "vllm-0.5" group at all: the "vllm" ones are used.
    QCOMPARE(table.groupFor("Ampere", "vllm-0.5")->architecture, std::string("Ampere"));
    tw::model::GpuSpec b200 = *catalog().findGpu("b200");
    QCOMPARE(table.defaultsFor(b200, "vllm").power.idleWatts, 0.2 * b200.tdpWatts);
}

void TestCalibration::originSaysWhatWasBorrowed()
{
    using tw::calibration::parameterOriginFor;
    const CalibrationTable &table = CalibrationTable::builtIn();
    const tw::model::GpuSpec &h100 = *catalog().findGpu("h100_sxm");
    const tw::model::GpuSpec &a100 = *catalog().findGpu("a100_sxm_80");

    const auto hopper = parameterOriginFor(h100, "vllm");
    QCOMPARE(hopper.group, std::string("Hopper / vllm"));
    QVERIFY(hopper.fitted && !hopper.borrowed);
    QCOMPARE(hopper.rows, table.find("Hopper", "vllm")->rows);
    QVERIFY(hopper.rows > 0);
    QCOMPARE(hopper.describe(),
             "Hopper / vllm, fitted on " + std::to_string(hopper.rows) + " measured rows");

    // No Ampere rows with current vLLM: the nearest generation's timing, said aloud, and the
    // power weights fitted on Ampere (with vLLM 0.5), since they describe the chip.
    const auto ampere = parameterOriginFor(a100, "vllm");
    QVERIFY(ampere.borrowed);
    QCOMPARE(ampere.architecture, std::string("Ampere"));
    QCOMPARE(ampere.group, std::string("Hopper / vllm"));
    QCOMPARE(ampere.powerGroup, std::string("Ampere / vllm-0.5"));
    QCOMPARE(ampere.powerRows, table.find("Ampere", "vllm-0.5")->rows);
    QVERIFY(ampere.describe().find("borrowed: timing from Hopper / vllm") == 0);
    QVERIFY(ampere.describe().find("none of Ampere with vllm") != std::string::npos);
    QVERIFY(ampere.describe().find("power weights from Ampere / vllm-0.5") != std::string::npos);
    const tw::calibration::CalibratedDefaults mixed = table.defaultsFor(a100, "vllm");
    QCOMPARE(mixed.performance.computeEfficiency,
             table.find("Hopper", "vllm")->performance.computeEfficiency);
    QCOMPARE(mixed.power.memoryWeight, table.find("Ampere", "vllm-0.5")->memoryWeight);
    QCOMPARE(mixed.power.busyActivity, table.find("Ampere", "vllm-0.5")->busyActivity);
    // The borrowed-timing band is the one that goes with it: energy closer than when every
    // parameter is borrowed (resources/calibration/accuracy.json).
    const tw::calibration::Accuracy mixedAccuracy = tw::calibration::accuracyFor(ampere);
    QVERIFY(mixedAccuracy.basis.find("power weights are its own") != std::string::npos);
    const tw::model::GpuSpec &l40s = *catalog().findGpu("l40s");
    const auto ada = parameterOriginFor(l40s, "vllm"); // no Ada group at all: all borrowed
    QVERIFY(ada.borrowed && ada.powerGroup.empty());
    QVERIFY(tw::calibration::accuracyFor(ada).energyPercent > mixedAccuracy.energyPercent);
    QVERIFY(!parameterOriginFor(a100, "vllm-0.5").borrowed);
    // An unknown software counts as vllm, so H100 with it is not borrowed.
    QVERIFY(!parameterOriginFor(h100, "some-engine").borrowed);

    const tw::calibration::CalibratedDefaults calibrated = table.defaultsFor(h100, "vllm");
    QCOMPARE(tw::calibration::overriddenParameters(calibrated, calibrated.performance,
                                                   calibrated.power),
             0);
    auto performance = calibrated.performance;
    performance.memoryEfficiency *= 0.9;
    auto power = calibrated.power;
    power.computeWeight += 0.1;
    power.powerCapWatts = 500; // a setting, not a calibrated parameter
    QCOMPARE(tw::calibration::overriddenParameters(calibrated, performance, power), 2);
}

namespace {
/// A built-in example over its first 30 simulated seconds: enough for the run's labels.
tw::scenario::Scenario shortRun(const char *example)
{
    tw::scenario::Scenario s
            = tw::scenario::parseScenarioJson(tw::scenario::findExample(example)->json, catalog());
    s.simulation.horizonSeconds = 30;
    s.simulation.warmupSeconds = 0;
    s.simulation.timeseriesResolutionSeconds = 30;
    return s;
}
} // namespace

void TestCalibration::runsSayWhichParametersTheyGot()
{
    const tw::metrics::Results fitted = tw::run::simulate(shortRun("default"));
    QCOMPARE(fitted.deployments.size(), std::size_t(1));
    QVERIFY(!fitted.deployments[0].parametersBorrowed);
    QCOMPARE(fitted.deployments[0].parameterRows,
             CalibrationTable::builtIn().find("Hopper", "vllm")->rows);
    QVERIFY2(fitted.deployments[0].parameterSource.find("fitted on") != std::string::npos,
             fitted.deployments[0].parameterSource.c_str());

    // The thin-traffic example runs an A100 with current vLLM: timing borrowed, and no rows
    // claimed.
    const tw::metrics::Results borrowed = tw::run::simulate(shortRun("thin-traffic-self-hosted"));
    const tw::metrics::DeploymentResults &d = borrowed.deployments.front();
    QVERIFY(d.parametersBorrowed);
    QCOMPARE(d.parameterRows, 0);
    QVERIFY2(d.parameterSource.find("borrowed: timing from Hopper / vllm") == 0,
             d.parameterSource.c_str());
    QVERIFY(tw::metrics::formatTable(borrowed).find("parameters borrowed: timing from")
            != std::string::npos);
}

void TestCalibration::runsSayHowSureTheyAre()
{
    // The figures of docs/validation.md: Hopper / vllm in sample (the leave-one-generation-out
    // table's right-hand column), and the worse of the two cross-generation predictions.
    const tw::metrics::DeploymentResults fitted
            = tw::run::simulate(shortRun("default")).deployments.front();
    QCOMPARE(fitted.accuracyThroughputPercent, 7.9);
    QCOMPARE(fitted.accuracyLatencyPercent, 6.5);
    QCOMPARE(fitted.accuracyEnergyPercent, 10.0);
    QCOMPARE(fitted.accuracyPowerPercent, 7.6);
    QVERIFY2(fitted.accuracyBasis.find("Hopper / vllm on its 816 measured rows")
                     != std::string::npos,
             fitted.accuracyBasis.c_str());
    QVERIFY2(fitted.outsideMeasuredRange.empty(), fitted.outsideMeasuredRange.c_str());

    const tw::metrics::Results borrowedRun
            = tw::run::simulate(shortRun("thin-traffic-self-hosted"));
    const tw::metrics::DeploymentResults &borrowed = borrowedRun.deployments.front();
    // Its timing is Hopper's and its power weights Ampere's own: the borrowed-timing band.
    QCOMPARE(borrowed.accuracyThroughputPercent, 19.9);
    QCOMPARE(borrowed.accuracyEnergyPercent, 11.6);
    QVERIFY(borrowed.accuracyBasis.find("borrowed") != std::string::npos);
    QVERIFY(tw::metrics::formatTable(borrowedRun).find("accuracy ±20 % throughput")
            != std::string::npos);

    // Outside the rows behind the group.
    const tw::calibration::Accuracy hopper = tw::calibration::accuracyFor(
            tw::calibration::parameterOriginFor(*catalog().findGpu("h100_sxm"), "vllm"));
    tw::calibration::RunShape inside{70.6, 64.0, 1, false};
    QVERIFY(tw::calibration::outsideMeasuredRange(hopper, inside).empty());
    inside.modelParamsB = 405.85; // "405B" in the sources
    QVERIFY(tw::calibration::outsideMeasuredRange(hopper, inside).empty());
    const tw::calibration::RunShape outside{1000.0, 1500.0, 2, true};
    const std::string why = tw::calibration::outsideMeasuredRange(hopper, outside);
    for (const char *part : {"mean batch 1,500 beyond the largest measured (1,024)",
                             "a 1,000B-parameter model, outside the measured 8B–405B",
                             "pipeline parallelism", "tensor parallelism across nodes"})
        QVERIFY2(why.find(part) != std::string::npos, why.c_str());
}

void TestCalibration::powerFollowsTheBatchOnH100()
{
    // (a) of tests/golden/power/README.md: one decode iteration of Llama-3.1-8B on one H100 at
    // batch 1 and 256, with the parameters stated there.
    tw::scenario::Deployment d;
    d.model = *catalog().findModel("llama-3.1-8b");
    d.hardware.gpu = *catalog().findGpu("h100_sxm");
    d.performance.computeEfficiency = 0.8688;
    d.performance.memoryEfficiency = 0.7264;
    d.performance.iterationOverheadSeconds = 1.61e-6;
    d.performance.perLayerOverheadSeconds = 2.603e-6;
    d.performance.perSequenceOverheadSeconds = 4.119e-5;
    d.power.busyActivity = 0.6091;
    d.power.computeWeight = 1.24;
    d.power.memoryWeight = 0.02732;
    const tw::hardware::PerfModel perf(d);
    const auto watts = [&](int batch, double &seconds) {
        tw::hardware::BatchWork work;
        work.decodeTokens = batch;
        work.decodeContextTokens = 1000.0 * batch;
        const tw::hardware::IterationCost cost = perf.iteration(work);
        seconds = cost.totalSeconds;
        return perf.power().idleWatts() + perf.power().dynamicWatts(tw::hardware::gpuWorkOf(cost));
    };
    double t1 = 0.0, t256 = 0.0;
    const double p1 = watts(1, t1), p256 = watts(256, t256);
    TW_COMPARE_REL(t1, 6.779723e-3, 1e-6);
    TW_COMPARE_REL(t256, 31.031934e-3, 1e-6);
    TW_COMPARE_REL(p1, 465.009, 1e-6);
    TW_COMPARE_REL(p256, 570.010, 1e-6);
    TW_COMPARE_REL(p1 * t1, 3.1526, 1e-4);               // J per token at batch 1
    TW_COMPARE_REL(p256 * t256 / 256.0, 0.069096, 1e-4); // and at batch 256

    // (b): the shipped calibration against the ML.ENERGY v3 rows it was fitted to.
    MappingOptions mapping;
    mapping.softwareFromFramework = true;
    const MappedMeasurements m
            = readMeasurements(readSourceFile("tests/calibration/measurements.csv"),
                               "measurements.csv", catalog(), mapping);
    const auto predicted = [&](const char *id) {
        const auto row = std::find_if(m.rows.begin(), m.rows.end(),
                                      [&](const MeasurementRow &r) { return r.id == id; });
        if (row == m.rows.end() || row->caseIndex < 0 || !row->metric)
            return std::pair{0.0, 0.0};
        const SimulationCase &c = m.cases[static_cast<std::size_t>(row->caseIndex)];
        const CasePrediction p = predictCase(c, defaultsFor(c.gpu, c.software), {});
        return std::pair{p[*row->metric].value_or(0.0), row->value};
    };
    const auto [power8, measured8] = predicted("M01449");
    const auto [power256, measured256] = predicted("M01491");
    const auto [energy8, measuredEnergy8] = predicted("M01447");
    const auto [energy256, measuredEnergy256] = predicted("M01489");
    qInfo("H100 Llama-3.1-8B: %.1f W at batch 8 (measured %.1f), %.1f W at 256 (measured %.1f)",
          power8, measured8, power256, measured256);
    QCOMPARE(measured8, 486.4);
    QCOMPARE(measured256, 690.5);
    TW_COMPARE_REL(power8, measured8, 0.10);
    TW_COMPARE_REL(power256, measured256, 0.10);
    QVERIFY(power256 >= 1.25 * power8); // measured: 1.42
    TW_COMPARE_REL(energy8 / energy256, measuredEnergy8 / measuredEnergy256, 0.15);
}

void TestCalibration::tableRejectsUnphysicalParameters()
{
    std::string json = CalibrationTable::builtIn().toJson();
    const std::string key = "\"memoryEfficiency\": ";
    const std::size_t at = json.find(key);
    QVERIFY(at != std::string::npos);
    const std::size_t end = json.find_first_of(",\n", at + key.size());
    json.replace(at + key.size(), end - at - key.size(), "1.2");
    try {
        CalibrationTable::fromJson(json);
        QFAIL("expected tw::InputError");
    } catch (const tw::InputError &error) {
        QVERIFY(error.issues().front().path.find("performance.memoryEfficiency")
                != std::string::npos);
    }
    // Format 1 held the power weights of the model before 2026-12-07, which have no meaning now.
    QVERIFY_EXCEPTION_THROWN(CalibrationTable::fromJson("{\"format\": 1}"), tw::InputError);
    QVERIFY_EXCEPTION_THROWN(CalibrationTable::fromJson("{\"format\": 3}"), tw::InputError);
    QVERIFY_EXCEPTION_THROWN(CalibrationTable::fromJson("not json"), tw::InputError);
}

void TestCalibration::tableRoundTripsThroughJson()
{
    const CalibrationTable &table = CalibrationTable::builtIn();
    const CalibrationTable again = CalibrationTable::fromJson(table.toJson());
    QCOMPARE(again.groups.size(), table.groups.size());
    QCOMPARE(again.toJson(), table.toJson());
    QCOMPARE(again.provenance.dataSha256, table.provenance.dataSha256);
}

void TestCalibration::servingDefaultsFollowVllm()
{
    const tw::model::ModelSpec &llama = *catalog().findModel("llama-3.1-8b");
    const auto v1 = servingDefaultsFor("vllm", *catalog().findGpu("h100_sxm"), llama, 64);
    QVERIFY(v1.chunkedPrefill);
    QCOMPARE(v1.maxBatchedTokens, 8192);
    QCOMPARE(v1.maxRunningRequests, 64);
    QCOMPARE(v1.software, std::string("vllm"));
    QCOMPARE(servingDefaultsFor("vllm", *catalog().findGpu("a100_sxm_80"), llama, 64)
                     .maxBatchedTokens,
             2048);
    // vLLM's rule is ">= 70 GiB and the name lacks 'a100'": H200 and MI300X get the larger
    // budget, the 48 GB L40S does not (serving_software.csv).
    for (const char *large : {"h200_sxm", "mi300x", "b200"})
        QCOMPARE(servingDefaultsFor("vllm", *catalog().findGpu(large), llama, 64).maxBatchedTokens,
                 8192);
    QCOMPARE(servingDefaultsFor("vllm", *catalog().findGpu("l40s"), llama, 64).maxBatchedTokens,
             2048);
    QCOMPARE(servingDefaultsFor("vllm", *catalog().findGpu("h100_sxm"), llama, 64)
                     .memoryReserveFraction,
             1.0 - 0.9); // gpu_memory_utilization 0.9
    const auto v0 = servingDefaultsFor("vllm-0.5", *catalog().findGpu("a100_sxm_40"), llama, 64);
    QVERIFY(!v0.chunkedPrefill);
    QCOMPARE(v0.maxBatchedTokens, llama.maxContextTokens);
    const auto hf = servingDefaultsFor("hf-generate", *catalog().findGpu("a100_sxm_40"), llama, 1);
    QCOMPARE(int(hf.policy), int(tw::scenario::BatchingPolicy::None));
}

// ---- prediction and check --------------------------------------------------------------------

void TestCalibration::iterationCaseMatchesPerfModel()
{
    const MappedMeasurements m = fixture(false);
    const SimulationCase &c = caseOf(m, "F008");
    const CalibratedDefaults params = defaultsFor(c.gpu, c.software);
    const CasePrediction p = predictCase(c, params);
    QVERIFY2(p.error.empty(), p.error.c_str());

    tw::scenario::Deployment d;
    d.model = c.model;
    d.weightPrecision = tw::model::Precision::Fp16;
    d.kvPrecision = tw::model::Precision::Fp16;
    d.hardware.gpu = c.gpu;
    d.hardware.gpusPerReplica = 4;
    d.performance = params.performance;
    const tw::hardware::PerfModel perf(d);
    tw::hardware::BatchWork prefill; // 2 prompts of 512 tokens, each attending causally
    prefill.prefillTokens = 1024;
    prefill.prefillAttentionContext = 2.0 * 512.0 * 513.0 / 2.0;
    TW_COMPARE_REL(*p[Metric::PrefillTimeBatch], perf.iteration(prefill).totalSeconds, 1e-12);
    tw::hardware::BatchWork decode; // mean context over 128 generated tokens: 512 + 64
    decode.decodeTokens = 2;
    decode.decodeContextTokens = 2.0 * (512.0 + 64.0);
    TW_COMPARE_REL(*p[Metric::DecodeIterationTime], perf.iteration(decode).totalSeconds, 1e-12);
    QVERIFY(!p[Metric::OutputThroughput]);
}

void TestCalibration::servingCaseGivesConsistentFigures()
{
    const MappedMeasurements m = fixture(false);
    const SimulationCase &c = caseOf(m, "F001"); // Llama-3.1-8B on one H100, 16 users
    const CalibratedDefaults params = defaultsFor(c.gpu, c.software);
    PredictionSettings settings;
    settings.keepPowerSamples = true;
    const CasePrediction p = predictCase(c, params, settings);
    QVERIFY2(p.error.empty(), p.error.c_str());
    for (Metric metric : {Metric::OutputThroughput, Metric::TpotMean, Metric::MedianItl,
                          Metric::P99Itl, Metric::EnergyPerOutputToken, Metric::EnergyPerRequest,
                          Metric::AveragePower, Metric::RequestLatency})
        QVERIFY2(p[metric].has_value(), std::string(metricName(metric)).c_str());
    // A saturated closed loop keeps ~16 requests running; each yields one token per
    // iteration, so throughput ~ 16 / mean gap and the median gap is close to mean TPOT.
    QVERIFY(p.meanRunningBatch > 15.0 && p.meanRunningBatch <= 16.0);
    TW_COMPARE_REL(*p[Metric::MedianItl], *p[Metric::TpotMean], 0.15);
    TW_COMPARE_REL(*p[Metric::OutputThroughput], p.meanRunningBatch / *p[Metric::TpotMean], 0.15);
    QVERIFY(*p[Metric::P99Itl] >= *p[Metric::MedianItl]);
    // Energy identities: J/token = W / (tokens/s); J/request = J/token x mean output.
    TW_COMPARE_REL(*p[Metric::EnergyPerOutputToken],
                   *p[Metric::AveragePower] / *p[Metric::OutputThroughput], 1e-9);
    TW_COMPARE_REL(*p[Metric::EnergyPerRequest], *p[Metric::EnergyPerOutputToken] * 400.0, 1e-9);
    // Power lies between idle and TDP, and replaying the kept samples gives the same figure.
    QVERIFY(*p[Metric::AveragePower] > c.gpu.idleWatts && *p[Metric::AveragePower] <= 700.0);
    TW_COMPARE_REL(averagePowerFromSamples(c, p, params.power), *p[Metric::AveragePower], 0.02);
    // Deterministic.
    const CasePrediction again = predictCase(c, params, settings);
    QCOMPARE(*again[Metric::OutputThroughput], *p[Metric::OutputThroughput]);
}

void TestCalibration::openLoopCasePredictsTtft()
{
    const MappedMeasurements m = fixture(false);
    const SimulationCase &c = caseOf(m, "F014"); // Poisson 1 req/s, 512 in / 128 out, 1 H100
    QCOMPARE(int(c.kind), int(CaseKind::OpenLoop));
    QCOMPARE(c.arrivalRatePerSecond, 1.0);
    QCOMPARE(c.concurrency, 256); // vLLM's default max_num_seqs, said aloud
    QVERIFY(std::any_of(c.assumptions.begin(), c.assumptions.end(), [](const std::string &a) {
        return a.find("vLLM's default 256 assumed") != std::string::npos;
    }));
    for (const char *id : {"F015", "F016", "F017", "F020"})
        QCOMPARE(rowById(m, id)->caseIndex, rowById(m, "F014")->caseIndex);

    const CalibratedDefaults params = defaultsFor(c.gpu, c.software);
    const CasePrediction p = predictCase(c, params);
    QVERIFY2(p.error.empty(), p.error.c_str());
    for (Metric metric :
         {Metric::TtftMean, Metric::TtftMedian, Metric::TtftP99, Metric::TpotMedian,
          Metric::TpotP99, Metric::RequestThroughput, Metric::OutputThroughputPerGpu})
        QVERIFY2(p[metric].has_value(), std::string(metricName(metric)).c_str());
    // Far below capacity (about one request running): the server completes what arrives,
    // 1 req/s within the Poisson noise of >= 400 arrivals (sd 5 %), and 128 tokens each.
    TW_COMPARE_REL(*p[Metric::RequestThroughput], 1.0, 0.15);
    TW_COMPARE_REL(*p[Metric::OutputThroughput], 128.0 * *p[Metric::RequestThroughput], 0.15);
    QCOMPARE(*p[Metric::OutputThroughputPerGpu], *p[Metric::OutputThroughput]); // one GPU
    // With next to no queue, the first token comes after the rest of the running iteration
    // and one iteration holding the whole 512-token mean prompt: between that prefill alone
    // and that prefill plus a decode step and a second prefill's worth of waiting.
    const tw::hardware::PerfModel perf(scenarioFor(c, params).deployments.front());
    tw::hardware::BatchWork prefill;
    prefill.prefillTokens = 512;
    prefill.prefillSequences = 1;
    prefill.prefillAttentionContext = 512.0 * 513.0 / 2.0;
    const double prefillSeconds = perf.iteration(prefill).totalSeconds;
    QVERIFY2(*p[Metric::TtftMean] > 0.9 * prefillSeconds
                     && *p[Metric::TtftMean] < 3.0 * prefillSeconds,
             qPrintable(QString("TTFT %1 s, prefill %2 s")
                                .arg(*p[Metric::TtftMean])
                                .arg(prefillSeconds)));
    QVERIFY(*p[Metric::TtftP99] >= *p[Metric::TtftMedian]);
    QVERIFY(*p[Metric::TpotP99] >= *p[Metric::TpotMedian]);

    // Two GPUs: per GPU is the instance's throughput halved.
    const SimulationCase &two = caseOf(m, "F018");
    const CasePrediction q = predictCase(two, defaultsFor(two.gpu, two.software));
    QVERIFY2(q.error.empty(), q.error.c_str());
    TW_COMPARE_REL(*q[Metric::OutputThroughputPerGpu], *q[Metric::OutputThroughput] / 2.0, 1e-12);
}

void TestCalibration::fitLeavesMeasuredConstantsAlone()
{
    // A short fit of the fixture's groups: the timing parameters move from the scenario
    // defaults, the inter-node latency (nccl-tests' measured 20 us) does not.
    tw::calibration::FitOptions options;
    options.threads = 2;
    options.maxEvaluations = 40;
    const tw::calibration::FitResult fit = tw::calibration::fitParameters(fixture(true), options);
    const tw::scenario::PerformanceParams defaults;
    int fitted = 0;
    for (const CalibrationGroup &g : fit.table.groups) {
        if (!g.fitted)
            continue;
        ++fitted;
        QCOMPARE(g.performance.interNodeLatencySeconds, defaults.interNodeLatencySeconds);
        int moved = 0;
        for (const tw::calibration::PerformanceField &f : tw::calibration::performanceFields())
            moved += g.performance.*f.member != defaults.*f.member ? 1 : 0;
        QVERIFY2(moved > 0, g.architecture.c_str());
    }
    QVERIFY(fitted > 0);
    for (const tw::calibration::PerformanceField &f : tw::calibration::performanceFields())
        QCOMPARE(f.fitted, std::string(f.name) != "interNodeLatencySeconds");
}

void TestCalibration::checkOnFixture()
{
    const MappedMeasurements m = fixture(true);
    CheckOptions options;
    options.threads = 2;
    const CheckReport report = checkMeasurements(m, builtInParameters(), options);
    std::size_t skipped = 0;
    for (const SkipGroup &g : report.skipped)
        skipped += g.rows.size();
    QCOMPARE(report.compared.size() + skipped, m.rows.size());
    QCOMPARE(report.compared.size(),
             std::size_t(25)); // F001-F021, S03, S04, S08 and S10; S20 skipped in this mode
    for (const ComparedRow &c : report.compared)
        TW_COMPARE_REL(c.ape, absolutePercentageError(c.predicted, c.measured), 1e-12);
    const SummaryLine *power = summaryFor(report, Metric::AveragePower, "");
    QVERIFY(power);
    QCOMPARE(power->stats.count, std::size_t(3));
    const std::string text = formatCheckReport(m, report);
    QVERIFY(text.find("Skipped rows by reason") != std::string::npos);
    QVERIFY(text.find("(e.g. S23)") != std::string::npos);

    // Coverage: every row of every source is either compared or skipped with a reason.
    std::size_t covered = 0;
    for (const SourceCoverage &c : coverageBySource(m, report)) {
        std::size_t skippedHere = 0;
        for (const auto &[reason, count] : c.skipped) {
            QVERIFY(!reason.empty());
            skippedHere += count;
        }
        QCOMPARE(c.compared + skippedHere, c.rows);
        covered += c.rows;
    }
    QCOMPARE(covered, m.rows.size());
    QVERIFY(text.find("Coverage by source:") != std::string::npos);
    const std::string coverage = coverageCsv(m, report);
    QVERIFY(coverage.rfind("source,rows,compared,skipped,reason,reason_rows\n", 0) == 0);
    // Targets: the share of rows compared is computed from the same counts.
    const std::vector<TargetCheck> targets = checkTargets(m, report);
    QVERIFY(!targets.empty());
    const TargetCheck &share = targets.back();
    QCOMPARE(share.what, std::string("rows compared"));
    TW_COMPARE_REL(share.value, 100.0 * 25 / 46, 1e-12);
    QVERIFY(!share.met()); // 54 % of the fixture's rows, by design
    // The fixture's TTFT rows (F014, F017) are compared and give the TTFT target its rows.
    const auto ttft = std::find_if(targets.begin(), targets.end(), [](const TargetCheck &t) {
        return t.what == "median APE, ttft_mean";
    });
    QVERIFY(ttft != targets.end());
    QCOMPARE(ttft->rows, std::size_t(2));
    QVERIFY(std::isfinite(ttft->value));
    QVERIFY(text.find("rows compared") != std::string::npos);
    const std::string rows = comparedRowsCsv(m, report);
    QVERIFY(rows.rfind("id,source,model,gpu,metric,measured,predicted,ape_percent\n", 0) == 0);
    QCOMPARE(std::count(rows.begin(), rows.end(), '\n'), std::ptrdiff_t(26));
}

void TestCalibration::cliWritesReports()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QProcess cli;
    cli.start(QStringLiteral(TOKENWATT_CLI_PATH),
              {"check-measurements",
               QStringLiteral(TOKENWATT_SOURCE_DIR "/tests/core/data/calibration_fixture.csv"),
               "--report", dir.path(), "--threads", "2"}); // software from the framework
    QVERIFY(cli.waitForFinished(60000));
    QCOMPARE(cli.exitCode(), 0);
    const QString out = QString::fromUtf8(cli.readAllStandardOutput());
    QVERIFY2(out.contains("Compared 25 of 46 rows"), qPrintable(out));
    QVERIFY(QFile::exists(dir.filePath("rows.csv")));
    QFile summary(dir.filePath("summary.csv"));
    QVERIFY(summary.open(QIODevice::ReadOnly));
    QVERIFY(summary.readLine().startsWith("metric,source,rows,median_ape_percent"));

    QProcess bad;
    bad.start(QStringLiteral(TOKENWATT_CLI_PATH),
              {"check-measurements", dir.filePath("missing.csv")});
    QVERIFY(bad.waitForFinished(60000));
    QCOMPARE(bad.exitCode(), 2);
    QVERIFY(QString::fromUtf8(bad.readAllStandardError()).contains("missing.csv"));
}

// ---- regression on the published measurements -------------------------------------------------

void TestCalibration::publishedMeasurementsRegression_data()
{
    // target: the calibration goal (median APE, percent, all sources); recorded: what the
    // shipped calibration reaches (docs/validation.md), plus a margin of 2 points for the
    // simulation's randomness across standard libraries and builds.
    QTest::addColumn<int>("metric");
    QTest::addColumn<double>("target");
    QTest::addColumn<double>("recorded");
    QTest::newRow("output_throughput") << int(Metric::OutputThroughput) << 10.0 << 8.5;
    // 10.1 since the 11 pipeline-parallel rows are compared (docs/validation.md).
    QTest::newRow("tpot_mean") << int(Metric::TpotMean) << 10.0 << 10.1;
    QTest::newRow("median_itl") << int(Metric::MedianItl) << 10.0 << 8.0;
    QTest::newRow("avg_power") << int(Metric::AveragePower) << 12.0 << 5.7;
    QTest::newRow("energy_per_output_token") << int(Metric::EnergyPerOutputToken) << 12.0 << 10.0;
}

void TestCalibration::publishedMeasurementsRegression()
{
    QFETCH(int, metric);
    QFETCH(double, target);
    QFETCH(double, recorded);
    if (!m_publishedRan) {
        // The whole published file (every row, not a subset): ~350 configurations.
        MappingOptions mapping;
        mapping.softwareFromFramework = true;
        const MappedMeasurements m
                = readMeasurements(readSourceFile("tests/calibration/measurements.csv"),
                                   "measurements.csv", catalog(), mapping);
        QCOMPARE(m.rows.size(), std::size_t(2116));
        m_published = checkMeasurements(m, builtInParameters(), CheckOptions{});
        m_publishedRan = true;
        qInfo("published measurements: %zu rows compared in %.1f s", m_published.compared.size(),
              m_published.wallSeconds);
    }
    // The coverage target: >= 97 % of the 2,116 rows compared (2,064 on 2026-12-07).
    QVERIFY2(m_published.compared.size() >= 2053,
             qPrintable(QString::number(m_published.compared.size())));
    const SummaryLine *line = summaryFor(m_published, Metric(metric), "");
    QVERIFY(line);
    QVERIFY(line->stats.count > 30);
    const double median = line->stats.medianApe;
    qInfo("%s: median APE %.1f %% over %zu rows (target %.0f %%)",
          std::string(metricName(Metric(metric))).c_str(), median, line->stats.count, target);
    // Never worse than recorded...
    QVERIFY2(median <= recorded + 2.0, qPrintable(QString::number(median)));
    // ...and the target, which the current performance model does not reach for every metric
    // (docs/validation.md, "Where the model is weakest").
    if (recorded > target)
        QEXPECT_FAIL("",
                     "calibration target not reached by the current performance model; "
                     "see docs/validation.md",
                     Continue);
    QVERIFY(median <= target);
}

QTEST_GUILESS_MAIN(TestCalibration)
#include "tst_calibration.moc"
