// Accounting a kept simulation again (accounting::reaccount) must give exactly what simulating
// the edited scenario gives, for every input that only accounting reads; and every input the
// engine or the meter reads must make the scenarios differ (withoutAccountingInputs).

#include "core/accounting/reaccount.h"
#include "core/catalog/catalog.h"
#include "core/metrics/results_format.h"
#include "core/run/simulate.h"
#include "core/scenario_io/examples.h"
#include "core/scenario_io/scenario_json.h"

#include <QTest>

#include <functional>

using namespace tw;

using Edit = std::function<void(scenario::Scenario &)>;
Q_DECLARE_METATYPE(Edit)

namespace {

scenario::Scenario example(const char *name)
{
    const scenario::Example *e = scenario::findExample(name);
    if (!e)
        qFatal("example %s missing", name);
    scenario::Scenario s = scenario::parseScenarioJson(e->json, catalog::Catalog::builtIn());
    // Ten simulated minutes are enough to exercise every term and keep the test quick.
    s.simulation.horizonSeconds = 600.0;
    s.simulation.warmupSeconds = 60.0;
    return s;
}

std::string simulationKey(const scenario::Scenario &s)
{
    return scenario::toJson(accounting::withoutAccountingInputs(s), catalog::Catalog::builtIn());
}

/// Every output field as JSON, the run's wall time left out (it is not deterministic).
std::string comparable(metrics::Results results)
{
    results.wallSeconds = 0.0;
    return metrics::toJson(results).dump(1);
}

} // namespace

class TestReaccount : public QObject
{
    Q_OBJECT

private slots:
    void accountingOnlyEditsMatchAFreshSimulation_data();
    void accountingOnlyEditsMatchAFreshSimulation();
    void simulationEditsChangeTheKey_data();
    void simulationEditsChangeTheKey();
};

void TestReaccount::accountingOnlyEditsMatchAFreshSimulation_data()
{
    QTest::addColumn<QString>("exampleName");
    QTest::addColumn<Edit>("edit");
    auto row = [](const char *name, const char *exampleName, Edit edit) {
        QTest::newRow(name) << QString::fromLatin1(exampleName) << edit;
    };
    row("pue", "default", [](scenario::Scenario &s) { s.region.pue = 1.1; });
    row("region", "default", [](scenario::Scenario &s) {
        s.region.regionId = "SWE";
        s.region.carbonIntensityGramsPerKwh = 32.0;
    });
    row("cloud price", "default",
        [](scenario::Scenario &s) { s.deployments[0].hosting.pricePerGpuHourUsd *= 0.5; });
    row("batch api", "thin-traffic-api", [](scenario::Scenario &s) {
        for (scenario::Deployment &d : s.deployments)
            d.api.batchShare = 0.3;
    });
    row("price change", "dgx-on-premises",
        [](scenario::Scenario &s) { s.prices.changePercent = -30.0; });
    row("on-premises lines", "dgx-on-premises", [](scenario::Scenario &s) {
        s.deployments[0].hosting.financingRatePercent = 7.0;
        s.deployments[0].hosting.residualValueFraction = 0.15;
        s.deployments[0].hosting.staffUsdPerYear = 90000.0;
        s.deployments[0].hosting.colocationUsdPerKwMonth = 180.0;
    });
    row("on premises", "dgx-on-premises", [](scenario::Scenario &s) {
        s.deployments[0].hosting.purchasePricePerNodeUsd = 250'000.0;
        s.deployments[0].hosting.amortizationYears = 4.0;
        s.region.electricityPricePerKwhUsd = 0.2;
    });
    row("embodied carbon", "default", [](scenario::Scenario &s) {
        s.deployments[0].hosting.embodiedKgCo2ePerGpu = 400.0;
        s.deployments[0].hosting.hardwareLifetimeYears = 3.0;
    });
    row("server overhead", "default", [](scenario::Scenario &s) {
        s.deployments[0].power.serverOverheadWattsPerGpu = 120.0;
        s.deployments[0].power.serverOverheadFraction = 0.1;
    });
    row("api prices", "thin-traffic-api", [](scenario::Scenario &s) {
        for (scenario::Deployment &d : s.deployments) {
            d.api.inputUsdPerMillionTokens = 3.0;
            d.api.outputUsdPerMillionTokens = 15.0;
            d.api.cachedInputShare = 0.4;
        }
    });
    row("cache lookup cost", "route-and-cache",
        [](scenario::Scenario &s) { s.cache.costPerLookupUsd = 0.0002; });
}

void TestReaccount::accountingOnlyEditsMatchAFreshSimulation()
{
    QFETCH(QString, exampleName);
    QFETCH(Edit, edit);
    const scenario::Scenario base = example(exampleName.toLatin1().constData());
    scenario::Scenario edited = base;
    edit(edited);

    const accounting::MeteredResults run = run::simulateMetered(base);
    QVERIFY(run.meter);
    QCOMPARE(simulationKey(edited), simulationKey(base));
    const metrics::Results fresh = run::simulate(edited);
    const metrics::Results reaccounted = accounting::reaccount(edited, run);
    // The edit must matter, or the comparison below would prove nothing.
    QVERIFY(comparable(fresh) != comparable(run.results));
    QCOMPARE(comparable(reaccounted), comparable(fresh));
}

void TestReaccount::simulationEditsChangeTheKey_data()
{
    QTest::addColumn<Edit>("edit");
    QTest::newRow("arrival rate") << Edit(
            [](scenario::Scenario &s) { s.workload.arrival.ratePerSecond *= 2.0; });
    QTest::newRow("hourly carbon profile") << Edit([](scenario::Scenario &s) {
        s.region.hourlyCarbonProfile = true;
        s.region.hourlyCarbonMultipliers.fill(1.0);
        s.region.hourlyCarbonMultipliers[12] = 0.5;
    });
    QTest::newRow("power cap") << Edit(
            [](scenario::Scenario &s) { s.deployments[0].power.powerCapWatts = 500.0; });
    QTest::newRow("idle watts") << Edit(
            [](scenario::Scenario &s) { s.deployments[0].power.idleWatts = 90.0; });
    QTest::newRow("replicas") << Edit(
            [](scenario::Scenario &s) { s.deployments[0].hardware.replicas += 1; });
    QTest::newRow("slo") << Edit([](scenario::Scenario &s) { s.slo.ttftSeconds = 0.1; });
    QTest::newRow("seed") << Edit([](scenario::Scenario &s) { s.simulation.seed += 1; });
    QTest::newRow("spot interruptions") << Edit(
            [](scenario::Scenario &s) { s.deployments[0].hosting.interruptionsPerDay = 2.0; });
    QTest::newRow("autoscaling") << Edit(
            [](scenario::Scenario &s) { s.deployments[0].autoscaling.enabled = true; });
    QTest::newRow("overflow") << Edit(
            [](scenario::Scenario &s) { s.deployments[0].overflow.deployment = "elsewhere"; });
}

void TestReaccount::simulationEditsChangeTheKey()
{
    QFETCH(Edit, edit);
    const scenario::Scenario base = example("default");
    scenario::Scenario edited = base;
    edit(edited);
    QVERIFY(simulationKey(edited) != simulationKey(base));
}

QTEST_GUILESS_MAIN(TestReaccount)
#include "tst_reaccount.moc"
