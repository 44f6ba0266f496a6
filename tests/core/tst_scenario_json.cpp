// Tests of the scenario file format (core/scenario_io/scenario_json.h, docs/scenario-format.md),
// the built-in examples, the Azure trace reader and expectedRequestCount.

#include "core/catalog/catalog.h"
#include "core/common/error.h"
#include "core/defaults/calibrated_defaults.h"
#include "core/scenario/scenario.h"
#include "core/scenario_io/examples.h"
#include "core/scenario_io/json_schema.h"
#include "core/scenario_io/scenario_json.h"
#include "core/workload/trace_reader.h"

#include "test_support.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

using namespace tw::scenario;
using tw::InputError;
using tw::catalog::Catalog;

namespace {

const std::string kSourceDir = TOKENWATT_SOURCE_DIR;
const std::string kFixture = kSourceDir + "/tests/core/data/azure_trace_small.csv";
const std::string kConvTrace = kSourceDir + "/resources/traces/AzureLLMInferenceTrace_conv.csv";

const Catalog &catalog()
{
    return Catalog::builtIn();
}

/// The smallest valid scenario: every other key takes its default.
nlohmann::json minimalScenario()
{
    return nlohmann::json::parse(R"({
        "version": 1,
        "workload": {
            "arrival": {"type": "poisson", "ratePerSecond": 2},
            "classes": [{"name": "chat",
                         "promptTokens": {"type": "fixed", "value": 100},
                         "outputTokens": {"type": "fixed", "value": 10}}]
        },
        "deployments": [{"model": "llama-3.1-8b", "hardware": {"gpu": "h100_sxm"},
                         "hosting": {"type": "cloud", "offering": "AWS/p5.48xlarge"}}]
    })");
}

/// The minimal scenario with an RFC 7386 merge patch applied (null removes a key; arrays are
/// replaced whole). Self-hosted deployments that the patch leaves without `hosting` are given
/// a cloud price, so that rows about other keys need not repeat it.
std::string patched(const QString &patch)
{
    nlohmann::json json = minimalScenario();
    if (!patch.isEmpty())
        json.merge_patch(nlohmann::json::parse(patch.toStdString()));
    if (json.contains("deployments") && json["deployments"].is_array()) {
        for (nlohmann::json &deployment : json["deployments"]) {
            if (deployment.is_object() && !deployment.contains("hosting")
                && deployment.value("kind", std::string("selfHosted")) == "selfHosted")
                deployment["hosting"] = {{"pricePerGpuHourUsd", 4}};
        }
    }
    return json.dump();
}

QString q(const std::string &text)
{
    return QString::fromStdString(text);
}

/// InputError text, or an empty string when @p parse does not throw.
template<class F> QString errorText(F parse, int *issueCount = nullptr)
{
    try {
        parse();
    } catch (const InputError &error) {
        if (issueCount)
            *issueCount = static_cast<int>(error.issues().size());
        return q(error.what());
    }
    return {};
}

std::array<double, 24> multipliersOf(const std::string &diurnalJson)
{
    nlohmann::json json = minimalScenario();
    json["workload"]["arrival"]["diurnal"] = nlohmann::json::parse(diurnalJson);
    return parseScenarioJson(json.dump(), catalog()).workload.arrival.hourlyMultipliers;
}

} // namespace

