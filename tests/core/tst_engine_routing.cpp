// Routing rules, the response cache and API deployments: requests are conserved, shares are
// honoured, cache hits and API calls never become GPU work, and API latency follows its model.

#include "core/run/simulate.h"
#include "engine_fixtures.h"
#include "test_support.h"

#include <cmath>

using namespace tw;

class TestEngineRouting : public QObject
{
    Q_OBJECT

private slots:
    void cacheHitsNeverReachGpus();
    void cacheHitRateIsHonoured();
    void apiLatencyFollowsItsModel();
    void sharesSplitTraffic();
    void complexityRuleSendsHardRequestsToApi();
    void routingConservesRequests();
};

namespace {
scenario::Deployment apiDeployment()
{
    scenario::Deployment api;
    api.name = "api";
    api.kind = scenario::DeploymentKind::Api;
    api.api.provider = "TestProvider";
    api.api.model = "test-model";
    api.api.inputUsdPerMillionTokens = 1.0;
    api.api.outputUsdPerMillionTokens = 2.0;
    api.api.ttftSeconds = 0.4;
    api.api.outputTokensPerSecond = 50.0;
    return api;
}

double share(std::uint64_t part, std::uint64_t whole)
{
    return static_cast<double>(part) / static_cast<double>(whole);
}

/// Fraction p of n Bernoulli trials: passes if within 4 standard deviations.
void compareProportion(double observed, double p, double n)
{
    const double sigma = std::sqrt(p * (1.0 - p) / n);
    QVERIFY2(std::fabs(observed - p) <= 4.0 * sigma,
             qPrintable(QStringLiteral("observed %1, expected %2 +- %3")
                                .arg(observed)
                                .arg(p)
                                .arg(4 * sigma)));
}
} // namespace

void TestEngineRouting::cacheHitsNeverReachGpus()
{
    scenario::Scenario s
            = test::toyScenario(5.0, 600.0, scenario::BatchingPolicy::Continuous, 100, 50);
    s.workload.classes[0].cacheHitRate = 1.0;
    s.cache.hitLatencySeconds = 0.03;
    const metrics::Results r = run::simulate(s);
    QVERIFY(r.arrivedRequests > 2000);
    QCOMPARE(r.cacheHits, r.arrivedRequests); // every arrival is a hit...
    // ...answered 30 ms later, so only a request of the last 30 ms can still be in flight.
    QCOMPARE(r.completedRequests + r.unfinishedRunning, r.arrivedRequests);
    QVERIFY(r.unfinishedRunning <= 2);
    QCOMPARE(r.generatedTokens, std::uint64_t(0));
    QCOMPARE(r.deployments[0].iterations, std::uint64_t(0));
    QCOMPARE(r.deployments[0].requests, std::uint64_t(0));
    TW_COMPARE_REL(r.e2eSeconds.mean, 0.03, 1e-9);
    TW_COMPARE_REL(r.ttftSeconds.p99, 0.03, 1e-9);
    QCOMPARE(r.tpotSeconds.count, std::uint64_t(0)); // answered at once: no per-token time
    QCOMPARE(r.completedOutputTokens, r.completedRequests * 50);
}

void TestEngineRouting::cacheHitRateIsHonoured()
{
    scenario::Scenario s
            = test::toyScenario(20.0, 1800.0, scenario::BatchingPolicy::Continuous, 100, 20);
    s.workload.classes[0].cacheHitRate = 0.2;
    const metrics::Results r = run::simulate(s);
    compareProportion(share(r.cacheHits, r.arrivedRequests), 0.2,
                      static_cast<double>(r.arrivedRequests));
    QCOMPARE(r.deployments[0].requests + r.cacheHits, r.arrivedRequests);
}

