// Break-even against an API: where it lands (a closed form for cloud GPUs), and that it moves
// the right way when the API or the GPU gets dearer.

#include "core/common/error.h"
#include "core/sweep/breakeven.h"
#include "engine_fixtures.h"
#include "test_support.h"

using namespace tw;

class TestBreakeven : public QObject
{
    Q_OBJECT

private slots:
    void matchesClosedForm();
    void dearerApiLowersBreakeven();
    void dearerGpuRaisesBreakeven();
    void cheapApiIsNeverBeaten();
    void needsARateToVary();
};

namespace {
// Toy deployment (2 ms per iteration, 1 GPU) rented at $2 per GPU-hour; 100-token prompts and
// 100-token answers. Until it saturates (with continuous batching, hundreds of requests/s: far
// above the break-even here), every request is served, so cost per 1M output tokens is
//   2 $/h / (3600 s/h x rate x 100 tokens) x 1e6 = 5,555.6 / rate  $.
scenario::Scenario rentedToy(scenario::BatchingPolicy policy = scenario::BatchingPolicy::Continuous)
{
    scenario::Scenario s = test::toyScenario(1.0, 3600.0, policy, 100, 100);
    s.deployments[0].hosting.kind = scenario::HostingKind::Cloud;
    s.deployments[0].hosting.pricePerGpuHourUsd = 2.0;
    return s;
}

// $1 per 1M input and $2 per 1M output tokens: with equal input and output lengths the API
// costs 1 + 2 = $3 per 1M output tokens.
scenario::ApiSpec api(double input, double output)
{
    scenario::ApiSpec a;
    a.inputUsdPerMillionTokens = input;
    a.outputUsdPerMillionTokens = output;
    a.cachedInputShare = 0.0;
    return a;
}

double breakeven(const scenario::Scenario &s, const scenario::ApiSpec &a)
{
    const sweep::BreakevenResult r = sweep::findBreakeven(s, a);
    if (!r.breakevenRatePerSecond)
        return -1.0;
    return *r.breakevenRatePerSecond;
}
} // namespace

void TestBreakeven::matchesClosedForm()
{
    // 5,555.6 / rate = 3  =>  rate = 1.852 requests/s. Tolerance: Poisson noise in the ~6,700
    // requests of a 1-hour run (1.2 % standard error) plus the bisection's bracket (0.02 %).
    const sweep::BreakevenResult r = sweep::findBreakeven(rentedToy(), api(1.0, 2.0));
    QVERIFY(r.breakevenRatePerSecond.has_value());
    TW_COMPARE_REL(r.apiUsdPerMillion, 3.0, 1e-9);
    TW_COMPARE_REL(*r.breakevenRatePerSecond, 2.0 * 1e6 / (3600.0 * 100.0 * 3.0), 0.04);
    QVERIFY(!r.cheaperAtEveryRate);
    QVERIFY(r.points.size() >= 5);
}

void TestBreakeven::dearerApiLowersBreakeven()
{
    const double cheap = breakeven(rentedToy(), api(1.0, 2.0));
    const double dear = breakeven(rentedToy(), api(5.0, 15.0));
    QVERIFY(cheap > 0.0 && dear > 0.0);
    QVERIFY2(dear < cheap, qPrintable(QStringLiteral("%1 vs %2").arg(dear).arg(cheap)));
}

void TestBreakeven::dearerGpuRaisesBreakeven()
{
    scenario::Scenario dearer = rentedToy();
    dearer.deployments[0].hosting.pricePerGpuHourUsd = 6.0;
    const double base = breakeven(rentedToy(), api(1.0, 2.0));
    const double raised = breakeven(dearer, api(1.0, 2.0));
    QVERIFY(base > 0.0 && raised > 0.0);
    TW_COMPARE_REL(raised / base, 3.0, 0.05); // cost per token is proportional to the price
}

void TestBreakeven::cheapApiIsNeverBeaten()
{
    // Without batching the toy serves one request per 100 iterations x 2 ms: at most 5 requests/s
    // x 100 tokens = 500 tokens/s, so it costs at least 2 $/h / (3600 x 500) x 1e6 = $1.11 per
    // 1M tokens: an API at $0.10 always wins.
    const sweep::BreakevenResult r
            = sweep::findBreakeven(rentedToy(scenario::BatchingPolicy::None), api(0.05, 0.05));
    QVERIFY(!r.breakevenRatePerSecond.has_value());
    QVERIFY(r.saturationRatePerSecond > 0.0);
}

void TestBreakeven::needsARateToVary()
{
    scenario::Scenario s = rentedToy();
    s.workload.arrival.kind = scenario::ArrivalKind::ClosedLoop;
    QVERIFY_THROWS_EXCEPTION(InputError, sweep::findBreakeven(s, api(1.0, 2.0)));
    scenario::Scenario unpriced = rentedToy();
    unpriced.deployments[0].hosting.pricePerGpuHourUsd = 0.0;
    QVERIFY_THROWS_EXCEPTION(InputError, sweep::findBreakeven(unpriced, api(1.0, 2.0)));
}

QTEST_APPLESS_MAIN(TestBreakeven)
#include "tst_breakeven.moc"
