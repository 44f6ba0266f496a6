// Workbooks in the window, offscreen: save, close, reopen, compare; the modified marker and the
// unsaved-work prompt; broken files; autosave and recovery; files from the command line and
// dropped on the window. Prompts are answered by test functions (workbook::Dialogs), never by
// a real modal.

#include "core/compare/compare.h"
#include "tests/ui/window_settle.h"
#include "ui/compare/compare_view.h"
#include "ui/main_window.h"
#include "ui/scenario_document.h"
#include "ui/simulation_runner.h"
#include "ui/workbook/recovery.h"
#include "ui/workbook/scenario_list_panel.h"
#include "ui/workbook/workbook_controller.h"
#include "ui/workbook/workbook_session.h"

#include <QDir>
#include <QDropEvent>
#include <QFile>
#include <QFileInfo>
#include <QListWidget>
#include <QMenu>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>

#include <cmath>

using namespace tw::ui;

namespace {

constexpr int kTimeoutMs = 240'000; // shared, busy CI machines; the comparison simulates curves
const QString kRatePath = QStringLiteral("workload.arrival.ratePerSecond");

/// Answers every question at once and counts them.
struct Answers
{
    workbook::UnsavedChoice unsaved = workbook::UnsavedChoice::Cancel;
    bool restore = true;
    bool deleteScenario = true;
    int unsavedAsked = 0;
    int restoreAsked = 0;
    QStringList errors;
    QString saveFile; ///< what "Save As" chooses

    workbook::Dialogs dialogs()
    {
        workbook::Dialogs d;
        d.askUnsaved = [this](const QString &) {
            ++unsavedAsked;
            return unsaved;
        };
        d.showError = [this](const QString &, const QString &message) { errors << message; };
        d.chooseOpenFile = [](const QString &, const QString &) { return QString(); };
        d.chooseSaveFile
                = [this](const QString &, const QString &, const QString &) { return saveFile; };
        d.confirmDelete = [this](const QString &) { return deleteScenario; };
        d.askRestore = [this](const QString &) {
            ++restoreAsked;
            return restore;
        };
        return d;
    }
};

double rate(const MainWindow &window)
{
    return window.document()->scenario().workload.arrival.ratePerSecond;
}

using tw::test::settle;

bool openAndWait(MainWindow &window, const QString &file)
{
    QSignalSpy opened(window.workbook(), &WorkbookController::fileOpened);
    QSignalSpy failed(window.workbook(), &WorkbookController::fileFailed);
    window.workbook()->open(file);
    return QTest::qWaitFor([&] { return !opened.isEmpty() || !failed.isEmpty(); }, kTimeoutMs)
           && !opened.isEmpty();
}

bool saveAsAndWait(MainWindow &window, const QString &file)
{
    QSignalSpy saved(window.workbook(), &WorkbookController::fileSaved);
    QSignalSpy failed(window.workbook(), &WorkbookController::fileFailed);
    window.workbook()->saveAs(file);
    return QTest::qWaitFor([&] { return !saved.isEmpty() || !failed.isEmpty(); }, kTimeoutMs)
           && !saved.isEmpty();
}

QByteArray readAll(const QString &file)
{
    QFile in(file);
    return in.open(QIODevice::ReadOnly) ? in.readAll() : QByteArray();
}

void clearRecoveryFolder()
{
    QDir(RecoveryManager::recoveryDirectory()).removeRecursively();
}

} // namespace

class TestWorkbookWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void saveCloseReopenAndCompare();
    void modifiedMarkerFollowsEditsAndSaves();
    void closePromptCancelDiscardSave();
    void scenarioListEdits();
    void brokenFilesShowAnErrorAndStayUntouched_data();
    void brokenFilesShowAnErrorAndStayUntouched();
    void scenarioJsonOpensAsUnsavedWorkbook();
    void recentFilesArePrunedAndCapped();
    void autosaveWritesRecoveryAndRestartOffersIt();
    void cleanCloseDeletesTheRecoveryFile();
    void droppedFileOpens();
    void commandLineOpensFile();

