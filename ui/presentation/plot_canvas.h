#pragma once

#include <QPointer>
#include <QWidget>

class QCustomPlot;

namespace tw::ui {

/// Shows a QCustomPlot that lives elsewhere (an offscreen copy) by painting it at this
/// widget's size: the plot is laid out anew for the canvas, so type and lines keep their
/// size on a projector. The plot is not owned; a null or deleted plot paints white.
class PlotCanvas : public QWidget
{
    Q_OBJECT

public:
    explicit PlotCanvas(QWidget *parent = nullptr);

    void setPlot(QCustomPlot *plot);
    QCustomPlot *plot() const;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QPointer<QCustomPlot> m_plot;
};

} // namespace tw::ui
