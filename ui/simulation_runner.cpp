#include "ui/simulation_runner.h"

#include "ui/render/core_text.h"
#include "ui/render/curve_plan.h"
#include "ui/result_cache.h"

#include "core/catalog/catalog.h"
#include "core/common/cancellation.h"
#include "core/common/error.h"
#include "core/run/simulate.h"
#include "core/scenario_io/scenario_json.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QPromise>
#include <QThread>
#include <QTimer>
#include <QtConcurrent/QtConcurrentMap>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

namespace tw::ui {
namespace {

std::atomic<quint64> g_offGuiThread{0};
std::atomic<quint64> g_onGuiThread{0};

/// Every simulation of the window goes through here: it counts where it ran, and refuses
/// (in debug builds, loudly) to run on the GUI thread. The meter is kept so that a change of
/// prices, region or hosting later re-accounts the run instead of simulating it again.
accounting::MeteredResults simulateOffGuiThread(const scenario::Scenario &scenario,
                                                const sim::RunOptions &options)
{
    const QCoreApplication *app = QCoreApplication::instance();
    const bool onGui = app && QThread::currentThread() == app->thread();
    Q_ASSERT_X(!onGui, "simulateOffGuiThread", "a simulation must never run on the GUI thread");
    (onGui ? g_onGuiThread : g_offGuiThread).fetch_add(1, std::memory_order_relaxed);
    return run::simulateMetered(scenario, options);
}

/// Adapts the engine's progress of one task to the share of the whole run.
class TaskProgress : public ProgressSink
{
public:
    explicit TaskProgress(std::atomic<double> &fraction)
        : m_fraction(fraction)
    {}
    void setProgress(double fraction) override
    {
        m_fraction.store(fraction, std::memory_order_relaxed);
    }

private:
    std::atomic<double> &m_fraction;
};

/// Identifies a simulation exactly: the scenario as written (seed included) without the inputs
/// only accounting reads, so that moving a price, PUE or grid lever finds the run in the cache
/// and only re-accounts it.
std::string runKey(const scenario::Scenario &scenario)
{
    return scenario::toJson(accounting::withoutAccountingInputs(scenario),
                            catalog::Catalog::builtIn(), -1);
}

} // namespace

/// The results the runner keeps: recent scenarios as edited (an undo returns to one), and
/// the curve's points (a move of the swept lever reuses all but the newest).
struct SimulationRunner::Caches
{
    ResultCache current{16}; ///< full runs, previews and preview baselines
    ResultCache curve{512};
};

SimulationRunner::SimulationRunner(QObject *parent)
    : QObject(parent)
    , m_caches(std::make_shared<Caches>())
    , m_fullTimer(new QTimer(this))
    , m_refineTimer(new QTimer(this))
{
    m_pool.setMaxThreadCount(1);
    m_pool.setObjectName(QStringLiteral("tokenwatt-runner"));
    m_fullTimer->setSingleShot(true);
    connect(m_fullTimer, &QTimer::timeout, this, [this] { follow(Pass::Full); });
    m_refineTimer->setSingleShot(true);
    connect(m_refineTimer, &QTimer::timeout, this, [this] { follow(Pass::CurveRefinement); });
    connect(&m_watcher, &QFutureWatcher<Outcome>::finished, this, &SimulationRunner::finished);
    connect(&m_watcher, &QFutureWatcher<Outcome>::progressValueChanged, this, [this](int value) {
        if (m_runningPass != Pass::CurveRefinement)
            emit progressChanged(value / 1000.0);
    });
}

SimulationRunner::~SimulationRunner()
{
    m_watcher.disconnect(this);
    m_pending.reset();
    if (m_cancel)
        m_cancel->cancel();
    m_watcher.waitForFinished();
    m_pool.waitForDone();
}

quint64 SimulationRunner::request(const scenario::Scenario &scenario, const QString &sweepPath,
                                  const ApiComparison &api)
{
    request(RunRequest{scenario, sweepPath, curve::sweepLabel(sweepPath), api});
    return m_generation;
}

void SimulationRunner::request(RunRequest run)
{
    const quint64 generation = ++m_generation;
    m_fullTimer->stop();
    m_refineTimer->stop();
    setBusy(true);
    if (m_inFlight) {
        // Coalesce: the run in flight is stale now; stop it, and keep only this request.
        if (m_cancel)
            m_cancel->cancel();
        m_pending = std::move(run);
        m_pendingGeneration = generation;
        return;
    }
    start(std::move(run), generation, Pass::Interactive);
}

void SimulationRunner::start(RunRequest run, quint64 generation, Pass pass)
{
    m_cancel = std::make_shared<CancellationToken>();
    m_runningGeneration = generation;
    m_runningPass = pass;
    m_inFlight = true;
    m_running = run;
    m_watcher.setFuture(QtConcurrent::run(&m_pool, &SimulationRunner::execute, std::move(run),
                                          generation, m_cancel, m_budget, pass, m_fullScenario,
                                          m_caches));
}

void SimulationRunner::finished()
{
    m_inFlight = false;
    const QFuture<Outcome> future = m_watcher.future();
    const bool latest = m_runningGeneration == m_generation;
    const Pass pass = m_runningPass;
    bool refinable = false, previewed = false;
    if (future.resultCount() > 0 && latest) {
        const Outcome outcome = future.result();
        if (!outcome.cancelled && outcome.output) {
            m_last = outcome.output;
            if (!outcome.previewed && m_running)
                m_fullScenario = m_running->scenario;
            if (pass == Pass::CurveRefinement)
                emit curveRefined(m_last);
            else
                emit resultsReady(m_last);
            previewed = outcome.previewed;
            refinable = pass != Pass::CurveRefinement && outcome.curveShortened
                        && m_budget.refinedRequests > m_budget.interactiveRequests;
        } else if (!outcome.cancelled && !outcome.error.isEmpty()
                   && pass != Pass::CurveRefinement) {
            emit runFailed(outcome.error);
        }
    }
    if (m_pending) {
        RunRequest next = std::move(*m_pending);
        m_pending.reset();
        start(std::move(next), m_pendingGeneration, Pass::Interactive);
        return;
    }
    if (previewed) {
        // Still busy: the full results of this request are yet to come.
        m_fullTimer->start(m_budget.previewRefineDelayMs);
        return;
    }
    setBusy(false);
    if (refinable)
        m_refineTimer->start(m_budget.refineDelayMs);
}

void SimulationRunner::follow(Pass pass)
{
    // Only when idle, and only for the output on screen; any request stops the timers first.
    if (!m_inFlight && m_running && m_last && m_last->generation == m_generation)
        start(*m_running, m_generation, pass);
}

void SimulationRunner::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    emit busyChanged(busy);
}

