// The title page and the executive summary of a report.

#include "ui/report/report_context.h"
#include "ui/report/report_format.h"

#include "core/metrics/text_format.h"
#include "core/model/precision.h"

#include <QLocale>
#include <QPainter>
#include <QPainterPath>

#include <cmath>
#include <functional>

namespace tw::ui::report {
namespace {

QString fromStd(const std::string &text)
{
    return QString::fromStdString(text);
}

QString precisionName(model::Precision precision)
{
    const std::string_view name = model::toString(precision);
    return QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size()));
}

/// "1 h", "5 min", "45 s" (core's formatDuration, as the CLI prints it).
QString duration(double seconds)
{
    return fromStd(metrics::formatDuration(seconds));
}

/// KPI cards in rows of @p columns, as one block per row.
void addCards(PageLayout &layout, const std::vector<KpiCard> &cards, int columns)
{
    const ReportStyle &style = layout.style();
    const double gap = layout.pt(8);
    const double height = layout.pt(58);
    for (std::size_t first = 0; first < cards.size(); first += static_cast<std::size_t>(columns)) {
        const std::vector<KpiCard> row(
                cards.begin() + static_cast<std::ptrdiff_t>(first),
                cards.begin()
                        + static_cast<std::ptrdiff_t>(std::min(cards.size(), first + columns)));
        const double unit = layout.unitsPerPoint();
        layout.block(height, [row, columns, gap, style, unit](QPainter &painter,
                                                              const QRectF &rect) {
            const double width = (rect.width() - gap * (columns - 1)) / columns;
            for (std::size_t i = 0; i < row.size(); ++i) {
                const QRectF card(rect.left() + static_cast<double>(i) * (width + gap), rect.top(),
                                  width, rect.height() - gap);
                QPainterPath path;
                path.addRoundedRect(card, 4 * unit, 4 * unit);
                painter.fillPath(path, style.cardBackground);
                painter.fillRect(QRectF(card.left(), card.top() + 4 * unit, 3 * unit,
                                        card.height() - 8 * unit),
                                 style.accent);
                const QRectF inner = card.adjusted(10 * unit, 6 * unit, -6 * unit, -5 * unit);
                // Elided rather than clipped if a translation or a figure runs long.
                const auto fit = [&painter, &inner](const QString &text) {
                    return painter.fontMetrics().elidedText(text, Qt::ElideRight,
                                                            static_cast<int>(inner.width()));
                };
                painter.setFont(style.font(style.smallPt));
                painter.setPen(style.muted);
                painter.drawText(inner, Qt::AlignLeft | Qt::AlignTop, fit(row[i].title));
                painter.setFont(style.font(16, true));
                painter.setPen(style.text);
                painter.drawText(inner, Qt::AlignLeft | Qt::AlignVCenter, fit(row[i].text));
                painter.setFont(style.font(style.smallPt - 0.5));
                painter.setPen(style.muted);
                painter.drawText(inner, Qt::AlignLeft | Qt::AlignBottom, fit(row[i].note));
            }
        });
    }
    layout.space(4);
}

QString arrivalText(const scenario::ArrivalSpec &a)
{
    switch (a.kind) {
    case scenario::ArrivalKind::ClosedLoop:
        return QStringLiteral("%1, each sending its next request %2 after an answer")
                .arg(counted(a.users, QStringLiteral("user"), QStringLiteral("users")),
                     latency(a.thinkTimeSeconds));
    case scenario::ArrivalKind::Trace:
        return QStringLiteral("replay of the trace %1 (time × %2)")
                .arg(fromStd(a.traceFile), significant(a.timeScale));
    case scenario::ArrivalKind::Poisson:
    case scenario::ArrivalKind::Gamma:
        break;
    }
    QString text = QStringLiteral("%1 requests a second on average (%2)")
                           .arg(significant(a.ratePerSecond),
                                a.kind == scenario::ArrivalKind::Poisson
                                        ? QStringLiteral("Poisson")
                                        : QStringLiteral("bursty, CV %1").arg(significant(a.cv)));
    if (a.diurnal)
        text += QStringLiteral(", following a daily pattern");
    return text;
}

