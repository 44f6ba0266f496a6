#pragma once

#include "ui/plan/plan_runner.h"

#include <QWidget>

#include <optional>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTabWidget;

namespace tw::ui {

class ScenarioDocument;

/// Tools > Plan: the right-sizing search (sweep::plan) for the document's scenario. The user
/// picks the deployment, the SLO and the price types and starts it; it runs off the GUI
/// thread with a progress bar and a Cancel button. The cheapest configurations, the Pareto
/// front and the APIs are listed with their numbers, and Apply turns the chosen row into the
/// scenario's deployment as one undoable edit. Results of an earlier revision of the
/// scenario are marked as such and cannot be applied. GUI thread only.
class PlanPanel : public QWidget
{
    Q_OBJECT

public:
    explicit PlanPanel(ScenarioDocument *document, QWidget *parent = nullptr);
    ~PlanPanel() override;

    /// Starts a plan of the document's scenario with the panel's settings (cancels one running).
    void startPlan();
    void cancelPlan();
    /// Applies row @p row of the list shown (Cheapest, Pareto front or APIs); false (with the
    /// reason in the status line) when there is no such row or the results are stale.
    bool applyRow(int row);

    PlanRunner *runner() const { return m_runner; }
    /// The last finished plan (null before the first, or after a failure).
    PlanOutcomePtr outcome() const { return m_outcome; }
    /// The configurations of the list shown, in row order.
    const std::vector<sweep::PlanConfig> &shownConfigs() const;
    QTableWidget *shownTable() const;
    QTabWidget *lists() const { return m_tabs; }
    QLabel *summary() const { return m_summary; }
    QLabel *status() const { return m_status; }
    QComboBox *deploymentChoice() const { return m_deployment; }
    QDoubleSpinBox *ttftLimit() const { return m_ttft; }
    QDoubleSpinBox *tpotLimit() const { return m_tpot; }
    QComboBox *priceChoice() const { return m_prices; }
    QPushButton *planButton() const { return m_plan; }
    QPushButton *applyButton() const { return m_apply; }

signals:
    /// A plan finished and its lists are shown.
    void planShown();

private:
    void refreshDeployments();
    void refreshStaleness();
    void showOutcome(const PlanOutcomePtr &outcome);
    void fillTable(QTableWidget *table, const std::vector<sweep::PlanConfig> &configs);
    void setRunning(bool running);
    void updateApply();

    ScenarioDocument *m_document = nullptr;
    PlanRunner *m_runner = nullptr;
    PlanOutcomePtr m_outcome;
    QComboBox *m_deployment = nullptr;
    QDoubleSpinBox *m_ttft = nullptr;
    QDoubleSpinBox *m_tpot = nullptr;
    QSpinBox *m_attainment = nullptr;
    QComboBox *m_prices = nullptr;
    QSpinBox *m_maxReplicas = nullptr;
    QPushButton *m_plan = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_summary = nullptr;
    QTabWidget *m_tabs = nullptr;
    QTableWidget *m_cheapest = nullptr;
    QTableWidget *m_pareto = nullptr;
    QTableWidget *m_apis = nullptr;
    QPushButton *m_apply = nullptr;
    QLabel *m_status = nullptr;
    std::optional<scenario::Slo> m_sloSynced; ///< the scenario SLO the limit fields show
};

} // namespace tw::ui
