#pragma once

// How a run's curve is planned: which lever it sweeps, at which values, over which horizon.
// The one planner of "scenario plus curve": the window's runner and the report (window and
// `tokenwatt-cli report`) plan their curves here, so that their curves are the same points.
// `tokenwatt-cli sweep` (core/sweep) is not a curve around the current value within a budget
// but the user's own values of any path at the full horizon, each re-read from the scenario
// file with its catalog and folder so that every value is validated and named on failure; it
// shares withParameter and parallelFor with this planner, not the plan. The curve's axis label
// (translated) and the API price at a run's token mix stay in ui/render/curve_plan.h.

#include "core/scenario/scenario.h"

#include <string>
#include <string_view>
#include <vector>

namespace tw::run {

/// How the curve is laid out and how much simulation it may cost.
struct CurveBudget
{
    /// While the user edits, the curve's points together simulate about this many requests at
    /// most: their horizon (and warm-up, in proportion) is shortened alike to fit, to one of
    /// the steps 30 s x sqrt(2)^k (so small moves keep the horizon and reuse cached points).
    /// Alike, not an equal share each: a quiet point's run costs far more per request (many
    /// small iterations) than a busy one's, so equal shares would make the curve slower.
    double interactiveRequests = 15'000.0;
    /// Once edits pause (refineDelayMs), a shortened curve is simulated again within this
    /// larger budget and republished (the window's curveRefined). 0 = never refine.
    double refinedRequests = 300'000.0;
    int refineDelayMs = 250;
    /// While the user edits, a scenario that would simulate more requests than this is first
    /// previewed: only the start of its horizon is simulated (down to whole steps of five
    /// time-series bins, so that small moves keep the window; warm-up kept, at least
    /// previewMinMeasuredSeconds measured after it), so the preview is exactly the first part
    /// of the full run. The full run follows once edits pause for
    /// previewRefineDelayMs. 0 = never preview.
    double previewRequests = 4'000.0;
    int previewRefineDelayMs = 120;
    double previewMinMeasuredSeconds = 300.0;
    /// A preview is made only when its measured window's expected arrival rate is within this
    /// share of the full run's (a day with a diurnal profile is never previewed by its night).
    double previewMaxRateDeviation = 0.05;
    int points = 24;
    /// The points lie on a fixed logarithmic grid, 10^(j / pointsPerDecade), the first one
    /// nearest to current x lowFactor: 24 points at 15 per decade span about 1/8x to 4x.
    /// Fixed, so moving the swept lever itself reuses the points already simulated.
    int pointsPerDecade = 15;
    double lowFactor = 1.0 / 8.0;
    double minHorizonSeconds = 30.0;
};

/// How a run's curve is planned: which lever it sweeps, at which values, over which horizon.
/// Pure functions; any thread.
namespace curve {

/// The levers a curve sweeps by default (see defaultSweepPath), as parameter paths.
inline constexpr std::string_view kRatePath = "workload.arrival.ratePerSecond";
inline constexpr std::string_view kUsersPath = "workload.arrival.users";
inline constexpr std::string_view kTimeScalePath = "workload.arrival.timeScale";

/// The lever the curve sweeps by default for this scenario: the arrival rate, or the number
/// of users of a closed loop, or the time scale of a trace.
std::string defaultSweepPath(const scenario::Scenario &scenario);
/// The lever's value in @p scenario (NaN if it has no number at that path).
double leverValue(const scenario::Scenario &scenario, std::string_view path);
/// A copy of @p base with the lever at @p value: directly for the levers above (no JSON round
/// trip), through tw::scenario::withParameter for any other path (which may throw InputError).
scenario::Scenario withLever(const scenario::Scenario &base, std::string_view path, double value);
/// The curve's lever values around @p current, on the fixed grid of @p budget; whole numbers
/// for integer levers. Empty when @p current is not positive.
std::vector<double> values(double current, std::string_view path, const CurveBudget &budget);
/// A horizon within a request budget: @p full (the scenario's), or shorter so that a run of
/// @p requests requests at the full horizon stays within @p requestBudget, rounded down to a
/// step of minHorizonSeconds x sqrt(2)^k so that it rarely changes.
double horizon(double full, double requests, double requestBudget, const CurveBudget &budget);
/// Shortens @p points (copies of one scenario with the lever moved) alike so that together they
/// stay within @p requestBudget (see CurveBudget::interactiveRequests): the horizon by
/// horizon() over their total, the warm-up in proportion. @p requests holds each point's
/// expected requests at the full horizon and is scaled alike. Returns whether any point was
/// shortened.
bool fitPointsToBudget(std::vector<scenario::Scenario *> points, std::vector<double> &requests,
                       double requestBudget, const CurveBudget &budget);
/// The horizon of a preview of @p scenario (which would simulate @p requests requests), or its
/// own horizon when it needs no preview or a preview would mislead (see CurveBudget).
double previewHorizon(const scenario::Scenario &scenario, double requests,
                      const CurveBudget &budget);
/// Expected arrivals of @p scenario's open-loop traffic in [@p fromSeconds, @p toSeconds) of
/// simulated time, diurnal profile and trace included; for a closed loop, the window's length
/// (its rate does not depend on the time of day).
double expectedArrivals(const scenario::Scenario &scenario, double fromSeconds, double toSeconds);
/// The curve of one run, planned: the lever, its value in the scenario, and one scenario per
/// point, each shortened to fit the budget. The one planner of "scenario plus curve": the
/// window's runner and the report both start from it, so their curves are the same points.
struct CurvePlan
{
    std::string path;
    double current = 0.0; ///< leverValue(scenario, path)
    std::vector<double> values;
    std::vector<scenario::Scenario> points; ///< points[i] has the lever at values[i]
    /// Expected requests of each point as planned (after shortening), at least 1.
    std::vector<double> requests;
    bool shortened = false; ///< some point's horizon was cut to fit @p requestBudget
};
/// Plans the curve of @p scenario over @p path: values() on the fixed grid, withLever() for
/// each, then fitPointsToBudget() within @p requestBudget. A lever that cannot be swept
/// (withLever throws InputError) gives a plan without points: the scenario still runs.
CurvePlan planCurve(const scenario::Scenario &scenario, std::string_view path,
                    const CurveBudget &budget, double requestBudget);

} // namespace curve
} // namespace tw::run
