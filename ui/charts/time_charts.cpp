#include "ui/charts/time_charts.h"

#include "ui/charts/chart_hover.h"
#include "ui/charts/chart_items.h"
#include "ui/charts/chart_style.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace tw::ui::charts {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The unit of the time axes: minutes for runs up to three hours, hours beyond (a day in
/// minutes reads 0 to 1,440).
struct TimeUnit
{
    double seconds = 60.0;
    QString symbol = QStringLiteral("min");
    QString axisLabel() const { return QStringLiteral("Simulated time (%1)").arg(symbol); }
};

TimeUnit timeUnitFor(double horizonSeconds)
{
    if (horizonSeconds > 3.0 * 3600.0)
        return {3600.0, QStringLiteral("h")};
    return {};
}

void setTimeAxis(QCPAxis *axis, const TimeUnit &unit, double endSeconds)
{
    axis->setLabel(unit.axisLabel());
    axis->setRange(0.0, endSeconds > 0.0 ? endSeconds / unit.seconds : 1.0);
}

QList<QCPAxisRect *> cumulativeRects(QCustomPlot *plot)
{
    return plot->axisRects();
}

void setUpCumulative(QCustomPlot *plot)
{
    addTitle(plot, QStringLiteral("Cumulative cost, energy and CO₂e"));
    // One axis rect per quantity, stacked and sharing the time axis: three units on one set of
    // axes would need normalising, and normalised curves hide the figures people look for.
    plot->legend->setVisible(false);
    auto *margins = new QCPMarginGroup(plot);
    for (int i = 0; i < 3; ++i) {
        QCPAxisRect *rect = i == 0 ? plot->axisRect() : new QCPAxisRect(plot);
        if (i > 0)
            plot->plotLayout()->addElement(i + 1, 0, rect);
        rect->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
        rect->axis(QCPAxis::atTop)->setVisible(false);
        rect->axis(QCPAxis::atRight)->setVisible(false);
        QCPAxis *x = rect->axis(QCPAxis::atBottom);
        x->setTickLabels(i == 2);
        rect->setAutoMargins(QCP::msLeft | QCP::msRight | (i == 2 ? QCP::msBottom : QCP::msNone));
        rect->setMargins(QMargins(0, 6, 0, i == 2 ? 0 : 4));
    }
    plot->plotLayout()->setRowSpacing(0);
}

void fillCumulative(QCustomPlot *plot, const metrics::TimeSeries &ts, double horizonSeconds,
                    double axisEndSeconds, double warmupSeconds, const TimeUnit &unit,
                    const Theme &theme)
{
    struct Quantity
    {
        const std::vector<double> *perBin;
        QString name;
        QString axisLabel;
        QString unit;
        QColor colour;
    };
    const Quantity quantities[] = {
            {&ts.costUsd, QStringLiteral("Cost"), QStringLiteral("Cost ($)"), QStringLiteral("$%1"),
             theme.series(0)},
            {&ts.energyKwh, QStringLiteral("Facility energy"), QStringLiteral("Energy (kWh)"),
             QStringLiteral("kWh"), theme.series(1)},
            {&ts.carbonKg, QStringLiteral("CO₂e"), QStringLiteral("CO₂e (kg)"),
             QStringLiteral("kg"), theme.series(2)},
    };
    const QList<QCPAxisRect *> rects = cumulativeRects(plot);
    const std::size_t bins = ts.binStartSeconds.size();
    std::vector<double> keys(bins + 1, 0.0);
    for (std::size_t b = 0; b < bins; ++b)
        keys[b + 1] = std::min(ts.binStartSeconds[b] + ts.resolutionSeconds, horizonSeconds)
                      / unit.seconds;
    for (int q = 0; q < 3 && q < rects.size(); ++q) {
        const Quantity &quantity = quantities[q];
        std::vector<double> values(bins + 1, 0.0);
        for (std::size_t b = 0; b < bins && b < quantity.perBin->size(); ++b)
            values[b + 1] = values[b] + (*quantity.perBin)[b];
        QCPAxis *x = rects[q]->axis(QCPAxis::atBottom);
        QCPAxis *y = rects[q]->axis(QCPAxis::atLeft);
        QCPGraph *graph
                = addLineGraph(x, y, quantity.name, quantity.colour, keys, values, quantity.unit);
        QColor fill = quantity.colour;
        fill.setAlpha(40);
        graph->setBrush(fill);
        y->setLabel(quantity.axisLabel);
        y->ticker()->setTickCount(3);
        x->setRange(0.0, axisEndSeconds > 0.0 ? axisEndSeconds / unit.seconds : 1.0);
        x->setLabel(q == 2 ? unit.axisLabel() : QString());
        fitRange(y, values, true);
        if (warmupSeconds > 0.0)
            shadeKeyRange(x, y, 0.0, warmupSeconds / unit.seconds, QString(), theme);
        if (axisEndSeconds > horizonSeconds)
            shadeKeyRange(x, y, horizonSeconds / unit.seconds, axisEndSeconds / unit.seconds,
                          QString(), theme);
    }
}

