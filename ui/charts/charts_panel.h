#pragma once

#include "ui/charts/chart_ids.h"
#include "ui/render/run_output.h"

#include <QList>
#include <QSet>
#include <QWidget>

#include <array>
#include <optional>

class QCPItemText;
class QCustomPlot;
class QTabWidget;

namespace tw::ui {

namespace charts {
struct TimePlots;
struct CurvePlots;
struct BreakdownPlots;
} // namespace charts

/// The charts of the main window, on three tabs: over simulated time, across the swept lever,
/// and breakdowns of the current scenario. Shows one RunOutput at a time; outputs older than
/// the one shown are ignored. Updating the data is immediate, drawing is queued
/// (QCustomPlot::rpQueuedReplot), so a burst of outputs costs at most one replot per frame, and
/// only the plots on the visible tab are drawn (the others when their tab is shown).
/// GUI thread only.
class ChartsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ChartsPanel(QWidget *parent = nullptr);
    ~ChartsPanel() override;

    /// Shows @p output unless it is null or its generation is older than the one shown.
    void showOutput(const RunOutputPtr &output);
    /// The output on screen, or null before the first.
    RunOutputPtr shownOutput() const { return m_output; }

    /// Dark or light plot colours (QCustomPlot does not follow the widget palette).
    void setDarkTheme(bool dark);
    bool isDarkTheme() const { return m_dark; }

    /// Number of line graphs (QCPGraph) over all plots; bars are not counted.
    int graphCount() const;
    /// True when every plot shows data from the current output.
    bool allChartsHaveData() const;

    /// Every plot, in tab order (kCharts).
    QList<QCustomPlot *> plots() const;
    QTabWidget *tabs() const { return m_tabs; }

    /// The chart @p id (kCharts lists them).
    QCustomPlot *plot(ChartId id) const { return m_plots[static_cast<std::size_t>(indexOf(id))]; }

    /// The lever value where self-hosting meets the API price on the shown curve, if any.
    std::optional<double> breakEvenValue() const { return m_breakEven; }
    /// The break-even label on the cost curve (its position is the break-even point), or null.
    QCPItemText *breakEvenLabel() const { return m_breakEvenLabel; }

signals:
    /// Emitted after the plots' data has been replaced (the replot follows in the event loop).
    void outputShown(quint64 generation);
    /// The user asked for @p plot's context menu (right click or the menu key) at @p globalPos;
    /// the window's export controller shows it.
    void chartContextMenuRequested(QCustomPlot *plot, const QPoint &globalPos);

protected:
    void showEvent(QShowEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void render();
    charts::TimePlots timePlots() const;
    charts::CurvePlots curvePlots() const;
    charts::BreakdownPlots breakdownPlots() const;
    void replotAll();
    void replotStaleVisible();

    QTabWidget *m_tabs = nullptr;
    std::array<QCustomPlot *, kChartCount> m_plots{}; ///< in kCharts order
    int m_curveTab = -1;

    RunOutputPtr m_output;
    bool m_dark = false;
    std::optional<double> m_breakEven;
    QCPItemText *m_breakEvenLabel = nullptr; ///< owned by the cost curve, reset on every render
    bool m_screenConnected = false;
    QSet<QCustomPlot *> m_stale; ///< plots whose data changed while hidden
};

} // namespace tw::ui
