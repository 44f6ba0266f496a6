// Tests of energy, carbon and cost accounting (core/accounting/) and of the power cap in the
// performance model, against figures derived by hand in tests/golden/accounting/README.md
// (section letters match the slots). The meter is fed synthetic iteration records directly, so
// most tests need no engine.

#include "core/accounting/accounting.h"
#include "core/accounting/energy_meter.h"
#include "core/common/error.h"
#include "core/hardware/perf_model.h"
#include "core/run/simulate.h"

#include "engine_fixtures.h"
#include "test_support.h"

#include <cmath>
#include <numeric>

using tw::accounting::EnergyMeter;
using tw::hardware::BatchWork;
using tw::hardware::IterationCost;
using tw::hardware::PerfModel;
using tw::hardware::PowerModel;
using tw::metrics::Results;
using tw::scenario::Deployment;
using tw::scenario::DeploymentKind;
using tw::scenario::HostingKind;
using tw::scenario::Scenario;
using tw::sim::IterationRecord;

namespace {

constexpr double kExact = 1e-12; // hand figures are exact decimals; allow double rounding
constexpr double kHour = 3600.0;

std::int64_t ns(double seconds)
{
    return std::llround(seconds * 1e9);
}

/// The README's deployment: the toy GPU (1 PFLOP/s, 1,000 GB/s), TDP 700 W, idle 100 W,
/// busy activity 0.1, network activity 0.5, MFU weight 1.0, MBU weight 0.5, no host
/// overhead, PUE set by the scenario.
Deployment powerDeployment(int gpusPerReplica, int replicas)
{
    Deployment d = tw::test::toyDeployment();
    d.hardware.gpusPerReplica = gpusPerReplica;
    d.hardware.replicas = replicas;
    d.hardware.gpu.tdpWatts = 700.0;
    d.power.idleWatts = 100.0;
    d.power.busyActivity = 0.1;
    d.power.networkActivity = 0.5;
    d.power.computeWeight = 1.0;
    d.power.memoryWeight = 0.5;
    return d;
}

constexpr double kPeakFlops = 1e15; // the toy GPU's fp16 peak
constexpr double kPeakBytes = 1e12; // its 1,000 GB/s

Scenario scenarioWith(const Deployment &d, double horizonSeconds, double binSeconds)
{
    Scenario s;
    s.name = "accounting";
    s.simulation.horizonSeconds = horizonSeconds;
    s.simulation.timeseriesResolutionSeconds = binSeconds;
    s.deployments.push_back(d);
    s.region.pue = 1.0;
    s.region.carbonIntensityGramsPerKwh = 400.0;
    s.region.electricityPricePerKwhUsd = 0.1;
    s.deployments.front().hosting.embodiedKgCo2ePerGpu = 0.0;
    return s;
}

EnergyMeter meterFor(const Scenario &s)
{
    return EnergyMeter(s, ns(s.simulation.horizonSeconds),
                       ns(s.simulation.timeseriesResolutionSeconds));
}

/// A record of the README's tables: its FLOPs and bytes given as seconds at the toy GPU's peak
/// rates (so MFU = @p peakComputeSeconds / span), its all-reduce and host-wait seconds.
IterationRecord record(int replica, double startSeconds, double endSeconds,
                       double peakComputeSeconds, double peakMemorySeconds,
                       double networkSeconds = 0.0, double hostSeconds = 0.0, int deployment = 0)
{
    IterationRecord r;
    r.deployment = deployment;
    r.replica = replica;
    r.startNs = ns(startSeconds);
    r.endNs = ns(endSeconds);
    r.flops = peakComputeSeconds * kPeakFlops;
    r.memoryBytes = peakMemorySeconds * kPeakBytes;
    r.computeSeconds = peakComputeSeconds; // efficiencies 1: achieved = peak
    r.memorySeconds = peakMemorySeconds;
    r.networkSeconds = networkSeconds;
    r.hostSeconds = hostSeconds;
    r.overheadSeconds = hostSeconds;
    return r;
}

/// Stream (A): two replicas of 2 GPUs over 100 s, records in end-time order, interleaved.
void feedStreamA(EnergyMeter &meter)
{
    meter.onIteration(record(0, 0, 2, 1.5, 0.5));
    meter.onIteration(record(0, 2, 3, 0.1, 0.9, 0.2, 0.1));
    meter.onIteration(record(1, 1, 5, 2.0, 3.0));
    meter.onIteration(record(0, 10, 11, 1.2, 0.4));
    IterationRecord folded = record(1, 20, 30, 1.0, 9.0, 0.0, 1.0);
    folded.iterations = 100;
    meter.onIteration(folded);
}

double sum(const std::vector<double> &values)
{
    return std::accumulate(values.begin(), values.end(), 0.0);
}

/// Recomputes the dynamic energy of every record with the equation of docs/model.md written out
/// here, independently of EnergyMeter and PowerModel.
class DynamicEnergyByHand final : public tw::sim::EngineObserver
{
public:
    explicit DynamicEnergyByHand(const Deployment &d)
        : m_d(d)
    {}
    void onIteration(const IterationRecord &r) override
    {
        const tw::scenario::PowerParams &p = m_d.power;
        const tw::model::GpuSpec &gpu = m_d.hardware.gpu;
        const double span = static_cast<double>(r.endNs - r.startNs) * 1e-9;
        const double kernel = span - r.hostSeconds - r.networkSeconds;
        const double mfu = r.flops / (span * gpu.fp16Tflops * 1e12);
        const double mbu = r.memoryBytes / (span * gpu.memoryBandwidthGbPerSec * 1e9);
        const double activity
                = (p.busyActivity * kernel + p.networkActivity * r.networkSeconds) / span
                  + p.computeWeight * mfu + p.memoryWeight * mbu;
        const double idle = 0.1 * gpu.tdpWatts; // the catalog-less fallback
        joules += m_d.hardware.gpusPerReplica * (gpu.tdpWatts - idle) * std::min(1.0, activity)
                  * span;
        ++records;
    }
    double joules = 0.0;
    int records = 0;

private:
    Deployment m_d;
};

} // namespace

