// Comparing scenarios (core/compare): differences against the first scenario, the parameters
// that differ, the three output formats, and running the scenarios side by side. Expected
// numbers are worked out by hand in the comments.

#include "store_fixtures.h"
#include "test_support.h"

#include "core/common/error.h"
#include "core/compare/compare.h"
#include "core/compare/compare_format.h"
#include "core/metrics/results_format.h"
#include "core/run/simulate.h"

#include <cmath>
#include <limits>

namespace {

using tw::compare::Comparison;
using tw::compare::KpiRow;
using tw::metrics::Results;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Three runs with figures chosen so every difference is exact in binary floating point.
std::vector<Results> threeRuns()
{
    Results a, b, c;
    a.requestsPerSecond = 4;   // baseline
    b.requestsPerSecond = 5;   // +1, +25 %
    c.requestsPerSecond = 3;   // -1, -25 %
    a.cost.totalUsd = 0;       // baseline 0:
    b.cost.totalUsd = 2;       //   +2, no finite percentage
    c.cost.totalUsd = 0;       //   0, 0 %
    a.ttftSeconds.p95 = 0.5;   // 500 ms
    b.ttftSeconds.p95 = 0.625; // +125 ms, +25 %
    c.ttftSeconds.p95 = kNaN;  // no value: no difference either
    a.measuredRequests = b.measuredRequests = c.measuredRequests = 1; // latencies need one
    a.unfinishedQueued = 1; // unfinished = queued + running = 3
    a.unfinishedRunning = 2;
    b.unfinishedQueued = 6; // 6: +3, +100 %
    c.sloAttainment = 0.25; // a: 0 -> c: 0.25 (shown as 25 %)
    return {a, b, c};
}

const KpiRow &row(const std::vector<KpiRow> &rows, std::string_view key)
{
    for (const KpiRow &each : rows) {
        if (each.kpi.key == key)
            return each;
    }
    qFatal("no KPI %s", std::string(key).c_str());
}

Comparison handComparison()
{
    return tw::compare::compareScenarios(
            {"a.json", "wb.tokenwatt:b", "example 'c'"}, threeRuns(),
            {R"({"rate": 4, "gpu": "h100_sxm", "tags": [1, 2]})",
             R"({"rate": 5, "gpu": "h100_sxm", "tags": [1, 2]})",
             R"({"rate": 4, "gpu": "a100_80gb", "tags": [1, 2], "extra": true})"});
}

} // namespace

class TestStoreCompare : public QObject
{
    Q_OBJECT

private slots:
    void differencesAgainstTheFirst()
    {
        const std::vector<KpiRow> rows = tw::compare::compareKpis(threeRuns());
        QCOMPARE(rows.size(), tw::compare::kpis().size());

        const KpiRow &rate = row(rows, "requestsPerSecond");
        QCOMPARE(rate.values, (std::vector<double>{4, 5, 3}));
        QCOMPARE(rate.absoluteDifference, (std::vector<std::optional<double>>{0.0, 1.0, -1.0}));
        QCOMPARE(rate.percentDifference, (std::vector<std::optional<double>>{0.0, 25.0, -25.0}));

        const KpiRow &cost = row(rows, "cost.totalUsd");
        QCOMPARE(cost.absoluteDifference, (std::vector<std::optional<double>>{0.0, 2.0, 0.0}));
        QCOMPARE(cost.percentDifference,
                 (std::vector<std::optional<double>>{0.0, std::nullopt, 0.0}));

        const KpiRow &ttft = row(rows, "ttftSeconds.p95");
        QCOMPARE(ttft.absoluteDifference,
                 (std::vector<std::optional<double>>{0.0, 0.125, std::nullopt}));
        QCOMPARE(ttft.percentDifference,
                 (std::vector<std::optional<double>>{0.0, 25.0, std::nullopt}));

        const KpiRow &unfinished = row(rows, "unfinishedRequests");
        QCOMPARE(unfinished.values, (std::vector<double>{3, 6, 0}));
        QCOMPARE(unfinished.percentDifference,
                 (std::vector<std::optional<double>>{0.0, 100.0, -100.0}));
    }

