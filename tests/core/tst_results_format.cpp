// Formatting of Results (table, JSON, CSV, time series, sweeps) and the sweep value helpers,
// on hand-built values whose expected text is written out below.

#include "test_support.h"

#include "core/common/error.h"
#include "core/metrics/result_fields.h"
#include "core/metrics/results_format.h"
#include "core/metrics/sweep_format.h"
#include "core/metrics/text_format.h"
#include "core/sweep/sweep.h"

#include <cmath>
#include <limits>
#include <set>

using namespace tw;

namespace {

metrics::Summary summary(std::uint64_t count, double mean, double p50, double p90, double p95,
                         double p99, double max)
{
    metrics::Summary s;
    s.count = count;
    s.mean = mean;
    s.p50 = p50;
    s.p90 = p90;
    s.p95 = p95;
    s.p99 = p99;
    s.max = max;
    return s;
}

metrics::Results sampleResults()
{
    metrics::Results r;
    r.scenarioName = "unit-test";
    r.seed = 42;
    r.horizonSeconds = 3600.0;
    r.warmupSeconds = 300.0;
    r.arrivedRequests = 12345;
    r.completedRequests = 12300;
    r.rejectedRequests = 0;
    r.unfinishedQueued = 40;
    r.unfinishedRunning = 5;
    r.measuredRequests = 12000;
    r.generatedTokens = 3000000;
    r.completedOutputTokens = 2990000;
    r.ttftSeconds = summary(12000, 0.1234, 0.1, 0.2, 0.25, 0.5, 12.5);
    r.tpotSeconds = summary(12000, 0.02, 0.019, 0.025, 0.03, 0.04, 0.0456);
    r.e2eSeconds = summary(12000, 4.5, 4.0, 7.0, 8.26, 9.5, 30.0);
    r.queueingSeconds = summary(12000, 0.0005, 0.0, 0.001, 0.002, 0.004, 0.5);
    r.requestsPerSecond = 3.5;
    r.outputTokensPerSecond = 1234.5;
    r.inputTokensPerSecond = 2345.6;
    r.goodputRequestsPerSecond = 3.25;
    r.sloAttainment = 0.9286;
    r.meanRequestsInSystem = 15.75;
    r.arrivalRatePerSecond = 3.43;
    r.busyFraction = 0.452;
    r.meanRunningBatch = 12.34;
    r.kvUtilization = 0.345;
    r.preemptions = 7;
    r.eventsProcessed = 1234567;
    r.wallSeconds = 0.42;

    metrics::DeploymentResults d;
    d.name = "main";
    d.modelId = "llama-3.1-8b";
    d.gpuId = "h100_sxm";
    d.replicas = 2;
    d.gpusPerReplica = 1;
    d.weightBytesPerGpu = 16.06e9;
    d.kvCapacityTokensPerReplica = 450000.0;
    d.completedRequests = 12300;
    d.outputTokensPerSecond = 1234.5;
    d.ttftSeconds = r.ttftSeconds;
    d.tpotSeconds = r.tpotSeconds;
    d.e2eSeconds = r.e2eSeconds;
    d.queueingSeconds = r.queueingSeconds;
    d.busyFraction = 0.452;
    d.meanRunningBatch = 12.34;
    d.kvUtilization = 0.345;
    d.preemptions = 7;
    d.iterations = 987654;
    r.deployments.push_back(d);

    r.timeSeries.resolutionSeconds = 60.0;
    r.timeSeries.binStartSeconds = {0.0, 60.0};
    r.timeSeries.arrivals = {200.0, 210.0};
    r.timeSeries.completions = {0.0, 205.0};
    r.timeSeries.queueDepthMean = {0.5, 0.25};
    r.timeSeries.runningMean = {10.0, 12.5};
    r.timeSeries.busyFraction = {0.4, 0.5};
    r.timeSeries.latencyP50Seconds = {std::numeric_limits<double>::quiet_NaN(), 4.0};
    r.timeSeries.latencyP95Seconds = {std::numeric_limits<double>::quiet_NaN(), 8.0};
    r.timeSeries.outputTokens = {0.0, 50000.0};
    return r;
}

QString text(const std::string &s)
{
    return QString::fromStdString(s);
}

} // namespace