class TestAccounting : public QObject
{
    Q_OBJECT

private slots:
    void a_energyIsWattsTimesSeconds_data();
    void a_energyIsWattsTimesSeconds();
    void a_streamOfRecords();
    void b_recordCrossingBinEdges_data();
    void b_recordCrossingBinEdges();
    void b_recordCrossingHourOfDay();
    void b_recordsPastTheHorizonAreClipped();
    void b_apiRecordsAreIgnored();
    void c_idleFallback_data();
    void c_idleFallback();
    void d_pueAndServerOverhead();
    void e_operationalCarbon_data();
    void e_operationalCarbon();
    void f_embodiedCarbon_data();
    void f_embodiedCarbon();
    void g_cloudCost();
    void h_onPremisesCost_data();
    void h_onPremisesCost();
    void h_onPremisesCostLines();
    void h_priceChangeMovesEveryPrice();
    void i_apiAndCacheCost();
    void j_timeSeriesAddUpToTotals();
    void k_powerCapStretchesComputeBoundTime();
    void k_powerCapLeavesMemoryBoundTime();
    void k_powerCapAboveTdpChangesNothing();
    void k_powerCapAtIdleIsRefused();
    void k_decodeSpanCappedLikeIteration();
    void l_endToEndEnergyIsIdlePlusDynamic_data();
    void l_endToEndEnergyIsIdlePlusDynamic();
    void l_cacheHitsAndApiUseNoGpuWork();
};

// ---- (a) energy = watts x seconds ------------------------------------------------------------

void TestAccounting::a_energyIsWattsTimesSeconds_data()
{
    QTest::addColumn<double>("seconds");
    QTest::addColumn<double>("compute"); // FLOPs / peak FLOP/s
    QTest::addColumn<double>("memory");  // bytes / peak bandwidth
    QTest::addColumn<double>("network");
    QTest::addColumn<double>("host");
    QTest::addColumn<double>("joules"); // dynamic, both GPUs of the replica
    QTest::newRow("prefill") << 2.0 << 1.5 << 0.5 << 0.0 << 0.0 << 2340.0;
    QTest::newRow("decode") << 1.0 << 0.1 << 0.9 << 0.2 << 0.1 << 864.0;
    QTest::newRow("mixed") << 4.0 << 2.0 << 3.0 << 0.0 << 0.0 << 4680.0;
    QTest::newRow("saturated") << 1.0 << 1.2 << 0.4 << 0.0 << 0.0 << 1200.0;
    QTest::newRow("folded") << 10.0 << 1.0 << 9.0 << 0.0 << 1.0 << 7680.0;
    QTest::newRow("waiting for the host") << 1.0 << 0.0 << 0.0 << 0.0 << 1.0 << 0.0;
    QTest::newRow("all-reduce only") << 1.0 << 0.0 << 0.0 << 1.0 << 0.0 << 600.0;
}

void TestAccounting::a_energyIsWattsTimesSeconds()
{
    QFETCH(double, seconds);
    QFETCH(double, compute);
    QFETCH(double, memory);
    QFETCH(double, network);
    QFETCH(double, host);
    QFETCH(double, joules);
    const Scenario s = scenarioWith(powerDeployment(2, 1), 100.0, 10.0);
    EnergyMeter meter = meterFor(s);
    meter.onIteration(record(0, 10.0, 10.0 + seconds, compute, memory, network, host));
    const EnergyMeter::DeploymentEnergy &e = meter.deployment(0);
    TW_COMPARE_REL(e.dynamicGpuJoules, joules, kExact);
    TW_COMPARE_REL(e.busyGpuSeconds, 2.0 * seconds, kExact);
    TW_COMPARE_REL(sum(e.dynamicGpuJoulesPerBin), joules, kExact);
    QCOMPARE(e.records, std::uint64_t(1));
}

void TestAccounting::a_streamOfRecords()
{
    const Scenario s = scenarioWith(powerDeployment(2, 2), 100.0, 10.0);
    EnergyMeter meter = meterFor(s);
    feedStreamA(meter);
    const EnergyMeter::DeploymentEnergy &e = meter.deployment(0);
    QCOMPARE(e.gpus, 4);
    TW_COMPARE_REL(e.idleWattsPerGpu, 100.0, kExact);
    TW_COMPARE_REL(e.dynamicGpuJoules, 16764.0, kExact);
    TW_COMPARE_REL(e.busyGpuSeconds, 36.0, kExact);
    QCOMPARE(e.dynamicGpuJoulesPerBin.size(), std::size_t(10));
    TW_COMPARE_REL(e.dynamicGpuJoulesPerBin[0], 7884.0, kExact);
    TW_COMPARE_REL(e.dynamicGpuJoulesPerBin[1], 1200.0, kExact);
    TW_COMPARE_REL(e.dynamicGpuJoulesPerBin[2], 7680.0, kExact);
    QCOMPARE(e.dynamicGpuJoulesPerBin[3], 0.0);

    Results results;
    tw::accounting::account(s, meter, results);
    // GPU energy = idle x GPUs x horizon + dynamic = 40,000 + 16,764 J.
    TW_COMPARE_REL(results.energy.gpuKwh, 56764.0 / 3.6e6, kExact);
    TW_COMPARE_REL(results.deployments[0].energy.gpuKwh, 56764.0 / 3.6e6, kExact);
    TW_COMPARE_REL(results.energy.averageGpuWatts, 141.91, kExact);
    TW_COMPARE_REL(results.energy.busyGpuWatts, 20364.0 / 36.0, kExact);
    TW_COMPARE_REL(results.timeSeries.powerWatts[0], 1188.4, kExact);
    TW_COMPARE_REL(results.timeSeries.powerWatts[5], 400.0, kExact);
    TW_COMPARE_REL(results.energy.peakFacilityWatts, 1188.4, kExact);
}

