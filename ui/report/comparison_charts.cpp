#include "ui/report/comparison_charts.h"

#include "ui/charts/chart_items.h"
#include "ui/charts/chart_style.h"
#include "ui/charts/curve_charts.h"
#include "ui/charts/tornado_chart.h"
#include "ui/report/report_format.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace tw::ui::report {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::unique_ptr<QCustomPlot> newPlot(const QString &title, int legendColumns)
{
    auto plot = std::make_unique<QCustomPlot>();
    plot->setAntialiasedElements(QCP::aeAll);
    plot->setLocale(QLocale(QLocale::English, QLocale::UnitedStates));
    charts::setUpSingleRectPlot(plot.get(), title, legendColumns);
    return plot;
}

} // namespace

std::unique_ptr<QCustomPlot> tornadoChart(const sweep::SensitivityResult &result)
{
    auto plot = std::make_unique<QCustomPlot>();
    plot->setAntialiasedElements(QCP::aeAll);
    plot->setLocale(QLocale(QLocale::English, QLocale::UnitedStates));
    charts::setUpTornado(plot.get());
    const charts::Theme &theme = charts::theme(false);
    charts::applyTheme(plot.get(), theme);
    charts::fillTornado(plot.get(), result, charts::TornadoFigure::CostPerMillion, theme);
    return plot;
}

std::unique_ptr<QCustomPlot> costComparisonChart(const std::vector<ReportScenario> &scenarios)
{
    const charts::Theme &theme = charts::theme(false);
    auto plot = newPlot(QStringLiteral("Cost per month by component"), 3);
    QCustomPlot *p = plot.get();
    p->xAxis->setLabel(QStringLiteral("Cost ($ per month, 730 h)"));
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (std::size_t i = 0; i < scenarios.size(); ++i)
        ticker->addTick(static_cast<double>(i), scenarios[i].label);
    p->yAxis->setTicker(ticker);
    p->yAxis->setRangeReversed(true);
    p->yAxis->grid()->setVisible(false);
    const double barSlots = std::max<double>(3.0, static_cast<double>(scenarios.size()));
    const double spare = (barSlots - static_cast<double>(scenarios.size())) / 2.0;
    p->yAxis->setRange(-0.6 - spare, static_cast<double>(scenarios.size()) - 0.4 + spare);

    using Cost = metrics::CostResults;
    struct Component
    {
        const char *name;
        double Cost::*field;
        int colour;          ///< the series colour the window's cost chart gives it
        bool darker = false; ///< that colour darkened (the palette has seven)
    };
    static const Component kComponents[] = {
            {"GPU busy", &Cost::gpuBusyUsd, 0},
            {"GPU idle", &Cost::gpuIdleUsd, 4},
            {"Electricity", &Cost::energyUsd, 1},
            {"Operations", &Cost::operationsUsd, 5},
            {"Staff", &Cost::staffUsd, 2},
            {"Colocation & network", &Cost::facilityUsd, 5, true},
            {"API tokens", &Cost::apiUsd, 3},
            {"Response cache", &Cost::cacheUsd, 6},
    };
    std::vector<double> totals(scenarios.size(), 0.0);
    QCPBars *below = nullptr;
    for (const Component &component : kComponents) {
        QVector<double> keys, values;
        bool any = false;
        for (std::size_t i = 0; i < scenarios.size(); ++i) {
            const metrics::Results &r = scenarios[i].output->current;
            // Components are totals over the horizon; scale them as perMonthUsd is scaled.
            const double scale = r.cost.totalUsd > 0.0 ? r.cost.perMonthUsd / r.cost.totalUsd : 0.0;
            const double value = r.cost.*component.field * scale;
            keys << static_cast<double>(i);
            values << value;
            totals[i] += value;
            any = any || value > 0.0;
        }
        const QColor fill = component.darker ? theme.series(component.colour).darker(150)
                                             : theme.series(component.colour);
        if (!any)
            continue;
        auto *bars = new QCPBars(p->yAxis, p->xAxis);
        bars->setName(QString::fromLatin1(component.name));
        bars->setWidth(0.55);
        bars->setPen(QPen(theme.background, 1));
        bars->setBrush(fill);
        bars->setStackingGap(0);
        bars->setData(keys, values, true);
        if (below != nullptr)
            bars->moveAbove(below);
        below = bars;
    }
    const double largest = totals.empty() ? 0.0 : *std::max_element(totals.begin(), totals.end());
    p->xAxis->setRange(0.0, largest > 0.0 ? largest * 1.3 : 1.0);
    for (std::size_t i = 0; i < totals.size(); ++i) {
        auto *text = new QCPItemText(p);
        text->setClipAxisRect(p->axisRect());
        text->position->setType(QCPItemPosition::ptPlotCoords);
        text->position->setCoords(totals[i], static_cast<double>(i));
        text->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        text->setPadding(QMargins(5, 0, 0, 0));
        text->setText(money(totals[i]));
        text->setColor(theme.foreground);
    }
    charts::applyTheme(p, theme);
    return plot;
}

