// Two-parameter grids (sweep::runGrid): every point equals the single run with both
// parameters set, points come in the documented order, and the formats name both axes.

#include "core/catalog/catalog.h"
#include "core/metrics/sweep_format.h"
#include "core/run/simulate.h"
#include "core/scenario_io/examples.h"
#include "core/scenario_io/scenario_json.h"
#include "core/sweep/sweep.h"
#include "test_support.h"

#include <nlohmann/json.hpp>

using namespace tw;

class TestSweepGrid : public QObject
{
    Q_OBJECT

private slots:
    void everyPointIsTheRunWithBothParametersSet();
    void formatsNameBothAxes();
};

namespace {

std::string shortDefault()
{
    nlohmann::json json = nlohmann::json::parse(scenario::findExample("default")->json);
    json["simulation"]["horizonSeconds"] = 300;
    json["simulation"]["warmupSeconds"] = 30;
    return json.dump();
}

const std::string kRate = "workload.arrival.ratePerSecond";
const std::string kReplicas = "deployments[0].hardware.replicas";

} // namespace

void TestSweepGrid::everyPointIsTheRunWithBothParametersSet()
{
    const catalog::Catalog &catalog = catalog::Catalog::builtIn();
    const std::string json = shortDefault();
    const std::vector<double> rates{2.0, 5.0, 8.0}, replicas{1.0, 2.0};
    sweep::SweepOptions options;
    options.threads = 2;
    const std::vector<sweep::SweepPoint> grid
            = sweep::runGrid(json, {}, kRate, rates, kReplicas, replicas, catalog, options);
    QCOMPARE(grid.size(), std::size_t(6));
    for (std::size_t i = 0; i < grid.size(); ++i) {
        const double rate = rates[i % rates.size()];
        const double count = replicas[i / rates.size()]; // the second axis varies slowest
        QCOMPARE(grid[i].parameterValue, rate);
        QCOMPARE(grid[i].secondValue, count);
        const scenario::Scenario withCount
                = scenario::withParameter(json, kReplicas, count, catalog, {});
        const scenario::Scenario both = scenario::withParameter(
                scenario::toJson(withCount, catalog), kRate, rate, catalog, {});
        QCOMPARE(both.deployments.front().hardware.replicas, static_cast<int>(count));
        const metrics::Results direct = run::simulate(both);
        QCOMPARE(grid[i].results.completedRequests, direct.completedRequests);
        QCOMPARE(grid[i].results.generatedTokens, direct.generatedTokens);
        QCOMPARE(grid[i].results.cost.totalUsd, direct.cost.totalUsd);
        QCOMPARE(grid[i].results.ttftSeconds.p95, direct.ttftSeconds.p95);
    }
    // Twice the replicas at the same traffic: twice the rent.
    TW_COMPARE_REL(grid[3].results.cost.totalUsd, 2.0 * grid[0].results.cost.totalUsd, 1e-9);
}

void TestSweepGrid::formatsNameBothAxes()
{
    std::vector<metrics::SweepPoint> points(2);
    points[0].parameterValue = 2.0;
    points[0].secondValue = 1.0;
    points[1].parameterValue = 4.0;
    points[1].secondValue = 1.0;
    const metrics::SweepAxes axes{kRate, kReplicas};
    const std::string csv
            = metrics::formatGrid(axes, points, metrics::OutputFormat::Csv, {"cost.totalUsd"});
    QVERIFY(csv.rfind(kReplicas + "," + kRate + ",cost.totalUsd,status\n", 0) == 0);
    QVERIFY(csv.find("\n1,4,") != std::string::npos);
    const nlohmann::json json = nlohmann::json::parse(
            metrics::formatGrid(axes, points, metrics::OutputFormat::Json, {"cost.totalUsd"}));
    QVERIFY(json["parameters"] == nlohmann::json::array({kRate, kReplicas}));
    QCOMPARE(json["points"][1]["secondValue"].get<double>(), 1.0);
    const std::string table
            = metrics::formatGrid(axes, points, metrics::OutputFormat::Table, {"cost.totalUsd"});
    QVERIFY(table.rfind("Grid of " + kReplicas + " x " + kRate + " (2 points)", 0) == 0);
}

QTEST_APPLESS_MAIN(TestSweepGrid)
#include "tst_sweep_grid.moc"
