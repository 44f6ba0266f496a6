// Behaviour of the engine that follows from first principles: conservation of requests and
// tokens, Little's law, how batching policies relate, determinism, and refusal of scenarios
// that cannot run.

#include "core/catalog/catalog.h"
#include "core/common/cancellation.h"
#include "core/common/error.h"
#include "core/run/simulate.h"
#include "core/scenario_io/examples.h"
#include "core/scenario_io/scenario_json.h"
#include "core/sim/batching_policies.h"
#include "core/sim/observer.h"
#include "engine_fixtures.h"
#include "test_support.h"

#include <fstream>
#include <set>
#include <sstream>

using namespace tw;
using scenario::BatchingPolicy;

class TestEngine : public QObject
{
    Q_OBJECT

private slots:
    void conservation_data();
    void conservation();
    void tokensConservedUnderPreemption();
    void littlesLaw();
    void continuousBeatsStaticOnTtft();
    void noBatchingSaturatesFirst();
    void chunkedPrefillBoundsDecodeStalls();
    void determinism();
    void seedChangesResults();
    void modelThatDoesNotFitIsRefused();
    void runBudgetRefusesHugeScenario();
    void cancellationStopsRun();
    void observerSeesEveryIteration();
    void closedLoopKeepsUsersBusy();
    void leastOutstandingBalancesReplicas();
    void everyPolicyIsRegisteredReadAndDocumented();
    void utilisationMeasuresByHand();
};

namespace {
scenario::Scenario chatLike(double rate, BatchingPolicy policy)
{
    scenario::Scenario s = test::toyScenario(rate, 600.0, policy, 200, 100);
    scenario::LengthDistribution prompt;
    prompt.kind = scenario::LengthKind::Lognormal;
    prompt.mean = 400.0;
    prompt.cv = 1.0;
    prompt.maxTokens = 4000;
    scenario::LengthDistribution output = prompt;
    output.mean = 150.0;
    output.maxTokens = 1000;
    s.workload.classes[0].promptTokens = prompt;
    s.workload.classes[0].outputTokens = output;
    s.deployments[0].serving.maxBatchSize = 16;
    s.deployments[0].serving.batchTimeoutSeconds = 0.05;
    return s;
}

/// Drains: a finite trace of requests, horizon long enough for all of them to finish.
scenario::Scenario drainingScenario(BatchingPolicy policy, int requests, double spacingSeconds)
{
    scenario::Scenario s = chatLike(1.0, policy);
    s.workload.arrival.kind = scenario::ArrivalKind::Trace;
    auto trace = std::make_shared<std::vector<scenario::TraceRecord>>();
    for (int i = 0; i < requests; ++i)
        trace->push_back({i * spacingSeconds, 50 + (i * 37) % 900, 1 + (i * 53) % 400});
    s.workload.arrival.trace = trace;
    s.simulation.horizonSeconds = requests * spacingSeconds + 3600.0;
    return s;
}

void checkConservation(const metrics::Results &r)
{
    QCOMPARE(r.arrivedRequests,
             r.completedRequests + r.rejectedRequests + r.unfinishedQueued + r.unfinishedRunning);
}
} // namespace

void TestEngine::conservation_data()
{
    QTest::addColumn<int>("policy");
    QTest::addColumn<double>("rate");
    // Every registered policy at 5 req/s (which overloads a replica without batching), so a
    // new policy is checked without editing this test.
    for (const sim::BatchingPolicyInfo &policy : sim::batchingPolicies())
        QTest::newRow(std::string(policy.key).c_str()) << int(policy.policy) << 5.0;
    QTest::newRow("continuous, 20 req/s") << int(BatchingPolicy::Continuous) << 20.0;
    QTest::newRow("continuous, overloaded") << int(BatchingPolicy::Continuous) << 400.0;
}