// ---- (b) splitting in time -------------------------------------------------------------------

void TestAccounting::b_recordCrossingBinEdges_data()
{
    QTest::addColumn<double>("start");
    QTest::addColumn<double>("end");
    QTest::addColumn<QList<double>>("bins"); // joules in bins 0, 1, 2, 3
    // MBU 0.2, no FLOPs: activity 0.1 (busy) + 0.5 x 0.2 = 0.2, so 600 x 0.2 = 120 W per GPU,
    // 240 W for the replica.
    QTest::newRow("one edge") << 8.0 << 12.0 << QList<double>{480.0, 480.0, 0.0, 0.0};
    QTest::newRow("three edges") << 5.0 << 35.0 << QList<double>{1200.0, 2400.0, 2400.0, 1200.0};
    QTest::newRow("ends on an edge") << 5.0 << 10.0 << QList<double>{1200.0, 0.0, 0.0, 0.0};
}

void TestAccounting::b_recordCrossingBinEdges()
{
    QFETCH(double, start);
    QFETCH(double, end);
    QFETCH(QList<double>, bins);
    const Scenario s = scenarioWith(powerDeployment(2, 1), 100.0, 10.0);
    EnergyMeter meter = meterFor(s);
    meter.onIteration(record(0, start, end, 0.0, 0.2 * (end - start)));
    const EnergyMeter::DeploymentEnergy &e = meter.deployment(0);
    for (int b = 0; b < bins.size(); ++b)
        TW_COMPARE_REL(e.dynamicGpuJoulesPerBin[static_cast<std::size_t>(b)], bins[b], kExact);
    TW_COMPARE_REL(e.dynamicGpuJoules, 240.0 * (end - start), kExact);
}

void TestAccounting::b_recordCrossingHourOfDay()
{
    Scenario s = scenarioWith(powerDeployment(2, 1), kHour, 600.0);
    s.workload.arrival.startHour = 23.75; // midnight falls at t = 900 s
    EnergyMeter meter = meterFor(s);
    meter.onIteration(record(0, 890.0, 910.0, 0.0, 0.2 * 20.0));
    const EnergyMeter::DeploymentEnergy &e = meter.deployment(0);
    TW_COMPARE_REL(e.dynamicGpuJoulesPerHourOfDay[23], 2400.0, kExact);
    TW_COMPARE_REL(e.dynamicGpuJoulesPerHourOfDay[0], 2400.0, kExact);
    TW_COMPARE_REL(e.dynamicGpuJoulesPerBin[1], 4800.0, kExact); // [600, 1200) holds it all
    const auto hours = meter.hourOfDaySeconds();
    TW_COMPARE_REL(hours[23], 900.0, kExact);
    TW_COMPARE_REL(hours[0], 2700.0, kExact);
    QCOMPARE(hours[1], 0.0);
}

void TestAccounting::b_recordsPastTheHorizonAreClipped()
{
    const Scenario s = scenarioWith(powerDeployment(2, 1), 100.0, 10.0);
    EnergyMeter meter = meterFor(s);
    meter.onIteration(record(0, 95.0, 105.0, 0.0, 0.2 * 10.0));
    const EnergyMeter::DeploymentEnergy &e = meter.deployment(0);
    TW_COMPARE_REL(e.dynamicGpuJoules, 1200.0, kExact); // 240 W x 5 s inside the horizon
    TW_COMPARE_REL(e.busyGpuSeconds, 10.0, kExact);
    TW_COMPARE_REL(e.dynamicGpuJoulesPerBin[9], 1200.0, kExact);
}

void TestAccounting::b_apiRecordsAreIgnored()
{
    Scenario s = scenarioWith(powerDeployment(2, 1), 100.0, 10.0);
    Deployment api;
    api.name = "api";
    api.kind = DeploymentKind::Api;
    s.deployments.push_back(api);
    EnergyMeter meter = meterFor(s);
    meter.onIteration(record(0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1));
    meter.onIteration(record(0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 7)); // no such deployment
    QVERIFY(!meter.deployment(1).selfHosted);
    QCOMPARE(meter.deployment(1).dynamicGpuJoules, 0.0);
    QCOMPARE(meter.deployment(0).dynamicGpuJoules, 0.0);
}

// ---- (c) idle power --------------------------------------------------------------------------

void TestAccounting::c_idleFallback_data()
{
    QTest::addColumn<double>("scenarioIdle");
    QTest::addColumn<double>("catalogIdle");
    QTest::addColumn<double>("expected");
    QTest::newRow("scenario") << 100.0 << 75.0 << 100.0;
    QTest::newRow("catalog") << 0.0 << 75.0 << 75.0;
    QTest::newRow("fallback 10 % of TDP") << 0.0 << 0.0 << 70.0;
}

void TestAccounting::c_idleFallback()
{
    QFETCH(double, scenarioIdle);
    QFETCH(double, catalogIdle);
    QFETCH(double, expected);
    Deployment d = powerDeployment(1, 1);
    d.power.idleWatts = scenarioIdle;
    d.hardware.gpu.idleWatts = catalogIdle;
    const PowerModel power(d);
    TW_COMPARE_REL(power.idleWatts(), expected, kExact);
    TW_COMPARE_REL(power.dynamicRangeWatts(), 700.0 - expected, kExact);
}

// ---- (d) PUE and host overhead ---------------------------------------------------------------

