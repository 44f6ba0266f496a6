// Goal seek (core/sweep/goal_seek.h) on cases whose answer is known by hand: a fixed cloud fleet
// costs price x GPUs x hours whatever its traffic, so the price at which a month costs $T is
// T / (GPUs x 730 h) exactly; a target outside the metric's range is reported as such.

#include "core/catalog/catalog.h"
#include "core/common/error.h"
#include "core/scenario_io/examples.h"
#include "core/scenario_io/scenario_json.h"
#include "core/sweep/goal_seek.h"
#include "test_support.h"

#include <nlohmann/json.hpp>

#include <cmath>

using namespace tw;

class TestGoalSeek : public QObject
{
    Q_OBJECT

private slots:
    void findsThePriceOfAMonthlyBudget();
    void findsTheTrafficOfATokenPrice();
    void saysWhenTheTargetIsOutOfReach();
    void refusesAnUnknownMetric();
};

namespace {

/// The default example, shortened to ten minutes so that each probe is quick.
std::string shortDefault()
{
    nlohmann::json json = nlohmann::json::parse(scenario::findExample("default")->json);
    json["simulation"]["horizonSeconds"] = 600;
    json["simulation"]["warmupSeconds"] = 60;
    return json.dump();
}

} // namespace

void TestGoalSeek::findsThePriceOfAMonthlyBudget()
{
    // Two replicas of four H100s = 8 GPUs, billed every hour: a month at p $/GPU-h costs
    // 8 x 730 x p, so $20,000 a month is p = 20,000 / 5,840 = $3.4247 per GPU-hour.
    sweep::GoalSeekOptions o;
    o.parameter = "deployments[0].hosting.pricePerGpuHourUsd";
    o.metric = "cost.perMonthUsd";
    o.target = 20'000.0;
    o.low = 1.0;
    o.high = 12.0;
    o.tolerance = 1e-4;
    const sweep::GoalSeekResult r
            = sweep::goalSeek(shortDefault(), {}, catalog::Catalog::builtIn(), o);
    QVERIFY2(r.found, r.message.c_str());
    // Linear in the price: the interpolation inside the last bracket is exact.
    TW_COMPARE_REL(r.value, 20'000.0 / 5'840.0, 1e-9);
    QVERIFY(r.probes.size() >= 3);
    QCOMPARE(r.probes[0].value, 1.0);
    QCOMPARE(r.probes[1].value, 12.0);
    TW_COMPARE_REL(r.probes[0].metric, 5'840.0, 1e-9);
}

void TestGoalSeek::findsTheTrafficOfATokenPrice()
{
    // Cost per 1M tokens falls as a fixed fleet carries more traffic: the rate found gives the
    // target when simulated again with the same seed, to the tolerance.
    sweep::GoalSeekOptions o;
    o.parameter = "workload.arrival.ratePerSecond";
    o.metric = "cost.perMillionOutputTokensUsd";
    o.target = 40.0;
    o.low = 1.0;
    o.high = 8.0;
    o.tolerance = 0.005;
    const std::string json = shortDefault();
    const sweep::GoalSeekResult r = sweep::goalSeek(json, {}, catalog::Catalog::builtIn(), o);
    QVERIFY2(r.found, r.message.c_str());
    QVERIFY(r.value > o.low && r.value < o.high);
    const sweep::GoalSeekProbe &last = r.probes.back();
    TW_COMPARE_REL(last.metric, 40.0, 0.05);
    // Every probe on the low side of the answer costs more than the target, every one above
    // costs less: the bracket kept the crossing.
    for (const sweep::GoalSeekProbe &p : r.probes) {
        if (p.value < r.value * 0.99)
            QVERIFY(p.metric > 40.0);
        if (p.value > r.value * 1.01)
            QVERIFY(p.metric < 40.0);
    }
}

void TestGoalSeek::saysWhenTheTargetIsOutOfReach()
{
    // The fleet costs the same at any traffic: no traffic makes a month cost $1.
    sweep::GoalSeekOptions o;
    o.parameter = "workload.arrival.ratePerSecond";
    o.metric = "cost.perMonthUsd";
    o.target = 1.0;
    o.low = 1.0;
    o.high = 4.0;
    const sweep::GoalSeekResult r
            = sweep::goalSeek(shortDefault(), {}, catalog::Catalog::builtIn(), o);
    QVERIFY(!r.found);
    QCOMPARE(r.probes.size(), std::size_t(2));
    QVERIFY(r.message.find("not between") != std::string::npos);
}

void TestGoalSeek::refusesAnUnknownMetric()
{
    sweep::GoalSeekOptions o;
    o.parameter = "workload.arrival.ratePerSecond";
    o.metric = "cost.perMonth";
    o.low = 1.0;
    o.high = 2.0;
    QVERIFY_THROWS_EXCEPTION(InputError,
                             sweep::goalSeek(shortDefault(), {}, catalog::Catalog::builtIn(), o));
}

QTEST_APPLESS_MAIN(TestGoalSeek)
#include "tst_goal_seek.moc"