void TestEngine::conservation()
{
    QFETCH(int, policy);
    QFETCH(double, rate);
    // Stopped at the horizon mid-flight: every arrival is completed, rejected, or reported
    // unfinished, never lost.
    const metrics::Results r = run::simulate(chatLike(rate, BatchingPolicy(policy)));
    QVERIFY(r.arrivedRequests > 1000);
    checkConservation(r);
    QVERIFY(r.generatedTokens >= r.completedOutputTokens);

    // Drained: every generated token belongs to a completed request.
    const metrics::Results d = run::simulate(drainingScenario(BatchingPolicy(policy), 2000, 0.05));
    QCOMPARE(d.arrivedRequests, std::uint64_t(2000));
    QCOMPARE(d.completedRequests, std::uint64_t(2000));
    QCOMPARE(d.unfinishedQueued + d.unfinishedRunning + d.rejectedRequests, std::uint64_t(0));
    QCOMPARE(d.generatedTokens, d.completedOutputTokens);
}

void TestEngine::tokensConservedUnderPreemption()
{
    // A small KV cache forces recompute preemptions: 80 GB x (1 - 0.95) = 4 GB usable, 2 GB of
    // weights, 2 GB / 131,072 B per token = 15,258 tokens for up to 256 running requests.
    // Tokens generated before a preemption are kept, so the totals still balance.
    scenario::Scenario s = drainingScenario(BatchingPolicy::Continuous, 3000, 0.01);
    s.deployments[0].model.kvHeads = 64;
    s.deployments[0].model.headDim = 128;
    s.deployments[0].model.layers = 4; // 2 x 4 x 64 x 128 x 2 B = 131,072 B per token
    s.deployments[0].serving.memoryReserveFraction = 0.95; // 4 GB usable, 2 GB weights
    const metrics::Results r = run::simulate(s);
    QVERIFY2(r.preemptions > 0, "the scenario should run out of KV cache");
    QCOMPARE(r.completedRequests, std::uint64_t(3000));
    QCOMPARE(r.generatedTokens, r.completedOutputTokens);
}

