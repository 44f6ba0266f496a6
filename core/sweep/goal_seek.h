#pragma once

// Goal seek: the value of one scenario parameter at which a result metric reaches a target,
// e.g. "the traffic at which self-hosting costs $2 per 1M output tokens" (docs/model.md,
// "Goal seek").

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace tw {
class CancellationToken;
}

namespace tw::catalog {
class Catalog;
}

namespace tw::sweep {

struct GoalSeekOptions
{
    std::string parameter; ///< dotted path (scenario::withParameter)
    std::string metric;    ///< a numeric key of metrics::metricValue
    double target = 0.0;
    double low = 0.0; ///< the parameter's search interval, low < high
    double high = 0.0;
    /// Stop when the interval is this narrow relative to the value found (or the metric is
    /// within it of the target, relatively).
    double tolerance = 0.01;
    int maxSimulations = 40;
    std::optional<std::uint64_t> seed; ///< the same seed for every probe (common random numbers)
    const CancellationToken *cancel = nullptr;
};

struct GoalSeekProbe
{
    double value = 0.0;  ///< of the parameter
    double metric = 0.0; ///< the metric there (NaN when the run has no value for it)
};

struct GoalSeekResult
{
    bool found = false;
    double value = 0.0;  ///< the parameter's value at the crossing (interpolated)
    double metric = 0.0; ///< the metric at the nearest probe
    /// Why nothing was found: the target is not between the metric at low and at high.
    std::string message;
    std::vector<GoalSeekProbe> probes; ///< in the order simulated
};

/// Bisects [low, high] for the value where the metric crosses the target: the metric is
/// simulated at both ends (with one seed, so that noise does not move the crossing), then at
/// midpoints of the bracket that keeps the crossing, until the bracket is within the tolerance;
/// the answer interpolates linearly inside the last bracket. A metric that is not monotone may
/// cross more than once: the one found lies in the bracket kept. Throws tw::InputError naming
/// the option for an unknown metric, an empty interval, a bad parameter path or value.
/// Throws tw::InputError naming the option (`--metric`, `--from`, `--target`) for an unknown
/// metric, an empty interval or a non-finite target; goalSeek() calls it first.
void checkGoalSeekOptions(const GoalSeekOptions &options);

GoalSeekResult goalSeek(const std::string &scenarioJson, const std::filesystem::path &baseDir,
                        const catalog::Catalog &catalog, const GoalSeekOptions &options);

} // namespace tw::sweep
