// The engine against queueing theory. With batching off, a replica is a single FIFO server:
// fixed lengths give deterministic service (M/D/1), geometric output lengths give service
// that is exponential to within 0.3 % in its second moment (M/M/1).

#include "core/hardware/perf_model.h"
#include "core/run/simulate.h"
#include "engine_fixtures.h"
#include "test_support.h"

#include <cmath>

using namespace tw;

class TestEngineQueueing : public QObject
{
    Q_OBJECT

private slots:
    void deterministicServiceMatchesMD1_data();
    void deterministicServiceMatchesMD1();
    void exponentialServiceMatchesMM1_data();
    void exponentialServiceMatchesMM1();
    void serviceTimeEqualsPerfModel();
};

namespace {
/// Mean queueing delay over several independent replications (same scenario, other seeds), so
/// the estimate is tight enough for a 3 % tolerance at utilisation 0.8.
double meanWaitOverReplications(scenario::Scenario s, int replications, double *utilisation)
{
    double sumWait = 0.0;
    double sumBusy = 0.0;
    std::uint64_t count = 0;
    for (int rep = 0; rep < replications; ++rep) {
        s.simulation.replication = static_cast<std::uint64_t>(rep);
        const metrics::Results r = run::simulate(s);
        sumWait += r.queueingSeconds.mean * static_cast<double>(r.queueingSeconds.count);
        count += r.queueingSeconds.count;
        sumBusy += r.busyFraction;
    }
    *utilisation = sumBusy / replications;
    return sumWait / static_cast<double>(count);
}
} // namespace

void TestEngineQueueing::serviceTimeEqualsPerfModel()
{
    // One request alone: its end-to-end latency is prefill + 49 decode steps of the toy model,
    // 50 iterations x 2 ms = 100 ms, and its TTFT is the single prefill iteration, 2 ms.
    scenario::Scenario s = test::toyScenario(0.001, 100.0, scenario::BatchingPolicy::None, 100, 50);
    s.workload.arrival.kind = scenario::ArrivalKind::Trace;
    auto trace = std::make_shared<std::vector<scenario::TraceRecord>>();
    trace->push_back({1.0, 100, 50});
    s.workload.arrival.trace = trace;
    const metrics::Results r = run::simulate(s);
    QCOMPARE(r.completedRequests, std::uint64_t(1));
    TW_COMPARE_REL(r.e2eSeconds.mean, 0.100, 1e-3);
    TW_COMPARE_REL(r.ttftSeconds.mean, 0.002, 1e-3);
    TW_COMPARE_REL(r.tpotSeconds.mean, 0.002, 1e-3);
    QCOMPARE(r.queueingSeconds.mean, 0.0);
}

void TestEngineQueueing::deterministicServiceMatchesMD1_data()
{
    QTest::addColumn<double>("rho");
    QTest::newRow("utilisation 0.5") << 0.5;
    QTest::newRow("utilisation 0.8") << 0.8;
}

void TestEngineQueueing::deterministicServiceMatchesMD1()
{
    QFETCH(double, rho);
    // Service time S from the performance model itself: one prefill of 100 tokens and 49
    // decode steps.
    scenario::Scenario s = test::toyScenario(1.0, 1.0, scenario::BatchingPolicy::None, 100, 50);
    const hardware::PerfModel perf(s.deployments[0]);
    hardware::BatchWork prefill;
    prefill.prefillTokens = 100;
    prefill.prefillAttentionContext = 100.0 * 101.0 / 2.0;
    const double service
            = perf.iteration(prefill).totalSeconds + perf.decodeSpan(1, 101.0, 49).totalSeconds;
    const double lambda = rho / service;
    s.workload.arrival.ratePerSecond = lambda;
    s.simulation.horizonSeconds = 250'000.0 / lambda; // 250,000 requests per replication
    s.simulation.warmupSeconds = 1'000.0 / lambda;
    // Pollaczek-Khinchine for deterministic service: Wq = rho S / (2 (1 - rho))
    // (Kleinrock, Queueing Systems vol. 1, 1975, eq. 5.73).
    const double expectedWait = rho * service / (2.0 * (1.0 - rho));
    double measuredRho = 0.0;
    const double wait = meanWaitOverReplications(s, 4, &measuredRho);
    qInfo("M/D/1 rho %.2f: mean wait %.6f s, Pollaczek-Khinchine %.6f s (%+.2f %%)", rho, wait,
          expectedWait, 100.0 * (wait / expectedWait - 1.0));
    TW_COMPARE_REL(measuredRho, rho, 0.01);
    TW_COMPARE_REL(wait, expectedWait, 0.03);
}

void TestEngineQueueing::exponentialServiceMatchesMM1_data()
{
    QTest::addColumn<double>("rho");
    QTest::newRow("utilisation 0.5") << 0.5;
    QTest::newRow("utilisation 0.8") << 0.8;
}

void TestEngineQueueing::exponentialServiceMatchesMM1()
{
    QFETCH(double, rho);
    // Prompt of 1 token, output L = ceil(Exp(mean 200)) tokens: L iterations of 2 ms each
    // (1 prefill + L - 1 decode steps), so S = 2 ms x L. L is geometric with
    // p = 1 - exp(-1/200): E[L] = 1/p = 200.50, E[L^2]/E[L]^2 = 2 - p = 1.995, against 2 for
    // an exponential, so the M/M/1 formula Wq = rho E[S] / (1 - rho) applies to within 0.25 %.
    scenario::Scenario s = test::toyScenario(1.0, 1.0, scenario::BatchingPolicy::None, 1, 1);
    s.workload.classes[0].outputTokens.kind = scenario::LengthKind::Exponential;
    s.workload.classes[0].outputTokens.mean = 200.0;
    const double p = 1.0 - std::exp(-1.0 / 200.0);
    const double meanService = 0.002 / p;
    const double lambda = rho / meanService;
    s.workload.arrival.ratePerSecond = lambda;
    s.simulation.horizonSeconds = 400'000.0 / lambda;
    s.simulation.warmupSeconds = 1'000.0 / lambda;
    const double expectedWait = rho * meanService / (1.0 - rho);
    double measuredRho = 0.0;
    const double wait = meanWaitOverReplications(s, 4, &measuredRho);
    qInfo("M/M/1 rho %.2f: mean wait %.6f s, M/M/1 %.6f s (%+.2f %%)", rho, wait, expectedWait,
          100.0 * (wait / expectedWait - 1.0));
    TW_COMPARE_REL(measuredRho, rho, 0.01);
    TW_COMPARE_REL(wait, expectedWait, 0.03);
}

QTEST_APPLESS_MAIN(TestEngineQueueing)
#include "tst_engine_queueing.moc"
