#pragma once

#include "core/scenario/scenario.h"
#include "core/sweep/plan.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <memory>

namespace tw {
class CancellationToken;
}

namespace tw::ui {

/// What a finished plan hands to the window: the result, the scenario it sized (Apply
/// builds on it) and how long it took.
struct PlanOutcome
{
    scenario::Scenario scenario;
    sweep::PlanOptions options; ///< as run (the callback and the token cleared)
    sweep::PlanResult result;
    quint64 revision = 0; ///< the document revision the scenario came from
    double seconds = 0.0;
    QString error; ///< non-empty: the plan was refused or failed; result is empty
};
using PlanOutcomePtr = std::shared_ptr<const PlanOutcome>;

/// Runs sweep::plan on a worker thread (it uses parallelFor for its own waves), reports the
/// share of shapes done and can be cancelled. One plan at a time: start() cancels the one
/// running, whose result is never reported. The destructor cancels and waits. GUI thread only.
class PlanRunner : public QObject
{
    Q_OBJECT

public:
    explicit PlanRunner(QObject *parent = nullptr);
    ~PlanRunner() override;

    void start(const scenario::Scenario &scenario, const sweep::PlanOptions &options,
               quint64 revision);
    /// Stops the running plan; cancelled() follows when its thread has let go.
    void cancel();
    bool isRunning() const { return m_watcher.isRunning(); }

signals:
    void progressChanged(double fraction);
    void finished(const tw::ui::PlanOutcomePtr &outcome);
    void cancelled();

private:
    QFutureWatcher<PlanOutcomePtr> m_watcher;
    std::shared_ptr<CancellationToken> m_cancel;
    quint64 m_run = 0; ///< increases with every start(); progress of older runs is dropped
};

} // namespace tw::ui
