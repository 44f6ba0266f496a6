#include "ui/charts/chart_hover.h"

#include "ui/charts/chart_style.h"

#include <qcustomplot.h>

#include <QToolTip>

#include <cmath>
#include <limits>

namespace tw::ui::charts {

namespace {

constexpr double kMaxDistancePixels = 24.0;

QString withUnit(const QObject *object, const char *property, double value)
{
    const QString unit = object->property(property).toString();
    if (unit == QLatin1String("s"))
        return formatSeconds(value);
    if (unit.contains(QLatin1String("%1")))
        return unit.arg(formatNumber(value));
    if (unit.isEmpty())
        return formatNumber(value);
    return QStringLiteral("%1 %2").arg(formatNumber(value), unit);
}

bool hoverable(const QCPAbstractPlottable *plottable)
{
    const QVariant flag = plottable->property("twHover");
    return plottable->visible() && (!flag.isValid() || flag.toBool());
}

QString graphText(QCustomPlot *plot, const QCPGraph *graph, const QCPGraphData &point)
{
    QString text = QStringLiteral("<b>%1</b><br>%2")
                           .arg(graph->name().toHtmlEscaped(),
                                withUnit(graph, "twHoverUnit", point.value).toHtmlEscaped());
    if (plot->property("twHoverXUnit").isValid())
        text += QStringLiteral("<br>at %1")
                        .arg(withUnit(plot, "twHoverXUnit", point.key).toHtmlEscaped());
    if (graph->property("twOverloaded").toBool())
        text += QStringLiteral("<br><i>overloaded</i>");
    return text;
}

QString barText(const QCPBars *bars, int index)
{
    const QCPBarsData &point = *(bars->data()->constBegin() + index);
    QString category;
    if (auto ticker = bars->keyAxis()->ticker().dynamicCast<QCPAxisTickerText>())
        category = ticker->ticks().value(point.key);
    QString text = QStringLiteral("<b>%1</b>").arg(bars->name().toHtmlEscaped());
    if (!category.isEmpty())
        text += QStringLiteral(" (%1)").arg(QString(category).replace('\n', ' ').toHtmlEscaped());
    return text
           + QStringLiteral("<br>%1").arg(
                   withUnit(bars, "twHoverUnit", point.value).toHtmlEscaped());
}

} // namespace

QString hoverText(QCustomPlot *plot, const QPointF &pos)
{
    double best = std::numeric_limits<double>::infinity();
    QString text;
    for (int i = 0; i < plot->plottableCount(); ++i) {
        QCPAbstractPlottable *plottable = plot->plottable(i);
        if (!hoverable(plottable))
            continue;
        if (auto *bars = qobject_cast<QCPBars *>(plottable)) {
            QVariant details;
            const double distance = bars->selectTest(pos, false, &details);
            const auto selection = details.value<QCPDataSelection>();
            if (distance >= 0.0 && distance < best && !selection.isEmpty()) {
                best = distance;
                text = barText(bars, selection.dataRange().begin());
            }
            continue;
        }
        auto *graph = qobject_cast<QCPGraph *>(plottable);
        if (graph == nullptr || !graph->keyAxis()->axisRect()->rect().contains(pos.toPoint()))
            continue;
        for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it) {
            if (!std::isfinite(it->value))
                continue;
            const QPointF pixel = graph->coordsToPixels(it->key, it->value);
            const double distance = std::hypot(pixel.x() - pos.x(), pixel.y() - pos.y());
            if (distance <= kMaxDistancePixels && distance < best) {
                best = distance;
                text = graphText(plot, graph, *it);
            }
        }
    }
    return text;
}

void installHoverTooltips(QCustomPlot *plot)
{
    plot->setMouseTracking(true);
    QObject::connect(plot, &QCustomPlot::mouseMove, plot, [plot](QMouseEvent *event) {
        const QString text = hoverText(plot, event->position());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(event->globalPosition().toPoint(), text, plot);
    });
}

} // namespace tw::ui::charts