/// Exact comparison for values that must survive a round trip bit for bit.
#define TW_COMPARE_EXACT(actual, expected)                                                         \
    QVERIFY2((actual) == (expected), qPrintable(QStringLiteral("%1: %2 != %3")                     \
                                                        .arg(QStringLiteral(#actual))              \
                                                        .arg(double(actual), 0, 'g', 17)           \
                                                        .arg(double(expected), 0, 'g', 17)))

namespace {

/// The first part of two scenarios that differs, for a failure message ("" when none).
std::string firstDifference(const Scenario &a, const Scenario &b)
{
    if (a.simulation != b.simulation)
        return "simulation";
    if (a.workload.arrival != b.workload.arrival)
        return "workload.arrival";
    if (a.workload.classes != b.workload.classes)
        return "workload.classes";
    if (a.deployments.size() != b.deployments.size())
        return "deployments (count)";
    for (std::size_t i = 0; i < a.deployments.size(); ++i) {
        const Deployment &x = a.deployments[i];
        const Deployment &y = b.deployments[i];
        const std::string at = "deployments[" + std::to_string(i) + "].";
        if (x.api != y.api)
            return at + "api";
        if (x.model != y.model)
            return at + "model";
        if (x.hardware != y.hardware)
            return at + "hardware";
        if (x.serving != y.serving)
            return at + "serving";
        if (x.performance != y.performance)
            return at + "performance";
        if (x.power != y.power)
            return at + "power";
        if (x.hosting != y.hosting)
            return at + "hosting";
        if (x != y)
            return at + "(name, kind or precision)";
    }
    if (a.routing != b.routing)
        return "routing";
    if (a.cache != b.cache)
        return "cache";
    if (a.region != b.region)
        return "region";
    if (a.slo != b.slo)
        return "slo";
    return a == b ? "" : "(version, name or description)";
}

/// Every field of two scenarios, exactly (bit for bit): the structs' defaulted operator==, so
/// a field added to a struct is compared without an edit here.
void compareScenarios(const Scenario &a, const Scenario &b)
{
    const std::string difference = firstDifference(a, b);
    QVERIFY2(difference.empty(), ("scenarios differ in " + difference).c_str());
}

/// "a.b[2].c" as a JSON pointer "/a/b/2/c".
nlohmann::json::json_pointer pointerFor(const QString &path)
{
    QString pointer = QStringLiteral("/") + path;
    pointer.replace(QLatin1Char('.'), QLatin1Char('/'));
    pointer.replace(QLatin1Char('['), QLatin1Char('/'));
    pointer.remove(QLatin1Char(']'));
    return nlohmann::json::json_pointer(pointer.toStdString());
}

} // namespace

class TestScenarioJson : public QObject
{
    Q_OBJECT

private slots:
    void examplesParse_data();
    void examplesParse();
    void exampleList();
    void roundTrip_data();
    void roundTrip();
    void catalogOverride();
    void catalogReferences();
    void calibratedDefaults();
    void documentedKeysMatchTheSchema();
    void retiredPowerKeysAreReadAndDropped();
    void badInput_data();
    void badInput();
    void diurnal_data();
    void diurnal();
    void explicitHourlyMultipliers();
    void traceFixture();
    void traceErrors_data();
    void traceErrors();
    void bundledConvTrace();
    void traceScenario();
    void loadFile();
    void withParameterSets_data();
    void withParameterSets();
    void withParameterRejects_data();
    void withParameterRejects();
    void parameterPathSteps();
    void numberAtReadsEveryWrittenNumber();
    void expectedRequestCount_data();
    void expectedRequestCount();
    void nominalMean_data();
    void nominalMean();
};

void TestScenarioJson::examplesParse_data()
{
    QTest::addColumn<QString>("name");
    for (const Example &example : examples())
        QTest::newRow(example.name.c_str()) << q(example.name);
}

void TestScenarioJson::examplesParse()
{
    QFETCH(QString, name);
    const Example *example = findExample(name.toStdString());
    QVERIFY(example);
    Scenario scenario;
    const QString error
            = errorText([&] { scenario = parseScenarioJson(example->json, catalog()); });
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(!scenario.name.empty());
    QVERIFY(!scenario.description.empty());
    QVERIFY(!example->summary.empty());
    QVERIFY(example->summary.size() <= scenario.description.size());
    QVERIFY(tw::scenario::expectedRequestCount(scenario)
            <= double(scenario.simulation.maxRequests));
}

void TestScenarioJson::exampleList()
{
    const std::vector<Example> &all = examples();
    QVERIFY(all.size() >= 3);
    QCOMPARE(q(all.front().name), QStringLiteral("default"));
    QVERIFY(std::is_sorted(all.begin() + 1, all.end(),
                           [](const Example &a, const Example &b) { return a.name < b.name; }));
    QVERIFY(findExample("code-assistant"));
    QVERIFY(findExample("closed-loop-benchmark"));
    QVERIFY(!findExample("no-such-example"));
    QCOMPARE(q(findExample("default")->summary),
             QStringLiteral("Chat assistant traffic on Llama 3.1 70B, served in bf16 by two "
                            "replicas of four H100 SXM GPUs with continuous batching and chunked "
                            "prefill."));

    // The default is the realistic scenario the brief describes.
    const Scenario s = parseScenarioJson(findExample("default")->json, catalog());
    QCOMPARE(q(s.deployments.at(0).model.id), QStringLiteral("llama-3.1-70b"));
    QCOMPARE(q(s.deployments.at(0).hardware.gpu.id), QStringLiteral("h100_sxm"));
    QCOMPARE(s.deployments.at(0).hardware.gpusPerReplica, 4);
    QCOMPARE(s.deployments.at(0).hardware.replicas, 2);
    QVERIFY(s.workload.arrival.diurnal);
    TW_COMPARE_REL(s.workload.arrival.ratePerSecond, 6.0, 1e-12);
}

void TestScenarioJson::roundTrip_data()
{
    QTest::addColumn<QString>("json");
    for (const Example &example : examples())
        QTest::newRow(("example " + example.name).c_str()) << q(example.json);
    QTest::newRow("minimal") << q(patched({}));
    QTest::newRow("catalog overrides") << q(patched(R"({"deployments": [{
        "model": {"catalog": "llama-3.1-8b", "layers": 40, "maxContextTokens": 32768},
        "hardware": {"gpu": {"catalog": "h100_sxm", "memoryGb": 94, "idleWatts": 60.5},
                     "gpusPerReplica": 2, "replicas": 3}}]})"));
    QTest::newRow("inline model and GPU") << q(patched(R"({"deployments": [{"name": "custom",
        "model": {"totalParams": 7.2e9, "activeParams": 7.2e9, "layers": 32, "hiddenSize": 4096,
                  "intermediateSize": 14336, "attentionHeads": 32, "kvHeads": 8, "headDim": 128,
                  "vocabSize": 32000, "maxContextTokens": 32768},
        "hardware": {"gpu": {"name": "Lab GPU", "memoryGb": 48, "memoryBandwidthGbPerSec": 864,
                             "bf16Tflops": 181, "tdpWatts": 300, "idleWatts": 30}}}],
        "workload": {"classes": [{"name": "chat", "deployment": "custom",
            "promptTokens": {"type": "fixed", "value": 100},
            "outputTokens": {"type": "fixed", "value": 10}}]}})"));
    QTest::newRow("every length type and two classes") << q(patched(R"({"workload": {"classes": [
        {"name": "a", "share": 0.3, "complexity": "easy",
         "promptTokens": {"type": "uniform", "low": 10, "high": 200, "min": 5, "max": 150},
         "outputTokens": {"type": "empirical", "values": [3, 5, 8, 13]}},
        {"name": "b", "share": 0.7, "complexity": "hard",
         "promptTokens": {"type": "lognormal", "mean": 1234.5, "cv": 0.123},
         "outputTokens": {"type": "exponential", "mean": 77.7, "max": 4096}}]}})"));
    QTest::newRow("gamma, explicit hours, every serving key") << q(patched(R"({
        "name": "n", "description": "d", "seed": 18446744073709551615,
        "simulation": {"horizonSeconds": 7200.5, "warmupSeconds": 0.25,
                       "timeseriesResolutionSeconds": 0.1, "replication": 3, "maxRequests": 5000000},
        "workload": {"arrival": {"type": "gamma", "ratePerSecond": 0.1, "cv": 2.5, "startHour": 23.5,
            "diurnal": {"hourlyMultipliers": [1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2,
                                              3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 0, 0.5]}}},
        "deployments": [{"name": "a", "model": "llama-3.1-8b", "weightPrecision": "fp8",
            "kvPrecision": "fp16", "hardware": {"gpu": "h100_sxm"},
            "serving": {"policy": "dynamic", "maxBatchSize": 16, "batchTimeoutSeconds": 0.02,
                        "maxRunningRequests": 64, "maxBatchedTokens": 2048, "chunkedPrefill": false,
                        "memoryReserveFraction": 0.2, "routing": "roundRobin"},
            "performance": {"computeEfficiency": 0.55, "memoryEfficiency": 0.85,
                            "interconnectEfficiency": 0.6, "iterationOverheadSeconds": 0.001,
                            "perLayerOverheadSeconds": 1e-5, "allReduceLatencySeconds": 1e-5}},
            {"name": "b", "model": "qwen3-8b", "hardware": {"gpu": "a100_sxm_80"}}],
        "slo": {"ttftSeconds": 0.75, "tpotSeconds": 0.033}})"));
    QTest::newRow("closed loop with leftover rate") << q(patched(R"({"workload": {"arrival": {
        "type": "closedLoop", "ratePerSecond": 7, "users": 12, "thinkTimeSeconds": 1.5,
        "thinkTime": "exponential"}}})"));
    QTest::newRow("trace") << q(patched(QStringLiteral(R"({"workload": {"arrival": {
        "type": "trace", "file": "%1", "timeScale": 0.5, "loop": true}}})")
                                                .arg(q(kFixture))));
    QTest::newRow("api deployments, routing and cache") << q(patched(R"({
        "workload": {"classes": [
            {"name": "easy", "complexity": "easy", "share": 3, "cacheHitRate": 0.25,
             "promptTokens": {"type": "fixed", "value": 100},
             "outputTokens": {"type": "fixed", "value": 10}},
            {"name": "hard", "complexity": "hard", "deployment": "custom",
             "promptTokens": {"type": "fixed", "value": 1000},
             "outputTokens": {"type": "fixed", "value": 300}}]},
        "deployments": [
            {"name": "small", "model": "llama-3.1-8b", "hardware": {"gpu": "h100_sxm"}},
            {"name": "gpt", "kind": "api",
             "api": {"catalog": "OpenAI/gpt-4o-mini-2024-07-18", "outputUsdPerMillionTokens": 0.5,
                     "cachedInputShare": 0.3, "cachedInputDiscount": 0.75, "ttftSeconds": 0.4,
                     "outputTokensPerSecond": 90.5}},
            {"name": "custom", "kind": "api",
             "api": {"provider": "Lab", "model": "m1", "inputUsdPerMillionTokens": 0.2,
                     "outputUsdPerMillionTokens": 0.6}},
            {"name": "unpriced", "kind": "API",
             "api": {"catalog": "fireworks/llama-v3p1-70b-instruct",
                     "inputUsdPerMillionTokens": 0.9, "outputUsdPerMillionTokens": 0.9}}],
        "routing": [
            {"complexity": "easy", "routes": [{"deployment": "small", "share": 0.8},
                                              {"deployment": "gpt", "share": 0.2}]},
            {"class": "hard", "routes": [{"deployment": "custom"}]}],
        "cache": {"hitLatencySeconds": 0.02, "costPerLookupUsd": 1e-5}})"));
    QTest::newRow("power, hosting and region") << q(patched(R"({
        "deployments": [
            {"name": "cloud", "model": "llama-3.1-8b", "hardware": {"gpu": "h100_sxm"},
             "serving": {"software": "vllm-0.5"},
             "power": {"idleWatts": 80, "busyActivity": 0.35, "networkActivity": 0.2,
                       "computeWeight": 1.1, "memoryWeight": 0.6,
                       "powerCapWatts": 500, "serverOverheadWattsPerGpu": 150,
                       "serverOverheadFraction": 0.1},
             "hosting": {"type": "cloud", "offering": "gcp/A3-HIGHGPU-8G",
                         "pricePerGpuHourUsd": 9.5, "embodiedKgCo2ePerGpu": 200}},
            {"name": "lab", "model": "llama-3.1-8b", "hardware": {"gpu": "a100_sxm_80"},
             "hosting": {"type": "onPremises", "purchasePricePerNodeUsd": 199000,
                         "gpusPerNode": 8, "amortizationYears": 4,
                         "operationsFractionOfCapexPerYear": 0.1, "operationsUsdPerYear": 5000,
                         "embodiedKgCo2ePerNode": 2500, "hardwareLifetimeYears": 6}},
            {"name": "spot", "model": "llama-3.1-8b", "hardware": {"gpu": "a100_pcie_80"},
             "hosting": {"pricePerGpuHourUsd": 1.19, "priceType": "spot"}},
            {"name": "owned", "model": "llama-3.1-8b", "hardware": {"gpu": "h100_sxm"},
             "hosting": {"type": "onPremises", "offering": "AWS/p5.48xlarge",
                         "purchasePricePerGpuUsd": 30000}}],
        "region": {"id": "fra", "pue": 1.2, "electricityPricePerKwhUsd": 0.15,
                   "hourlyCarbonMultipliers": [1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2,
                                               3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 0, 0.5]}})"));
    QTest::newRow("region given by its intensity")
            << q(patched(R"({"region": {"carbonIntensityGramsPerKwh": 123.4, "pue": 1.1}})"));
    QTest::newRow("region label with an intensity")
            << q(patched(R"({"region": {"id": "my-site", "carbonIntensityGramsPerKwh": 50}})"));
}

void TestScenarioJson::roundTrip()
{
    QFETCH(QString, json);
    const Scenario first = parseScenarioJson(json.toStdString(), catalog());
    const std::string written = toJson(first, catalog());
    Scenario second;
    const QString error = errorText([&] { second = parseScenarioJson(written, catalog()); });
    QVERIFY2(error.isEmpty(), qPrintable(error + "\n" + q(written)));
    compareScenarios(first, second);
    if (QTest::currentTestFailed())
        return;
    // Writing is stable: the second pass writes the same text.
    QCOMPARE(q(toJson(second, catalog())), q(written));

    // Every key is written, so the file describes itself.
    const nlohmann::json out = nlohmann::json::parse(written);
    for (const char *key : {"version", "name", "description", "seed", "simulation", "workload",
                            "deployments", "routing", "cache", "region", "slo"})
        QVERIFY2(out.contains(key), key);
    for (const nlohmann::json &deployment : out["deployments"]) {
        if (deployment.value("kind", "selfHosted") == "api") {
            QVERIFY(deployment["api"].contains("outputTokensPerSecond"));
            continue;
        }
        QVERIFY(deployment["performance"].contains("computeEfficiency"));
        QVERIFY(deployment["power"].contains("powerCapWatts"));
        QVERIFY(deployment["hosting"].contains("embodiedKgCo2ePerGpu"));
        QVERIFY(deployment["serving"].contains("software"));
    }
    QVERIFY(out["workload"]["classes"][0].contains("cacheHitRate"));
    QVERIFY(out["simulation"].contains("maxRequests"));
}

void TestScenarioJson::catalogOverride()
{
    const std::string json = patched(R"({"deployments": [{
        "model": {"catalog": "meta-llama/Llama-3.1-8B-Instruct", "layers": 40},
        "hardware": {"gpu": {"catalog": "h100_sxm", "memoryGb": 94}}}]})");
    const Scenario scenario = parseScenarioJson(json, catalog());
    const tw::model::ModelSpec *base = catalog().findModel("llama-3.1-8b");
    QVERIFY(base);
    const tw::model::ModelSpec &model = scenario.deployments.at(0).model;
    QCOMPARE(q(model.id), QStringLiteral("llama-3.1-8b"));
    QCOMPARE(model.layers, 40);
    QCOMPARE(model.hiddenSize, base->hiddenSize);
    TW_COMPARE_EXACT(model.totalParams, base->totalParams);
    TW_COMPARE_EXACT(scenario.deployments.at(0).hardware.gpu.memoryGb, 94.0);
    TW_COMPARE_EXACT(scenario.deployments.at(0).hardware.gpu.tdpWatts,
                     catalog().findGpu("h100_sxm")->tdpWatts);

    // Written back as the id plus only the changed fields.
    const nlohmann::json out = nlohmann::json::parse(toJson(scenario, catalog()));
    const nlohmann::json expectedModel = {{"catalog", "llama-3.1-8b"}, {"layers", 40}};
    const nlohmann::json expectedGpu = {{"catalog", "h100_sxm"}, {"memoryGb", 94}};
    QCOMPARE(q(out["deployments"][0]["model"].dump()), q(expectedModel.dump()));
    QCOMPARE(q(out["deployments"][0]["hardware"]["gpu"].dump()), q(expectedGpu.dump()));

    // Unchanged catalog entries are written as their id.
    const nlohmann::json plain
            = nlohmann::json::parse(toJson(parseScenarioJson(patched({}), catalog()), catalog()));
    QCOMPARE(q(plain["deployments"][0]["model"].dump()), QStringLiteral("\"llama-3.1-8b\""));
    QCOMPARE(q(plain["deployments"][0]["hardware"]["gpu"].dump()), QStringLiteral("\"h100_sxm\""));
}

