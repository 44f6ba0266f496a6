#pragma once

#include "core/metrics/results.h"
#include "ui/render/run_output.h"

#include <optional>
#include <vector>

class QCPItemText;
class QCustomPlot;

namespace tw::ui::charts {

struct Theme;

/// The plots over the swept lever (x = SweepPoint::parameterValue).
struct CurvePlots
{
    QCustomPlot *cost = nullptr;    ///< $ per 1M output tokens, API price, break-even
    QCustomPlot *latency = nullptr; ///< p95 TTFT and p95 TPOT (s)
    QCustomPlot *energy = nullptr;  ///< facility kWh per 1M output tokens
    QCustomPlot *carbon = nullptr;  ///< gCO2e per 1M output tokens
};

/// What fillCurvePlots found, for tests and the rest of the window.
struct CurveAnnotations
{
    std::optional<double> breakEven;       ///< lever value where self-hosting meets the API price
    QCPItemText *breakEvenLabel = nullptr; ///< owned by the cost plot; null without break-even
    int overloadedPoints = 0;
};

/// Overloaded: fewer than 90 % of measured requests met the SLO, or the backlog grows (more
/// than 1 % of arrivals still queued at the horizon, or completions 5 % behind arrivals). The
/// same test as core/sweep/breakeven.cpp, so the curve and `tokenwatt-cli breakeven` agree.
bool isOverloaded(const metrics::Results &results);

/// The first lever value at which @p cost crosses @p api between two neighbouring valid
/// points (@p valid false = overloaded or not run), interpolated linearly in log(x) when both
/// x are positive (cost per token falls roughly as 1/traffic, so this is nearly exact), and in x
/// otherwise. nullopt when the curve does not cross, or @p api is not positive.
std::optional<double> findBreakEven(const std::vector<double> &x, const std::vector<double> &cost,
                                    const std::vector<bool> &valid, double api);

/// Builds titles, axes and legends; call once.
void setUpCurvePlots(const CurvePlots &plots);
/// Replaces the plots' content with @p output's curve; does not replot.
CurveAnnotations fillCurvePlots(const CurvePlots &plots, const RunOutput &output,
                                const Theme &theme);

} // namespace tw::ui::charts
