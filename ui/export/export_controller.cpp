#include "ui/export/export_controller.h"

#include "ui/settings_keys.h"

#include "ui/charts/charts_panel.h"
#include "ui/render/chart_copies.h"
#include "ui/render/csv_export.h"
#include "ui/export/export_dialog.h"
#include "ui/main_window.h"

#include <qcustomplot.h>

#include <QAction>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QGuiApplication>
#include <QMenu>
#include <QMessageBox>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>

namespace tw::ui {
namespace {

/// "Chat assistant on Llama 3.1 70B" -> "chat-assistant-on-llama-3-1-70b".
QString slug(const QString &text)
{
    QString out = text.toLower();
    out.replace(QRegularExpression(QStringLiteral("[^a-z0-9]+")), QStringLiteral("-"));
    return out.section(QLatin1Char('-'), 0, -1, QString::SectionSkipEmpty).left(60);
}

} // namespace

ExportController::ExportController(MainWindow *window)
    : QObject(window)
    , m_window(window)
    , m_menu(new QMenu(tr("E&xport"), window))
{
    m_menu->setObjectName(QStringLiteral("exportMenu"));
    QAction *chart = m_menu->addAction(tr("&Chart…"), this, [this] {
        const QList<QCustomPlot *> plots = m_window->charts()->plots();
        // Start from the first chart on the visible tab.
        int index = 0;
        for (int i = 0; i < plots.size(); ++i)
            if (plots[i]->isVisible()) {
                index = i;
                break;
            }
        exportChartInteractively(index);
    });
    chart->setStatusTip(tr("Save a chart as PNG, SVG or PDF, styled for slides and documents"));
    m_menu->addSeparator();
    QAction *kpis = m_menu->addAction(tr("&KPI table (CSV)…"), this, [this] {
        saveCsv(tr("KPI table"), QStringLiteral("kpis"), &kpiTableCsv);
    });
    QAction *results = m_menu->addAction(tr("All &results (CSV)…"), this, [this] {
        saveCsv(tr("All results"), QStringLiteral("results"), &resultsCsv);
    });
    QAction *series = m_menu->addAction(tr("&Time series (CSV)…"), this, [this] {
        saveCsv(tr("Time series"), QStringLiteral("timeseries"), &timeSeriesCsv);
    });
    QAction *curve = m_menu->addAction(tr("C&urve across the lever (CSV)…"), this, [this] {
        saveCsv(tr("Curve"), QStringLiteral("curve"), &curveCsv);
    });
    m_needOutput = {chart, kpis, results, series, curve};
    connect(window->charts(), &ChartsPanel::chartContextMenuRequested, this,
            &ExportController::showChartMenu);
    connect(window, &MainWindow::outputPresented, this, &ExportController::updateActions);
    updateActions();
}

QStringList ExportController::chartNames() const
{
    QStringList names;
    for (const QCustomPlot *plot : m_window->charts()->plots())
        names << plot->accessibleName();
    return names;
}

RunOutputPtr ExportController::exportable() const
{
    const RunOutputPtr output = m_window->shownOutput();
    return output && !output->preview ? output : RunOutputPtr();
}

ChartStyle ExportController::styleFor(const RunOutput &output)
{
    ChartStyle style;
    style.footer = chartFooter(QString::fromStdString(output.current.scenarioName),
                               QDateTime::currentDateTime());
    return style;
}

void ExportController::updateActions()
{
    const bool ready = exportable() != nullptr;
    for (QAction *action : m_needOutput)
        action->setEnabled(ready);
}

QString ExportController::baseName(const QString &what) const
{
    const RunOutputPtr output = exportable();
    const QString scenario = output ? QString::fromStdString(output->current.scenarioName)
                                    : QStringLiteral("tokenwatt");
    return slug(scenario) + QLatin1Char('-') + slug(what);
}

void ExportController::exportChartInteractively(int index)
{
    if (!exportable())
        return;
    const QStringList names = chartNames();
    ExportDialog dialog(names, index, baseName(names.value(index)), m_window);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString problem = exportChart(dialog.chartIndex(), dialog.fileName(), dialog.settings());
    if (!problem.isEmpty())
        QMessageBox::warning(m_window, tr("Export chart"), tr("Not exported: %1").arg(problem));
    else
        m_window->statusBar()->showMessage(
                tr("Chart saved to %1").arg(QDir::toNativeSeparators(dialog.fileName())), 6000);
}

QString ExportController::exportChart(int index, const QString &fileName,
                                      const ChartExportSettings &settings) const
{
    const RunOutputPtr output = exportable();
    if (!output)
        return m_window->shownOutput()
                       ? tr("the figures on screen are a preview; export once the full run is "
                            "shown")
                       : tr("no results to export yet");
    const std::optional<ChartId> chart = chartAt(index);
    if (!chart)
        return tr("chart: must be 0 to %1, got %2").arg(kChartCount - 1).arg(index);
    const ChartCopies copies(output, styleFor(*output));
    QCustomPlot *plot = copies.plot(*chart);
    ChartExportSettings withTitle = settings;
    if (withTitle.title.isEmpty())
        withTitle.title = plot->accessibleName();
    return ui::exportChart(plot, fileName, withTitle);
}

bool ExportController::copyChart(int index, QSize pixels, int dpi) const
{
    const RunOutputPtr output = exportable();
    if (!output)
        return false;
    const std::optional<ChartId> chart = chartAt(index);
    if (!chart)
        return false;
    const ChartCopies copies(output, styleFor(*output));
    QCustomPlot *plot = copies.plot(*chart);
    QGuiApplication::clipboard()->setImage(renderChartImage(plot, pixels, dpi));
    return true;
}

void ExportController::showChartMenu(QCustomPlot *plot, const QPoint &globalPos)
{
    const int index = static_cast<int>(m_window->charts()->plots().indexOf(plot));
    QMenu menu(m_window);
    QAction *exportAction = menu.addAction(tr("Export chart…"), this,
                                           [this, index] { exportChartInteractively(index); });
    QAction *copyAction = menu.addAction(tr("Copy chart"), this, [this, index] {
        if (copyChart(index))
            m_window->statusBar()->showMessage(tr("Chart copied to the clipboard"), 4000);
    });
    const bool ready = exportable() != nullptr && index >= 0;
    exportAction->setEnabled(ready);
    copyAction->setEnabled(ready);
    menu.exec(globalPos);
}

void ExportController::saveCsv(const QString &what, const QString &suffix,
                               QByteArray (*csv)(const RunOutput &))
{
    const RunOutputPtr output = exportable();
    if (!output)
        return;
    QSettings settings;
    QString directory = settings.value(settings::kExportDirectory).toString();
    if (directory.isEmpty() || !QDir(directory).exists())
        directory = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString file = QFileDialog::getSaveFileName(
            m_window, tr("Export %1").arg(what.toLower()),
            QDir(directory).filePath(baseName(suffix) + QStringLiteral(".csv")),
            tr("CSV files (*.csv)"));
    if (file.isEmpty())
        return;
    settings.setValue(settings::kExportDirectory, QFileInfo(file).absolutePath());
    QSaveFile out(file); // the previous file stays intact if writing fails
    if (!out.open(QIODevice::WriteOnly) || out.write(csv(*output)) < 0 || !out.commit()) {
        QMessageBox::warning(m_window, tr("Export"),
                             tr("Not exported: cannot write '%1'").arg(file));
        return;
    }
    m_window->statusBar()->showMessage(
            tr("%1 saved to %2").arg(what, QDir::toNativeSeparators(file)), 6000);
}

} // namespace tw::ui
