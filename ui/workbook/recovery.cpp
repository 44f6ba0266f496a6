#include "ui/workbook/recovery.h"

#include "ui/workbook/workbook_io.h"
#include "ui/workbook/workbook_session.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTimer>
#include <QUuid>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace tw::ui {
namespace {

const QString kWorkbookSuffix = QStringLiteral(".tokenwatt");
const QString kMetaSuffix = QStringLiteral(".json");
const QString kLockSuffix = QStringLiteral(".lock");

/// Writes the workbook and then the note naming its original; returns the error or "".
QString writeRecovery(const QString &file, const QString &metaFile,
                      const store::WorkbookContent &content, const QString &originalFile)
{
    const QString error = workbook::saveFile(file, content, false);
    if (!error.isEmpty())
        return error;
    QJsonObject meta;
    meta[QStringLiteral("originalFile")] = originalFile;
    meta[QStringLiteral("savedUtc")] = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    QSaveFile out(metaFile);
    if (!out.open(QIODevice::WriteOnly))
        return out.errorString();
    out.write(QJsonDocument(meta).toJson());
    return out.commit() ? QString() : out.errorString();
}

} // namespace

RecoveryManager::RecoveryManager(WorkbookSession *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_timer(new QTimer(this))
    , m_id(QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    m_timer->setInterval(kAutosaveIntervalMs);
    connect(m_timer, &QTimer::timeout, this, &RecoveryManager::autosaveNow);
    m_timer->start();
    connect(&m_writer, &QFutureWatcher<QString>::finished, this, [this] {
        m_writing = false;
        const QString error = m_writer.result();
        if (m_discardAfterWrite) {
            m_discardAfterWrite = false;
            discard(); // saved or closed while the recovery file was being written
        }
        emit autosaved(recoveryFile(), error);
    });
}

RecoveryManager::~RecoveryManager()
{
    m_writer.waitForFinished(); // a small file; never leave a worker writing after we are gone
}

QString RecoveryManager::recoveryDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
           + QStringLiteral("/recovery");
}

QString RecoveryManager::pathFor(const QString &suffix) const
{
    return recoveryDirectory() + QLatin1Char('/') + m_id + suffix;
}

QString RecoveryManager::recoveryFile() const
{
    return pathFor(kWorkbookSuffix);
}

bool RecoveryManager::holdLock()
{
    if (m_lock)
        return true;
    if (!QDir().mkpath(recoveryDirectory()))
        return false;
    auto lock = std::make_unique<QLockFile>(pathFor(kLockSuffix));
    if (!lock->tryLock(0))
        return false;
    m_lock = std::move(lock);
    return true;
}

bool RecoveryManager::autosaveNow()
{
    if (m_writing || !m_session->isModified())
        return false;
    if (!holdLock()) {
        emit autosaved(recoveryFile(),
                       tr("Cannot create the recovery folder %1").arg(recoveryDirectory()));
        return false;
    }
    m_writing = true;
    m_writer.setFuture(QtConcurrent::run(writeRecovery, recoveryFile(), pathFor(kMetaSuffix),
                                         m_session->snapshot(), m_session->file()));
    return true;
}

void RecoveryManager::discard()
{
    if (m_writing) {
        m_discardAfterWrite = true;
        return;
    }
    QFile::remove(recoveryFile());
    QFile::remove(pathFor(kMetaSuffix));
    m_lock.reset(); // unlocks and removes the lock file
}

QList<RecoveryManager::Orphan> RecoveryManager::orphans() const
{
    QList<Orphan> found;
    const QDir folder(recoveryDirectory());
    for (const QFileInfo &info :
         folder.entryInfoList({QStringLiteral("*.tokenwatt")}, QDir::Files)) {
        const QString id = info.completeBaseName();
        if (id == m_id)
            continue;
        // A lock we can take belongs to no running session (QLockFile treats the lock of a
        // process that is gone as stale).
        QLockFile lock(folder.filePath(id + kLockSuffix));
        if (!lock.tryLock(0))
            continue;
        lock.unlock();
        QFile meta(folder.filePath(id + kMetaSuffix));
        QJsonObject note;
        if (meta.open(QIODevice::ReadOnly))
            note = QJsonDocument::fromJson(meta.readAll()).object();
        found.push_back({info.absoluteFilePath(),
                         note.value(QStringLiteral("originalFile")).toString(),
                         note.value(QStringLiteral("savedUtc"))
                                 .toString(info.lastModified().toUTC().toString(Qt::ISODate))});
    }
    std::sort(found.begin(), found.end(),
              [](const Orphan &a, const Orphan &b) { return a.savedUtc > b.savedUtc; });
    return found;
}

void RecoveryManager::remove(const Orphan &orphan)
{
    const QFileInfo info(orphan.recoveryFile);
    const QString stem = info.absolutePath() + QLatin1Char('/') + info.completeBaseName();
    QFile::remove(orphan.recoveryFile);
    QFile::remove(stem + kMetaSuffix);
    QFile::remove(stem + kLockSuffix);
}

} // namespace tw::ui