QString deploymentText(const scenario::Deployment &d)
{
    if (d.kind == scenario::DeploymentKind::Api)
        return QStringLiteral("%1 %2 through its API at %3 input, %4 output per 1M tokens")
                .arg(fromStd(d.api.provider), fromStd(d.api.model),
                     money(d.api.inputUsdPerMillionTokens), money(d.api.outputUsdPerMillionTokens));
    const QString hosting = d.hosting.kind == scenario::HostingKind::Cloud
                                    ? QStringLiteral("rented at %1 per GPU-hour%2")
                                              .arg(money(d.hosting.pricePerGpuHourUsd),
                                                   d.hosting.offering.empty()
                                                           ? QString()
                                                           : QStringLiteral(" (%1)").arg(
                                                                   fromStd(d.hosting.offering)))
                                    : QStringLiteral("owned, amortised over %1 years")
                                              .arg(significant(d.hosting.amortizationYears));
    const QString replicas
            = counted(d.hardware.replicas, QStringLiteral("replica"), QStringLiteral("replicas"));
    QString text
            = QStringLiteral("%1 (%2) on %3 of %4 %5 %6, %7")
                      .arg(fromStd(d.model.id.empty() ? d.model.hfRepo : d.model.id),
                           precisionName(d.weightPrecision),
                           d.autoscaling.enabled ? QStringLiteral("up to %1").arg(replicas)
                                                 : replicas,
                           QString::number(d.hardware.gpusPerReplica), fromStd(d.hardware.gpu.name),
                           d.hardware.gpusPerReplica == 1 ? QStringLiteral("GPU")
                                                          : QStringLiteral("GPUs"),
                           hosting);
    if (d.autoscaling.enabled)
        text += QStringLiteral(
                        "; an autoscaler holds %1 to %2 replicas, aiming at %3 requests %4 per "
                        "replica")
                        .arg(d.autoscaling.minReplicas)
                        .arg(d.hardware.replicas)
                        .arg(QString::number(d.autoscaling.target, 'g', 4))
                        .arg(d.autoscaling.metric == scenario::ScalingMetric::Load
                                     ? QStringLiteral("in flight")
                                     : QStringLiteral("waiting"));
    if (d.hosting.kind == scenario::HostingKind::Cloud && d.hosting.interruptionsPerDay > 0.0)
        text += QStringLiteral("; spot capacity, each replica interrupted %1 times a day on "
                               "average")
                        .arg(significant(d.hosting.interruptionsPerDay));
    return text;
}

/// "What was simulated": the scenario in a few rows of plain words.
TableSpec outline(const ReportScenario &input)
{
    const scenario::Scenario &s = input.scenario;
    const metrics::Results &r = input.output->current;
    TableSpec table;
    table.headers = {QStringLiteral("What was simulated"), QString()};
    table.columnWeights = {1.0, 3.4};
    table.boldFirstColumn = true;
    table.rows.push_back({QStringLiteral("Traffic"), arrivalText(s.workload.arrival)});
    for (const scenario::RequestClass &c : s.workload.classes)
        table.rows.push_back({QStringLiteral("Requests: %1").arg(fromStd(c.name)),
                              QStringLiteral("prompts of about %1 tokens, answers of about %2")
                                      .arg(significant(c.promptTokens.nominalMean()),
                                           significant(c.outputTokens.nominalMean()))});
    for (const scenario::Deployment &d : s.deployments)
        table.rows.push_back(
                {QStringLiteral("Deployment: %1").arg(fromStd(d.name)), deploymentText(d)});
    table.rows.push_back({QStringLiteral("Region"),
                          QStringLiteral("%1: %2 g CO₂e per kWh, PUE %3")
                                  .arg(fromStd(s.region.regionId),
                                       significant(s.region.carbonIntensityGramsPerKwh),
                                       significant(s.region.pue))});
    table.rows.push_back({QStringLiteral("Service objective"),
                          QStringLiteral("first token within %1, later tokens %2 or less each")
                                  .arg(latency(s.slo.ttftSeconds), latency(s.slo.tpotSeconds))});
    table.rows.push_back(
            {QStringLiteral("Simulated"),
             QStringLiteral("%1 of traffic%2, %3, seed %4; monthly and yearly figures scale it "
                            "to 730 and 8,760 hours")
                     .arg(duration(r.horizonSeconds),
                          r.warmupSeconds > 0.0
                                  ? QStringLiteral(" (the first %1 left out as warm-up)")
                                            .arg(duration(r.warmupSeconds))
                                  : QString(),
                          counted(static_cast<long long>(r.arrivedRequests),
                                  QStringLiteral("request"), QStringLiteral("requests")),
                          QString::number(r.seed))});
    return table;
}

