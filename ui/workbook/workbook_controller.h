#pragma once

#include "ui/workbook/workbook_dialogs.h"
#include "ui/workbook/workbook_io.h"

#include <QObject>
#include <QString>

#include <functional>

class QAction;
class QMenu;

namespace tw::ui {

class MainWindow;
class RecoveryManager;
class WorkbookSession;

/// The window's file handling: File > New, Open, Open Recent, Save, Save As, Import and Export
/// scenario JSON; the title with its modified marker; the prompt before unsaved work is lost;
/// files dropped on the window; autosave and recovery. Workbook files are read and written on
/// worker threads (store::Workbook, through workbook_io.h); while one is, the file actions are
/// disabled and the status bar says so. Errors are shown with the core's message, and nothing
/// is overwritten by a failed open or save. GUI thread only.
class WorkbookController : public QObject
{
    Q_OBJECT

public:
    explicit WorkbookController(MainWindow *window);
    ~WorkbookController() override;

    WorkbookSession *session() const { return m_session; }
    RecoveryManager *recovery() const { return m_recovery; }
    /// Replaces the questions asked (tests answer them without modal dialogs).
    void setDialogs(workbook::Dialogs dialogs) { m_dialogs = std::move(dialogs); }
    const workbook::Dialogs &dialogs() const { return m_dialogs; }

    /// Adds New … Export scenario as JSON to @p file.
    void addActions(QMenu *file);
    QAction *saveAction() const { return m_save; }

    /// Opens @p file (workbook or scenario JSON) after handling unsaved work; fileOpened or
    /// fileFailed report the outcome.
    void open(const QString &file);
    /// Saves to the workbook's file, or asks for one; @p then runs after a successful save.
    void save(std::function<void()> then = {});
    /// Saves to @p file (empty = ask); see save().
    void saveAs(const QString &file = {}, std::function<void()> then = {});
    /// A new unsaved workbook with the built-in example @p name, after handling unsaved work.
    void newFromExample(const QString &name);
    /// Runs @p proceed once unsaved work is saved or discarded; not at all if the user cancels.
    void handleUnsavedWork(std::function<void()> proceed);
    /// For MainWindow::closeEvent: true when the window may close now. With unsaved work it
    /// asks; "Save" saves first and closes the window afterwards (so it returns false).
    bool confirmClose();
    /// The window closes: deletes this session's recovery file.
    void closedCleanly();
    /// Offers to restore a recovery file left by a session that did not close cleanly.
    /// Returns true if one was restored.
    bool offerRecovery();
    /// Adds the scenario of the JSON file @p file to the workbook (File > Import).
    void importScenario(const QString &file);
    /// Writes the edited scenario as JSON to @p file (File > Export scenario as JSON).
    bool exportScenario(const QString &file);
    bool isBusy() const { return m_busy; }

signals:
    void fileOpened(const QString &file);
    void fileSaved(const QString &file);
    /// Opening or saving @p file failed with @p message (already shown to the user).
    void fileFailed(const QString &file, const QString &message);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void startOpen(const QString &file, std::function<void(const workbook::OpenedFile &)> done);
    void applyOpened(const QString &file, const workbook::OpenedFile &opened);
    void startSave(const QString &file, std::function<void()> then);
    void fail(const QString &title, const QString &file, const QString &message);
    void setBusy(bool busy, const QString &message = {});
    void updateTitle();
    void fillRecentMenu();
    QString chooseOpen(const QString &title, const QString &filter);

    MainWindow *m_window;
    WorkbookSession *m_session;
    RecoveryManager *m_recovery;
    workbook::Dialogs m_dialogs;
    QAction *m_new = nullptr;
    QAction *m_open = nullptr;
    QAction *m_save = nullptr;
    QAction *m_saveAs = nullptr;
    QAction *m_import = nullptr;
    QAction *m_export = nullptr;
    QMenu *m_recentMenu = nullptr;
    bool m_busy = false;
    bool m_readOnly = false; ///< the open file refuses saving: Save asks for a new file
};

} // namespace tw::ui
