#include "ui/charts/kpi_strip.h"

#include "ui/charts/chart_style.h"
#include "ui/render/core_text.h"

#include "core/metrics/result_fields.h"
#include "core/metrics/text_format.h"

#include <QCoreApplication>
#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

#include <cmath>

namespace tw::ui {

namespace {

// The metric of each card, in Kpi order. Titles, explanations and which way is better come
// from the metric table (core/metrics/result_fields.h), as in compare and the outputs.
constexpr std::string_view kCardKeys[KpiStrip::kCount] = {
        "cost.perMonthUsd",     "cost.perMillionOutputTokensUsd",
        "ttftSeconds.p95",      "tpotSeconds.p95",
        "busyFraction",         "energy.facilityMwhPerYear",
        "carbon.tonnesPerYear",
};

const metrics::Metric &cardMetric(int index)
{
    return *metrics::findMetric(kCardKeys[index]);
}

QString cardTitle(int index)
{
    return metricText(cardMetric(index).label);
}

QString cardTooltip(int index)
{
    const metrics::Metric &metric = cardMetric(index);
    QString text = metricText(metric.description);
    if (metric.key.ends_with(".p95"))
        text += QLatin1Char(' ')
                + QCoreApplication::translate("tw::ui::KpiStrip",
                                              "95 % of measured requests were at least this fast.");
    return text;
}

/// A card's figure in its unit: money in dollars, seconds as ms or s, fractions in %.
QString format(KpiStrip::Kpi kpi, double v)
{
    using charts::formatNumber;
    const std::string_view unit = cardMetric(static_cast<int>(kpi)).unit;
    if (unit.starts_with("USD"))
        return QStringLiteral("$") + formatNumber(v);
    if (unit == "s")
        return charts::formatSeconds(v);
    if (unit == "fraction")
        return QStringLiteral("%1 %").arg(QLocale().toString(v * 100.0, 'f', 1));
    if (unit == "MWh/year")
        return QStringLiteral("%1 MWh").arg(formatNumber(v));
    if (unit == "tCO2e/year")
        return QStringLiteral("%1 t").arg(formatNumber(v));
    return formatNumber(v);
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
        frame->setToolTip(cardTooltip(i));
        auto *column = new QVBoxLayout(frame);
        column->setContentsMargins(8, 4, 8, 4);
        column->setSpacing(0);
        Card &card = m_cards[static_cast<std::size_t>(i)];
        card.title = new QLabel(cardTitle(i), frame);
        card.value = new QLabel(QStringLiteral("–"), frame);
        card.change = new QLabel(frame);
        QFont big = card.value->font();
        big.setPointSizeF(big.pointSizeF() * 1.5);
        big.setBold(true);
        card.value->setFont(big);
        card.value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        card.value->setAccessibleName(cardTitle(i));
        card.change->setAccessibleName(tr("%1, change since the previous run").arg(cardTitle(i)));
        column->addWidget(card.title);
        column->addWidget(card.value);
        column->addWidget(card.change);
        row->addWidget(frame, 1);
    }
    restyle();
}

double KpiStrip::value(const metrics::Results &r, Kpi kpi)
{
    return metrics::metricValue(r, kCardKeys[static_cast<int>(kpi)]);
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
                spoken.isEmpty() ? tr("%1: %2").arg(cardTitle(i), card.value->text())
                                 : tr("%1: %2, %3").arg(cardTitle(i), card.value->text(), spoken));
    }
    restyle();
}

void KpiStrip::restyle()
{
    const charts::Theme &theme = charts::theme(isDark(palette()));
    for (int i = 0; i < kCount; ++i) {
        Card &card = m_cards[static_cast<std::size_t>(i)];
        QColor colour = theme.mutedForeground;
        if (card.direction != 0 && cardMetric(i).better != metrics::Better::Neither)
            colour = (card.direction < 0) == (cardMetric(i).better == metrics::Better::Lower)
                             ? theme.good
                             : theme.bad;
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
