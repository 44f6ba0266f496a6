#pragma once

#include "ui/compare/compare_job.h"
#include "ui/compare/compare_plots.h"

#include <QFutureWatcher>
#include <QThreadPool>
#include <QWidget>

#include <memory>
#include <vector>

class QLabel;
class QListWidget;
class QPushButton;
class QTableWidget;

namespace tw::ui {

class WorkbookSession;

/// Compares two to four scenarios, from the open workbook (as edited, unsaved changes
/// included) and from other workbooks or scenario JSON files: their curves overlaid on four
/// charts, every KPI side by side with its difference against the first (absolute and %, from
/// tw::compare::compareKpis), and the parameters that differ. The simulations run on a worker
/// thread (one comparison at a time, cancellable); the view stays responsive. GUI thread only.
class CompareView : public QWidget
{
    Q_OBJECT

public:
    explicit CompareView(WorkbookSession *session, QWidget *parent = nullptr);
    ~CompareView() override;

    static constexpr int kMinScenarios = 2;
    static constexpr int kMaxScenarios = 4;

    /// Lists the workbook's scenarios (checked ones stay checked) and the files added.
    void refreshCandidates();
    /// Checks exactly the candidates at @p rows.
    void setChecked(const QList<int> &rows);
    /// Adds every scenario of @p file (a workbook, read-only, or a scenario JSON file) as a
    /// candidate; on a worker thread. candidatesAdded() or failed() reports the outcome.
    void addFile(const QString &file);
    /// Starts comparing the checked candidates; false (with a message) unless 2 to 4 are checked.
    bool startComparison();
    void cancel();
    bool isRunning() const { return m_running; }
    void setDarkTheme(bool dark);

    QListWidget *candidates() const { return m_candidates; }
    QTableWidget *kpiTable() const { return m_kpiTable; }
    QTableWidget *parameterTable() const { return m_parameterTable; }
    const ui::compare::ComparePlots &plots() const { return m_plots; }
    /// The last finished comparison.
    const ui::compare::CompareOutcome &outcome() const { return m_outcome; }

signals:
    void comparisonReady();
    void failed(const QString &message);
    void candidatesAdded(int count);

private:
    struct Candidate
    {
        ui::compare::CompareItem item;
        bool fromWorkbook = false;
    };

    QWidget *buildPicker();
    void finished();
    void showOutcome();
    void fillKpiTable();
    void fillParameterTable();
    void setMessage(const QString &message);
    void chooseFile();

    WorkbookSession *m_session;
    std::vector<Candidate> m_extra; ///< scenarios added from other files
    QListWidget *m_candidates = nullptr;
    QPushButton *m_compare = nullptr;
    QPushButton *m_cancel = nullptr;
    QLabel *m_message = nullptr;
    ui::compare::ComparePlots m_plots;
    QTableWidget *m_kpiTable = nullptr;
    QTableWidget *m_parameterTable = nullptr;
    QThreadPool m_pool; ///< one thread: one comparison at a time
    QFutureWatcher<ui::compare::CompareOutcome> m_watcher;
    std::shared_ptr<CancellationToken> m_cancelToken;
    ui::compare::CompareOutcome m_outcome;
    bool m_running = false;
    bool m_dark = false;
};

} // namespace tw::ui
