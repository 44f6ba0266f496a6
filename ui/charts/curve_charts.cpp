#include "ui/charts/curve_charts.h"

#include "core/metrics/error_bands.h"
#include "core/sweep/breakeven.h"

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
constexpr double kMinSloAttainment = 0.9;
const QString kOverloadedName = QStringLiteral("Overloaded (SLO met < 90 % or backlog grows)");

/// The curve's figures, one entry per point; NaN where a point has no such figure.
struct CurveData
{
    std::vector<double> x, cost, ttft, tpot, kwh, grams;
    /// Each point's error band as a fraction of its figure (metrics::errorBandsOf).
    std::vector<double> costBand, tpotBand, kwhBand, gramsBand;
    std::vector<bool> valid, overloaded;
};

CurveData extract(const std::vector<metrics::SweepPoint> &curve)
{
    CurveData d;
    for (const metrics::SweepPoint &point : curve) {
        const metrics::Results &r = point.results;
        const bool ran = r.status == metrics::RunStatus::Completed;
        const bool tokens = ran && r.generatedTokens > 0;
        const bool measured = ran && r.measuredRequests > 0;
        d.x.push_back(point.parameterValue);
        d.cost.push_back(tokens ? r.cost.perMillionOutputTokensUsd : kNaN);
        d.ttft.push_back(measured ? r.ttftSeconds.p95 : kNaN);
        d.tpot.push_back(measured ? r.tpotSeconds.p95 : kNaN);
        // J per token x 1e6 tokens / 3.6e6 J per kWh.
        d.kwh.push_back(tokens ? r.energy.joulesPerOutputToken / 3.6 : kNaN);
        d.grams.push_back(tokens ? r.carbon.gramsPerMillionOutputTokens : kNaN);
        const metrics::ErrorBands bands = metrics::errorBandsOf(r);
        d.costBand.push_back(bands.costFraction);
        d.tpotBand.push_back(bands.tpotFraction);
        d.kwhBand.push_back(bands.energyFraction);
        d.gramsBand.push_back(bands.carbonFraction);
        d.overloaded.push_back(ran && isOverloaded(r));
        d.valid.push_back(ran && !d.overloaded.back());
    }
    return d;
}

/// Fraction of @p axis's visible range at @p value (0 = lower end), in the axis's own scale.
double axisFraction(const QCPAxis *axis, double value)
{
    const QCPRange range = axis->range();
    if (axis->scaleType() == QCPAxis::stLogarithmic && value > 0.0 && range.lower > 0.0)
        return std::log(value / range.lower) / std::log(range.upper / range.lower);
    return range.size() > 0.0 ? (value - range.lower) / range.size() : 0.5;
}

/// Solid line with filled markers through the valid points; dashed line with hollow markers
/// through the overloaded ones and the segments leading to them.
int addCurve(QCustomPlot *plot, const QString &name, const QColor &colour, const CurveData &d,
             const std::vector<double> &values, const QString &unit, const Theme &theme)
{
    const std::size_t n = values.size();
    std::vector<double> normal(n, kNaN), overloaded(n, kNaN);
    int overloadedCount = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const bool here = d.overloaded[i];
        const bool nextTo = (i > 0 && d.overloaded[i - 1]) || (i + 1 < n && d.overloaded[i + 1]);
        if (!here)
            normal[i] = values[i];
        if (here || nextTo)
            overloaded[i] = values[i];
        if (here && std::isfinite(values[i]))
            ++overloadedCount;
    }
    QCPGraph *graph = addLineGraph(plot->xAxis, plot->yAxis, name, colour, d.x, normal, unit);
    graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, colour, colour, 6));
    if (overloadedCount == 0)
        return 0;
    QCPGraph *dashed = addLineGraph(plot->xAxis, plot->yAxis, name, colour, d.x, overloaded, unit);
    dashed->setPen(QPen(colour, 1.5, Qt::DashLine));
    dashed->setScatterStyle(
            QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(colour, 1.5), theme.background, 7));
    dashed->setProperty("twOverloaded", true);
    dashed->removeFromLegend();
    return overloadedCount;
}

