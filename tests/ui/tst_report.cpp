// The PDF report: number formatting and sentences against hand-written expectations, the
// assumption tables against the catalog files, page layout, and whole reports for one and for
// several scenarios read back with poppler's pdftotext / pdfinfo.

#include "core/catalog/catalog.h"
#include "core/metrics/text_format.h"
#include "core/scenario_io/examples.h"
#include "core/scenario_io/scenario_json.h"
#include "core/sweep/plan.h"
#include "core/sweep/replicate.h"
#include "core/sweep/sensitivity.h"
#include "tests/core/cli_process.h"
#include "ui/report/assumption_tables.h"
#include "ui/report/equivalents.h"
#include "ui/report/page_layout.h"
#include "ui/report/report_facts.h"
#include "ui/report/report_format.h"
#include "ui/report/report_input.h"
#include "ui/report/report_writer.h"

#include <QApplication>
#include <QPainter>
#include <QPdfWriter>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace tw::ui::report;

using tw::test::pdfPages;
using tw::test::pdfText;

namespace {

const tw::catalog::Catalog &catalog()
{
    return tw::catalog::Catalog::builtIn();
}

tw::scenario::Scenario example(const char *name, double horizonSeconds)
{
    tw::scenario::Scenario s
            = tw::scenario::parseScenarioJson(tw::scenario::findExample(name)->json, catalog());
    // Shorter runs keep the test quick; the figures stay those of the same scenario.
    s.simulation.warmupSeconds *= horizonSeconds / s.simulation.horizonSeconds;
    s.simulation.horizonSeconds = horizonSeconds;
    return s;
}

ReportScenario simulated(const char *name, double horizonSeconds,
                         const tw::ui::ApiComparison &api = {})
{
    const tw::scenario::Scenario s = example(name, horizonSeconds);
    return {QString::fromStdString(s.name), s, simulateForReport(s, api)};
}

QByteArray head(const QString &file, int bytes)
{
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? f.read(bytes) : QByteArray();
}

/// pdftotext breaks lines where the layout wrapped them: compare with all white space as one.
QString squeezed(const QString &text)
{
    return QString(text).replace(QRegularExpression(QStringLiteral("\\s+")), QStringLiteral(" "));
}

/// The text of a one-scenario report on @p input, white space squeezed; null when pdftotext
/// is missing. Fails the test if the report cannot be written.
QString reportText(const ReportScenario &input)
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("report.pdf"));
    const QString problem = writeReport(file, {input}, {}, nullptr);
    if (!problem.isEmpty())
        qFatal("report not written: %s", qPrintable(problem));
    const QString text = pdfText(file);
    return text.isNull() ? QString() : squeezed(text);
}

ScenarioFacts germanFacts()
{
    ScenarioFacts f;
    f.label = QStringLiteral("Chat");
    f.serving = Serving::SelfHosted;
    f.modelName = QStringLiteral("Llama-3.1-70B");
    f.gpus = 8;
    f.gpuName = QStringLiteral("H100 SXM5 80GB");
    f.costPerMonthUsd = 41'234.0;
    f.costPerMillionOutputTokensUsd = 10.0;
    f.comparedApiPerMillionUsd = 16.13; // 10 / 16.13 = 0.62: 38 % less
    f.comparedApiLabel = QStringLiteral("OpenAI/gpt-4o");
    f.ttftP95Seconds = 0.9;
    f.energyKwhPerYear = 86'000.0;
    f.carbonTonnesPerYear = 31.0;
    f.regionName = QStringLiteral("Germany");
    return f;
}

} // namespace

