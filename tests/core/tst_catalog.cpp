// Tests of tw::catalog::Catalog: the built-in catalog, spot values against
// resources/catalog/*.csv, lookups, "did you mean" hints and errors in malformed CSV.

#include "core/catalog/catalog.h"
#include "core/common/error.h"
#include "core/scenario_io/catalog_apis.h"

#include "test_support.h"

#include <map>
#include <string>

using tw::catalog::Catalog;

namespace {

// Smallest gpu_specs.csv / models.csv headers the catalog accepts.
const std::string kGpuHeader
        = "gpu_id,name,memory_gb,mem_bw_gb_s,bf16_dense_tflops,fp16_dense_tflops,tdp_w,source,"
          "verification\n";
const std::string kModelHeader
        = "model_id,hf_repo,params_total_b,params_active_b,layers,hidden_size,intermediate_size,"
          "attention_heads,kv_heads,head_dim,tied_embeddings,source,verification\n";

std::vector<std::string> modelIds(const Catalog &catalog)
{
    std::vector<std::string> ids;
    for (const tw::model::ModelSpec &spec : catalog.models())
        ids.push_back(spec.id);
    return ids;
}

QStringList toQStringList(const std::vector<std::string> &strings)
{
    QStringList list;
    for (const std::string &s : strings)
        list << QString::fromStdString(s);
    return list;
}

} // namespace

class TestCatalog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void catalogApis();
    void defaultCloudOfferingPrefersOnDemand();
    void builtInLoads();
    void everyEntryHasSourceAndVerification();
    void gpuSpotValues_data();
    void gpuSpotValues();
    void gpuTopologies();
    void modelSpotValues_data();
    void modelSpotValues();
    void attentionLayoutsMatchTheirNotes_data();
    void attentionLayoutsMatchTheirNotes();
    void findModel_data();
    void findModel();
    void findGpu_data();
    void findGpu();
    void closestMatches_data();
    void closestMatches();
    void suggestsCatalogIds();
    void mapsCsvCells();
    void malformed_data();
    void malformed();
};

void TestCatalog::initTestCase()
{
    // A bad built-in file would fail every test below; say why once, instead.
    try {
        Catalog::builtIn();
    } catch (const tw::InputError &error) {
        QFAIL(qPrintable(QStringLiteral("built-in catalog: ") + QString::fromUtf8(error.what())));
    }
}

void TestCatalog::builtInLoads()
{
    const Catalog &catalog = Catalog::builtIn();
    QVERIFY(catalog.gpus().size() >= 14);
    QVERIFY(catalog.models().size() >= 35);  // models.csv (11) + models_extra.csv (24)
    QCOMPARE(&Catalog::builtIn(), &catalog); // built once
    // GPU and model files become specs; every file also stays a table, sources included.
    QCOMPARE(catalog.table("gpu_specs.csv")->rows().size(), catalog.gpus().size());
    QCOMPARE(catalog.table("models.csv")->field(0, "model_id"), std::string("llama-2-7b"));
    for (const char *name : {"api_prices.csv", "cloud_gpu_prices.csv", "electricity_prices.csv",
                             "grid_carbon_intensity.csv", "pue_wue.csv", "gpu_power_states.csv"}) {
        const tw::catalog::CsvTable *table = catalog.table(name);
        QVERIFY2(table != nullptr, name);
        QVERIFY2(!table->rows().empty(), name);
    }
}

void TestCatalog::everyEntryHasSourceAndVerification()
{
    const Catalog &catalog = Catalog::builtIn();
    for (const tw::model::GpuSpec &gpu : catalog.gpus()) {
        QVERIFY2(!gpu.source.empty(), gpu.id.c_str());
        QVERIFY2(!gpu.verification.empty(), gpu.id.c_str());
        QVERIFY2(gpu.memoryGb > 0.0 && gpu.memoryBandwidthGbPerSec > 0.0, gpu.id.c_str());
    }
    for (const tw::model::ModelSpec &spec : catalog.models()) {
        QVERIFY2(!spec.source.empty(), spec.id.c_str());
        QVERIFY2(!spec.verification.empty(), spec.id.c_str());
        QVERIFY2(spec.totalParams > 0.0 && spec.activeParams <= spec.totalParams, spec.id.c_str());
        QVERIFY2(spec.layers > 0 && spec.kvHeads > 0 && spec.headDim > 0, spec.id.c_str());
    }
}

