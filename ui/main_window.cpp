#include "ui/main_window.h"

#include "ui/capacity_runner.h"

#include "ui/settings_keys.h"

#include "core/metrics/text_format.h"
#include "core/run/curve_plan.h"
#include "core/scenario_io/examples.h"
#include "ui/charts/charts_panel.h"
#include "ui/charts/kpi_strip.h"
#include "ui/compare/compare_view.h"
#include "ui/export/export_controller.h"
#include "ui/export/report_controller.h"
#include "ui/plan/plan_panel.h"
#include "ui/plan/sensitivity_panel.h"
#include "ui/presentation/presentation_controller.h"
#include "ui/scenario_document.h"
#include "ui/scenario_panel.h"
#include "ui/simulation_runner.h"
#include "ui/theme.h"
#include "ui/workbook/scenario_list_panel.h"
#include "ui/workbook/workbook_controller.h"
#include "ui/workbook/workbook_session.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>
#include <QUndoStack>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <algorithm>

namespace tw::ui {
namespace {

QString fromStd(const std::string &text)
{
    return QString::fromStdString(text);
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_document(new ScenarioDocument(this))
    , m_runner(new SimulationRunner(this))
    , m_capacity(new CapacityRunner(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QStringLiteral("TokenWatt[*]"));

    auto *central = new QWidget(this);
    auto *column = new QVBoxLayout(central);
    column->setContentsMargins(6, 6, 6, 0);
    column->setSpacing(6);
    m_kpis = new KpiStrip(central);
    m_charts = new ChartsPanel(central);
    column->addWidget(m_kpis);
    column->addWidget(m_charts, 1);
    setCentralWidget(central);

    m_panel = new ScenarioPanel(m_document, this);
    m_dock = new QDockWidget(tr("Scenario"), this);
    m_dock->setObjectName(QStringLiteral("scenarioDock"));
    m_dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable
                        | QDockWidget::DockWidgetClosable);
    m_dock->setWidget(m_panel);
    addDockWidget(Qt::LeftDockWidgetArea, m_dock);

    m_workbook = new WorkbookController(this);
    m_scenariosDock = new QDockWidget(tr("Scenarios"), this);
    m_scenariosDock->setObjectName(QStringLiteral("scenariosDock"));
    m_scenariosDock->setWidget(new ScenarioListPanel(
            m_workbook->session(),
            [this](const QString &name) { return m_workbook->dialogs().confirmDelete(name); },
            m_scenariosDock));
    addDockWidget(Qt::LeftDockWidgetArea, m_scenariosDock);
    splitDockWidget(m_scenariosDock, m_dock, Qt::Vertical);

    m_exports = new ExportController(this);
    m_reports = new ReportController(this);
    m_presentation = new PresentationController(this);
    buildMenus();
    buildStatusBar();

    connect(m_document, &ScenarioDocument::scenarioChanged, this, &MainWindow::requestRun);
    connect(m_document, &ScenarioDocument::editRefused, this, [this](const QString &message) {
        statusBar()->showMessage(
                tr("Not applied: %1").arg(message.section(QLatin1Char('\n'), 0, 0)), 8000);
    });
    connect(m_runner, &SimulationRunner::resultsReady, this, &MainWindow::present);
    connect(m_capacity, &CapacityRunner::capacityReady, m_kpis, &KpiStrip::showCapacity);
    connect(m_runner, &SimulationRunner::curveRefined, this, &MainWindow::presentRefinedCurve);
    connect(m_runner, &SimulationRunner::runFailed, this, [this](const QString &message) {
        m_summary->setText(
                tr("Simulation refused: %1").arg(message.section(QLatin1Char('\n'), 0, 0)));
        m_summary->setToolTip(message);
    });
    connect(m_runner, &SimulationRunner::busyChanged, this, [this](bool busy) {
        if (busy) {
            m_busyDelay->start(); // only runs longer than a blink show the indicator
        } else {
            m_busyDelay->stop();
            m_busyBar->hide();
            m_busyLabel->hide();
        }
    });
    connect(m_runner, &SimulationRunner::progressChanged, this,
            [this](double fraction) { m_busyBar->setValue(static_cast<int>(fraction * 1000.0)); });

    restoreSettings();
}

MainWindow::~MainWindow() = default;

bool MainWindow::loadExample(const QString &name)
{
    return m_workbook->session()->resetToExample(name);
}

void MainWindow::setDarkTheme(bool dark)
{
    m_dark = dark;
    if (auto *application = qobject_cast<QApplication *>(QCoreApplication::instance()))
        applyTheme(*application, dark);
    m_charts->setDarkTheme(dark);
    if (m_compare)
        m_compare->setDarkTheme(dark);
    if (m_sensitivity)
        m_sensitivity->setDarkTheme(dark);
    if (m_darkAction->isChecked() != dark)
        m_darkAction->setChecked(dark);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    m_workbook->addActions(file);
    QMenu *examples = file->addMenu(tr("Open &example"));
    examples->setObjectName(QStringLiteral("examplesMenu"));
    for (const scenario::Example &example : scenario::examples()) {
        const QString name = fromStd(example.name);
        QAction *action = examples->addAction(name, this,
                                              [this, name] { m_workbook->newFromExample(name); });
        action->setStatusTip(fromStd(example.summary));
        action->setToolTip(fromStd(example.summary));
    }
    examples->setToolTipsVisible(true);
    file->addSeparator();
    file->addMenu(m_exports->menu());
    file->addAction(m_reports->action());
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *undo = m_document->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction *redo = m_document->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addAction(tr("Reset to &example"), m_document, &ScenarioDocument::resetToExample)
            ->setStatusTip(tr("Go back to the example as shipped (undoable)"));

    QMenu *view = menuBar()->addMenu(tr("&View"));
    m_darkAction = view->addAction(tr("&Dark theme"));
    m_darkAction->setCheckable(true);
    m_darkAction->setShortcut(QKeySequence(tr("Ctrl+Shift+D")));
    connect(m_darkAction, &QAction::toggled, this, &MainWindow::setDarkTheme);
    view->addSeparator();
    QAction *panel = m_dock->toggleViewAction();
    panel->setText(tr("&Scenario panel"));
    view->addAction(panel);
    QAction *scenarios = m_scenariosDock->toggleViewAction();
    scenarios->setText(tr("S&cenarios list"));
    view->addAction(scenarios);
    QAction *compare = view->addAction(tr("&Compare…"), this, [this] {
        compareView();
        m_compareDock->show();
        m_compareDock->raise();
    });
    compare->setShortcut(QKeySequence(tr("Ctrl+K")));
    compare->setStatusTip(tr("Compare two to four scenarios side by side"));
    view->addAction(m_presentation->action());

    QMenu *tools = menuBar()->addMenu(tr("&Tools"));
    QAction *plan = tools->addAction(tr("&Plan the fleet…"), this, &MainWindow::showPlanPanel);
    plan->setObjectName(QStringLiteral("planAction"));
    plan->setShortcut(QKeySequence(tr("Ctrl+Shift+P")));
    plan->setStatusTip(tr("Find the cheapest GPUs, replicas, precision and offer that serve this "
                          "traffic within the SLO"));
    QAction *sensitivity = tools->addAction(tr("&Sensitivity (tornado)…"), this,
                                            &MainWindow::showSensitivityPanel);
    sensitivity->setObjectName(QStringLiteral("sensitivityAction"));
    sensitivity->setShortcut(QKeySequence(tr("Ctrl+Shift+T")));
    sensitivity->setStatusTip(tr("Which input moves cost, latency, energy and carbon most: each "
                                 "moved across its range"));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About TokenWatt"), this, &MainWindow::showAbout)
            ->setMenuRole(QAction::AboutRole);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt)
            ->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::buildStatusBar()
{
    m_summary = new QLabel(tr("Waiting for the first results…"), this);
    m_summary->setObjectName(QStringLiteral("statusSummary"));
    m_busyLabel = new QLabel(tr("Simulating…"), this);
    m_busyBar = new QProgressBar(this);
    m_busyBar->setRange(0, 1000);
    m_busyBar->setTextVisible(false);
    m_busyBar->setFixedWidth(110);
    m_busyBar->setMaximumHeight(14);
    m_busyBar->setAccessibleName(tr("Simulation progress"));
    m_busyBar->hide();
    m_busyLabel->hide();
    statusBar()->addPermanentWidget(m_busyLabel);
    statusBar()->addPermanentWidget(m_busyBar);
    statusBar()->addPermanentWidget(m_summary);

    m_busyDelay = new QTimer(this);
    m_busyDelay->setSingleShot(true);
    m_busyDelay->setInterval(150);
    connect(m_busyDelay, &QTimer::timeout, this, [this] {
        m_busyBar->setValue(0);
        m_busyBar->show();
        m_busyLabel->show();
    });
}

void MainWindow::requestRun()
{
    m_capacity->cancel(); // its scenario is no longer the one shown; free the cores for the run
    const scenario::Scenario &scenario = m_document->scenario();
    m_runner->request(scenario, QString::fromStdString(run::curve::defaultSweepPath(scenario)),
                      m_document->apiComparison());
}

void MainWindow::present(const RunOutputPtr &output)
{
    m_shown = output;
    m_kpis->showOutput(output);
    // The load card: a capacity search (about ten runs) after each full output, never inside
    // a drag's previews; a newer output cancels it.
    if (output->preview)
        m_capacity->cancel();
    else
        m_capacity->request(m_document->scenario(), output->generation);
    m_charts->showOutput(output);
    const metrics::Results &r = output->current;
    const QString took = QString::number(output->elapsedMilliseconds, 'f', 0);
    if (output->preview)
        m_summary->setText(
                tr("Preview: %1 requests · first %2 of %3 simulated · %4 ms · full "
                   "run when edits pause")
                        .arg(fromStd(metrics::formatCount(r.arrivedRequests)),
                             fromStd(metrics::formatDuration(r.horizonSeconds)),
                             fromStd(metrics::formatDuration(output->scenarioHorizonSeconds)),
                             took));
    else
        m_summary->setText(tr("%1 requests · %2 simulated · %3 ms")
                                   .arg(fromStd(metrics::formatCount(r.arrivedRequests)),
                                        fromStd(metrics::formatDuration(r.horizonSeconds)), took));
    // Parameters borrowed from another GPU generation or software are said where the user
    // looks after every run; the tooltip names each deployment's source.
    const bool borrowed
            = std::any_of(r.deployments.begin(), r.deployments.end(),
                          [](const metrics::DeploymentResults &d) { return d.parametersBorrowed; });
    if (borrowed)
        m_summary->setText(m_summary->text() + tr(" · ⚠ borrowed parameters"));
    const bool outside = std::any_of(
            r.deployments.begin(), r.deployments.end(),
            [](const metrics::DeploymentResults &d) { return !d.outsideMeasuredRange.empty(); });
    if (outside)
        m_summary->setText(m_summary->text() + tr(" · ⚠ outside the measured range"));
    describeCurve(output, false);
    if (!output->preview)
        requestSensitivity();
    emit outputPresented(output);
}

void MainWindow::presentRefinedCurve(const RunOutputPtr &output)
{
    // Same scenario results: the KPIs (and their change since the previous edit) stay.
    m_shown = output;
    m_charts->showOutput(output);
    describeCurve(output, true);
}

void MainWindow::describeCurve(const RunOutputPtr &output, bool refined)
{
    const metrics::Results &r = output->current;
    QString tip = tr("The scenario: %1 requests over %2 (%3 simulated events). The curve: %4 "
                     "points across %5.")
                          .arg(fromStd(metrics::formatCount(r.arrivedRequests)),
                               fromStd(metrics::formatDuration(r.horizonSeconds)),
                               fromStd(metrics::formatCount(r.eventsProcessed)))
                          .arg(output->curve.size())
                          .arg(output->sweepLabel.toLower());
    const double full = std::max(r.horizonSeconds, output->scenarioHorizonSeconds);
    double shortest = full, longest = 0.0;
    for (const metrics::SweepPoint &point : output->curve) {
        shortest = std::min(shortest, point.results.horizonSeconds);
        longest = std::max(longest, point.results.horizonSeconds);
    }
    const bool curveShortened = shortest < full;
    if (curveShortened) {
        const QString span
                = fromStd(metrics::formatDuration(shortest))
                  + (longest > shortest
                             ? QStringLiteral("–") + fromStd(metrics::formatDuration(longest))
                             : QString());
        tip += tr("\nFor speed, each point of the curve simulates %1 of the scenario's %2 "
                  "(warm-up shortened in proportion).")
                       .arg(span, fromStd(metrics::formatDuration(full)));
    }
    if (refined)
        tip += tr("\nThe curve was simulated again over a longer horizon when edits paused "
                  "(%1 ms).")
                       .arg(output->elapsedMilliseconds, 0, 'f', 0);
    else if (curveShortened && m_runner->curveBudget().refinedRequests > 0)
        tip += tr("\nIt is simulated again over a longer horizon when edits pause.");
    for (const metrics::DeploymentResults &d : r.deployments) {
        if (!d.parameterSource.empty())
            tip += tr("\nParameters of '%1': %2.").arg(fromStd(d.name), fromStd(d.parameterSource));
        if (d.accuracyThroughputPercent > 0.0)
            tip += tr("\nHow sure: ±%1 % throughput, ±%2 % TPOT, ±%3 % energy per token (%4).")
                           .arg(d.accuracyThroughputPercent, 0, 'f', 0)
                           .arg(d.accuracyLatencyPercent, 0, 'f', 0)
                           .arg(d.accuracyEnergyPercent, 0, 'f', 0)
                           .arg(fromStd(d.accuracyBasis));
        if (!d.outsideMeasuredRange.empty())
            tip += tr("\n⚠ Outside the measured range: %1.").arg(fromStd(d.outsideMeasuredRange));
    }
    m_summary->setToolTip(tip);
}

void MainWindow::showAbout()
{
    QMessageBox::about(
            this, tr("About TokenWatt"),
            tr("<h3>TokenWatt %1</h3>"
               "<p>Simulates the cost, latency, energy and CO₂ of serving large language "
               "models, with a discrete-event model of batching, memory and power.</p>"
               "<p>Copyright © the TokenWatt authors. TokenWatt is free software: you can "
               "redistribute it and/or modify it under the terms of the GNU General Public "
               "License, version 3 or (at your option) any later version "
               "(GPL-3.0-or-later). It comes with ABSOLUTELY NO WARRANTY.</p>"
               "<p>Charts are drawn with QCustomPlot %2 by Emanuel Eichhammer, licensed under "
               "the GNU GPL version 3 or later (GPL-3+). Built with Qt %3 (LGPL-3.0).</p>"
               "<p>Catalog figures (GPUs, models, prices, grid intensities) come with their "
               "sources in the catalog files.</p>")
                    .arg(QStringLiteral(TOKENWATT_VERSION), QStringLiteral(QCUSTOMPLOT_VERSION_STR),
                         QString::fromLatin1(qVersion())));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_workbook->confirmClose()) {
        event->ignore(); // unsaved work: cancelled, or saved first and closed afterwards
        return;
    }
    saveSettings();
    m_workbook->closedCleanly();
    QMainWindow::closeEvent(event);
}

CompareView *MainWindow::compareView()
{
    if (!m_compare) {
        m_compare = new CompareView(m_workbook->session(), this);
        m_compare->setDarkTheme(m_dark);
        m_compareDock = new QDockWidget(tr("Compare scenarios"), this);
        m_compareDock->setObjectName(QStringLiteral("compareDock"));
        m_compareDock->setWidget(m_compare);
        addDockWidget(Qt::BottomDockWidgetArea, m_compareDock);
        m_compareDock->setFloating(true);
        m_compareDock->resize(1200, 800);
        connect(m_compareDock, &QDockWidget::visibilityChanged, m_compare, [this](bool visible) {
            if (visible)
                m_compare->refreshCandidates();
        });
    }
    return m_compare;
}

PlanPanel *MainWindow::planPanel()
{
    if (!m_plan) {
        m_plan = new PlanPanel(m_document, this);
        m_planDock = new QDockWidget(tr("Plan the fleet"), this);
        m_planDock->setObjectName(QStringLiteral("planDock"));
        m_planDock->setWidget(m_plan);
        addDockWidget(Qt::BottomDockWidgetArea, m_planDock);
        if (m_sensitivityDock)
            tabifyDockWidget(m_sensitivityDock, m_planDock);
        // After the dock is laid out: the lists get about two fifths of the window's height.
        QTimer::singleShot(0, this, [this] {
            resizeDocks({m_planDock}, {std::max(330, height() * 2 / 5)}, Qt::Vertical);
        });
    }
    return m_plan;
}

void MainWindow::showPlanPanel()
{
    planPanel();
    m_planDock->show();
    m_planDock->raise();
}

SensitivityPanel *MainWindow::sensitivityPanel()
{
    if (!m_sensitivity) {
        m_sensitivity = new SensitivityPanel(this);
        m_sensitivity->setDarkTheme(m_dark);
        m_sensitivityDock = new QDockWidget(tr("Sensitivity"), this);
        m_sensitivityDock->setObjectName(QStringLiteral("sensitivityDock"));
        m_sensitivityDock->setWidget(m_sensitivity);
        addDockWidget(Qt::BottomDockWidgetArea, m_sensitivityDock);
        if (m_planDock)
            tabifyDockWidget(m_planDock, m_sensitivityDock);
        else
            QTimer::singleShot(0, this, [this] {
                resizeDocks({m_sensitivityDock}, {std::max(330, height() * 2 / 5)}, Qt::Vertical);
            });
        connect(m_sensitivityDock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
            if (visible)
                requestSensitivity();
        });
    }
    return m_sensitivity;
}