void TestScenarioJson::catalogReferences()
{
    const std::string json = patched(R"({
        "workload": {"classes": [{"name": "chat", "cacheHitRate": 0.4,
                                  "promptTokens": {"type": "fixed", "value": 100},
                                  "outputTokens": {"type": "fixed", "value": 10}}]},
        "deployments": [
            {"model": "llama-3.1-8b", "hardware": {"gpu": "h100_sxm"},
             "hosting": {"offering": "aws/P5.48XLARGE"}},
            {"name": "remote", "kind": "api", "api": {"catalog": "openai/GPT-3.5-turbo-1106"}}],
        "region": {"id": "fra", "hourlyCarbonMultipliers": [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
                                                            4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4]}
    })");
    const Scenario s = parseScenarioJson(json, catalog());

    // Keys are matched without regard to case and kept in the catalog's spelling.
    const HostingSpec &hosting = s.deployments.at(0).hosting;
    QCOMPARE(int(hosting.kind), int(HostingKind::Cloud));
    QCOMPARE(q(hosting.offering), QStringLiteral("AWS/p5.48xlarge"));
    TW_COMPARE_EXACT(hosting.pricePerGpuHourUsd, 12.29);
    QCOMPARE(q(hosting.priceType), QStringLiteral("on-demand"));

    const Deployment &remote = s.deployments.at(1);
    QCOMPARE(int(remote.kind), int(DeploymentKind::Api));
    QCOMPARE(q(remote.api.provider), QStringLiteral("OpenAI"));
    QCOMPARE(q(remote.api.model), QStringLiteral("gpt-3.5-turbo-1106"));
    TW_COMPARE_EXACT(remote.api.inputUsdPerMillionTokens, 1.0);
    TW_COMPARE_EXACT(remote.api.outputUsdPerMillionTokens, 2.0);

    QCOMPARE(q(s.region.regionId), QStringLiteral("FRA"));
    TW_COMPARE_EXACT(s.region.carbonIntensityGramsPerKwh, 56.0);
    QVERIFY(s.region.hourlyCarbonProfile);
    TW_COMPARE_REL(s.region.hourlyCarbonMultipliers[0], 2.0 / 3.0, 1e-15);
    TW_COMPARE_REL(s.region.hourlyCarbonMultipliers[23], 4.0 / 3.0, 1e-15);
    TW_COMPARE_EXACT(s.workload.classes.at(0).cacheHitRate, 0.4);

    // Written back as references, with only what the catalog does not say.
    const nlohmann::json out = nlohmann::json::parse(toJson(s, catalog()));
    const nlohmann::json &hostingJson = out["deployments"][0]["hosting"];
    QCOMPARE(q(hostingJson["offering"].get<std::string>()), QStringLiteral("AWS/p5.48xlarge"));
    QVERIFY2(!hostingJson.contains("pricePerGpuHourUsd"), hostingJson.dump().c_str());
    QVERIFY2(!hostingJson.contains("priceType"), hostingJson.dump().c_str());
    const nlohmann::json expectedApi = {{"catalog", "OpenAI/gpt-3.5-turbo-1106"},
                                        {"cachedInputShare", 0},
                                        {"cachedInputDiscount", 0.5},
                                        {"batchShare", 0},
                                        {"batchDiscount", 0.5},
                                        {"ttftSeconds", 0.5},
                                        {"outputTokensPerSecond", 80}};
    QCOMPARE(q(out["deployments"][1]["api"].dump()), q(expectedApi.dump()));
    // An api deployment has nothing else.
    const nlohmann::ordered_json ordered = nlohmann::ordered_json::parse(toJson(s, catalog()));
    std::vector<std::string> remoteKeys;
    for (const auto &item : ordered["deployments"][1].items())
        remoteKeys.push_back(item.key());
    QCOMPARE(q(nlohmann::json(remoteKeys).dump()), QStringLiteral(R"(["name","kind","api"])"));
    QCOMPARE(q(out["region"]["id"].get<std::string>()), QStringLiteral("FRA"));
    QVERIFY2(!out["region"].contains("carbonIntensityGramsPerKwh"), out["region"].dump().c_str());

    // A price that differs from the catalog's is written next to the reference.
    Scenario changed = s;
    changed.deployments[0].hosting.pricePerGpuHourUsd = 9.0;
    changed.deployments[1].api.outputUsdPerMillionTokens = 1.5;
    const nlohmann::json changedOut = nlohmann::json::parse(toJson(changed, catalog()));
    QCOMPARE(changedOut["deployments"][0]["hosting"]["pricePerGpuHourUsd"].get<double>(), 9.0);
    QCOMPARE(changedOut["deployments"][1]["api"]["outputUsdPerMillionTokens"].get<double>(), 1.5);
    QVERIFY(!changedOut["deployments"][1]["api"].contains("inputUsdPerMillionTokens"));
}

namespace {

/// The keys named in the first cell of the table rows of @p section ("| `low`, `high` | ...").
std::set<std::string> tableKeys(const std::string &section)
{
    std::set<std::string> keys;
    std::istringstream lines(section);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind("| `", 0) != 0)
            continue;
        const std::string cell = line.substr(1, line.find('|', 1) - 1);
        for (std::size_t open = cell.find('`'); open != std::string::npos;) {
            const std::size_t close = cell.find('`', open + 1);
            keys.insert(cell.substr(open + 1, close - open - 1));
            open = cell.find('`', close + 1);
        }
    }
    return keys;
}

} // namespace

void TestScenarioJson::retiredPowerKeysAreReadAndDropped()
{
    // Files saved before 2026-12-07 hold the per-phase power weights of the old power model
    // (tests/core/data/workbooks/schema-v1.sql has them): they read without a complaint, take
    // no effect, and are not written again.
    const Scenario s = parseScenarioJson(
            patched(R"({"deployments": [{"model": "llama-3.1-8b", "hardware": {"gpu": "h100_sxm"},
                          "power": {"prefillComputeWeight": 1.5, "prefillMemoryWeight": 0.99,
                                    "decodeComputeWeight": 1.5, "decodeMemoryWeight": 0.99}}]})"),
            catalog());
    const Deployment &d = s.deployments.at(0);
    const tw::calibration::CalibratedDefaults vllm
            = tw::calibration::defaultsFor(d.hardware.gpu, "vllm");
    QVERIFY(d.power == vllm.power);
    const std::string written = toJson(s, catalog());
    QVERIFY(written.find("prefillComputeWeight") == std::string::npos);
    QVERIFY(written.find("decodeMemoryWeight") == std::string::npos);
    // A misspelt current key is still an error.
    QVERIFY_THROWS_EXCEPTION(tw::InputError,
                             parseScenarioJson(patched(R"({"deployments": [{"model": "llama-3.1-8b",
                                 "hardware": {"gpu": "h100_sxm"},
                                 "power": {"computeWieght": 1.0}}]})"),
                                               catalog()));
}