void TestAccounting::d_pueAndServerOverhead()
{
    Scenario s = scenarioWith(powerDeployment(2, 2), 100.0, 10.0);
    s.deployments[0].power.serverOverheadFraction = 0.1;
    s.deployments[0].power.serverOverheadWattsPerGpu = 50.0;
    s.region.pue = 1.5;
    EnergyMeter meter = meterFor(s);
    feedStreamA(meter);
    Results results;
    results.generatedTokens = 1000;
    results.deployments.resize(1);
    results.deployments[0].outputTokens = 1000;
    tw::accounting::account(s, meter, results);
    const tw::metrics::EnergyResults &e = results.energy;
    TW_COMPARE_REL(e.gpuKwh, 56764.0 / 3.6e6, kExact);
    TW_COMPARE_REL(e.itKwh, 82440.4 / 3.6e6, kExact);
    TW_COMPARE_REL(e.facilityKwh, 123660.6 / 3.6e6, kExact);
    TW_COMPARE_REL(e.averageFacilityWatts, 1236.606, kExact);
    TW_COMPARE_REL(e.peakFacilityWatts, 2260.86, kExact);
    TW_COMPARE_REL(e.joulesPerOutputToken, 123.6606, kExact);
    TW_COMPARE_REL(e.gpuJoulesPerOutputToken, 56.764, kExact);
    TW_COMPARE_REL(results.deployments[0].energy.joulesPerOutputToken, 123.6606, kExact);
    TW_COMPARE_REL(results.timeSeries.energyKwh[0], 22608.6 / 3.6e6, kExact);
    TW_COMPARE_REL(results.carbon.operationalKg, 123660.6 / 3.6e6 * 0.4, kExact);
}

// ---- (e) operational carbon ------------------------------------------------------------------

void TestAccounting::e_operationalCarbon_data()
{
    QTest::addColumn<bool>("profile");
    QTest::addColumn<double>("scale"); // multipliers as given = normalised x scale
    QTest::addColumn<double>("kg");
    QTest::addColumn<double>("firstBinKg");
    QTest::addColumn<double>("secondBinKg");
    QTest::newRow("flat") << false << 1.0 << 0.1 << 0.04 << 0.06;
    QTest::newRow("hourly profile") << true << 1.0 << 0.13 << 0.04 << 0.09;
    QTest::newRow("profile not normalised") << true << 2.0 << 0.13 << 0.04 << 0.09;
}

void TestAccounting::e_operationalCarbon()
{
    QFETCH(bool, profile);
    QFETCH(double, scale);
    QFETCH(double, kg);
    QFETCH(double, firstBinKg);
    QFETCH(double, secondBinKg);
    Deployment d = powerDeployment(1, 1);
    d.hardware.gpu.tdpWatts = 300.0; // 200 W above idle
    d.power.busyActivity = 0.0;
    d.power.computeWeight = 0.0;
    d.power.memoryWeight = 1.0;
    Scenario s = scenarioWith(d, 2 * kHour, kHour);
    s.workload.arrival.startHour = 23.0;
    s.region.hourlyCarbonProfile = profile;
    s.region.hourlyCarbonMultipliers.fill(scale);
    s.region.hourlyCarbonMultipliers[0] = 1.5 * scale;
    s.region.hourlyCarbonMultipliers[1] = 0.5 * scale;
    EnergyMeter meter = meterFor(s);
    meter.onIteration(record(0, 4000.0, 4900.0, 0.0, 900.0)); // MBU 1: 200 W x 900 s, hour 0
    Results results;
    tw::accounting::account(s, meter, results);
    TW_COMPARE_REL(results.energy.facilityKwh, 0.25, kExact);
    TW_COMPARE_REL(results.carbon.operationalKg, kg, kExact);
    TW_COMPARE_REL(results.carbon.totalKg, kg, kExact);
    TW_COMPARE_REL(results.timeSeries.carbonKg[0], firstBinKg, kExact);
    TW_COMPARE_REL(results.timeSeries.carbonKg[1], secondBinKg, kExact);
}

// ---- (f) embodied carbon ---------------------------------------------------------------------

void TestAccounting::f_embodiedCarbon_data()
{
    QTest::addColumn<int>("gpus");
    QTest::addColumn<double>("kg");
    QTest::addColumn<double>("tonnesPerYear");
    QTest::newRow("one node") << 8 << 3700.0 / 43800.0 << 0.74;
    QTest::newRow("two nodes") << 9 << 6350.0 / 43800.0 << 1.27;
}

void TestAccounting::f_embodiedCarbon()
{
    QFETCH(int, gpus);
    QFETCH(double, kg);
    QFETCH(double, tonnesPerYear);
    Scenario s = scenarioWith(powerDeployment(gpus, 1), kHour, 600.0);
    s.region.carbonIntensityGramsPerKwh = 0.0;
    s.deployments[0].hosting.embodiedKgCo2ePerGpu = 150.0;
    s.deployments[0].hosting.embodiedKgCo2ePerNode = 2500.0;
    s.deployments[0].hosting.gpusPerNode = 8;
    s.deployments[0].hosting.hardwareLifetimeYears = 5.0;
    EnergyMeter meter = meterFor(s);
    Results results;
    results.completedOutputTokens = 1'000'000;
    tw::accounting::account(s, meter, results);
    TW_COMPARE_REL(results.carbon.embodiedKg, kg, kExact);
    TW_COMPARE_REL(results.carbon.totalKg, kg, kExact);
    TW_COMPARE_REL(results.carbon.tonnesPerYear, tonnesPerYear, kExact);
    TW_COMPARE_REL(results.carbon.gramsPerMillionOutputTokens, kg * 1000.0, kExact);
    TW_COMPARE_REL(sum(results.timeSeries.carbonKg), kg, kExact);
    TW_COMPARE_REL(results.timeSeries.carbonKg[0], kg / 6.0, kExact);
}

// ---- (g) cloud -------------------------------------------------------------------------------