void SimulationRunner::execute(QPromise<Outcome> &promise, const RunRequest &run,
                               quint64 generation, std::shared_ptr<CancellationToken> cancel,
                               run::CurveBudget budget, Pass pass,
                               std::optional<scenario::Scenario> baseline,
                               std::shared_ptr<Caches> caches)
{
    const double curveRequestBudget
            = pass == Pass::CurveRefinement ? budget.refinedRequests : budget.interactiveRequests;
    QElapsedTimer clock;
    clock.start();
    promise.setProgressRange(0, 1000);

    // The tasks: the scenario as edited (task 0, previewed in the interactive pass when big),
    // then the curve's points.
    struct Task
    {
        scenario::Scenario scenario;
        std::string key; ///< identifies the run exactly (see runKey)
        double weight = 1.0;
        metrics::Results results;
        std::shared_ptr<const accounting::EnergyMeter> meter; ///< set when simulated here
        QString error;
        bool cached = false;
        bool ran = false; ///< simulated in this run (not skipped after a cancel)
        /// Another task of this run with the same key (a curve over a price or PUE lever:
        /// one simulation, accounted once per point), or npos.
        std::size_t sameAs = std::string::npos;
    };
    // The curve's points: planned as the report plans them, within this pass's budget.
    run::curve::CurvePlan plan = run::curve::planCurve(run.scenario, run.sweepPath.toStdString(),
                                                       budget, curveRequestBudget);
    std::vector<Task> tasks(1);
    tasks[0].scenario = run.scenario;
    tasks[0].weight = std::max(1.0, sim::estimateRequestCount(run.scenario));
    const double horizon = run.scenario.simulation.horizonSeconds;
    tasks[0].key = runKey(tasks[0].scenario);
    if (pass == Pass::Interactive && !caches->current.find(tasks[0].key)) {
        // A preview keeps the warm-up: it is the start of the full run, event for event.
        const double preview = run::curve::previewHorizon(run.scenario, tasks[0].weight, budget);
        if (preview < horizon) {
            tasks[0].weight *= preview / horizon;
            tasks[0].scenario.simulation.horizonSeconds = preview;
            tasks[0].key = runKey(tasks[0].scenario);
        }
    }
    for (std::size_t i = 0; i < plan.points.size(); ++i) {
        Task point;
        point.scenario = std::move(plan.points[i]);
        point.weight = plan.requests[i];
        point.key = runKey(point.scenario);
        tasks.push_back(std::move(point));
    }
    const bool curveShortened = plan.shortened;
    // In a preview, the last full output's scenario over the same window (same seed: the same
    // traffic), so that the KPIs' changes compare like with like; cached like the scenario.
    const std::size_t curveEnd = tasks.size();
    std::size_t baselineIndex = std::string::npos;
    const double previewSeconds = tasks[0].scenario.simulation.horizonSeconds;
    if (previewSeconds < horizon && baseline
        && baseline->simulation.horizonSeconds > previewSeconds) {
        Task before;
        before.scenario = *baseline;
        before.scenario.simulation.horizonSeconds = previewSeconds;
        before.weight = std::max(1.0, sim::estimateRequestCount(before.scenario));
        before.key = runKey(before.scenario);
        baselineIndex = tasks.size();
        tasks.push_back(std::move(before));
    }
    // The full pass also runs the scenario over its preview window, off the critical path, so
    // that the next edit's preview finds its baseline in the cache.
    if (pass == Pass::Full) {
        const double window = run::curve::previewHorizon(run.scenario, tasks[0].weight, budget);
        if (window < horizon) {
            Task ahead;
            ahead.scenario = run.scenario;
            ahead.scenario.simulation.horizonSeconds = window;
            ahead.weight = tasks[0].weight * window / horizon;
            ahead.key = runKey(ahead.scenario);
            tasks.push_back(std::move(ahead));
        }
    }
    // The scenario, its baseline and its preview window are kept with the scenarios as edited.
    const auto cacheFor = [&](std::size_t index) -> ResultCache & {
        return index == 0 || index >= curveEnd ? caches->current : caches->curve;
    };
    double totalWeight = 0.0, doneAtStart = 0.0;
    for (std::size_t i = 0; i < tasks.size(); ++i) {
        Task &task = tasks[i];
        totalWeight += task.weight;
        if (const accounting::MeteredResults *hit = cacheFor(i).find(task.key)) {
            task.results = accounting::reaccount(task.scenario, *hit);
            task.cached = true;
            doneAtStart += task.weight;
        }
    }

    // Largest first, so that the workers finish together; a simulation needed by several
    // tasks runs once.
    std::vector<std::size_t> order;
    std::unordered_map<std::string, std::size_t> firstWithKey;
    for (std::size_t i = 0; i < tasks.size(); ++i) {
        if (tasks[i].cached)
            continue;
        const auto [first, inserted] = firstWithKey.emplace(tasks[i].key, i);
        if (inserted) {
            order.push_back(i);
        } else {
            tasks[i].sameAs = first->second;
            totalWeight -= tasks[i].weight; // done when the first is
        }
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return tasks[a].weight > tasks[b].weight;
    });
    std::atomic<double> doneWeight{doneAtStart};
    std::vector<std::atomic<double>> partial(tasks.size());
    auto report = [&] {
        double done = doneWeight.load();
        for (std::size_t i = 0; i < partial.size(); ++i)
            done += tasks[i].weight * partial[i].load(std::memory_order_relaxed);
        promise.setProgressValue(static_cast<int>(std::lround(1000.0 * done / totalWeight)));
    };
    // The global pool (one thread per core, kept warm between runs); this job's own thread
    // belongs to the runner's private pool, so waiting here cannot starve the workers.
    QtConcurrent::blockingMap(QThreadPool::globalInstance(), order, [&](std::size_t index) {
        if (cancel->isCancelled())
            return;
        Task &task = tasks[index];
        TaskProgress progress(partial[index]);
        sim::RunOptions options;
        options.cancel = cancel.get();
        options.progress = &progress;
        try {
            accounting::MeteredResults metered = simulateOffGuiThread(task.scenario, options);
            task.results = std::move(metered.results);
            task.meter = std::move(metered.meter);
            task.ran = true;
        } catch (const std::exception &error) {
            task.error = describeError(error);
        }
        partial[index].store(0.0);
        doneWeight.fetch_add(task.weight);
        report();
    });
    for (Task &task : tasks) {
        if (task.sameAs == std::string::npos)
            continue;
        const Task &simulated = tasks[task.sameAs];
        task.results = accounting::reaccount(task.scenario, {simulated.results, simulated.meter});
        task.error = simulated.error;
    }
    // Whatever finished is kept, even in a cancelled run: the next run starts from it.
    for (std::size_t index : order) {
        Task &task = tasks[index];
        if (task.ran && task.results.status == metrics::RunStatus::Completed)
            cacheFor(index).insert(task.key, accounting::MeteredResults{task.results, task.meter});
    }

    Outcome outcome;
    if (cancel->isCancelled() || tasks[0].results.status == metrics::RunStatus::Cancelled) {
        outcome.cancelled = true;
        promise.addResult(std::move(outcome));
        return;
    }
    if (!tasks[0].error.isEmpty()) {
        outcome.error = tasks[0].error;
        promise.addResult(std::move(outcome));
        return;
    }
    auto output = std::make_shared<RunOutput>();
    output->generation = generation;
    output->current = std::move(tasks[0].results);
    output->preview = tasks[0].scenario.simulation.horizonSeconds < horizon;
    output->scenarioHorizonSeconds = horizon;
    if (baselineIndex != std::string::npos && tasks[baselineIndex].error.isEmpty()
        && tasks[baselineIndex].results.status == metrics::RunStatus::Completed)
        output->previewBaseline
                = std::make_shared<const metrics::Results>(std::move(tasks[baselineIndex].results));
    output->sweepParameter = run.sweepPath;
    output->sweepLabel = run.sweepLabel;
    output->currentValue = plan.current;
    for (std::size_t i = 1; i < curveEnd; ++i) {
        if (tasks[i].error.isEmpty() && tasks[i].results.status == metrics::RunStatus::Completed)
            output->curve.push_back({plan.values[i - 1], std::move(tasks[i].results)});
    }
    if (run.api.isSet()) {
        output->apiUsdPerMillionOutputTokens
                = curve::apiPricePerMillionOutput(run.api, output->current, run.scenario);
        output->apiLabel = run.api.key;
    }
    output->elapsedMilliseconds = static_cast<double>(clock.nsecsElapsed()) / 1e6;
    outcome.previewed = output->preview;
    outcome.output = std::move(output);
    outcome.curveShortened = curveShortened;
    promise.addResult(std::move(outcome));
}

quint64 SimulationRunner::simulationsOffGuiThread()
{
    return g_offGuiThread.load();
}

quint64 SimulationRunner::simulationsOnGuiThread()
{
    return g_onGuiThread.load();
}

} // namespace tw::ui