void TestEngineRouting::apiLatencyFollowsItsModel()
{
    // Fixed 100-token answers through an API with 0.4 s to first token and 50 tokens/s after:
    // E2E = 0.4 + 99 / 50 = 2.38 s; TPOT = 1 / 50 = 20 ms. No queueing, whatever the load.
    scenario::Scenario s
            = test::toyScenario(50.0, 300.0, scenario::BatchingPolicy::Continuous, 500, 100);
    s.deployments.insert(s.deployments.begin(), apiDeployment());
    const metrics::Results r = run::simulate(s);
    QVERIFY(r.deployments[0].api);
    QCOMPARE(r.generatedTokens, std::uint64_t(0));
    TW_COMPARE_REL(r.ttftSeconds.p99, 0.4, 1e-9);
    TW_COMPARE_REL(r.e2eSeconds.max, 2.38, 1e-9);
    TW_COMPARE_REL(r.tpotSeconds.mean, 0.02, 1e-9);
    QCOMPARE(r.queueingSeconds.max, 0.0);
    QCOMPARE(r.deployments[0].inputTokens, r.completedRequests * 500);
    QCOMPARE(r.deployments[0].outputTokens, r.completedRequests * 100);
    // The API generates nothing on our GPUs, yet it delivers tokens: 100 per request delivered
    // in the window, and the window is the whole run here.
    QCOMPARE(s.simulation.warmupSeconds, 0.0);
    TW_COMPARE_REL(r.outputTokensPerSecond,
                   100.0 * static_cast<double>(r.completedRequests) / s.simulation.horizonSeconds,
                   1e-9);
}

void TestEngineRouting::sharesSplitTraffic()
{
    // 70 % to a small self-hosted model, 30 % to the API.
    scenario::Scenario s
            = test::toyScenario(10.0, 1800.0, scenario::BatchingPolicy::Continuous, 200, 50);
    s.deployments.push_back(apiDeployment());
    scenario::RoutingRule rule;
    rule.routes = {{"toy", 0.7}, {"api", 0.3}};
    s.routing.push_back(rule);
    const metrics::Results r = run::simulate(s);
    const double toApi = share(r.deployments[1].requests, r.arrivedRequests);
    compareProportion(toApi, 0.3, static_cast<double>(r.arrivedRequests));
    QVERIFY(r.deployments[0].iterations > 0);
}

void TestEngineRouting::complexityRuleSendsHardRequestsToApi()
{
    scenario::Scenario s
            = test::toyScenario(10.0, 600.0, scenario::BatchingPolicy::Continuous, 200, 50);
    s.workload.classes[0].name = "easy";
    s.workload.classes[0].complexity = "easy";
    s.workload.classes[0].share = 0.9;
    scenario::RequestClass hard = s.workload.classes[0];
    hard.name = "hard";
    hard.complexity = "hard";
    hard.share = 0.1;
    s.workload.classes.push_back(hard);
    s.deployments.push_back(apiDeployment());
    scenario::RoutingRule rule;
    rule.complexity = "hard";
    rule.routes = {{"api", 1.0}};
    s.routing.push_back(rule);
    const metrics::Results r = run::simulate(s);
    QVERIFY(r.deployments[1].requests > 0);
    compareProportion(share(r.deployments[1].requests, r.arrivedRequests), 0.1,
                      static_cast<double>(r.arrivedRequests));
}

void TestEngineRouting::routingConservesRequests()
{
    scenario::Scenario s
            = test::toyScenario(30.0, 900.0, scenario::BatchingPolicy::Continuous, 300, 80);
    s.workload.classes[0].cacheHitRate = 0.25;
    scenario::Deployment second = test::toyDeployment();
    second.name = "second";
    s.deployments.push_back(second);
    s.deployments.push_back(apiDeployment());
    scenario::RoutingRule rule;
    rule.routes = {{"toy", 0.5}, {"second", 0.3}, {"api", 0.2}};
    s.routing.push_back(rule);
    const metrics::Results r = run::simulate(s);
    std::uint64_t routed = 0;
    for (const metrics::DeploymentResults &d : r.deployments)
        routed += d.requests;
    QCOMPARE(routed + r.cacheHits, r.arrivedRequests);
    QCOMPARE(r.arrivedRequests,
             r.completedRequests + r.rejectedRequests + r.unfinishedQueued + r.unfinishedRunning);
    // Only the two self-hosted deployments generate tokens on GPUs.
    QVERIFY(r.deployments[0].iterations > 0 && r.deployments[1].iterations > 0);
    QCOMPARE(r.deployments[2].iterations, std::uint64_t(0));
}

QTEST_APPLESS_MAIN(TestEngineRouting)
#include "tst_engine_routing.moc"
