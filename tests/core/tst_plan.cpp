// Right-sizing (core/sweep/plan.h) against brute force: on a small grid every fleet is
// simulated at every offer, straight from the scenario (no re-accounting, no bounds, no
// search), and the plan's cheapest configuration and Pareto front must be the same.

#include "core/catalog/catalog.h"
#include "core/common/error.h"
#include "core/hardware/perf_model.h"
#include "core/run/simulate.h"
#include "core/scenario_io/catalog_apis.h"
#include "core/scenario_io/examples.h"
#include "core/scenario_io/scenario_json.h"
#include "core/sweep/plan.h"
#include "test_support.h"

#include <algorithm>

using namespace tw;

class TestPlan : public QObject
{
    Q_OBJECT

private slots:
    void matchesBruteForceOnASmallGrid();
    void precisionRulesFollowTheServingSoftware();
    void peakHourNeedsAtLeastTheWindowsFleet();
    void refusesUnusableOptions();
};

namespace {

scenario::Scenario smallDefault()
{
    scenario::Scenario s = scenario::parseScenarioJson(scenario::findExample("default")->json,
                                                       catalog::Catalog::builtIn());
    s.simulation.horizonSeconds = 900.0;
    s.simulation.warmupSeconds = 120.0;
    s.workload.arrival.ratePerSecond = 3.0;
    return s;
}

sweep::PlanOptions smallGrid()
{
    sweep::PlanOptions o;
    o.gpus = {"h100_sxm", "a100_sxm_80"};
    o.tensorParallel = {2, 4};
    o.precisions = {model::Precision::Bf16, model::Precision::Fp8};
    o.maxReplicas = 3;
    o.includeMatchingApis = false;
    o.top = 1000;
    return o;
}

/// The verdict, restated: no growing queue, nothing refused, and 90 % of the deployment's
/// requests within the SLO.
bool meets(const metrics::Results &r)
{
    const metrics::DeploymentResults &d = r.deployments.front();
    return r.status == metrics::RunStatus::Completed
           && static_cast<double>(r.unfinishedQueued)
                      <= 0.01 * static_cast<double>(r.arrivedRequests)
           && r.rejectedRequests == 0 && d.completedRequests > 0 && d.sloAttainment >= 0.9;
}

struct Fleet
{
    sweep::PlanConfig config; ///< at its cheapest offer
    double deploymentUsd = 0.0;
};

bool sameFleet(const sweep::PlanConfig &a, const sweep::PlanConfig &b)
{
    return a.gpuId == b.gpuId && a.gpusPerReplica == b.gpusPerReplica && a.replicas == b.replicas
           && a.weightPrecision == b.weightPrecision && a.batchLimit == b.batchLimit;
}

} // namespace

void TestPlan::matchesBruteForceOnASmallGrid()
{
    const scenario::Scenario base = smallDefault();
    const sweep::PlanOptions options = smallGrid();
    const sweep::PlanResult plan = sweep::plan(base, options);

    // Brute force: every GPU x TP x precision x replicas x on-demand offer, simulated.
    const std::vector<scenario::CatalogOffering> offerings
            = scenario::pricedCloudOfferings(catalog::Catalog::builtIn());
    std::vector<Fleet> fleets;
    int meeting = 0;
    for (const std::string &gpu : options.gpus)
        for (int tp : options.tensorParallel)
            for (model::Precision precision : options.precisions)
                for (int r = 1; r <= options.maxReplicas; ++r) {
                    std::optional<Fleet> best;
                    for (const scenario::CatalogOffering &offer : offerings) {
                        if (offer.gpuId != gpu || offer.priceType.rfind("on-demand", 0) != 0)
                            continue;
                        sweep::PlanConfig c;
                        c.gpuId = gpu;
                        c.gpusPerReplica = tp;
                        c.replicas = r;
                        c.weightPrecision = precision;
                        c.batchLimit = 256;
                        c.hosting = offer.key;
                        c.priceType = offer.priceType;
                        c.pricePerGpuHourUsd = offer.pricePerGpuHourUsd;
                        const scenario::Scenario s = sweep::withPlanConfig(base, "main", c);
                        metrics::Results results;
                        try {
                            results = run::simulate(s);
                        } catch (const InputError &) {
                            continue; // does not fit
                        }
                        if (!meets(results))
                            continue;
                        ++meeting;
                        c.usdPerMonth = results.cost.perMonthUsd;
                        c.e2eP95Seconds = results.deployments.front().e2eSeconds.p95;
                        c.kwhPerMonth = results.energy.facilityKwh * 730.0 * 3600.0
                                        / results.horizonSeconds;
                        const double deploymentUsd = results.deployments.front().cost.perMonthUsd;
                        if (!best || deploymentUsd < best->deploymentUsd)
                            best = Fleet{c, deploymentUsd};
                    }
                    if (best)
                        fleets.push_back(*best);
                }
    QVERIFY2(fleets.size() >= 4, "the grid should hold several fleets that meet the SLO");
    QVERIFY2(meeting < 200, "and some that do not");
    std::sort(fleets.begin(), fleets.end(),
              [](const Fleet &a, const Fleet &b) { return a.deploymentUsd < b.deploymentUsd; });

    // The cheapest: the same fleet, offer and cost.
    QVERIFY(!plan.cheapest.empty());
    const sweep::PlanConfig &cheapest = plan.cheapest.front();
    const sweep::PlanConfig &expected = fleets.front().config;
    QVERIFY2(sameFleet(cheapest, expected),
             qPrintable(QString("plan %1x%2 %3, brute force %4x%5 %6")
                                .arg(cheapest.replicas)
                                .arg(cheapest.gpusPerReplica)
                                .arg(QString::fromStdString(cheapest.gpuId))
                                .arg(expected.replicas)
                                .arg(expected.gpusPerReplica)
                                .arg(QString::fromStdString(expected.gpuId))));
    QCOMPARE(cheapest.hosting, expected.hosting);
    QVERIFY(test::closeRelative(cheapest.usdPerMonth, expected.usdPerMonth, 1e-9));

    // The Pareto front over cost, p95 end-to-end latency and energy, within twice the
    // cheapest fleet's deployment cost.
    const double ceiling = options.costCeiling * fleets.front().deploymentUsd;
    std::vector<sweep::PlanConfig> front;
    for (const Fleet &f : fleets) {
        if (f.deploymentUsd > ceiling * (1.0 + 1e-12))
            continue;
        const bool beaten = std::any_of(fleets.begin(), fleets.end(), [&](const Fleet &o) {
            const sweep::PlanConfig &a = o.config, &b = f.config;
            return a.usdPerMonth <= b.usdPerMonth && a.e2eP95Seconds <= b.e2eP95Seconds
                   && a.kwhPerMonth <= b.kwhPerMonth
                   && (a.usdPerMonth < b.usdPerMonth || a.e2eP95Seconds < b.e2eP95Seconds
                       || a.kwhPerMonth < b.kwhPerMonth);
        });
        if (!beaten)
            front.push_back(f.config);
    }
    QCOMPARE(plan.pareto.size(), front.size());
    for (const sweep::PlanConfig &c : front)
        QVERIFY(std::any_of(plan.pareto.begin(), plan.pareto.end(),
                            [&](const sweep::PlanConfig &p) { return sameFleet(p, c); }));
    // Fewer simulations than the brute force's one per fleet and offer.
    QVERIFY(plan.counts.simulations < 48);
    QCOMPARE(plan.counts.candidates, plan.counts.infeasible + plan.counts.throughputBound
                                             + plan.counts.costBound + plan.counts.missSlo
                                             + plan.counts.meetSlo);
}