void TestCatalog::gpuSpotValues_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<double>("memoryGb");
    QTest::addColumn<double>("bandwidthGbPerSec");
    QTest::addColumn<double>("bf16Tflops");
    QTest::addColumn<double>("fp8Tflops");
    QTest::addColumn<double>("tdpWatts");
    QTest::addColumn<double>("interconnectGbPerSec");

    // Values as written in resources/catalog/gpu_specs.csv; blank cells read as 0.
    QTest::newRow("h100_sxm") << "h100_sxm" << 80.0 << 3350.0 << 989.0 << 1979.0 << 700.0 << 900.0;
    QTest::newRow("a100_sxm_80 (no fp8)")
            << "a100_sxm_80" << 80.0 << 2039.0 << 312.0 << 0.0 << 400.0 << 600.0;
    QTest::newRow("l4 (no NVLink)") << "l4" << 24.0 << 300.0 << 121.0 << 242.0 << 72.0 << 0.0;
    QTest::newRow("mi300x") << "mi300x" << 192.0 << 5300.0 << 1307.0 << 2615.0 << 750.0 << 896.0;
}

void TestCatalog::gpuSpotValues()
{
    QFETCH(QString, id);
    QFETCH(double, memoryGb);
    QFETCH(double, bandwidthGbPerSec);
    QFETCH(double, bf16Tflops);
    QFETCH(double, fp8Tflops);
    QFETCH(double, tdpWatts);
    QFETCH(double, interconnectGbPerSec);

    const tw::model::GpuSpec *gpu = Catalog::builtIn().findGpu(id.toStdString());
    QVERIFY(gpu != nullptr);
    QCOMPARE(QString::fromStdString(gpu->id), id);
    TW_COMPARE_REL(gpu->memoryGb, memoryGb, 1e-12);
    TW_COMPARE_REL(gpu->memoryBandwidthGbPerSec, bandwidthGbPerSec, 1e-12);
    TW_COMPARE_REL(gpu->bf16Tflops, bf16Tflops, 1e-12);
    TW_COMPARE_REL(gpu->fp8Tflops, fp8Tflops, 1e-12);
    TW_COMPARE_REL(gpu->tdpWatts, tdpWatts, 1e-12);
    TW_COMPARE_REL(gpu->interconnectGbPerSec, interconnectGbPerSec, 1e-12);
}

void TestCatalog::gpuTopologies()
{
    // Values as written in gpu_specs.csv (topology_source gives each one's source).
    struct Expected
    {
        const char *id;
        int nvlinkDomain;
        int nodeGpus;
        double scaleOutGbPerSec;
    };
    for (const Expected &e : {Expected{"h100_sxm", 8, 8, 50.0}, Expected{"a100_sxm_40", 8, 8, 25.0},
                              Expected{"h100_pcie", 2, 8, 0.0}, Expected{"l4", 1, 8, 0.0}}) {
        const tw::model::GpuSpec *gpu = Catalog::builtIn().findGpu(e.id);
        QVERIFY(gpu != nullptr);
        QCOMPARE(gpu->nvlinkDomainGpus, e.nvlinkDomain);
        QCOMPARE(gpu->nodeGpus, e.nodeGpus);
        QCOMPARE(gpu->scaleOutGbPerSec, e.scaleOutGbPerSec);
    }
    // Every GPU says where its topology comes from.
    for (const tw::model::GpuSpec &gpu : Catalog::builtIn().gpus())
        QVERIFY2(gpu.nodeGpus > 0, gpu.id.c_str());
}

