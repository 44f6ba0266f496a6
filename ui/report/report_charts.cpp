// The charts section of a report: key charts of one scenario, or overlays of several.

#include "ui/report/comparison_charts.h"
#include "ui/report/report_context.h"

#include "core/metrics/result_fields.h"
#include "core/metrics/text_format.h"
#include "ui/charts/chart_ids.h"
#include "ui/render/chart_copies.h"

#include <qcustomplot.h>

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace tw::ui::report {
namespace {

/// Width in pixels at which charts are laid out before being scaled to the page: close to
/// the window's chart size, so type keeps the proportions it has on screen.
constexpr double kChartLayoutWidth = 760.0;

struct KeyChart
{
    ChartId chart;
    double heightPt; ///< bar charts of one deployment need less height than curves
    const char *caption;
};

// The charts that answer an executive's questions, in the order they are asked: what does it
// cost and why, when does it beat the API, is it fast enough, what does it emit.
const KeyChart kKeyCharts[] = {
        {ChartId::CostBreakdown, 220,
         "What the money pays for. GPU time is paid for busy or idle; the idle part is spend that "
         "bought no tokens."},
        {ChartId::CostCurve, 290,
         "Cost per million output tokens as traffic varies around this scenario (dashed: "
         "overloaded)."},
        {ChartId::LatencyDistribution, 260,
         "How long users wait: percentiles of the time to the first token, per later token and "
         "for the whole answer."},
        {ChartId::LatencyCurve, 290,
         "The 95th-percentile latencies as traffic varies: the knee is where the service runs "
         "out of capacity. Shaded: the model's median TPOT error for these parameters."},
        {ChartId::CarbonBreakdown, 220,
         "Emissions per year: operational (grid electricity, with the facility's cooling) and "
         "embodied (manufacturing of the hardware, spread over its lifetime)."},
        {ChartId::Power, 260,
         "Power drawn by the facility over the simulated period (shaded: warm-up, left out of "
         "the statistics)."},
};

} // namespace

void addChart(PageLayout &layout, QCustomPlot *plot, double heightPt, const QString &caption)
{
    const QFont captionFont = layout.style().font(layout.style().smallPt + 0.5);
    const double captionHeight
            = layout.textHeight(caption, captionFont, layout.contentRect().width());
    const double height = layout.pt(heightPt);
    layout.ensureSpace(heightPt + captionHeight / layout.unitsPerPoint() + 14);
    layout.block(height, [plot](QPainter &painter, const QRectF &rect) {
        const double scale = rect.width() / kChartLayoutWidth;
        auto *qcp = static_cast<QCPPainter *>(&painter);
        painter.translate(rect.topLeft());
        painter.scale(scale, scale);
        qcp->setMode(QCPPainter::pmVectorized);
        qcp->setMode(QCPPainter::pmNoCaching);
        plot->toPainter(qcp, static_cast<int>(kChartLayoutWidth),
                        static_cast<int>(std::floor(rect.height() / scale)));
    });
    layout.space(2);
    layout.paragraph(caption, captionFont, layout.style().muted, 14);
}

namespace {

QString dollars(double value)
{
    return QString::fromStdString(metrics::formatUsd(value, 2));
}

QString number(const sweep::SensitivityRow &row, double value)
{
    return row.unit == "users" ? QString::fromStdString(metrics::formatGrouped(value, 0))
                               : QString::fromStdString(metrics::formatSignificant(value));
}

/// The row's label as a noun inside a sentence: "GPU rent", "traffic", "output tokens".
QString noun(const sweep::SensitivityRow &row)
{
    if (row.method == sweep::SensitivityMethod::ErrorBand)
        return QStringLiteral("the model's own error");
    QString text = QString::fromStdString(row.label).section(QStringLiteral(" ("), 0, 0);
    if (text.size() > 1 && text[1].isLower())
        text[0] = text[0].toLower();
    return text;
}

/// "GPU rent, from $3.94 to $16.19 (at 2.99 to 12.3 $/GPU-hour)".
QString rowSentence(const sweep::SensitivityRow &row)
{
    const auto cost = &sweep::SensitivityFigures::usdPerMillionOutputTokens;
    QString text = QStringLiteral("%1, from %2 to %3")
                           .arg(noun(row), dollars(row.low.*cost), dollars(row.high.*cost));
    if (row.unit == "$")
        text += QStringLiteral(" (at %1 to %2)")
                        .arg(dollars(row.lowValue).section(QLatin1Char('.'), 0, 0),
                             dollars(row.highValue).section(QLatin1Char('.'), 0, 0));
    else if (row.method != sweep::SensitivityMethod::ErrorBand)
        text += QStringLiteral(" (at %1 to %2%3)")
                        .arg(number(row, row.lowValue), number(row, row.highValue),
                             row.unit.empty()
                                     ? QString()
                                     : QLatin1Char(' ') + QString::fromStdString(row.unit));
    return text;
}

} // namespace

void addSensitivity(PageLayout &layout, ReportContext &context,
                    const sweep::SensitivityResult &result)
{
    const auto cost = &sweep::SensitivityFigures::usdPerMillionOutputTokens;
    std::vector<const sweep::SensitivityRow *> moving;
    QStringList still;
    for (const sweep::SensitivityRow &row : result.rows)
        if (sweep::swing(row, cost) > 1e-9 * std::max(1.0, result.base.*cost))
            moving.push_back(&row);
        else
            still << noun(row);
    layout.newPage();
    layout.heading(QStringLiteral("What moves the cost"), 1);
    const ReportStyle &style = layout.style();
    const QFont body = style.font(style.bodyPt + 0.5);
    if (moving.empty()) {
        layout.paragraph(QStringLiteral("No input tried moves the cost per 1M output tokens."),
                         body, style.text, 5);
        return;
    }
    QString sentence = QStringLiteral("Moving one input at a time across the ranges below, the "
                                      "cost per 1M output tokens (%1 as simulated) moves most "
                                      "with %2.")
                               .arg(dollars(result.base.*cost), rowSentence(*moving.front()));
    if (moving.size() > 1) {
        QStringList next;
        for (std::size_t i = 1; i < std::min<std::size_t>(3, moving.size()); ++i)
            next << rowSentence(*moving[i]);
        sentence += QStringLiteral(" Next come %1.").arg(next.join(QStringLiteral("; and ")));
    }
    if (!still.isEmpty()) {
        QString list = still.back();
        if (still.size() > 1)
            list = still.mid(0, still.size() - 1).join(QStringLiteral(", "))
                   + QStringLiteral(" and ") + list;
        list[0] = list[0].toUpper();
        sentence += QStringLiteral(" %1 %2 not move it.")
                            .arg(list,
                                 still.size() == 1 ? QStringLiteral("does") : QStringLiteral("do"));
    }
    layout.paragraph(sentence, body, style.text, 8);
    context.extra.push_back(tornadoChart(result));
    QStringList ranges;
    for (const sweep::SensitivityRow &row : result.rows)
        ranges << QStringLiteral("%1: %2.").arg(QString::fromStdString(row.label),
                                                QString::fromStdString(row.basis));
    for (const std::string &why : result.skipped)
        ranges << QStringLiteral("Left out: %1.").arg(QString::fromStdString(why));
    addChart(
            layout, context.extra.back().get(),
            110 + 34 * static_cast<double>(std::max<std::size_t>(4, moving.size())),
            QStringLiteral("Each bar runs from the cost as simulated to the cost with one input at "
                           "the low (blue) or high (orange) end of its range, all else as "
                           "simulated, with the same random seed. ")
                    + ranges.join(QLatin1Char(' ')));
}

namespace {

QString whole(double usd)
{
    return QString::fromStdString(metrics::formatUsd(usd, 0));
}

QString change(double now, double then)
{
    if (!(then > 0.0))
        return QString();
    const double percent = 100.0 * (now / then - 1.0);
    return (percent < 0 ? QStringLiteral("−") : QStringLiteral("+"))
           + QString::number(std::fabs(percent), 'f', 0) + QStringLiteral(" %");
}

QString fleet(const sweep::PlanConfig &c)
{
    return QString::fromStdString(sweep::fleetText(c, true))
            .replace(QStringLiteral(" x "), QStringLiteral(" × "));
}

TableSpec planTable(const std::vector<sweep::PlanConfig> &configs, double nowUsdPerMonth)
{
    TableSpec table;
    table.headers = {QStringLiteral("Fleet (replicas × GPUs)"),
                     QStringLiteral("Hosting"),
                     QStringLiteral("$ a month"),
                     QStringLiteral("vs now"),
                     QStringLiteral("$ / 1M out"),
                     QStringLiteral("TTFT p95"),
                     QStringLiteral("TPOT p95"),
                     QStringLiteral("MWh a month")};
    table.columnWeights = {2.6, 2.0, 1.0, 0.8, 0.9, 0.9, 0.9, 0.9};
    table.alignment.assign(table.headers.size(), Qt::AlignRight);
    table.alignment[0] = table.alignment[1] = Qt::AlignLeft;
    for (const sweep::PlanConfig &c : configs)
        table.rows.push_back(
                {fleet(c), QString::fromStdString(sweep::hostingText(c)), whole(c.usdPerMonth),
                 change(c.usdPerMonth, nowUsdPerMonth),
                 QString::fromStdString(metrics::formatUsd(c.usdPerMillionOutputTokens, 2)),
                 QString::fromStdString(metrics::formatLatency(c.ttftP95Seconds)),
                 QString::fromStdString(metrics::formatLatency(c.tpotP95Seconds)),
                 c.api ? QStringLiteral("–")
                       : QString::fromStdString(
                               metrics::formatSignificant(c.kwhPerMonth / 1000.0))});
    return table;
}

} // namespace

void addPlan(PageLayout &layout, const ReportScenario::Plan &plan)
{
    const sweep::PlanResult &r = plan.result;
    const sweep::PlanConfig &now = r.current;
    layout.newPage();
    layout.heading(QStringLiteral("What to run"), 1);
    const ReportStyle &style = layout.style();
    const QFont body = style.font(style.bodyPt + 0.5);
    const QString slo
            = QStringLiteral("the first token within %1 and later tokens within %2 "
                             "each for %3 of the requests, with no growing queue")
                      .arg(QString::fromStdString(metrics::formatLatency(plan.slo.ttftSeconds)),
                           QString::fromStdString(metrics::formatLatency(plan.slo.tpotSeconds)),
                           QString::fromStdString(
                                   metrics::formatPercent(plan.options.slo.minSloAttainment)));
    QString sentence
            = QStringLiteral("The search tried %1 configurations of '%2' (GPU, GPUs per replica, "
                             "precision, batch limit, 1 to %3 replicas and every offer of the "
                             "catalog, and the APIs), simulating %4 of them, against the service "
                             "objective: %5. ")
                      .arg(QString::fromStdString(metrics::formatCount(r.counts.candidates)),
                           QString::fromStdString(r.deployment))
                      .arg(plan.options.maxReplicas)
                      .arg(QString::fromStdString(metrics::formatCount(r.counts.simulations)), slo);
    sentence += QStringLiteral("As simulated, %1 at %2 costs %3 a month and %4. ")
                        .arg(fleet(now), QString::fromStdString(sweep::hostingText(now)),
                             whole(now.usdPerMonth),
                             now.meetsSlo ? QStringLiteral("meets it")
                                          : QStringLiteral("misses it (%1)")
                                                    .arg(QString::fromStdString(now.miss)));
    if (r.cheapest.empty()) {
        sentence += QStringLiteral("Nothing searched meets it: more replicas, other GPUs or a "
                                   "looser objective would be needed.");
    } else {
        const sweep::PlanConfig &best = r.cheapest.front();
        sentence += QStringLiteral("The cheapest that meets it is %1 at %2: %3 a month (%4), "
                                   "%5 per 1M output tokens.")
                            .arg(fleet(best), QString::fromStdString(sweep::hostingText(best)),
                                 whole(best.usdPerMonth), change(best.usdPerMonth, now.usdPerMonth),
                                 QString::fromStdString(
                                         metrics::formatUsd(best.usdPerMillionOutputTokens, 2)));
    }
    layout.paragraph(sentence, body, style.text, 5);
    if (r.peakHour && r.peakHour->replicas) {
        const sweep::PeakHourSizing &p = *r.peakHour;
        layout.paragraph(
                QStringLiteral("In the busiest hour of the day (from %1:00, %2 requests a second "
                               "arriving) that shape needs %3 replica%4 (%5 GPUs): a fleet sized "
                               "for the day's mean would queue then, unless it scales.")
                        .arg(p.hour, 2, 10, QLatin1Char('0'))
                        .arg(QString::fromStdString(
                                metrics::formatSignificant(p.arrivalRatePerSecond)))
                        .arg(*p.replicas)
                        .arg(*p.replicas == 1 ? QString() : QStringLiteral("s"))
                        .arg(p.config.gpus()),
                body, style.text, 5);
    }
    if (!r.cheapest.empty()) {
        layout.heading(QStringLiteral("The cheapest configurations within the objective"), 2);
        std::vector<sweep::PlanConfig> top(
                r.cheapest.begin(),
                r.cheapest.begin()
                        + static_cast<std::ptrdiff_t>(std::min<std::size_t>(8, r.cheapest.size())));
        layout.table(planTable(top, now.usdPerMonth));
    }
    if (r.pareto.size() > 1) {
        layout.space(6);
        layout.heading(QStringLiteral("Trading cost for latency and energy"), 2);
        layout.paragraph(QStringLiteral("Self-hosted configurations within the objective that no "
                                        "other beats on cost, p95 end-to-end latency and energy "
                                        "at once (up to %1× the cheapest):")
                                 .arg(QString::fromStdString(
                                         metrics::formatExact(plan.options.costCeiling))),
                         body, style.text, 5);
        layout.table(planTable(r.pareto, now.usdPerMonth));
    }
    layout.space(4);
    layout.paragraph(
            QStringLiteral("Each configuration is simulated on the same traffic with "
                           "the same seed and priced at every catalog offer of its GPU; "
                           "shapes that cannot hold the model, fleets below an analytic "
                           "throughput bound and fleets above %1× the cheapest cost are "
                           "not simulated. An API serving another model is compared on "
                           "price and latency, not on quality.")
                    .arg(QString::fromStdString(metrics::formatExact(plan.options.costCeiling))),
            style.font(style.smallPt + 0.5), style.muted, 10);
}

void addReplication(PageLayout &layout, const metrics::Results &simulated,
                    const sweep::ReplicationResult &replication)
{
    const ReportStyle &style = layout.style();
    const QFont body = style.font(style.bodyPt + 0.5);
    layout.space(8);
    layout.heading(QStringLiteral("How sure"), 2, 160);
    const sweep::ReplicatedFigure &headline = replication.figures.front();
    const double sampling = headline.mean != 0.0 ? headline.halfWidth95 / headline.mean : 0.0;
    layout.paragraph(
            QStringLiteral("Simulated again with %1 seeds (%2 to %3), the cost per 1M output "
                           "tokens averages %4 with a 95 % interval of ±%5; the calibrated "
                           "model's own error%6. Sampling noise shrinks with more or longer runs; "
                           "the model's error does not.")
                    .arg(replication.replications)
                    .arg(replication.seeds.front())
                    .arg(replication.seeds.back())
                    .arg(dollars(headline.mean),
                         QString::fromStdString(metrics::formatPercent(sampling)),
                         headline.modelErrorFraction > 0.0
                                 ? QStringLiteral(" adds ±%1 (together ±%2)")
                                           .arg(QString::fromStdString(metrics::formatPercent(
                                                        headline.modelErrorFraction)),
                                                QString::fromStdString(metrics::formatPercent(
                                                        headline.combinedFraction())))
                                 : QStringLiteral(" moves this cost by nothing here: a rented "
                                                  "fleet's cost follows its GPU-hours")),
            body, style.text, 5);
    TableSpec table;
    table.headers = {QStringLiteral("Figure"),
                     QStringLiteral("As simulated"),
                     QStringLiteral("Mean of the seeds"),
                     QStringLiteral("95 % interval"),
                     QStringLiteral("Model error"),
                     QStringLiteral("Together")};
    table.columnWeights = {2.4, 1.2, 1.2, 1.0, 1.0, 1.0};
    table.alignment.assign(table.headers.size(), Qt::AlignRight);
    table.alignment[0] = Qt::AlignLeft;
    const auto text = [](const sweep::ReplicatedFigure &f, double v) {
        return QString::fromStdString(sweep::figureText(f, v));
    };
    for (const sweep::ReplicatedFigure &f : replication.figures) {
        const double relative = f.mean != 0.0 ? f.halfWidth95 / std::fabs(f.mean) : 0.0;
        const QString band = f.modelErrorFraction > 0.0
                                     ? QStringLiteral("±")
                                               + QString::fromStdString(
                                                       metrics::formatPercent(f.modelErrorFraction))
                                     : QStringLiteral("–");
        table.rows.push_back(
                {QString::fromStdString(f.label), text(f, metrics::metricValue(simulated, f.key)),
                 text(f, f.mean),
                 QStringLiteral("±") + QString::fromStdString(metrics::formatPercent(relative)),
                 band,
                 QStringLiteral("±")
                         + QString::fromStdString(metrics::formatPercent(
                                 f.modelErrorFraction > 0.0 ? f.combinedFraction() : relative))});
    }
    layout.table(table);
}

void addCharts(PageLayout &layout, ReportContext &context)
{
    layout.newPage();
    if (!context.comparing()) {
        layout.heading(QStringLiteral("Key charts"), 1);
        const ChartCopies &charts = *context.charts.front();
        const RunOutput &output = *context.scenarios.front().output;
        for (const KeyChart &chart : kKeyCharts) {
            QString caption = QString::fromUtf8(chart.caption);
            if (chart.chart == ChartId::CostCurve)
                caption += output.apiUsdPerMillionOutputTokens > 0.0
                                   ? QStringLiteral(" Where it crosses the price of %1 (dash-dot "
                                                    "line), self-hosting breaks even.")
                                             .arg(output.apiLabel)
                                   : QStringLiteral(" Compare with an API (--api, or Compare with "
                                                    "API in the window) to see where "
                                                    "self-hosting breaks even.");
            addChart(layout, charts.plot(chart.chart), chart.heightPt, caption);
        }
        if (const auto &plan = context.scenarios.front().plan)
            addPlan(layout, *plan);
        if (const auto &sensitivity = context.scenarios.front().sensitivity)
            addSensitivity(layout, context, *sensitivity);
        if (const auto &replication = context.scenarios.front().replication)
            addReplication(layout, output.current, *replication);
        return;
    }
    layout.heading(QStringLiteral("Comparison charts"), 1);
    context.extra.push_back(costComparisonChart(context.scenarios));
    addChart(layout, context.extra.back().get(),
             70 + 38 * static_cast<double>(context.scenarios.size()),
             QStringLiteral("Cost per month of each scenario by what it pays for."));
    const struct
    {
        CurveMetric metric;
        const char *caption;
    } overlays[] = {
            {CurveMetric::CostPerMillionTokens,
             "Cost per million output tokens as traffic varies; a dot marks each scenario as "
             "simulated. Overloaded points are left out."},
            {CurveMetric::TtftP95,
             "95th-percentile time to the first token as traffic varies; a dot marks each "
             "scenario as simulated."},
    };
    for (const auto &overlay : overlays) {
        std::unique_ptr<QCustomPlot> plot = curveOverlayChart(context.scenarios, overlay.metric);
        if (!plot)
            continue;
        context.extra.push_back(std::move(plot));
        addChart(layout, context.extra.back().get(), 290, QString::fromUtf8(overlay.caption));
    }
    // Each scenario's latency percentiles, two to a page, named above the chart.
    layout.newPage();
    layout.heading(QStringLiteral("Latency of each scenario"), 1);
    for (std::size_t i = 0; i < context.scenarios.size(); ++i) {
        layout.heading(context.scenarios[i].label, 2, 250);
        addChart(layout, context.charts[i]->plot(ChartId::LatencyDistribution), 230,
                 QStringLiteral("Percentiles of the time to the first token, per later token and "
                                "for the whole answer."));
    }
}

} // namespace tw::ui::report