void TestAccounting::g_cloudCost()
{
    Scenario s = scenarioWith(powerDeployment(2, 2), 100.0, 10.0);
    s.deployments[0].hosting.kind = HostingKind::Cloud;
    s.deployments[0].hosting.pricePerGpuHourUsd = 3.6;
    EnergyMeter meter = meterFor(s);
    feedStreamA(meter);
    Results results;
    results.completedOutputTokens = 1000;
    results.completedRequests = 10;
    tw::accounting::account(s, meter, results);
    const tw::metrics::CostResults &c = results.cost;
    TW_COMPARE_REL(c.totalUsd, 0.4, kExact);
    TW_COMPARE_REL(c.gpuBusyUsd, 0.036, kExact);
    TW_COMPARE_REL(c.gpuIdleUsd, 0.364, kExact);
    QCOMPARE(c.energyUsd, 0.0); // included in the rent
    TW_COMPARE_REL(c.idleShare, 0.91, kExact);
    TW_COMPARE_REL(c.perMonthUsd, 10512.0, kExact);
    TW_COMPARE_REL(c.perYearUsd, 126144.0, kExact);
    TW_COMPARE_REL(c.perMillionOutputTokensUsd, 400.0, kExact);
    TW_COMPARE_REL(c.perRequestUsd, 0.04, kExact);
    TW_COMPARE_REL(results.deployments[0].cost.totalUsd, 0.4, kExact);
    TW_COMPARE_REL(results.timeSeries.costUsd[3], 0.04, kExact);
}

// ---- (h) on premises -------------------------------------------------------------------------

namespace {

/// Stream A's deployment bought outright, with the overheads and PUE of (d): the scenario of
/// the README's (h), hosting left to each test.
Scenario ownedScenario()
{
    Scenario s = scenarioWith(powerDeployment(2, 2), 100.0, 10.0);
    s.deployments[0].power.serverOverheadFraction = 0.1;
    s.deployments[0].power.serverOverheadWattsPerGpu = 50.0;
    s.region.pue = 1.5;
    tw::scenario::HostingSpec &h = s.deployments[0].hosting;
    h.kind = HostingKind::OnPremises;
    h.gpusPerNode = 8;
    h.amortizationYears = 3.0;
    return s;
}

} // namespace

void TestAccounting::h_onPremisesCost_data()
{
    QTest::addColumn<double>("nodePrice");
    QTest::addColumn<double>("gpuPrice");
    QTest::addColumn<double>("capexUsd"); // amortised over the 100 s
    QTest::addColumn<double>("operationsUsd");
    QTest::newRow("node price") << 200000.0 << 30000.0 << 2e7 / 94'608'000.0 << 3e6 / 31'536'000.0;
    QTest::newRow("GPU price") << 0.0 << 30000.0 << 1.2e7 / 94'608'000.0 << 2.2e6 / 31'536'000.0;
}

void TestAccounting::h_onPremisesCost()
{
    QFETCH(double, nodePrice);
    QFETCH(double, gpuPrice);
    QFETCH(double, capexUsd);
    QFETCH(double, operationsUsd);
    Scenario s = ownedScenario();
    tw::scenario::HostingSpec &h = s.deployments[0].hosting;
    h.purchasePricePerNodeUsd = nodePrice;
    h.purchasePricePerGpuUsd = gpuPrice;
    h.operationsFractionOfCapexPerYear = 0.1;
    h.operationsUsdPerYear = 10000.0;
    EnergyMeter meter = meterFor(s);
    feedStreamA(meter);
    Results results;
    tw::accounting::account(s, meter, results);
    const tw::metrics::CostResults &c = results.cost;
    const double energyUsd = 123660.6 / 3.6e6 * 0.1;
    TW_COMPARE_REL(c.gpuBusyUsd, capexUsd * 0.09, kExact);
    TW_COMPARE_REL(c.gpuIdleUsd, capexUsd * 0.91, kExact);
    TW_COMPARE_REL(c.energyUsd, energyUsd, kExact);
    TW_COMPARE_REL(c.operationsUsd, operationsUsd, kExact);
    TW_COMPARE_REL(c.totalUsd, capexUsd + energyUsd + operationsUsd, kExact);
    TW_COMPARE_REL(c.idleShare, 0.91, kExact);
}

void TestAccounting::h_onPremisesCostLines()
{
    // The README's (h2): one $200,000 node financed at 8 % a year over 3 years and sold for 20 %
    // of its price, staff $120,000 a year, colocation $200 per kW-month of nameplate power
    // (4 x (700 W x 1.1 + 50 W) = 3.28 kW), network $500 a month.
    Scenario s = ownedScenario();
    tw::scenario::HostingSpec &h = s.deployments[0].hosting;
    h.purchasePricePerNodeUsd = 200000.0;
    h.financingRatePercent = 8.0;
    h.residualValueFraction = 0.2;
    h.staffUsdPerYear = 120000.0;
    h.colocationUsdPerKwMonth = 200.0;
    h.networkUsdPerMonth = 500.0;
    EnergyMeter meter = meterFor(s);
    feedStreamA(meter);
    Results results;
    tw::accounting::account(s, meter, results);
    const tw::metrics::CostResults &c = results.cost;
    const double growth = 1.08 * 1.08 * 1.08;
    const double yearlyCapital = (200000.0 - 40000.0 / growth) * 0.08 / (1.0 - 1.0 / growth);
    TW_COMPARE_REL(yearlyCapital, 65285.362247412486, 1e-12);
    const double share = 100.0 / 31'536'000.0;
    TW_COMPARE_REL(c.gpuBusyUsd + c.gpuIdleUsd, yearlyCapital * share, kExact);
    TW_COMPARE_REL(c.staffUsd, 120000.0 * share, kExact);
    TW_COMPARE_REL(c.facilityUsd, 13872.0 * share, kExact);
    const double energyUsd = 123660.6 / 3.6e6 * 0.1;
    TW_COMPARE_REL(c.totalUsd, (yearlyCapital + 120000.0 + 13872.0) * share + energyUsd, kExact);
    // Without interest the capital is straight-line less the resale: (200,000 - 40,000) / 3.
    h.financingRatePercent = 0.0;
    tw::accounting::account(s, meter, results);
    TW_COMPARE_REL(results.cost.gpuBusyUsd + results.cost.gpuIdleUsd, 160000.0 / 3.0 * share,
                   kExact);
}