std::vector<double> binCentres(const metrics::TimeSeries &ts, double horizonSeconds,
                               const TimeUnit &unit)
{
    std::vector<double> keys;
    keys.reserve(ts.binStartSeconds.size());
    for (double start : ts.binStartSeconds) {
        const double end = std::min(start + ts.resolutionSeconds, horizonSeconds);
        keys.push_back((start + std::max(end, start)) / 2.0 / unit.seconds);
    }
    return keys;
}

} // namespace

void setUpTimePlots(const TimePlots &plots)
{
    setUpSingleRectPlot(plots.traffic, QStringLiteral("Arrivals and queue"), 2);
    plots.traffic->yAxis->setLabel(QStringLiteral("Arrivals (requests/min)"));
    plots.traffic->yAxis2->setVisible(true);
    plots.traffic->yAxis2->setLabel(QStringLiteral("Queue depth (requests waiting)"));

    setUpSingleRectPlot(plots.latency, QStringLiteral("End-to-end latency of completed requests"),
                        2);
    plots.latency->yAxis->setLabel(QStringLiteral("Latency (s)"));

    setUpSingleRectPlot(plots.power, QStringLiteral("Facility power draw"), 2);
    plots.power->yAxis->setLabel(QStringLiteral("Power (kW)"));
    plots.power->legend->setVisible(false);

    setUpCumulative(plots.cumulative);

    for (QCustomPlot *plot : {plots.traffic, plots.latency, plots.power, plots.cumulative}) {
        installHoverTooltips(plot);
    }
}

