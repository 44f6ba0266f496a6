#include "ui/charts/kpi_strip.h"

#include "ui/charts/chart_style.h"

#include "core/metrics/text_format.h"

#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

#include <cmath>

namespace tw::ui {

namespace {

struct KpiInfo
{
    const char *title;
    const char *tooltip;
    bool lowerIsBetter; ///< false: the change is shown without judging it
};

// Titles and explanations, in Kpi order.
const KpiInfo kInfo[KpiStrip::kCount] = {
        {QT_TRANSLATE_NOOP("tw::ui::KpiStrip", "Cost per month"),
         QT_TRANSLATE_NOOP("tw::ui::KpiStrip",
                           "Total cost of the run (GPUs busy and idle, electricity, operations, "
                           "API tokens, cache) scaled to a month of 730 hours."),
         true},
        {QT_TRANSLATE_NOOP("tw::ui::KpiStrip", "$ per 1M output tokens"),
         QT_TRANSLATE_NOOP("tw::ui::KpiStrip",
                           "Total cost divided by the output tokens generated, per million."),
         true},
        {QT_TRANSLATE_NOOP("tw::ui::KpiStrip", "p95 TTFT"),
         QT_TRANSLATE_NOOP("tw::ui::KpiStrip",
                           "Time to first token: from a request's arrival to its first output "
                           "token. 95 % of measured requests were at least this fast."),
         true},
        {QT_TRANSLATE_NOOP("tw::ui::KpiStrip", "p95 TPOT"),
         QT_TRANSLATE_NOOP("tw::ui::KpiStrip",
                           "Time per output token after the first, averaged per request. 95 % "
                           "of measured requests were at least this fast."),
         true},
        {QT_TRANSLATE_NOOP("tw::ui::KpiStrip", "GPU utilisation"),
         QT_TRANSLATE_NOOP("tw::ui::KpiStrip",
                           "Busy fraction: the share of time the self-hosted replicas were running "
                           "an iteration (any batch size). It says how much of the GPU time you "
                           "pay for is used, not how hard each iteration works the GPU; near 100 % "
                           "requests start to queue."),
         false},
        {QT_TRANSLATE_NOOP("tw::ui::KpiStrip", "Energy per year"),
         QT_TRANSLATE_NOOP("tw::ui::KpiStrip",
                           "Facility energy (GPUs, servers and cooling via PUE) scaled from the "
                           "simulated horizon to 8,760 hours."),
         true},
        {QT_TRANSLATE_NOOP("tw::ui::KpiStrip", "CO₂e per year"),
         QT_TRANSLATE_NOOP("tw::ui::KpiStrip",
                           "Operational (grid electricity) plus embodied (hardware manufacturing, "
                           "amortised) emissions, scaled to 8,760 hours."),
         true},
};

QString format(KpiStrip::Kpi kpi, double v)
{
    using charts::formatNumber;
    switch (kpi) {
    case KpiStrip::Kpi::CostPerMonth:
    case KpiStrip::Kpi::CostPerMillionTokens:
        return QStringLiteral("$") + formatNumber(v);
    case KpiStrip::Kpi::TtftP95:
    case KpiStrip::Kpi::TpotP95:
        return charts::formatSeconds(v);
    case KpiStrip::Kpi::GpuUtilisation:
        return QStringLiteral("%1 %").arg(QLocale().toString(v * 100.0, 'f', 1));
    case KpiStrip::Kpi::EnergyPerYear:
        return QStringLiteral("%1 MWh").arg(formatNumber(v));
    case KpiStrip::Kpi::CarbonPerYear:
        return QStringLiteral("%1 t").arg(formatNumber(v));
    }
    return {};
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

void setStyleSheetIfChanged(QWidget *widget, const QString &sheet)
{
    if (widget->styleSheet() != sheet)
        widget->setStyleSheet(sheet);
}

} // namespace

KpiStrip::KpiStrip(QWidget *parent)
    : QWidget(parent)
{
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(6);
    for (int i = 0; i < kCount; ++i) {
        auto *frame = new QFrame(this);
        frame->setFrameShape(QFrame::StyledPanel);
        frame->setToolTip(tr(kInfo[i].tooltip));
        auto *column = new QVBoxLayout(frame);
        column->setContentsMargins(8, 4, 8, 4);
        column->setSpacing(0);
        Card &card = m_cards[static_cast<std::size_t>(i)];
        card.title = new QLabel(tr(kInfo[i].title), frame);
        card.value = new QLabel(QStringLiteral("–"), frame);
        card.change = new QLabel(frame);
        QFont big = card.value->font();
        big.setPointSizeF(big.pointSizeF() * 1.5);
        big.setBold(true);
        card.value->setFont(big);
        card.value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        card.value->setAccessibleName(tr(kInfo[i].title));
        card.change->setAccessibleName(
                tr("%1, change since the previous run").arg(tr(kInfo[i].title)));
        column->addWidget(card.title);
        column->addWidget(card.value);
        column->addWidget(card.change);
        row->addWidget(frame, 1);
    }
    restyle();
}

double KpiStrip::value(const metrics::Results &r, Kpi kpi)
{
    switch (kpi) {
    case Kpi::CostPerMonth:
        return r.cost.perMonthUsd;
    case Kpi::CostPerMillionTokens:
        return r.cost.perMillionOutputTokensUsd;
    case Kpi::TtftP95:
        return r.measuredRequests > 0 ? r.ttftSeconds.p95 : std::nan("");
    case Kpi::TpotP95:
        return r.measuredRequests > 0 ? r.tpotSeconds.p95 : std::nan("");
    case Kpi::GpuUtilisation:
        return r.busyFraction;
    case Kpi::EnergyPerYear:
        return r.horizonSeconds > 0.0
                       ? r.energy.facilityKwh * 8760.0 / (r.horizonSeconds / 3600.0) / 1000.0
                       : 0.0;
    case Kpi::CarbonPerYear:
        return r.carbon.tonnesPerYear;
    }
    return 0.0;
}

void KpiStrip::showOutput(const RunOutputPtr &output)
{
    if (!output || (m_output && output->generation < m_output->generation))
        return;
    // Changes count from the last full output: previews during a drag all compare with the
    // figures before it (over the preview's own window when the runner provides it, so the
    // same traffic on both sides), and the full run that follows replaces them.
    const RunOutputPtr previousOutput = m_baseline; // keeps `previous` alive below
    const metrics::Results *previous = previousOutput ? &previousOutput->current : nullptr;
    const bool sameWindow = output->preview && output->previewBaseline;
    if (sameWindow)
        previous = output->previewBaseline.get();
    m_output = output;
    if (!output->preview)
        m_baseline = output;
    for (int i = 0; i < kCount; ++i) {
        const auto kpi = static_cast<Kpi>(i);
        Card &card = m_cards[static_cast<std::size_t>(i)];
        const double now = value(output->current, kpi);
        card.value->setText(format(kpi, now));
        if (card.value->font().italic() != output->preview) {
            QFont font = card.value->font();
            font.setItalic(output->preview);
            card.value->setFont(font);
        }
        card.value->setToolTip(
                output->preview
                        ? tr("Preview from the first %1 of the %2 run; the full run follows "
                             "when edits pause.")
                                  .arg(QString::fromStdString(metrics::formatDuration(
                                               output->current.horizonSeconds)),
                                       QString::fromStdString(metrics::formatDuration(
                                               output->scenarioHorizonSeconds)))
                        : QString());
        card.direction = 0;
        QString change, spoken;
        if (previous) {
            const double before = value(*previous, kpi);
            const double relative = before != 0.0 ? (now - before) / std::abs(before) : 0.0;
            if (!std::isfinite(now) || !std::isfinite(before)) {
                change = QString();
            } else if (before == 0.0 && now != 0.0) {
                change = now > 0.0 ? QStringLiteral("▲ new") : QStringLiteral("▼ new");
                card.direction = now > 0.0 ? 1 : -1;
            } else if (std::abs(relative) < 0.0005) {
                change = tr("no change");
            } else {
                card.direction = relative > 0.0 ? 1 : -1;
                const QString arrow = relative > 0.0 ? QStringLiteral("▲") : QStringLiteral("▼");
                // Past tenfold, a factor reads better than "▲ 10,924,770.7 %".
                change = relative >= 9.0 && before > 0.0
                                 ? QStringLiteral("%1 ×%2").arg(arrow,
                                                                charts::formatNumber(now / before))
                                 : QStringLiteral("%1 %2 %").arg(
                                         arrow,
                                         QLocale().toString(std::abs(relative) * 100.0, 'f', 1));
            }
            card.change->setToolTip(
                    sameWindow ? tr("Previous: %1 over the same %2 preview window")
                                         .arg(format(kpi, before),
                                              QString::fromStdString(metrics::formatDuration(
                                                      output->current.horizonSeconds)))
                               : tr("Previous: %1").arg(format(kpi, before)));
            const QString amount = change.mid(2).startsWith(QStringLiteral("×"))
                                           ? tr("%1 times").arg(change.mid(3))
                                           : change.mid(2);
            spoken = card.direction == 0
                             ? change
                             : tr("%1 %2 since the previous run")
                                       .arg(card.direction > 0 ? tr("up") : tr("down"), amount);
        }
        card.change->setText(change);
        card.value->setAccessibleName(
                spoken.isEmpty()
                        ? tr("%1: %2").arg(tr(kInfo[i].title), card.value->text())
                        : tr("%1: %2, %3").arg(tr(kInfo[i].title), card.value->text(), spoken));
    }
    restyle();
}

void KpiStrip::restyle()
{
    const charts::Theme &theme = charts::theme(isDark(palette()));
    for (int i = 0; i < kCount; ++i) {
        Card &card = m_cards[static_cast<std::size_t>(i)];
        QColor colour = theme.mutedForeground;
        if (card.direction != 0 && kInfo[i].lowerIsBetter)
            colour = card.direction < 0 ? theme.good : theme.bad;
        // Only when it changes: setting a style sheet re-polishes the label, several ms for the
        // strip on every output otherwise.
        setStyleSheetIfChanged(card.change, QStringLiteral("color: %1;").arg(colour.name()));
        setStyleSheetIfChanged(card.title,
                               QStringLiteral("color: %1;").arg(theme.mutedForeground.name()));
    }
}

void KpiStrip::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        restyle();
}

QString KpiStrip::titleText(int index) const
{
    return index >= 0 && index < kCount ? m_cards[static_cast<std::size_t>(index)].title->text()
                                        : QString();
}

QString KpiStrip::valueText(int index) const
{
    return index >= 0 && index < kCount ? m_cards[static_cast<std::size_t>(index)].value->text()
                                        : QString();
}

QString KpiStrip::changeText(int index) const
{
    return index >= 0 && index < kCount ? m_cards[static_cast<std::size_t>(index)].change->text()
                                        : QString();
}

QLabel *KpiStrip::valueLabel(int index) const
{
    return index >= 0 && index < kCount ? m_cards[static_cast<std::size_t>(index)].value : nullptr;
}

QLabel *KpiStrip::changeLabel(int index) const
{
    return index >= 0 && index < kCount ? m_cards[static_cast<std::size_t>(index)].change : nullptr;
}

} // namespace tw::ui
