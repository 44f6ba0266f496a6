#include "ui/scenario_document.h"

#include "ui/render/core_text.h"

#include "core/catalog/catalog.h"
#include "core/common/error.h"
#include "core/scenario_io/catalog_apis.h"
#include "core/scenario_io/examples.h"
#include "core/scenario_io/scenario_json.h"
#include "core/sim/engine.h"

#include <QUndoCommand>
#include <QUndoStack>

#include <algorithm>
#include <cmath>
#include <optional>

namespace tw::ui {

/// One undoable change: the whole state before and after (a scenario's JSON is a few KB, and
/// keeping both parsed scenarios makes undo instant, with nothing left to fail).
class DocumentCommand : public QUndoCommand
{
public:
    struct State
    {
        nlohmann::json json;
        scenario::Scenario scenario;
        ApiComparison api;
    };

    DocumentCommand(ScenarioDocument *document, const QString &text, QString mergeKey, int mergeId,
                    State before, State after)
        : QUndoCommand(text)
        , m_document(document)
        , m_mergeKey(std::move(mergeKey))
        , m_mergeId(mergeId)
        , m_before(std::move(before))
        , m_after(std::move(after))
    {}

    void undo() override { apply(m_before); }
    void redo() override { apply(m_after); }

    /// All mergeable commands share one id; mergeWith() decides by lever and drag.
    int id() const override { return m_mergeId >= 0 ? kMergeableId : -1; }

    bool mergeWith(const QUndoCommand *other) override
    {
        const auto *next = static_cast<const DocumentCommand *>(other);
        if (next->m_mergeKey != m_mergeKey || next->m_mergeId != m_mergeId)
            return false;
        m_after = next->m_after;
        setText(next->text());
        // A drag that ends where it started changes nothing: drop the step altogether.
        setObsolete(m_after.json == m_before.json && m_after.api.key == m_before.api.key);
        return true;
    }

private:
    static constexpr int kMergeableId = 0x7457; // "tW"

    void apply(const State &state)
    {
        m_document->m_json = state.json;
        m_document->m_scenario = state.scenario;
        m_document->m_api = state.api;
        ++m_document->m_revision;
        emit m_document->scenarioChanged();
    }