void TestScenarioJson::documentedKeysMatchTheSchema()
{
    // Every key each object accepts (detail::keysOf, built from the field tables) has a row in
    // its section of docs/scenario-format.md, and every row names a key the reader accepts: a
    // parameter added to the schema without its documentation, or documentation left behind
    // by a removed one, fails here.
    using tw::scenario::detail::keysOf;
    using tw::scenario::detail::Node;
    std::ifstream file(kSourceDir + "/docs/scenario-format.md");
    const std::string doc((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    QVERIFY(!doc.empty());
    const auto section = [&](const std::string &heading) {
        const std::size_t start = doc.find("\n" + heading + "\n");
        if (start == std::string::npos)
            return std::string();
        const std::size_t end = doc.find("\n#", start + heading.size() + 2);
        return doc.substr(start, end - start);
    };
    // Keys documented in prose rather than in the section's table.
    const std::set<std::string> inProse{"catalog"};
    const std::vector<std::pair<std::string, std::vector<Node>>> sections{
            {"## Top level", {Node::Root}},
            {"## simulation", {Node::Simulation}},
            {"## workload", {Node::Workload}},
            {"### workload.arrival", {Node::Arrival}},
            {"#### Diurnal pattern", {Node::Diurnal}},
            {"### workload.classes[i]", {Node::Class}},
            {"#### Token-count distributions", {Node::Length}},
            {"## deployments[i]", {Node::Deployment}},
            {"### deployments[i].hardware", {Node::Hardware}},
            {"### deployments[i].serving", {Node::Serving}},
            {"### deployments[i].performance", {Node::Performance}},
            {"### deployments[i].power", {Node::Power}},
            {"### deployments[i].hosting", {Node::Hosting}},
            {"### deployments[i].autoscaling", {Node::Autoscaling}},
            {"### deployments[i].overflow", {Node::Overflow}},
            {"### deployments[i].api", {Node::Api}},
            {"## routing", {Node::Rule, Node::Route}},
            {"## cache", {Node::Cache}},
            {"## region", {Node::Region}},
            {"## prices", {Node::Prices}},
            {"## slo", {Node::Slo}},
            {"## Models and GPUs", {Node::Model, Node::Gpu}},
    };
    for (const auto &[heading, nodes] : sections) {
        const std::string text = section(heading);
        QVERIFY2(!text.empty(), heading.c_str());
        const std::set<std::string> documented = tableKeys(text);
        std::set<std::string> accepted;
        for (const Node node : nodes) {
            for (const auto &key : keysOf(node)) {
                const std::string name(key.name);
                accepted.insert(name);
                const bool found = documented.count(name) > 0
                                   || (inProse.count(name) > 0
                                       && text.find('"' + name + '"') != std::string::npos);
                QVERIFY2(found, (heading + ": no row for `" + name + "`").c_str());
            }
        }
        for (const std::string &name : documented)
            QVERIFY2(accepted.count(name) > 0,
                     (heading + ": documents `" + name + "`, which is not read").c_str());
    }
    // The scenario-wide seed is read at the top level, as documented there; the simulation
    // section documents the other run settings.
    QVERIFY(tableKeys(section("## Top level")).count("seed") == 1);
}

void TestScenarioJson::calibratedDefaults()
{
    // Without performance or power keys a deployment takes the calibrated parameters for its
    // GPU and serving software.
    const Scenario plain = parseScenarioJson(patched({}), catalog());
    const Deployment &d = plain.deployments.at(0);
    const tw::calibration::CalibratedDefaults vllm
            = tw::calibration::defaultsFor(d.hardware.gpu, "vllm");
    TW_COMPARE_EXACT(d.performance.computeEfficiency, vllm.performance.computeEfficiency);
    TW_COMPARE_EXACT(d.performance.memoryEfficiency, vllm.performance.memoryEfficiency);
    TW_COMPARE_EXACT(d.performance.iterationOverheadSeconds,
                     vllm.performance.iterationOverheadSeconds);
    TW_COMPARE_EXACT(d.performance.perLayerOverheadSeconds,
                     vllm.performance.perLayerOverheadSeconds);
    TW_COMPARE_EXACT(d.power.idleWatts, vllm.power.idleWatts);
    TW_COMPARE_EXACT(d.power.busyActivity, vllm.power.busyActivity);
    TW_COMPARE_EXACT(d.power.computeWeight, vllm.power.computeWeight);
    TW_COMPARE_EXACT(d.power.memoryWeight, vllm.power.memoryWeight);

    // Explicit keys override field by field; the software name is matched without regard to
    // case.
    const Scenario some = parseScenarioJson(
            patched(R"({"deployments": [{"model": "llama-3.1-8b", "hardware": {"gpu": "h100_sxm"},
                          "serving": {"software": "VLLM-0.5"},
                          "performance": {"memoryEfficiency": 0.5},
                          "power": {"memoryWeight": 0.25}}]})"),
            catalog());
    const Deployment &e = some.deployments.at(0);
    const tw::calibration::CalibratedDefaults old
            = tw::calibration::defaultsFor(e.hardware.gpu, "vllm-0.5");
    TW_COMPARE_EXACT(e.performance.memoryEfficiency, 0.5);
    TW_COMPARE_EXACT(e.performance.computeEfficiency, old.performance.computeEfficiency);
    TW_COMPARE_EXACT(e.performance.iterationOverheadSeconds,
                     old.performance.iterationOverheadSeconds);
    TW_COMPARE_EXACT(e.power.memoryWeight, 0.25);
    TW_COMPARE_EXACT(e.power.computeWeight, old.power.computeWeight);

    // Every field is written, so the file reads back the same whatever the calibration says.
    const nlohmann::json out = nlohmann::json::parse(toJson(some, catalog()));
    QCOMPARE(out["deployments"][0]["performance"].size(), std::size_t(9));
    QCOMPARE(out["deployments"][0]["power"].size(), std::size_t(8));
}