void TestCatalog::modelSpotValues_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<double>("totalParams");
    QTest::addColumn<double>("activeParams");
    QTest::addColumn<int>("layers");
    QTest::addColumn<int>("hiddenSize");
    QTest::addColumn<int>("attentionHeads");
    QTest::addColumn<int>("kvHeads");
    QTest::addColumn<int>("headDim");
    QTest::addColumn<int>("experts");
    QTest::addColumn<int>("topK");
    QTest::addColumn<int>("expertWidth");
    QTest::addColumn<bool>("tied");

    // Values as written in resources/catalog/models.csv and models_extra.csv; parameter
    // counts are given there in billions.
    QTest::newRow("llama-2-70b") << "llama-2-70b" << 68.977e9 << 68.977e9 << 80 << 8192 << 64 << 8
                                 << 128 << 0 << 0 << 0 << false;
    QTest::newRow("mixtral-8x7b (MoE, models.csv)")
            << "mixtral-8x7b" << 46.703e9 << 12.88e9 << 32 << 4096 << 32 << 8 << 128 << 8 << 2 << 0
            << false;
    QTest::newRow("qwen3-30b-a3b (MoE, models_extra.csv)")
            << "qwen3-30b-a3b" << 30.532e9 << 3.353e9 << 48 << 2048 << 32 << 4 << 128 << 128 << 8
            << 768 << false;
    QTest::newRow("gemma-3-12b (tied embeddings)") << "gemma-3-12b" << 12.187e9 << 12.187e9 << 48
                                                   << 3840 << 16 << 8 << 256 << 0 << 0 << 0 << true;
}

void TestCatalog::attentionLayoutsMatchTheirNotes_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("layout");
    QTest::addColumn<double>("growingKvBytes"); // bf16, per token, from kv_cache_notes
    QTest::addColumn<double>("windowKvBytes");
    QTest::addColumn<int>("window");
    QTest::addColumn<double>("stateBytes");
    // The KV sizes each row's kv_cache_notes state in words (models_extra.csv).
    QTest::newRow("llama-3.3-70b, all full") << "llama-3.3-70b"
                                             << "" << 327'680.0 << 0.0 << 0 << 0.0;
    QTest::newRow("gemma-3-27b") << "gemma-3-27b"
                                 << "52*window(1024)+10*full" << 81'920.0 << 52 * 8'192.0 << 1024
                                 << 0.0;
    QTest::newRow("gemma-2-9b") << "gemma-2-9b"
                                << "21*window(4096)+21*full" << 344'064.0 / 2 << 344'064.0 / 2
                                << 4096 << 0.0;
    QTest::newRow("llama-4-scout")
            << "llama-4-scout"
            << "36*chunk(8192)+12*full" << 49'152.0 << 36 * 4'096.0 << 8192 << 0.0;
    QTest::newRow("deepseek-v3.1") << "deepseek-v3.1"
                                   << "61*mla(512,64)" << 70'272.0 << 0.0 << 0 << 0.0;
    QTest::newRow("nemotron-nano-12b-v2")
            << "nemotron-nano-12b-v2"
            << "6*full+28*mamba(1347584)+28*mlp" << 24'576.0 << 0.0 << 0 << 28 * 1'347'584 * 2.0;
}

void TestCatalog::attentionLayoutsMatchTheirNotes()
{
    QFETCH(QString, id);
    QFETCH(QString, layout);
    QFETCH(double, growingKvBytes);
    QFETCH(double, windowKvBytes);
    QFETCH(int, window);
    QFETCH(double, stateBytes);
    const tw::model::ModelSpec *spec = Catalog::builtIn().findModel(id.toStdString());
    QVERIFY(spec != nullptr);
    QCOMPARE(QString::fromStdString(spec->attentionLayout), layout);
    const tw::model::ModelFootprint fp = tw::model::computeFootprint(
            *spec, tw::model::Precision::Bf16, tw::model::Precision::Bf16);
    TW_COMPARE_REL(fp.kvBytesPerToken, growingKvBytes, 1e-12);
    TW_COMPARE_REL(fp.windowKvBytesPerToken, windowKvBytes, 1e-12);
    QCOMPARE(fp.windowTokens, window);
    TW_COMPARE_REL(fp.stateBytesPerSequence, stateBytes, 1e-12);
}