void TestEngine::littlesLaw()
{
    // L = lambda W (Little, Operations Research 9, 1961): time-averaged requests in the system
    // against arrival rate x mean time in system, measured independently. Requests that
    // straddle the window edges make the two differ by O(W / window) = O(1e-4) here;
    // 2 % is a statistical, not a systematic, margin.
    scenario::Scenario s = chatLike(30.0, BatchingPolicy::Continuous);
    s.simulation.horizonSeconds = 3600.0;
    s.simulation.warmupSeconds = 60.0;
    const metrics::Results r = run::simulate(s);
    QVERIFY(r.measuredRequests > 50'000);
    qInfo("Little: L = %.4f, lambda W = %.4f x %.4f s = %.4f", r.meanRequestsInSystem,
          r.arrivalRatePerSecond, r.e2eSeconds.mean, r.arrivalRatePerSecond * r.e2eSeconds.mean);
    TW_COMPARE_REL(r.meanRequestsInSystem, r.arrivalRatePerSecond * r.e2eSeconds.mean, 0.02);
}

void TestEngine::continuousBeatsStaticOnTtft()
{
    // At moderate load, static batching makes early requests wait for the batch to fill and
    // for the previous padded batch to end; iteration-level batching admits them at once.
    const metrics::Results continuous = run::simulate(chatLike(8.0, BatchingPolicy::Continuous));
    const metrics::Results staticBatch = run::simulate(chatLike(8.0, BatchingPolicy::Static));
    qInfo("mean TTFT: continuous %.3f s, static %.3f s", continuous.ttftSeconds.mean,
          staticBatch.ttftSeconds.mean);
    QVERIFY(continuous.ttftSeconds.mean < staticBatch.ttftSeconds.mean);
    QVERIFY(continuous.e2eSeconds.mean < staticBatch.e2eSeconds.mean);
}

void TestEngine::noBatchingSaturatesFirst()
{
    // Without batching the server's capacity is 1 / E[S]: E[S] ~ (1 + E[output]) x 2 ms
    // = ~0.3 s here, so ~3.3 requests/s. At 5 requests/s the queue grows without bound, while
    // continuous batching serves the same traffic with a short queue.
    const metrics::Results none = run::simulate(chatLike(5.0, BatchingPolicy::None));
    const metrics::Results continuous = run::simulate(chatLike(5.0, BatchingPolicy::Continuous));
    qInfo("unfinished queued at the horizon: none %llu, continuous %llu",
          static_cast<unsigned long long>(none.unfinishedQueued),
          static_cast<unsigned long long>(continuous.unfinishedQueued));
    QVERIFY(none.busyFraction > 0.99);
    QVERIFY(none.unfinishedQueued > 500);
    QVERIFY(continuous.unfinishedQueued < 20);
    QVERIFY(continuous.busyFraction < 0.9);
}

void TestEngine::chunkedPrefillBoundsDecodeStalls()
{
    // Long prompts stall decoding while they are prefilled whole; chunking them into the
    // per-iteration token budget keeps the worst time per output token lower.
    scenario::Scenario s = chatLike(20.0, BatchingPolicy::Continuous);
    s.workload.classes[0].promptTokens.mean = 3000.0;
    s.workload.classes[0].promptTokens.maxTokens = 16000;
    s.deployments[0].performance.computeEfficiency = 0.02; // make prefill expensive
    s.deployments[0].serving.maxBatchedTokens = 512;
    s.deployments[0].serving.chunkedPrefill = false;
    const metrics::Results whole = run::simulate(s);
    s.deployments[0].serving.chunkedPrefill = true;
    const metrics::Results chunked = run::simulate(s);
    qInfo("p99 TPOT: whole prefill %.4f s, chunked %.4f s", whole.tpotSeconds.p99,
          chunked.tpotSeconds.p99);
    QVERIFY(chunked.tpotSeconds.p99 < whole.tpotSeconds.p99);
}

void TestEngine::determinism()
{
    const scenario::Scenario s = chatLike(20.0, BatchingPolicy::Continuous);
    const metrics::Results a = run::simulate(s);
    const metrics::Results b = run::simulate(s);
    QCOMPARE(a.arrivedRequests, b.arrivedRequests);
    QCOMPARE(a.completedRequests, b.completedRequests);
    QCOMPARE(a.generatedTokens, b.generatedTokens);
    QCOMPARE(a.eventsProcessed, b.eventsProcessed);
    QCOMPARE(a.ttftSeconds.p99, b.ttftSeconds.p99);
    QCOMPARE(a.e2eSeconds.mean, b.e2eSeconds.mean);
    QCOMPARE(a.busyFraction, b.busyFraction);
    QCOMPARE(a.kvUtilization, b.kvUtilization);
    QCOMPARE(a.timeSeries.queueDepthMean, b.timeSeries.queueDepthMean);
    QCOMPARE(a.timeSeries.latencyP95Seconds, b.timeSeries.latencyP95Seconds);
}

void TestEngine::seedChangesResults()
{
    const scenario::Scenario s = chatLike(20.0, BatchingPolicy::Continuous);
    sim::RunOptions other;
    other.seed = 12345;
    const metrics::Results a = run::simulate(s);
    const metrics::Results b = run::simulate(s, other);
    QVERIFY(a.arrivedRequests != b.arrivedRequests || a.e2eSeconds.mean != b.e2eSeconds.mean);
    QCOMPARE(b.seed, std::uint64_t(12345));
}

void TestEngine::modelThatDoesNotFitIsRefused()
{
    // 50e9 fp16 parameters = 100 GB of weights on one 80 GB GPU with 72 GB usable.
    scenario::Scenario s = chatLike(1.0, BatchingPolicy::Continuous);
    s.deployments[0].model.totalParams = 50e9;
    s.deployments[0].model.activeParams = 50e9;
    try {
        run::simulate(s);
        QFAIL("expected an InputError");
    } catch (const InputError &e) {
        const QString text = QString::fromStdString(e.what());
        QVERIFY2(text.contains("deployments[0]"), qPrintable(text));
        QVERIFY2(text.contains("100.0 GB"), qPrintable(text));
        QVERIFY2(text.contains("72.0 GB"), qPrintable(text));
        QVERIFY2(text.contains("short by 28.0 GB"), qPrintable(text));
    }
}

void TestEngine::runBudgetRefusesHugeScenario()
{
    // 10^6 requests/s for a year is ~3e13 requests: refused before any work.
    scenario::Scenario s = chatLike(1e6, BatchingPolicy::Continuous);
    s.simulation.horizonSeconds = 365.0 * 86400.0;
    QVERIFY_THROWS_EXCEPTION(InputError, run::simulate(s));
}

void TestEngine::cancellationStopsRun()
{
    CancellationToken token;
    token.cancel();
    sim::RunOptions options;
    options.cancel = &token;
    const metrics::Results r = run::simulate(chatLike(50.0, BatchingPolicy::Continuous), options);
    QCOMPARE(int(r.status), int(metrics::RunStatus::Cancelled));
    QVERIFY(r.eventsProcessed < 10'000);
}

void TestEngine::observerSeesEveryIteration()
{
    struct Counter : sim::EngineObserver
    {
        std::int64_t decodeTokens = 0, prefillTokens = 0, lastEnd = 0;
        bool ordered = true;
        void onIteration(const sim::IterationRecord &r) override
        {
            decodeTokens += r.decodeTokens;
            prefillTokens += r.prefillTokens;
            ordered = ordered && r.endNs >= lastEnd && r.startNs < r.endNs;
            lastEnd = r.endNs;
        }
    } counter;
    sim::RunOptions options;
    options.observers.push_back(&counter);
    const scenario::Scenario s = drainingScenario(BatchingPolicy::Continuous, 500, 0.1);
    const metrics::Results r = run::simulate(s, options);
    QVERIFY(counter.ordered);
    // Every output token but the first of each request comes from a decode step; the first
    // comes with the end of the prompt's prefill.
    QCOMPARE(static_cast<std::uint64_t>(counter.decodeTokens) + r.completedRequests,
             r.generatedTokens);
}

void TestEngine::closedLoopKeepsUsersBusy()
{
    // N users with no think time: N requests in the system at all times, so by Little's law the
    // throughput is N / mean latency.
    scenario::Scenario s = chatLike(1.0, BatchingPolicy::Continuous);
    s.workload.arrival.kind = scenario::ArrivalKind::ClosedLoop;
    s.workload.arrival.users = 16;
    s.workload.arrival.thinkTimeSeconds = 0.0;
    s.simulation.warmupSeconds = 30.0;
    const metrics::Results r = run::simulate(s);
    TW_COMPARE_REL(r.meanRequestsInSystem, 16.0, 0.01);
    TW_COMPARE_REL(r.requestsPerSecond, 16.0 / r.e2eSeconds.mean, 0.03);
}

void TestEngine::leastOutstandingBalancesReplicas()
{
    scenario::Scenario s = chatLike(40.0, BatchingPolicy::Continuous);
    s.deployments[0].hardware.replicas = 4;
    for (auto routing :
         {scenario::RoutingPolicy::RoundRobin, scenario::RoutingPolicy::LeastOutstanding}) {
        s.deployments[0].serving.routing = routing;
        const metrics::Results r = run::simulate(s);
        checkConservation(r);
        QVERIFY(r.busyFraction > 0.0);
    }
    // Least-outstanding should not be worse on tail latency than blind round robin.
    s.deployments[0].serving.routing = scenario::RoutingPolicy::RoundRobin;
    const double roundRobinP99 = run::simulate(s).e2eSeconds.p99;
    s.deployments[0].serving.routing = scenario::RoutingPolicy::LeastOutstanding;
    const double leastP99 = run::simulate(s).e2eSeconds.p99;
    QVERIFY(leastP99 <= roundRobinP99 * 1.02);
}

void TestEngine::everyPolicyIsRegisteredReadAndDocumented()
{
    // The registry is the one list of policies: each has a distinct key, the scenario format
    // reads and writes it, and docs/scenario-format.md names it in the row of serving.policy.
    std::ifstream docs(std::string(TOKENWATT_SOURCE_DIR) + "/docs/scenario-format.md");
    std::string line, policyRow;
    while (std::getline(docs, line))
        if (line.rfind("| `policy` |", 0) == 0)
            policyRow = line;
    QVERIFY2(!policyRow.empty(), "docs/scenario-format.md has no row for serving.policy");

    const catalog::Catalog &catalog = catalog::Catalog::builtIn();
    const scenario::Scenario base
            = scenario::parseScenarioJson(scenario::findExample("default")->json, catalog);
    std::set<std::string_view> keys;
    for (const sim::BatchingPolicyInfo &policy : sim::batchingPolicies()) {
        QVERIFY2(keys.insert(policy.key).second, std::string(policy.key).c_str());
        QVERIFY(&sim::batchingPolicy(policy.policy) == &policy);
        QVERIFY2(policyRow.find("`" + std::string(policy.key) + "`") != std::string::npos,
                 ("docs/scenario-format.md does not document " + std::string(policy.key)).c_str());
        QVERIFY(policy.makeReplica != nullptr);
        QVERIFY(!policy.label.empty() && !policy.description.empty());
        scenario::Scenario s = base;
        s.deployments[0].serving.policy = policy.policy;
        const std::string json = scenario::toJson(s, catalog);
        QVERIFY(json.find("\"policy\": \"" + std::string(policy.key) + "\"") != std::string::npos);
        QCOMPARE(int(scenario::parseScenarioJson(json, catalog).deployments[0].serving.policy),
                 int(policy.policy));
    }
}

QTEST_APPLESS_MAIN(TestEngine)
void TestEngine::utilisationMeasuresByHand()
{
    // Batching off, one-token prompts and answers: every request is one iteration of the toy
    // model, 2e9 FLOPs (2 x 1e9 parameters x 1 token) and 2e9 bytes (its weights) in 2 ms.
    // Per request the GPU therefore runs at 100 % of its 1000 GB/s and at 2e9 / 2 ms = 1e12
    // FLOP/s, 0.1 % of its 1e15, so MBU = time busy and MFU = time busy x 0.001 (the KV bytes and
    // attention FLOPs of a one-token context add about 1e-9). One request at a time: the batch
    // limit is 1 and the occupancy while busy is exactly 1.
    scenario::Scenario s = test::toyScenario(100.0, 1'000.0, BatchingPolicy::None, 1, 1);
    const metrics::Results r = run::simulate(s);
    const metrics::DeploymentResults &d = r.deployments.front();
    TW_COMPARE_REL(d.busyFraction, 0.2, 0.02); // rho = 100/s x 2 ms
    TW_COMPARE_REL(d.bandwidthUtilization, d.busyFraction, 1e-6);
    TW_COMPARE_REL(d.flopsUtilization, 0.001 * d.busyFraction, 1e-6);
    QCOMPARE(d.batchLimit, 1.0);
    TW_COMPARE_REL(d.batchOccupancy, 1.0, 1e-12);
    TW_COMPARE_REL(r.flopsUtilization, d.flopsUtilization, 1e-12); // one deployment: the same
    TW_COMPARE_REL(r.bandwidthUtilization, d.bandwidthUtilization, 1e-12);
    TW_COMPARE_REL(r.batchOccupancy, d.batchOccupancy, 1e-12);

    // Continuous batching under the batching limit: the KV cache (80 GB at 4 bytes per token)
    // holds millions of these requests, so the limit is maxRunningRequests and the occupancy
    // is the mean running batch over it.
    scenario::Scenario c = test::toyScenario(200.0, 300.0, BatchingPolicy::Continuous, 100, 50);
    c.deployments[0].serving.maxRunningRequests = 64;
    const metrics::Results rc = run::simulate(c);
    const metrics::DeploymentResults &dc = rc.deployments.front();
    QCOMPARE(dc.batchLimit, 64.0);
    QVERIFY(dc.meanRunningBatch > 4.0);
    TW_COMPARE_REL(dc.batchOccupancy, dc.meanRunningBatch / 64.0, 1e-12);
    // Every iteration reads the 2e9 weight bytes in 2 ms whatever the batch: MBU = time busy
    // again, to the KV traffic of at most 64 x 150 tokens x 4 bytes per iteration (3e-5).
    TW_COMPARE_REL(dc.bandwidthUtilization, dc.busyFraction, 1e-4);
}

#include "tst_engine.moc"
