#pragma once

#include "core/scenario/scenario.h"
#include "ui/render/api_comparison.h"

#include <nlohmann/json.hpp>

#include <QObject>
#include <QString>

#include <functional>

class QUndoStack;

namespace tw::ui {

/// The scenario being edited: its JSON text (as nlohmann::json, so keys the user wrote are kept
/// as written) and the parsed, validated scenario::Scenario, plus the undo stack of edits.
///
/// Every edit is applied to a copy of the JSON, parsed and checked (parseScenarioJson, then
/// sim::checkScenario, which is arithmetic only); an edit that fails is refused with
/// editRefused() and never applied, so scenario() is always valid. Edits with the same
/// non-negative merge id on the same path collapse into one undo step (a slider drag).
/// GUI thread only.
class ScenarioDocument : public QObject
{
    Q_OBJECT

public:
    /// A change of the JSON; throw nothing, validation comes afterwards.
    using JsonEdit = std::function<void(nlohmann::json &)>;

    explicit ScenarioDocument(QObject *parent = nullptr);
    ~ScenarioDocument() override;

    const scenario::Scenario &scenario() const { return m_scenario; }
    const nlohmann::json &json() const { return m_json; }
    /// Name of the built-in example the document was loaded from.
    const QString &exampleName() const { return m_exampleName; }
    const ApiComparison &apiComparison() const { return m_api; }
    QUndoStack *undoStack() const { return m_undoStack; }
    /// Increases with every change of the scenario or the API comparison (undo/redo included).
    quint64 revision() const { return m_revision; }

    /// Loads a built-in example (tw::scenario::examples()), clearing the undo history.
    /// Returns false and emits editRefused() for an unknown name.
    bool loadExample(const QString &name);
    /// Goes back to the example as shipped, as one undoable step.
    void resetToExample();
    /// Loads a scenario from JSON text (a workbook's stored scenario), clearing the undo
    /// history; exampleName() becomes empty. Returns false with @p error (every problem, one
    /// per line) and leaves the document unchanged when the text is not a runnable scenario.
    bool loadJson(const std::string &jsonText, QString *error = nullptr);

    /// Sets the number at @p path (a parameter path, see tw::scenario::withParameter; missing
    /// object keys are added). @p mergeId >= 0 merges with the previous edit of the same path
    /// and id into one undo step. Returns false (and emits editRefused) when the value is invalid.
    bool setParameter(const QString &path, double value, int mergeId = -1);
    /// Sets any JSON value (a string id, a choice) at @p path; see setParameter.
    bool setValue(const QString &path, const nlohmann::json &value, int mergeId = -1);
    /// A compound edit: @p edit changes the JSON, @p text names the undo step, @p mergeKey
    /// identifies the lever for merging (usually its path).
    bool edit(const QString &text, const QString &mergeKey, int mergeId, const JsonEdit &edit);

    /// Chooses the API to compare with ("" = none); undoable. False for an unknown key.
    bool setApiComparison(const QString &key);

    /// The number at @p path in the JSON, or @p fallback if absent or not a number.
    double numberAt(const QString &path, double fallback = 0.0) const;

    /// Sets @p value at @p path in @p root, creating missing objects. False if the path is
    /// malformed, indexes past a list's end, or crosses a non-object value.
    static bool setAtPath(nlohmann::json &root, const QString &path, const nlohmann::json &value);
    /// The value at @p path, or nullptr.
    static const nlohmann::json *findAtPath(const nlohmann::json &root, const QString &path);

signals:
    /// The scenario changed (an edit, undo, redo, reset or a new example).
    void scenarioChanged();
    /// A new example was loaded (after scenarioChanged).
    void exampleLoaded(const QString &name);
    /// An edit was refused; @p message lists every problem, one per line.
    void editRefused(const QString &message);

private:
    friend class DocumentCommand;
    /// Parses and checks @p json; on success stores the parsed scenario in @p out.
    bool validate(const nlohmann::json &json, scenario::Scenario &out, QString &message) const;

    nlohmann::json m_json;
    scenario::Scenario m_scenario;
    ApiComparison m_api;
    QString m_exampleName;
    QUndoStack *m_undoStack = nullptr;
    quint64 m_revision = 0;
};

} // namespace tw::ui