void TestAccounting::h_priceChangeMovesEveryPrice()
{
    // prices.changePercent -30: the cloud case of (g) costs 0.7 x $0.40, and the on-premises
    // one of (h2) 0.7 x each of its lines, electricity included.
    Scenario cloud = scenarioWith(powerDeployment(2, 2), 100.0, 10.0);
    cloud.deployments[0].hosting.kind = HostingKind::Cloud;
    cloud.deployments[0].hosting.pricePerGpuHourUsd = 3.6;
    cloud.prices.changePercent = -30.0;
    EnergyMeter meter = meterFor(cloud);
    feedStreamA(meter);
    Results results;
    tw::accounting::account(cloud, meter, results);
    TW_COMPARE_REL(results.cost.totalUsd, 0.28, kExact);

    Scenario owned = ownedScenario();
    tw::scenario::HostingSpec &h = owned.deployments[0].hosting;
    h.purchasePricePerNodeUsd = 200000.0;
    h.operationsUsdPerYear = 10000.0;
    h.staffUsdPerYear = 120000.0;
    h.networkUsdPerMonth = 500.0;
    Results base;
    tw::accounting::account(owned, meter, base);
    owned.prices.changePercent = -30.0;
    Results cheaper;
    tw::accounting::account(owned, meter, cheaper);
    TW_COMPARE_REL(cheaper.cost.totalUsd, 0.7 * base.cost.totalUsd, kExact);
    TW_COMPARE_REL(cheaper.cost.energyUsd, 0.7 * base.cost.energyUsd, kExact);
    TW_COMPARE_REL(cheaper.cost.staffUsd, 0.7 * base.cost.staffUsd, kExact);
    QVERIFY(base.cost.energyUsd > 0.0 && base.cost.staffUsd > 0.0);
}

// ---- (i) API and cache -----------------------------------------------------------------------

void TestAccounting::i_apiAndCacheCost()
{
    Scenario s = scenarioWith(powerDeployment(1, 1), 100.0, 10.0);
    Deployment &api = s.deployments[0];
    api.kind = DeploymentKind::Api;
    api.api.inputUsdPerMillionTokens = 1.5;
    api.api.outputUsdPerMillionTokens = 2.0;
    api.api.cachedInputShare = 0.5;
    api.api.cachedInputDiscount = 0.5;
    s.cache.costPerLookupUsd = 0.0001;
    EnergyMeter meter = meterFor(s);
    Results results;
    results.arrivedRequests = 1000;
    results.completedRequests = 1000;
    results.completedOutputTokens = 600'000;
    results.deployments.resize(1);
    results.deployments[0].inputTokens = 2'000'000;
    results.deployments[0].outputTokens = 500'000;
    results.deployments[0].requests = 800;
    results.timeSeries.completions.assign(10, 0.0);
    results.timeSeries.completions[0] = 250.0;
    results.timeSeries.completions[9] = 750.0;
    results.timeSeries.arrivals.assign(10, 0.0);
    results.timeSeries.arrivals[0] = 600.0;
    results.timeSeries.arrivals[1] = 400.0;
    tw::accounting::account(s, meter, results);
    const tw::metrics::CostResults &c = results.cost;
    TW_COMPARE_REL(c.apiUsd, 3.25, kExact);
    TW_COMPARE_REL(c.cacheUsd, 0.1, kExact);
    TW_COMPARE_REL(c.totalUsd, 3.35, kExact);
    QCOMPARE(c.gpuBusyUsd + c.gpuIdleUsd, 0.0);
    QCOMPARE(c.idleShare, 0.0);
    TW_COMPARE_REL(c.perMillionOutputTokensUsd, 3.35 / 0.6, kExact);
    TW_COMPARE_REL(c.perRequestUsd, 0.00335, kExact);
    const tw::metrics::DeploymentResults &dr = results.deployments[0];
    TW_COMPARE_REL(dr.cost.totalUsd, 3.25, kExact);
    TW_COMPARE_REL(dr.cost.perMillionOutputTokensUsd, 6.5, kExact);
    TW_COMPARE_REL(dr.cost.perRequestUsd, 3.25 / 800.0, kExact);
    QCOMPARE(dr.energy.gpuKwh, 0.0);
    QCOMPARE(dr.carbon.totalKg, 0.0);
    TW_COMPARE_REL(results.timeSeries.costUsd[0], 0.8125 + 0.06, kExact);

    TW_COMPARE_REL(results.timeSeries.costUsd[1], 0.04, kExact);
    TW_COMPARE_REL(results.timeSeries.costUsd[9], 2.4375, kExact);
    QCOMPARE(results.timeSeries.costUsd[5], 0.0);
    // (i2) 40 % of the requests through the batch API at half price: 3.25 x (1 - 0.4 x 0.5)
    // = $2.60; a price change of -30 % on top: 0.7 x (2.60 + 0.10 cache) = $1.89.
    api.api.batchShare = 0.4;
    tw::accounting::account(s, meter, results);
    TW_COMPARE_REL(results.cost.apiUsd, 2.6, kExact);
    s.prices.changePercent = -30.0;
    tw::accounting::account(s, meter, results);
    TW_COMPARE_REL(results.cost.totalUsd, 1.89, kExact);
}

// ---- (j) the time series add up ---------------------------------------------------------------