void fillTimePlots(const TimePlots &plots, const metrics::Results &results, const Theme &theme,
                   double axisEndSeconds)
{
    const metrics::TimeSeries &ts = results.timeSeries;
    const std::size_t bins = ts.binStartSeconds.size();
    const double axisEnd = std::max(results.horizonSeconds, axisEndSeconds);
    const TimeUnit unit = timeUnitFor(axisEnd);
    const std::vector<double> keys = binCentres(ts, results.horizonSeconds, unit);
    const double warmupEnd = results.warmupSeconds / unit.seconds;
    for (QCustomPlot *plot : {plots.traffic, plots.latency, plots.power, plots.cumulative})
        setHoverXUnit(plot, unit.symbol);
    const auto at = [](const std::vector<double> &v, std::size_t i) {
        return i < v.size() ? v[i] : kNaN;
    };

    // Arrivals per minute whatever the bin width, so the axis reads the same at any resolution.
    const double perMinute = ts.resolutionSeconds > 0.0 ? 60.0 / ts.resolutionSeconds : 1.0;
    std::vector<double> arrivals(bins), queue(bins), p50(bins), p95(bins), power(bins);
    for (std::size_t b = 0; b < bins; ++b) {
        arrivals[b] = at(ts.arrivals, b) * perMinute;
        queue[b] = at(ts.queueDepthMean, b);
        // A bin with no measured completion (none at all, or only warm-up requests) reports
        // zero latency, which no request can have: leave a gap rather than draw a zero.
        const double bin50 = at(ts.latencyP50Seconds, b), bin95 = at(ts.latencyP95Seconds, b);
        p50[b] = bin50 > 0.0 ? bin50 : kNaN;
        p95[b] = bin95 > 0.0 ? bin95 : kNaN;
        power[b] = at(ts.powerWatts, b) / 1000.0;
    }

    QCustomPlot *traffic = plots.traffic;
    clearContent(traffic);
    addLineGraph(traffic->xAxis, traffic->yAxis, QStringLiteral("Arrivals (left axis)"),
                 theme.series(0), keys, arrivals, QStringLiteral("requests/min"));
    addLineGraph(traffic->xAxis, traffic->yAxis2, QStringLiteral("Queue depth (right axis)"),
                 theme.series(1), keys, queue, QStringLiteral("requests waiting"));
    setTimeAxis(traffic->xAxis, unit, axisEnd);
    fitRange(traffic->yAxis, arrivals, true);
    fitRange(traffic->yAxis2, queue, true);
    traffic->yAxis->setLabelColor(theme.series(0));
    traffic->yAxis2->setLabelColor(theme.series(1));

    QCustomPlot *latency = plots.latency;
    clearContent(latency);
    addLineGraph(latency->xAxis, latency->yAxis, QStringLiteral("p50"), theme.series(0), keys, p50,
                 QStringLiteral("s"));
    addLineGraph(latency->xAxis, latency->yAxis, QStringLiteral("p95"), theme.series(1), keys, p95,
                 QStringLiteral("s"));
    setTimeAxis(latency->xAxis, unit, axisEnd);
    std::vector<double> both = p50;
    both.insert(both.end(), p95.begin(), p95.end());
    fitRange(latency->yAxis, both, true);

    QCustomPlot *powerPlot = plots.power;
    clearContent(powerPlot);
    // With autoscaling (or spot interruptions), the replicas held change over time: drawn
    // beside the power they draw, on the right axis.
    const bool autoscaled = std::any_of(results.deployments.begin(), results.deployments.end(),
                                        [](const metrics::DeploymentResults &d) {
                                            return d.autoscaled || d.interruptions > 0;
                                        });
    addLineGraph(powerPlot->xAxis, powerPlot->yAxis,
                 autoscaled ? QStringLiteral("Facility power (left axis)")
                            : QStringLiteral("Facility power"),
                 theme.series(3), keys, power, QStringLiteral("kW"));
    powerPlot->legend->setVisible(autoscaled);
    powerPlot->yAxis2->setVisible(autoscaled);
    if (autoscaled) {
        std::vector<double> replicas(bins);
        for (std::size_t b = 0; b < bins; ++b)
            replicas[b] = at(ts.provisionedReplicas, b);
        addLineGraph(powerPlot->xAxis, powerPlot->yAxis2,
                     QStringLiteral("Replicas provisioned (right axis)"), theme.series(2), keys,
                     replicas, QStringLiteral("replicas"));
        powerPlot->yAxis2->setLabel(QStringLiteral("Replicas"));
        powerPlot->yAxis2->setTickLabels(true);
        fitRange(powerPlot->yAxis2, replicas, true);
    }
    setTimeAxis(powerPlot->xAxis, unit, axisEnd);
    fitRange(powerPlot->yAxis, power, true);

    clearContent(plots.cumulative);
    fillCumulative(plots.cumulative, ts, results.horizonSeconds, axisEnd, results.warmupSeconds,
                   unit, theme);

    if (warmupEnd > 0.0) {
        const QString label = QStringLiteral("warm-up");
        shadeKeyRange(traffic->xAxis, traffic->yAxis, 0.0, warmupEnd, label, theme);
        shadeKeyRange(latency->xAxis, latency->yAxis, 0.0, warmupEnd, label, theme);
        shadeKeyRange(powerPlot->xAxis, powerPlot->yAxis, 0.0, warmupEnd, label, theme);
    }
    if (axisEnd > results.horizonSeconds) {
        // A preview: the rest of the run is being simulated.
        const double from = results.horizonSeconds / unit.seconds, to = axisEnd / unit.seconds;
        const QString label = QStringLiteral("preview: rest follows");
        shadeKeyRange(traffic->xAxis, traffic->yAxis, from, to, label, theme);
        shadeKeyRange(latency->xAxis, latency->yAxis, from, to, label, theme);
        shadeKeyRange(powerPlot->xAxis, powerPlot->yAxis, from, to, label, theme);
    }
}

void showTimePlaceholder(const TimePlots &plots, const QString &text, const Theme &theme)
{
    for (QCustomPlot *plot : {plots.traffic, plots.latency, plots.power, plots.cumulative}) {
        clearContent(plot);
        addNote(plot->xAxis, plot->yAxis, text, theme);
    }
}

} // namespace tw::ui::charts
