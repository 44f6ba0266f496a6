#pragma once

#include "core/metrics/results.h"

#include <QString>

class QCustomPlot;

namespace tw::ui::charts {

struct Theme;

/// The plots over simulated time (x from the start of the run, in minutes, or in hours for runs
/// longer than three hours).
struct TimePlots
{
    QCustomPlot *traffic = nullptr;    ///< arrivals per minute (left) and queue depth (right)
    QCustomPlot *latency = nullptr;    ///< end-to-end p50 / p95 of requests completing per bin
    QCustomPlot *power = nullptr;      ///< facility power draw (kW)
    QCustomPlot *cumulative = nullptr; ///< cumulative cost, energy and CO2e, one axis rect each
};

/// Builds titles, axes, axis rects and legends; call once.
void setUpTimePlots(const TimePlots &plots);
/// Replaces the plots' content with @p results' time series; does not replot. The time axes
/// span @p axisEndSeconds when it is longer than the results' horizon (a preview of the start
/// of a longer run), with the part not simulated yet shaded.
void fillTimePlots(const TimePlots &plots, const metrics::Results &results, const Theme &theme,
                   double axisEndSeconds = 0.0);
/// Shows @p text in every plot instead of data (before the first run).
void showTimePlaceholder(const TimePlots &plots, const QString &text, const Theme &theme);

} // namespace tw::ui::charts
