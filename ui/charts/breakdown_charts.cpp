#include "ui/charts/breakdown_charts.h"

#include "ui/charts/chart_hover.h"
#include "ui/charts/chart_items.h"
#include "ui/charts/chart_style.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace tw::ui::charts {

namespace {

struct Component
{
    QString name;
    QColor colour;
    std::vector<double> values; ///< one per category
};

/// Horizontal stacked bars, one per category (first at the top), with each bar's total written
/// at its end. Components that are zero everywhere are left out of the bars and the legend.
void stackedBars(QCustomPlot *plot, const QStringList &categories,
                 const std::vector<Component> &components, const QString &unit,
                 const QString &totalFormat, const Theme &theme)
{
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (int i = 0; i < categories.size(); ++i)
        ticker->addTick(i, categories[i]);
    plot->yAxis->setTicker(ticker);
    // At least three bar slots of height, so a lone bar does not fill the plot.
    const double barSlots = std::max<double>(3.0, static_cast<double>(categories.size()));
    const double spare = (barSlots - static_cast<double>(categories.size())) / 2.0;
    plot->yAxis->setRange(-0.6 - spare, static_cast<double>(categories.size()) - 0.4 + spare);
    plot->yAxis->setRangeReversed(true);
    plot->yAxis->grid()->setVisible(false);

    std::vector<double> totals(static_cast<std::size_t>(categories.size()), 0.0);
    QCPBars *below = nullptr;
    for (const Component &component : components) {
        if (std::none_of(component.values.begin(), component.values.end(),
                         [](double v) { return v > 0.0; }))
            continue;
        auto *bars = new QCPBars(plot->yAxis, plot->xAxis);
        bars->setName(component.name);
        bars->setWidth(0.55);
        bars->setPen(QPen(theme.background, 1));
        bars->setBrush(component.colour);
        bars->setStackingGap(0);
        setHoverUnit(bars, unit);
        QVector<double> keys, values;
        for (std::size_t i = 0; i < component.values.size() && i < totals.size(); ++i) {
            keys << static_cast<double>(i);
            values << component.values[i];
            totals[i] += component.values[i];
        }
        bars->setData(keys, values, true);
        if (below != nullptr)
            bars->moveAbove(below);
        below = bars;
    }
    const double largest = *std::max_element(totals.begin(), totals.end());
    plot->xAxis->setRange(0.0, largest > 0.0 ? largest * 1.3 : 1.0);
    for (std::size_t i = 0; i < totals.size(); ++i) {
        auto *text = new QCPItemText(plot);
        text->setClipAxisRect(plot->axisRect());
        text->position->setType(QCPItemPosition::ptPlotCoords);
        text->position->setCoords(totals[i], static_cast<double>(i));
        text->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        text->setPadding(QMargins(5, 0, 0, 0));
        text->setText(totalFormat.arg(formatNumber(totals[i])));
        text->setColor(theme.foreground);
    }
    if (largest <= 0.0)
        addNote(plot->xAxis, plot->yAxis, QStringLiteral("Nothing to show in this run"), theme);
}

QString categoryName(const metrics::DeploymentResults &d)
{
    QString name = QString::fromStdString(d.name.empty() ? d.modelId : d.name);
    if (d.api)
        name += QStringLiteral(" (API)");
    return name;
}

/// Deployments, plus "All" when there are several or some cost is not any deployment's.
bool needsTotalRow(const metrics::Results &r)
{
    double sum = 0.0;
    for (const metrics::DeploymentResults &d : r.deployments)
        sum += d.cost.totalUsd;
    return r.deployments.size() != 1 || std::abs(sum - r.cost.totalUsd) > 1e-9 * r.cost.totalUsd
           || r.cost.cacheUsd > 0.0;
}

void fillCost(QCustomPlot *plot, const metrics::Results &r, const Theme &theme)
{
    const double perMonth = r.cost.totalUsd > 0.0 ? r.cost.perMonthUsd / r.cost.totalUsd : 0.0;
    QStringList categories;
    std::vector<const metrics::CostResults *> costs;
    for (const metrics::DeploymentResults &d : r.deployments) {
        categories << categoryName(d);
        costs.push_back(&d.cost);
    }
    if (needsTotalRow(r)) {
        categories << QStringLiteral("All");
        costs.push_back(&r.cost);
    }
    const auto column = [&](double metrics::CostResults::*member) {
        std::vector<double> values;
        for (const metrics::CostResults *c : costs)
            values.push_back(c->*member * perMonth);
        return values;
    };
    const std::vector<Component> components = {
            {QStringLiteral("GPU busy"), theme.series(0),
             column(&metrics::CostResults::gpuBusyUsd)},
            {QStringLiteral("GPU idle"), theme.series(4),
             column(&metrics::CostResults::gpuIdleUsd)},
            {QStringLiteral("Electricity"), theme.series(1),
             column(&metrics::CostResults::energyUsd)},
            {QStringLiteral("Operations"), theme.series(5),
             column(&metrics::CostResults::operationsUsd)},
            {QStringLiteral("Staff"), theme.series(2), column(&metrics::CostResults::staffUsd)},
            // The palette's seven colours are taken: a darker operations purple, its neighbour.
            {QStringLiteral("Colocation & network"), theme.series(5).darker(150),
             column(&metrics::CostResults::facilityUsd)},
            {QStringLiteral("API tokens"), theme.series(3), column(&metrics::CostResults::apiUsd)},
            {QStringLiteral("Response cache"), theme.series(6),
             column(&metrics::CostResults::cacheUsd)},
    };
    stackedBars(plot, categories, components, QStringLiteral("$%1 per month"),
                QStringLiteral("$%1"), theme);
}

void fillCarbon(QCustomPlot *plot, const metrics::Results &r, const Theme &theme)
{
    const double perYear = r.carbon.totalKg > 0.0 ? r.carbon.tonnesPerYear / r.carbon.totalKg : 0.0;
    QStringList categories;
    std::vector<double> operational, embodied;
    for (const metrics::DeploymentResults &d : r.deployments) {
        if (d.api)
            continue; // API emissions are not modelled: no bar rather than a misleading zero
        categories << categoryName(d);
        operational.push_back(d.carbon.operationalKg * perYear);
        embodied.push_back(d.carbon.embodiedKg * perYear);
    }
    if (categories.size() != 1) {
        categories << QStringLiteral("All");
        operational.push_back(r.carbon.operationalKg * perYear);
        embodied.push_back(r.carbon.embodiedKg * perYear);
    }
    const std::vector<Component> components = {
            {QStringLiteral("Operational (electricity)"), theme.series(2), operational},
            {QStringLiteral("Embodied (hardware)"), theme.series(5), embodied},
    };
    stackedBars(plot, categories, components, QStringLiteral("t CO₂e per year"),
                QStringLiteral("%1 t"), theme);
}

void setUpLatency(QCustomPlot *plot)
{
    addTitle(plot, QStringLiteral("Latency distribution of measured requests"));
    plot->legend->setVisible(false);
    QCPAxisRect *first = plot->axisRect();
    plot->plotLayout()->take(first);
    auto *row = new QCPLayoutGrid;
    plot->plotLayout()->addElement(1, 0, row);
    row->setColumnSpacing(12);
    for (int i = 0; i < 3; ++i) {
        QCPAxisRect *rect = i == 0 ? first : new QCPAxisRect(plot);
        row->addElement(0, i, rect);
        rect->axis(QCPAxis::atTop)->setVisible(false);
        rect->axis(QCPAxis::atRight)->setVisible(false);
        auto ticker = QSharedPointer<QCPAxisTickerText>::create();
        ticker->setTicks(QVector<double>{1, 2, 3, 4}, QVector<QString>{"p50", "p90", "p95", "p99"});
        QCPAxis *x = rect->axis(QCPAxis::atBottom);
        x->setTicker(ticker);
        x->setRange(0.4, 4.6);
        x->grid()->setVisible(false);
    }
}

void fillLatency(QCustomPlot *plot, const metrics::Results &r, const Theme &theme)
{
    struct Metric
    {
        QString name;
        const metrics::Summary *summary;
        QColor colour;
    };
    const Metric metricsShown[] = {
            {QStringLiteral("TTFT"), &r.ttftSeconds, theme.series(3)},
            {QStringLiteral("TPOT"), &r.tpotSeconds, theme.series(4)},
            {QStringLiteral("End-to-end"), &r.e2eSeconds, theme.series(0)},
    };
    const QList<QCPAxisRect *> rects = plot->axisRects();
    for (int i = 0; i < 3 && i < rects.size(); ++i) {
        const Metric &m = metricsShown[i];
        QCPAxis *x = rects[i]->axis(QCPAxis::atBottom);
        QCPAxis *y = rects[i]->axis(QCPAxis::atLeft);
        x->setLabel(m.name);
        if (r.measuredRequests == 0) {
            y->setLabel(QString());
            y->setRange(0.0, 1.0);
            addNote(x, y, QStringLiteral("No measured requests"), theme);
            continue;
        }
        const std::vector<double> seconds
                = {m.summary->p50, m.summary->p90, m.summary->p95, m.summary->p99};
        const bool ms = m.summary->p99 < 1.0;
        const double scale = ms ? 1000.0 : 1.0;
        const QString unit = ms ? QStringLiteral("ms") : QStringLiteral("s");
        y->setLabel(QStringLiteral("%1 (%2)").arg(m.name, unit));
        auto *bars = new QCPBars(x, y);
        bars->setName(m.name);
        bars->setWidth(0.65);
        bars->setPen(Qt::NoPen);
        bars->setBrush(m.colour);
        setHoverUnit(bars, unit);
        QVector<double> keys, values;
        for (std::size_t k = 0; k < seconds.size(); ++k) {
            keys << static_cast<double>(k + 1);
            values << seconds[k] * scale;
            auto *text = new QCPItemText(plot);
            text->setClipAxisRect(rects[i]);
            text->position->setAxes(x, y);
            text->position->setType(QCPItemPosition::ptPlotCoords);
            text->position->setCoords(keys.back(), values.back());
            text->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
            text->setPadding(QMargins(0, 0, 0, 2));
            text->setText(formatNumber(values.back()));
            text->setColor(theme.foreground);
        }
        bars->setData(keys, values, true);
        y->setRange(0.0, std::max(values.back(), 1e-9) * 1.18);
    }
}

} // namespace

void setUpBreakdownPlots(const BreakdownPlots &plots)
{
    setUpSingleRectPlot(plots.cost, QStringLiteral("Cost by component"), 3);
    plots.cost->xAxis->setLabel(QStringLiteral("Cost ($ per month)"));
    setUpSingleRectPlot(plots.carbon, QStringLiteral("Emissions: operational and embodied"), 2);
    plots.carbon->xAxis->setLabel(QStringLiteral("CO₂e (t per year)"));
    setUpLatency(plots.latency);
    for (QCustomPlot *plot : {plots.cost, plots.carbon, plots.latency})
        installHoverTooltips(plot);
}

void fillBreakdownPlots(const BreakdownPlots &plots, const metrics::Results &results,
                        const Theme &theme)
{
    for (QCustomPlot *plot : {plots.cost, plots.carbon, plots.latency})
        clearContent(plot);
    fillCost(plots.cost, results, theme);
    fillCarbon(plots.carbon, results, theme);
    fillLatency(plots.latency, results, theme);
}

} // namespace tw::ui::charts
