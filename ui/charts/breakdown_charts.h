#pragma once

#include "core/metrics/results.h"

class QCustomPlot;

namespace tw::ui::charts {

struct Theme;

/// Breakdowns of the current scenario's results.
struct BreakdownPlots
{
    QCustomPlot *cost = nullptr;    ///< $ per month by component, one stacked bar per deployment
    QCustomPlot *carbon = nullptr;  ///< t CO2e per year, operational vs embodied
    QCustomPlot *latency = nullptr; ///< p50/p90/p95/p99 of TTFT, TPOT and E2E, one axis rect each
};

/// Builds titles, axes and legends; call once.
void setUpBreakdownPlots(const BreakdownPlots &plots);
/// Replaces the plots' content with @p results; does not replot.
void fillBreakdownPlots(const BreakdownPlots &plots, const metrics::Results &results,
                        const Theme &theme);

} // namespace tw::ui::charts