private:
    QTemporaryDir m_dir;
};

void TestWorkbookWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("TokenWattTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_workbook_window"));
    QSettings().clear();
    QVERIFY(m_dir.isValid());
}

void TestWorkbookWindow::init()
{
    clearRecoveryFolder();
}

void TestWorkbookWindow::saveCloseReopenAndCompare()
{
    const QString file = m_dir.filePath(QStringLiteral("round-trip.tokenwatt"));
    Answers answers;
    {
        MainWindow window;
        window.workbook()->setDialogs(answers.dialogs());
        QVERIFY(window.loadExample(QStringLiteral("default")));
        window.show();
        WorkbookSession *session = window.workbook()->session();
        QVERIFY(window.document()->setParameter(kRatePath, 9.5));
        QVERIFY(session->addFromExample(QStringLiteral("default")));
        QCOMPARE(session->name(1), QStringLiteral("default (2)"));
        QVERIFY(session->rename(1, QStringLiteral("Twice the traffic")).isEmpty());
        QVERIFY(window.document()->setParameter(kRatePath, 19.0));
        session->setNotes(1, QStringLiteral("Peak season"));
        QVERIFY(session->select(0));
        QCOMPARE(rate(window), 9.5);
        QVERIFY(window.isWindowModified());

        QVERIFY(saveAsAndWait(window, file));
        QVERIFY(!window.isWindowModified());
        QCOMPARE(window.windowTitle(), QStringLiteral("round-trip.tokenwatt[*] — TokenWatt"));
        QVERIFY(window.close()); // nothing unsaved: no question
        QCOMPARE(answers.unsavedAsked, 0);
    }

    MainWindow reopened;
    reopened.workbook()->setDialogs(answers.dialogs());
    QVERIFY(reopened.loadExample(QStringLiteral("default")));
    reopened.show();
    QVERIFY(openAndWait(reopened, file));
    WorkbookSession *session = reopened.workbook()->session();
    QCOMPARE(session->count(), 2);
    QCOMPARE(session->name(0), QStringLiteral("default"));
    QCOMPARE(session->name(1), QStringLiteral("Twice the traffic"));
    QCOMPARE(session->notes(1), QStringLiteral("Peak season"));
    QCOMPARE(session->currentIndex(), 0);
    QCOMPARE(rate(reopened), 9.5);
    QVERIFY(!reopened.isWindowModified());
    QVERIFY(session->select(1));
    QCOMPARE(rate(reopened), 19.0);
    QVERIFY(session->select(0));
    const RunOutputPtr shown = settle(reopened);
    QVERIFY(shown);

    // Compare the two through the window.
    CompareView *view = reopened.compareView();
    QSignalSpy ready(view, &CompareView::comparisonReady);
    view->refreshCandidates();
    QCOMPARE(view->candidates()->count(), 2);
    view->setChecked({0, 1});
    QVERIFY(view->startComparison());
    QVERIFY(ready.wait(kTimeoutMs));
    const auto &outcome = view->outcome();
    QCOMPARE(outcome.outputs.size(), std::size_t{2});
    const tw::metrics::Results &a = outcome.outputs[0]->current;
    const tw::metrics::Results &b = outcome.outputs[1]->current;
    // The baseline ran exactly as the window ran it (same parameters, deterministic).
    QCOMPARE(a.arrivedRequests, shown->current.arrivedRequests);
    QCOMPARE(a.cost.perMillionOutputTokensUsd, shown->current.cost.perMillionOutputTokensUsd);
    QVERIFY(b.arrivedRequests > a.arrivedRequests); // twice the traffic

    // Table: KPI | unit | A | B | B−A | B−A %; every % equals 100 (b − a) / |a|.
    QTableWidget *table = view->kpiTable();
    const auto &kpis = tw::compare::kpis();
    QCOMPARE(table->rowCount(), static_cast<int>(kpis.size()));
    QCOMPARE(table->columnCount(), 6);
    int checked = 0;
    for (int row = 0; row < table->rowCount(); ++row) {
        const double va = kpis[static_cast<std::size_t>(row)].value(a);
        const double vb = kpis[static_cast<std::size_t>(row)].value(b);
        QCOMPARE(table->item(row, 2)->data(Qt::UserRole).toDouble(), va);
        if (!std::isfinite(va) || !std::isfinite(vb) || va == 0.0)
            continue;
        const double percent = 100.0 * (vb - va) / std::abs(va);
        QVERIFY(std::abs(table->item(row, 4)->data(Qt::UserRole).toDouble() - (vb - va))
                <= 1e-12 * std::max(1.0, std::abs(vb - va)));
        QVERIFY2(std::abs(table->item(row, 5)->data(Qt::UserRole).toDouble() - percent)
                         <= 1e-9 * std::max(1.0, std::abs(percent)),
                 qPrintable(table->item(row, 0)->text()));
        QCOMPARE(table->item(row, 5)->text(),
                 QStringLiteral("%1%2 %")
                         .arg(percent > 0 ? QStringLiteral("+") : QString())
                         .arg(percent, 0, 'f', 1));
        ++checked;
    }
    QVERIFY(checked >= 10);
    // Exactly the rate differs, and the overlay has one named line per scenario.
    QTableWidget *parameters = view->parameterTable();
    QCOMPARE(parameters->rowCount(), 1);
    QCOMPARE(parameters->item(0, 0)->text(), kRatePath);
    QCOMPARE(parameters->item(0, 1)->text().toDouble(), 9.5);
    QCOMPARE(parameters->item(0, 2)->text().toDouble(), 19.0);
}

