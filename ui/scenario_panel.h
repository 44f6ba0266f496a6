#pragma once

#include "ui/levers.h"

#include <QHash>
#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;

namespace tw::ui {

class CollapsibleSection;
class ScenarioDocument;

/// The levers of the scenario: collapsible groups of slider + spin box pairs and choice boxes
/// (traffic, model, hardware, serving, cache, region, API comparison). Every edit goes through
/// the ScenarioDocument, so it can be undone; the panel redraws from the document after every
/// change (undo and redo included) without echoing edits back. Levers edit the first
/// deployment and the first request class, as the panel's heading says.
class ScenarioPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ScenarioPanel(ScenarioDocument *document, QWidget *parent = nullptr);

    /// The lever with this id ("rate", "replicas", ... see levers.cpp), or nullptr.
    LeverControl *lever(const QString &id) const;
    QComboBox *modelBox() const { return m_model; }
    QComboBox *precisionBox() const { return m_precision; }
    QComboBox *gpuBox() const { return m_gpu; }
    QComboBox *policyBox() const { return m_policy; }
    QComboBox *apiBox() const { return m_api; }
    /// Group names with their expanded state, for QSettings.
    QStringList collapsedGroups() const;
    void setCollapsedGroups(const QStringList &groups);

    /// Redraws every control from the document.
    void refresh();

private:
    void buildGroups();
    void addCombos();
    void onLeverEdited(std::size_t index, double value, int dragId);
    void onChoice(QComboBox *box, const QString &path);
    void refreshCombos();

    ScenarioDocument *m_document;
    std::vector<Lever> m_levers;
    std::vector<LeverControl *> m_controls;
    QHash<QString, CollapsibleSection *> m_sections;
    QLabel *m_scope = nullptr;
    QLabel *m_problem = nullptr;
    QLabel *m_modelNote = nullptr;
    QComboBox *m_model = nullptr;
    QComboBox *m_precision = nullptr;
    QComboBox *m_gpu = nullptr;
    QComboBox *m_policy = nullptr;
    QComboBox *m_api = nullptr;
    bool m_refreshing = false;
};

} // namespace tw::ui
