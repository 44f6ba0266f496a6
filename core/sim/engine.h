#pragma once

#include "core/metrics/results.h"
#include "core/scenario/scenario.h"

#include <cstddef>
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

/// The simulated-time grid of a run of @p scenario: horizon, warm-up and time-series bins in
/// nanoseconds. Observers that keep per-bin figures (the energy meter) are built on it.
struct TimeGrid
{
    std::int64_t horizonNs = 0;
    std::int64_t warmupNs = 0;
    std::int64_t binNs = 1;
    std::size_t bins = 1; ///< ceil(horizon / bin), at least 1
};
TimeGrid timeGrid(const scenario::Scenario &scenario);

/// Runs one discrete-event simulation of @p scenario and reports every state change to
/// options.observers. Fills traffic, latency, utilisation and time series; energy, carbon and
/// cost are left empty: the engine knows nothing of them (run::simulate() attaches the energy
/// meter and accounts the run). Pure function of (scenario, seed): the same inputs give
/// identical Results (wallSeconds aside) on the same build.
/// Throws tw::InputError when the scenario cannot be simulated (a model that does not fit its
/// replica, an expected request count above simulation.maxRequests).
/// Thread-safe: any number of simulations may run at once on different threads.
metrics::Results runEngine(const scenario::Scenario &scenario, const RunOptions &options = {});

/// Throws tw::InputError when @p scenario has no deployment or no request class.
void requireDeploymentsAndClasses(const scenario::Scenario &scenario);

} // namespace tw::sim