void TestWorkbookWindow::modifiedMarkerFollowsEditsAndSaves()
{
    Answers answers;
    MainWindow window;
    window.workbook()->setDialogs(answers.dialogs());
    QVERIFY(window.loadExample(QStringLiteral("default")));
    QVERIFY(!window.isWindowModified());
    QCOMPARE(window.windowTitle(), QStringLiteral("Untitled.tokenwatt[*] — TokenWatt"));
    QVERIFY(window.document()->setParameter(kRatePath, 7.0));
    QVERIFY(window.isWindowModified());
    window.document()->undoStack()->undo();
    QVERIFY(!window.isWindowModified()); // back where it was saved
    window.workbook()->session()->setNotes(0, QStringLiteral("a note"));
    QVERIFY(window.isWindowModified()); // a workbook-level change

    const QString file = m_dir.filePath(QStringLiteral("marker.tokenwatt"));
    QVERIFY(saveAsAndWait(window, file));
    QVERIFY(!window.isWindowModified());
    // An edit of one scenario stays unsaved after switching to another (the undo history of
    // the first is gone, the change is not).
    WorkbookSession *session = window.workbook()->session();
    QVERIFY(session->addCopy(0));
    QVERIFY(saveAsAndWait(window, file));
    QVERIFY(window.document()->setParameter(kRatePath, 8.0));
    QVERIFY(session->select(0));
    QVERIFY(window.document()->undoStack()->isClean());
    QVERIFY(window.isWindowModified());
    // Save (in place, one transaction) clears it.
    QSignalSpy saved(window.workbook(), &WorkbookController::fileSaved);
    window.workbook()->save();
    QVERIFY(saved.wait(kTimeoutMs));
    QVERIFY(!window.isWindowModified());
    QCOMPARE(answers.errors, QStringList());
}

