#include "ui/charts/tornado_chart.h"

#include "core/metrics/text_format.h"
#include "ui/charts/chart_items.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace tw::ui::charts {
namespace {

/// The figure in the unit the axis shows: MWh and tonnes rather than kWh and kg.
double shown(TornadoFigure figure, double value)
{
    return figure == TornadoFigure::EnergyPerMonth || figure == TornadoFigure::CarbonPerMonth
                   ? value / 1000.0
                   : value;
}

QString inputText(const sweep::SensitivityRow &row, double value)
{
    if (row.method == sweep::SensitivityMethod::ErrorBand)
        return value < 0 ? QObject::tr("−error") : QObject::tr("+error");
    if (row.unit == "users")
        return QString::fromStdString(metrics::formatGrouped(value, 0));
    return QString::fromStdString(metrics::formatSignificant(value));
}

} // namespace

QString tornadoFigureLabel(TornadoFigure figure)
{
    switch (figure) {
    case TornadoFigure::CostPerMillion:
        return QObject::tr("Cost per 1M output tokens ($)");
    case TornadoFigure::E2eP95:
        return QObject::tr("p95 end-to-end latency (s)");
    case TornadoFigure::EnergyPerMonth:
        return QObject::tr("Facility energy (MWh a month)");
    case TornadoFigure::CarbonPerMonth:
        return QObject::tr("Carbon (t CO₂e a month)");
    }
    return {};
}

double sweep::SensitivityFigures::*tornadoField(TornadoFigure figure)
{
    switch (figure) {
    case TornadoFigure::CostPerMillion:
        return &sweep::SensitivityFigures::usdPerMillionOutputTokens;
    case TornadoFigure::E2eP95:
        return &sweep::SensitivityFigures::e2eP95Seconds;
    case TornadoFigure::EnergyPerMonth:
        return &sweep::SensitivityFigures::kwhPerMonth;
    case TornadoFigure::CarbonPerMonth:
        return &sweep::SensitivityFigures::kgCo2ePerMonth;
    }
    return &sweep::SensitivityFigures::usdPerMillionOutputTokens;
}

void setUpTornado(QCustomPlot *plot)
{
    setUpSingleRectPlot(plot, QObject::tr("What moves the result"), 2);
    plot->legend->setVisible(true);
    plot->yAxis->grid()->setVisible(false);
    plot->yAxis->setRangeReversed(true);
    plot->yAxis->setTickLength(0, 0);
    plot->yAxis->setSubTicks(false);
}

QStringList fillTornado(QCustomPlot *plot, const sweep::SensitivityResult &result,
                        TornadoFigure figure, const Theme &theme)
{
    clearContent(plot);
    const auto field = tornadoField(figure);
    const double base = shown(figure, result.base.*field);
    std::vector<const sweep::SensitivityRow *> rows;
    QStringList still;
    for (const sweep::SensitivityRow &row : result.rows) {
        if (sweep::swing(row, field) > 1e-12 * std::max(1.0, std::fabs(result.base.*field)))
            rows.push_back(&row);
        else
            still << QString::fromStdString(row.label);
    }
    std::stable_sort(rows.begin(), rows.end(), [field](const auto *a, const auto *b) {
        return sweep::swing(*a, field) > sweep::swing(*b, field);
    });

    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (std::size_t i = 0; i < rows.size(); ++i)
        ticker->addTick(static_cast<double>(i), QString::fromStdString(rows[i]->label));
    plot->yAxis->setTicker(ticker);
    const double rowSlots = std::max<double>(4.0, static_cast<double>(rows.size()));
    plot->yAxis->setRange(-0.6, rowSlots - 0.4);
    plot->xAxis->setLabel(tornadoFigureLabel(figure));

    const auto makeBars = [&](const QString &name, const QColor &colour) {
        auto *bars = new QCPBars(plot->yAxis, plot->xAxis);
        bars->setName(name);
        bars->setWidth(0.6);
        bars->setBaseValue(base);
        bars->setPen(QPen(colour.darker(115), 1));
        bars->setBrush(colour);
        return bars;
    };
    QCPBars *low = makeBars(QObject::tr("Input at the low end"), okabeIto::kBlue);
    QCPBars *high = makeBars(QObject::tr("Input at the high end"), okabeIto::kOrange);
    std::vector<double> values = {base};
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const double key = static_cast<double>(i);
        const double lowValue = shown(figure, rows[i]->low.*field);
        const double highValue = shown(figure, rows[i]->high.*field);
        // QCPBars draws a bar from its base value to base + value.
        low->addData(key, lowValue - base);
        high->addData(key, highValue - base);
        values.push_back(lowValue);
        values.push_back(highValue);
        for (const bool atHigh : {false, true}) {
            const double end = atHigh ? highValue : lowValue;
            auto *text = new QCPItemText(plot);
            text->setClipAxisRect(plot->axisRect());
            text->position->setType(QCPItemPosition::ptPlotCoords);
            text->position->setCoords(end, key);
            // A zero-length bar (the base sits at one end of the range) writes its value on the
            // side away from the other bar, which would cover it.
            const double other = atHigh ? lowValue : highValue;
            const bool right = end > base || (end == base && other < base);
            text->setPositionAlignment((right ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter);
            text->setPadding(right ? QMargins(4, 0, 0, 0) : QMargins(0, 0, 4, 0));
            text->setText(inputText(*rows[i], atHigh ? rows[i]->highValue : rows[i]->lowValue));
            text->setColor(theme.mutedForeground);
        }
    }
    const double lo = *std::min_element(values.begin(), values.end());
    const double hi = *std::max_element(values.begin(), values.end());
    const double span = std::max(hi - lo, std::fabs(base) * 0.02 + 1e-12);
    // Room on both sides for the input values written beside the bars.
    plot->xAxis->setRange(lo - 0.22 * span, hi + 0.22 * span);

    auto *line = new QCPItemStraightLine(plot);
    line->setClipAxisRect(plot->axisRect());
    line->point1->setCoords(base, 0.0);
    line->point2->setCoords(base, 1.0);
    line->point1->setAxes(plot->xAxis, plot->yAxis);
    line->point2->setAxes(plot->xAxis, plot->yAxis);
    line->setPen(QPen(theme.foreground, 1, Qt::DashLine));

    if (rows.empty())
        addNote(plot->yAxis, plot->xAxis, QObject::tr("No input moves this figure"), theme);
    // The bars hold offsets from the base, which the hover text would show as values; the
    // input values are written beside the bars instead.
    low->setProperty("twHover", false);
    high->setProperty("twHover", false);
    return still;
}

} // namespace tw::ui::charts
