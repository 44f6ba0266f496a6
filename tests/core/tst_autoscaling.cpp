// Autoscaling and overflow (docs/model.md, "Autoscaling"): on hand-derived cases the autoscaler
// provisions exactly the replicas its rule asks for, when it asks for them; rent, idle energy and
// the provisioned-replicas series follow those replica-seconds; every request is conserved,
// including those that wait for a replica from zero or overflow to an API.
//
// The toy model (tests/core/engine_fixtures.h) runs every iteration in exactly 2 ms whatever the
// batch, so the times below follow by hand.

#include "core/accounting/reaccount.h"
#include "core/catalog/catalog.h"
#include "core/common/error.h"
#include "core/common/random.h"
#include "core/run/simulate.h"
#include "core/scenario_io/examples.h"
#include "core/scenario_io/scenario_json.h"
#include "core/sweep/plan.h"
#include "engine_fixtures.h"
#include "test_support.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <memory>

using namespace tw;

class TestAutoscaling : public QObject
{
    Q_OBJECT

private slots:
    void scalesUpAndDownOnAHandDerivedCase();
    void startsFromZeroForTheFirstRequest();
    void overflowSendsTheQueueToTheApi();
    void withoutAutoscalingNothingChanges();
    void spotInterruptionRestartsTheRequestsItHeld();
    void readerRefusesBadSettings();
    void planCandidatesKeepTheAutoscalerWithinTheirCeiling();
};

namespace {

constexpr double kExact = 1e-12;

/// Requests arriving at the given times with a 10-token prompt and @p outputTokens each.
scenario::SharedTrace traceAt(std::initializer_list<double> seconds, int outputTokens)
{
    auto records = std::make_shared<std::vector<scenario::TraceRecord>>();
    for (double t : seconds)
        records->push_back({t, 10, outputTokens});
    return scenario::SharedTrace(std::move(records));
}

/// One toy deployment of at most 4 replicas on a 600 s horizon, rented at $3.60 per GPU-hour,
/// autoscaled on load with target 1 request per replica every 10 s, no tolerance, scale-down
/// window 30 s, and a 22 s cold start (20 s provisioning + 2e9 weight bytes at 1 GB/s).
scenario::Scenario autoscaledToy()
{
    scenario::Scenario s
            = test::toyScenario(1.0, 600.0, scenario::BatchingPolicy::Continuous, 10, 10);
    s.simulation.timeseriesResolutionSeconds = 60.0;
    s.workload.arrival.kind = scenario::ArrivalKind::Trace;
    scenario::Deployment &d = s.deployments.front();
    d.hardware.replicas = 4;
    d.hosting.kind = scenario::HostingKind::Cloud;
    d.hosting.pricePerGpuHourUsd = 3.6;
    d.power.idleWatts = 100.0;
    scenario::AutoscalingSpec &a = d.autoscaling;
    a.enabled = true;
    a.metric = scenario::ScalingMetric::Load;
    a.target = 1.0;
    a.minReplicas = 1;
    a.initialReplicas = 1;
    a.intervalSeconds = 10.0;
    a.scaleUpDelaySeconds = 0.0;
    a.scaleDownDelaySeconds = 30.0;
    a.tolerance = 0.0;
    a.provisionSeconds = 20.0;
    a.loadGBps = 1.0;
    return s;
}

} // namespace

