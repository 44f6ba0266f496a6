// The planner of "scenario plus curve" (core/run/curve_plan.h): the fixed grid of lever
// values, the horizons that fit a request budget, the preview window, and the plan that the
// window's runner and the report both start from.

#include "core/catalog/catalog.h"
#include "core/run/curve_plan.h"
#include "core/scenario_io/examples.h"
#include "core/scenario_io/scenario_json.h"
#include "test_support.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

using namespace tw;
using run::CurveBudget;
namespace curve = run::curve;

class TestCurvePlan : public QObject
{
    Q_OBJECT

private slots:
    void curveGridIsFixed();
    void previewOnlyWhereItIsRepresentative();
    void curvePointsShareTheBudget();
    void leversReadAndWriteAnyPath();
    void planSweepsTheDefaultLever();
};

namespace {

scenario::Scenario defaultExample()
{
    return scenario::parseScenarioJson(scenario::findExample("default")->json,
                                       catalog::Catalog::builtIn());
}

} // namespace

void TestCurvePlan::curveGridIsFixed()
{
    const CurveBudget budget;
    const std::string rate = "workload.arrival.ratePerSecond";
    const std::vector<double> values = curve::values(6.0, rate, budget);
    QCOMPARE(values.size(), std::size_t{24});
    QVERIFY(values.front() > 6.0 / 8.0 / 1.1 && values.front() < 6.0 / 8.0 * 1.1);
    QVERIFY(values.back() > 6.0 * 4.0 / 1.3 && values.back() < 6.0 * 4.0 * 1.3);
    QVERIFY(std::is_sorted(values.begin(), values.end()));
    // A small move of the lever keeps the grid, so every point is reused from the cache.
    QCOMPARE(curve::values(6.1, rate, budget), values);
    // Whole numbers for integer levers, without duplicates.
    const std::vector<double> users = curve::values(4.0, "workload.arrival.users", budget);
    QVERIFY(!users.empty());
    for (std::size_t i = 0; i < users.size(); ++i) {
        QCOMPARE(users[i], std::round(users[i]));
        QVERIFY(i == 0 || users[i] > users[i - 1]);
    }
    QVERIFY(curve::values(0.0, rate, budget).empty());
}