void TestPlan::precisionRulesFollowTheServingSoftware()
{
    const catalog::Catalog &catalog = catalog::Catalog::builtIn();
    const model::GpuSpec &v100 = *catalog.findGpu("v100_sxm2_32");
    const model::GpuSpec &a100 = *catalog.findGpu("a100_sxm_80");
    const model::GpuSpec &h100 = *catalog.findGpu("h100_sxm");
    QVERIFY(!hardware::precisionProblem(v100, model::Precision::Bf16).empty());
    QVERIFY(hardware::precisionProblem(v100, model::Precision::Fp16).empty());
    QVERIFY(!hardware::precisionProblem(v100, model::Precision::Fp8).empty());
    QVERIFY(hardware::precisionProblem(a100, model::Precision::Fp8).empty()); // FP8 Marlin
    QVERIFY(hardware::precisionProblem(h100, model::Precision::Fp8).empty());
    QVERIFY(hardware::precisionProblem(h100, model::Precision::Bf16).empty());
}

void TestPlan::peakHourNeedsAtLeastTheWindowsFleet()
{
    // The default scenario's window is 09:00-10:00 of a day peaking at 14:00 at three times
    // the trough: the busiest hour needs at least the replicas of the window.
    scenario::Scenario s = smallDefault();
    s.workload.arrival.ratePerSecond = 6.0;
    sweep::PlanOptions o = smallGrid();
    o.gpus = {"h100_sxm"};
    o.tensorParallel = {2};
    o.precisions = {model::Precision::Fp8};
    o.maxReplicas = 6;
    const sweep::PlanResult plan = sweep::plan(s, o);
    QVERIFY(!plan.cheapest.empty());
    QVERIFY(plan.peakHour.has_value());
    QCOMPARE(plan.peakHour->hour, 14);
    QVERIFY(plan.peakHour->replicas.has_value());
    QVERIFY(*plan.peakHour->replicas >= plan.cheapest.front().replicas);
    QVERIFY(plan.peakHour->arrivalRatePerSecond > 1.2 * 6.0 * 1.0);
}

void TestPlan::refusesUnusableOptions()
{
    const scenario::Scenario s = smallDefault();
    const auto pathOf = [&](const sweep::PlanOptions &o) {
        try {
            sweep::plan(s, o);
        } catch (const InputError &e) {
            return QString::fromStdString(e.issues().front().path);
        }
        return QString();
    };
    sweep::PlanOptions o = smallGrid();
    o.deployment = "nope";
    QCOMPARE(pathOf(o), QString("--deployment"));
    o = smallGrid();
    o.apis = {"OpenAI/gpt-9"};
    QCOMPARE(pathOf(o), QString("--api"));
    o = smallGrid();
    o.maxReplicas = 0;
    QCOMPARE(pathOf(o), QString("--max-replicas"));
}

QTEST_GUILESS_MAIN(TestPlan)
#include "tst_plan.moc"
