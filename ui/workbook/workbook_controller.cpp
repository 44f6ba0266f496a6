#include "ui/workbook/workbook_controller.h"

#include "ui/main_window.h"
#include "ui/simulation_runner.h"
#include "ui/workbook/recent_files.h"
#include "ui/workbook/recovery.h"
#include "ui/workbook/workbook_session.h"

#include <QAction>
#include <QCloseEvent>
#include <QDir>
#include <QDropEvent>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QMenu>
#include <QMimeData>
#include <QStatusBar>
#include <QUrl>
#include <QtConcurrent/QtConcurrentRun>

namespace tw::ui {
namespace {

const QString kOpenFilter = QObject::tr("TokenWatt workbooks (*.tokenwatt);;Scenario JSON "
                                        "(*.json);;All files (*)");
const QString kWorkbookFilter = QObject::tr("TokenWatt workbooks (*.tokenwatt)");
const QString kJsonFilter = QObject::tr("Scenario JSON (*.json)");

bool isOpenable(const QString &file)
{
    return file.endsWith(QStringLiteral(".tokenwatt"), Qt::CaseInsensitive)
           || file.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive);
}

QString withSuffix(QString file, const QString &suffix)
{
    if (!file.endsWith(suffix, Qt::CaseInsensitive))
        file += suffix;
    return file;
}

} // namespace

WorkbookController::WorkbookController(MainWindow *window)
    : QObject(window)
    , m_window(window)
    , m_session(new WorkbookSession(window->document(), this))
    , m_recovery(new RecoveryManager(m_session, this))
    , m_dialogs(workbook::Dialogs::modal(window))
{
    connect(m_session, &WorkbookSession::modifiedChanged, this, &WorkbookController::updateTitle);
    connect(m_session, &WorkbookSession::fileChanged, this, &WorkbookController::updateTitle);
    connect(window, &MainWindow::outputPresented, this, [this](const RunOutputPtr &output) {
        // Only the full output of the scenario as it is now belongs with its parameters.
        if (output && !output->preview
            && output->generation == m_window->runner()->latestGeneration())
            m_session->noteResults(output->current);
    });
    window->setAcceptDrops(true);
    window->installEventFilter(this);
}

WorkbookController::~WorkbookController() = default;

void WorkbookController::addActions(QMenu *file)
{
    m_new = file->addAction(tr("&New"), this,
                            [this] { newFromExample(QStringLiteral("default")); });
    m_new->setShortcut(QKeySequence::New);
    m_new->setStatusTip(tr("A new workbook with the default example"));
    m_open = file->addAction(tr("&Open…"), this, [this] {
        handleUnsavedWork([this] {
            const QString chosen = chooseOpen(tr("Open workbook or scenario"), kOpenFilter);
            if (!chosen.isEmpty())
                startOpen(chosen, [this, chosen](const workbook::OpenedFile &opened) {
                    applyOpened(chosen, opened);
                });
        });
    });
    m_open->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &WorkbookController::fillRecentMenu);
    fillRecentMenu();
    m_save = file->addAction(tr("&Save"), this, [this] { save(); });
    m_save->setShortcut(QKeySequence::Save);
    m_saveAs = file->addAction(tr("Save &As…"), this, [this] { saveAs(); });
    m_saveAs->setShortcut(QKeySequence(tr("Ctrl+Shift+S")));
    file->addSeparator();
    m_import = file->addAction(tr("&Import scenario JSON…"), this, [this] {
        const QString chosen = chooseOpen(tr("Import scenario"), kJsonFilter);
        if (!chosen.isEmpty())
            importScenario(chosen);
    });
    m_export = file->addAction(tr("Export scenario as &JSON…"), this, [this] {
        const QString suggested = QDir::home().filePath(m_session->name(m_session->currentIndex())
                                                        + QStringLiteral(".json"));
        const QString chosen
                = m_dialogs.chooseSaveFile(tr("Export scenario as JSON"), suggested, kJsonFilter);
        if (!chosen.isEmpty())
            exportScenario(withSuffix(chosen, QStringLiteral(".json")));
    });
    updateTitle();
}

void WorkbookController::open(const QString &file)
{
    handleUnsavedWork([this, file] {
        startOpen(file,
                  [this, file](const workbook::OpenedFile &opened) { applyOpened(file, opened); });
    });
}

void WorkbookController::newFromExample(const QString &name)
{
    handleUnsavedWork([this, name] {
        m_readOnly = false;
        m_session->resetToExample(name);
        m_recovery->discard();
    });
}

void WorkbookController::handleUnsavedWork(std::function<void()> proceed)
{
    if (m_busy) {
        m_window->statusBar()->showMessage(tr("Please wait: a file is being written."), 4000);
        return;
    }
    if (!m_session->isModified()) {
        proceed();
        return;
    }
    switch (m_dialogs.askUnsaved(m_session->displayName())) {
    case workbook::UnsavedChoice::Save:
        save(std::move(proceed));
        break;
    case workbook::UnsavedChoice::Discard:
        proceed();
        break;
    case workbook::UnsavedChoice::Cancel:
        break;
    }
}

