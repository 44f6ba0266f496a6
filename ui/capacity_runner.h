#pragma once

#include "core/scenario/scenario.h"
#include "core/sweep/capacity.h"
#include "ui/render/run_output.h"

#include <QFutureWatcher>
#include <QObject>

#include <cstdint>
#include <memory>

namespace tw {
class CancellationToken;
}

namespace tw::ui {

/// Finds the capacity at the SLO (sweep::findCapacity) of the scenario last shown, on a worker
/// thread: about ten simulations, so it runs after a full output is shown rather than inside
/// every slider step. A new request cancels the running search; only the newest result is
/// reported. The destructor cancels and waits for the newest search; a search replaced
/// earlier was cancelled then, owns copies of its inputs and ends on its own.
class CapacityRunner : public QObject
{
    Q_OBJECT

public:
    explicit CapacityRunner(QObject *parent = nullptr);
    ~CapacityRunner() override;

    /// Starts a search for @p scenario, the one of the output of @p generation.
    void request(const scenario::Scenario &scenario, std::uint64_t generation);
    /// Cancels the running search (if any); nothing is reported for it.
    void cancel();
    bool isRunning() const { return m_watcher.isRunning(); }

signals:
    void capacityReady(const tw::ui::CapacityFigure &figure);

private:
    QFutureWatcher<CapacityFigure> m_watcher;
    std::shared_ptr<CancellationToken> m_cancel;
    std::uint64_t m_generation = 0;
};

} // namespace tw::ui