void TestScenarioJson::badInput_data()
{
    QTest::addColumn<QString>("raw");   // the whole file, when set
    QTest::addColumn<QString>("patch"); // else a merge patch on the minimal scenario
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<int>("issues"); // -1: any number

    const auto deployments = [](const char *inner) {
        return QStringLiteral(R"({"deployments": [%1]})").arg(QLatin1String(inner));
    };
    const auto classes = [](const char *inner) {
        return QStringLiteral(R"({"workload": {"classes": [%1]}})").arg(QLatin1String(inner));
    };
    const char *goodClass = R"({"name": "a", "promptTokens": {"type": "fixed", "value": 1},
                                "outputTokens": {"type": "fixed", "value": 1}})";

    QTest::newRow("malformed JSON")
            << QStringLiteral("{\n  \"version\": 1,\n  \"name\": ,\n}") << QString()
            << QStringList{"malformed JSON at line 3, column 11: syntax error"} << 1;
    QTest::newRow("not an object") << QStringLiteral("[1, 2]") << QString()
                                   << QStringList{"expected a JSON object at the top level, got "
                                                  "an array"}
                                   << 1;
    QTest::newRow("duplicate key")
            << QStringLiteral(R"({"version": 1, "slo": {"ttftSeconds": 1, "ttftSeconds": 2}})")
            << QString() << QStringList{"slo.ttftSeconds: duplicate key"} << -1;
    QTest::newRow("missing version")
            << QString() << QStringLiteral(R"({"version": null})")
            << QStringList{"version: required key is missing (this build reads format 1)"} << 1;
    QTest::newRow("newer version")
            << QString() << QStringLiteral(R"({"version": 2, "bogus": true})")
            << QStringList{"version: this file was written by a newer TokenWatt (format 2); this "
                           "build reads format 1"}
            << 1;
    QTest::newRow("older version") << QString() << QStringLiteral(R"({"version": 0})")
                                   << QStringList{"version: must be 1, got 0"} << 1;
    QTest::newRow("unknown key with suggestion")
            << QString() << QStringLiteral(R"({"workload": {"arrival": {"ratePerSec": 3}}})")
            << QStringList{"workload.arrival.ratePerSec: unknown key (did you mean "
                           "'ratePerSecond'?)"}
            << 1;
    QTest::newRow("unknown top-level key") << QString() << QStringLiteral(R"({"slos": {}})")
                                           << QStringList{"slos: unknown key (did you mean "
                                                          "'slo'?)"}
                                           << 1;
    QTest::newRow("wrong type")
            << QString()
            << QStringLiteral(R"({"workload": {"arrival": {"ratePerSecond": "fast"}}})")
            << QStringList{"workload.arrival.ratePerSecond: expected a number, got a string "
                           "(\"fast\")"}
            << 1;
    QTest::newRow("wrong type for an object")
            << QString() << QStringLiteral(R"({"slo": 2})")
            << QStringList{"slo: expected an object, got a number (2)"} << 1;
    QTest::newRow("out of range")
            << QString() << QStringLiteral(R"({"workload": {"arrival": {"ratePerSecond": -3}}})")
            << QStringList{"workload.arrival.ratePerSecond: must be > 0 and <= 1000000 "
                           "requests/s, got -3"}
            << 1;
    QTest::newRow("replicas out of range")
            << QString() << deployments(R"({"model": "llama-3.1-8b", "hardware": {"gpu": "h100_sxm",
                                                                     "replicas": 0}})")
            << QStringList{"deployments[0].hardware.replicas: must be between 1 and 10000, got 0"}
            << 1;
    QTest::newRow("efficiency out of range")
            << QString()
            << deployments(R"({"model": "llama-3.1-8b", "hardware": {"gpu": "h100_sxm"},
                               "performance": {"memoryEfficiency": 1.2}})")
            << QStringList{"deployments[0].performance.memoryEfficiency: must be > 0 and <= 1, "
                           "got 1.2"}
            << 1;
    QTest::newRow("unknown model id")
            << QString()
            << deployments(R"({"model": "lama-3.1-70b", "hardware": {"gpu": "h100_sxm"}})")
            << QStringList{"deployments[0].model: unknown model 'lama-3.1-70b' (did you mean "
                           "'llama-3.1-70b'"}
            << 1;
    QTest::newRow("unknown catalog model in override")
            << QString() << deployments(R"({"model": {"catalog": "llama-3.1-8bb", "layers": 3},
                               "hardware": {"gpu": "h100_sxm"}})")
            << QStringList{"deployments[0].model.catalog: unknown model 'llama-3.1-8bb' (did you "
                           "mean 'llama-3.1-8b'"}
            << 1;
    QTest::newRow("attention layout the engine cannot represent")
            << QString() << deployments(R"({"model": {"catalog": "llama-3.1-8b",
                                         "attentionLayout": "16*linear+16*full"},
                               "hardware": {"gpu": "h100_sxm"}})")
            << QStringList{"deployments[0].model.attentionLayout: \"linear\" is not a layer kind "
                           "the engine can simulate in \"16*linear+16*full\""}
            << 1;
    QTest::newRow("attention layout counts")
            << QString() << deployments(R"({"model": {"catalog": "llama-3.1-8b",
                                         "attentionLayout": "24*window(4096)+4*full"},
                               "hardware": {"gpu": "h100_sxm"}})")
            << QStringList{"deployments[0].model.attentionLayout: the counts add up to 28, not "
                           "the model's 32 layers"}
            << 1;
    QTest::newRow("unknown GPU id")
            << QString()
            << deployments(R"({"model": "llama-3.1-8b", "hardware": {"gpu": "h100_sx"}})")
            << QStringList{"deployments[0].hardware.gpu: unknown GPU 'h100_sx' (did you mean "
                           "'h100_sxm'"}
            << 1;
    QTest::newRow("GPU id prefix")
            << QString() << deployments(R"({"model": "llama-3.1-8b", "hardware": {"gpu": "H100"}})")
            << QStringList{"deployments[0].hardware.gpu: unknown GPU 'H100' (did you mean "
                           "'h100_sxm', 'h100_pcie' or 'h100_nvl'?)"}
            << 1;
    QTest::newRow("incomplete inline model")
            << QString()
            << deployments(R"({"model": {"totalParams": 7e9, "activeParams": 7e9, "layers": 32,
                               "hiddenSize": 4096, "intermediateSize": 11008, "attentionHeads": 32,
                               "kvHeads": 32, "headDim": 128},
                               "hardware": {"gpu": "h100_sxm"}})")
            << QStringList{"deployments[0].model: an inline model needs every architecture field; "
                           "missing vocabSize (or start from a catalog model with \"catalog\")"}
            << 1;
    QTest::newRow("non-integer integer")
            << QString() << deployments(R"({"model": "llama-3.1-8b", "hardware": {"gpu": "h100_sxm",
                                                                     "gpusPerReplica": 1.5}})")
            << QStringList{"deployments[0].hardware.gpusPerReplica: must be a whole number, got "
                           "1.5"}
            << 1;
    QTest::newRow("non-integer token count")
            << QString() << classes(R"({"promptTokens": {"type": "fixed", "value": 100.5},
                           "outputTokens": {"type": "fixed", "value": 10}})")
            << QStringList{"workload.classes[0].promptTokens.value: must be a whole number, got "
                           "100.5"}
            << 1;
    QTest::newRow("tensor parallelism that does not split the heads")
            << QString() << deployments(R"({"model": "llama-3.1-8b", "hardware": {"gpu": "h100_sxm",
                                                                     "gpusPerReplica": 3}})")
            << QStringList{"deployments[0].hardware.gpusPerReplica: must divide the model's 32 "
                           "attention heads"}
            << 1;
    QTest::newRow("pipeline stages that do not split the GPUs")
            << QString() << deployments(R"({"model": "llama-3.1-8b", "hardware": {"gpu": "h100_sxm",
                                                                     "gpusPerReplica": 4,
                                                                     "pipelineStages": 3}})")
            << QStringList{"deployments[0].hardware.pipelineStages: must divide gpusPerReplica "
                           "(4; each stage has the same number of tensor-parallel GPUs), got 3"}
            << 1;
    QTest::newRow("a replica across nodes of a GPU without a network figure")
            << QString() << deployments(R"({"model": "llama-3.1-70b", "hardware": {"gpu": "l40s",
                                                                     "gpusPerReplica": 16,
                                                                     "pipelineStages": 2}})")
            << QStringList{"deployments[0].hardware.gpu.scaleOutGbPerSec: is needed: a replica of "
                           "16 GPUs spans nodes of 8"}
            << 1;
    QTest::newRow("warmup not below horizon")
            << QString()
            << QStringLiteral(R"({"simulation": {"horizonSeconds": 100, "warmupSeconds": 100}})")
            << QStringList{"simulation.warmupSeconds: must be < horizonSeconds (100 s), got 100"}
            << 1;
    QTest::newRow("class naming a missing deployment")
            << QString()
            << classes(R"({"deployment": "mian", "promptTokens": {"type": "fixed", "value": 1},
                           "outputTokens": {"type": "fixed", "value": 1}})")
            << QStringList{"workload.classes[0].deployment: no deployment is named 'mian' (did "
                           "you mean 'main'?)"}
            << 1;
    QTest::newRow("duplicate deployment names")
            << QString()
            << deployments(R"({"model": "llama-3.1-8b", "hardware": {"gpu": "h100_sxm"}},
                              {"model": "llama-3.1-70b", "hardware": {"gpu": "h100_sxm"}})")
            << QStringList{"deployments[1].name: duplicate deployment name 'main'"} << 1;
    QTest::newRow("no deployments") << QString() << QStringLiteral(R"({"deployments": []})")
                                    << QStringList{"deployments: must hold at least one "
                                                   "deployment"}
                                    << 1;
    QTest::newRow("missing distribution")
            << QString() << classes(R"({"promptTokens": {"type": "fixed", "value": 1}})")
            << QStringList{"workload.classes[0].outputTokens: required key is missing"} << 1;
    QTest::newRow("lognormal cv of 0 in the second class")
            << QString()
            << classes((std::string(goodClass) + R"(, {"name": "b",
                        "promptTokens": {"type": "lognormal", "mean": 100, "cv": 0},
                        "outputTokens": {"type": "fixed", "value": 1}})")
                               .c_str())
            << QStringList{"workload.classes[1].promptTokens.cv: must be > 0 and <= 100, got 0"}
            << 1;
    QTest::newRow("lognormal without its parameters")
            << QString() << classes(R"({"promptTokens": {"type": "lognormal"},
                           "outputTokens": {"type": "fixed", "value": 1}})")
            << QStringList{"workload.classes[0].promptTokens.mean: required key is missing "
                           "(needed by type lognormal)",
                           "workload.classes[0].promptTokens.cv: required key is missing"}
            << 2;
    QTest::newRow("uniform low above high")
            << QString() << classes(R"({"promptTokens": {"type": "uniform", "low": 50, "high": 10},
                           "outputTokens": {"type": "fixed", "value": 1}})")
            << QStringList{"workload.classes[0].promptTokens.high: must be >= low (50), got 10"}
            << 1;
    QTest::newRow("max below min")
            << QString()
            << classes(R"({"promptTokens": {"type": "fixed", "value": 5, "min": 10, "max": 5},
                           "outputTokens": {"type": "fixed", "value": 1}})")
            << QStringList{"workload.classes[0].promptTokens.max: must be 0 (no bound) or >= min "
                           "(10), got 5"}
            << 1;
    QTest::newRow("unknown arrival type")
            << QString() << QStringLiteral(R"({"workload": {"arrival": {"type": "posson"}}})")
            << QStringList{"workload.arrival.type: must be one of poisson, gamma, trace, "
                           "closedLoop, got \"posson\" (did you mean 'poisson'?)"}
            << 1;
    QTest::newRow("missing arrival type")
            << QString() << QStringLiteral(R"({"workload": {"arrival": {"type": null}}})")
            << QStringList{"workload.arrival.type: required key is missing (one of poisson, "
                           "gamma, trace, closedLoop)"}
            << 1;
    QTest::newRow("unknown precision")
            << QString() << deployments(R"({"model": "llama-3.1-8b", "weightPrecision": "fp6",
                               "hardware": {"gpu": "h100_sxm"}})")
            << QStringList{"deployments[0].weightPrecision: must be one of bf16, fp16, fp8, int8, "
                           "int4, got \"fp6\""}
            << 1;
    QTest::newRow("both diurnal forms")
            << QString()
            << QStringLiteral(R"({"workload": {"arrival": {"diurnal": {"peakToTrough": 2,
                                  "hourlyMultipliers": [1]}}}})")
            << QStringList{"workload.arrival.diurnal: give either hourlyMultipliers, or "
                           "peakToTrough with peakHour, not both"}
            << 1;
    QTest::newRow("23 hourly multipliers")
            << QString()
            << QStringLiteral(R"({"workload": {"arrival": {"diurnal": {"hourlyMultipliers":
                   [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}}}})")
            << QStringList{"workload.arrival.diurnal.hourlyMultipliers: must hold 24 numbers "
                           "(hours 00:00 to 23:00), got 23"}
            << 1;
    QTest::newRow("peak-to-trough below 1")
            << QString()
            << QStringLiteral(R"({"workload": {"arrival": {"diurnal": {"peakToTrough": 0.5}}}})")
            << QStringList{"workload.arrival.diurnal.peakToTrough: must be between 1 and 1000, "
                           "got 0.5"}
            << 1;
    QTest::newRow("trace without a file")
            << QString() << QStringLiteral(R"({"workload": {"arrival": {"type": "trace"}}})")
            << QStringList{"workload.arrival.file: a trace arrival needs the path"} << 1;
    QTest::newRow("trace file missing")
            << QString() << QStringLiteral(R"({"workload": {"arrival": {"type": "trace",
                                                            "file": "/nonexistent/t.csv"}}})")
            << QStringList{"workload.arrival.file: cannot open /nonexistent/t.csv: No such file"}
            << 1;
    QTest::newRow("negative seed") << QString() << QStringLiteral(R"({"seed": -1})")
                                   << QStringList{"seed: must be a whole number between 0 and "
                                                  "18446744073709551615, got -1"}
                                   << 1;

    // The sections added with costs, energy and routing.
    const char *selfHosted = R"({"name": "main", "model": "llama-3.1-8b",
                                 "hardware": {"gpu": "h100_sxm"}})";
    const auto withApi = [&](const char *api) {
        return QStringLiteral(R"({"deployments": [%1, {"name": "remote", "kind": "api", %2}]})")
                .arg(QLatin1String(selfHosted), QLatin1String(api));
    };
    QTest::newRow("unknown api catalog entry")
            << QString() << withApi(R"("api": {"catalog": "OpenAI/gpt-3.5-turbo-1107"})")
            << QStringList{"deployments[1].api.catalog: unknown API model "
                           "'OpenAI/gpt-3.5-turbo-1107' (did you mean "
                           "'OpenAI/gpt-3.5-turbo-1106'"}
            << 1;
    QTest::newRow("api deployment with hardware keys")
            << QString() << withApi(R"("api": {"catalog": "OpenAI/gpt-3.5-turbo-1106"},
                          "hardware": {"gpu": "h100_sxm"}, "hosting": {"pricePerGpuHourUsd": 2})")
            << QStringList{"deployments[1].hardware: an api deployment has no hardware: the "
                           "provider serves the model (remove the key, or set \"kind\": "
                           "\"selfHosted\")",
                           "deployments[1].hosting: an api deployment has no hosting"}
            << 2;
    QTest::newRow("api deployment without api")
            << QString() << withApi(R"("name": "remote")")
            << QStringList{"deployments[1].api: required key is missing (a catalog entry such "
                           "as {\"catalog\": \"OpenAI/gpt-4o-mini-2024-07-18\"}"}
            << 1;
    QTest::newRow("inline api without prices")
            << QString() << withApi(R"("api": {"provider": "Lab", "model": "m1",
                                               "inputUsdPerMillionTokens": 1})")
            << QStringList{"deployments[1].api: an api without a catalog entry needs its prices; "
                           "missing outputUsdPerMillionTokens"}
            << 1;
    QTest::newRow("api catalog entry without a price")
            << QString() << withApi(R"("api": {"catalog": "Fireworks/llama-v3p1-70b-instruct"})")
            << QStringList{"deployments[1].api.catalog: the catalog has no price for "
                           "'Fireworks/llama-v3p1-70b-instruct'; give inputUsdPerMillionTokens "
                           "and outputUsdPerMillionTokens"}
            << 1;
    QTest::newRow("api settings on a self-hosted deployment")
            << QString()
            << deployments(R"({"model": "llama-3.1-8b", "hardware": {"gpu": "h100_sxm"},
                               "api": {"catalog": "OpenAI/gpt-3.5-turbo-1106"}})")
            << QStringList{"deployments[0].api: applies only to a deployment of kind api"} << 1;
    QTest::newRow("unknown deployment kind")
            << QString() << deployments(R"({"kind": "remote", "model": "llama-3.1-8b",
                               "hardware": {"gpu": "h100_sxm"}})")
            << QStringList{"deployments[0].kind: must be one of selfHosted, api, got \"remote\""}
            << 1;
    QTest::newRow("route to a missing deployment")
            << QString() << QStringLiteral(R"({"routing": [{"routes": [{"deployment": "mian"}]}]})")
            << QStringList{"routing[0].routes[0].deployment: no deployment is named 'mian' (did "
                           "you mean 'main'?)"}
            << 1;
    QTest::newRow("rule without routes")
            << QString() << QStringLiteral(R"({"routing": [{"class": "chat", "routes": []}]})")
            << QStringList{"routing[0].routes: must hold at least one route"} << 1;
    QTest::newRow("route share of 0")
            << QString()
            << QStringLiteral(R"({"routing": [{"routes": [{"deployment": "main", "share": 0}]}]})")
            << QStringList{"routing[0].routes[0].share: must be > 0 and <= 1000000000, got 0"} << 1;
    QTest::newRow("rule for a missing class")
            << QString()
            << QStringLiteral(R"({"routing": [{"class": "caht", "routes": [{"deployment": "main"}]},
                                              {"complexity": "hard",
                                               "routes": [{"deployment": "main"}]}]})")
            << QStringList{"routing[0].class: no request class is named 'caht' (did you mean "
                           "'chat'?)",
                           "routing[1].complexity: no request class has complexity 'hard'"}
            << 2;
    QTest::newRow("cloud without a price")
            << QString()
            << deployments(R"({"model": "llama-3.1-8b", "hardware": {"gpu": "h100_sxm"},
                               "hosting": {"type": "cloud"}})")
            << QStringList{"deployments[0].hosting: a cloud deployment needs an offering or "
                           "pricePerGpuHourUsd > 0 (offerings for h100_sxm: 'AWS/p5.48xlarge', "
                           "'AWS/p5.48xlarge (EC2 Capacity Block)', 'GCP/a3-highgpu-8g')"}
            << 1;
    nlohmann::json unhosted = minimalScenario();
    unhosted["deployments"][0].erase("hosting");
    QTest::newRow("no hosting") << q(unhosted.dump()) << QString()
                                << QStringList{"deployments[0].hosting: required key is missing "
                                               "(how the GPUs are paid for, e.g. {\"type\": "
                                               "\"cloud\", \"offering\": \"AWS/p5.48xlarge\"}"}
                                << 1;
    QTest::newRow("unknown cloud offering")
            << QString()
            << deployments(R"({"model": "llama-3.1-8b", "hardware": {"gpu": "h100_sxm"},
                               "hosting": {"offering": "AWS/p5.48xlarg"}})")
            << QStringList{"deployments[0].hosting.offering: unknown cloud offering "
                           "'AWS/p5.48xlarg' (did you mean 'AWS/p5.48xlarge'"}
            << 1;
    QTest::newRow("offering for another GPU")
            << QString()
            << deployments(R"({"model": "llama-3.1-8b", "hardware": {"gpu": "h100_sxm"},
                               "hosting": {"offering": "AWS/p4d.24xlarge"}})")
            << QStringList{"deployments[0].hosting.offering: 'AWS/p4d.24xlarge' rents a100_sxm_40 "
                           "GPUs, but this deployment runs on h100_sxm (offerings for it: "
                           "'AWS/p5.48xlarge'"}
            << 1;
    QTest::newRow("on premises without a purchase price")
            << QString()
            << deployments(R"({"model": "llama-3.1-8b", "hardware": {"gpu": "h100_sxm"},
                               "hosting": {"type": "onPremises", "amortizationYears": 4}})")
            << QStringList{"deployments[0].hosting: an on-premises deployment needs "
                           "purchasePricePerGpuUsd or purchasePricePerNodeUsd > 0"}
            << 1;
    QTest::newRow("power cap below idle")
            << QString()
            << deployments(R"({"model": "llama-3.1-8b", "hardware": {"gpu": "h100_sxm"},
                               "power": {"idleWatts": 100, "powerCapWatts": 90}})")
            << QStringList{"deployments[0].power.powerCapWatts: must be 0 (no cap) or > the idle "
                           "power (100 W) and <= 2 x tdpWatts (1400 W), got 90"}
            << 1;
    QTest::newRow("power weight above 2")
            << QString()
            << deployments(R"({"model": "llama-3.1-8b", "hardware": {"gpu": "h100_sxm"},
                               "power": {"memoryWeight": 2.5}})")
            << QStringList{"deployments[0].power.memoryWeight: must be between 0 and 2, got "
                           "2.5"}
            << 1;
    QTest::newRow("unknown serving software")
            << QString()
            << deployments(R"({"model": "llama-3.1-8b", "hardware": {"gpu": "h100_sxm"},
                               "serving": {"software": "vllm-0.6"}})")
            << QStringList{"deployments[0].serving.software: must be one of vllm, vllm-0.5, "
                           "hf-generate, got \"vllm-0.6\" (did you mean"}
            << 1;
    QTest::newRow("bad region id")
            << QString() << QStringLiteral(R"({"region": {"id": "USAA"}})")
            << QStringList{"region.id: unknown grid region 'USAA' (did you mean 'USA'"} << 1;
    QTest::newRow("pue out of range")
            << QString() << QStringLiteral(R"({"region": {"pue": 0.9}})")
            << QStringList{"region.pue: must be between 1 and 3, got 0.9"} << 1;
    QTest::newRow("hourly carbon multipliers all 0")
            << QString() << QStringLiteral(R"({"region": {"hourlyCarbonMultipliers":
                   [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}})")
            << QStringList{"region.hourlyCarbonMultipliers: must not all be 0"} << 1;
    QTest::newRow("cacheHitRate above 1")
            << QString()
            << classes(R"({"cacheHitRate": 1.5, "promptTokens": {"type": "fixed", "value": 1},
                           "outputTokens": {"type": "fixed", "value": 1}})")
            << QStringList{"workload.classes[0].cacheHitRate: must be between 0 and 1, got 1.5"}
            << 1;
    QTest::newRow("cache latency negative")
            << QString() << QStringLiteral(R"({"cache": {"hitLatencySeconds": -1}})")
            << QStringList{"cache.hitLatencySeconds: must be between 0 and 3600 s, got -1"} << 1;
    QTest::newRow("several errors together")
            << QString()
            << QStringLiteral(R"({"workload": {"arrival": {"ratePerSecond": -1, "colour": "red"}},
                                  "deployments": [{"model": "llama-3.1-8b",
                                                   "hardware": {"gpu": "h100_sxm", "replicas": 0}}],
                                  "slo": {"ttftSeconds": 0}})")
            << QStringList{"workload.arrival.ratePerSecond: must be > 0",
                           "workload.arrival.colour: unknown key",
                           "deployments[0].hardware.replicas: must be between 1 and 10000, got 0",
                           "slo.ttftSeconds: must be > 0 and <= 86400 s, got 0"}
            << 4;
}