bool WorkbookController::confirmClose()
{
    if (m_busy) {
        m_window->statusBar()->showMessage(tr("Please wait: a file is being written."), 4000);
        return false;
    }
    if (!m_session->isModified())
        return true;
    switch (m_dialogs.askUnsaved(m_session->displayName())) {
    case workbook::UnsavedChoice::Save:
        save([this] { m_window->close(); });
        return false;
    case workbook::UnsavedChoice::Discard:
        return true;
    case workbook::UnsavedChoice::Cancel:
        break;
    }
    return false;
}

void WorkbookController::closedCleanly()
{
    m_recovery->discard();
}

void WorkbookController::save(std::function<void()> then)
{
    if (m_session->file().isEmpty() || m_readOnly) {
        saveAs({}, std::move(then));
        return;
    }
    startSave(m_session->file(), std::move(then));
}

void WorkbookController::saveAs(const QString &file, std::function<void()> then)
{
    QString target = file;
    if (target.isEmpty()) {
        QString suggested = m_session->file();
        if (suggested.isEmpty())
            suggested = m_session->suggestedFile();
        if (suggested.isEmpty())
            suggested = QDir::home().filePath(m_session->displayName());
        target = m_dialogs.chooseSaveFile(tr("Save workbook"), suggested, kWorkbookFilter);
        if (target.isEmpty())
            return;
        target = withSuffix(target, QStringLiteral(".tokenwatt"));
    }
    startSave(target, std::move(then));
}

void WorkbookController::startSave(const QString &file, std::function<void()> then)
{
    const QString absolute = QFileInfo(file).absoluteFilePath();
    // In place (one transaction) when it is the file we opened and it is still there; a
    // complete new file renamed into place otherwise.
    const bool inPlace = !m_readOnly && QFileInfo(m_session->file()).absoluteFilePath() == absolute
                         && QFileInfo::exists(absolute);
    const store::WorkbookContent content = m_session->snapshot();
    setBusy(true, tr("Saving %1…").arg(QFileInfo(absolute).fileName()));
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this,
            [this, watcher, absolute, content, then] {
                watcher->deleteLater();
                setBusy(false);
                const QString error = watcher->result();
                if (!error.isEmpty()) {
                    fail(tr("Could not save"), absolute, error);
                    return;
                }
                m_readOnly = false;
                // Edits made while the file was written are still unsaved.
                const bool changedMeanwhile = m_session->snapshot().scenarios != content.scenarios;
                m_session->markSaved(absolute);
                if (changedMeanwhile)
                    m_session->markListChanged();
                else
                    m_recovery->discard();
                workbook::recent::add(absolute);
                m_window->statusBar()->showMessage(tr("Saved %1").arg(absolute), 4000);
                emit fileSaved(absolute);
                if (then)
                    then();
            });
    watcher->setFuture(QtConcurrent::run(workbook::saveFile, absolute, content, inPlace));
}

