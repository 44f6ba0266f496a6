#pragma once

// Replications: how wide the sampling noise of a scenario's headline figures is. The scenario
// is simulated with several seeds; each figure gets its mean and a 95 % confidence interval
// (Student's t on the replications' spread), and, where the calibration knows it, the model's
// own error band beside it and combined with it (docs/model.md, "Replications").

#include "core/scenario/scenario.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace tw {
class CancellationToken;
}

namespace tw::sweep {

struct ReplicationOptions
{
    /// Replications to run, 2 to 1000; 0 = automatic: batches until the 95 % interval of the
    /// headline figure (cost per 1M output tokens) is within targetRelativeHalfWidth of its
    /// mean, from minReplications up to maxReplications.
    int replications = 0;
    double targetRelativeHalfWidth = 0.02;
    int minReplications = 4;
    int maxReplications = 64;
    /// The seeds are firstSeed, firstSeed + 1, ...; default the scenario's own seed.
    std::optional<std::uint64_t> firstSeed;
    int threads = 0; ///< 0 = the hardware's concurrency
    const CancellationToken *cancel = nullptr;
    /// Called with the replications done, from the thread that calls replicate().
    std::function<void(int)> progress;
};

/// One figure over the replications.
struct ReplicatedFigure
{
    std::string key;   ///< as in `run --format json`: "cost.perMillionOutputTokensUsd", ...
    std::string label; ///< "Cost per 1M output tokens"
    std::string unit;  ///< "$", "s", "J", "requests/s", "" for shares
    double mean = 0.0;
    double standardDeviation = 0.0; ///< of one replication (n - 1 in the denominator)
    double halfWidth95 = 0.0;       ///< t(0.975, n - 1) x s / sqrt(n)
    /// The calibrated model's error band as a fraction of the figure (metrics::ErrorBands);
    /// 0 where none applies. Not sampling noise: more replications do not shrink it.
    double modelErrorFraction = 0.0;
    /// Both together, as a fraction of the mean: sqrt((halfWidth95 / mean)^2 + model^2).
    double combinedFraction() const;
};

struct ReplicationResult
{
    int replications = 0;
    std::vector<std::uint64_t> seeds;
    /// Automatic mode: the headline's interval reached the target (always true for a fixed
    /// count).
    bool converged = true;
    std::vector<ReplicatedFigure> figures; ///< the headline first
};

/// @p value of figure @p f for people: a latency for seconds, dollars and cents for "$", a
/// percentage for a share (no unit), else three significant digits and the unit.
std::string figureText(const ReplicatedFigure &f, double value);

/// Student's t quantile t(0.975, df) for a two-sided 95 % interval (df >= 1): tabulated to
/// df = 30, then the normal approximation with the first correction terms.
double studentT975(int degreesOfFreedom);

/// Simulates @p scenario with options.replications seeds (or automatically, see the options)
/// and summarises the headline figures. Throws tw::InputError for options out of range (path:
/// the option), when a replication cannot run, and when cancelled.
ReplicationResult replicate(const scenario::Scenario &scenario,
                            const ReplicationOptions &options = {});

} // namespace tw::sweep