void TestScenarioJson::badInput()
{
    QFETCH(QString, raw);
    QFETCH(QString, patch);
    QFETCH(QStringList, expected);
    QFETCH(int, issues);
    const std::string text = raw.isEmpty() ? patched(patch) : raw.toStdString();
    int count = 0;
    const QString error = errorText([&] { parseScenarioJson(text, catalog()); }, &count);
    QVERIFY2(!error.isEmpty(), "no InputError for an invalid scenario");
    for (const QString &part : expected)
        QVERIFY2(error.contains(part), qPrintable("missing: " + part + "\nin: " + error));
    if (issues >= 0)
        QVERIFY2(count == issues, qPrintable(QString::number(count) + " issues:\n" + error));
}

void TestScenarioJson::diurnal_data()
{
    QTest::addColumn<double>("peakToTrough");
    QTest::addColumn<int>("peakHour");
    QTest::newRow("default example, 3 at 14:00") << 3.0 << 14;
    QTest::newRow("flat") << 1.0 << 0;
    QTest::newRow("10 at 20:00") << 10.0 << 20;
    QTest::newRow("2 at 03:00") << 2.0 << 3;
}

void TestScenarioJson::diurnal()
{
    QFETCH(double, peakToTrough);
    QFETCH(int, peakHour);
    const std::array<double, 24> m
            = multipliersOf(QStringLiteral(R"({"peakToTrough": %1, "peakHour": %2})")
                                    .arg(peakToTrough)
                                    .arg(peakHour)
                                    .toStdString());
    double sum = 0.0;
    for (double value : m)
        sum += value;
    TW_COMPARE_REL(sum / 24.0, 1.0, 1e-14);
    const auto peak = std::size_t(peakHour);
    const std::size_t trough = (peak + 12) % 24;
    TW_COMPARE_REL(m[peak] / m[trough], peakToTrough, 1e-12);
    for (double value : m) {
        QVERIFY(value <= m[peak] * (1 + 1e-15));
        QVERIFY(value >= m[trough] * (1 - 1e-15));
    }
    // The cosine is symmetric about the peak.
    for (std::size_t k = 1; k < 12; ++k)
        TW_COMPARE_REL(m[(peak + k) % 24], m[(peak + 24 - k) % 24], 1e-12);
}

