// Charts panel and KPI strip, fed hand-built outputs whose figures are easy to check by hand.

#include "ui/charts/chart_hover.h"
#include "ui/charts/chart_style.h"
#include "ui/charts/charts_panel.h"
#include "ui/charts/curve_charts.h"
#include "ui/charts/kpi_strip.h"

#include <QLabel>
#include <QLocale>
#include <QSet>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>

#include <qcustomplot.h>

#include <cmath>
#include <memory>

using namespace tw;
using namespace tw::ui;

namespace {

constexpr int kBins = 5;
constexpr double kApiUsd = 15.0;

bool near(double a, double b, double tolerance = 1e-9)
{
    return std::abs(a - b) <= tolerance * std::max({1.0, std::abs(a), std::abs(b)});
}

/// A run that met its SLO and kept up with its traffic.
metrics::Results healthyRun(double costPerMillion)
{
    metrics::Results r;
    r.horizonSeconds = 300.0;
    r.warmupSeconds = 60.0;
    r.arrivedRequests = 600;
    r.completedRequests = 600;
    r.measuredRequests = 480;
    r.generatedTokens = 150'000;
    r.arrivalRatePerSecond = 2.0;
    r.requestsPerSecond = 2.0;
    r.sloAttainment = 0.99;
    r.busyFraction = 0.5;
    r.ttftSeconds = {480, 0.4, 0.3, 0.7, 0.85, 1.2, 2.0};
    r.tpotSeconds = {480, 0.03, 0.028, 0.04, 0.045, 0.06, 0.09};
    r.e2eSeconds = {480, 8.0, 7.0, 12.0, 14.0, 20.0, 30.0};
    r.cost.totalUsd = 10.0;
    r.cost.gpuBusyUsd = 6.0;
    r.cost.gpuIdleUsd = 4.0;
    r.cost.perMonthUsd = 1234.5;
    r.cost.perMillionOutputTokensUsd = costPerMillion;
    r.energy.facilityKwh = 2.0;           // 300 s horizon: 2 kWh x 8760 / (1/12) h = 210.24 MWh
    r.energy.joulesPerOutputToken = 36.0; // 10 kWh per 1M tokens
    r.carbon.operationalKg = 0.6;
    r.carbon.embodiedKg = 0.2;
    r.carbon.totalKg = 0.8;
    r.carbon.tonnesPerYear = 84.1;
    r.carbon.gramsPerMillionOutputTokens = 5333.0;
    metrics::DeploymentResults d;
    d.name = "main";
    d.cost = r.cost;
    d.carbon = r.carbon;
    r.deployments.push_back(d);

    metrics::TimeSeries &ts = r.timeSeries;
    ts.resolutionSeconds = 60.0;
    for (int b = 0; b < kBins; ++b) {
        ts.binStartSeconds.push_back(60.0 * b);
        ts.arrivals.push_back(120.0);
        ts.completions.push_back(b == 2 ? 0.0 : 118.0); // bin 2: nothing completed
        ts.queueDepthMean.push_back(1.5);
        ts.runningMean.push_back(10.0);
        ts.busyFraction.push_back(0.5);
        ts.latencyP50Seconds.push_back(b == 2 ? 0.0 : 7.0);
        ts.latencyP95Seconds.push_back(b == 2 ? 0.0 : 14.0);
        ts.outputTokens.push_back(30'000.0);
        ts.powerWatts.push_back(24'000.0);
        ts.energyKwh.push_back(0.4);
        ts.costUsd.push_back(2.0);
        ts.carbonKg.push_back(0.16);
    }
    return r;
}

/// Curve over traffic 1, 2, 4, 8, 16 req/s; cost 40, 20, 10, 5, 4 $/1M; the last point is
/// overloaded (SLO attainment 50 %). It crosses the $15 API price between x = 2 ($20) and
/// x = 4 ($10): t = (15 - 20) / (10 - 20) = 0.5, and in log x, x = 2 x (4/2)^0.5 = 2√2.
RunOutputPtr makeOutput(std::uint64_t generation, double perMonth = 1234.5, double ttftP95 = 0.85)
{
    auto out = std::make_shared<RunOutput>();
    out->generation = generation;
    out->current = healthyRun(10.0);
    out->current.cost.perMonthUsd = perMonth;
    out->current.ttftSeconds.p95 = ttftP95;
    out->sweepParameter = QStringLiteral("workload.arrival.ratePerSecond");
    out->sweepLabel = QStringLiteral("Traffic (requests/s)");
    out->currentValue = 4.0;
    const double xs[] = {1, 2, 4, 8, 16};
    const double costs[] = {40, 20, 10, 5, 4};
    for (int i = 0; i < 5; ++i) {
        metrics::SweepPoint p;
        p.parameterValue = xs[i];
        p.results = healthyRun(costs[i]);
        if (i == 4)
            p.results.sloAttainment = 0.5;
        out->curve.push_back(p);
    }
    out->apiUsdPerMillionOutputTokens = kApiUsd;
    out->apiLabel = QStringLiteral("Example API");
    return out;
}

QCPGraph *graphNamed(QCustomPlot *plot, const QString &name, bool overloaded = false)
{
    for (int i = 0; i < plot->graphCount(); ++i)
        if (plot->graph(i)->name() == name
            && plot->graph(i)->property("twOverloaded").toBool() == overloaded)
            return plot->graph(i);
    return nullptr;
}

QRgb backgroundPixel(QCustomPlot *plot)
{
    return plot->toPixmap(300, 200).toImage().pixel(2, 2);
}

} // namespace

class TestCharts : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void findBreakEven_data();
    void findBreakEven();
    void overloadedMatchesBreakevenSearch();
    void chartsSitOnTheTabTheTableNames();
    void emptyBeforeFirstOutput();
    void graphDataCounts();
    void timeAxesInHoursForLongRuns();
    void breakEvenLabel();
    void overloadedPointsDrawnApart();
    void logAxisForWideRange();
    void errorBandsFollowTheAccuracy();
    void noBreakEvenExplained();
    void noCurve();
    void hoverShowsNearestValue();
    void darkThemeChangesBackground();
    void burstCoalescesIntoOneReplot();
    void staleGenerationIgnored();
    void kpiTexts();
    void kpiBandsAreTheModelsError();
    void kpiLoadAtSlo();
    void kpiChangeAfterSecondOutput();
    void kpiStaleGenerationIgnored();
    void kpiPreviewComparesWithLastFullOutput();
    void previewSpansTheFullHorizon();
};

void TestCharts::findBreakEven_data()
{
    QTest::addColumn<QVector<double>>("x");
    QTest::addColumn<QVector<double>>("cost");
    QTest::addColumn<QVector<bool>>("valid");
    QTest::addColumn<double>("api");
    QTest::addColumn<double>("expected"); // NaN = no break-even

    const double none = std::nan("");
    QTest::newRow("log midpoint") << QVector<double>{1, 2, 4} << QVector<double>{40, 20, 10}
                                  << QVector<bool>{true, true, true} << 15.0
                                  << 2.0 * std::sqrt(2.0);
    // t = (30 - 40) / (20 - 40) = 0.5 between 1 and 2: sqrt(2).
    QTest::newRow("first segment") << QVector<double>{1, 2, 4} << QVector<double>{40, 20, 10}
                                   << QVector<bool>{true, true, true} << 30.0 << std::sqrt(2.0);
    // t = 0.25 between 10 and 1000 in log: 10 x 100^0.25 = 10 x sqrt(10).
    QTest::newRow("quarter") << QVector<double>{10, 1000} << QVector<double>{100, 20}
                             << QVector<bool>{true, true} << 80.0 << 10.0 * std::sqrt(10.0);
    QTest::newRow("exact point") << QVector<double>{1, 2, 4} << QVector<double>{40, 20, 10}
                                 << QVector<bool>{true, true, true} << 20.0 << 2.0;
    QTest::newRow("always dearer") << QVector<double>{1, 2} << QVector<double>{40, 20}
                                   << QVector<bool>{true, true} << 5.0 << none;
    QTest::newRow("crossing only when overloaded")
            << QVector<double>{1, 2, 4} << QVector<double>{40, 20, 10}
            << QVector<bool>{true, true, false} << 15.0 << none;
    QTest::newRow("no api price") << QVector<double>{1, 2} << QVector<double>{40, 20}
                                  << QVector<bool>{true, true} << 0.0 << none;
    // x = 0 cannot be interpolated in log: linear, t = 0.5 between 0 and 2.
    QTest::newRow("zero x is linear") << QVector<double>{0, 2} << QVector<double>{40, 20}
                                      << QVector<bool>{true, true} << 30.0 << 1.0;
}

void TestCharts::findBreakEven()
{
    QFETCH(QVector<double>, x);
    QFETCH(QVector<double>, cost);
    QFETCH(QVector<bool>, valid);
    QFETCH(double, api);
    QFETCH(double, expected);
    const std::optional<double> found = charts::findBreakEven(
            std::vector<double>(x.begin(), x.end()), std::vector<double>(cost.begin(), cost.end()),
            std::vector<bool>(valid.begin(), valid.end()), api);
    if (std::isnan(expected)) {
        QVERIFY(!found);
    } else {
        QVERIFY(found);
        QVERIFY2(near(*found, expected), qPrintable(QString::number(*found, 'g', 17)));
    }
}

void TestCharts::overloadedMatchesBreakevenSearch()
{
    metrics::Results r = healthyRun(10.0);
    QVERIFY(!charts::isOverloaded(r));
    r.sloAttainment = 0.89;
    QVERIFY(charts::isOverloaded(r)); // below 90 % meeting the SLO
    r = healthyRun(10.0);
    r.unfinishedQueued = 7; // more than 1 % of 600 arrivals still waiting
    QVERIFY(charts::isOverloaded(r));
    r.unfinishedQueued = 6;
    QVERIFY(!charts::isOverloaded(r));
    // Requests still running at the horizon (a short run) are not a backlog: the verdict must
    // not depend on the horizon's length (core/sweep/breakeven.h, isOverloaded).
    r.requestsPerSecond = 1.8;
    r.unfinishedRunning = 60;
    QVERIFY(!charts::isOverloaded(r));
}

void TestCharts::chartsSitOnTheTabTheTableNames()
{
    ChartsPanel panel;
    QCOMPARE(panel.plots().size(), kChartCount);
    QCOMPARE(panel.tabs()->count(), 3);
    QSet<QCustomPlot *> distinct;
    for (int i = 0; i < kChartCount; ++i) {
        const ChartInfo &chart = kCharts[static_cast<std::size_t>(i)];
        QCustomPlot *plot = panel.plot(chart.id);
        QVERIFY(plot != nullptr);
        distinct.insert(plot);
        QCOMPARE(panel.plots()[i], plot); // plots() is in table order
        QCOMPARE(plot->accessibleName(), QString::fromUtf8(chart.name));
        QWidget *page = panel.tabs()->widget(static_cast<int>(chart.tab));
        QVERIFY2(page->isAncestorOf(plot), chart.name);
    }
    QCOMPARE(distinct.size(), kChartCount);
    QCOMPARE(chartAt(4), std::optional<ChartId>(ChartId::CostCurve));
    QCOMPARE(chartAt(kChartCount), std::optional<ChartId>());
    QCOMPARE(chartAt(-1), std::optional<ChartId>());
}

void TestCharts::emptyBeforeFirstOutput()
{
    ChartsPanel panel;
    QVERIFY(!panel.shownOutput());
    QVERIFY(!panel.allChartsHaveData());
    QCOMPARE(panel.plots().size(), 11);
    panel.showOutput(nullptr);
    QVERIFY(!panel.shownOutput());
}

void TestCharts::graphDataCounts()
{
    ChartsPanel panel;
    QSignalSpy shown(&panel, &ChartsPanel::outputShown);
    panel.showOutput(makeOutput(1));
    QCOMPARE(shown.count(), 1);
    QVERIFY(panel.allChartsHaveData());

    QCustomPlot *traffic = panel.plot(ChartId::Traffic);
    QCOMPARE(traffic->graphCount(), 2);
    QCOMPARE(traffic->graph(0)->dataCount(), kBins);
    QCOMPARE(traffic->graph(0)->data()->at(0)->value, 120.0);  // 120 per 60 s bin = 120/min
    QCOMPARE(traffic->graph(1)->valueAxis(), traffic->yAxis2); // queue depth on its own axis
    QCOMPARE(traffic->graph(1)->data()->at(0)->value, 1.5);

    QCustomPlot *latency = panel.plot(ChartId::LatencyOverTime);
    QCOMPARE(latency->graphCount(), 2);
    QCOMPARE(latency->graph(1)->dataCount(), kBins);
    QVERIFY(std::isnan(latency->graph(1)->data()->at(2)->value)); // a gap, not a zero
    QCOMPARE(latency->graph(1)->data()->at(3)->value, 14.0);

    QCOMPARE(panel.plot(ChartId::Power)->graph(0)->data()->at(0)->value, 24.0); // kW

    // Cumulative: one axis rect per quantity, each starting from zero at t = 0.
    QCustomPlot *cumulative = panel.plot(ChartId::Cumulative);
    QCOMPARE(cumulative->axisRects().size(), 3);
    QCOMPARE(cumulative->graphCount(), 3);
    QCOMPARE(cumulative->graph(0)->dataCount(), kBins + 1);
    QCOMPARE(cumulative->graph(0)->data()->at(kBins)->value, 10.0);     // $2 x 5 bins
    QVERIFY(near(cumulative->graph(1)->data()->at(kBins)->value, 2.0)); // kWh
    QVERIFY(near(cumulative->graph(2)->data()->at(kBins)->value, 0.8)); // kg

    QCPGraph *cost = graphNamed(panel.plot(ChartId::CostCurve), QStringLiteral("Self-hosted"));
    QVERIFY(cost);
    QCOMPARE(cost->dataCount(), 5);
    QCOMPARE(cost->data()->at(1)->value, 20.0);
    QVERIFY(graphNamed(panel.plot(ChartId::CostCurve), QStringLiteral("API price (Example API)")));
    QCPGraph *kwh = graphNamed(panel.plot(ChartId::EnergyCurve), QStringLiteral("Facility energy"));
    QVERIFY(kwh);
    QVERIFY(near(kwh->data()->at(0)->value, 10.0)); // 36 J/token = 10 kWh per 1M tokens
    QVERIFY(graphNamed(panel.plot(ChartId::LatencyCurve), QStringLiteral("TTFT p95")));
    QVERIFY(graphNamed(panel.plot(ChartId::LatencyCurve), QStringLiteral("TPOT p95")));

    // Breakdowns: GPU busy + idle only (zero components are left out), one bar per deployment.
    QCOMPARE(panel.plot(ChartId::CostBreakdown)->plottableCount(), 2);
    QCOMPARE(panel.plot(ChartId::CarbonBreakdown)->plottableCount(), 2);
    auto *busy = qobject_cast<QCPBars *>(panel.plot(ChartId::CostBreakdown)->plottable(0));
    QVERIFY(busy);
    QCOMPARE(busy->dataCount(), 1);
    QVERIFY(near(busy->data()->at(0)->value, 6.0 * 123.45)); // $6 of $10 = 60 % of $1,234.5/month
    QCOMPARE(panel.plot(ChartId::LatencyDistribution)->axisRects().size(), 3);
    QCOMPARE(panel.plot(ChartId::LatencyDistribution)->plottableCount(), 3);
    auto *ttft = qobject_cast<QCPBars *>(panel.plot(ChartId::LatencyDistribution)->plottable(0));
    QCOMPARE(ttft->dataCount(), 4);
    QCOMPARE(ttft->data()->at(3)->value, 1.2); // p99 in s (above one second)
    auto *tpot = qobject_cast<QCPBars *>(panel.plot(ChartId::LatencyDistribution)->plottable(1));
    QVERIFY(near(tpot->data()->at(2)->value, 45.0)); // p95 in ms (all below one second)

    QCOMPARE(panel.tabs()->tabText(1), QStringLiteral("Across traffic"));
}

void TestCharts::timeAxesInHoursForLongRuns()
{
    ChartsPanel panel;
    panel.showOutput(makeOutput(1)); // 5 minutes: minutes
    QCOMPARE(panel.plot(ChartId::Traffic)->xAxis->label(), QStringLiteral("Simulated time (min)"));
    QCOMPARE(panel.plot(ChartId::Traffic)->xAxis->range().upper, 5.0);
    QCOMPARE(panel.plot(ChartId::Traffic)->graph(0)->data()->at(0)->key, 0.5); // first bin's centre

    // A day in 1-hour bins: hours, so the axis reads 0 to 24, not 0 to 1,440.
    auto day = std::make_shared<RunOutput>(*makeOutput(2));
    metrics::Results &r = day->current;
    r.horizonSeconds = 24 * 3600.0;
    r.warmupSeconds = 3600.0;
    metrics::TimeSeries &ts = r.timeSeries;
    ts.resolutionSeconds = 3600.0;
    for (int b = 0; b < kBins; ++b)
        ts.binStartSeconds[static_cast<std::size_t>(b)] = 3600.0 * b;
    panel.showOutput(day);
    for (QCustomPlot *plot : {panel.plot(ChartId::Traffic), panel.plot(ChartId::LatencyOverTime),
                              panel.plot(ChartId::Power)}) {
        QCOMPARE(plot->xAxis->label(), QStringLiteral("Simulated time (h)"));
        QCOMPARE(plot->xAxis->range().upper, 24.0);
    }
    QCOMPARE(panel.plot(ChartId::Traffic)->graph(0)->data()->at(1)->key, 1.5);
    // The cumulative plot labels only its bottom axis.
    QCOMPARE(panel.plot(ChartId::Cumulative)->axisRects().last()->axis(QCPAxis::atBottom)->label(),
             QStringLiteral("Simulated time (h)"));
}

void TestCharts::breakEvenLabel()
{
    ChartsPanel panel;
    panel.showOutput(makeOutput(1));
    const double hand = 2.0 * std::sqrt(2.0); // see makeOutput
    QVERIFY(panel.breakEvenValue());
    QVERIFY(near(*panel.breakEvenValue(), hand));
    QCPItemText *label = panel.breakEvenLabel();
    QVERIFY(label);
    QVERIFY(near(label->position->key(), hand));
    QCOMPARE(label->position->value(), kApiUsd);
    QCOMPARE(label->text(), QStringLiteral("Break-even ≈ 2.83 requests/s"));
}

void TestCharts::overloadedPointsDrawnApart()
{
    ChartsPanel panel;
    panel.showOutput(makeOutput(1));
    QCustomPlot *plot = panel.plot(ChartId::CostCurve);
    QCPGraph *solid = graphNamed(plot, QStringLiteral("Self-hosted"));
    QCPGraph *dashed = graphNamed(plot, QStringLiteral("Self-hosted"), true);
    QVERIFY(solid && dashed);
    QVERIFY(std::isnan(solid->data()->at(4)->value)); // overloaded point not on the solid line
    QCOMPARE(dashed->data()->at(4)->value, 4.0);
    QCOMPARE(dashed->data()->at(3)->value, 5.0); // the segment leading to it is dashed too
    QVERIFY(std::isnan(dashed->data()->at(0)->value));
    QCOMPARE(dashed->pen().style(), Qt::DashLine);
    QVERIFY(!plot->legend->hasItemWithPlottable(dashed));
    // The legend explains the dashed style once.
    bool explained = false;
    for (int i = 0; i < plot->legend->itemCount(); ++i)
        if (auto *item = qobject_cast<QCPPlottableLegendItem *>(plot->legend->item(i)))
            explained |= item->plottable()->name().startsWith(QStringLiteral("Overloaded"));
    QVERIFY(explained);
}

void TestCharts::logAxisForWideRange()
{
    ChartsPanel panel;
    panel.showOutput(makeOutput(1)); // 1 .. 16: more than a decade
    QCOMPARE(panel.plot(ChartId::CostCurve)->xAxis->scaleType(), QCPAxis::stLogarithmic);
    auto narrow = std::make_shared<RunOutput>(*makeOutput(2));
    narrow->curve.resize(4); // 1 .. 8
    panel.showOutput(narrow);
    QCOMPARE(panel.plot(ChartId::CostCurve)->xAxis->scaleType(), QCPAxis::stLinear);
    QVERIFY(near(*panel.breakEvenValue(), 2.0 * std::sqrt(2.0))); // still log-interpolated
}

void TestCharts::errorBandsFollowTheAccuracy()
{
    // Without accuracy figures (healthyRun has none): no band anywhere.
    ChartsPanel panel;
    panel.showOutput(makeOutput(1));
    auto bandOf = [&panel](ChartId id) -> QCPGraph * {
        QCustomPlot *plot = panel.plot(id);
        for (int i = 0; i < plot->graphCount(); ++i)
            if (plot->graph(i)->property("twErrorBand").isValid())
                return plot->graph(i);
        return nullptr;
    };
    for (ChartId id :
         {ChartId::CostCurve, ChartId::LatencyCurve, ChartId::EnergyCurve, ChartId::CarbonCurve})
        QVERIFY(!bandOf(id));

    // Energy per token ±12 % and TPOT ±8 % (the parameter group's median errors); $2 of the
    // $10 is electricity and 0.6 of the 0.8 kg operational, so cost moves by 12 % x 0.2 =
    // 2.4 % and carbon by 12 % x 0.75 = 9 % (metrics::errorBandsOf).
    auto sure = std::make_shared<RunOutput>(*makeOutput(2));
    for (metrics::SweepPoint &p : sure->curve) {
        p.results.cost.energyUsd = 2.0;
        p.results.cost.gpuBusyUsd = 4.0;
        p.results.deployments.front().accuracyEnergyPercent = 12.0;
        p.results.deployments.front().accuracyLatencyPercent = 8.0;
    }
    panel.showOutput(sure);
    QCPGraph *energy = bandOf(ChartId::EnergyCurve);
    QVERIFY(energy);
    QCOMPARE(energy->name(), QStringLiteral("±12 % model error"));
    QVERIFY(near(energy->data()->at(0)->value, 11.2)); // 10 kWh per 1M tokens + 12 %
    QVERIFY(near(energy->channelFillGraph()->data()->at(0)->value, 8.8));
    QVERIFY(energy->brush().style() != Qt::NoBrush);
    QVERIFY(near(bandOf(ChartId::CarbonCurve)->data()->at(0)->value, 5333.0 * 1.09));
    QCOMPARE(bandOf(ChartId::CarbonCurve)->name(), QStringLiteral("±9 % model error"));
    QVERIFY(near(bandOf(ChartId::CostCurve)->data()->at(1)->value, 20.0 * 1.024));
    QVERIFY(near(bandOf(ChartId::LatencyCurve)->channelFillGraph()->data()->at(0)->value,
                 0.045 * 0.92)); // TPOT p95 - 8 %
    // The axis covers the band's upper edge, and the legend lists the band after the curve.
    QVERIFY(panel.plot(ChartId::EnergyCurve)->yAxis->range().upper >= 11.2);
    QCustomPlot *plot = panel.plot(ChartId::EnergyCurve);
    QVERIFY(plot->legend->hasItemWithPlottable(energy));
    QVERIFY(!plot->legend->hasItemWithPlottable(energy->channelFillGraph()));
    int curveRow = -1, bandRow = -1;
    for (int i = 0; i < plot->legend->itemCount(); ++i)
        if (auto *item = qobject_cast<QCPPlottableLegendItem *>(plot->legend->item(i))) {
            if (item->plottable() == energy)
                bandRow = i;
            else if (item->plottable()->name() == QStringLiteral("Facility energy"))
                curveRow = i;
        }
    QVERIFY(curveRow >= 0 && bandRow > curveRow);

    // A rented fleet pays no electricity of its own: no cost band.
    for (metrics::SweepPoint &p : sure->curve)
        p.results.cost.energyUsd = 0.0;
    panel.showOutput(sure);
    QVERIFY(!bandOf(ChartId::CostCurve));
    QVERIFY(bandOf(ChartId::EnergyCurve));
}

void TestCharts::noBreakEvenExplained()
{
    ChartsPanel panel;
    auto out = std::make_shared<RunOutput>(*makeOutput(1));
    out->apiUsdPerMillionOutputTokens = 50.0; // above every valid point (40, 20, 10, 5)
    panel.showOutput(out);
    QVERIFY(!panel.breakEvenValue());
    QVERIFY(!panel.breakEvenLabel());
    auto *subtitle = panel.plot(ChartId::CostCurve)
                             ->findChild<QCPTextElement *>(QStringLiteral("twSubtitle"));
    QVERIFY(subtitle);
    QCOMPARE(subtitle->text(), QStringLiteral("Cheaper than the API wherever not overloaded"));
    QVERIFY(subtitle->layout()); // shown under the title, outside the data area
    out = std::make_shared<RunOutput>(*makeOutput(2));
    out->apiUsdPerMillionOutputTokens = 4.5; // below every valid point; the $4 one is overloaded
    panel.showOutput(out);
    QCOMPARE(subtitle->text(), QStringLiteral("Dearer than the API wherever not overloaded"));
    panel.showOutput(makeOutput(3));
    QCOMPARE(subtitle->text(), QString()); // a break-even: its label says it all
    QVERIFY(!subtitle->layout());          // and the empty line takes no room
}

void TestCharts::noCurve()
{
    ChartsPanel panel;
    auto out = std::make_shared<RunOutput>(*makeOutput(1));
    out->curve.clear();
    panel.showOutput(out);
    QVERIFY(!panel.allChartsHaveData());
    QVERIFY(!panel.breakEvenValue());
    QVERIFY(panel.plot(ChartId::Traffic)->graphCount() > 0);
    QCOMPARE(panel.plot(ChartId::CostCurve)->itemCount(), 1); // the "No sweep in this run" note
}

void TestCharts::hoverShowsNearestValue()
{
    ChartsPanel panel;
    panel.resize(1000, 700);
    panel.showOutput(makeOutput(1));
    QCustomPlot *plot = panel.plot(ChartId::CostCurve);
    plot->resize(500, 350);
    plot->replot(QCustomPlot::rpImmediateRefresh);
    QCPGraph *cost = graphNamed(plot, QStringLiteral("Self-hosted"));
    const QPointF pixel = cost->coordsToPixels(4.0, 10.0);
    const QString text = charts::hoverText(plot, pixel + QPointF(3, -2));
    QVERIFY2(text.contains(QStringLiteral("$10.0 per 1M output tokens")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("at 4.00 requests/s")), qPrintable(text));
    QVERIFY(charts::hoverText(plot, pixel + QPointF(0, 60)).isEmpty());

    // Bars: the segment under the cursor, with its category.
    QCustomPlot *bars = panel.plot(ChartId::LatencyDistribution);
    bars->resize(900, 300);
    bars->replot(QCustomPlot::rpImmediateRefresh);
    auto *ttft = qobject_cast<QCPBars *>(bars->plottable(0));
    const QPointF p99 = ttft->dataPixelPosition(3) + QPointF(0, 5); // just inside the bar's top
    const QString barText = charts::hoverText(bars, p99);
    QVERIFY2(barText.contains(QStringLiteral("TTFT")), qPrintable(barText));
    QVERIFY2(barText.contains(QStringLiteral("(p99)")), qPrintable(barText));
    QVERIFY2(barText.contains(QStringLiteral("1.20 s")), qPrintable(barText));
}

void TestCharts::darkThemeChangesBackground()
{
    ChartsPanel panel;
    panel.showOutput(makeOutput(1));
    QCustomPlot *plot = panel.plot(ChartId::CostCurve);
    QCOMPARE(QColor(backgroundPixel(plot)), charts::lightTheme().background);
    panel.setDarkTheme(true);
    QVERIFY(panel.isDarkTheme());
    QCOMPARE(QColor(backgroundPixel(plot)), charts::darkTheme().background);
    QCOMPARE(plot->xAxis->tickLabelColor(), charts::darkTheme().foreground);
    QCOMPARE(plot->legend->textColor(), charts::darkTheme().foreground);
    QVERIFY(panel.allChartsHaveData()); // re-drawn from the output shown
    QVERIFY(panel.breakEvenLabel());
    QCOMPARE(panel.breakEvenLabel()->color(), charts::darkTheme().foreground);
    panel.setDarkTheme(false);
    QCOMPARE(QColor(backgroundPixel(plot)), charts::lightTheme().background);
}

void TestCharts::burstCoalescesIntoOneReplot()
{
    ChartsPanel panel;
    panel.resize(900, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QCoreApplication::processEvents(); // the constructor's own queued replot
    QSignalSpy replots(panel.plot(ChartId::Traffic), &QCustomPlot::afterReplot);
    QSignalSpy hiddenReplots(panel.plot(ChartId::CostCurve), &QCustomPlot::afterReplot);
    for (std::uint64_t g = 1; g <= 5; ++g)
        panel.showOutput(makeOutput(g));
    QCOMPARE(replots.count(), 0); // queued, not drawn per output
    QTRY_COMPARE(replots.count(), 1);
    QCoreApplication::processEvents();
    QCOMPARE(replots.count(), 1);
    // Plots on a hidden tab are drawn once, when their tab is shown.
    QCOMPARE(hiddenReplots.count(), 0);
    panel.tabs()->setCurrentIndex(1);
    QCOMPARE(hiddenReplots.count(), 1);
    QCoreApplication::processEvents();
    QCOMPARE(hiddenReplots.count(), 1);
    // Again, once the tab has its size: the panel draws it (no resize does it for us).
    panel.tabs()->setCurrentIndex(0);
    panel.showOutput(makeOutput(6));
    QCoreApplication::processEvents();
    QCOMPARE(hiddenReplots.count(), 1);
    panel.tabs()->setCurrentIndex(1);
    QCOMPARE(hiddenReplots.count(), 2);
    QCoreApplication::processEvents();
    QCOMPARE(hiddenReplots.count(), 2);
}

void TestCharts::staleGenerationIgnored()
{
    ChartsPanel panel;
    QSignalSpy shown(&panel, &ChartsPanel::outputShown);
    const RunOutputPtr newer = makeOutput(3);
    panel.showOutput(newer);
    panel.showOutput(makeOutput(2, 9999.0));
    QCOMPARE(panel.shownOutput(), newer);
    QCOMPARE(shown.count(), 1);
    const RunOutputPtr same = makeOutput(3, 5.0);
    panel.showOutput(same); // same generation again (e.g. a re-render): accepted
    QCOMPARE(panel.shownOutput(), same);
}

void TestCharts::kpiTexts()
{
    KpiStrip strip;
    QCOMPARE(KpiStrip::kCount, 8);
    strip.showOutput(makeOutput(1));
    QCOMPARE(strip.valueText(0), QStringLiteral("$1,235"));
    QCOMPARE(strip.valueText(1), QStringLiteral("$10.0"));
    QCOMPARE(strip.valueText(2), QStringLiteral("850 ms"));
    QCOMPARE(strip.valueText(3), QStringLiteral("45.0 ms"));
    QCOMPARE(strip.valueText(4), QStringLiteral("50.0 %"));
    // 2 kWh over 300 s: 2 x 8,760 h / (300/3,600 h) / 1,000 = 210.24 MWh per year.
    QVERIFY(near(KpiStrip::value(makeOutput(1)->current, KpiStrip::Kpi::EnergyPerYear), 210.24));
    QCOMPARE(strip.valueText(5), QStringLiteral("210 MWh"));
    QCOMPARE(strip.valueText(6), QStringLiteral("84.1 t"));
    QCOMPARE(strip.changeText(0), QString()); // nothing to compare with yet
    QVERIFY(strip.valueLabel(0)->accessibleName().contains(QStringLiteral("$1,235")));
    QVERIFY(strip.valueLabel(4)->parentWidget()->toolTip().contains(QStringLiteral("busy fraction"),
                                                                    Qt::CaseInsensitive));
    // The load card waits for the capacity search of this output.
    QCOMPARE(strip.titleText(7), QStringLiteral("Load at SLO"));
    QCOMPARE(strip.valueText(7), QStringLiteral("…"));
    QCOMPARE(strip.valueText(8), QString());
}

void TestCharts::kpiBandsAreTheModelsError()
{
    // A self-hosted deployment whose parameters miss energy by 10 % and TPOT by 6 % (median
    // errors), with carbon 80 % operational and no electricity in the cost (a rented fleet):
    // energy ± 10 %, carbon ± 8.0 %, TPOT ± 6.0 %, cost and the rest without a band.
    RunOutputPtr output = makeOutput(1);
    auto edited = std::make_shared<RunOutput>(*output);
    metrics::DeploymentResults d;
    d.accuracyEnergyPercent = 10.0;
    d.accuracyLatencyPercent = 6.0;
    edited->current.deployments = {d};
    edited->current.carbon.operationalKg = 80.0;
    edited->current.carbon.embodiedKg = 20.0;
    edited->current.carbon.totalKg = 100.0;
    edited->current.cost.energyUsd = 0.0;
    KpiStrip strip;
    strip.showOutput(edited);
    QCOMPARE(strip.bandText(static_cast<int>(KpiStrip::Kpi::EnergyPerYear)),
             QStringLiteral("± 10 %"));
    QCOMPARE(strip.bandText(static_cast<int>(KpiStrip::Kpi::CarbonPerYear)),
             QStringLiteral("± 8.0 %"));
    QCOMPARE(strip.bandText(static_cast<int>(KpiStrip::Kpi::TpotP95)), QStringLiteral("± 6.0 %"));
    QCOMPARE(strip.bandText(static_cast<int>(KpiStrip::Kpi::CostPerMonth)), QString());
    QCOMPARE(strip.bandText(static_cast<int>(KpiStrip::Kpi::TimeBusy)), QString());
    // With no error known (an API, or nothing fitted), no band at all.
    strip.showOutput(makeOutput(2));
    QCOMPARE(strip.bandText(static_cast<int>(KpiStrip::Kpi::EnergyPerYear)), QString());
}

void TestCharts::kpiLoadAtSlo()
{
    KpiStrip strip;
    strip.showOutput(makeOutput(1));
    CapacityFigure figure;
    figure.generation = 2; // another output's: ignored
    figure.computed = true;
    figure.loadShare = 0.418;
    figure.capacityPerSecond = 16.2;
    strip.showCapacity(figure);
    QCOMPARE(strip.valueText(7), QStringLiteral("…"));
    figure.generation = 1;
    strip.showCapacity(figure);
    QCOMPARE(strip.valueText(7), QStringLiteral("42 %"));
    QCOMPARE(strip.changeText(7), QString()); // nothing to compare with yet
    QVERIFY(strip.valueLabel(7)->toolTip().contains(QStringLiteral("42 % of the 16.2 requests/s")));
    // The next full output: its load compares with the last one's, 0.5 / 0.418 - 1 = +19.6 %.
    strip.showOutput(makeOutput(2));
    QCOMPARE(strip.valueText(7), QStringLiteral("…"));
    figure.generation = 2;
    figure.loadShare = 0.5;
    strip.showCapacity(figure);
    QCOMPARE(strip.valueText(7), QStringLiteral("50 %"));
    QCOMPARE(strip.changeText(7), QStringLiteral("▲ 19.6 %"));
    // No capacity (a closed loop): a dash, and the reason in the tooltip.
    strip.showOutput(makeOutput(3));
    CapacityFigure none;
    none.generation = 3;
    none.note = QStringLiteral("needs Poisson or Gamma arrivals");
    strip.showCapacity(none);
    QCOMPARE(strip.valueText(7), QStringLiteral("–"));
    QCOMPARE(strip.valueLabel(7)->toolTip(), none.note);
    // An output that carries its capacity (the report's) shows it at once.
    auto carried = std::make_shared<RunOutput>(*makeOutput(4));
    carried->capacityRatePerSecond = 10.0;
    carried->capacityLoadShare = 0.05;
    strip.showOutput(carried);
    QCOMPARE(strip.valueText(7), QStringLiteral("5.0 %"));
}

void TestCharts::kpiChangeAfterSecondOutput()
{
    KpiStrip strip;
    strip.showOutput(makeOutput(1, 1000.0, 0.8));
    strip.showOutput(makeOutput(2, 1100.0, 0.6));
    QCOMPARE(strip.changeText(0), QStringLiteral("▲ 10.0 %")); // cost up: bad
    QCOMPARE(strip.changeText(2), QStringLiteral("▼ 25.0 %")); // TTFT down: good
    QCOMPARE(strip.changeText(1), QStringLiteral("no change"));
    const charts::Theme &theme = charts::theme(false);
    QVERIFY(strip.changeLabel(0)->styleSheet().contains(theme.bad.name()));
    QVERIFY(strip.changeLabel(2)->styleSheet().contains(theme.good.name()));
    QVERIFY(strip.valueLabel(0)->accessibleName().contains(QStringLiteral("up 10.0 %")));

    // Tenfold and more: a factor, and an overloaded queue's latency in hours.
    strip.showOutput(makeOutput(3, 1100.0, 47'393.0));
    QCOMPARE(strip.valueText(2), QStringLiteral("13.2 h"));
    QCOMPARE(strip.changeText(2), QStringLiteral("▲ ×78,988")); // 47,393 / 0.6
    QVERIFY(strip.valueLabel(2)->accessibleName().contains(QStringLiteral("up 78,988 times")));
}

void TestCharts::kpiStaleGenerationIgnored()
{
    KpiStrip strip;
    strip.showOutput(makeOutput(5, 2000.0));
    strip.showOutput(makeOutput(4, 3000.0));
    QCOMPARE(strip.valueText(0), QStringLiteral("$2,000"));
    QCOMPARE(strip.changeText(0), QString());
}

void TestCharts::kpiPreviewComparesWithLastFullOutput()
{
    auto preview = [](std::uint64_t generation, double perMonth) {
        auto out = std::make_shared<RunOutput>(*makeOutput(generation, perMonth));
        out->preview = true;
        out->scenarioHorizonSeconds = 4.0 * out->current.horizonSeconds;
        return out;
    };
    KpiStrip strip;
    strip.showOutput(makeOutput(1, 1000.0)); // full: the baseline
    strip.showOutput(preview(2, 1200.0));
    QCOMPARE(strip.changeText(0), QStringLiteral("▲ 20.0 %")); // 1,200 / 1,000
    QVERIFY(strip.valueLabel(0)->font().italic());
    QVERIFY(strip.valueLabel(0)->toolTip().contains(QStringLiteral("Preview")));
    strip.showOutput(preview(3, 1100.0)); // still against the full output, not the preview
    QCOMPARE(strip.changeText(0), QStringLiteral("▲ 10.0 %"));
    strip.showOutput(makeOutput(3, 1050.0)); // the full run of the same request
    QCOMPARE(strip.valueText(0), QStringLiteral("$1,050"));
    QCOMPARE(strip.changeText(0), QStringLiteral("▲ 5.0 %"));
    QVERIFY(!strip.valueLabel(0)->font().italic());
    QVERIFY(strip.valueLabel(0)->toolTip().isEmpty());
    strip.showOutput(preview(4, 1260.0)); // the next edit compares with the new full output
    QCOMPARE(strip.changeText(0), QStringLiteral("▲ 20.0 %"));
    // With the full output's scenario run over the preview's own window, that is the baseline:
    // the same traffic on both sides.
    auto sameWindow = preview(5, 1100.0);
    auto before = std::make_shared<metrics::Results>(makeOutput(5, 1000.0)->current);
    sameWindow->previewBaseline = before;
    strip.showOutput(sameWindow);
    QCOMPARE(strip.changeText(0), QStringLiteral("▲ 10.0 %")); // 1,100 / 1,000, not / 1,050
    QVERIFY(strip.changeLabel(0)->toolTip().contains(QStringLiteral("same")));
}

void TestCharts::previewSpansTheFullHorizon()
{
    ChartsPanel panel;
    auto out = std::make_shared<RunOutput>(*makeOutput(1)); // 5 minutes simulated
    out->preview = true;
    out->scenarioHorizonSeconds = 20.0 * 60.0;
    panel.showOutput(out);
    for (QCustomPlot *plot : {panel.plot(ChartId::Traffic), panel.plot(ChartId::LatencyOverTime),
                              panel.plot(ChartId::Power)})
        QCOMPARE(plot->xAxis->range().upper, 20.0);
    for (QCPAxisRect *rect : panel.plot(ChartId::Cumulative)->axisRects())
        QCOMPARE(rect->axis(QCPAxis::atBottom)->range().upper, 20.0);
    // The data stop where the preview stops; the rest of the axis is shaded and labelled.
    QCOMPARE(panel.plot(ChartId::Traffic)->graph(0)->data()->at(kBins - 1)->key, 4.5);
    bool labelled = false;
    for (int i = 0; i < panel.plot(ChartId::Traffic)->itemCount(); ++i) {
        if (auto *text = qobject_cast<QCPItemText *>(panel.plot(ChartId::Traffic)->item(i)))
            labelled = labelled || text->text().contains(QStringLiteral("preview"));
    }
    QVERIFY(labelled);
}

QTEST_MAIN(TestCharts)
#include "tst_charts.moc"
