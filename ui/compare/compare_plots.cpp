#include "ui/compare/compare_plots.h"

#include "ui/charts/chart_style.h"

#include <qcustomplot.h>

#include <cmath>
#include <limits>

namespace tw::ui::compare {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Metric
{
    const char *title;
    const char *unit;
    double (*value)(const metrics::Results &);
};

// The same figures as the window's curve charts (ui/charts/curve_charts.cpp).
const std::array<Metric, 4> kMetrics{{
        {QT_TRANSLATE_NOOP("ComparePlots", "Cost per 1M output tokens"), "USD",
         [](const metrics::Results &r) {
             return r.generatedTokens > 0 ? r.cost.perMillionOutputTokensUsd : kNaN;
         }},
        {QT_TRANSLATE_NOOP("ComparePlots", "TTFT p95"), "s",
         [](const metrics::Results &r) {
             return r.measuredRequests > 0 ? r.ttftSeconds.p95 : kNaN;
         }},
        // J per token x 1e6 tokens / 3.6e6 J per kWh.
        {QT_TRANSLATE_NOOP("ComparePlots", "Energy per 1M output tokens"), "kWh",
         [](const metrics::Results &r) {
             return r.generatedTokens > 0 ? r.energy.joulesPerOutputToken / 3.6 : kNaN;
         }},
        {QT_TRANSLATE_NOOP("ComparePlots", "Carbon per 1M output tokens"), "gCO2e",
         [](const metrics::Results &r) {
             return r.generatedTokens > 0 ? r.carbon.gramsPerMillionOutputTokens : kNaN;
         }},
}};

} // namespace

ComparePlots ComparePlots::create(QWidget *parent)
{
    ComparePlots made;
    for (std::size_t i = 0; i < kMetrics.size(); ++i) {
        auto *plot = new QCustomPlot(parent);
        plot->setObjectName(QStringLiteral("comparePlot%1").arg(i));
        plot->setMinimumSize(320, 220);
        charts::setUpSingleRectPlot(
                plot, QCoreApplication::translate("ComparePlots", kMetrics[i].title), 2);
        plot->yAxis->setLabel(QString::fromLatin1(kMetrics[i].unit));
        made.plots[i] = plot;
    }
    return made;
}

void ComparePlots::clear() const
{
    for (QCustomPlot *plot : plots) {
        plot->clearGraphs();
        plot->legend->setVisible(false);
        plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

void ComparePlots::fill(const std::vector<RunOutputPtr> &outputs, const QStringList &labels,
                        const charts::Theme &theme) const
{
    for (std::size_t m = 0; m < kMetrics.size(); ++m) {
        QCustomPlot *plot = plots[m];
        plot->clearGraphs();
        charts::applyTheme(plot, theme);
        std::vector<double> allX, allY;
        for (std::size_t s = 0; s < outputs.size(); ++s) {
            QVector<double> x, y;
            for (const metrics::SweepPoint &point : outputs[s]->curve) {
                const double value = kMetrics[m].value(point.results);
                if (std::isfinite(value)) {
                    x << point.parameterValue;
                    y << value;
                    allX.push_back(point.parameterValue);
                    allY.push_back(value);
                }
            }
            QCPGraph *graph = plot->addGraph();
            const QColor colour = theme.series(static_cast<int>(s));
            graph->setPen(QPen(colour, 2.0));
            graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, colour, colour, 5));
            graph->setName(labels.value(static_cast<int>(s)));
            graph->setData(x, y, true);
            charts::setHoverUnit(graph, QString::fromLatin1(kMetrics[m].unit));
        }
        plot->xAxis->setLabel(outputs.empty() ? QString() : outputs.front()->sweepLabel);
        charts::setAutoScaleType(plot->xAxis, allX, 1.0);
        charts::fitRange(plot->xAxis, allX, false);
        charts::setAutoScaleType(plot->yAxis, allY, 2.0);
        charts::fitRange(plot->yAxis, allY, true);
        plot->legend->setVisible(!outputs.empty());
        plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

} // namespace tw::ui::compare