/// A sourced figure as its source gives it: 10715 -> "10,715", 4.6 -> "4.6".
QString exactFigure(double value)
{
    return QLocale(QLocale::English).toString(value, 'g', 10);
}

void addEquivalentSources(PageLayout &layout, const Equivalents &equivalents)
{
    QStringList notes;
    for (const auto &equivalent : {equivalents.homeElectricityYear, equivalents.carCo2Year}) {
        if (equivalent)
            notes << QStringLiteral("%1: %2 %3 (%4; %5).")
                             .arg(equivalent->description, exactFigure(equivalent->value),
                                  equivalent->unit, equivalent->source, equivalent->year);
    }
    if (!notes.isEmpty())
        layout.paragraph(QStringLiteral("Equivalents: ") + notes.join(QLatin1Char(' ')),
                         layout.style().font(layout.style().smallPt), layout.style().muted, 8);
}

/// KPI rows x scenario columns: the summary's cards, then the traffic figures.
TableSpec comparisonTable(const ReportContext &context)
{
    TableSpec table;
    table.headers << QString();
    table.columnWeights = {1.6};
    std::vector<std::vector<KpiCard>> cards;
    for (std::size_t i = 0; i < context.facts.size(); ++i) {
        table.headers << context.facts[i].label;
        table.columnWeights.push_back(1.0);
        cards.push_back(kpiCards(context.facts[i], context.scenarios[i].output->current));
    }
    table.alignment.assign(table.headers.size(), Qt::AlignRight);
    table.alignment[0] = Qt::AlignLeft;
    table.boldFirstColumn = true;
    // The first seven cards are the same for every scenario; the eighth depends on the API.
    for (std::size_t k = 0; k < 7; ++k) {
        QStringList cells{cards.front()[k].title};
        for (const std::vector<KpiCard> &scenarioCards : cards)
            cells << scenarioCards[k].text;
        table.rows.push_back(cells);
    }
    const QString none = QStringLiteral("–");
    const auto row = [&](const QString &name,
                         const std::function<QString(const ScenarioFacts &)> &format) {
        QStringList cells{name};
        for (const ScenarioFacts &f : context.facts)
            cells << format(f);
        table.rows.push_back(cells);
    };
    row(QStringLiteral("Requests meeting the objective"),
        [&](const ScenarioFacts &f) { return f.sloAttainment ? percent(*f.sloAttainment) : none; });
    row(QStringLiteral("Requests per second"),
        [](const ScenarioFacts &f) { return significant(f.requestsPerSecond); });
    row(QStringLiteral("Self-hosted GPUs"),
        [](const ScenarioFacts &f) { return QString::number(f.gpus); });
    return table;
}

} // namespace

QString longDate(const QDateTime &when)
{
    return QLocale(QLocale::English).toString(when.date(), QStringLiteral("d MMMM yyyy"));
}