void TestCatalog::modelSpotValues()
{
    QFETCH(QString, id);
    QFETCH(double, totalParams);
    QFETCH(double, activeParams);
    QFETCH(int, layers);
    QFETCH(int, hiddenSize);
    QFETCH(int, attentionHeads);
    QFETCH(int, kvHeads);
    QFETCH(int, headDim);
    QFETCH(int, experts);
    QFETCH(int, topK);
    QFETCH(int, expertWidth);
    QFETCH(bool, tied);

    const tw::model::ModelSpec *spec = Catalog::builtIn().findModel(id.toStdString());
    QVERIFY(spec != nullptr);
    TW_COMPARE_REL(spec->totalParams, totalParams, 1e-12);
    TW_COMPARE_REL(spec->activeParams, activeParams, 1e-12);
    QCOMPARE(spec->layers, layers);
    QCOMPARE(spec->hiddenSize, hiddenSize);
    QCOMPARE(spec->attentionHeads, attentionHeads);
    QCOMPARE(spec->kvHeads, kvHeads);
    QCOMPARE(spec->headDim, headDim);
    QCOMPARE(spec->moeExperts, experts);
    QCOMPARE(spec->moeTopK, topK);
    QCOMPARE(spec->moeIntermediateSize, expertWidth);
    QCOMPARE(spec->isMoe(), experts > 0);
    QCOMPARE(spec->tiedEmbeddings, tied);
}

void TestCatalog::findModel_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("expectedId"); // empty = not found

    QTest::newRow("catalog id") << "llama-2-70b"
                                << "llama-2-70b";
    QTest::newRow("id, other case") << "LLaMA-3.1-70B"
                                    << "llama-3.1-70b";
    QTest::newRow("HF repo") << "meta-llama/Llama-3.1-70B-Instruct"
                             << "llama-3.1-70b";
    QTest::newRow("HF repo, other case") << "MISTRALAI/mixtral-8x7b-v0.1"
                                         << "mixtral-8x7b";
    QTest::newRow("HF repo in models_extra.csv") << "Qwen/Qwen3-235B-A22B"
                                                 << "qwen3-235b-a22b";
    QTest::newRow("unknown id") << "llama-9-1t"
                                << "";
    QTest::newRow("repo name without owner") << "Llama-2-70b-hf"
                                             << "";
    QTest::newRow("empty") << ""
                           << "";
}

void TestCatalog::findModel()
{
    QFETCH(QString, query);
    QFETCH(QString, expectedId);

    const tw::model::ModelSpec *spec = Catalog::builtIn().findModel(query.toStdString());
    if (expectedId.isEmpty()) {
        QCOMPARE(spec, nullptr);
    } else {
        QVERIFY(spec != nullptr);
        QCOMPARE(QString::fromStdString(spec->id), expectedId);
    }
}

void TestCatalog::findGpu_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<bool>("found");

    QTest::newRow("id") << "h100_sxm" << true;
    QTest::newRow("id, other case") << "H100_SXM" << true;
    QTest::newRow("prefix only") << "h100" << false;
    QTest::newRow("unknown") << "tpu_v5e" << false;
}

void TestCatalog::findGpu()
{
    QFETCH(QString, query);
    QFETCH(bool, found);

    const tw::model::GpuSpec *gpu = Catalog::builtIn().findGpu(query.toStdString());
    QCOMPARE(gpu != nullptr, found);
    if (gpu)
        QCOMPARE(QString::fromStdString(gpu->id), query.toLower());
}

void TestCatalog::closestMatches_data()
{
    QTest::addColumn<QString>("word");
    QTest::addColumn<QStringList>("candidates");
    QTest::addColumn<int>("max");
    QTest::addColumn<QStringList>("expected");

    const QStringList gpus{"a100_sxm_80", "a100_sxm_40", "h100_sxm", "h100_pcie", "h200_sxm"};
    QTest::newRow("one typo") << "h100_smx" << gpus << 3 << QStringList{"h100_sxm"};
    QTest::newRow("nearest first")
            << "a100_sxm_8" << gpus << 3 << QStringList{"a100_sxm_80", "a100_sxm_40", "h100_sxm"};
    QTest::newRow("ties by name") << "cat" << QStringList{"cut", "dog", "bat", "cot"} << 3
                                  << QStringList{"bat", "cot", "cut"};
    QTest::newRow("at most max") << "a100_sxm_8" << gpus << 2
                                 << QStringList{"a100_sxm_80", "a100_sxm_40"};
    QTest::newRow("case-insensitive") << "H100_PCIE" << gpus << 1 << QStringList{"h100_pcie"};
    // Limit is max(2, 11 / 3) = 3 edits: "b100_pcie_x" is 3 from "h100_pcie" (substitute,
    // insert two), "h200_sxm" is further.
    QTest::newRow("limit grows with the word")
            << "b100_pcie_x" << gpus << 3 << QStringList{"h100_pcie"};
    QTest::newRow("short word keeps a limit of 2")
            << "ab" << QStringList{"xy", "a", "abcd", "abcde"} << 3
            << QStringList{"a", "abcd", "xy"};
    QTest::newRow("nothing close") << "tpu" << gpus << 3 << QStringList{};
    QTest::newRow("duplicates listed once")
            << "l4" << QStringList{"l4", "l4", "l40s"} << 3 << QStringList{"l4", "l40s"};
}