/// @p values × (1 ± @p fractions) as a shaded band behind the curve, with one legend entry
/// naming the widest band; nothing when every fraction is 0. Returns the band's upper edge,
/// for the axis range.
std::vector<double> addErrorBand(QCustomPlot *plot, const QColor &colour, const CurveData &d,
                                 const std::vector<double> &values,
                                 const std::vector<double> &fractions)
{
    const std::size_t n = values.size();
    std::vector<double> lower(n, kNaN), upper(n, kNaN);
    double widest = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        if (!std::isfinite(values[i]) || !(fractions[i] > 0.0))
            continue;
        // An error of 100 % or more (borrowed software) would reach zero, which a log axis
        // cannot draw: then the lower edge is the value divided by (1 + error).
        lower[i] = values[i]
                   * (fractions[i] < 1.0 ? 1.0 - fractions[i] : 1.0 / (1.0 + fractions[i]));
        upper[i] = values[i] * (1.0 + fractions[i]);
        widest = std::max(widest, fractions[i]);
    }
    if (widest <= 0.0)
        return {};
    QColor fill = colour;
    fill.setAlpha(45);
    QCPGraph *low = addLineGraph(plot->xAxis, plot->yAxis, QString(), colour, d.x, lower, {});
    low->setPen(Qt::NoPen);
    low->setProperty("twHover", false);
    low->removeFromLegend();
    QCPGraph *high = addLineGraph(
            plot->xAxis, plot->yAxis,
            QStringLiteral("±%1 % model error").arg(std::max(1L, std::lround(widest * 100.0))),
            fill, d.x, upper, {});
    high->setPen(Qt::NoPen);
    high->setBrush(QBrush(fill));
    high->setChannelFillGraph(low);
    high->setProperty("twHover", false);
    high->setProperty("twErrorBand", widest);
    // Behind the curves and markers.
    low->setLayer(QStringLiteral("background"));
    high->setLayer(QStringLiteral("background"));
    return upper;
}

std::vector<double> joined(std::vector<double> a, const std::vector<double> &b)
{
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

void addOverloadedLegendEntry(QCustomPlot *plot, const Theme &theme)
{
    QCPGraph *entry = plot->addGraph();
    entry->setName(kOverloadedName);
    entry->setPen(QPen(theme.mutedForeground, 1.5, Qt::DashLine));
    entry->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle,
                                           QPen(theme.mutedForeground, 1.5), theme.background, 7));
    entry->setProperty("twHover", false);
}

void setUpAxes(QCustomPlot *plot, const CurveData &d, double currentValue,
               const std::vector<double> &values, double yDecades)
{
    std::vector<double> xs = d.x;
    if (std::isfinite(currentValue))
        xs.push_back(currentValue);
    setAutoScaleType(plot->xAxis, xs, 1.0);
    fitRange(plot->xAxis, xs, false);
    setAutoScaleType(plot->yAxis, values, yDecades);
    fitRange(plot->yAxis, values, true);
}

void addCurrentMarker(QCustomPlot *plot, double currentValue, const Theme &theme)
{
    const bool log = plot->xAxis->scaleType() == QCPAxis::stLogarithmic;
    if (!std::isfinite(currentValue) || (log && currentValue <= 0.0))
        return;
    QCPItemText *label = addVerticalMarker(plot->xAxis, plot->yAxis, currentValue,
                                           QStringLiteral("current"), theme.neutral);
    // Drawn after the series and the API line: a backing keeps those from striking it through.
    QColor backing = theme.background;
    backing.setAlpha(220);
    label->setBrush(backing);
    if (axisFraction(plot->xAxis, currentValue) > 0.8) {
        label->setPositionAlignment(Qt::AlignRight | Qt::AlignTop);
        label->setPadding(QMargins(2, 2, 4, 2));
    }
}

const QString kSubtitleName = QStringLiteral("twSubtitle");

/// A line under the title, for statements about the whole chart: in the layout, it can never
/// cover data or the labels drawn in the axis rect. Created once, in the layout only while it
/// has text (an empty text element would still take a line).
void addSubtitle(QCustomPlot *plot)
{
    auto *subtitle = new QCPTextElement(plot, QString(), plot->font());
    subtitle->setObjectName(kSubtitleName);
    subtitle->setMargins(QMargins(4, 0, 4, 2));
}

void setSubtitle(QCustomPlot *plot, const QString &text, const Theme &theme)
{
    auto *subtitle = plot->findChild<QCPTextElement *>(kSubtitleName);
    if (subtitle == nullptr)
        return;
    subtitle->setText(text);
    subtitle->setTextColor(theme.mutedForeground);
    QCPLayoutGrid *layout = plot->plotLayout();
    if (text.isEmpty() && subtitle->layout() != nullptr) {
        layout->take(subtitle);
        layout->simplify();
    } else if (!text.isEmpty() && subtitle->layout() == nullptr) {
        layout->insertRow(1);
        layout->addElement(1, 0, subtitle);
        layout->setRowStretchFactor(1, 0.001);
    }
}

