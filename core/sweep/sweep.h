#pragma once

#include "core/metrics/sweep_format.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace tw {
class CancellationToken;
class ProgressSink;
} // namespace tw

namespace tw::catalog {
class Catalog;
}

namespace tw::sweep {

using SweepPoint = metrics::SweepPoint;

struct SweepOptions
{
    std::optional<std::uint64_t> seed; ///< overrides the scenario's seed for every point
    int threads = 0; ///< worker threads; 0 = std::thread::hardware_concurrency() (at least 1)
    /// Event budget of each run (see sim::RunOptions::maxEvents); unset = the engine's default.
    std::optional<std::uint64_t> maxEvents;
    /// Polled before each point starts and by the running simulations; not owned.
    const CancellationToken *cancel = nullptr;
    /// Told the share of finished points after each point; calls are serialised (never two at
    /// once) but come from the worker threads. Not owned.
    ProgressSink *progress = nullptr;
};

/// Runs one simulation per value of @p values, each on the scenario @p scenarioJson with the
/// parameter at @p parameterPath (a dotted path, see tw::scenario::withParameter) set to that
/// value. Points run in parallel on a small thread pool; the result has one point per value in
/// the order of @p values, whatever order they finished in.
///
/// Throws tw::InputError when a point is invalid: first every scenario is built, and all
/// invalid values are reported together; then, if a simulation refuses its scenario, the
/// error of the first such value (in input order) is reported. Each issue names the value.
/// When cancelled, points that never started have RunStatus::Cancelled and default figures.
/// Blocks until every worker has finished.
std::vector<SweepPoint> runSweep(const std::string &scenarioJson,
                                 const std::filesystem::path &baseDir,
                                 const std::string &parameterPath,
                                 const std::vector<double> &values, const catalog::Catalog &catalog,
                                 const SweepOptions &options = {});

/// A two-parameter grid: for each value of @p secondPath (slowest), the sweep of @p firstPath
/// over @p firstValues, each point equal to the single run with both parameters set. Points
/// come in that order, with SweepPoint::secondValue set. Errors as runSweep's (a bad second
/// value names it).
std::vector<SweepPoint> runGrid(const std::string &scenarioJson,
                                const std::filesystem::path &baseDir, const std::string &firstPath,
                                const std::vector<double> &firstValues,
                                const std::string &secondPath,
                                const std::vector<double> &secondValues,
                                const catalog::Catalog &catalog, const SweepOptions &options = {});

enum class Spacing {
    Linear,    ///< equal differences
    Geometric, ///< equal ratios (`--log`); both ends must be > 0
};

/// @p steps values from @p from to @p to, both ends included and exact (steps = 1 needs
/// from == to). Values in between are rounded to 12 significant digits, so that `--from 1
/// --to 64 --steps 7 --log` gives 1, 2, 4, ... 64 rather than 3.9999999999999996. Throws
/// tw::InputError (paths `--from`, `--to`, `--steps`, `--log`) for non-finite ends,
/// steps < 1, or a geometric range that is not positive.
std::vector<double> spacedValues(double from, double to, int steps, Spacing spacing);

} // namespace tw::sweep