void TestCatalog::closestMatches()
{
    QFETCH(QString, word);
    QFETCH(QStringList, candidates);
    QFETCH(int, max);
    QFETCH(QStringList, expected);

    std::vector<std::string> list;
    for (const QString &c : candidates)
        list.push_back(c.toStdString());
    const std::vector<std::string> result
            = tw::catalog::closestMatches(word.toStdString(), list, static_cast<std::size_t>(max));
    QCOMPARE(toQStringList(result), expected);
}

void TestCatalog::suggestsCatalogIds()
{
    const std::vector<std::string> hints
            = tw::catalog::closestMatches("lama-3.1-70b", modelIds(Catalog::builtIn()));
    QVERIFY(!hints.empty());
    QCOMPARE(hints.front(), std::string("llama-3.1-70b"));
}

void TestCatalog::mapsCsvCells()
{
    std::map<std::string, std::string> files;
    files["gpu_specs.csv"] = kGpuHeader + "toy,Toy GPU,16,500,,50,,datasheet,checked\r\n";
    files["models.csv"] = kModelHeader
                          + "toy-1b,org/Toy-1B,1.5,,4,1024,4096,8,8,,yes,paper,\"checked, "
                            "twice\"\n";
    files["prices.csv"] = "region,usd\neu,1.5\n";

    const Catalog catalog = Catalog::fromCsvTexts(files);
    QCOMPARE(catalog.gpus().size(), std::size_t{1});
    const tw::model::GpuSpec &gpu = catalog.gpus().front();
    QCOMPARE(gpu.name, std::string("Toy GPU"));
    TW_COMPARE_REL(gpu.memoryGb, 16.0, 1e-15);
    QCOMPARE(gpu.bf16Tflops, 0.0);                      // blank cell
    QCOMPARE(gpu.fp8Tflops, 0.0);                       // column absent
    QCOMPARE(gpu.tdpWatts, 0.0);                        // blank cell
    QCOMPARE(gpu.verification, std::string("checked")); // CRLF not part of the field

    QCOMPARE(catalog.models().size(), std::size_t{1});
    const tw::model::ModelSpec &spec = catalog.models().front();
    TW_COMPARE_REL(spec.totalParams, 1.5e9, 1e-15);  // billions -> count
    TW_COMPARE_REL(spec.activeParams, 1.5e9, 1e-15); // blank active = total (dense)
    QCOMPARE(spec.headDim, 1024 / 8);                // blank head_dim = hidden / heads
    QCOMPARE(spec.moeExperts, 0);                    // column absent
    QVERIFY(spec.tiedEmbeddings);
    QCOMPARE(spec.verification, std::string("checked, twice"));

    QCOMPARE(catalog.tables().size(), std::size_t{3}); // the GPU, model and price files
    QVERIFY(catalog.table("prices.csv") != nullptr);
    QCOMPARE(catalog.table("prices.csv")->field(0, "usd"), std::string("1.5"));
}

