#pragma once

#include "ui/render/run_output.h"

#include <QMainWindow>

class QAction;
class QDockWidget;
class QLabel;
class QProgressBar;
class QTimer;

namespace tw::ui {

class CapacityRunner;
class ChartsPanel;
class CompareView;
class ExportController;
class KpiStrip;
class PlanPanel;
class SensitivityPanel;
class PresentationController;
class ReportController;
class ScenarioDocument;
class ScenarioPanel;
class SimulationRunner;
class WorkbookController;

/// The TokenWatt window: KPI strip and charts in the middle, the scenario's levers in a dock,
/// menus, and a status bar summarising the last run. Wires the document (edits, undo) to the
/// runner (background simulation) and the runner's outputs to the views; holds no simulation
/// logic of its own. GUI thread only.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Starts a new unsaved workbook holding a built-in example (no prompt); false (with a
    /// message in the status bar) if unknown.
    bool loadExample(const QString &name);
    /// File handling: workbook, title, unsaved-work prompt, autosave (ui/workbook/).
    WorkbookController *workbook() const { return m_workbook; }
    /// View > Compare: created when first shown.
    CompareView *compareView();
    /// Tools > Plan: the right-sizing panel, docked below the charts; created when first shown.
    PlanPanel *planPanel();
    /// The plan panel if it was ever shown, else null.
    PlanPanel *existingPlanPanel() const { return m_plan; }
    /// Shows and raises the plan panel.
    void showPlanPanel();
    /// Tools > Sensitivity: the tornado of the scenario shown, docked with the plan panel;
    /// created when first shown, analysed after every full output while visible.
    SensitivityPanel *sensitivityPanel();
    SensitivityPanel *existingSensitivityPanel() const { return m_sensitivity; }
    void showSensitivityPanel();
    /// Switches the theme of the whole application and of the charts; remembered in QSettings.
    void setDarkTheme(bool dark);
    bool isDarkTheme() const { return m_dark; }

    ScenarioDocument *document() const { return m_document; }
    SimulationRunner *runner() const { return m_runner; }
    CapacityRunner *capacityRunner() const { return m_capacity; }
    ChartsPanel *charts() const { return m_charts; }
    KpiStrip *kpis() const { return m_kpis; }
    ScenarioPanel *scenarioPanel() const { return m_panel; }
    QLabel *statusSummary() const { return m_summary; }
    /// The output on screen (null before the first).
    RunOutputPtr shownOutput() const { return m_shown; }

signals:
    /// Every view shows @p output (charts' data replaced, KPIs updated; replots are queued).
    void outputPresented(const tw::ui::RunOutputPtr &output);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    void buildStatusBar();
    void requestRun();
    void present(const RunOutputPtr &output);
    void requestSensitivity();
    void presentRefinedCurve(const RunOutputPtr &output);
    void describeCurve(const RunOutputPtr &output, bool refined);
    void showAbout();
    void restoreSettings();
    void saveSettings() const;

    ScenarioDocument *m_document = nullptr;
    SimulationRunner *m_runner = nullptr;
    CapacityRunner *m_capacity = nullptr; ///< the load card's capacity search after full runs
    ChartsPanel *m_charts = nullptr;
    KpiStrip *m_kpis = nullptr;
    ScenarioPanel *m_panel = nullptr;
    QDockWidget *m_dock = nullptr;
    WorkbookController *m_workbook = nullptr;
    QDockWidget *m_scenariosDock = nullptr; ///< the workbook's scenario list
    QDockWidget *m_compareDock = nullptr;
    CompareView *m_compare = nullptr;
    QDockWidget *m_planDock = nullptr;
    PlanPanel *m_plan = nullptr;
    QDockWidget *m_sensitivityDock = nullptr;
    SensitivityPanel *m_sensitivity = nullptr;
    ExportController *m_exports = nullptr;            ///< File > Export, chart menus
    ReportController *m_reports = nullptr;            ///< File > Create report
    PresentationController *m_presentation = nullptr; ///< View > Presentation mode
    QAction *m_darkAction = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_busyLabel = nullptr;
    QProgressBar *m_busyBar = nullptr;
    QTimer *m_busyDelay = nullptr;
    RunOutputPtr m_shown;
    bool m_dark = false;
};

} // namespace tw::ui