std::unique_ptr<QCustomPlot> curveOverlayChart(const std::vector<ReportScenario> &scenarios,
                                               CurveMetric metric)
{
    if (scenarios.empty())
        return nullptr;
    const QString lever = scenarios.front().output->sweepParameter;
    bool anyCurve = false;
    for (const ReportScenario &s : scenarios) {
        if (s.output->sweepParameter != lever)
            return nullptr;
        anyCurve = anyCurve || !s.output->curve.empty();
    }
    if (!anyCurve)
        return nullptr;
    const charts::Theme &theme = charts::theme(false);
    const bool cost = metric == CurveMetric::CostPerMillionTokens;
    auto plot
            = newPlot(cost ? QStringLiteral("Cost per 1M output tokens across %1")
                                      .arg(charts::nameOfLabel(scenarios.front().output->sweepLabel)
                                                   .toLower())
                           : QStringLiteral("p95 time to first token across %1")
                                      .arg(charts::nameOfLabel(scenarios.front().output->sweepLabel)
                                                   .toLower()),
                      2);
    QCustomPlot *p = plot.get();
    p->xAxis->setLabel(scenarios.front().output->sweepLabel);
    p->yAxis->setLabel(cost ? QStringLiteral("Cost ($ per 1M output tokens)")
                            : QStringLiteral("p95 TTFT (s)"));
    const auto figure = [cost](const metrics::Results &r) {
        if (r.status != metrics::RunStatus::Completed)
            return kNaN;
        if (cost)
            // Delivered tokens, not generated ones: an API generates none on our GPUs.
            return r.completedOutputTokens > 0 ? r.cost.perMillionOutputTokensUsd : kNaN;

        return r.measuredRequests > 0 ? r.ttftSeconds.p95 : kNaN;
    };
    std::vector<double> xs, ys;
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
        const RunOutput &output = *scenarios[i].output;
        std::vector<double> x, y;
        for (const metrics::SweepPoint &point : output.curve) {
            x.push_back(point.parameterValue);
            y.push_back(charts::isOverloaded(point.results) ? kNaN : figure(point.results));
        }
        const QColor colour = theme.series(static_cast<int>(i));
        charts::addLineGraph(p->xAxis, p->yAxis, scenarios[i].label, colour, x, y, QString());
        const double here = figure(output.current);
        QCPGraph *dot = charts::addLineGraph(p->xAxis, p->yAxis, QString(), colour,
                                             {output.currentValue}, {here}, QString());
        dot->setLineStyle(QCPGraph::lsNone);
        dot->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, colour, colour, 9));
        dot->removeFromLegend();
        xs.insert(xs.end(), x.begin(), x.end());
        xs.push_back(output.currentValue);
        for (double v : y)
            ys.push_back(v);
        ys.push_back(here);
    }
    charts::setAutoScaleType(p->xAxis, xs, 1.0);
    charts::fitRange(p->xAxis, xs, false);
    charts::setAutoScaleType(p->yAxis, ys, 1.5);
    charts::fitRange(p->yAxis, ys, true);
    charts::applyTheme(p, theme);
    return plot;
}

} // namespace tw::ui::report
