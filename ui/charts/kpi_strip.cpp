#include "ui/charts/kpi_strip.h"

#include "ui/charts/chart_style.h"
#include "ui/render/core_text.h"

#include "core/metrics/error_bands.h"
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
// The load card (KpiStrip::kLoadCard) has no key: it comes from a capacity search.
constexpr std::string_view kCardKeys[KpiStrip::kCount - 1] = {
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
    if (index == KpiStrip::kLoadCard)
        return QCoreApplication::translate("tw::ui::KpiStrip", "Load at SLO");
    return metricText(cardMetric(index).label);
}

QString loadTooltip()
{
    return QCoreApplication::translate(
            "tw::ui::KpiStrip",
            "Load at the SLO: this traffic as a share of the highest traffic the same fleet "
            "serves within the service objective (90 % of requests within the TTFT and TPOT "
            "limits, and no growing queue), found by simulating the scenario at higher and "
            "lower rates with the same requests (tokenwatt-cli capacity). 40 % means the fleet "
            "could carry 2.5 times the traffic.");
}

QString cardTooltip(int index)
{
    if (index == KpiStrip::kLoadCard)
        return loadTooltip();
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
        card.band = new QLabel(frame);
        QFont big = card.value->font();
        big.setPointSizeF(big.pointSizeF() * 1.5);
        big.setBold(true);
        card.value->setFont(big);
        card.value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        card.value->setAccessibleName(cardTitle(i));
        card.change->setAccessibleName(tr("%1, change since the previous run").arg(cardTitle(i)));
        column->addWidget(card.title);
        column->addWidget(card.value);
        auto *lastRow = new QHBoxLayout;
        lastRow->setSpacing(4);
        lastRow->addWidget(card.change);
        lastRow->addStretch(1);
        lastRow->addWidget(card.band);
        column->addLayout(lastRow);
        row->addWidget(frame, 1);
    }
    restyle();
}

double KpiStrip::value(const metrics::Results &r, Kpi kpi)
{
    if (kpi == Kpi::LoadAtSlo)
        return std::nan("");
    return metrics::metricValue(r, kCardKeys[static_cast<int>(kpi)]);
}

