#pragma once

#include "ui/render/chart_copies.h"
#include "ui/render/chart_export.h"
#include "ui/render/run_output.h"

#include <QObject>
#include <QPoint>

class QAction;
class QCustomPlot;
class QMenu;

namespace tw::ui {

class MainWindow;

/// Chart and data export for the main window: the File > Export menu, and a context menu
/// on every chart ("Export chart…", "Copy chart"). Charts are exported from styled offscreen
/// copies (ChartCopies) of the output on screen, so the window's charts are never changed;
/// exports wait for a full output (never a preview).
/// GUI thread only.
class ExportController : public QObject
{
    Q_OBJECT

public:
    explicit ExportController(MainWindow *window);

    /// File > Export: Chart…, KPI table, all results, time series and curve as CSV.
    QMenu *menu() const { return m_menu; }

    /// Opens the export dialog for the chart at @p index of ChartsPanel::plots().
    void exportChartInteractively(int index);
    /// Writes the chart at @p index of the output on screen to @p fileName; returns the
    /// problem, or an empty string on success.
    QString exportChart(int index, const QString &fileName,
                        const ChartExportSettings &settings) const;
    /// Puts the chart at @p index on the clipboard as an image of @p pixels at @p dpi.
    /// False when there is no output yet.
    bool copyChart(int index, QSize pixels = {1600, 1000}, int dpi = 144) const;

    /// Names of the charts, in ChartsPanel::plots() order (their accessible names).
    QStringList chartNames() const;

private:
    /// The output on screen when it is a full one; null before the first output and while a
    /// preview is shown (a preview must not leave the window as if it were final).
    RunOutputPtr exportable() const;
    static ChartStyle styleFor(const RunOutput &output);
    void showChartMenu(QCustomPlot *plot, const QPoint &globalPos);
    void saveCsv(const QString &what, const QString &suffix, QByteArray (*csv)(const RunOutput &));
    void updateActions();
    QString baseName(const QString &what) const;

    MainWindow *m_window;
    QMenu *m_menu = nullptr;
    QList<QAction *> m_needOutput;
};

} // namespace tw::ui