void TestAccounting::j_timeSeriesAddUpToTotals()
{
    Scenario s = scenarioWith(powerDeployment(2, 2), 95.0, 10.0); // a short last bin
    s.deployments[0].power.serverOverheadFraction = 0.1;
    s.deployments[0].power.serverOverheadWattsPerGpu = 50.0;
    s.deployments[0].hosting.kind = HostingKind::OnPremises;
    s.deployments[0].hosting.purchasePricePerGpuUsd = 30000.0;
    s.deployments[0].hosting.operationsUsdPerYear = 5000.0;
    s.deployments[0].hosting.embodiedKgCo2ePerGpu = 150.0;
    s.region.pue = 1.3;
    s.region.hourlyCarbonProfile = true;
    for (std::size_t h = 0; h < 24; ++h)
        s.region.hourlyCarbonMultipliers[h] = 1.0 + 0.5 * std::sin(static_cast<double>(h));
    s.workload.arrival.startHour = 0.99;
    s.cache.costPerLookupUsd = 0.001;
    EnergyMeter meter = meterFor(s);
    feedStreamA(meter);
    Results results;
    results.arrivedRequests = 40;
    tw::accounting::account(s, meter, results);
    const tw::metrics::TimeSeries &ts = results.timeSeries;
    QCOMPARE(ts.energyKwh.size(), std::size_t(10));
    TW_COMPARE_REL(sum(ts.energyKwh), results.energy.facilityKwh, 1e-12);
    TW_COMPARE_REL(sum(ts.costUsd), results.cost.totalUsd, 1e-12);
    TW_COMPARE_REL(sum(ts.carbonKg), results.carbon.totalKg, 1e-12);
    TW_COMPARE_REL(ts.powerWatts[9] * 5.0, ts.energyKwh[9] * 3.6e6, 1e-12);
}

// ---- (k) power cap ---------------------------------------------------------------------------

void TestAccounting::k_powerCapStretchesComputeBoundTime()
{
    Deployment d = powerDeployment(1, 1);
    d.power.busyActivity = 0.0;
    d.power.computeWeight = 1.0;
    d.power.memoryWeight = 0.5;
    BatchWork work;
    work.prefillTokens = 4000;
    const IterationCost free = PerfModel(d).iteration(work);
    TW_COMPARE_REL(free.computeSeconds, 8e-3, kExact);
    TW_COMPARE_REL(free.memorySeconds, 2.000016e-3, kExact);
    // Linear layers: max(8 ms compute, 2 ms weights); attention: max(0, 16 ns of KV writes).
    TW_COMPARE_REL(free.totalSeconds, 8.000016e-3, kExact);

    d.power.powerCapWatts = 400.0;
    const IterationCost capped = PerfModel(d).iteration(work);
    const double stretch = std::cbrt(2.0); // (600 W / 300 W)^(1/3)
    TW_COMPARE_REL(capped.computeSeconds, 8e-3 * stretch, kExact);
    TW_COMPARE_REL(capped.memorySeconds, free.memorySeconds, kExact);
    TW_COMPARE_REL(capped.totalSeconds, 8e-3 * stretch + 16e-9, kExact);
    QCOMPARE(capped.flops, free.flops);

    // The meter holds the capped iteration at the cap: 400 W x 10,079,384 ns.
    const Scenario s = scenarioWith(d, 1.0, 1.0);
    EnergyMeter meter = meterFor(s);
    IterationRecord r = record(0, 0.0, capped.totalSeconds, capped.flops / kPeakFlops,
                               capped.memoryBytes / kPeakBytes);
    QCOMPARE(r.endNs, std::int64_t(10'079'384));
    meter.onIteration(r);
    TW_COMPARE_REL(meter.deployment(0).dynamicGpuJoules, 300.0 * 10'079'384e-9, kExact);
}

void TestAccounting::k_powerCapLeavesMemoryBoundTime()
{
    Deployment d = powerDeployment(1, 1);
    d.power.busyActivity = 0.0;
    d.power.computeWeight = 0.0;
    d.power.memoryWeight = 0.6;
    d.power.powerCapWatts = 300.0;
    BatchWork work;
    work.decodeTokens = 1;
    const IterationCost capped = PerfModel(d).iteration(work);
    TW_COMPARE_REL(capped.memorySeconds, 2.000000004e-3, kExact);
    TW_COMPARE_REL(capped.totalSeconds, 2.000000004e-3, kExact);
    TW_COMPARE_REL(capped.computeSeconds, 2e-6 * std::cbrt(1.8), kExact); // (360 / 200)^(1/3)
    const Scenario s = scenarioWith(d, 1.0, 1.0);
    EnergyMeter meter = meterFor(s);
    meter.onIteration(record(0, 0.0, 2e-3, capped.flops / kPeakFlops, 2e-3));
    TW_COMPARE_REL(meter.deployment(0).dynamicGpuJoules, 200.0 * 2e-3, kExact);
}

void TestAccounting::k_powerCapAboveTdpChangesNothing()
{
    Deployment d = powerDeployment(1, 1);
    BatchWork work;
    work.prefillTokens = 4000;
    const IterationCost free = PerfModel(d).iteration(work);
    d.power.powerCapWatts = 800.0;
    const IterationCost capped = PerfModel(d).iteration(work);
    QCOMPARE(capped.computeSeconds, free.computeSeconds);
    QCOMPARE(capped.totalSeconds, free.totalSeconds);
}

void TestAccounting::k_powerCapAtIdleIsRefused()
{
    Deployment d = powerDeployment(1, 1);
    d.power.powerCapWatts = 100.0;
    QVERIFY_THROWS_EXCEPTION(tw::InputError, PowerModel{d});
}