void TestCatalog::malformed_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("mentions");

    const QString gpuHeader = QString::fromStdString(kGpuHeader);
    const QString modelHeader = QString::fromStdString(kModelHeader);
    const QString goodGpu = "g1,GPU 1,80,2000,300,300,400,s,v\n";
    const QString goodModel = "m1,org/M1,7,7,32,4096,11008,32,32,128,no,s,v\n";

    QTest::newRow("text in a numeric column")
            << "gpu_specs.csv" << gpuHeader + goodGpu + "g2,GPU 2,80,fast,300,300,400,s,v\n"
            << "gpu_specs.csv:3" << QStringList{"mem_bw_gb_s", "\"fast\"", "not a number"};
    QTest::newRow("number with a unit")
            << "models.csv"
            << modelHeader
                       + "m1,org/M1,7B,7,32,4096,11008,32,32,128,"
                         "no,s,v\n"
            << "models.csv:2" << QStringList{"params_total_b", "\"7B\""};
    QTest::newRow("fraction in an integer column")
            << "models.csv" << modelHeader + "m1,org/M1,7,7,32.5,4096,11008,32,32,128,no,s,v\n"
            << "models.csv:2" << QStringList{"layers", "\"32.5\"", "whole number"};
    QTest::newRow("negative value")
            << "gpu_specs.csv" << gpuHeader + "g1,GPU 1,-80,2000,300,300,400,s,v\n"
            << "gpu_specs.csv:2" << QStringList{"memory_gb", "\"-80\"", "negative"};
    QTest::newRow("not yes or no")
            << "models_extra.csv"
            << modelHeader + goodModel + "m2,org/M2,7,7,32,4096,11008,32,32,128,maybe,s,v\n"
            << "models_extra.csv:3" << QStringList{"tied_embeddings", "\"maybe\""};
    QTest::newRow("wrong field count")
            << "models.csv" << modelHeader + goodModel + "m2,org/M2,7\n"
            << "models.csv:3" << QStringList{"row has 3 fields, header has 13"};
    QTest::newRow("unterminated quote in another table")
            << "api_prices.csv"
            << "provider,usd\nacme,1\n\"acme,2\n"
            << "api_prices.csv:3" << QStringList{"unterminated"};
    QTest::newRow("duplicate id ignoring case")
            << "gpu_specs.csv" << gpuHeader + goodGpu + "G1,GPU 1 again,80,2000,300,300,400,s,v\n"
            << "gpu_specs.csv:3" << QStringList{"duplicate gpu_id", "gpu_specs.csv:2"};
    QTest::newRow("empty id") << "gpu_specs.csv" << gpuHeader + ",GPU,80,2000,300,300,400,s,v\n"
                              << "gpu_specs.csv:2" << QStringList{"gpu_id", "empty"};
    const QString aliasHeader = "alias,gpu_id,note,source,date,verification\n";
    QTest::newRow("alias to an unknown GPU")
            << "gpu_aliases.csv" << aliasHeader + "X 80GB,nope,,s,d,v\n"
            << "gpu_aliases.csv:2" << QStringList{"X 80GB", "\"nope\"", "not in the catalog"};
    QTest::newRow("duplicate alias ignoring case")
            << "gpu_aliases.csv" << aliasHeader + "L40S,,why,s,d,v\nl40s,,why,s,d,v\n"
            << "gpu_aliases.csv:3" << QStringList{"duplicate alias", "gpu_aliases.csv:2"};
    QTest::newRow("alias without id or reason")
            << "gpu_aliases.csv" << aliasHeader + "Mystery GPU,,,s,d,v\n"
            << "gpu_aliases.csv:2" << QStringList{"needs a note"};
    QTest::newRow("serving software memory share")
            << "serving_software.csv"
            << "software,one_request_at_a_time,chunked_prefill,max_batched_tokens,"
               "gpu_memory_utilization,source,date,verification\nx,no,yes,2048,1.5,s,d,v\n"
            << "serving_software.csv:2" << QStringList{"gpu_memory_utilization", "(0, 1]"};
    QTest::newRow("attention layout the engine cannot represent")
            << "models_extra.csv"
            << QString::fromStdString(
                       "model_id,hf_repo,params_total_b,params_active_b,layers,hidden_size,"
                       "intermediate_size,attention_heads,kv_heads,head_dim,tied_embeddings,"
                       "source,verification,attention_layout\n"
                       "m1,org/M1,7,7,32,4096,11008,32,32,128,no,s,v,16*linear+16*full\n")
            << "models_extra.csv:2"
            << QStringList{"attention_layout", "\"linear\"", "16*linear+16*full", "mla(R,P)"};
    QTest::newRow("missing column")
            << "gpu_specs.csv"
            << "gpu_id,name,source,verification\ng1,GPU 1,s,v\n"
            << "gpu_specs.csv:1" << QStringList{"missing column \"memory_gb\""};
}

