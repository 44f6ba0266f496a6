#include "ui/workbook/workbook_session.h"

#include "core/catalog/catalog.h"
#include "core/scenario_io/scenario_json.h"
#include "core/store/results_codec.h"
#include "ui/scenario_document.h"

#include <QFileInfo>
#include <QUndoStack>

namespace tw::ui {
namespace {

std::string canonicalJson(const ScenarioDocument &document)
{
    return scenario::toJson(document.scenario(), catalog::Catalog::builtIn());
}

} // namespace

WorkbookSession::WorkbookSession(ScenarioDocument *document, QObject *parent)
    : QObject(parent)
    , m_document(document)
{
    connect(m_document->undoStack(), &QUndoStack::cleanChanged, this,
            &WorkbookSession::emitModified);
}

bool WorkbookSession::reset(const store::WorkbookContent &content, const QString &file,
                            bool modified, QString *error)
{
    if (content.scenarios.empty()) {
        if (error)
            *error = tr("The workbook holds no scenarios.");
        return false;
    }
    const store::WorkbookContent previous = m_content;
    const int previousCurrent = m_current;
    m_content = content;
    if (!load(0, error)) {
        m_content = previous;
        m_current = previousCurrent;
        return false;
    }
    m_file = file;
    m_suggestedFile.clear();
    m_listDirty = modified;
    emit listChanged();
    emit currentChanged(m_current);
    emit fileChanged(m_file);
    emitModified();
    return true;
}

bool WorkbookSession::resetToExample(const QString &exampleName)
{
    if (!m_document->loadExample(exampleName))
        return false;
    store::StoredScenario stored;
    stored.name = exampleName.toStdString();
    stored.parametersJson = canonicalJson(*m_document);
    m_content = store::WorkbookContent{{stored}};
    m_current = 0;
    m_file.clear();
    m_suggestedFile.clear();
    m_listDirty = false;
    emit listChanged();
    emit currentChanged(0);
    emit fileChanged(m_file);
    emitModified();
    return true;
}

store::WorkbookContent WorkbookSession::snapshot() const
{
    commitCurrent();
    // Encoded only now: outputs arrive often while the user edits, snapshots are rare.
    if (m_pendingResults) {
        auto &stored = m_content.scenarios[static_cast<std::size_t>(m_current)];
        if (m_pendingResults->parametersJson == stored.parametersJson)
            stored.results = store::cacheResults(m_pendingResults->results, stored.parametersJson);
        m_pendingResults.reset();
    }
    return m_content;
}

QString WorkbookSession::displayName() const
{
    return m_file.isEmpty() ? tr("Untitled.tokenwatt") : QFileInfo(m_file).fileName();
}

bool WorkbookSession::isModified() const
{
    return m_listDirty || !m_document->undoStack()->isClean();
}

void WorkbookSession::markSaved(const QString &file)
{
    commitCurrent();
    m_listDirty = false;
    m_document->undoStack()->setClean();
    if (file != m_file) {
        m_file = file;
        emit fileChanged(m_file);
    }
    m_suggestedFile.clear();
    emitModified();
}

QString WorkbookSession::name(int index) const
{
    if (index < 0 || index >= count())
        return {};
    return QString::fromStdString(m_content.scenarios[static_cast<std::size_t>(index)].name);
}

QString WorkbookSession::notes(int index) const
{
    if (index < 0 || index >= count())
        return {};
    return QString::fromStdString(m_content.scenarios[static_cast<std::size_t>(index)].notes);
}

std::string WorkbookSession::parametersJson(int index) const
{
    commitCurrent();
    if (index < 0 || index >= count())
        return {};
    return m_content.scenarios[static_cast<std::size_t>(index)].parametersJson;
}

bool WorkbookSession::select(int index, QString *error)
{
    if (index == m_current || index < 0 || index >= count())
        return index == m_current;
    commitCurrent();
    // Loading clears the undo history: unsaved edits of the scenario we leave must still
    // count as unsaved work.
    const bool hadEdits = !m_document->undoStack()->isClean();
    const int previous = m_current;
    if (!load(index, error)) {
        m_current = previous;
        return false;
    }
    m_listDirty = m_listDirty || hadEdits;
    emit currentChanged(m_current);
    emitModified();
    return true;
}

bool WorkbookSession::addFromExample(const QString &exampleName, QString *error)
{
    ScenarioDocument probe;
    if (!probe.loadExample(exampleName)) {
        if (error)
            *error = tr("There is no built-in example named '%1'.").arg(exampleName);
        return false;
    }
    return addScenarioJson(canonicalJson(probe), exampleName, error);
}

bool WorkbookSession::addCopy(int index, QString *error)
{
    if (index < 0 || index >= count())
        return false;
    const store::StoredScenario copy = snapshot().scenarios[static_cast<std::size_t>(index)];
    if (!addScenarioJson(copy.parametersJson, tr("%1 copy").arg(name(index)), error))
        return false;
    setNotes(m_current, QString::fromStdString(copy.notes));
    return true;
}

bool WorkbookSession::addScenarioJson(const std::string &parametersJson, const QString &name,
                                      QString *error)
{
    commitCurrent();
    store::StoredScenario stored;
    stored.name
            = uniqueName(name.trimmed().isEmpty() ? tr("Scenario") : name.trimmed()).toStdString();
    stored.parametersJson = parametersJson;
    m_content.scenarios.push_back(stored);
    const int previous = m_current;
    if (!load(count() - 1, error)) {
        m_content.scenarios.pop_back();
        m_current = previous;
        return false;
    }
    // The stored text is rewritten canonically, so it compares equal to later snapshots.
    m_content.scenarios.back().parametersJson = canonicalJson(*m_document);
    m_listDirty = true; // also keeps the previous scenario's edits counted as unsaved
    emit listChanged();
    emit currentChanged(m_current);
    emitModified();
    return true;
}

QString WorkbookSession::rename(int index, const QString &newName)
{
    const QString trimmed = newName.trimmed();
    if (index < 0 || index >= count())
        return tr("There is no scenario number %1.").arg(index + 1);
    if (trimmed.isEmpty())
        return tr("A scenario's name must not be empty.");
    for (int i = 0; i < count(); ++i) {
        if (i != index && name(i) == trimmed)
            return tr("Another scenario is already named '%1'.").arg(trimmed);
    }
    if (trimmed == name(index))
        return {};
    auto &stored = m_content.scenarios[static_cast<std::size_t>(index)];
    stored.name = trimmed.toStdString();
    stored.modifiedUtc.clear();
    setListDirty();
    emit listChanged();
    return {};
}

bool WorkbookSession::remove(int index)
{
    if (index < 0 || index >= count() || count() == 1)
        return false;
    commitCurrent();
    const bool wasCurrent = index == m_current;
    m_content.scenarios.erase(m_content.scenarios.begin() + index);
    if (wasCurrent) {
        const int next = std::min(index, count() - 1);
        // The neighbour loaded without error before (it is the same text), so this holds.
        load(next, nullptr);
        emit currentChanged(m_current);
    } else if (index < m_current) {
        --m_current; // the document is unchanged; its edits stay on its undo stack
    }
    setListDirty();
    emit listChanged();
    return true;
}

void WorkbookSession::setNotes(int index, const QString &notes)
{
    if (index < 0 || index >= count() || this->notes(index) == notes)
        return;
    auto &stored = m_content.scenarios[static_cast<std::size_t>(index)];
    stored.notes = notes.toStdString();
    stored.modifiedUtc.clear();
    setListDirty();
    emit notesChanged(index);
}

void WorkbookSession::noteResults(const metrics::Results &results)
{
    if (results.status != metrics::RunStatus::Completed)
        return;
    commitCurrent();
    m_pendingResults = PendingResults{
            results, m_content.scenarios[static_cast<std::size_t>(m_current)].parametersJson};
}

QString WorkbookSession::uniqueName(const QString &base) const
{
    auto taken = [this](const QString &candidate) {
        for (int i = 0; i < count(); ++i) {
            if (name(i) == candidate)
                return true;
        }
        return false;
    };
    QString candidate = base;
    for (int n = 2; taken(candidate); ++n)
        candidate = QStringLiteral("%1 (%2)").arg(base).arg(n);
    return candidate;
}

void WorkbookSession::commitCurrent() const
{
    if (m_current < 0 || m_current >= count())
        return;
    auto &stored = m_content.scenarios[static_cast<std::size_t>(m_current)];
    std::string json = canonicalJson(*m_document);
    if (json == stored.parametersJson)
        return;
    stored.parametersJson = std::move(json);
    stored.modifiedUtc.clear(); // stamped when saved
    if (stored.results && !store::resultsAreCurrent(*stored.results, stored.parametersJson))
        stored.results.reset();
}

bool WorkbookSession::load(int index, QString *error)
{
    m_pendingResults.reset(); // they belong to the scenario being replaced
    const auto &stored = m_content.scenarios[static_cast<std::size_t>(index)];
    QString message;
    if (!m_document->loadJson(stored.parametersJson, &message)) {
        if (error)
            *error = tr("Scenario '%1' cannot be loaded:\n%2")
                             .arg(QString::fromStdString(stored.name), message);
        return false;
    }
    m_current = index;
    return true;
}

void WorkbookSession::setListDirty()
{
    m_listDirty = true;
    emitModified();
}

void WorkbookSession::emitModified()
{
    emit modifiedChanged(isModified());
}

} // namespace tw::ui
