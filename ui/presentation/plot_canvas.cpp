#include "ui/presentation/plot_canvas.h"

#include <qcustomplot.h>

namespace tw::ui {

PlotCanvas::PlotCanvas(QWidget *parent)
    : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(320, 200);
}

void PlotCanvas::setPlot(QCustomPlot *plot)
{
    m_plot = plot;
    setAccessibleName(plot != nullptr ? plot->accessibleName() : QString());
    update();
}

QCustomPlot *PlotCanvas::plot() const
{
    return m_plot.data();
}

void PlotCanvas::paintEvent(QPaintEvent *event)
{
    Q_UNUSED(event);
    QCPPainter painter(this);
    painter.fillRect(rect(), Qt::white);
    if (m_plot.isNull())
        return;
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.setMode(QCPPainter::pmNoCaching);
    m_plot->toPainter(&painter, width(), height());
}

} // namespace tw::ui