class TestResultsFormat : public QObject
{
    Q_OBJECT

private slots:
    void numbers_data()
    {
        QTest::addColumn<QString>("actual");
        QTest::addColumn<QString>("expected");
        QTest::newRow("grouped") << text(metrics::formatGrouped(12345.678, 1)) << "12,345.7";
        QTest::newRow("grouped negative")
                << text(metrics::formatGrouped(-1234567.0, 0)) << "-1,234,567";
        QTest::newRow("grouped small") << text(metrics::formatGrouped(999.0, 0)) << "999";
        QTest::newRow("no negative zero") << text(metrics::formatGrouped(-0.0001, 1)) << "0.0";
        QTest::newRow("count") << text(metrics::formatCount(1234567)) << "1,234,567";
        QTest::newRow("count small") << text(metrics::formatCount(12)) << "12";
        QTest::newRow("exact") << text(metrics::formatExact(0.1)) << "0.1";
        QTest::newRow("latency sub-ms") << text(metrics::formatLatency(0.00085)) << "0.850 ms";
        QTest::newRow("latency ms") << text(metrics::formatLatency(0.0425)) << "42.5 ms";
        QTest::newRow("latency zero") << text(metrics::formatLatency(0.0)) << "0 ms";
        QTest::newRow("latency 9.5 s") << text(metrics::formatLatency(9.5)) << "9,500 ms";
        QTest::newRow("latency 12.3 s") << text(metrics::formatLatency(12.34)) << "12.3 s";
        QTest::newRow("latency 1234 s") << text(metrics::formatLatency(1234.0)) << "1,234 s";
        QTest::newRow("duration s") << text(metrics::formatDuration(45.0)) << "45 s";
        QTest::newRow("duration min") << text(metrics::formatDuration(300.0)) << "5 min";
        QTest::newRow("duration h") << text(metrics::formatDuration(5400.0)) << "1.5 h";
        QTest::newRow("duration 36 h") << text(metrics::formatDuration(129600.0)) << "36 h";
        QTest::newRow("duration d") << text(metrics::formatDuration(172800.0)) << "2 d";
        QTest::newRow("duration 0") << text(metrics::formatDuration(0.0)) << "0 s";
        QTest::newRow("rate") << text(metrics::formatRate(1234.5)) << "1,234.5";
        QTest::newRow("usd whole") << text(metrics::formatUsd(71774.4, 0)) << "$71,774";
        QTest::newRow("usd below $10") << text(metrics::formatUsd(4.365, 0)) << "$4.37";
        QTest::newRow("usd cents") << text(metrics::formatUsd(12.345, 2)) << "$12.35";
        QTest::newRow("usd small") << text(metrics::formatUsd(0.0125, 2)) << "$0.013";
        QTest::newRow("percent") << text(metrics::formatPercent(0.4567)) << "45.7 %";
        QTest::newRow("csv quoted") << text(metrics::csvField("a,\"b\"")) << "\"a,\"\"b\"\"\"";
        QTest::newRow("csv NaN") << text(metrics::csvNumber(std::nan(""))) << "";
    }
    void numbers()
    {
        QFETCH(QString, actual);
        QFETCH(QString, expected);
        QCOMPARE(actual, expected);
    }

    void table()
    {
        const QString table = text(metrics::formatTable(sampleResults()));
        for (const char *expected : {"unit-test",
                                     "seed 42",
                                     "horizon 1 h",
                                     "warm-up 5 min",
                                     "arrived 12,345",
                                     "completed 12,300",
                                     "unfinished 45 (queued 40, running 5)",
                                     "3.50 req/s",
                                     "1,234.5 output tok/s",
                                     "2,345.6 input tok/s",
                                     "SLO attainment 92.9 %",
                                     "busy 45.2 %",
                                     "mean running batch 12.3",
                                     "KV cache 34.5 %",
                                     "preemptions 7",
                                     "llama-3.1-8b on h100_sxm x TP1 x 2 replicas (2 GPUs)",
                                     "16.06 GB per GPU",
                                     "450,000 tokens per replica",
                                     "iterations 987,654",
                                     "1,234,567 events",
                                     "0.42 s wall time"}) {
            QVERIFY2(table.contains(QLatin1String(expected)), expected);
        }
        QVERIFY(!table.contains(QLatin1String("***"))); // completed: no banner
        // The TTFT row: mean, p50, p90, p95, p99 in ms, max (12.5 s) in seconds.
        const QStringList lines = table.split('\n');
        const auto ttft = std::find_if(lines.begin(), lines.end(),
                                       [](const QString &l) { return l.startsWith("TTFT"); });
        QVERIFY(ttft != lines.end());
        QCOMPARE(ttft->simplified(),
                 QStringLiteral("TTFT 123 ms 100 ms 200 ms 250 ms 500 ms 12.5 s"));
        const auto header = std::find_if(lines.begin(), lines.end(),
                                         [](const QString &l) { return l.startsWith("Latency"); });
        QVERIFY(header != lines.end());
        QCOMPARE(header->simplified(), QStringLiteral("Latency mean p50 p90 p95 p99 max"));
    }

