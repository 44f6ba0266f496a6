#pragma once

#include "core/run/curve_plan.h"
#include "core/scenario/scenario.h"
#include "ui/render/run_output.h"
#include "ui/scenario_document.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QThreadPool>

#include <memory>
#include <optional>
#include <vector>

class QTimer;

namespace tw {
class CancellationToken;
}

namespace tw::ui {

/// What one background run does: the scenario as edited, plus a curve over one lever.
struct RunRequest
{
    scenario::Scenario scenario;
    QString sweepPath;  ///< JSON path of the swept lever, e.g. "workload.arrival.ratePerSecond"
    QString sweepLabel; ///< for axes, e.g. "Traffic (requests/s)"
    ApiComparison api;  ///< the API to compare costs with (none when !api.isSet())
};

/// Runs simulations off the GUI thread and publishes their outputs on it.
///
/// request() starts a run of the scenario and of a curve over one lever (points spaced
/// geometrically around its current value, see run::CurveBudget) on a private worker pool. One run
/// is in flight at a time: a newer request cancels it (through its CancellationToken) and
/// waits as the only pending request, so a slider drag never queues up stale work. Outputs of
/// superseded requests are never published (generation counter). Simulations are
/// deterministic, so results already computed (the curve's points, recent scenarios such as
/// the one an undo returns to) are reused from a cache. Create and use on the GUI thread.
///
/// A request goes through up to three passes, each published as it ends:
/// 1. interactive: a big scenario is previewed (the start of its horizon, RunOutput::preview)
///    and the curve simulated over a short horizon; resultsReady.
/// 2. full, once edits pause for previewRefineDelayMs (only after a preview): the scenario
///    over its whole horizon, the curve reused from the cache; resultsReady.
/// 3. curve refinement, once edits pause for refineDelayMs (only when the curve was
///    shortened): the curve over a longer horizon; curveRefined.
/// The runner is busy until the full results of the latest request are published.
class SimulationRunner : public QObject
{
    Q_OBJECT

public:
    explicit SimulationRunner(QObject *parent = nullptr);
    /// Cancels the run in flight and waits for it (simulations poll their token often).
    ~SimulationRunner() override;

    /// Asks for a run; supersedes every earlier request. Returns its generation.
    quint64 request(const scenario::Scenario &scenario, const QString &sweepPath,
                    const ApiComparison &api = {});
    void request(RunRequest run);

    /// True from a request until its full (not preview) output is published, or the request is
    /// refused; a curve refinement running in the background does not count.
    bool isBusy() const { return m_busy; }
    bool isRefining() const { return m_inFlight && m_runningPass == Pass::CurveRefinement; }
    quint64 latestGeneration() const { return m_generation; }
    RunOutputPtr lastOutput() const { return m_last; }
    const run::CurveBudget &curveBudget() const { return m_budget; }
    void setCurveBudget(const run::CurveBudget &budget) { m_budget = budget; }

    /// Simulations run off the GUI thread since start (each curve point counts); for tests.
    static quint64 simulationsOffGuiThread();
    /// Simulations that ran on the GUI thread; must stay 0 (asserted in debug builds).
    static quint64 simulationsOnGuiThread();

signals:
    /// A run finished and is the latest requested: its output, on the GUI thread.
    void resultsReady(const tw::ui::RunOutputPtr &output);
    /// The same generation as the last resultsReady, with its curve simulated over a longer
    /// horizon (the scenario's results are unchanged).
    void curveRefined(const tw::ui::RunOutputPtr &output);
    /// The latest request could not run (e.g. the scenario became unrunnable).
    void runFailed(const QString &message);
    void busyChanged(bool busy);
    /// Share of the run in flight that is done, in [0, 1].
    void progressChanged(double fraction);

private:
    enum class Pass { Interactive, Full, CurveRefinement };
    struct Outcome
    {
        RunOutputPtr output;
        QString error;
        bool cancelled = false;
        bool curveShortened = false; ///< the curve ran over less than the scenario's horizon
        bool previewed = false;      ///< the scenario ran over less than its horizon
    };
    struct Caches;

    void start(RunRequest run, quint64 generation, Pass pass);
    void finished();
    /// Starts @p pass for the output on screen, if nothing newer was requested meanwhile.
    void follow(Pass pass);
    void setBusy(bool busy);
    static void execute(QPromise<Outcome> &promise, const RunRequest &run, quint64 generation,
                        std::shared_ptr<CancellationToken> cancel, run::CurveBudget budget,
                        Pass pass, std::optional<scenario::Scenario> baseline,
                        std::shared_ptr<Caches> caches);

    QThreadPool m_pool; ///< one thread: runs never overlap
    QFutureWatcher<Outcome> m_watcher;
    std::shared_ptr<CancellationToken> m_cancel;
    std::shared_ptr<Caches> m_caches; ///< used by the job thread only (runs never overlap)
    std::optional<RunRequest> m_pending;
    std::optional<RunRequest> m_running; ///< the request of the run in flight (or last run)
    /// The scenario of the last full output published: previews are compared with it over the
    /// same window (RunOutput::previewBaseline).
    std::optional<scenario::Scenario> m_fullScenario;
    quint64 m_pendingGeneration = 0;
    quint64 m_runningGeneration = 0;
    quint64 m_generation = 0;
    bool m_inFlight = false;
    Pass m_runningPass = Pass::Interactive;
    bool m_busy = false;
    QTimer *m_fullTimer = nullptr;   ///< pass 2 after a preview
    QTimer *m_refineTimer = nullptr; ///< pass 3 after a shortened curve
    RunOutputPtr m_last;
    run::CurveBudget m_budget;
};

} // namespace tw::ui
