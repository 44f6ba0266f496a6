#include "ui/charts/chart_items.h"

#include "ui/charts/chart_style.h"

#include <qcustomplot.h>

namespace tw::ui::charts {

QCPGraph *addLineGraph(QCPAxis *keyAxis, QCPAxis *valueAxis, const QString &name,
                       const QColor &colour, const std::vector<double> &keys,
                       const std::vector<double> &values, const QString &unit)
{
    QCustomPlot *plot = keyAxis->parentPlot();
    QCPGraph *graph = plot->addGraph(keyAxis, valueAxis);
    graph->setName(name);
    graph->setPen(QPen(colour, 2));
    graph->setData(QVector<double>(keys.begin(), keys.end()),
                   QVector<double>(values.begin(), values.end()), true);
    setHoverUnit(graph, unit);
    return graph;
}

namespace {

void placeInRect(QCPItemPosition *position, QCPAxis *keyAxis, QCPAxis *valueAxis)
{
    position->setAxes(keyAxis, valueAxis);
    position->setAxisRect(keyAxis->axisRect());
    position->setTypeX(QCPItemPosition::ptPlotCoords);
    position->setTypeY(QCPItemPosition::ptAxisRectRatio);
}

} // namespace

void shadeKeyRange(QCPAxis *keyAxis, QCPAxis *valueAxis, double from, double to,
                   const QString &label, const Theme &theme)
{
    QCustomPlot *plot = keyAxis->parentPlot();
    auto *rect = new QCPItemRect(plot);
    rect->setClipAxisRect(keyAxis->axisRect());
    placeInRect(rect->topLeft, keyAxis, valueAxis);
    placeInRect(rect->bottomRight, keyAxis, valueAxis);
    rect->topLeft->setCoords(from, 0.0);
    rect->bottomRight->setCoords(to, 1.0);
    rect->setPen(Qt::NoPen);
    rect->setBrush(QBrush(theme.shade));
    rect->setLayer(QStringLiteral("background"));
    if (label.isEmpty())
        return;
    auto *text = new QCPItemText(plot);
    text->setClipAxisRect(keyAxis->axisRect());
    placeInRect(text->position, keyAxis, valueAxis);
    // At the bottom left: series drawn from zero rarely reach down there, and a short region
    // lets the text run on past its end rather than be cut at the axis.
    text->position->setCoords(from, 1.0);
    text->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
    text->setPadding(QMargins(2, 3, 2, 2));
    text->setText(label);
    text->setColor(theme.mutedForeground);
    QFont font = plot->font();
    font.setPointSizeF(font.pointSizeF() - 1.0);
    text->setFont(font);
}

QCPItemText *addVerticalMarker(QCPAxis *keyAxis, QCPAxis *valueAxis, double key,
                               const QString &label, const QColor &colour)
{
    QCustomPlot *plot = keyAxis->parentPlot();
    auto *line = new QCPItemStraightLine(plot);
    line->setClipAxisRect(keyAxis->axisRect());
    placeInRect(line->point1, keyAxis, valueAxis);
    placeInRect(line->point2, keyAxis, valueAxis);
    line->point1->setCoords(key, 0.0);
    line->point2->setCoords(key, 1.0);
    line->setPen(QPen(colour, 1.5, Qt::DashLine));
    auto *text = new QCPItemText(plot);
    text->setClipAxisRect(keyAxis->axisRect());
    placeInRect(text->position, keyAxis, valueAxis);
    text->position->setCoords(key, 0.0);
    text->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    text->setPadding(QMargins(4, 2, 2, 2));
    text->setText(label);
    text->setColor(colour);
    return text;
}

QCPItemText *addNote(QCPAxis *keyAxis, QCPAxis *valueAxis, const QString &text, const Theme &theme,
                     Qt::Alignment where)
{
    auto *item = new QCPItemText(keyAxis->parentPlot());
    item->setClipAxisRect(keyAxis->axisRect());
    item->position->setAxes(keyAxis, valueAxis);
    item->position->setAxisRect(keyAxis->axisRect());
    item->position->setType(QCPItemPosition::ptAxisRectRatio);
    double x = 0.5, y = 0.5;
    if (where & Qt::AlignLeft)
        x = 0.0;
    else if (where & Qt::AlignRight)
        x = 1.0;
    if (where & Qt::AlignTop)
        y = 0.0;
    else if (where & Qt::AlignBottom)
        y = 1.0;
    item->position->setCoords(x, y);
    item->setPositionAlignment(where);
    item->setTextAlignment(where & Qt::AlignHorizontal_Mask);
    item->setPadding(QMargins(6, 4, 6, 4));
    item->setText(text);
    item->setColor(theme.mutedForeground);
    return item;
}

void clearContent(QCustomPlot *plot)
{
    plot->clearItems();
    plot->clearPlottables();
}

void queueReplot(QCustomPlot *plot)
{
    // QCustomPlot sets its buffer ratio once at construction; a window moved to a screen of
    // another scale needs it updated, or the plot is drawn blurred.
    const double ratio = plot->devicePixelRatioF();
    if (!qFuzzyCompare(plot->bufferDevicePixelRatio(), ratio))
        plot->setBufferDevicePixelRatio(ratio);
    plot->replot(QCustomPlot::rpQueuedReplot);
}

bool hasData(QCustomPlot *plot)
{
    for (int i = 0; i < plot->plottableCount(); ++i) {
        QCPAbstractPlottable *plottable = plot->plottable(i);
        if (const auto *graph = qobject_cast<QCPGraph *>(plottable)) {
            if (!graph->data()->isEmpty())
                return true;
        } else if (const auto *bars = qobject_cast<QCPBars *>(plottable)) {
            if (!bars->data()->isEmpty())
                return true;
        }
    }
    return false;
}

QString unitOfLabel(const QString &label)
{
    const qsizetype open = label.lastIndexOf(QLatin1Char('('));
    const qsizetype close = label.lastIndexOf(QLatin1Char(')'));
    if (open < 0 || close <= open)
        return {};
    return label.mid(open + 1, close - open - 1).trimmed();
}

QString nameOfLabel(const QString &label)
{
    const qsizetype open = label.lastIndexOf(QLatin1Char('('));
    return (open < 0 ? label : label.left(open)).trimmed();
}

} // namespace tw::ui::charts
