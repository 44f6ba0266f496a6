#pragma once

#include "core/store/stored_scenario.h"

#include <QDir>
#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>

class QLockFile;
class QTimer;

namespace tw::ui {

class WorkbookSession;

/// Autosave to a recovery file, and recovery after a session that did not close cleanly.
///
/// Every autosaveIntervalMs (a minute) while the workbook has unsaved changes, its content is
/// written to QStandardPaths::AppDataLocation/recovery/ID.tokenwatt (a complete workbook,
/// written on a worker thread through store::Workbook::writeFile) with ID.json beside it naming
/// the original file. While this session runs it holds ID.lock (QLockFile), so a second
/// TokenWatt never offers a live session's file; a lock whose process is gone is stale, and its
/// recovery file is an orphan, offered at the next start. discard() (a save, a clean close)
/// deletes this session's files. GUI thread only.
class RecoveryManager : public QObject
{
    Q_OBJECT

public:
    /// A recovery file left behind by a session that ended without closing cleanly.
    struct Orphan
    {
        QString recoveryFile; ///< ID.tokenwatt
        QString originalFile; ///< the workbook it was a copy of; empty = never saved
        QString savedUtc;     ///< when it was written
    };

    explicit RecoveryManager(WorkbookSession *session, QObject *parent = nullptr);
    ~RecoveryManager() override;

    static constexpr int kAutosaveIntervalMs = 60'000;
    /// The folder of recovery files.
    static QString recoveryDirectory();

    /// Writes the recovery file now if there are unsaved changes (what the timer does);
    /// autosaved() reports when it is on disk. Returns false when nothing needed writing.
    bool autosaveNow();
    QTimer *timer() const { return m_timer; }
    /// This session's recovery file (it may not exist yet).
    QString recoveryFile() const;
    /// Deletes this session's recovery files (after a save, on a clean close).
    void discard();

    /// Orphans of other sessions, newest first.
    QList<Orphan> orphans() const;
    /// Deletes an orphan's files.
    static void remove(const Orphan &orphan);

signals:
    /// The recovery file @p file was written (empty @p error) or could not be (@p error).
    void autosaved(const QString &file, const QString &error);

private:
    QString pathFor(const QString &suffix) const;
    bool holdLock();

    WorkbookSession *m_session;
    QTimer *m_timer = nullptr;
    QString m_id;
    std::unique_ptr<QLockFile> m_lock;
    QFutureWatcher<QString> m_writer;
    bool m_writing = false;
    bool m_discardAfterWrite = false;
};

} // namespace tw::ui