    void tableStatusBanner()
    {
        metrics::Results r = sampleResults();
        r.status = metrics::RunStatus::BudgetExceeded;
        r.statusMessage = "stopped after 1,000 events";
        const QString table = text(metrics::formatTable(r));
        QVERIFY(table.startsWith(
                "*** RUN STOPPED: BUDGET EXCEEDED - stopped after 1,000 events\n"));
        r.status = metrics::RunStatus::Cancelled;
        QVERIFY(text(metrics::formatTable(r)).startsWith("*** RUN CANCELLED"));
    }

    void tableWithoutMeasurements()
    {
        metrics::Results r;
        r.scenarioName = "empty";
        const QString table = text(metrics::formatTable(r));
        const QStringList lines = table.split('\n');
        const auto ttft = std::find_if(lines.begin(), lines.end(),
                                       [](const QString &l) { return l.startsWith("TTFT"); });
        QVERIFY(ttft != lines.end());
        QCOMPARE(ttft->simplified(), QStringLiteral("TTFT - - - - - -"));
    }

    void json()
    {
        const nlohmann::json j = metrics::toJson(sampleResults());
        QCOMPARE(j.at("status").get<std::string>(), std::string("completed"));
        QCOMPARE(j.at("scenarioName").get<std::string>(), std::string("unit-test"));
        QCOMPARE(j.at("seed").get<std::uint64_t>(), 42u);
        QCOMPARE(j.at("arrivedRequests").get<std::uint64_t>(), 12345u);
        QCOMPARE(j.at("unfinishedQueued").get<std::uint64_t>(), 40u);
        QCOMPARE(j.at("requestsPerSecond").get<double>(), 3.5);
        QCOMPARE(j.at("outputTokensPerSecond").get<double>(), 1234.5);
        QCOMPARE(j.at("ttftSeconds").at("p95").get<double>(), 0.25);
        QCOMPARE(j.at("ttftSeconds").at("count").get<std::uint64_t>(), 12000u);
        QCOMPARE(j.at("e2eSeconds").at("max").get<double>(), 30.0);
        QCOMPARE(j.at("sloAttainment").get<double>(), 0.9286);
        QCOMPARE(j.at("wallSeconds").get<double>(), 0.42);
        QCOMPARE(j.at("deployments").size(), std::size_t(1));
        const nlohmann::json &d = j.at("deployments").at(0);
        QCOMPARE(d.at("modelId").get<std::string>(), std::string("llama-3.1-8b"));
        QCOMPARE(d.at("weightBytesPerGpu").get<double>(), 16.06e9);
        QCOMPARE(d.at("iterations").get<std::uint64_t>(), 987654u);
        QCOMPARE(d.at("tpotSeconds").at("p50").get<double>(), 0.019);
        const nlohmann::json &series = j.at("timeSeries");
        QCOMPARE(series.at("resolutionSeconds").get<double>(), 60.0);
        QCOMPARE(series.at("arrivals").size(), std::size_t(2));
        QCOMPARE(series.at("outputTokens").at(1).get<double>(), 50000.0);
        // NaN (no completions in the bin) is written as null, which every reader accepts.
        const std::string dumped = j.dump();
        QVERIFY(dumped.find("\"latencyP50Seconds\":[null,4.0]") != std::string::npos);
        QCOMPARE(nlohmann::json::parse(dumped).at("requestsPerSecond").get<double>(), 3.5);
    }