void TestWorkbookWindow::closePromptCancelDiscardSave()
{
    const QString file = m_dir.filePath(QStringLiteral("prompt.tokenwatt"));
    Answers answers;
    {
        MainWindow window;
        window.workbook()->setDialogs(answers.dialogs());
        QVERIFY(window.loadExample(QStringLiteral("default")));
        window.show();
        QVERIFY(saveAsAndWait(window, file));
        QVERIFY(window.document()->setParameter(kRatePath, 4.0));

        answers.unsaved = workbook::UnsavedChoice::Cancel;
        QVERIFY(!window.close());
        QCOMPARE(answers.unsavedAsked, 1);
        QVERIFY(window.isVisible());
        QCOMPARE(rate(window), 4.0);

        // New asks too; cancelled, nothing changes.
        window.workbook()->newFromExample(QStringLiteral("default"));
        QCOMPARE(answers.unsavedAsked, 2);
        QCOMPARE(rate(window), 4.0);

        // Save: the window closes once the file is written.
        answers.unsaved = workbook::UnsavedChoice::Save;
        QSignalSpy saved(window.workbook(), &WorkbookController::fileSaved);
        QVERIFY(!window.close());
        QVERIFY(saved.wait(kTimeoutMs));
        QVERIFY(QTest::qWaitFor([&] { return !window.isVisible(); }, kTimeoutMs));
    }
    {
        MainWindow window;
        window.workbook()->setDialogs(answers.dialogs());
        window.show();
        QVERIFY(openAndWait(window, file));
        QCOMPARE(rate(window), 4.0);
        QVERIFY(window.document()->setParameter(kRatePath, 5.0));
        answers.unsaved = workbook::UnsavedChoice::Discard;
        QVERIFY(window.close());
    }
    MainWindow window;
    window.workbook()->setDialogs(answers.dialogs());
    QVERIFY(openAndWait(window, file));
    QCOMPARE(rate(window), 4.0); // the discarded edit never reached the file
}

void TestWorkbookWindow::scenarioListEdits()
{
    Answers answers;
    MainWindow window;
    window.workbook()->setDialogs(answers.dialogs());
    QVERIFY(window.loadExample(QStringLiteral("default")));
    WorkbookSession *session = window.workbook()->session();
    auto *panel = window.findChild<ScenarioListPanel *>();
    QVERIFY(panel);
    QCOMPARE(panel->list()->count(), 1);
    QVERIFY(window.document()->setParameter(kRatePath, 3.0));
    panel->duplicateSelected();
    QCOMPARE(panel->list()->count(), 2);
    QCOMPARE(panel->list()->item(1)->text(), QStringLiteral("default copy"));
    QCOMPARE(panel->list()->currentRow(), 1);
    QCOMPARE(rate(window), 3.0); // a copy of the scenario as edited

    QVERIFY(!panel->renameRow(1, QStringLiteral("default"))); // taken
    QCOMPARE(panel->list()->item(1)->text(), QStringLiteral("default copy"));
    QVERIFY(!panel->renameRow(1, QStringLiteral("  "))); // empty
    QVERIFY(panel->renameRow(1, QStringLiteral("Night")));
    QCOMPARE(session->name(1), QStringLiteral("Night"));

    panel->list()->setCurrentRow(0); // selecting a scenario makes it the edited one
    QCOMPARE(session->currentIndex(), 0);
    panel->notes()->setPlainText(QStringLiteral("daytime"));
    QCOMPARE(session->notes(0), QStringLiteral("daytime"));
    session->setNotes(0, QStringLiteral("daytime, revised")); // and back: the panel follows
    QCOMPARE(panel->notes()->toPlainText(), QStringLiteral("daytime, revised"));

    answers.deleteScenario = false;
    panel->deleteSelected();
    QCOMPARE(session->count(), 2);
    answers.deleteScenario = true;
    panel->deleteSelected();
    QCOMPARE(session->count(), 1);
    QCOMPARE(session->name(0), QStringLiteral("Night"));
    QCOMPARE(rate(window), 3.0);
    panel->deleteSelected(); // never the last one
    QCOMPARE(session->count(), 1);
}

void TestWorkbookWindow::brokenFilesShowAnErrorAndStayUntouched_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("messagePart");
    QByteArray damaged("SQLite format 3");
    damaged.append('\0');
    damaged.append(QByteArray(4080, 'x'));
    QTest::newRow("damaged SQLite") << "damaged.tokenwatt" << damaged << "";
    QTest::newRow("not SQLite") << "text.tokenwatt" << QByteArray("hello, not a workbook\n") << "";
    QTest::newRow("malformed JSON") << "broken.json" << QByteArray("{\"workload\": [1, 2,") << "";
    QTest::newRow("invalid scenario")
            << "invalid.json"
            << QByteArray("{\"workload\": {\"arrival\": {\"ratePerSecond\": -1}}}") << "";
}