void TestScenarioJson::explicitHourlyMultipliers()
{
    // Any non-negative profile is scaled to mean 1, keeping its shape.
    const std::array<double, 24> m = multipliersOf(R"({"hourlyMultipliers":
            [2, 2, 2, 2, 2, 2, 4, 4, 4, 4, 4, 4, 6, 6, 6, 6, 6, 6, 0, 0, 0, 0, 0, 0]})");
    double sum = 0.0;
    for (double value : m)
        sum += value;
    TW_COMPARE_REL(sum / 24.0, 1.0, 1e-14);
    TW_COMPARE_REL(m[0], 2.0 / 3.0, 1e-14);
    TW_COMPARE_REL(m[12], 2.0, 1e-14);
    QCOMPARE(m[23], 0.0);

    // The default's cosine day has its peak hour and trough, and no rescaling on a round trip.
    const Scenario s = parseScenarioJson(findExample("default")->json, catalog());
    const std::array<double, 24> &d = s.workload.arrival.hourlyMultipliers;
    QCOMPARE(std::size_t(std::max_element(d.begin(), d.end()) - d.begin()), std::size_t(14));
    QCOMPARE(std::size_t(std::min_element(d.begin(), d.end()) - d.begin()), std::size_t(2));
    TW_COMPARE_REL(d[14] / d[2], 3.0, 1e-12);
}

void TestScenarioJson::traceFixture()
{
    // CRLF line ends, no newline after the last row, a year boundary and 100 ns resolution.
    const std::vector<TraceRecord> records = tw::workload::readAzureTrace(kFixture);
    QCOMPARE(records.size(), std::size_t(4));
    QCOMPARE(records[0].arrivalSeconds, 0.0);
    TW_COMPARE_REL(records[1].arrivalSeconds, 2.75, 1e-15);
    TW_COMPARE_REL(records[2].arrivalSeconds, 2.7500001, 1e-15);
    TW_COMPARE_REL(records[3].arrivalSeconds, 5.5, 1e-15);
    QCOMPARE(records[0].promptTokens, 374);
    QCOMPARE(records[0].outputTokens, 44);
    QCOMPARE(records[3].promptTokens, 14050);
    QCOMPARE(records[3].outputTokens, 1000);

    // LF line ends and a final newline read the same.
    const std::vector<TraceRecord> lf = tw::workload::parseAzureTrace(
            "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46,10,2\n"
            "2023-11-16 18:15:47.5,20,3\n",
            "lf.csv");
    QCOMPARE(lf.size(), std::size_t(2));
    TW_COMPARE_REL(lf[1].arrivalSeconds, 1.5, 1e-15);
    QCOMPARE(lf[1].outputTokens, 3);
}

void TestScenarioJson::traceErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    const QString header = QStringLiteral("TIMESTAMP,ContextTokens,GeneratedTokens\r\n");
    QTest::newRow("empty") << QString() << "t.csv:1: the file is empty";
    QTest::newRow("wrong header") << QStringLiteral("time,in,out\r\n1,2,3")
                                  << "t.csv:1: expected the header line "
                                     "TIMESTAMP,ContextTokens,GeneratedTokens, got 'time,in,out'";
    QTest::newRow("header only") << header << "t.csv:1: the trace has no requests";
    QTest::newRow("two fields") << header + "2023-11-16 18:15:46.68,12"
                                << "t.csv:2: expected 3 comma-separated fields";
    QTest::newRow("bad timestamp")
            << header + "2023-11-16 18:15:46.68,1,1\r\n2023-13-01 00:00:00,1,1"
            << "t.csv:3: TIMESTAMP must look like 2023-11-16 "
               "18:15:46.6805900, got '2023-13-01 00:00:00'";
    QTest::newRow("zero tokens") << header + "2023-11-16 18:15:46,0,5"
                                 << "t.csv:2: ContextTokens must be a whole number between 1";
    QTest::newRow("not a number") << header + "2023-11-16 18:15:46,5,x"
                                  << "t.csv:2: GeneratedTokens must be a whole number";
    QString manyBad = header;
    for (int i = 0; i < 25; ++i)
        manyBad += QStringLiteral("bad\r\n");
    QTest::newRow("many bad lines") << manyBad << "t.csv: and 5 more malformed lines";
    QTest::newRow("out of order") << header + "2023-11-16 18:15:46,5,5\r\n2023-11-16 18:15:45,5,5"
                                  << "t.csv:3: timestamps must not decrease";
}

void TestScenarioJson::traceErrors()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const std::string bytes = text.toStdString();
    const QString error = errorText([&] { tw::workload::parseAzureTrace(bytes, "t.csv"); });
    QVERIFY2(error.contains(expected), qPrintable(error));
}

void TestScenarioJson::bundledConvTrace()
{
    // Figures from the traces README of the shared reference data (computed from the published
    // file).
    const std::vector<TraceRecord> records = tw::workload::readAzureTrace(kConvTrace);
    QCOMPARE(records.size(), std::size_t(19'366));
    QCOMPARE(records.front().promptTokens, 374);
    QCOMPARE(records.front().outputTokens, 44);
    // 19:14:08.4025270 - 18:15:46.6805900
    TW_COMPARE_REL(records.back().arrivalSeconds, 3501.721937, 1e-12);
    long long context = 0;
    long long generated = 0;
    for (const TraceRecord &record : records) {
        context += record.promptTokens;
        generated += record.outputTokens;
    }
    QCOMPARE(context, 22'361'870LL);
    QCOMPARE(generated, 4'088'665LL);
}

void TestScenarioJson::traceScenario()
{
    // A relative path resolves against the base directory (the scenario file's folder).
    const std::string json = patched(R"({"workload": {"arrival": {"type": "trace",
                                          "file": "azure_trace_small.csv"}}})");
    const Scenario s = parseScenarioJson(json, catalog(), kSourceDir + "/tests/core/data");
    QVERIFY(s.workload.arrival.trace);
    QCOMPARE(s.workload.arrival.trace->size(), std::size_t(4));
    QCOMPARE(q(s.workload.arrival.traceFile), QStringLiteral("azure_trace_small.csv"));
    const nlohmann::json out = nlohmann::json::parse(toJson(s, catalog()));
    QCOMPARE(q(out["workload"]["arrival"]["file"].get<std::string>()),
             QStringLiteral("azure_trace_small.csv"));

    const QString error = errorText([&] { parseScenarioJson(json, catalog(), "/nonexistent"); });
    QVERIFY2(error.contains("cannot open /nonexistent/azure_trace_small.csv"), qPrintable(error));
}

void TestScenarioJson::loadFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string folder = dir.path().toStdString();
    {
        std::ifstream in(kFixture, std::ios::binary);
        std::ofstream out(folder + "/trace.csv", std::ios::binary);
        out << in.rdbuf();
        std::ofstream scenario(folder + "/s.json", std::ios::binary);
        scenario << patched(R"({"workload": {"arrival": {"type": "trace", "file": "trace.csv"}}})");
        std::ofstream bad(folder + "/bad.json", std::ios::binary);
        bad << patched(R"({"slo": {"ttftSeconds": -1}})");
    }
    const Scenario s = loadScenarioFile(folder + "/s.json", catalog());
    QCOMPARE(s.workload.arrival.trace->size(), std::size_t(4));

    QString error = errorText([&] { loadScenarioFile(folder + "/bad.json", catalog()); });
    QVERIFY2(error.startsWith(q(folder + "/bad.json: slo.ttftSeconds: must be > 0")),
             qPrintable(error));
    error = errorText([&] { loadScenarioFile(folder + "/none.json", catalog()); });
    QVERIFY2(error.startsWith(q("cannot open " + folder + "/none.json: No such file")),
             qPrintable(error));
}

void TestScenarioJson::withParameterSets_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<double>("value");
    QTest::newRow("nested") << "workload.arrival.ratePerSecond" << 9.5;
    QTest::newRow("indexed integer") << "deployments[0].hardware.replicas" << 3.0;
    QTest::newRow("class distribution") << "workload.classes[0].promptTokens.mean" << 1500.0;
    QTest::newRow("top level") << "seed" << 7.0;
    QTest::newRow("absent key with a default")
            << "deployments[0].performance.computeEfficiency" << 0.45;
    QTest::newRow("absent object") << "slo.tpotSeconds" << 0.05;
    QTest::newRow("field of a catalog model") << "deployments[0].model.layers" << 40.0;
    QTest::newRow("field of a catalog GPU") << "deployments[0].hardware.gpu.memoryGb" << 96.0;
    QTest::newRow("power cap") << "deployments[0].power.powerCapWatts" << 500.0;
    QTest::newRow("price over a catalog offering")
            << "deployments[0].hosting.pricePerGpuHourUsd" << 10.0;
    QTest::newRow("cache hit rate") << "workload.classes[0].cacheHitRate" << 0.5;
    QTest::newRow("absent section") << "cache.hitLatencySeconds" << 0.01;
    QTest::newRow("region") << "region.pue" << 1.2;
    QTest::newRow("grid intensity over a catalog region")
            << "region.carbonIntensityGramsPerKwh" << 100.0;
}

void TestScenarioJson::withParameterSets()
{
    QFETCH(QString, path);
    QFETCH(double, value);
    const std::string base = findExample("default")->json;
    const Scenario s = withParameter(base, path.toStdString(), value, catalog());
    const nlohmann::json out = nlohmann::json::parse(toJson(s, catalog()));
    const nlohmann::json &written = out.at(pointerFor(path));
    QCOMPARE(written.get<double>(), value);
    if (value == std::floor(value))
        QVERIFY2(written.is_number_integer(), written.dump().c_str());

    // Everything else is unchanged.
    Scenario expected = parseScenarioJson(base, catalog());
    QVERIFY(s.workload.classes.size() == expected.workload.classes.size());
    QCOMPARE(s.deployments.at(0).hardware.gpusPerReplica,
             expected.deployments.at(0).hardware.gpusPerReplica);
}