    void csv()
    {
        const QString csv = text(metrics::formatCsv(sampleResults()));
        QVERIFY(csv.startsWith("metric,value,unit\n"));
        for (const char *row :
             {"status,completed,\n", "scenarioName,unit-test,\n", "seed,42,\n",
              "horizonSeconds,3600,s\n", "arrivedRequests,12345,requests\n",
              "requestsPerSecond,3.5,req/s\n", "outputTokensPerSecond,1234.5,tok/s\n",
              "ttftSeconds.p95,0.25,s\n", "ttftSeconds.count,12000,requests\n",
              "sloAttainment,0.9286,fraction\n", "deployments[0].modelId,llama-3.1-8b,\n",
              "deployments[0].weightBytesPerGpu,1.606e+10,bytes\n",
              "deployments[0].e2eSeconds.p95,8.26,s\n"}) {
            QVERIFY2(csv.contains(QLatin1String(row)), row);
        }
        // Every line has exactly three fields (no value here contains a comma).
        for (const QString &line : csv.split('\n', Qt::SkipEmptyParts))
            QCOMPARE(line.count(','), 2);
    }

    void metricTableMatchesTheOutputs()
    {
        // The JSON leaves (deployments and the time series aside) are exactly the stored
        // metrics of the table: a member written without a table row, or a row not written,
        // shows up here.
        const nlohmann::json written = metrics::toJson(sampleResults());
        std::set<std::string> jsonKeys;
        for (const auto &[key, value] : written.items()) {
            if (key == "deployments" || key == "timeSeries")
                continue;
            if (value.is_object()) {
                for (const auto &[inner, leaf] : value.items())
                    jsonKeys.insert(key + '.' + inner);
            } else {
                jsonKeys.insert(key);
            }
        }
        std::set<std::string> tableKeys;
        std::set<std::string> derived;
        std::size_t visited = 0;
        auto collect = [&](const metrics::Metric &metric, const auto &) {
            ++visited;
            (metric.derived ? derived : tableKeys).insert(std::string(metric.key));
        };
        const metrics::Results sample = sampleResults();
        visitResultFields(collect, sample);
        QCOMPARE(tableKeys.size() + derived.size(), visited); // no key twice
        QCOMPARE(tableKeys, jsonKeys);
        QCOMPARE(derived,
                 (std::set<std::string>{"unfinishedRequests", "energy.facilityMwhPerYear"}));
        for (const std::string &key : derived)
            QVERIFY2(!written.contains(nlohmann::json::json_pointer("/" + key)), key.c_str());
    }

    void kpisHaveWhatCompareAndTheWindowShow()
    {
        std::set<std::string_view> labels;
        for (const metrics::Metric &kpi : metrics::kpiMetrics()) {
            QVERIFY2(!kpi.unit.empty(), std::string(kpi.key).c_str());
            QVERIFY2(labels.insert(kpi.label).second, std::string(kpi.label).c_str());
            QCOMPARE(metrics::findMetric(kpi.key)->label, kpi.label);
        }
        // The order compare shows: throughput first, cost last.
        QCOMPARE(metrics::kpiMetrics().front().key, std::string_view("requestsPerSecond"));
        QCOMPARE(metrics::kpiMetrics().back().key, std::string_view("cost.idleShare"));
        QCOMPARE(metrics::findMetric("cost.totalUsd")->better, metrics::Better::Lower);
        QCOMPARE(metrics::findMetric("goodputRequestsPerSecond")->better, metrics::Better::Higher);
        QVERIFY(metrics::findMetric("noSuchMetric") == nullptr);
    }

    void derivedAndMissingMetricValues()
    {
        metrics::Results r = sampleResults();
        // 40 queued + 5 running.
        QCOMPARE(metrics::metricValue(r, "unfinishedRequests"), 45.0);
        // 12.26 kWh over one hour: x 8,760 h / 1,000 = 107.3976 MWh a year.
        r.energy.facilityKwh = 12.26;
        QVERIFY(std::abs(metrics::metricValue(r, "energy.facilityMwhPerYear") - 107.3976) < 1e-9);
        QCOMPARE(metrics::metricValue(r, "ttftSeconds.p95"), 0.25);
        QCOMPARE(metrics::metricValue(r, "seed"), 42.0);
        QVERIFY(std::isnan(metrics::metricValue(r, "scenarioName"))); // text has no number
        // Without a measured request a latency has no value (not 0 s); counts keep theirs.
        r.measuredRequests = 0;
        QVERIFY(std::isnan(metrics::metricValue(r, "ttftSeconds.p95")));
        QCOMPARE(metrics::metricValue(r, "completedRequests"), 12300.0);
        r.horizonSeconds = 0.0;
        QCOMPARE(metrics::metricValue(r, "energy.facilityMwhPerYear"), 0.0);
    }

