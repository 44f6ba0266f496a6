// Cached results (core/store/results_codec.h): what a workbook stores reads back as the same
// Results, field for field.

#include "test_support.h"

#include "core/catalog/catalog.h"
#include "core/common/error.h"
#include "core/metrics/results_format.h"
#include "core/run/simulate.h"
#include "core/scenario_io/examples.h"
#include "core/scenario_io/scenario_json.h"
#include "core/store/results_codec.h"

#include <cmath>

namespace {

using nlohmann::json;
using tw::store::CachedResults;

/// Gives every number in @p node a value of its own (counting with @p next) and every free-text
/// string a new text, keeping the kind of each number (integer or not).
void renumber(json &node, int &next)
{
    if (node.is_structured()) {
        for (auto &child : node)
            renumber(child, next);
    } else if (node.is_number_float()) {
        node = ++next + 0.25;
    } else if (node.is_number()) {
        node = ++next;
    } else if (node.is_string() && node != "true" && node != "false" && node != "completed") {
        node = "text " + std::to_string(++next);
    }
}

/// A run with two deployments (one self-hosted, one API) and a response cache.
tw::metrics::Results sampleRun()
{
    const tw::catalog::Catalog &catalog = tw::catalog::Catalog::builtIn();
    std::string scenario = tw::scenario::findExample("route-and-cache")->json;
    // The warm-up first: it must stay below the horizon at every step.
    scenario = tw::scenario::toJson(
            tw::scenario::withParameter(scenario, "simulation.warmupSeconds", 0, catalog), catalog);
    scenario = tw::scenario::toJson(
            tw::scenario::withParameter(scenario, "simulation.horizonSeconds", 120, catalog),
            catalog);
    return tw::run::simulate(tw::scenario::parseScenarioJson(scenario, catalog));
}

QString errorOf(const CachedResults &cached)
{
    try {
        tw::store::decodeResults(cached);
    } catch (const tw::InputError &error) {
        return QString::fromStdString(error.what());
    }
    return {};
}

} // namespace

class TestStoreResults : public QObject
{
    Q_OBJECT

private slots:
    void runResultsReadBackExactly()
    {
        const tw::metrics::Results results = sampleRun();
        QVERIFY(results.deployments.size() >= 2);
        const CachedResults cached = tw::store::cacheResults(results, "{}");
        QCOMPARE(cached.parametersSha256, tw::store::parametersDigest("{}"));
        QCOMPARE(cached.buildVersion, std::string(TOKENWATT_VERSION));
        QCOMPARE(tw::metrics::toJson(tw::store::decodeResults(cached)).dump(),
                 tw::metrics::toJson(results).dump());
    }

    void everyFieldToJsonWritesReadsBack()
    {
        // Each number gets a distinct value, so a field the decoder skips (left at its default)
        // or reads into the wrong member shows up as a difference.
        json written = tw::metrics::toJson(sampleRun());
        int next = 0;
        renumber(written, next);
        written["timeSeries"]["latencyP95Seconds"][0] = nullptr; // NaN is written as null
        json series = written["timeSeries"];
        json summary = written;
        summary.erase("timeSeries");
        CachedResults cached;
        cached.summaryJson = summary.dump();
        cached.timeSeriesJson = series.dump();
        const tw::metrics::Results decoded = tw::store::decodeResults(cached);
        QVERIFY(std::isnan(decoded.timeSeries.latencyP95Seconds.at(0)));
        QCOMPARE(tw::metrics::toJson(decoded).dump(), written.dump());
        QVERIFY(next > 150); // the renumbering reached the whole document
    }

    void unknownKeysAreIgnored()
    {
        CachedResults cached;
        cached.summaryJson = R"({"completedRequests": 5, "fieldOfALaterBuild": [1, 2]})";
        cached.timeSeriesJson = R"({"resolutionSeconds": 30, "newColumn": [1]})";
        const tw::metrics::Results decoded = tw::store::decodeResults(cached);
        QCOMPARE(decoded.completedRequests, std::uint64_t(5));
        QCOMPARE(decoded.timeSeries.resolutionSeconds, 30.0);
    }

    void malformedResultsAreInputErrors_data()
    {
        QTest::addColumn<QString>("summary");
        QTest::addColumn<QString>("series");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not JSON") << "{oops"
                                  << "{}"
                                  << "results.summary: is not a JSON object";
        QTest::newRow("not an object") << "[1]"
                                       << "{}"
                                       << "results.summary: is not a JSON object";
        QTest::newRow("text for a number") << R"({"ttftSeconds": {"p95": "fast"}})"
                                           << "{}"
                                           << R"(ttftSeconds.p95: expected a number, got "fast")";
        QTest::newRow("negative count") << R"({"completedRequests": -1})"
                                        << "{}"
                                        << "completedRequests: expected a non-negative integer";
        QTest::newRow("unknown status") << R"({"status": "exploded"})"
                                        << "{}"
                                        << R"(status: unknown run status "exploded")";
        QTest::newRow("deployment not an object") << R"({"deployments": [3]})"
                                                  << "{}"
                                                  << "deployments[0].: expected an object";
        QTest::newRow("series of text") << "{}"
                                        << R"({"arrivals": ["x"]})"
                                        << "timeSeries.arrivals: expected numbers";
    }

    void malformedResultsAreInputErrors()
    {
        QFETCH(QString, summary);
        QFETCH(QString, series);
        QFETCH(QString, expected);
        CachedResults cached;
        cached.summaryJson = summary.toStdString();
        cached.timeSeriesJson = series.toStdString();
        const QString message = errorOf(cached);
        QVERIFY2(message.startsWith(expected), qPrintable(message));
    }

    void currentOnlyForTheSameParametersAndBuild()
    {
        CachedResults cached = tw::store::cacheResults(tw::metrics::Results{}, "{\"a\":1}");
        QVERIFY(tw::store::resultsAreCurrent(cached, "{\"a\":1}"));
        QVERIFY(!tw::store::resultsAreCurrent(cached, "{\"a\":2}"));
        cached.buildVersion = "0.0.1";
        QVERIFY(!tw::store::resultsAreCurrent(cached, "{\"a\":1}"));
        // sha256sum of the two bytes "{}", as printed by coreutils.
        QCOMPARE(tw::store::parametersDigest("{}"),
                 std::string("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"));
    }
};

QTEST_GUILESS_MAIN(TestStoreResults)
#include "tst_store_results.moc"