void TestCatalog::malformed()
{
    QFETCH(QString, file);
    QFETCH(QString, text);
    QFETCH(QString, path);
    QFETCH(QStringList, mentions);

    std::map<std::string, std::string> files;
    files[file.toStdString()] = text.toStdString();
    try {
        Catalog::fromCsvTexts(files);
        QFAIL("expected tw::InputError");
    } catch (const tw::InputError &error) {
        QVERIFY(!error.issues().empty());
        const tw::InputIssue &issue = error.issues().front();
        QCOMPARE(QString::fromStdString(issue.path), path);
        for (const QString &mention : mentions) {
            QVERIFY2(QString::fromStdString(issue.message).contains(mention)
                             || QString::fromStdString(issue.path).contains(mention),
                     qPrintable(QString::fromStdString(issue.toString()) + " lacks " + mention));
        }
    }
}

void TestCatalog::defaultCloudOfferingPrefersOnDemand()
{
    const Catalog &catalog = Catalog::builtIn();
    // cloud_gpu_prices.csv: the A100 40GB's first row is a capacity block (row 4), its first
    // on-demand row AWS p4d.24xlarge (row 5); the H200's only row is a capacity block; no row
    // prices a B200. Keys are matched exactly, as the catalog spells GPU ids.
    QCOMPARE(tw::scenario::defaultCloudOffering(catalog, "a100_sxm_40"),
             std::string("AWS/p4d.24xlarge"));
    QCOMPARE(tw::scenario::defaultCloudOffering(catalog, "h100_sxm"),
             std::string("AWS/p5.48xlarge"));
    QCOMPARE(tw::scenario::defaultCloudOffering(catalog, "h200_sxm"),
             std::string("AWS/p5e.48xlarge (EC2 Capacity Block)"));
    QCOMPARE(tw::scenario::defaultCloudOffering(catalog, "b200"), std::string());
}

void TestCatalog::catalogApis()
{
    const Catalog &catalog = Catalog::builtIn();
    const std::vector<tw::scenario::CatalogApi> apis = tw::scenario::pricedApis(catalog);
    // api_prices.csv: 33 rows, of which one (Fireworks Llama 3.1 70B) has no confirmed price.
    QCOMPARE(apis.size(), std::size_t{32});
    for (const tw::scenario::CatalogApi &api : apis)
        QVERIFY2(api.key.find("llama-v3p1-70b") == std::string::npos, api.key.c_str());

    // Row 4 of the file: $1.00 in, $2.00 out per million tokens. Keys ignore case.
    const tw::scenario::ApiSpec turbo
            = tw::scenario::catalogApiSpec(catalog, "openai/GPT-3.5-TURBO-1106", "--api");
    QCOMPARE(turbo.provider, std::string("OpenAI"));
    QCOMPARE(turbo.inputUsdPerMillionTokens, 1.0);
    QCOMPARE(turbo.outputUsdPerMillionTokens, 2.0);

    const auto messageFor = [&](const char *key) {
        try {
            tw::scenario::catalogApiSpec(catalog, key, "--api");
        } catch (const tw::InputError &error) {
            return error.issues().front().toString();
        }
        return std::string("no error");
    };
    const std::string unpriced = messageFor("Fireworks/llama-v3p1-70b-instruct");
    QVERIFY2(unpriced.find("no price") != std::string::npos, unpriced.c_str());
    const std::string unknown = messageFor("OpenAI/gpt-4o");
    QVERIFY2(unknown.find("--api") != std::string::npos, unknown.c_str());
    QVERIFY2(unknown.find("'OpenAI/gpt-4o-2024-08-06'") != std::string::npos, unknown.c_str());
}

QTEST_APPLESS_MAIN(TestCatalog)
#include "tst_catalog.moc"