void TestScenarioJson::withParameterRejects_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown key")
            << "workload.arrival.ratePerSec" << 1.0
            << "workload.arrival.ratePerSec: no such parameter: 'ratePerSec' is not a key "
               "of workload.arrival (did you mean 'ratePerSecond'?)";
    QTest::newRow("unknown top-level key") << "horizonSeconds" << 1.0
                                           << "no such parameter: 'horizonSeconds' is not a key "
                                              "of the scenario";
    QTest::newRow("index out of range") << "deployments[3].hardware.replicas" << 1.0
                                        << "index 3 is out of range: deployments has 1 entries";
    QTest::newRow("index on an object") << "workload[0].arrival" << 1.0 << "workload is not a list";
    QTest::newRow("list without index")
            << "deployments.name" << 1.0 << "deployments is a list: give an index";
    QTest::newRow("an object") << "workload.arrival" << 1.0 << "is not a single number";
    QTest::newRow("bad syntax") << "deployments[x].name" << 1.0 << "not a parameter path";
    QTest::newRow("empty") << "" << 1.0 << "not a parameter path";
    QTest::newRow("value out of range") << "deployments[0].hardware.replicas" << 0.0
                                        << "deployments[0].hardware.replicas: must be between 1 "
                                           "and 10000, got 0";
}

void TestScenarioJson::parameterPathSteps()
{
    // The one parser of parameter paths (withParameter and the window's document use it).
    using tw::scenario::splitParameterPath;
    const auto steps = splitParameterPath("deployments[0].hardware.replicas");
    QVERIFY(steps);
    QCOMPARE(steps->size(), std::size_t(4));
    QCOMPARE(q((*steps)[0].key), QStringLiteral("deployments"));
    QVERIFY(!(*steps)[0].index);
    QVERIFY((*steps)[1].key.empty());
    QCOMPARE((*steps)[1].index.value_or(99), std::size_t(0));
    QCOMPARE(q((*steps)[3].key), QStringLiteral("replicas"));
    const auto nested = splitParameterPath("a[2][10].b");
    QVERIFY(nested);
    QCOMPARE(nested->size(), std::size_t(4));
    QCOMPARE((*nested)[2].index.value_or(99), std::size_t(10));
    for (const char *bad : {"", ".", "a.", ".a", "a..b", "[0]", "a[", "a[]", "a[x]", "a[-1]",
                            "a[0]b", "a]", "a-b", "0a", "a b"})
        QVERIFY2(!splitParameterPath(bad), bad);
}

namespace {

/// Every number (and flag) the writer wrote, by parameter path, through objects and lists of
/// objects (lists of numbers, such as hourly multipliers, are not parameters).
void numberLeaves(const nlohmann::json &node, const std::string &path,
                  std::vector<std::pair<std::string, double>> &out)
{
    if (node.is_object()) {
        for (const auto &[key, value] : node.items())
            numberLeaves(value, path.empty() ? key : path + '.' + key, out);
    } else if (node.is_array()) {
        for (std::size_t i = 0; i < node.size(); ++i) {
            if (node[i].is_object())
                numberLeaves(node[i], path + '[' + std::to_string(i) + ']', out);
        }
    } else if (node.is_number()) {
        out.emplace_back(path, node.get<double>());
    } else if (node.is_boolean()) {
        out.emplace_back(path, node.get<bool>() ? 1.0 : 0.0);
    }
}

} // namespace

void TestScenarioJson::numberAtReadsEveryWrittenNumber()
{
    // numberAt (the levers' reading of a parsed scenario) walks the same schema the writer
    // writes: every number in every example's canonical file reads back at its path.
    using tw::scenario::numberAt;
    int checked = 0;
    for (const Example &example : examples()) {
        const Scenario scenario = parseScenarioJson(example.json, catalog());
        std::vector<std::pair<std::string, double>> leaves;
        numberLeaves(nlohmann::json::parse(toJson(scenario, catalog())), {}, leaves);
        for (const auto &[path, value] : leaves) {
            // Not members of the parsed scenario: the format version, and the day-pattern
            // shorthand, which the reader turns into 24 hourly multipliers.
            if (path == "version" || path.starts_with("workload.arrival.diurnal."))
                continue;
            const std::optional<double> read = numberAt(scenario, path);
            const std::string where = example.name + ": " + path;
            QVERIFY2(read, where.c_str());
            QVERIFY2(*read == value, (where + " = " + std::to_string(*read)).c_str());
            ++checked;
        }
    }
    QVERIFY(checked > 100);

    const Scenario defaults = parseScenarioJson(findExample("default")->json, catalog());
    // A price resolved from a catalog offering reads as the resolved price.
    QCOMPARE(numberAt(defaults, "deployments[0].hosting.pricePerGpuHourUsd").value_or(-1),
             defaults.deployments[0].hosting.pricePerGpuHourUsd);
    QVERIFY(defaults.deployments[0].hosting.pricePerGpuHourUsd > 0.0);
    // A field the file leaves out reads as its default.
    QCOMPARE(numberAt(defaults, "deployments[0].serving.maxBatchedTokens").value_or(-1),
             double(defaults.deployments[0].serving.maxBatchedTokens));
    for (const char *none :
         {"deployments[7].hardware.replicas", "region.id", "region", "deployments[0].hardware",
          "workload.classes.share", "workload.arrival.diurnal.peakToTrough", "nonsense", "a..b"})
        QVERIFY2(!numberAt(defaults, none), none);
}

void TestScenarioJson::withParameterRejects()
{
    QFETCH(QString, path);
    QFETCH(double, value);
    QFETCH(QString, expected);
    const std::string base = findExample("default")->json;
    const QString error
            = errorText([&] { withParameter(base, path.toStdString(), value, catalog()); });
    QVERIFY2(error.contains(expected), qPrintable(error));
}

void TestScenarioJson::expectedRequestCount_data()
{
    QTest::addColumn<QString>("arrival");
    QTest::addColumn<double>("horizon");
    QTest::addColumn<double>("expected");
    // Fixture arrivals: 0, 2.75, 2.7500001, 5.5 s; a loop restarts one mean gap (5.5 / 3 s)
    // after the last record, so its period is 5.5 x 4 / 3 = 7.3333 s.
    const QString trace = QStringLiteral(R"({"type": "trace", "file": "%1", %2})").arg(q(kFixture));
    QTest::newRow("poisson") << R"({"type": "poisson", "ratePerSecond": 2.5})" << 100.0 << 250.0;
    QTest::newRow("poisson, diurnal") << R"({"type": "poisson", "ratePerSecond": 2.5,
                                            "diurnal": {"peakToTrough": 3}, "startHour": 9})"
                                      << 100.0 << 250.0;
    QTest::newRow("gamma") << R"({"type": "gamma", "ratePerSecond": 4, "cv": 3})" << 50.0 << 200.0;
    QTest::newRow("closed loop")
            << R"({"type": "closedLoop", "users": 10, "thinkTimeSeconds": 0.999})" << 100.0
            << 1000.0;
    QTest::newRow("closed loop, no think time")
            << R"({"type": "closedLoop", "users": 64})" << 300.0 << 64.0 * 300.0 / 0.001;
    QTest::newRow("trace, whole") << trace.arg(R"("loop": false)") << 100.0 << 4.0;
    QTest::newRow("trace, cut by the horizon") << trace.arg(R"("loop": false)") << 2.75 << 1.0;
    QTest::newRow("trace, time-scaled") << trace.arg(R"("timeScale": 2)") << 5.6 << 3.0;
    QTest::newRow("trace, looped") << trace.arg(R"("loop": true)") << 20.0 << 4.0 + 4.0 + 3.0;
}

void TestScenarioJson::expectedRequestCount()
{
    QFETCH(QString, arrival);
    QFETCH(double, horizon);
    QFETCH(double, expected);
    nlohmann::json json = minimalScenario();
    json["workload"]["arrival"] = nlohmann::json::parse(arrival.toStdString());
    json["simulation"]["horizonSeconds"] = horizon;
    json["simulation"]["warmupSeconds"] = 0;
    const Scenario s = parseScenarioJson(json.dump(), catalog());
    TW_COMPARE_REL(tw::scenario::expectedRequestCount(s), expected, 1e-12);
}

void TestScenarioJson::nominalMean_data()
{
    QTest::addColumn<QString>("distribution");
    QTest::addColumn<double>("expected");
    QTest::newRow("fixed") << R"({"type": "fixed", "value": 250})" << 250.0;
    QTest::newRow("uniform") << R"({"type": "uniform", "low": 10, "high": 21})" << 15.5;
    QTest::newRow("lognormal") << R"({"type": "lognormal", "mean": 1000, "cv": 1.5})" << 1000.0;
    QTest::newRow("exponential") << R"({"type": "exponential", "mean": 42})" << 42.0;
    QTest::newRow("empirical") << R"({"type": "empirical", "values": [1, 2, 3, 10]})" << 4.0;
    QTest::newRow("bounds ignored") << R"({"type": "fixed", "value": 250, "max": 100})" << 250.0;
}

void TestScenarioJson::nominalMean()
{
    QFETCH(QString, distribution);
    QFETCH(double, expected);
    nlohmann::json json = minimalScenario();
    json["workload"]["classes"][0]["promptTokens"]
            = nlohmann::json::parse(distribution.toStdString());
    const Scenario s = parseScenarioJson(json.dump(), catalog());
    TW_COMPARE_REL(s.workload.classes.at(0).promptTokens.nominalMean(), expected, 1e-15);
}

QTEST_APPLESS_MAIN(TestScenarioJson)
#include "tst_scenario_json.moc"