class TestReport : public QObject
{
    Q_OBJECT

private slots:
    void formatting_data();
    void formatting();
    void headlineSentence();
    void clausesWithoutDataAreLeftOut();
    void utilisationSentenceStatesTheHeadroom();
    void regionPhrases_data();
    void regionPhrases();
    void equivalentsFromTheCatalog();
    void comparisonSentences();
    void parameterRowsCoverTheScenario();
    void catalogValuesCarryTheirSources();
    void tablesBreakBetweenRowsAndRepeatTheirHeader();
    void reportOnOneScenario();
    void reportSaysWhatMovesTheCost();
    void reportSaysWhatToRun();
    void reportOnSeveralScenarios();
};

void TestReport::formatting_data()
{
    QTest::addColumn<QString>("actual");
    QTest::addColumn<QString>("expected");
    QTest::newRow("money, 3 significant digits") << money(41'234.0) << "$41,200";
    QTest::newRow("money, cents below 100") << money(16.2) << "$16.20";
    QTest::newRow("money, millions") << money(1'504'000.0) << "$1.50 million";
    QTest::newRow("money, tiny") << money(0.00123) << "$0.00123";
    QTest::newRow("energy, MWh") << energy(86'123.0) << "86.1 MWh";
    QTest::newRow("energy, kWh") << energy(850.0) << "850 kWh";
    QTest::newRow("energy, GWh") << energy(1'234'000.0) << "1.23 GWh";
    QTest::newRow("mass, tonnes") << mass(31'400.0) << "31.4 t";
    QTest::newRow("mass, kg") << mass(850.0) << "850 kg";
    QTest::newRow("latency, ms") << latency(0.085) << "85 ms";
    QTest::newRow("latency, s") << latency(0.91) << "0.91 s";
    QTest::newRow("latency, minutes") << latency(150.0) << "2.50 min";
    QTest::newRow("percent") << percent(0.384) << "38 %";
    QTest::newRow("percent, one decimal below 10") << percent(0.0452) << "4.5 %";
    QTest::newRow("percent, tiny") << percent(0.0004) << "< 0.1 %";
    QTest::newRow("count in words") << counted(8, "GPU", "GPUs", true) << "eight GPUs";
    QTest::newRow("count of one") << counted(1, "GPU", "GPUs", true) << "one GPU";
    QTest::newRow("count above twelve") << counted(1024, "GPU", "GPUs", true) << "1,024 GPUs";
    QTest::newRow("amount below ten") << amount(7.46) << "7.5";
    QTest::newRow("amount above ten") << amount(1234.0) << "1,230";
}

void TestReport::formatting()
{
    QFETCH(QString, actual);
    QFETCH(QString, expected);
    QCOMPARE(actual, expected);
}

void TestReport::headlineSentence()
{
    const QStringList sentences = summarySentences(germanFacts(), Equivalents{});
    QCOMPARE(sentences.size(), 1); // no request rate, no GPU busy figure, no equivalents
    QCOMPARE(sentences.front(),
             QStringLiteral("Serving Llama-3.1-70B on eight H100 SXM5 80GB GPUs costs $41,200 a "
                            "month — 38 % less than the same traffic through OpenAI/gpt-4o — at "
                            "a p95 first-token latency of 0.90 s, using 86.0 MWh and emitting "
                            "31.0 t CO₂e a year in Germany."));
}

void TestReport::clausesWithoutDataAreLeftOut()
{
    ScenarioFacts f;
    f.serving = Serving::Api;
    f.modelName = QStringLiteral("gpt-4o-mini");
    f.apiName = QStringLiteral("OpenAI");
    f.costPerMonthUsd = 1234.0;
    QCOMPARE(summarySentences(f, Equivalents{}).front(),
             QStringLiteral("Serving gpt-4o-mini through the OpenAI API costs $1,230 a month."));

    // An API comparison with nothing after it closes the sentence after the comparison.
    ScenarioFacts one = germanFacts();
    one.gpus = 1;
    one.ttftP95Seconds.reset();
    one.energyKwhPerYear = 0.0;
    one.carbonTonnesPerYear = 0.0;
    one.comparedApiPerMillionUsd = 4.0; // 10 / 4: 2.5 times as much
    QCOMPARE(summarySentences(one, Equivalents{}).front(),
             QStringLiteral("Serving Llama-3.1-70B on one H100 SXM5 80GB GPU costs $41,200 a "
                            "month — 2.5 times as much as the same traffic through "
                            "OpenAI/gpt-4o."));
}

void TestReport::utilisationSentenceStatesTheHeadroom()
{
    // Busy all the time, at a tenth of the batch it could run, and at 40 % of the traffic it
    // serves within the objective: the sentence says all three, and 1 / 0.4 = 2.5 times.
    ScenarioFacts f = germanFacts();
    f.busyFraction = 1.0;
    f.batchOccupancy = 0.086;
    f.capacityRatePerSecond = 16.2;
    f.loadShare = 0.4;
    QStringList sentences = summarySentences(f, Equivalents{});
    QCOMPARE(sentences.size(), 2);
    QCOMPARE(sentences[1], QStringLiteral("The GPUs are busy 100 % of the time, running batches at "
                                          "8.6 % of what they could hold. This traffic is 40 % of "
                                          "the 16.2 requests a second the same fleet serves "
                                          "within the objective: it could carry 2.5 times as "
                                          "much."));
    // With priced GPUs, what the unused share costs: 60 % of $41,234.
    f.gpuUsdPerMonth = 41'234.0;
    f.unusedCapacityUsdPerMonth = 41'234.0 * 0.6;
    QVERIFY(summarySentences(f, Equivalents{})[1].endsWith(
            QStringLiteral("it could carry 2.5 times as much. $24,700 of the $41,200 a month the "
                           "GPUs cost pays for that unused capacity.")));
    f.gpuUsdPerMonth = 0.0;
    f.unusedCapacityUsdPerMonth = 0.0;
    // Near capacity: little headroom; over it: overloaded.
    f.loadShare = 0.9;
    QVERIFY(summarySentences(f, Equivalents{})[1].endsWith(
            QStringLiteral("within the objective, which leaves little headroom for a busier "
                           "hour.")));
    f.loadShare = 1.3;
    QVERIFY(summarySentences(f, Equivalents{})[1].endsWith(
            QStringLiteral("within the objective: it is overloaded.")));
    // Thin traffic: idle spend first, then the headroom.
    f.busyFraction = 0.43;
    f.idleShare = 0.57;
    f.batchOccupancy.reset();
    f.capacityRatePerSecond = 0.769;
    f.loadShare = 0.065;
    QCOMPARE(summarySentences(f, Equivalents{})[1],
             QStringLiteral("The GPUs are busy 43 % of the time, and 57 % of the GPU spend pays "
                            "for idle time: the traffic is too thin to fill them. This traffic is "
                            "6.5 % of the 0.769 requests a second the same fleet serves within "
                            "the objective: it could carry 15 times as much."));
    // Without a capacity (a trace, a closed loop) the sentence stops after time busy.
    f.capacityRatePerSecond.reset();
    QVERIFY(summarySentences(f, Equivalents{})[1].endsWith(
            QStringLiteral("too thin to fill them.")));
}

void TestReport::regionPhrases_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("phrase");
    QTest::newRow("country") << "Germany"
                             << "in Germany";
    QTest::newRow("with article") << "United States"
                                  << "in the United States";
    QTest::newRow("state of a country") << "US - Texas"
                                        << "in Texas";
    QTest::newRow("parenthesised detail") << "European Union (27)"
                                          << "in the European Union";
    QTest::newRow("world") << "World"
                           << "on the world-average grid";
    QTest::newRow("none") << ""
                          << "";
}

void TestReport::regionPhrases()
{
    QFETCH(QString, name);
    QFETCH(QString, phrase);
    QCOMPARE(regionPhrase(name), phrase);
}

void TestReport::equivalentsFromTheCatalog()
{
    // resources/catalog/equivalents.csv: 10,715 kWh per US home-year (EIA), 4.6 t CO2 per
    // passenger car-year (EPA).
    const Equivalents e = Equivalents::fromCatalog(catalog());
    QVERIFY(e.homeElectricityYear && e.carCo2Year);
    QCOMPARE(*e.homes(107'150.0), 10.0);
    QCOMPARE(*e.cars(46.0), 10.0);
    QVERIFY(e.homeElectricityYear->source.contains(QStringLiteral("Energy Information")));
    QVERIFY(e.carCo2Year->source.contains(QStringLiteral("EPA-420-F-23-014")));

    ScenarioFacts f = germanFacts();
    f.energyKwhPerYear = 107'150.0;
    f.carbonTonnesPerYear = 11.5;
    const QStringList sentences = summarySentences(f, e);
    QCOMPARE(sentences.back(), QStringLiteral("A year of this service uses as much electricity as "
                                              "10 average US homes use in a year, and as much "
                                              "CO₂e as 2.5 passenger cars emit in a year."));
}

void TestReport::comparisonSentences()
{
    ScenarioFacts cheap = germanFacts(), dear = germanFacts();
    cheap.label = QStringLiteral("API");
    cheap.costPerMonthUsd = 1000.0;
    cheap.ttftP95Seconds = 0.5;
    cheap.carbonTonnesPerYear = 0.0;
    dear.label = QStringLiteral("Self-hosted");
    dear.costPerMonthUsd = 17'000.0;
    const QStringList sentences = tw::ui::report::comparisonSentences({cheap, dear});
    QCOMPARE(sentences.size(), 3);
    QCOMPARE(sentences[0], QStringLiteral("“API” costs the least, $1,000 a month; “Self-hosted” "
                                          "costs $17,000, 17 times as much."));
    QCOMPARE(sentences[1], QStringLiteral("“API” answers fastest, with a p95 first-token latency "
                                          "of 0.50 s against 0.90 s for “Self-hosted”."));
    QVERIFY(sentences[2].startsWith(QStringLiteral("“API” emits no CO₂e")));
    QVERIFY(tw::ui::report::comparisonSentences({cheap}).isEmpty());
}

void TestReport::parameterRowsCoverTheScenario()
{
    const tw::scenario::Scenario s = example("default", 3600.0);
    const std::vector<ParameterRow> rows = parameterRows(s, catalog());
    const auto valueOf = [&rows](const QString &path) {
        for (const ParameterRow &row : rows)
            if (row.path == path)
                return row.value;
        return QStringLiteral("<missing>");
    };
    // resources/scenarios/default.json: two replicas of four H100 SXM, 6 requests/s, USA.
    QCOMPARE(valueOf(QStringLiteral("deployments[0].hardware.replicas")), QStringLiteral("2"));
    QCOMPARE(valueOf(QStringLiteral("deployments[0].hardware.gpusPerReplica")),
             QStringLiteral("4"));
    QCOMPARE(valueOf(QStringLiteral("deployments[0].hardware.gpu")), QStringLiteral("h100_sxm"));
    QCOMPARE(valueOf(QStringLiteral("workload.arrival.ratePerSecond")), QStringLiteral("6"));
    QCOMPARE(valueOf(QStringLiteral("region.id")), QStringLiteral("USA"));
    QCOMPARE(rows.front().path, QStringLiteral("version")); // the writer's order, not sorted

    tw::scenario::Scenario other = s;
    other.deployments[0].hardware.replicas = 3;
    const ParameterComparison table = compareParameters({rows, parameterRows(other, catalog())});
    const qsizetype replicas
            = table.paths.indexOf(QStringLiteral("deployments[0].hardware.replicas"));
    const qsizetype rate = table.paths.indexOf(QStringLiteral("workload.arrival.ratePerSecond"));
    QVERIFY(replicas >= 0 && rate >= 0);
    QCOMPARE(table.values[static_cast<std::size_t>(replicas)], (QStringList{"2", "3"}));
    QVERIFY(table.differs[static_cast<std::size_t>(replicas)]);
    QVERIFY(!table.differs[static_cast<std::size_t>(rate)]);
}

void TestReport::catalogValuesCarryTheirSources()
{
    const std::vector<CatalogValue> values = catalogValuesUsed(
            {example("default", 3600.0)}, {QStringLiteral("OpenAI/gpt-4o-2024-08-06")}, catalog());
    const auto find = [&values](const QString &item) -> const CatalogValue * {
        for (const CatalogValue &v : values)
            if (v.item == item)
                return &v;
        return nullptr;
    };
    // Figures as written in resources/catalog/*.csv.
    const CatalogValue *gpu = find(QStringLiteral("GPU h100_sxm"));
    QVERIFY(gpu);
    QCOMPARE(gpu->value, QStringLiteral("80 GB HBM3, 3,350 GB/s, 989 TFLOPS bf16, 700 W TDP"));
    QVERIFY(gpu->source.contains(QStringLiteral("stas00/ml-engineering")));
    QVERIFY(!gpu->verification.isEmpty());
    const CatalogValue *idle = find(QStringLiteral("GPU h100_sxm idle power"));
    QVERIFY(idle && idle->value == QStringLiteral("75 W") && idle->source.contains("SplitwiseSim"));
    const CatalogValue *price = find(QStringLiteral("Cloud price, AWS p5.48xlarge"));
    QVERIFY(price && price->value.startsWith(QStringLiteral("$12.29 per GPU-hour")));
    QVERIFY(find(QStringLiteral("Model llama-3.1-70b")));
    const CatalogValue *grid = find(QStringLiteral("Grid intensity United States"));
    QVERIFY(grid && grid->value == QStringLiteral("369.5 g CO₂e/kWh") && grid->date == "2023");
    const CatalogValue *pue = find(QStringLiteral("PUE"));
    QVERIFY(pue && pue->value.startsWith(QStringLiteral("1.56")) && pue->date == "2024");
    QVERIFY(find(QStringLiteral("Embodied carbon per GPU")));
    QVERIFY(find(QStringLiteral("API price, OpenAI gpt-4o-2024-08-06")));
    QVERIFY(find(QStringLiteral("Electricity used by an average US home in a year")));
    QVERIFY(!find(QStringLiteral("Electricity price"))); // cloud: electricity is in the rent
}

void TestReport::tablesBreakBetweenRowsAndRepeatTheirHeader()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("table.pdf"));
    constexpr int kRows = 150;
    int pages = 0;
    {
        QPdfWriter pdf(file);
        pdf.setResolution(96);
        pdf.setPageSize(QPageSize(QPageSize::A4));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        PageLayout layout(&pdf, ReportStyle(), QMarginsF(56, 64, 56, 60));
        TableSpec table;
        table.headers = {QStringLiteral("Key"), QStringLiteral("Value")};
        table.columnWeights = {1.0, 1.0};
        for (int i = 0; i < kRows; ++i)
            table.rows.push_back({QStringLiteral("row%1").arg(i), QStringLiteral("v%1").arg(i)});
        layout.table(table);
        pages = layout.pageCount();
        QPainter painter(&pdf);
        for (int page = 0; page < pages; ++page) {
            if (page > 0)
                pdf.newPage();
            layout.paint(painter, page, {});
        }
    }
    QVERIFY2(pages >= 3, qPrintable(QString::number(pages))); // about 50 rows fit on A4
    const QString text = pdfText(file);
    if (text.isNull())
        QSKIP("pdftotext (poppler-utils) is not installed");
    QCOMPARE(pdfPages(file), pages);
    for (int i = 0; i < kRows; ++i)
        QCOMPARE(text.count(QRegularExpression(QStringLiteral("\\brow%1\\b").arg(i))), 1);
    QCOMPARE(text.count(QStringLiteral("Key")), pages);
    QCOMPARE(text.count(QStringLiteral("Page %1 of %2").arg(pages).arg(pages)), 1);
}

void TestReport::reportOnOneScenario()
{
    const ReportScenario input = simulated("default", 900.0);
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("report.pdf"));
    int pages = 0;
    QCOMPARE(writeReport(file, {input}, {}, &pages), QString());
    QCOMPARE(head(file, 5), QByteArray("%PDF-"));
    // Title, summary, six charts at two a page, two appendix pages at least, methodology.
    QVERIFY2(pages >= 7 && pages <= 16, qPrintable(QString::number(pages)));
    const QString text = pdfText(file);
    if (text.isNull())
        QSKIP("pdftotext (poppler-utils) is not installed");
    QCOMPARE(pdfPages(file), pages);
    const QString flat = squeezed(text);
    const tw::metrics::Results &r = input.output->current;
    for (const QString &expected :
         {QStringLiteral("Executive summary"), money(r.cost.perMonthUsd),
          money(r.cost.perMillionOutputTokensUsd), latency(r.ttftSeconds.p95),
          mass(r.carbon.tonnesPerYear * 1000.0), QStringLiteral("Cost by component"),
          QStringLiteral("workload.arrival.ratePerSecond"), QStringLiteral("region.id"),
          QStringLiteral("stas00/ml-engineering"),
          QStringLiteral("Energy Information Administration"),
          QStringLiteral("Appendix B — Methodology"), QStringLiteral("Page 2 of %1").arg(pages)})
        QVERIFY2(flat.contains(expected), qPrintable(expected));
    QVERIFY(flat.contains(QStringLiteral("Serving Llama-3.1-70B-Instruct on eight H100 SXM5 80GB "
                                         "GPUs costs ")
                          + money(r.cost.perMonthUsd)));
    QVERIFY(!flat.contains(QStringLiteral("What moves the cost"))); // no sensitivity given
}

/// With a sensitivity result, a one-scenario report adds a page: the input that moves the cost
/// per 1M output tokens most, with its two ends in dollars and its range, the tornado, and
/// where each range comes from, and how sure the figures are over several seeds. For the
/// default example it is GPU rent: the catalog's on-demand H100 prices run from well below the
/// p5 price it rents at.
void TestReport::reportSaysWhatMovesTheCost()
{
    ReportScenario input = simulated("default", 900.0);
    input.sensitivity = std::make_shared<const tw::sweep::SensitivityResult>(
            tw::sweep::sensitivity(input.scenario));
    tw::sweep::ReplicationOptions replication;
    replication.replications = 5;
    input.replication = std::make_shared<const tw::sweep::ReplicationResult>(
            tw::sweep::replicate(input.scenario, replication));
    const tw::sweep::SensitivityRow &top = input.sensitivity->rows.front();
    QCOMPARE(QString::fromStdString(top.id), QStringLiteral("gpu-rent"));
    const QString flat = reportText(input);
    if (flat.isNull())
        QSKIP("pdftotext (poppler-utils) is not installed");
    const auto usd = [](double v) { return QString::fromStdString(tw::metrics::formatUsd(v, 2)); };
    const QString expected
            = QStringLiteral("moves most with GPU rent, from %1 to %2 (at %3 to %4 $/GPU-hour)")
                      .arg(usd(top.low.usdPerMillionOutputTokens),
                           usd(top.high.usdPerMillionOutputTokens),
                           QString::fromStdString(tw::metrics::formatSignificant(top.lowValue)),
                           QString::fromStdString(tw::metrics::formatSignificant(top.highValue)));
    // pdftotext drops the hyphen of "$/GPU-hour" where the line wraps there: compare without
    // spaces and hyphens.
    const auto bare = [](QString t) { return t.remove(QLatin1Char(' ')).remove(QLatin1Char('-')); };
    QVERIFY2(bare(flat).contains(bare(expected)), qPrintable(expected));
    for (const QString &part :
         {QStringLiteral("What moves the cost"), QStringLiteral("What moves the result"),
          QStringLiteral("cloud_gpu_prices.csv"),
          QStringLiteral("Left out: purchase and electricity prices")})
        QVERIFY2(flat.contains(part), qPrintable(part));
    // How sure: the mean of five seeds and its interval, as the replications computed them.
    const tw::sweep::ReplicatedFigure &cost = input.replication->figures.front();
    const QString sure
            = QStringLiteral("Simulated again with 5 seeds (1 to 5), the cost per 1M "
                             "output tokens averages %1 with a 95 % interval of ±%2")
                      .arg(usd(cost.mean), QString::fromStdString(tw::metrics::formatPercent(
                                                   cost.halfWidth95 / cost.mean)));
    QVERIFY2(flat.contains(sure), qPrintable(sure));
}

/// With a plan, a one-scenario report adds "What to run": the fleet as simulated and the
/// cheapest configuration within the objective with its monthly cost and the change, and the
/// table of the cheapest.
void TestReport::reportSaysWhatToRun()
{
    ReportScenario input = simulated("default", 900.0);
    auto plan = std::make_shared<ReportScenario::Plan>();
    plan->options.gpus = {"h100_sxm", "a100_sxm_80"};
    plan->options.maxReplicas = 4;
    plan->slo = input.scenario.slo;
    plan->result = tw::sweep::plan(input.scenario, plan->options);
    QVERIFY(!plan->result.cheapest.empty());
    input.plan = plan;
    const QString flat = reportText(input);
    if (flat.isNull())
        QSKIP("pdftotext (poppler-utils) is not installed");
    const tw::sweep::PlanConfig &best = plan->result.cheapest.front();
    const tw::sweep::PlanConfig &now = plan->result.current;
    const auto whole
            = [](double v) { return QString::fromStdString(tw::metrics::formatUsd(v, 0)); };
    const QString percent = QString::number(
            std::fabs(100.0 * (best.usdPerMonth / now.usdPerMonth - 1.0)), 'f', 0);
    for (const QString &part :
         {QStringLiteral("What to run"),
          QStringLiteral("costs %1 a month and meets it").arg(whole(now.usdPerMonth)),
          QStringLiteral("The cheapest that meets it is"),
          QStringLiteral("%1 a month (−%2 %)").arg(whole(best.usdPerMonth), percent),
          QStringLiteral("The cheapest configurations within the objective")})
        QVERIFY2(flat.contains(part), qPrintable(part));
}

void TestReport::reportOnSeveralScenarios()
{
    const std::vector<ReportScenario> inputs{simulated("thin-traffic-self-hosted", 1800.0),
                                             simulated("thin-traffic-api", 1800.0)};
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("comparison.pdf"));
    int pages = 0;
    QCOMPARE(writeReport(file, inputs, {}, &pages), QString());
    QCOMPARE(head(file, 5), QByteArray("%PDF-"));
    QVERIFY2(pages >= 6 && pages <= 20, qPrintable(QString::number(pages)));
    const QString text = pdfText(file);
    if (text.isNull())
        QSKIP("pdftotext (poppler-utils) is not installed");
    const QString flat = squeezed(text);
    for (const ReportScenario &input : inputs) {
        QVERIFY2(flat.contains(input.label), qPrintable(input.label));
        QVERIFY2(flat.contains(money(input.output->current.cost.perMonthUsd)),
                 qPrintable(input.label));
    }
    for (const QString &expected :
         {QStringLiteral("Comparison of 2 scenarios"), QStringLiteral("costs the least"),
          QStringLiteral("Comparison charts"), QStringLiteral("Cost per month by component"),
          QStringLiteral("Highlighted rows differ")})
        QVERIFY2(flat.contains(expected), qPrintable(expected));
}

QTEST_MAIN(TestReport)
#include "tst_report.moc"
