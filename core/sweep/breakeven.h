#pragma once

#include "core/metrics/results.h"
#include "core/scenario/scenario.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tw {
class CancellationToken;
}

namespace tw::sweep {

/// One simulated traffic level.
struct BreakevenPoint
{
    double ratePerSecond = 0.0;           ///< mean arrival rate simulated
    double selfHostedUsdPerMillion = 0.0; ///< self-hosted cost per 1M output tokens delivered
    double apiUsdPerMillion = 0.0;        ///< the API's price for the same token mix
    double outputTokensPerSecond = 0.0;
    double sloAttainment = 0.0;
    double idleShare = 0.0;
    /// Overloaded: the backlog grows or fewer than BreakevenOptions::minSloAttainment of the
    /// requests meet the SLO, so this traffic is not a valid operating point at any price.
    bool saturated = false;
};

struct BreakevenResult
{
    /// The lowest traffic at which self-hosting costs no more per 1M output tokens than the API;
    /// nullopt when self-hosting never gets there before saturating.
    std::optional<double> breakevenRatePerSecond;
    bool cheaperAtEveryRate = false; ///< self-hosting already wins at the lowest rate tried
    double apiUsdPerMillion = 0.0;
    double saturationRatePerSecond = 0.0; ///< lowest rate found saturated (0 = none found)
    std::vector<BreakevenPoint> points;   ///< every simulated point, by rate
};

/// True when @p results is no valid operating point: a backlog (more than 1 % of the requests
/// that arrived still waiting at the end) or fewer than @p minSloAttainment of the measured
/// requests meeting the SLO. Requests still running at the horizon do not count against it, so
/// the verdict does not depend on the horizon's length. Shared by break-even and the charts.
bool isOverloaded(const metrics::Results &results, double minSloAttainment = 0.9);

struct BreakevenOptions
{
    double minRatePerSecond = 0.001;
    double maxRatePerSecond = 10'000.0;
    int bisectionSteps = 12;       ///< each halves the log-rate bracket around the break-even
    double minSloAttainment = 0.9; ///< below this share of requests meeting the SLO: overloaded
    std::optional<std::uint64_t> seed;
    const CancellationToken *cancel = nullptr;
};

/// Finds the traffic (mean arrival rate, Poisson or Gamma arrivals) at which the scenario's
/// self-hosted deployments cost no more per 1M output tokens than serving the same requests
/// through @p api. Cost per token falls as traffic grows, because the GPUs are paid for whether
/// busy or idle, until the deployment saturates; the search brackets the crossing on a
/// geometric grid (doubling/halving from the scenario's own rate) and bisects it in log-rate.
/// The API price is computed for the simulated token mix, input and output, including its
/// cached-input discount. Throws tw::InputError when the scenario has no rate to vary or its
/// self-hosted GPUs have no price.
BreakevenResult findBreakeven(const scenario::Scenario &scenario, const scenario::ApiSpec &api,
                              const BreakevenOptions &options = {});

} // namespace tw::sweep
