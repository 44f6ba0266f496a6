// Capacity at the SLO (core/sweep/capacity.h) against queueing theory: a replica with batching
// off is a FIFO single server, and with one-token prompts and one-token answers every request
// is one iteration of the toy model, a deterministic service time D. The queue is then M/D/1,
// whose waiting-time distribution is known in closed form, so the highest arrival rate at
// which a share q of requests have TTFT = W + D within the SLO can be computed by hand and
// compared with the bisection over simulations.

#include "core/common/error.h"
#include "core/hardware/perf_model.h"
#include "core/sweep/capacity.h"
#include "engine_fixtures.h"
#include "test_support.h"

#include <cmath>

using namespace tw;

class TestCapacity : public QObject
{
    Q_OBJECT

private slots:
    void bisectionMatchesMD1_data();
    void bisectionMatchesMD1();
    void loadShareIsTheScenarioRateOverCapacity();
    void capacityAboveTheSearchRangeIsALowerBound();
    void refusesWhatHasNoRateToVary();
};

namespace {

/// P(W <= x) for the M/D/1 queue with arrival rate lambda and service time D (Erlang, 1909;
/// Gross, Shortle, Thompson and Harris, Fundamentals of Queueing Theory, 4th ed., 2008,
/// section 6.1.5 / eq. 6.22):
///     P(W <= x) = (1 - rho) sum_{k=0}^{floor(x/D)} [lambda (kD - x)]^k / k! e^{-lambda (kD - x)}
/// with rho = lambda D. Checked independently: integrating 1 - P(W <= x) gives the
/// Pollaczek-Khinchine mean rho D / (2 (1 - rho)) to 0.05 % at rho = 0.5 and 0.7.
double md1WaitCdf(double x, double lambda, double service)
{
    double sum = 0.0;
    double factorial = 1.0;
    for (int k = 0; k <= static_cast<int>(std::floor(x / service)); ++k) {
        if (k > 0)
            factorial *= k;
        const double a = lambda * (k * service - x);
        sum += std::pow(a, k) / factorial * std::exp(-a);
    }
    return (1.0 - lambda * service) * sum;
}

/// The arrival rate at which P(W <= wait) = share, by bisection on md1WaitCdf (which falls as
/// the rate rises).
double md1CapacityForWait(double wait, double share, double service)
{
    double lo = 1e-9, hi = (1.0 - 1e-12) / service;
    for (int i = 0; i < 200; ++i) {
        const double mid = 0.5 * (lo + hi);
        (md1WaitCdf(wait, mid, service) >= share ? lo : hi) = mid;
    }
    return lo;
}

double serviceSeconds(const scenario::Scenario &s)
{
    const hardware::PerfModel perf(s.deployments[0]);
    hardware::BatchWork prefill;
    prefill.prefillTokens = 1;
    prefill.prefillAttentionContext = 1.0;
    return perf.iteration(prefill).totalSeconds;
}

/// The M/D/1 toy: one-token prompts and answers, batching off; the SLO lets TTFT be
/// (waitInServices + 1) service times, TPOT does not apply (one output token).
scenario::Scenario md1Scenario(double waitInServices, double rate)
{
    scenario::Scenario s = test::toyScenario(rate, 1'000.0, scenario::BatchingPolicy::None, 1, 1);
    s.simulation.warmupSeconds = 10.0;
    const double service = serviceSeconds(s);
    s.slo.ttftSeconds = (waitInServices + 1.0) * service;
    s.slo.tpotSeconds = 1.0;
    return s;
}

} // namespace

void TestCapacity::bisectionMatchesMD1_data()
{
    QTest::addColumn<int>("criterion");
    QTest::addColumn<double>("share");
    QTest::addColumn<double>("waitInServices");
    // Attainment: 90 % of requests wait at most 3 D: rho* = 0.6940 (md1CapacityForWait).
    QTest::newRow("90 % within TTFT 4 D")
            << static_cast<int>(sweep::SloCriterion::Attainment) << 0.9 << 3.0;
    // p95 TTFT within 5 D, i.e. 95 % wait at most 4 D: rho* = 0.6938.
    QTest::newRow("p95 TTFT within 5 D")
            << static_cast<int>(sweep::SloCriterion::Percentile95) << 0.95 << 4.0;
}

void TestCapacity::bisectionMatchesMD1()
{
    QFETCH(int, criterion);
    QFETCH(double, share);
    QFETCH(double, waitInServices);
    const scenario::Scenario s = md1Scenario(waitInServices, 100.0);
    const double service = serviceSeconds(s);
    TW_COMPARE_REL(service, 0.002, 1e-6); // 2e9 bytes at 1000 GB/s
    const double expected = md1CapacityForWait(waitInServices * service, share, service);

    sweep::CapacityOptions options;
    options.criterion = static_cast<sweep::SloCriterion>(criterion);
    options.minSloAttainment = share;
    options.relativeTolerance = 0.005;
    const sweep::CapacityResult result = sweep::findCapacity(s, options);
    QVERIFY(result.capacityRatePerSecond.has_value());
    QVERIFY(!result.capacityIsLowerBound);
    qInfo("M/D/1 capacity: %.2f req/s simulated (rho %.4f), %.2f req/s analytic (rho %.4f), "
          "%+.2f %%, %zu runs",
          *result.capacityRatePerSecond, *result.capacityRatePerSecond * service, expected,
          expected * service, 100.0 * (*result.capacityRatePerSecond / expected - 1.0),
          result.points.size());
    TW_COMPARE_REL(*result.capacityRatePerSecond, expected, 0.02);
    // The bracket: the rate that misses is within the tolerance above the capacity, and what
    // fails there is what the criterion checks.
    QVERIFY(result.missRatePerSecond > *result.capacityRatePerSecond);
    QVERIFY(result.missRatePerSecond <= *result.capacityRatePerSecond * 1.005 * (1 + 1e-12));
    QCOMPARE(QString::fromStdString(result.missReason),
             criterion == static_cast<int>(sweep::SloCriterion::Attainment)
                     ? QStringLiteral("SLO attainment")
                     : QStringLiteral("TTFT p95"));
    for (std::size_t i = 1; i < result.points.size(); ++i)
        QVERIFY(result.points[i - 1].ratePerSecond < result.points[i].ratePerSecond);
}

void TestCapacity::loadShareIsTheScenarioRateOverCapacity()
{
    // From 100 req/s (rho 0.2), the search doubles to 200 and 400 (rho 0.8 misses), then
    // bisects; the load is 100 / capacity.
    scenario::Scenario s = md1Scenario(3.0, 100.0);
    s.deployments[0].hosting.kind = scenario::HostingKind::Cloud;
    s.deployments[0].hosting.pricePerGpuHourUsd = 2.0;
    sweep::CapacityOptions options;
    options.relativeTolerance = 0.02;
    const sweep::CapacityResult result = sweep::findCapacity(s, options);
    QVERIFY(result.capacityRatePerSecond.has_value());
    QCOMPARE(result.scenarioRatePerSecond, 100.0);
    TW_COMPARE_REL(result.loadShare, 100.0 / *result.capacityRatePerSecond, 1e-12);
    QVERIFY(result.loadShare > 0.25 && result.loadShare < 0.35); // capacity ~347 req/s
    // Without a daily profile the window sees the mean rate, to the Poisson noise of ~340,000
    // arrivals (0.2 %).
    TW_COMPARE_REL(result.capacityArrivalRatePerSecond, *result.capacityRatePerSecond, 0.01);
    // One rented GPU at $2 an hour, paid busy or idle: $1,460 per 730-hour month, of which
    // the share the traffic leaves unused, 1 - load, pays for unused capacity.
    TW_COMPARE_REL(result.gpuUsdPerMonth, 2.0 * 730.0, 1e-9);
    TW_COMPARE_REL(result.unusedCapacityUsdPerMonth, 1460.0 * (1.0 - result.loadShare), 1e-9);
    QCOMPARE(result.points.front().ratePerSecond, 100.0);
    QVERIFY(result.points.front().meetsSlo);
    QVERIFY(result.points.front().miss.empty());

    // Started above capacity, the search halves down to a rate that meets the SLO.
    const sweep::CapacityResult fromAbove = sweep::findCapacity(md1Scenario(3.0, 800.0), options);
    QVERIFY(fromAbove.capacityRatePerSecond.has_value());
    TW_COMPARE_REL(*fromAbove.capacityRatePerSecond, *result.capacityRatePerSecond, 0.03);
    QVERIFY(fromAbove.loadShare > 2.0);
}

void TestCapacity::capacityAboveTheSearchRangeIsALowerBound()
{
    sweep::CapacityOptions options;
    options.maxRatePerSecond = 150.0;
    const sweep::CapacityResult result = sweep::findCapacity(md1Scenario(3.0, 100.0), options);
    QVERIFY(result.capacityIsLowerBound);
    QCOMPARE(*result.capacityRatePerSecond, 150.0);
    QCOMPARE(result.missRatePerSecond, 0.0);
    QVERIFY(result.missReason.empty());
}

void TestCapacity::refusesWhatHasNoRateToVary()
{
    scenario::Scenario closed = md1Scenario(3.0, 100.0);
    closed.workload.arrival.kind = scenario::ArrivalKind::ClosedLoop;
    try {
        sweep::findCapacity(closed);
        QFAIL("a closed loop has no arrival rate to vary");
    } catch (const InputError &e) {
        QCOMPARE(QString::fromStdString(e.issues().front().path),
                 QStringLiteral("workload.arrival.type"));
    }
}

QTEST_APPLESS_MAIN(TestCapacity)
#include "tst_capacity.moc"
