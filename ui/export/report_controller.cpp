#include "ui/export/report_controller.h"

#include "ui/settings_keys.h"

#include "ui/main_window.h"
#include "ui/plan/plan_panel.h"
#include "ui/plan/sensitivity_panel.h"
#include "ui/report/report_writer.h"
#include "ui/scenario_document.h"
#include "ui/simulation_runner.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QtConcurrent/QtConcurrentRun>

namespace tw::ui {

ReportController::ReportController(MainWindow *window)
    : QObject(window)
    , m_window(window)
    , m_action(new QAction(tr("Create &report…"), this))
{
    m_action->setObjectName(QStringLiteral("createReportAction"));
    m_action->setShortcut(QKeySequence(tr("Ctrl+Shift+R")));
    m_action->setStatusTip(tr("Write a PDF report on this scenario: summary, key charts, every "
                              "assumption with its source"));
    m_action->setEnabled(false);
    connect(m_action, &QAction::triggered, this, &ReportController::createReport);
    connect(&m_analysis, &QFutureWatcher<Analyses>::finished, this, [this] {
        m_action->setEnabled(m_window->shownOutput() && !m_window->runner()->isBusy());
        if (m_window->document()->revision() != m_pendingRevision) {
            m_window->statusBar()->showMessage(
                    tr("No report written: the scenario changed while it was prepared; create "
                       "it again."),
                    8000);
            return;
        }
        write(m_pendingFile, m_analysis.result());
    });
    // Only while the output on screen is the document's scenario: the report lists the
    // scenario's parameters next to the results, and they must belong together.
    const auto update = [this] {
        m_action->setEnabled(m_window->shownOutput() && !m_window->runner()->isBusy());
    };
    connect(window, &MainWindow::outputPresented, this, update);
    connect(window->runner(), &SimulationRunner::busyChanged, this, update);
}

namespace {

/// The report's analyses of @p scenario (the sensitivity only if @p withSensitivity); a part
/// that fails is left null, and the report goes without it.
ReportController::Analyses analyse(const scenario::Scenario &scenario, bool withSensitivity)
{
    ReportController::Analyses out;
    out.attempted = true;
    if (withSensitivity) {
        try {
            out.sensitivity = std::make_shared<const sweep::SensitivityResult>(
                    sweep::sensitivity(scenario));
        } catch (const std::exception &) {
        }
    }
    try {
        out.replication
                = std::make_shared<const sweep::ReplicationResult>(sweep::replicate(scenario));
    } catch (const std::exception &) {
    }
    return out;
}

} // namespace

ReportController::SensitivityPtr ReportController::shownSensitivity() const
{
    const SensitivityPanel *panel = m_window->existingSensitivityPanel();
    if (!panel || !panel->outcome() || !panel->outcome()->error.isEmpty()
        || panel->outcome()->revision != m_window->document()->revision())
        return nullptr;
    const SensitivityOutcomePtr outcome = panel->outcome();
    return SensitivityPtr(outcome, &outcome->result); // shares the outcome's lifetime
}

QString ReportController::writeReportTo(const QString &fileName, int *pageCount,
                                        Analyses analyses) const
{
    const RunOutputPtr output = m_window->shownOutput();
    if (!output || m_window->runner()->isBusy())
        return tr("the simulation of the latest edit has not finished yet");
    // Nothing in flight: the output on screen is the document's scenario as it stands.
    report::ReportScenario input;
    input.scenario = m_window->document()->scenario();
    input.label = QString::fromStdString(output->current.scenarioName);
    input.output = output;
    input.sensitivity = analyses.sensitivity ? analyses.sensitivity : shownSensitivity();
    input.replication = analyses.replication;
    // A plan the Plan panel made of this revision goes in as "What to run".
    if (const PlanPanel *planPanel = m_window->existingPlanPanel();
        planPanel && planPanel->outcome() && planPanel->outcome()->error.isEmpty()
        && planPanel->outcome()->revision == m_window->document()->revision()) {
        const PlanOutcomePtr planned = planPanel->outcome();
        auto plan = std::make_shared<report::ReportScenario::Plan>();
        plan->result = planned->result;
        plan->options = planned->options;
        plan->slo = planned->scenario.slo;
        input.plan = plan;
    }
    // Whatever is missing is computed here; a failure leaves its part out of the report (the
    // run itself was fine).
    if (!analyses.attempted && (!input.sensitivity || !input.replication)) {
        const Analyses computed = analyse(input.scenario, !input.sensitivity);
        if (!input.sensitivity)
            input.sensitivity = computed.sensitivity;
        input.replication = computed.replication;
    }
    return report::writeReport(fileName, {input}, {}, pageCount);
}

void ReportController::createReport()
{
    const RunOutputPtr output = m_window->shownOutput();
    if (!output)
        return;
    QSettings settings;
    QString directory = settings.value(settings::kReportDirectory).toString();
    if (directory.isEmpty() || !QDir(directory).exists())
        directory = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    QString base = QString::fromStdString(output->current.scenarioName).toLower();
    base.replace(QRegularExpression(QStringLiteral("[^a-z0-9]+")), QStringLiteral("-"));
    const QString file = QFileDialog::getSaveFileName(
            m_window, tr("Create report"),
            QDir(directory).filePath(
                    base.section(QLatin1Char('-'), 0, -1, QString::SectionSkipEmpty)
                    + QStringLiteral("-report.pdf")),
            tr("PDF documents (*.pdf)"));
    if (file.isEmpty())
        return;
    settings.setValue(settings::kReportDirectory, QFileInfo(file).absolutePath());
    // The sensitivity page and the replications need about a dozen runs (the sensitivity's
    // come from the panel when it shows this revision): they run off the GUI thread first,
    // then the report is written here.
    const SensitivityPtr shown = shownSensitivity();
    m_pendingFile = file;
    m_pendingRevision = m_window->document()->revision();
    m_action->setEnabled(false);
    m_window->statusBar()->showMessage(tr("Preparing the report: what moves the cost…"));
    const scenario::Scenario scenario = m_window->document()->scenario();
    m_analysis.setFuture(QtConcurrent::run([scenario, shown] {
        Analyses analyses = analyse(scenario, !shown);
        if (shown)
            analyses.sensitivity = shown;
        return analyses;
    }));
}

void ReportController::write(const QString &file, const Analyses &analyses)
{
    // Laying out and painting one scenario's report takes a few hundred milliseconds at most
    // (the simulation is not repeated), so it runs here with a wait cursor.
    QApplication::setOverrideCursor(Qt::WaitCursor);
    QElapsedTimer clock;
    clock.start();
    int pages = 0;
    const QString problem = writeReportTo(file, &pages, analyses);
    QApplication::restoreOverrideCursor();
    if (!problem.isEmpty()) {
        QMessageBox::warning(m_window, tr("Create report"),
                             tr("No report written: %1").arg(problem));
        return;
    }
    m_window->statusBar()->showMessage(tr("Report saved to %1 (%2 pages, %3 ms)")
                                               .arg(QDir::toNativeSeparators(file))
                                               .arg(pages)
                                               .arg(clock.elapsed()),
                                       8000);
}

} // namespace tw::ui
