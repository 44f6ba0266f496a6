#pragma once

#include "ui/charts/chart_ids.h"
#include "ui/render/run_output.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <memory>

class QCustomPlot;

namespace tw::ui {

class ChartsPanel;

/// How an exported or presented chart looks: the light theme on white, type sized for a
/// slide or a page, and an optional footer line (scenario name and date).
struct ChartStyle
{
    double titlePointSize = 15.0;
    double labelPointSize = 11.5; ///< axis labels, legend
    double tickPointSize = 10.5;  ///< tick labels, notes in the plot
    QString footer;               ///< empty: no footer
};

/// "Chat assistant on Llama 3.1 70B · 21 Nov 2026 · TokenWatt": the footer of an exported chart.
QString chartFooter(const QString &scenarioName, const QDateTime &when);

/// Applies @p style to @p plot: fonts of the title, axes, legend and text items, the light
/// theme's colours, and the footer in a row of its own below everything else. Meant for a copy
/// (ChartCopies), never for a chart on screen.
void applyChartStyle(QCustomPlot *plot, const ChartStyle &style);

/// Offscreen copies of every chart of the window for one output, styled with a ChartStyle.
/// They are filled by a ChartsPanel of their own (never shown), so a copy shows exactly what
/// the window's chart shows, and styling a copy never touches the chart on screen. Paint them
/// with QCustomPlot::toPainter or the functions of chart_export.h. GUI thread only.
class ChartCopies
{
public:
    ChartCopies(const RunOutputPtr &output, const ChartStyle &style);
    ~ChartCopies();
    ChartCopies(const ChartCopies &) = delete;
    ChartCopies &operator=(const ChartCopies &) = delete;

    /// Every chart, in kCharts order.
    QList<QCustomPlot *> plots() const;
    /// The copy of chart @p id.
    QCustomPlot *plot(ChartId id) const;

private:
    std::unique_ptr<ChartsPanel> m_panel;
};

} // namespace tw::ui