void TestWorkbookWindow::brokenFilesShowAnErrorAndStayUntouched()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    const QString file = m_dir.filePath(name);
    {
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(bytes);
    }
    Answers answers;
    MainWindow window;
    window.workbook()->setDialogs(answers.dialogs());
    QVERIFY(window.loadExample(QStringLiteral("default")));
    const QString titleBefore = window.windowTitle();
    QVERIFY(!openAndWait(window, file));
    QCOMPARE(answers.errors.size(), 1);
    QVERIFY(!answers.errors.front().isEmpty());
    QCOMPARE(readAll(file), bytes); // byte for byte
    QCOMPARE(window.windowTitle(), titleBefore);
    QCOMPARE(window.workbook()->session()->count(), 1);

    // Missing files say so.
    answers.errors.clear();
    QVERIFY(!openAndWait(window, m_dir.filePath(QStringLiteral("nowhere.tokenwatt"))));
    QCOMPARE(answers.errors.size(), 1);
    QVERIFY(answers.errors.front().contains(QStringLiteral("does not exist")));
}

void TestWorkbookWindow::scenarioJsonOpensAsUnsavedWorkbook()
{
    Answers answers;
    MainWindow window;
    window.workbook()->setDialogs(answers.dialogs());
    QVERIFY(window.loadExample(QStringLiteral("default")));
    QVERIFY(window.document()->setParameter(kRatePath, 11.0));
    const QString json = m_dir.filePath(QStringLiteral("eleven.json"));
    QVERIFY(window.workbook()->exportScenario(json));
    QVERIFY(QFile::exists(json));

    answers.unsaved = workbook::UnsavedChoice::Discard;
    QVERIFY(openAndWait(window, json));
    WorkbookSession *session = window.workbook()->session();
    QCOMPARE(session->name(0), QStringLiteral("eleven"));
    QCOMPARE(rate(window), 11.0);
    QVERIFY(session->file().isEmpty());
    QVERIFY(window.isWindowModified()); // not in a workbook yet
    QCOMPARE(session->suggestedFile(), m_dir.filePath(QStringLiteral("eleven.tokenwatt")));

    // Import adds it as another scenario.
    QSignalSpy listed(session, &WorkbookSession::listChanged);
    window.workbook()->importScenario(json);
    QVERIFY(listed.wait(kTimeoutMs));
    QCOMPARE(session->count(), 2);
    QCOMPARE(session->name(1), QStringLiteral("eleven (2)"));
}

void TestWorkbookWindow::recentFilesArePrunedAndCapped()
{
    Answers answers;
    MainWindow window;
    window.workbook()->setDialogs(answers.dialogs());
    QVERIFY(window.loadExample(QStringLiteral("default")));
    QSettings().remove(QStringLiteral("workbook/recentFiles"));
    for (int i = 0; i < 9; ++i)
        QVERIFY(saveAsAndWait(window,
                              m_dir.filePath(QStringLiteral("recent-%1.tokenwatt").arg(i))));
    QStringList recent = QSettings().value(QStringLiteral("workbook/recentFiles")).toStringList();
    QCOMPARE(recent.size(), 8);
    QCOMPARE(recent.front(), m_dir.filePath(QStringLiteral("recent-8.tokenwatt")));
    QVERIFY(QFile::remove(m_dir.filePath(QStringLiteral("recent-5.tokenwatt"))));
    QMenu *menu = window.findChild<QMenu *>(QStringLiteral("recentMenu"));
    QVERIFY(menu);
    emit menu->aboutToShow(); // as when the user opens it
    recent = QSettings().value(QStringLiteral("workbook/recentFiles")).toStringList();
    QCOMPARE(recent.size(), 7);
    QVERIFY(!recent.contains(m_dir.filePath(QStringLiteral("recent-5.tokenwatt"))));
    QCOMPARE(menu->actions().size(), 7);
}