void addTitlePage(PageLayout &layout, const ReportContext &context)
{
    layout.newPage(false);
    const ReportStyle style = layout.style();
    const double unit = layout.unitsPerPoint();
    QString subtitle;
    if (context.comparing()) {
        QStringList names;
        for (const ReportScenario &s : context.scenarios)
            names << QStringLiteral("“%1”").arg(s.label);
        subtitle = QStringLiteral("Compares %1: %2.")
                           .arg(counted(static_cast<long long>(names.size()),
                                        QStringLiteral("scenario"), QStringLiteral("scenarios"),
                                        true),
                                names.join(QStringLiteral(", ")));
    } else {
        subtitle = fromStd(context.scenarios.front().scenario.description);
    }
    const QString title = context.title;
    const QString date = longDate(context.options.createdAt);
    const QString version = QStringLiteral(TOKENWATT_VERSION);
    const QRectF content = layout.contentRect();
    layout.block(content.height(), [=](QPainter &painter, const QRectF &rect) {
        painter.fillRect(
                QRectF(rect.left(), rect.top() + rect.height() * 0.22, 36 * unit, 4 * unit),
                style.accent);
        QRectF text(rect.left(), rect.top() + rect.height() * 0.22 + 16 * unit, rect.width(),
                    rect.height());
        painter.setPen(style.accent);
        painter.setFont(style.font(10, true));
        const QString kicker = QStringLiteral("COST, LATENCY, ENERGY AND CARBON OF SERVING AN LLM");
        painter.drawText(text, Qt::AlignLeft | Qt::AlignTop, kicker);
        text.adjust(0, 22 * unit, 0, 0);
        painter.setPen(style.text);
        painter.setFont(style.font(26, true));
        QRectF used;
        painter.drawText(text, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, title, &used);
        text.setTop(used.bottom() + 14 * unit);
        painter.setPen(style.muted);
        painter.setFont(style.font(11));
        QRectF subtitleBox(text.left(), text.top(), text.width() * 0.9, rect.height() * 0.35);
        painter.drawText(subtitleBox, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, subtitle);
        painter.setFont(style.font(9));
        const QRectF footer(rect.left(), rect.bottom() - 40 * unit, rect.width(), 40 * unit);
        painter.setPen(QPen(style.rule, 0.0));
        painter.drawLine(footer.topLeft(), footer.topRight());
        painter.setPen(style.muted);
        painter.drawText(
                footer.adjusted(0, 8 * unit, 0, 0), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap,
                QStringLiteral(
                        "Prepared on %1 with TokenWatt %2, free software (GPL-3.0-or-later).\n"
                        "Figures are estimates from a discrete-event simulation; "
                        "appendices list every assumption and its source.")
                        .arg(date, version));
    });
}

void addSummary(PageLayout &layout, const ReportContext &context)
{
    layout.newPage();
    layout.heading(QStringLiteral("Executive summary"), 1);
    const ReportStyle &style = layout.style();
    const QFont body = style.font(style.bodyPt + 0.5);
    if (context.comparing()) {
        for (const QString &sentence : comparisonSentences(context.facts))
            layout.paragraph(sentence, body, style.text, 5);
        layout.space(4);
        layout.table(comparisonTable(context));
    }
    for (std::size_t i = 0; i < context.scenarios.size(); ++i) {
        const ReportScenario &input = context.scenarios[i];
        const ScenarioFacts &facts = context.facts[i];
        if (context.comparing())
            layout.heading(input.label, 2, 200);
        else
            addCards(layout, kpiCards(facts, input.output->current), 4);
        layout.space(4);
        for (const QString &sentence : summarySentences(facts, context.equivalents))
            layout.paragraph(sentence, body, style.text, 5);
        layout.space(6);
        layout.table(outline(input));
    }
    addEquivalentSources(layout, context.equivalents);
}

} // namespace tw::ui::report