    void percentagesOfNegativeAndZeroBaselines()
    {
        // 100 x (-3 - (-2)) / |-2| = -50: the sign follows the change, not the baseline.
        QCOMPARE(tw::compare::percentDifference(-3, -2), std::optional<double>(-50.0));
        QCOMPARE(tw::compare::percentDifference(0, 0), std::optional<double>(0.0));
        QCOMPARE(tw::compare::percentDifference(1, 0), std::optional<double>());
        QCOMPARE(tw::compare::absoluteDifference(kNaN, 1), std::optional<double>());
    }

    void flattenedPaths()
    {
        using Leaves = std::vector<std::pair<std::string, std::string>>;
        QCOMPARE(tw::compare::flattenJson(
                         R"({"a": {"b": [1, 2]}, "c": [], "d": {}, "e": [{"f": null}, "g"]})"),
                 (Leaves{{"a.b", "[1,2]"},
                         {"c", "[]"},
                         {"d", "{}"},
                         {"e[0].f", "null"},
                         {"e[1]", "\"g\""}}));
        bool refused = false;
        try {
            tw::compare::flattenJson("{");
        } catch (const tw::InputError &) {
            refused = true;
        }
        QVERIFY(refused);
    }

    void parametersThatDiffer()
    {
        const auto differences = handComparison().parameters;
        QCOMPARE(differences.size(), std::size_t(3));
        QCOMPARE(differences[0].path, std::string("rate"));
        QCOMPARE(differences[0].values, (std::vector<std::optional<std::string>>{"4", "5", "4"}));
        QCOMPARE(differences[1].path, std::string("gpu"));
        QCOMPARE(differences[1].values, (std::vector<std::optional<std::string>>{
                                                "\"h100_sxm\"", "\"h100_sxm\"", "\"a100_80gb\""}));
        QCOMPARE(differences[2].path, std::string("extra"));
        QCOMPARE(differences[2].values,
                 (std::vector<std::optional<std::string>>{std::nullopt, std::nullopt, "true"}));
    }

    void tableShowsDifferencesInDisplayUnits()
    {
        const QString table
                = QString::fromStdString(tw::compare::formatComparisonTable(handComparison()));
        QVERIFY2(table.startsWith("Scenarios (differences are against A):\n  A  a.json\n"
                                  "  B  wb.tokenwatt:b\n  C  example 'c'\n"),
                 qPrintable(table));
        const auto hasRow = [&](const QString &pattern) {
            return QRegularExpression("\\n" + pattern + "\\n").match(table).hasMatch();
        };
        QVERIFY2(hasRow(R"(KPI\s+unit\s+A\s+B\s+C\s+B - A\s+B vs A\s+C - A\s+C vs A)"),
                 qPrintable(table));
        QVERIFY2(hasRow(R"(Throughput\s+req/s\s+4\.00\s+5\.00\s+3\.00\s+\+1\.00\s+\+25\.0 %\s+)"
                        R"(-1\.00\s+-25\.0 %)"),
                 qPrintable(table));
        // Seconds are shown in ms; a missing value is "-" and its differences "n/a".
        QVERIFY2(hasRow(R"(TTFT p95\s+ms\s+500\s+625\s+-\s+\+125\s+\+25\.0 %\s+n/a\s+n/a)"),
                 qPrintable(table));
        QVERIFY2(hasRow(R"(Cost\s+USD\s+0\s+2\.00\s+0\s+\+2\.00\s+n/a\s+0\s+0\.0 %)"),
                 qPrintable(table));
        // Fractions are shown as percentages.
        QVERIFY2(hasRow(R"(SLO attainment\s+%\s+0\s+0\s+25\.0\s+0\s+0\.0 %\s+\+25\.0\s+n/a)"),
                 qPrintable(table));
        QVERIFY2(table.contains(QRegularExpression(R"(\nParameters that differ \(3\):\n)"
                                                   R"(parameter\s+A\s+B\s+C\nrate\s+4\s+5\s+4\n)")),
                 qPrintable(table));
        QVERIFY2(table.contains(QRegularExpression(R"(\nextra\s+\(none\)\s+\(none\)\s+true\n)")),
                 qPrintable(table));
    }