void WorkbookController::startOpen(const QString &file,
                                   std::function<void(const workbook::OpenedFile &)> done)
{
    setBusy(true, tr("Opening %1…").arg(QFileInfo(file).fileName()));
    auto *watcher = new QFutureWatcher<workbook::OpenedFile>(this);
    connect(watcher, &QFutureWatcher<workbook::OpenedFile>::finished, this, [this, watcher, done] {
        watcher->deleteLater();
        setBusy(false);
        done(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(workbook::openFile, file, false));
}

void WorkbookController::applyOpened(const QString &file, const workbook::OpenedFile &opened)
{
    const QString absolute = QFileInfo(file).absoluteFilePath();
    QString error = opened.error;
    if (error.isEmpty()) {
        // A scenario JSON becomes a new, unsaved workbook; Save As suggests its name.
        const QString workbookFile = opened.isScenarioJson ? QString() : absolute;
        if (m_session->reset(opened.content, workbookFile, opened.isScenarioJson, &error)) {
            m_readOnly = opened.readOnly;
            if (opened.isScenarioJson) {
                const QFileInfo info(absolute);
                m_session->setSuggestedFile(info.dir().filePath(info.completeBaseName()
                                                                + QStringLiteral(".tokenwatt")));
            }
            m_recovery->discard();
            workbook::recent::add(absolute);
            QString message = tr("Opened %1").arg(absolute);
            if (opened.readOnly)
                message += tr(" (read-only: %1; Save asks for a new file)")
                                   .arg(opened.readOnlyReason);
            if (!opened.notice.isEmpty())
                message += QStringLiteral(". ") + opened.notice;
            m_window->statusBar()->showMessage(message, 8000);
            emit fileOpened(absolute);
            return;
        }
    }
    if (!QFileInfo::exists(absolute))
        workbook::recent::remove(absolute);
    fail(tr("Could not open"), absolute, error);
}

void WorkbookController::importScenario(const QString &file)
{
    startOpen(file, [this, file](const workbook::OpenedFile &opened) {
        QString error = opened.error;
        if (error.isEmpty() && opened.content.scenarios.size() != 1)
            error = tr("%1 holds %2 scenarios; import takes a scenario JSON file.")
                            .arg(file)
                            .arg(opened.content.scenarios.size());
        if (error.isEmpty()) {
            const store::StoredScenario &stored = opened.content.scenarios.front();
            if (m_session->addScenarioJson(stored.parametersJson,
                                           QString::fromStdString(stored.name), &error)) {
                m_window->statusBar()->showMessage(tr("Imported %1").arg(file), 4000);
                return;
            }
        }
        fail(tr("Could not import"), file, error);
    });
}

bool WorkbookController::exportScenario(const QString &file)
{
    // A few KB through QSaveFile: quick enough for the GUI thread.
    const QString error = workbook::writeScenarioJson(
            file, m_session->parametersJson(m_session->currentIndex()));
    if (!error.isEmpty()) {
        fail(tr("Could not export"), file, error);
        return false;
    }
    m_window->statusBar()->showMessage(tr("Exported the scenario to %1").arg(file), 4000);
    return true;
}

bool WorkbookController::offerRecovery()
{
    const QList<RecoveryManager::Orphan> orphans = m_recovery->orphans();
    if (orphans.isEmpty())
        return false;
    const RecoveryManager::Orphan &newest = orphans.front();
    const QString description
            = tr("%1, saved %2")
                      .arg(newest.originalFile.isEmpty() ? tr("an unsaved workbook")
                                                         : newest.originalFile,
                           newest.savedUtc);
    const bool restore = m_dialogs.askRestore(description);
    bool restored = false;
    if (restore) {
        // A recovery file is a small workbook written by us: read on the GUI thread.
        const workbook::OpenedFile opened = workbook::openFile(newest.recoveryFile);
        QString error = opened.error;
        if (error.isEmpty()
            && m_session->reset(opened.content, newest.originalFile, true, &error)) {
            m_readOnly = false;
            restored = true;
        } else {
            fail(tr("Could not restore"), newest.recoveryFile, error);
            return false; // keep the file: the user may want to retrieve it by hand
        }
    }
    for (const RecoveryManager::Orphan &orphan : orphans) {
        if (orphan.recoveryFile == newest.recoveryFile || restore)
            RecoveryManager::remove(orphan);
    }
    return restored;
}

void WorkbookController::fail(const QString &title, const QString &file, const QString &message)
{
    m_window->statusBar()->showMessage(title + QStringLiteral(": ") + file, 8000);
    m_dialogs.showError(title, message);
    emit fileFailed(file, message);
}

void WorkbookController::setBusy(bool busy, const QString &message)
{
    m_busy = busy;
    for (QAction *action : {m_new, m_open, m_save, m_saveAs, m_import}) {
        if (action)
            action->setEnabled(!busy);
    }
    if (m_recentMenu)
        m_recentMenu->setEnabled(!busy);
    if (busy)
        m_window->statusBar()->showMessage(message);
    else
        m_window->statusBar()->clearMessage();
}

void WorkbookController::updateTitle()
{
    m_window->setWindowTitle(tr("%1[*] — TokenWatt").arg(m_session->displayName()));
    m_window->setWindowModified(m_session->isModified());
}

QString WorkbookController::chooseOpen(const QString &title, const QString &filter)
{
    return m_dialogs.chooseOpenFile(title, filter);
}

void WorkbookController::fillRecentMenu()
{
    const QStringList missing = workbook::recent::pruneMissing();
    if (!missing.isEmpty()) {
        m_window->statusBar()->showMessage(tr("Removed from Open Recent, no longer there: %1")
                                                   .arg(missing.join(QStringLiteral(", "))),
                                           8000);
    }
    m_recentMenu->clear();
    const QStringList files = workbook::recent::files();
    for (const QString &file : files) {
        QAction *action = m_recentMenu->addAction(QFileInfo(file).fileName(), this,
                                                  [this, file] { open(file); });
        action->setToolTip(file);
        action->setStatusTip(file);
    }
    if (files.isEmpty())
        m_recentMenu->addAction(tr("(none)"))->setEnabled(false);
}

bool WorkbookController::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_window
        && (event->type() == QEvent::DragEnter || event->type() == QEvent::Drop)) {
        auto *drop = static_cast<QDropEvent *>(event);
        const QList<QUrl> urls = drop->mimeData()->urls();
        const QString file = urls.isEmpty() ? QString() : urls.front().toLocalFile();
        if (!isOpenable(file))
            return false;
        drop->acceptProposedAction();
        if (event->type() == QEvent::Drop)
            open(file);
        return true;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace tw::ui
