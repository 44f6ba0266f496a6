#pragma once

#include "core/accounting/reaccount.h"
#include "core/metrics/results.h"
#include "core/scenario/scenario.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace tw {
class CancellationToken;
class ProgressSink;
} // namespace tw

namespace tw::sim {

class EngineObserver;

struct RunOptions
{
    std::optional<std::uint64_t> seed;         ///< overrides the scenario's seed
    const CancellationToken *cancel = nullptr; ///< polled every few thousand events
    ProgressSink *progress = nullptr;          ///< simulated time / horizon
    std::vector<EngineObserver *> observers;   ///< not owned
    /// Stop with RunStatus::BudgetExceeded after this many events (0 = no limit).
    std::uint64_t maxEvents = 2'000'000'000ull;
};

/// Checks that @p scenario can be simulated without running it: every model fits its replica,
/// every GPU has the figures the performance model needs, and the expected request count is
/// within simulation.maxRequests. Throws tw::InputError naming each problem.
void checkScenario(const scenario::Scenario &scenario);

/// Expected number of requests over the horizon; for closed loops the response time is
/// bounded below by the output length times the fastest possible iteration (weights read once
/// at full achieved bandwidth), which is far tighter than a fixed floor.
double estimateRequestCount(const scenario::Scenario &scenario);

/// Runs one discrete-event simulation of @p scenario. Pure function of (scenario, seed):
/// the same inputs give identical Results (wallSeconds aside) on the same build.
/// Throws tw::InputError when the scenario cannot be simulated (a model that does not fit its
/// replica, an expected request count above simulation.maxRequests).
/// Thread-safe: any number of simulations may run at once on different threads.
metrics::Results simulate(const scenario::Scenario &scenario, const RunOptions &options = {});

/// simulate(), also keeping the run's energy meter so that the same simulation can be
/// accounted again under other prices or regions (accounting::reaccount) without re-running.
accounting::MeteredResults simulateMetered(const scenario::Scenario &scenario,
                                           const RunOptions &options = {});

} // namespace tw::sim