void TestAccounting::k_decodeSpanCappedLikeIteration()
{
    Deployment d = powerDeployment(1, 1);
    d.power.busyActivity = 0.0;
    d.power.computeWeight = 0.0;
    d.power.memoryWeight = 0.6;
    d.power.powerCapWatts = 300.0;
    const PerfModel perf(d);
    BatchWork work;
    work.decodeTokens = 4;
    work.decodeContextTokens = 400.0;
    const IterationCost step = perf.iteration(work);
    const IterationCost span = perf.decodeSpan(4, 400.0, 1);
    TW_COMPARE_REL(span.computeSeconds, step.computeSeconds, 1e-12);
    TW_COMPARE_REL(span.totalSeconds, step.totalSeconds, 1e-12);
    // Memory-bound throughout: the cap leaves a long span's time as it was.
    Deployment uncapped = d;
    uncapped.power.powerCapWatts = 0.0;
    TW_COMPARE_REL(perf.decodeSpan(4, 400.0, 1000).totalSeconds,
                   PerfModel(uncapped).decodeSpan(4, 400.0, 1000).totalSeconds, 1e-12);
}

// ---- (l) end to end ---------------------------------------------------------------------------

void TestAccounting::l_endToEndEnergyIsIdlePlusDynamic_data()
{
    QTest::addColumn<tw::scenario::BatchingPolicy>("policy");
    QTest::newRow("continuous") << tw::scenario::BatchingPolicy::Continuous;
    QTest::newRow("dynamic (folded decode spans)") << tw::scenario::BatchingPolicy::Dynamic;
    QTest::newRow("none") << tw::scenario::BatchingPolicy::None;
}

void TestAccounting::l_endToEndEnergyIsIdlePlusDynamic()
{
    QFETCH(tw::scenario::BatchingPolicy, policy);
    Scenario s = tw::test::toyScenario(40.0, 30.0, policy, 200, 60);
    s.deployments[0].hardware.gpusPerReplica = 2;
    s.deployments[0].model.attentionHeads = 2; // tensor parallelism 2 splits two heads
    s.deployments[0].hardware.replicas = 2;
    s.deployments[0].hardware.gpu.idleWatts = 0.0; // fallback: 70 W
    s.deployments[0].hosting.pricePerGpuHourUsd = 2.0;
    DynamicEnergyByHand byHand(s.deployments[0]);
    tw::sim::RunOptions options;
    options.observers.push_back(&byHand);
    const Results r = tw::run::simulate(s, options);
    QVERIFY(byHand.records > 100);
    const double idleJoules = 70.0 * 4 * 30.0;
    TW_COMPARE_REL(r.energy.gpuKwh * 3.6e6, idleJoules + byHand.joules, 1e-9);
    TW_COMPARE_REL(r.deployments[0].energy.gpuKwh, r.energy.gpuKwh, 1e-12);
    // Default region: PUE 1.56, no host overhead.
    TW_COMPARE_REL(r.energy.facilityKwh, 1.56 * r.energy.gpuKwh, 1e-12);
    TW_COMPARE_REL(sum(r.timeSeries.energyKwh), r.energy.facilityKwh, 1e-9);
    TW_COMPARE_REL(r.cost.gpuBusyUsd + r.cost.gpuIdleUsd, 2.0 * 4 * 30.0 / kHour, 1e-12);
    QVERIFY(r.cost.gpuBusyUsd > 0.0);
    QCOMPARE(r.timeSeries.powerWatts.size(), r.timeSeries.arrivals.size());
}

void TestAccounting::l_cacheHitsAndApiUseNoGpuWork()
{
    Scenario s
            = tw::test::toyScenario(40.0, 30.0, tw::scenario::BatchingPolicy::Continuous, 200, 60);
    s.deployments[0].name = "gpu";
    s.deployments[0].hosting.pricePerGpuHourUsd = 2.0;
    Deployment api;
    api.name = "api";
    api.kind = DeploymentKind::Api;
    api.api.inputUsdPerMillionTokens = 1.0;
    api.api.outputUsdPerMillionTokens = 3.0;
    api.api.cachedInputShare = 0.2;
    api.api.cachedInputDiscount = 0.5;
    s.deployments.push_back(api);
    s.workload.classes[0].name = "cached";
    s.workload.classes[0].deployment = "gpu";
    s.workload.classes[0].cacheHitRate = 1.0;
    tw::scenario::RequestClass viaApi = s.workload.classes[0];
    viaApi.name = "api";
    viaApi.deployment = "api";
    viaApi.cacheHitRate = 0.0;
    s.workload.classes.push_back(viaApi);
    s.cache.costPerLookupUsd = 1e-4;

    const Results r = tw::run::simulate(s);
    QVERIFY(r.cacheHits > 100);
    const tw::metrics::DeploymentResults &gpu = r.deployments[0];
    const tw::metrics::DeploymentResults &viaProvider = r.deployments[1];
    QVERIFY(viaProvider.outputTokens > 0);
    QCOMPARE(gpu.requests, std::uint64_t(0));
    // The GPUs only idled: 70 W x 1 GPU x 30 s, all of their cost idle.
    TW_COMPARE_REL(r.energy.gpuKwh * 3.6e6, 70.0 * 30.0, 1e-12);
    QCOMPARE(r.cost.gpuBusyUsd, 0.0);
    TW_COMPARE_REL(r.cost.idleShare, 1.0, 1e-12);
    QCOMPARE(viaProvider.energy.gpuKwh, 0.0);
    const double apiUsd = (static_cast<double>(viaProvider.inputTokens) * 1.0 * 0.9
                           + static_cast<double>(viaProvider.outputTokens) * 3.0)
                          / 1e6;
    TW_COMPARE_REL(r.cost.apiUsd, apiUsd, 1e-12);
    TW_COMPARE_REL(r.cost.cacheUsd, 1e-4 * static_cast<double>(r.arrivedRequests), 1e-12);
    TW_COMPARE_REL(sum(r.timeSeries.costUsd), r.cost.totalUsd, 1e-9);
}

QTEST_APPLESS_MAIN(TestAccounting)
#include "tst_accounting.moc"