void annotateBreakEven(QCustomPlot *plot, const RunOutput &output, const CurveData &d,
                       const Theme &theme, CurveAnnotations &annotations)
{
    const double api = output.apiUsdPerMillionOutputTokens;
    const QString apiName = output.apiLabel.isEmpty()
                                    ? QStringLiteral("API price")
                                    : QStringLiteral("API price (%1)").arg(output.apiLabel);
    const QCPRange xRange = plot->xAxis->range();
    QCPGraph *line = addLineGraph(plot->xAxis, plot->yAxis, apiName, theme.series(3),
                                  {xRange.lower, xRange.upper}, {api, api},
                                  QStringLiteral("$%1 per 1M output tokens"));
    line->setPen(QPen(theme.series(3), 2, Qt::DashDotLine));
    line->setProperty("twHover", false);

    annotations.breakEven = findBreakEven(d.x, d.cost, d.valid, api);
    if (!annotations.breakEven) {
        bool below = false, above = false;
        for (std::size_t i = 0; i < d.cost.size(); ++i)
            if (d.valid[i] && std::isfinite(d.cost[i]))
                (d.cost[i] <= api ? below : above) = true;
        QString note;
        if (below != above)
            note = below ? QStringLiteral("Cheaper than the API wherever not overloaded")
                         : QStringLiteral("Dearer than the API wherever not overloaded");
        else if (!below)
            note = QStringLiteral("No point of the curve is a valid operating point");
        setSubtitle(plot, note, theme);
        return;
    }
    const double x = *annotations.breakEven;
    QCPGraph *marker
            = addLineGraph(plot->xAxis, plot->yAxis, QStringLiteral("Break-even"), theme.foreground,
                           {x}, {api}, QStringLiteral("$%1 per 1M output tokens"));
    marker->setLineStyle(QCPGraph::lsNone);
    marker->setScatterStyle(
            QCPScatterStyle(QCPScatterStyle::ssDiamond, theme.foreground, theme.series(3), 11));
    marker->removeFromLegend();

    auto *label = new QCPItemText(plot);
    label->setClipAxisRect(plot->axisRect());
    label->position->setType(QCPItemPosition::ptPlotCoords);
    label->position->setCoords(x, api);
    const QString unit = unitOfLabel(output.sweepLabel);
    label->setText(QStringLiteral("Break-even ≈ %1%2")
                           .arg(formatNumber(x), unit.isEmpty() ? QString() : " " + unit));
    // Put the text where the cost curve is not: a falling curve leaves the upper right and the
    // lower left of the crossing free, a rising one the upper left and the lower right.
    const bool falling = [&] {
        for (std::size_t i = 0; i + 1 < d.x.size(); ++i)
            if (d.x[i] <= x && x <= d.x[i + 1])
                return d.cost[i + 1] < d.cost[i];
        return true;
    }();
    // Left of the point near the right edge, or when the current-scenario marker (with its own
    // label) stands just to the right; right of it otherwise.
    const double here = axisFraction(plot->xAxis, x);
    const double toCurrent = axisFraction(plot->xAxis, output.currentValue) - here;
    bool left = here > 0.55;
    if (toCurrent > 0.0 && toCurrent < 0.3 && here > 0.3)
        left = true;
    else if (toCurrent < 0.0 && toCurrent > -0.3 && here < 0.7)
        left = false;
    const bool above = left != falling;
    label->setPositionAlignment((left ? Qt::AlignRight : Qt::AlignLeft)
                                | (above ? Qt::AlignBottom : Qt::AlignTop));
    label->setPadding(QMargins(left ? 0 : 9, above ? 0 : 7, left ? 9 : 0, above ? 7 : 0));
    label->setColor(theme.foreground);
    QFont font = plot->font();
    font.setBold(true);
    label->setFont(font);
    annotations.breakEvenLabel = label;
}

} // namespace

bool isOverloaded(const metrics::Results &r)
{
    return sweep::isOverloaded(r, kMinSloAttainment); // the same verdict as tokenwatt-cli breakeven
}

std::optional<double> findBreakEven(const std::vector<double> &x, const std::vector<double> &cost,
                                    const std::vector<bool> &valid, double api)
{
    if (!(api > 0.0))
        return std::nullopt;
    const std::size_t n = std::min({x.size(), cost.size(), valid.size()});
    for (std::size_t i = 0; i + 1 < n; ++i) {
        const double c0 = cost[i], c1 = cost[i + 1];
        if (!valid[i] || !valid[i + 1] || !std::isfinite(c0) || !std::isfinite(c1))
            continue;
        if (c0 == api)
            return x[i];
        if ((c0 - api) * (c1 - api) > 0.0 || c0 == c1)
            continue;
        const double t = (api - c0) / (c1 - c0);
        if (x[i] > 0.0 && x[i + 1] > 0.0)
            return std::exp(std::log(x[i]) + t * (std::log(x[i + 1]) - std::log(x[i])));
        return x[i] + t * (x[i + 1] - x[i]);
    }
    return std::nullopt;
}