    ScenarioDocument *m_document;
    QString m_mergeKey;
    int m_mergeId;
    State m_before;
    State m_after;
};

namespace {

std::optional<std::vector<scenario::PathStep>> splitPath(const QString &path)
{
    return scenario::splitParameterPath(path.toStdString());
}

/// Whole numbers are stored as JSON integers, so that integer keys (replicas) accept them.
nlohmann::json numberJson(double value)
{
    if (std::abs(value) < 9e15 && value == std::floor(value))
        return static_cast<std::int64_t>(value);
    return value;
}

} // namespace

ScenarioDocument::ScenarioDocument(QObject *parent)
    : QObject(parent)
    , m_undoStack(new QUndoStack(this))
{}

ScenarioDocument::~ScenarioDocument() = default;

bool ScenarioDocument::loadExample(const QString &name)
{
    const scenario::Example *example = scenario::findExample(name.toStdString());
    if (!example) {
        emit editRefused(tr("There is no built-in example named '%1'.").arg(name));
        return false;
    }
    nlohmann::json json;
    scenario::Scenario parsed;
    QString message;
    try {
        json = nlohmann::json::parse(example->json);
    } catch (const nlohmann::json::exception &error) {
        emit editRefused(QString::fromUtf8(error.what()));
        return false;
    }
    if (!validate(json, parsed, message)) {
        emit editRefused(message);
        return false;
    }
    m_undoStack->clear();
    m_exampleName = name;
    m_json = std::move(json);
    m_scenario = std::move(parsed);
    m_api = {};
    ++m_revision;
    emit scenarioChanged();
    emit exampleLoaded(name);
    return true;
}

bool ScenarioDocument::loadJson(const std::string &jsonText, QString *error)
{
    nlohmann::json json;
    scenario::Scenario parsed;
    QString message;
    try {
        json = nlohmann::json::parse(jsonText);
    } catch (const nlohmann::json::exception &parseError) {
        message = QString::fromUtf8(parseError.what());
    }
    if (message.isEmpty() && validate(json, parsed, message)) {
        m_undoStack->clear();
        m_exampleName.clear();
        m_json = std::move(json);
        m_scenario = std::move(parsed);
        m_api = {};
        ++m_revision;
        emit scenarioChanged();
        return true;
    }
    if (error)
        *error = message;
    return false;
}

void ScenarioDocument::resetToExample()
{
    const scenario::Example *example = scenario::findExample(m_exampleName.toStdString());
    if (!example)
        return;
    const nlohmann::json original = nlohmann::json::parse(example->json);
    if (original == m_json && !m_api.isSet())
        return;
    DocumentCommand::State after{original, {}, {}};
    QString message;
    if (!validate(after.json, after.scenario, message)) {
        emit editRefused(message);
        return;
    }
    m_undoStack->push(new DocumentCommand(this, tr("Reset to example"), {}, -1,
                                          {m_json, m_scenario, m_api}, std::move(after)));
}

bool ScenarioDocument::setParameter(const QString &path, double value, int mergeId)
{
    if (!std::isfinite(value)) {
        emit editRefused(tr("%1: the value must be a finite number").arg(path));
        return false;
    }
    return setValue(path, numberJson(value), mergeId);
}

bool ScenarioDocument::setValue(const QString &path, const nlohmann::json &value, int mergeId)
{
    const QString shown = value.is_string() ? QString::fromStdString(value.get<std::string>())
                                            : QString::fromStdString(value.dump());
    bool pathOk = true;
    const bool applied
            = edit(tr("Set %1 to %2").arg(path.section(QLatin1Char('.'), -1), shown), path, mergeId,
                   [&](nlohmann::json &json) { pathOk = setAtPath(json, path, value); });
    return applied && pathOk;
}

bool ScenarioDocument::edit(const QString &text, const QString &mergeKey, int mergeId,
                            const JsonEdit &change)
{
    DocumentCommand::State after{m_json, {}, m_api};
    change(after.json);
    if (after.json == m_json)
        return true; // nothing to do (e.g. a refresh echo): not an undo step
    QString message;
    if (!validate(after.json, after.scenario, message)) {
        emit editRefused(message);
        return false;
    }
    m_undoStack->push(new DocumentCommand(this, text, mergeKey, mergeId,
                                          {m_json, m_scenario, m_api}, std::move(after)));
    return true;
}

bool ScenarioDocument::setApiComparison(const QString &key)
{
    if (key == m_api.key)
        return true;
    ApiComparison chosen;
    if (!key.isEmpty()) {
        const std::optional<ApiComparison> found = findCatalogApi(key);
        if (!found) {
            emit editRefused(tr("The catalog has no priced API named '%1'.").arg(key));
            return false;
        }
        chosen = *found;
    }
    m_undoStack->push(new DocumentCommand(
            this,
            chosen.isSet() ? tr("Compare with %1").arg(chosen.key) : tr("Compare with no API"),
            QStringLiteral("compare-api"), -1, {m_json, m_scenario, m_api},
            {m_json, m_scenario, chosen}));
    return true;
}

double ScenarioDocument::numberAt(const QString &path, double fallback) const
{
    const nlohmann::json *node = findAtPath(m_json, path);
    return node && node->is_number() ? node->get<double>() : fallback;
}

bool ScenarioDocument::setAtPath(nlohmann::json &root, const QString &path,
                                 const nlohmann::json &value)
{
    const auto steps = splitPath(path);
    if (!steps)
        return false;
    nlohmann::json *node = &root;
    for (const scenario::PathStep &step : *steps) {
        if (step.index) {
            if (!node->is_array() || *step.index >= node->size())
                return false;
            node = &(*node)[*step.index];
        } else {
            if (node->is_null())
                *node = nlohmann::json::object();
            if (!node->is_object())
                return false;
            node = &(*node)[step.key];
        }
    }
    *node = value;
    return true;
}

const nlohmann::json *ScenarioDocument::findAtPath(const nlohmann::json &root, const QString &path)
{
    const auto steps = splitPath(path);
    if (!steps)
        return nullptr;
    const nlohmann::json *node = &root;
    for (const scenario::PathStep &step : *steps) {
        if (step.index) {
            if (!node->is_array() || *step.index >= node->size())
                return nullptr;
            node = &(*node)[*step.index];
        } else {
            if (!node->is_object() || !node->contains(step.key))
                return nullptr;
            node = &(*node)[step.key];
        }
    }
    return node;
}

bool ScenarioDocument::validate(const nlohmann::json &json, scenario::Scenario &out,
                                QString &message) const
{
    try {
        out = scenario::parseScenarioJson(json.dump(), catalog::Catalog::builtIn());
        // Arithmetic only (memory fit, request budget): refusing here keeps every accepted
        // scenario runnable, instead of failing later on the worker thread.
        sim::checkScenario(out);
        return true;
    } catch (const InputError &error) {
        message = describeInputError(error);
    } catch (const std::exception &error) {
        message = QString::fromUtf8(error.what());
    }
    return false;
}

} // namespace tw::ui