void TestWorkbookWindow::autosaveWritesRecoveryAndRestartOffersIt()
{
    const QString original = m_dir.filePath(QStringLiteral("recover-me.tokenwatt"));
    Answers answers;
    QString recoveryFile;
    {
        MainWindow window;
        window.workbook()->setDialogs(answers.dialogs());
        QVERIFY(window.loadExample(QStringLiteral("default")));
        QVERIFY(saveAsAndWait(window, original));
        RecoveryManager *recovery = window.workbook()->recovery();
        QCOMPARE(recovery->timer()->interval(), 60'000);
        QVERIFY(recovery->timer()->isActive());
        QVERIFY(!recovery->autosaveNow()); // nothing unsaved: nothing written
        QVERIFY(window.document()->setParameter(kRatePath, 13.0));
        QSignalSpy autosaved(recovery, &RecoveryManager::autosaved);
        QVERIFY(recovery->autosaveNow());
        QVERIFY(autosaved.wait(kTimeoutMs));
        QCOMPARE(autosaved.front().at(1).toString(), QString());
        recoveryFile = recovery->recoveryFile();
        QVERIFY(QFile::exists(recoveryFile));
        // While this session runs, nobody else is offered its file.
        MainWindow other;
        other.workbook()->setDialogs(answers.dialogs());
        QVERIFY(!other.workbook()->offerRecovery());
        QCOMPARE(answers.restoreAsked, 0);
        // The window goes away without close(): as after a crash, the file stays.
    }
    QVERIFY(QFile::exists(recoveryFile));
    QCOMPARE(readAll(original).isEmpty(), false);

    MainWindow restarted;
    restarted.workbook()->setDialogs(answers.dialogs());
    QVERIFY(restarted.loadExample(QStringLiteral("default")));
    answers.restore = true;
    QVERIFY(restarted.workbook()->offerRecovery());
    QCOMPARE(answers.restoreAsked, 1);
    QCOMPARE(rate(restarted), 13.0);
    QCOMPARE(restarted.workbook()->session()->file(), original); // Save goes where it was
    QVERIFY(restarted.isWindowModified());
    QVERIFY(!QFile::exists(recoveryFile));
    // Saving writes it to the original file.
    QSignalSpy saved(restarted.workbook(), &WorkbookController::fileSaved);
    restarted.workbook()->save();
    QVERIFY(saved.wait(kTimeoutMs));
    MainWindow check;
    QVERIFY(openAndWait(check, original));
    QCOMPARE(rate(check), 13.0);
}

void TestWorkbookWindow::cleanCloseDeletesTheRecoveryFile()
{
    Answers answers;
    QString recoveryFile;
    {
        MainWindow window;
        window.workbook()->setDialogs(answers.dialogs());
        QVERIFY(window.loadExample(QStringLiteral("default")));
        window.show();
        QVERIFY(window.document()->setParameter(kRatePath, 2.0));
        QSignalSpy autosaved(window.workbook()->recovery(), &RecoveryManager::autosaved);
        QVERIFY(window.workbook()->recovery()->autosaveNow());
        QVERIFY(autosaved.wait(kTimeoutMs));
        recoveryFile = window.workbook()->recovery()->recoveryFile();
        QVERIFY(QFile::exists(recoveryFile));
        answers.unsaved = workbook::UnsavedChoice::Discard;
        QVERIFY(window.close());
        QVERIFY(!QFile::exists(recoveryFile));
    }
    // And a discarded offer deletes an orphan.
    {
        MainWindow crashed;
        QVERIFY(crashed.loadExample(QStringLiteral("default")));
        QVERIFY(crashed.document()->setParameter(kRatePath, 2.5));
        QSignalSpy autosaved(crashed.workbook()->recovery(), &RecoveryManager::autosaved);
        QVERIFY(crashed.workbook()->recovery()->autosaveNow());
        QVERIFY(autosaved.wait(kTimeoutMs));
        recoveryFile = crashed.workbook()->recovery()->recoveryFile();
    }
    MainWindow window;
    window.workbook()->setDialogs(answers.dialogs());
    QVERIFY(window.loadExample(QStringLiteral("default")));
    answers.restore = false;
    QVERIFY(!window.workbook()->offerRecovery());
    QCOMPARE(answers.restoreAsked, 1);
    QVERIFY(!QFile::exists(recoveryFile));
    QCOMPARE(rate(window), 6.0);
}

void TestWorkbookWindow::droppedFileOpens()
{
    const QString file = m_dir.filePath(QStringLiteral("dropped.tokenwatt"));
    Answers answers;
    {
        MainWindow window;
        window.workbook()->setDialogs(answers.dialogs());
        QVERIFY(window.loadExample(QStringLiteral("default")));
        QVERIFY(window.document()->setParameter(kRatePath, 7.5));
        QVERIFY(saveAsAndWait(window, file));
    }
    MainWindow window;
    window.workbook()->setDialogs(answers.dialogs());
    QVERIFY(window.loadExample(QStringLiteral("default")));
    window.show();
    QVERIFY(window.acceptDrops());
    QMimeData data;
    data.setUrls({QUrl::fromLocalFile(file)});
    QDragEnterEvent enter(QPoint(50, 50), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &enter);
    QVERIFY(enter.isAccepted());
    QSignalSpy opened(window.workbook(), &WorkbookController::fileOpened);
    QDropEvent drop(QPointF(50, 50), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &drop);
    QVERIFY(opened.wait(kTimeoutMs));
    QCOMPARE(rate(window), 7.5);
}

void TestWorkbookWindow::commandLineOpensFile()
{
    // The window's program is built beside tokenwatt-cli (whose path CMake gives the tests).
    const QString program = QFileInfo(QStringLiteral(TOKENWATT_CLI_PATH))
                                    .dir()
                                    .filePath(QStringLiteral("tokenwatt"));
    if (!QFile::exists(program))
        QSKIP("the tokenwatt program is not built");
    const QString file = m_dir.filePath(QStringLiteral("cli.tokenwatt"));
    {
        MainWindow window;
        QVERIFY(window.loadExample(QStringLiteral("default")));
        QVERIFY(window.document()->setParameter(kRatePath, 3.5));
        QVERIFY(saveAsAndWait(window, file));
    }
    auto run = [&](const QStringList &arguments, QByteArray *errors) {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        // The program's settings and recovery files go to the test's folder, never to the
        // user's own (Open Recent, window geometry).
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"),
                           m_dir.filePath(QStringLiteral("config")));
        environment.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
        process.setProcessEnvironment(environment);
        process.start(program, arguments);
        if (!process.waitForFinished(kTimeoutMs))
            return -1;
        *errors = process.readAllStandardError();
        return process.exitCode();
    };
    QByteArray errors;
    const QString png = m_dir.filePath(QStringLiteral("cli.png"));
    QCOMPARE(run({file, QStringLiteral("--screenshot"), png}, &errors), 0);
    QVERIFY(QFile::exists(png));
    QVERIFY(readAll(png).startsWith("\x89PNG"));

    const QString broken = m_dir.filePath(QStringLiteral("broken.tokenwatt"));
    {
        QFile out(broken);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write("not a workbook");
    }
    QCOMPARE(run({broken, QStringLiteral("--screenshot"), png}, &errors), 2);
    QVERIFY2(errors.contains("broken.tokenwatt"), errors.constData());
    QCOMPARE(run({file, broken}, &errors), 2);
    QVERIFY2(errors.contains("expected at most one file"), errors.constData());
    // --tab picks the chart tab a screenshot shows; a wrong name is refused with the choices.
    QFile::remove(png);
    QCOMPARE(run({file, QStringLiteral("--tab"), QStringLiteral("lever"),
                  QStringLiteral("--screenshot"), png},
                 &errors),
             0);
    QVERIFY(readAll(png).startsWith("\x89PNG"));
    QCOMPARE(run({file, QStringLiteral("--tab=curves"), QStringLiteral("--screenshot"), png},
                 &errors),
             2);
    QVERIFY2(errors.contains("--tab 'curves' is not a chart tab; use over-time, lever or "
                             "breakdown"),
             errors.constData());
}

QTEST_MAIN(TestWorkbookWindow)
#include "tst_workbook_window.moc"