void TestCurvePlan::previewOnlyWhereItIsRepresentative()
{
    const CurveBudget budget;
    scenario::Scenario hour = defaultExample();
    // 6 req/s x 3,600 s = 21,600 requests: 3,600 x 4,000 / 21,600 = 667 s, down to whole
    // steps of five minutes: 600 s; at 3 req/s, 1,333 s: 1,200 s.
    QCOMPARE(curve::previewHorizon(hour, 21'600.0, budget), 600.0);
    QCOMPARE(curve::previewHorizon(hour, 10'800.0, budget), 1200.0);
    QCOMPARE(curve::previewHorizon(hour, 3'999.0, budget), 3600.0); // within the budget
    CurveBudget never = budget;
    never.previewRequests = 0.0;
    QCOMPARE(curve::previewHorizon(hour, 21'600.0, never), 3600.0);
    // Too big for even a preview to gain much: at least warm-up + 300 s = 600 s is measured,
    // and a preview longer than 3/4 of the run is not worth it.
    QCOMPARE(curve::previewHorizon(hour, 1e9, budget), 600.0);
    scenario::Scenario shortRun = hour;
    shortRun.simulation.horizonSeconds = 700.0;
    QCOMPARE(curve::previewHorizon(shortRun, 1e9, budget), 700.0);

    // A day with a diurnal profile: its first hours are the night, whose rate is not the day's.
    scenario::Scenario day = hour;
    day.simulation.horizonSeconds = 86'400.0;
    day.workload.arrival.startHour = 0.0;
    QCOMPARE(curve::previewHorizon(day, 6.0 * 86'400.0, budget), 86'400.0);
    day.workload.arrival.diurnal = false; // stationary: the start is as good as any part
    QVERIFY(curve::previewHorizon(day, 6.0 * 86'400.0, budget) < 86'400.0);

    // Expected arrivals, by hand: multipliers constant within each hour of the day.
    scenario::Scenario profile = hour;
    profile.workload.arrival.ratePerSecond = 2.0;
    profile.workload.arrival.startHour = 23.5;
    profile.workload.arrival.hourlyMultipliers.fill(1.0);
    profile.workload.arrival.hourlyMultipliers[23] = 0.5;
    profile.workload.arrival.hourlyMultipliers[0] = 1.5;
    // [0, 3,600 s) is 23:30-00:30: 1,800 s x 2 x 0.5 + 1,800 s x 2 x 1.5 = 1,800 + 5,400.
    QCOMPARE(curve::expectedArrivals(profile, 0.0, 3600.0), 7200.0);
    // [900, 2,700 s) is 23:45-00:15: 900 x 1 + 900 x 3 = 3,600.
    QCOMPARE(curve::expectedArrivals(profile, 900.0, 2700.0), 3600.0);
}

void TestCurvePlan::curvePointsShareTheBudget()
{
    const CurveBudget budget;
    scenario::Scenario quiet = defaultExample(), busy = quiet;
    std::vector<scenario::Scenario *> points{&quiet, &busy};
    // An hour at 0.75 and 24 req/s: 2,700 + 86,400 = 89,100 requests for a budget of 15,000:
    // 3,600 x 15,000 / 89,100 = 606 s, down to the step 30 x sqrt(2)^8 = 480 s (the next,
    // 679 s, is over), for both points alike.
    std::vector<double> requests{2'700.0, 86'400.0};
    QVERIFY(curve::fitPointsToBudget(points, requests, 15'000.0, budget));
    QCOMPARE(quiet.simulation.horizonSeconds, 480.0);
    QCOMPARE(busy.simulation.horizonSeconds, 480.0);
    // Warm-up and the request estimates in proportion: 300 s x 480 / 3,600 = 40 s.
    QVERIFY(std::abs(quiet.simulation.warmupSeconds - 40.0) < 1e-9);
    QVERIFY(std::abs(requests[0] - 360.0) < 1e-9);
    QVERIFY(std::abs(requests[1] - 11'520.0) < 1e-9);
    // Within budget: nothing changes.
    std::vector<double> few{100.0, 200.0};
    scenario::Scenario a = defaultExample(), b = a;
    QVERIFY(!curve::fitPointsToBudget({&a, &b}, few, 1'000.0, budget));
    QCOMPARE(a.simulation.horizonSeconds, 3600.0);
}

void TestCurvePlan::leversReadAndWriteAnyPath()
{
    const scenario::Scenario base = defaultExample();
    // The three default levers, read and set directly.
    QCOMPARE(curve::defaultSweepPath(base), std::string(curve::kRatePath));
    QCOMPARE(curve::leverValue(base, curve::kRatePath), 6.0);
    QCOMPARE(curve::withLever(base, curve::kRatePath, 7.5).workload.arrival.ratePerSecond, 7.5);
    scenario::Scenario closed = base;
    closed.workload.arrival.kind = scenario::ArrivalKind::ClosedLoop;
    QCOMPARE(curve::defaultSweepPath(closed), std::string(curve::kUsersPath));
    QCOMPARE(curve::withLever(closed, curve::kUsersPath, 12.0).workload.arrival.users, 12);
    scenario::Scenario trace = base;
    trace.workload.arrival.kind = scenario::ArrivalKind::Trace;
    QCOMPARE(curve::defaultSweepPath(trace), std::string(curve::kTimeScalePath));
    QCOMPARE(curve::withLever(trace, curve::kTimeScalePath, 0.5).workload.arrival.timeScale, 0.5);

    // Any other path goes through the scenario's JSON: two replicas of four GPUs.
    const std::string replicas = "deployments[0].hardware.replicas";
    QCOMPARE(curve::leverValue(base, replicas), 2.0);
    QCOMPARE(curve::leverValue(base, "deployments[0].hardware.gpusPerReplica"), 4.0);
    QCOMPARE(curve::withLever(base, replicas, 3.0).deployments[0].hardware.replicas, 3);
    // No number there: a string, a missing list entry, not a path at all.
    QVERIFY(std::isnan(curve::leverValue(base, "deployments[0].hardware.gpu")));
    QVERIFY(std::isnan(curve::leverValue(base, "deployments[1].hardware.replicas")));
    QVERIFY(std::isnan(curve::leverValue(base, "deployments..replicas")));
    // An integer lever's grid: 10^(j / 15) for j = -9 .. 14 (0.2512 .. 8.577), rounded to
    // whole numbers of at least 1, each once.
    const std::vector<double> grid = curve::values(2.0, replicas, CurveBudget{});
    QCOMPARE(grid, (std::vector<double>{1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 9.0}));
}

void TestCurvePlan::planSweepsTheDefaultLever()
{
    const CurveBudget budget;
    const scenario::Scenario base = defaultExample();
    const curve::CurvePlan plan
            = curve::planCurve(base, curve::defaultSweepPath(base), budget, 15'000.0);
    QCOMPARE(plan.path, std::string(curve::kRatePath));
    QCOMPARE(plan.current, 6.0);
    QCOMPARE(plan.values, curve::values(6.0, curve::kRatePath, budget));
    QCOMPARE(plan.points.size(), std::size_t{24});
    QCOMPARE(plan.requests.size(), std::size_t{24});
    // An hour at 0.75 to 24 req/s is far over 15,000 requests: every point is shortened to
    // the same step of 30 s x sqrt(2)^k, and together they fit the budget.
    QVERIFY(plan.shortened);
    const double shortened = plan.points.front().simulation.horizonSeconds;
    QVERIFY(shortened >= budget.minHorizonSeconds && shortened < 3600.0);
    double total = 0.0;
    for (std::size_t i = 0; i < plan.points.size(); ++i) {
        QCOMPARE(plan.points[i].workload.arrival.ratePerSecond, plan.values[i]);
        QCOMPARE(plan.points[i].simulation.horizonSeconds, shortened);
        QVERIFY(plan.requests[i] >= 1.0);
        total += plan.requests[i];
    }
    QVERIFY2(total <= 15'000.0, qPrintable(QString::number(total)));
    // Within a budget large enough, the points keep the scenario's horizon.
    const curve::CurvePlan full = curve::planCurve(base, curve::kRatePath, budget, 1e9);
    QVERIFY(!full.shortened);
    QCOMPARE(full.points.back().simulation.horizonSeconds, 3600.0);
    // A path without a number plans no points (the scenario still runs).
    const curve::CurvePlan none
            = curve::planCurve(base, "deployments[0].hardware.gpu", budget, 15'000.0);
    QVERIFY(std::isnan(none.current));
    QVERIFY(none.points.empty());
    QVERIFY(none.values.empty());
    // A lever that withParameter refuses (the seed is a whole number; the grid's 0.1334 is
    // not) gives no points either, though it has a value.
    const curve::CurvePlan refused = curve::planCurve(base, "seed", budget, 15'000.0);
    QCOMPARE(refused.current, 1.0);
    QVERIFY(refused.points.empty());
    QVERIFY(refused.values.empty());
}

QTEST_GUILESS_MAIN(TestCurvePlan)
#include "tst_curve_plan.moc"