void setUpCurvePlots(const CurvePlots &plots)
{
    setUpSingleRectPlot(plots.cost, QStringLiteral("Cost per 1M output tokens"), 2);
    addSubtitle(plots.cost);
    plots.cost->yAxis->setLabel(QStringLiteral("Cost ($ per 1M output tokens)"));
    setUpSingleRectPlot(plots.latency, QStringLiteral("Latency at the 95th percentile"), 3);
    plots.latency->yAxis->setLabel(QStringLiteral("p95 latency (s)"));
    setUpSingleRectPlot(plots.energy, QStringLiteral("Facility energy per 1M output tokens"), 2);
    plots.energy->yAxis->setLabel(QStringLiteral("Energy (kWh per 1M output tokens)"));
    setUpSingleRectPlot(plots.carbon, QStringLiteral("Emissions per 1M output tokens"), 2);
    plots.carbon->yAxis->setLabel(QStringLiteral("CO₂e (g per 1M output tokens)"));
    for (QCustomPlot *plot : {plots.cost, plots.latency, plots.energy, plots.carbon})
        installHoverTooltips(plot);
}

CurveAnnotations fillCurvePlots(const CurvePlots &plots, const RunOutput &output,
                                const Theme &theme)
{
    CurveAnnotations annotations;
    const CurveData d = extract(output.curve);
    QString xLabel = output.sweepLabel;
    if (xLabel.isEmpty())
        xLabel = output.sweepParameter.section(QLatin1Char('.'), -1);
    const QString xUnit = unitOfLabel(xLabel);
    for (QCustomPlot *plot : {plots.cost, plots.latency, plots.energy, plots.carbon}) {
        clearContent(plot);
        setSubtitle(plot, QString(), theme);
        plot->xAxis->setLabel(xLabel);
        setHoverXUnit(plot, xUnit);
    }
    if (d.x.empty()) {
        for (QCustomPlot *plot : {plots.cost, plots.latency, plots.energy, plots.carbon})
            addNote(plot->xAxis, plot->yAxis, QStringLiteral("No sweep in this run"), theme);
        return annotations;
    }

    // Bands first, so that the axes cover their upper edges and the curves draw over them.
    const double api = output.apiUsdPerMillionOutputTokens;
    std::vector<double> costRange
            = joined(d.cost, addErrorBand(plots.cost, theme.series(0), d, d.cost, d.costBand));
    if (api > 0.0)
        costRange.push_back(api);
    setUpAxes(plots.cost, d, output.currentValue, costRange, 1.3);
    annotations.overloadedPoints
            = addCurve(plots.cost, QStringLiteral("Self-hosted"), theme.series(0), d, d.cost,
                       QStringLiteral("$%1 per 1M output tokens"), theme);
    if (api > 0.0)
        annotateBreakEven(plots.cost, output, d, theme, annotations);

    std::vector<double> latencies
            = joined(joined(d.ttft, d.tpot),
                     addErrorBand(plots.latency, theme.series(4), d, d.tpot, d.tpotBand));
    setUpAxes(plots.latency, d, output.currentValue, latencies, 1.0);
    const int latencyOverloaded
            = addCurve(plots.latency, QStringLiteral("TTFT p95"), theme.series(3), d, d.ttft,
                       QStringLiteral("s"), theme)
              + addCurve(plots.latency, QStringLiteral("TPOT p95"), theme.series(4), d, d.tpot,
                         QStringLiteral("s"), theme);

    setUpAxes(plots.energy, d, output.currentValue,
              joined(d.kwh, addErrorBand(plots.energy, theme.series(1), d, d.kwh, d.kwhBand)), 1.3);
    addCurve(plots.energy, QStringLiteral("Facility energy"), theme.series(1), d, d.kwh,
             QStringLiteral("kWh per 1M output tokens"), theme);
    setUpAxes(plots.carbon, d, output.currentValue,
              joined(d.grams, addErrorBand(plots.carbon, theme.series(2), d, d.grams, d.gramsBand)),
              1.3);
    addCurve(plots.carbon, QStringLiteral("CO₂e"), theme.series(2), d, d.grams,
             QStringLiteral("g per 1M output tokens"), theme);

    for (QCustomPlot *plot : {plots.cost, plots.latency, plots.energy, plots.carbon}) {
        // The band's legend entry after the curves' entries.
        for (int i = 0; i < plot->graphCount(); ++i) {
            QCPGraph *graph = plot->graph(i);
            if (graph->property("twErrorBand").isValid() && graph->removeFromLegend())
                graph->addToLegend();
        }
        if (annotations.overloadedPoints > 0 || latencyOverloaded > 0)
            addOverloadedLegendEntry(plot, theme);
        addCurrentMarker(plot, output.currentValue, theme);
    }
    return annotations;
}

} // namespace tw::ui::charts