void TestAutoscaling::scalesUpAndDownOnAHandDerivedCase()
{
    // Four requests arrive at 5 s, each generating 50,000 tokens: together on the one ready
    // replica they take 50,000 iterations x 2 ms = 100 s and finish at about 105 s.
    //   t = 10 s: 4 outstanding / target 1 = 4 replicas: three start (ready at 32 s; no new
    //             requests arrive, so they serve nothing).
    //   t = 20..100 s: still 4 outstanding: 4.
    //   t = 110, 120, 130 s: 0 outstanding, so 1 is recommended, but the 30 s window still
    //             holds a 4 (from 100 s at the latest).
    //   t = 140 s: the window [110, 140] holds only 1s: three idle replicas go at once.
    // Provisioned: 1 x 10 s + 4 x 130 s + 1 x 460 s = 990 replica-seconds = 990 GPU-seconds.
    scenario::Scenario s = autoscaledToy();
    s.workload.arrival.trace = traceAt({5.0, 5.0, 5.0, 5.0}, 50'000);
    const accounting::MeteredResults run = run::simulateMetered(s);
    const metrics::Results &r = run.results;
    QCOMPARE(r.arrivedRequests, 4u);
    QCOMPARE(r.completedRequests, 4u);
    QVERIFY(r.e2eSeconds.max > 100.0 && r.e2eSeconds.max < 105.0);
    const metrics::DeploymentResults &d = r.deployments.front();
    QVERIFY(d.autoscaled);
    QCOMPARE(d.coldStarts, 3u);
    QCOMPARE(d.replicasReleased, 3u);
    QCOMPARE(d.peakProvisionedReplicas, 4);
    TW_COMPARE_REL(d.meanProvisionedReplicas, 990.0 / 600.0, kExact);

    // Rent: 990 GPU-seconds x $3.60 per hour = $0.99, all of it for the GPUs held.
    TW_COMPARE_REL(r.cost.gpuBusyUsd + r.cost.gpuIdleUsd, 0.99, kExact);
    // Idle power is drawn by provisioned GPUs only: 100 W x 990 s on top of the metered work.
    const double dynamic = run.meter->deployment(0).dynamicGpuJoules;
    TW_COMPARE_REL(r.energy.gpuKwh, (100.0 * 990.0 + dynamic) / 3.6e6, kExact);

    // The provisioned series, in 60 s bins: [0, 60) holds 1 x 10 s + 4 x 50 s = 3.5 on
    // average, [60, 120) 4, [120, 180) 4 x 20 s + 1 x 40 s = 2, and 1 after.
    const std::vector<double> &p = r.timeSeries.provisionedReplicas;
    QCOMPARE(p.size(), std::size_t(10));
    TW_COMPARE_REL(p[0], 3.5, kExact);
    TW_COMPARE_REL(p[1], 4.0, kExact);
    TW_COMPARE_REL(p[2], 2.0, kExact);
    for (std::size_t b = 3; b < p.size(); ++b)
        TW_COMPARE_REL(p[b], 1.0, kExact);
    // The cost series follows the rent: bin 0 holds 210 of the 990 GPU-seconds.
    TW_COMPARE_REL(r.timeSeries.costUsd[0], 0.99 * 210.0 / 990.0, kExact);

    // Busy time is a share of what was provisioned.
    TW_COMPARE_REL(d.busyFraction, run.meter->deployment(0).busyGpuSeconds / 990.0, 1e-9);
}

void TestAutoscaling::startsFromZeroForTheFirstRequest()
{
    // No replica at the start. The request at 5 s starts one at once (22 s cold start), waits
    // for it, and is served from 27 s: 10 tokens take 10 iterations = 20 ms, so its first
    // token comes 22 s + 2 ms after it arrived. The second request, at 100 s, finds the replica
    // still held (the 30 s window keeps the 1 asked for at 10..20 s only until 50 s, so the
    // replica went at 50 s and it starts again at 100 s): it waits 22 s as well.
    scenario::Scenario s = autoscaledToy();
    s.deployments.front().autoscaling.minReplicas = 0;
    s.deployments.front().autoscaling.initialReplicas = 0;
    s.workload.arrival.trace = traceAt({5.0, 100.0}, 10);
    const metrics::Results r = run::simulate(s);
    QCOMPARE(r.arrivedRequests, 2u);
    QCOMPARE(r.completedRequests, 2u);
    const metrics::DeploymentResults &d = r.deployments.front();
    QCOMPARE(d.coldStarts, 2u);
    QCOMPARE(d.replicasReleased, 2u);
    TW_COMPARE_REL(r.ttftSeconds.p50, 22.002, 1e-9);
    TW_COMPARE_REL(r.ttftSeconds.max, 22.002, 1e-9);
    // First replica: started at 5 s; at 10 and 20 s the waiting request asks for 1; ready at
    // 27 s and done at 27.02 s; from 30 s the evaluations ask for ceil(0 / 1) = 0, but the 30 s
    // window holds the 1 of 20 s until 50 s: let go at 60 s. Second: the arrival at 100 s
    // (handled before the evaluation of the same instant) starts it; 100, 110 and 120 s ask
    // for 1; let go at 160 s. Replica-seconds: (60 - 5) + (160 - 100) = 115.
    TW_COMPARE_REL(d.meanProvisionedReplicas, 115.0 / 600.0, kExact);
}

void TestAutoscaling::overflowSendsTheQueueToTheApi()
{
    // One replica without batching (one request at a time, 10 tokens = 20 ms) and ten
    // requests at the same instant: the first joins the replica, which starts it at once; the
    // second waits; from the third on the replica already has maxWaiting = 1 waiting, so
    // eight overflow to the API.
    scenario::Scenario s = test::toyScenario(1.0, 60.0, scenario::BatchingPolicy::None, 10, 10);
    s.workload.arrival.kind = scenario::ArrivalKind::Trace;
    s.workload.arrival.trace = traceAt({1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0}, 10);
    scenario::Deployment api;
    api.name = "api";
    api.kind = scenario::DeploymentKind::Api;
    api.api.inputUsdPerMillionTokens = 1.0;
    api.api.outputUsdPerMillionTokens = 2.0;
    s.deployments.front().overflow.deployment = "api";
    s.deployments.front().overflow.maxWaiting = 1;
    s.deployments.push_back(api);
    const metrics::Results r = run::simulate(s);
    QCOMPARE(r.arrivedRequests, 10u);
    QCOMPARE(r.completedRequests, 10u);
    const metrics::DeploymentResults &self = r.deployments[0];
    QCOMPARE(self.overflowedRequests, 8u);
    QCOMPARE(self.requests, 2u);
    QCOMPARE(r.deployments[1].requests, 8u);
    QCOMPARE(r.deployments[1].outputTokens, 80u);
    // The API bills the overflowed tokens: 8 x (10 input x $1 + 10 output x $2) per million.
    TW_COMPARE_REL(r.cost.apiUsd, 8.0 * (10.0 + 20.0) / 1e6, kExact);
}

void TestAutoscaling::withoutAutoscalingNothingChanges()
{
    // A fixed fleet is provisioned throughout: mean = peak = replicas, and the series is flat.
    scenario::Scenario s
            = test::toyScenario(5.0, 600.0, scenario::BatchingPolicy::Continuous, 100, 50);
    s.deployments.front().hardware.replicas = 3;
    const metrics::Results r = run::simulate(s);
    const metrics::DeploymentResults &d = r.deployments.front();
    QVERIFY(!d.autoscaled);
    QCOMPARE(d.peakProvisionedReplicas, 3);
    QCOMPARE(d.meanProvisionedReplicas, 3.0);
    QCOMPARE(d.coldStarts, 0u);
    for (double p : r.timeSeries.provisionedReplicas)
        QCOMPARE(p, 3.0);

    // The same fleet "autoscaled" between 3 and 3 replicas gives the same cost and energy.
    scenario::Scenario pinned = s;
    pinned.deployments.front().autoscaling.enabled = true;
    pinned.deployments.front().autoscaling.minReplicas = 3;
    pinned.deployments.front().autoscaling.initialReplicas = 3;
    const metrics::Results q = run::simulate(pinned);
    QCOMPARE(q.completedRequests, r.completedRequests);
    TW_COMPARE_REL(q.cost.totalUsd, r.cost.totalUsd, 1e-9);
    TW_COMPARE_REL(q.energy.facilityKwh, r.energy.facilityKwh, 1e-9);
}

void TestAutoscaling::spotInterruptionRestartsTheRequestsItHeld()
{
    // One spot replica (no autoscaling), interrupted at a mean of once per 100 s; two requests
    // arrive at 1 s, each generating 50,000 tokens, which takes them 100 s together.
    // The engine draws each ready replica's next interruption from the stream
    // "interruptions": the first draw (at 0 s) is the first interruption T1, the second is
    // drawn when the replacement is ready at T1 + 22 s. The seed is the first for which T1
    // falls while the requests run and the second interruption after the 300 s horizon, so
    // that one interruption happens and the figures follow by hand:
    // The first request starts an iteration the instant it arrives; the second, arriving in
    // the same instant, joins the next one, 2 ms behind it. So:
    //   tokens lost   = n + (n - 1), n = iterations finished by T1 = floor((T1 - 1 s) / 2 ms)
    //                   (the KV reads add under 1 ms over these iterations: less than one);
    //   completion    = both start again together when the replacement is ready at T1 + 22 s,
    //                   so each ends T1 + 22 s - 1 s after it would have without the
    //                   interruption (the same run with interruptionsPerDay 0);
    //   provisioned   = 300 s (the replacement is billed from T1, while it starts).
    scenario::Scenario s
            = test::toyScenario(1.0, 300.0, scenario::BatchingPolicy::Continuous, 10, 10);
    s.simulation.timeseriesResolutionSeconds = 60.0;
    s.workload.arrival.kind = scenario::ArrivalKind::Trace;
    s.workload.arrival.trace = traceAt({1.0, 1.0}, 50'000);
    scenario::Deployment &d = s.deployments.front();
    d.hosting.kind = scenario::HostingKind::Cloud;
    d.hosting.pricePerGpuHourUsd = 3.6;
    d.hosting.interruptionsPerDay = 864.0; // a mean of 100 s between interruptions
    d.autoscaling.provisionSeconds = 20.0;
    d.autoscaling.loadGBps = 1.0;
    double t1 = 0.0;
    for (std::uint64_t seed = 1;; ++seed) {
        RandomStream draws(seed, 0, "interruptions");
        t1 = draws.exponential(100.0);
        const double second = draws.exponential(100.0);
        if (t1 > 2.0 && t1 < 90.0 && t1 + 22.0 + second > 300.0) {
            s.simulation.seed = seed;
            break;
        }
    }
    const std::int64_t t1Ns = static_cast<std::int64_t>(std::llround(t1 * 1e9));
    const std::int64_t finished = (t1Ns - 1'000'000'000) / 2'000'000;

    const metrics::Results r = run::simulate(s);
    const metrics::DeploymentResults &dep = r.deployments.front();
    QCOMPARE(dep.interruptions, 1u);
    QCOMPARE(dep.restartedRequests, 2u);
    QCOMPARE(dep.lostTokens, static_cast<std::uint64_t>(2 * finished - 1));
    QCOMPARE(r.completedRequests, 2u);
    QCOMPARE(r.completedOutputTokens, 100'000u);
    // What was generated is what was delivered plus what the interruption threw away.
    QCOMPARE(r.generatedTokens, r.completedOutputTokens + dep.lostTokens);
    scenario::Scenario steady = s;
    steady.deployments.front().hosting.interruptionsPerDay = 0.0;
    const metrics::Results fresh = run::simulate(steady);
    const double delay = static_cast<double>(t1Ns) * 1e-9 + 22.0 - 1.0;
    TW_COMPARE_REL(r.e2eSeconds.max, fresh.e2eSeconds.max + delay, 1e-12);
    TW_COMPARE_REL(r.e2eSeconds.p50, fresh.e2eSeconds.p50 + delay, 1e-12);
    TW_COMPARE_REL(dep.meanProvisionedReplicas, 1.0, kExact);
    TW_COMPARE_REL(r.cost.gpuBusyUsd + r.cost.gpuIdleUsd, 0.3, kExact);
    QCOMPARE(dep.coldStarts, 1u);
}

void TestAutoscaling::readerRefusesBadSettings()
{
    const catalog::Catalog &catalog = catalog::Catalog::builtIn();
    const std::string text = scenario::findExample("default")->json;
    const scenario::Scenario base = scenario::parseScenarioJson(text, catalog);
    const nlohmann::json json = nlohmann::json::parse(text);
    auto refused = [&](const nlohmann::json &autoscaling, const std::string &field) {
        nlohmann::json copy = json;
        copy["deployments"][0]["autoscaling"] = autoscaling;
        try {
            (void)scenario::parseScenarioJson(copy.dump(), catalog);
        } catch (const InputError &error) {
            return std::string(error.what()).find(field) != std::string::npos;
        }
        return false;
    };
    const int replicas = base.deployments.front().hardware.replicas;
    QVERIFY(refused({{"target", 0}}, "deployments[0].autoscaling.target"));
    QVERIFY(refused({{"metric", "cpu"}}, "deployments[0].autoscaling.metric"));
    QVERIFY(refused({{"minReplicas", replicas + 1}}, "deployments[0].autoscaling.minReplicas"));
    QVERIFY(refused({{"initialReplicas", replicas + 1}},
                    "deployments[0].autoscaling.initialReplicas"));
    QVERIFY(refused({{"loadGBps", 0}}, "deployments[0].autoscaling.loadGBps"));

    // Read back: an enabled block round-trips, and overflow to an unknown deployment is named.
    nlohmann::json on = json;
    on["deployments"][0]["autoscaling"] = {{"metric", "queue"}, {"target", 4}};
    const scenario::Scenario read = scenario::parseScenarioJson(on.dump(), catalog);
    QVERIFY(read.deployments.front().autoscaling.enabled);
    QVERIFY(read.deployments.front().autoscaling.metric == scenario::ScalingMetric::Queue);
    QVERIFY(scenario::parseScenarioJson(scenario::toJson(read, catalog), catalog) == read);
    nlohmann::json overflow = json;
    overflow["deployments"][0]["overflow"] = {{"deployment", "nowhere"}};
    try {
        (void)scenario::parseScenarioJson(overflow.dump(), catalog);
        QFAIL("an overflow to an unknown deployment was accepted");
    } catch (const InputError &error) {
        QVERIFY(std::string(error.what()).find("deployments[0].overflow.deployment")
                != std::string::npos);
    }
}

void TestAutoscaling::planCandidatesKeepTheAutoscalerWithinTheirCeiling()
{
    // A plan candidate of 2 replicas for a deployment whose autoscaler holds at least 3: the
    // bounds shrink to the ceiling, so the planned scenario (what Apply and plan --write make)
    // reads back.
    const catalog::Catalog &catalog = catalog::Catalog::builtIn();
    scenario::Scenario s = scenario::parseScenarioJson(
            scenario::findExample("diurnal-autoscaling")->json, catalog);
    s.deployments.front().autoscaling.minReplicas = 3;
    s.deployments.front().autoscaling.initialReplicas = 4;
    sweep::PlanConfig c;
    c.gpuId = "h100_sxm";
    c.gpusPerReplica = 2;
    c.replicas = 2;
    c.weightPrecision = model::Precision::Fp8;
    c.batchLimit = 256;
    c.hosting = s.deployments.front().hosting.offering;
    c.priceType = s.deployments.front().hosting.priceType;
    c.pricePerGpuHourUsd = s.deployments.front().hosting.pricePerGpuHourUsd;
    const scenario::Scenario planned = sweep::withPlanConfig(s, "llama-70b", c);
    const scenario::AutoscalingSpec &a = planned.deployments.front().autoscaling;
    QVERIFY(a.enabled);
    QCOMPARE(a.minReplicas, 2);
    QCOMPARE(a.initialReplicas, 2);
    QVERIFY(scenario::parseScenarioJson(scenario::toJson(planned, catalog), catalog) == planned);
}

QTEST_APPLESS_MAIN(TestAutoscaling)
#include "tst_autoscaling.moc"