void MainWindow::showSensitivityPanel()
{
    sensitivityPanel();
    m_sensitivityDock->show();
    m_sensitivityDock->raise();
    requestSensitivity();
}

void MainWindow::requestSensitivity()
{
    // Only for a scenario the window shows in full: not while a drag previews.
    if (m_sensitivity && m_sensitivity->isVisible() && m_shown && !m_shown->preview)
        m_sensitivity->request(m_document->scenario(), m_document->revision());
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(settings::kWindowGeometry).toByteArray()))
        resize(1440, 900);
    if (!restoreState(settings.value(settings::kWindowState).toByteArray())) {
        resizeDocks({m_dock}, {330}, Qt::Horizontal); // room for label, slider and value
        resizeDocks({m_scenariosDock, m_dock}, {190, 700}, Qt::Vertical); // levers get the room
    }
    m_panel->setCollapsedGroups(settings.value(settings::kCollapsedGroups).toStringList());
    setDarkTheme(settings.value(settings::kDarkTheme, false).toBool());
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(settings::kWindowGeometry, saveGeometry());
    settings.setValue(settings::kWindowState, saveState());
    settings.setValue(settings::kCollapsedGroups, m_panel->collapsedGroups());
    settings.setValue(settings::kDarkTheme, m_dark);
    settings.setValue(settings::kLastExample, m_document->exampleName());
}

} // namespace tw::ui
