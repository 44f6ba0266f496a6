#pragma once

#include "core/metrics/results.h"
#include "core/store/stored_scenario.h"

#include <QObject>
#include <QString>

#include <optional>
#include <string>

namespace tw::ui {

class ScenarioDocument;

/// The open workbook in memory: its scenarios (store::WorkbookContent), which one the
/// ScenarioDocument edits, the file it came from, and whether anything is unsaved.
///
/// The edited scenario lives in the document while it is current; snapshot() writes it back
/// (as scenario::toJson text, what the store expects). Switching scenarios reloads the
/// document, which clears its undo history, so edits not yet saved are remembered as a
/// workbook-level change. Modified = the document's undo stack is not clean, or the list (names,
/// notes, order, other scenarios' parameters) changed since the last save. GUI thread only.
class WorkbookSession : public QObject
{
    Q_OBJECT

public:
    explicit WorkbookSession(ScenarioDocument *document, QObject *parent = nullptr);

    /// Replaces everything: @p content (at least one scenario) from @p file (empty = not saved
    /// yet), @p modified when it still needs saving (a restored recovery file, an imported JSON).
    /// Returns false with @p error when its first scenario cannot be loaded.
    bool reset(const store::WorkbookContent &content, const QString &file, bool modified,
               QString *error = nullptr);
    /// A new, unsaved workbook holding one built-in example, named after it (not modified).
    bool resetToExample(const QString &exampleName);

    /// The content with the edited scenario written back and the cached results attached.
    store::WorkbookContent snapshot() const;
    const QString &file() const { return m_file; }
    /// "name.tokenwatt", or "Untitled.tokenwatt" before the first save.
    QString displayName() const;
    bool isModified() const;
    /// After a successful save to @p file: clean undo stack, no workbook-level change.
    void markSaved(const QString &file);
    /// Something outside the document changed that must be saved (edits made during a save).
    void markListChanged() { setListDirty(); }
    /// A file to suggest for Save As when the workbook has none (an imported JSON's name).
    void setSuggestedFile(const QString &file) { m_suggestedFile = file; }
    const QString &suggestedFile() const { return m_suggestedFile; }

    int count() const { return static_cast<int>(m_content.scenarios.size()); }
    int currentIndex() const { return m_current; }
    QString name(int index) const;
    QString notes(int index) const;
    /// The parameters of scenario @p index as scenario::toJson text (the edited one up to date).
    std::string parametersJson(int index) const;

    /// Makes scenario @p index the edited one. False (with @p error) if it cannot be loaded.
    bool select(int index, QString *error = nullptr);
    /// Appends a scenario and selects it. Names are made unique ("name (2)").
    bool addFromExample(const QString &exampleName, QString *error = nullptr);
    bool addCopy(int index, QString *error = nullptr);
    /// Adds @p parametersJson (scenario JSON text) as a new scenario named @p name; selects it.
    bool addScenarioJson(const std::string &parametersJson, const QString &name,
                         QString *error = nullptr);
    /// Renames scenario @p index. Returns an empty string, or why the name was refused (empty,
    /// or taken by another scenario).
    QString rename(int index, const QString &newName);
    /// Removes scenario @p index (never the last one); selects a neighbour when it was current.
    bool remove(int index);
    void setNotes(int index, const QString &notes);

    /// Results of the edited scenario as it is now (to be stored with it on save).
    void noteResults(const metrics::Results &results);
    /// A name not yet used in this workbook: @p base, else "base (2)", "base (3)", ...
    QString uniqueName(const QString &base) const;

signals:
    /// Names, order or count of the scenarios changed.
    void listChanged();
    /// Another scenario became the edited one.
    void currentChanged(int index);
    void modifiedChanged(bool modified);
    /// The notes of scenario @p index changed.
    void notesChanged(int index);
    /// The file or the display name changed.
    void fileChanged(const QString &file);

private:
    /// Writes the document's scenario into m_content (a no-op if unchanged).
    void commitCurrent() const;
    bool load(int index, QString *error);
    void setListDirty();
    void emitModified();

    ScenarioDocument *m_document;
    /// mutable: snapshot() brings the edited scenario up to date without changing what it means.
    mutable store::WorkbookContent m_content;
    /// The latest results of the edited scenario and the parameters they are for.
    struct PendingResults
    {
        metrics::Results results;
        std::string parametersJson;
    };
    mutable std::optional<PendingResults> m_pendingResults;
    QString m_file;
    QString m_suggestedFile;
    int m_current = 0;
    bool m_listDirty = false;
};

} // namespace tw::ui