    void timeSeriesCsv()
    {
        const QStringList lines = text(metrics::formatTimeSeriesCsv(sampleResults().timeSeries))
                                          .split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines[0],
                 QStringLiteral("binStartSeconds,arrivedRequests,completedRequests,"
                                "queueDepthMeanRequests,runningMeanRequests,busyFraction,"
                                "e2eP50Seconds,e2eP95Seconds,outputTokens,"
                                "facilityPowerWatts,facilityEnergyKwh,costUsd,carbonKgCo2e,"
                                "provisionedReplicas"));
        // The sample has no accounting or provisioning series: those cells are empty, not 0.
        QCOMPARE(lines[1], QStringLiteral("0,200,0,0.5,10,0.4,,,0,,,,,"));
        QCOMPARE(lines[2], QStringLiteral("60,210,205,0.25,12.5,0.5,4,8,50000,,,,,"));
    }

    void accountingFigures()
    {
        // Cost, energy and carbon reach every format with their units.
        metrics::Results r = sampleResults();
        r.cost.totalUsd = 98.32;
        r.cost.perMonthUsd = 71773.6;
        r.cost.perMillionOutputTokensUsd = 12.5;
        r.cost.gpuBusyUsd = 40.0;
        r.cost.gpuIdleUsd = 58.32;
        r.cost.idleShare = 58.32 / 98.32;
        r.energy.facilityKwh = 12.26;
        r.energy.gpuKwh = 7.5;
        r.energy.joulesPerOutputToken = 3.5;
        r.carbon.totalKg = 4.5;
        r.carbon.tonnesPerYear = 39.4;
        const QString table = text(metrics::formatTable(r));
        QVERIFY2(table.contains("Cost        $98.32 over the run   $71,774/month   $12.50 per 1M "
                                "output tokens"),
                 qPrintable(table));
        QVERIFY(table.contains("GPUs busy $40.00, idle $58.32 (59.3 % of GPU cost idle)"));
        QVERIFY(table.contains("Energy      12.3 kWh facility (7.5 kWh GPUs"));
        QVERIFY(table.contains("Carbon      4.5 kg CO2e"));
        QVERIFY(table.contains("39.4 t CO2e/year"));
        const QString csv = text(metrics::formatCsv(r));
        QVERIFY(csv.contains("cost.totalUsd,98.32,USD\n"));
        QVERIFY(csv.contains("energy.facilityKwh,12.26,kWh\n"));
        QVERIFY(csv.contains("carbon.tonnesPerYear,39.4,tCO2e/year\n"));
        const nlohmann::json json = metrics::toJson(r);
        QCOMPARE(json["cost"]["perMillionOutputTokensUsd"].get<double>(), 12.5);
        QCOMPARE(json["energy"]["joulesPerOutputToken"].get<double>(), 3.5);
    }

    void sweep()
    {
        std::vector<metrics::SweepPoint> points(2);
        points[0].parameterValue = 0.5;
        points[0].results = sampleResults();
        points[1].parameterValue = 2.0;
        points[1].results = sampleResults();
        points[1].results.requestsPerSecond = 7.0;
        points[1].results.e2eSeconds.p95 = 12.0; // moves the E2E column to seconds
        points[1].results.status = metrics::RunStatus::BudgetExceeded;
        points[1].results.statusMessage = "too many events";
        for (metrics::SweepPoint &point : points) {
            point.results.cost.perMillionOutputTokensUsd = 16.19;
            point.results.cost.totalUsd = 98.32;
            point.results.energy.facilityKwh = 6.3;
            point.results.energy.joulesPerOutputToken = 3.74;
            point.results.carbon.totalKg = 2.4;
        }
        const std::string path = "workload.arrival.ratePerSecond";

        const QStringList table = text(metrics::formatSweepTable(path, points)).split('\n');
        QCOMPARE(table[0], QStringLiteral("Sweep of workload.arrival.ratePerSecond (2 points)"));
        QCOMPARE(table[2].simplified(),
                 QStringLiteral("ratePerSecond throughput output TTFT p50 TTFT p95 TPOT p50 "
                                "TPOT p95 E2E p95 goodput SLO met busy batch cost/1M out cost "
                                "energy energy/tok carbon unfinished rejected"));
        QCOMPARE(table[3].simplified(),
                 QStringLiteral("req/s tok/s req/s % % mean USD USD kWh J kgCO2e requests "
                                "requests"));
        QCOMPARE(table[4].simplified(),
                 QStringLiteral("0.5 3.50 1,234.5 100 ms 250 ms 19.0 ms 30.0 ms "
                                "8,260 ms 3.25 92.9 45.2 12.3 16.19 98.32 6.30 3.74 2.40 45 0"));
        QVERIFY(table[5].contains(" 12.0 s "));
        QVERIFY(table[5].startsWith("2 *"));
        QVERIFY(table.contains("* 2: budgetExceeded - too many events"));

        const QStringList csv = text(metrics::formatSweepCsv(path, points)).split('\n');
        QCOMPARE(csv[0], QStringLiteral("workload.arrival.ratePerSecond,requestsPerSecond,"
                                        "outputTokensPerSecond,ttftP50Seconds,ttftP95Seconds,"
                                        "tpotP50Seconds,tpotP95Seconds,e2eP95Seconds,"
                                        "goodputRequestsPerSecond,sloAttainment,busyFraction,"
                                        "meanRunningBatch,cost.perMillionOutputTokensUsd,"
                                        "cost.totalUsd,energy.facilityKwh,"
                                        "energy.joulesPerOutputToken,carbon.totalKg,"
                                        "unfinishedRequests,rejectedRequests,status"));
        QCOMPARE(csv[1], QStringLiteral("0.5,3.5,1234.5,0.1,0.25,0.019,0.03,8.26,3.25,0.9286,0.452,"
                                        "12.34,16.19,98.32,6.3,3.74,2.4,45,0,completed"));
        QVERIFY(csv[2].startsWith("2,7,"));
        QVERIFY(csv[2].endsWith(",budgetExceeded"));

        const nlohmann::json json = metrics::sweepToJson(path, points);
        QCOMPARE(json.at("parameter").get<std::string>(), path);
        QCOMPARE(json.at("points").size(), std::size_t(2));
        QCOMPARE(json.at("points").at(1).at("parameterValue").get<double>(), 2.0);
        QCOMPARE(json.at("points").at(1).at("requestsPerSecond").get<double>(), 7.0);
        QCOMPARE(json.at("points").at(0).at("unfinishedRequests").get<std::uint64_t>(), 45u);
        QCOMPARE(json.at("points").at(1).at("status").get<std::string>(),
                 std::string("budgetExceeded"));
        QCOMPARE(json.at("points").at(0).at("carbon.totalKg").get<double>(), 2.4);

        // Chosen columns: any metric of the results table, in the order asked, with its unit.
        points[0].results.cost.perMonthUsd = 71'773.6;
        points[0].results.batchOccupancy = 0.0859;
        const std::vector<std::string> keys{"cost.perMonthUsd", "batchOccupancy", "ttftP95Seconds"};
        const QStringList chosen = text(metrics::formatSweepCsv(path, points, keys)).split('\n');
        QCOMPARE(chosen[0], QStringLiteral("workload.arrival.ratePerSecond,cost.perMonthUsd,"
                                           "batchOccupancy,ttftP95Seconds,status"));
        QCOMPARE(chosen[1], QStringLiteral("0.5,71773.6,0.0859,0.25,completed"));
        const QStringList chosenTable
                = text(metrics::formatSweepTable(path, points, keys)).split('\n');
        QCOMPARE(chosenTable[2].simplified(),
                 QStringLiteral("ratePerSecond Cost per month Batch occupancy TTFT p95"));
        QCOMPARE(chosenTable[3].simplified(), QStringLiteral("USD/month %"));
        QCOMPARE(chosenTable[4].simplified(), QStringLiteral("0.5 71,773.60 8.6 250 ms"));
        try {
            metrics::checkSweepMetrics({"cost.perMonthUs"});
            QFAIL("an unknown metric key is refused");
        } catch (const InputError &e) {
            QCOMPARE(QString::fromStdString(e.issues().front().path), QStringLiteral("--metrics"));
            QVERIFY(QString::fromStdString(e.issues().front().message)
                            .contains(QStringLiteral("did you mean 'cost.perMonthUsd'")));
        }
        // Text fields have no number to sweep.
        QVERIFY_THROWS_EXCEPTION(InputError, metrics::checkSweepMetrics({"scenarioName"}));
    }

    void sweepWithoutMeasurements()
    {
        std::vector<metrics::SweepPoint> points(1);
        points[0].parameterValue = 1.0;
        const QString csv = text(metrics::formatSweepCsv("x", points));
        QVERIFY(csv.contains("\n1,0,0,,,,,,0,0,0,0,0,0,0,0,0,0,0,completed\n"));
        QVERIFY(metrics::sweepToJson("x", points)
                        .at("points")
                        .at(0)
                        .at("ttftP50Seconds")
                        .is_null());
    }

    void spacedValues_data()
    {
        QTest::addColumn<double>("from");
        QTest::addColumn<double>("to");
        QTest::addColumn<int>("steps");
        QTest::addColumn<bool>("geometric");
        QTest::addColumn<QList<double>>("expected");
        QTest::newRow("linear") << 1.0 << 2.0 << 5 << false << QList<double>{1, 1.25, 1.5, 1.75, 2};
        QTest::newRow("linear down") << 10.0 << 0.0 << 3 << false << QList<double>{10, 5, 0};
        QTest::newRow("linear negative") << -1.0 << 1.0 << 3 << false << QList<double>{-1, 0, 1};
        QTest::newRow("single") << 4.0 << 4.0 << 1 << false << QList<double>{4};
        QTest::newRow("log") << 1.0 << 1000.0 << 4 << true << QList<double>{1, 10, 100, 1000};
        QTest::newRow("log octaves") << 0.5 << 8.0 << 5 << true << QList<double>{0.5, 1, 2, 4, 8};
        QTest::newRow("log 1 to 64")
                << 1.0 << 64.0 << 7 << true << QList<double>{1, 2, 4, 8, 16, 32, 64};
        QTest::newRow("tenths") << 0.1 << 0.7 << 7 << false
                                << QList<double>{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7};
    }
    void spacedValues()
    {
        QFETCH(double, from);
        QFETCH(double, to);
        QFETCH(int, steps);
        QFETCH(bool, geometric);
        QFETCH(QList<double>, expected);
        const std::vector<double> values = sweep::spacedValues(
                from, to, steps, geometric ? sweep::Spacing::Geometric : sweep::Spacing::Linear);
        QCOMPARE(values.size(), std::size_t(expected.size()));
        // Exact, not within a tolerance: the values are tidied to 12 significant digits, so
        // 2^2 is 4 and 0.1 + 0.2 is 0.3 as typed.
        for (qsizetype i = 0; i < expected.size(); ++i)
            QCOMPARE(values[std::size_t(i)], expected[i]);
    }

    void spacedValuesErrors_data()
    {
        QTest::addColumn<double>("from");
        QTest::addColumn<double>("to");
        QTest::addColumn<int>("steps");
        QTest::addColumn<bool>("geometric");
        QTest::addColumn<QString>("path");
        QTest::newRow("no steps") << 1.0 << 2.0 << 0 << false << "--steps";
        QTest::newRow("one step, two ends") << 1.0 << 2.0 << 1 << false << "--steps";
        QTest::newRow("log from zero") << 0.0 << 2.0 << 3 << true << "--log";
        QTest::newRow("log negative") << -1.0 << -2.0 << 3 << true << "--log";
        QTest::newRow("infinite") << 1.0 << std::numeric_limits<double>::infinity() << 3 << false
                                  << "--to";
    }
    void spacedValuesErrors()
    {
        QFETCH(double, from);
        QFETCH(double, to);
        QFETCH(int, steps);
        QFETCH(bool, geometric);
        QFETCH(QString, path);
        try {
            sweep::spacedValues(from, to, steps,
                                geometric ? sweep::Spacing::Geometric : sweep::Spacing::Linear);
            QFAIL("expected an InputError");
        } catch (const InputError &error) {
            QCOMPARE(QString::fromStdString(error.issues().front().path), path);
        }
    }
};

QTEST_GUILESS_MAIN(TestResultsFormat)
#include "tst_results_format.moc"