void KpiStrip::showCapacity(const CapacityFigure &figure)
{
    if (!m_output || figure.generation != m_output->generation)
        return;
    Card &card = m_cards[static_cast<std::size_t>(kLoadCard)];
    card.direction = 0;
    card.change->clear();
    card.change->setToolTip({});
    if (!figure.computed) {
        card.value->setText(QStringLiteral("–"));
        card.value->setToolTip(figure.note);
        card.value->setAccessibleName(tr("%1: not computed").arg(cardTitle(kLoadCard)));
        restyle();
        return;
    }
    const QString percent = QStringLiteral("%1 %").arg(
            QLocale().toString(figure.loadShare * 100.0, 'f', figure.loadShare < 0.1 ? 1 : 0));
    card.value->setText((figure.lowerBound ? QStringLiteral("≤ ") : QString()) + percent);
    const QString busy = QStringLiteral("%1 %").arg(
            QLocale().toString(m_output->current.busyFraction * 100.0, 'f', 1));
    const QString occupancy = QStringLiteral("%1 %").arg(
            QLocale().toString(m_output->current.batchOccupancy * 100.0, 'f', 1));
    card.value->setToolTip(
            tr("This traffic is %1 of the %2 requests/s the same fleet serves within the SLO%3. "
               "GPUs busy %4 of the time, batches at %5 of what they could hold.")
                    .arg(percent, charts::formatNumber(figure.capacityPerSecond),
                         figure.lowerBound ? tr(" or more") : QString(), busy, occupancy));
    if (m_baselineLoad && !figure.lowerBound) {
        const double before = *m_baselineLoad;
        const double relative = before != 0.0 ? (figure.loadShare - before) / before : 0.0;
        if (std::abs(relative) < 0.0005) {
            card.change->setText(tr("no change"));
        } else {
            card.direction = relative > 0.0 ? 1 : -1;
            card.change->setText(QStringLiteral("%1 %2 %").arg(
                    relative > 0.0 ? QStringLiteral("▲") : QStringLiteral("▼"),
                    QLocale().toString(std::abs(relative) * 100.0, 'f', 1)));
        }
        card.change->setToolTip(
                tr("Previous: %1 %")
                        .arg(QLocale().toString(before * 100.0, 'f', before < 0.1 ? 1 : 0)));
    }
    if (!m_output->preview)
        m_baselineLoad = figure.loadShare;
    card.value->setAccessibleName(tr("%1: %2").arg(cardTitle(kLoadCard), card.value->text()));
    restyle();
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
    {
        // The load card waits for the capacity search of this output (showCapacity); an
        // output that carries its capacity (the report's) shows it at once.
        Card &card = m_cards[static_cast<std::size_t>(kLoadCard)];
        card.direction = 0;
        card.change->clear();
        card.value->setText(QStringLiteral("…"));
        card.value->setToolTip(tr("Finding the highest traffic this fleet serves within the "
                                  "SLO…"));
        card.value->setAccessibleName(tr("%1: being computed").arg(cardTitle(kLoadCard)));
    }
    // How far the calibrated model may be off, per figure (docs/model.md, "Error bands").
    const metrics::ErrorBands bands = metrics::errorBandsOf(output->current);
    const auto bandOf = [&](Kpi kpi) {
        switch (kpi) {
        case Kpi::CostPerMonth:
        case Kpi::CostPerMillionTokens:
            return bands.costFraction;
        case Kpi::TpotP95:
            return bands.tpotFraction;
        case Kpi::EnergyPerYear:
            return bands.energyFraction;
        case Kpi::CarbonPerYear:
            return bands.carbonFraction;
        default:
            return 0.0;
        }
    };
    for (int i = 0; i < kCount; ++i) {
        if (i == kLoadCard)
            continue;
        const auto kpi = static_cast<Kpi>(i);
        Card &card = m_cards[static_cast<std::size_t>(i)];
        const double now = value(output->current, kpi);
        card.value->setText(format(kpi, now));
        const double band = bandOf(kpi);
        // Under half a per cent rounds to nothing worth saying.
        card.band->setText(band >= 0.005 && std::isfinite(now) ? QStringLiteral("± %1 %").arg(
                                   QLocale().toString(band * 100.0, 'f', band < 0.095 ? 1 : 0))
                                                               : QString());
        card.band->setToolTip(
                card.band->text().isEmpty()
                        ? QString()
                        : tr("The model's own error: the median error of its calibrated "
                             "parameters against published measurements, carried to this "
                             "figure (not the run's sampling noise; tokenwatt-cli replicate "
                             "gives that)."));
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
    if (output->capacityRatePerSecond) {
        CapacityFigure figure;
        figure.generation = output->generation;
        figure.computed = true;
        figure.loadShare = output->capacityLoadShare;
        figure.capacityPerSecond = output->capacityArrivalRatePerSecond > 0.0
                                           ? output->capacityArrivalRatePerSecond
                                           : *output->capacityRatePerSecond;
        figure.lowerBound = output->capacityIsLowerBound;
        showCapacity(figure);
        return;
    }
    restyle();
}

void KpiStrip::restyle()
{
    const charts::Theme &theme = charts::theme(isDark(palette()));
    for (int i = 0; i < kCount; ++i) {
        Card &card = m_cards[static_cast<std::size_t>(i)];
        QColor colour = theme.mutedForeground;
        if (card.direction != 0 && i != kLoadCard
            && cardMetric(i).better != metrics::Better::Neither)
            colour = (card.direction < 0) == (cardMetric(i).better == metrics::Better::Lower)
                             ? theme.good
                             : theme.bad;
        // Only when it changes: setting a style sheet re-polishes the label, several ms for the
        // strip on every output otherwise.
        setStyleSheetIfChanged(card.change, QStringLiteral("color: %1;").arg(colour.name()));
        setStyleSheetIfChanged(card.title,
                               QStringLiteral("color: %1;").arg(theme.mutedForeground.name()));
        setStyleSheetIfChanged(card.band,
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

QString KpiStrip::bandText(int index) const
{
    return index >= 0 && index < kCount ? m_cards[static_cast<std::size_t>(index)].band->text()
                                        : QString();
}

QLabel *KpiStrip::changeLabel(int index) const
{
    return index >= 0 && index < kCount ? m_cards[static_cast<std::size_t>(index)].change : nullptr;
}

} // namespace tw::ui