    void csvAndJsonCarryExactNumbers()
    {
        const QString csv
                = QString::fromStdString(tw::compare::formatComparisonCsv(handComparison()));
        QVERIFY2(csv.startsWith("kind,key,unit,A,B,C,B-A,C-A,B-A %,C-A %\n"), qPrintable(csv));
        QVERIFY2(csv.contains("\nkpi,requestsPerSecond,req/s,4,5,3,1,-1,25,-25\n"),
                 qPrintable(csv));
        QVERIFY2(csv.contains("\nkpi,ttftSeconds.p95,s,0.5,0.625,,0.125,,25,\n"), qPrintable(csv));
        QVERIFY2(csv.contains("\nkpi,cost.totalUsd,USD,0,2,0,2,0,,0\n"), qPrintable(csv));
        QVERIFY2(csv.contains("\nparameter,gpu,,\"\"\"h100_sxm\"\"\",\"\"\"h100_sxm\"\"\","
                              "\"\"\"a100_80gb\"\"\",,,,\n"),
                 qPrintable(csv));

        const nlohmann::json json = tw::compare::comparisonToJson(handComparison());
        QCOMPARE(json["scenarios"][1]["letter"], nlohmann::json("B"));
        QCOMPARE(json["scenarios"][1]["label"], nlohmann::json("wb.tokenwatt:b"));
        const nlohmann::json &first = json["kpis"][0];
        QCOMPARE(first["key"], nlohmann::json("requestsPerSecond"));
        QCOMPARE(first["better"], nlohmann::json("higher"));
        QCOMPARE(first["values"], nlohmann::json({4.0, 5.0, 3.0}));
        QCOMPARE(first["percentDifference"], nlohmann::json({0.0, 25.0, -25.0}));
        QCOMPARE(json["parameters"][2]["values"], nlohmann::json({nullptr, nullptr, "true"}));
    }

    void scenariosRunSideBySideAsAlone()
    {
        const tw::catalog::Catalog &catalog = tw::catalog::Catalog::builtIn();
        const std::vector<std::string> json{tw::test::shortDefaultJson(120, 2),
                                            tw::test::shortDefaultJson(120, 4)};
        std::vector<tw::scenario::Scenario> scenarios;
        for (const std::string &each : json)
            scenarios.push_back(tw::scenario::parseScenarioJson(each, catalog));
        const std::vector<Results> together
                = tw::compare::simulateAll(scenarios, {"slow", "fast"}, {});
        for (std::size_t i = 0; i < scenarios.size(); ++i) {
            nlohmann::json alone = tw::metrics::toJson(tw::run::simulate(scenarios[i]));
            nlohmann::json side = tw::metrics::toJson(together[i]);
            alone.erase("wallSeconds");
            side.erase("wallSeconds");
            QCOMPARE(side, alone);
        }
        const auto differences = tw::compare::parameterDifferences(json);
        QCOMPARE(differences.size(), std::size_t(1));
        QCOMPARE(differences[0].path, std::string("workload.arrival.ratePerSecond"));
        QCOMPARE(differences[0].values, (std::vector<std::optional<std::string>>{"2", "4"}));
    }

    void aFailingScenarioIsNamed()
    {
        const tw::catalog::Catalog &catalog = tw::catalog::Catalog::builtIn();
        // 70B parameters in bf16 are 141 GB: they do not fit one 80 GB H100.
        const tw::scenario::Scenario tooSmall
                = tw::scenario::withParameter(tw::test::shortDefaultJson(60),
                                              "deployments[0].hardware.gpusPerReplica", 1, catalog);
        const tw::scenario::Scenario fine
                = tw::scenario::parseScenarioJson(tw::test::shortDefaultJson(60), catalog);
        QString message;
        try {
            tw::compare::simulateAll({fine, tooSmall}, {"ok.json", "small.json"}, {});
        } catch (const tw::InputError &error) {
            message = QString::fromStdString(error.what());
        }
        QVERIFY2(message.startsWith("small.json: "), qPrintable(message));
    }
};

QTEST_GUILESS_MAIN(TestStoreCompare)
#include "tst_store_compare.moc"
