#pragma once

#include "ui/report/report_input.h"

#include <memory>
#include <vector>

class QCustomPlot;

namespace tw::ui::report {

/// Charts that put several scenarios on one set of axes, for the comparison section of a
/// report. Each returns a plot that is never shown (paint it with toPainter), in the light
/// theme, sized for print. GUI thread only.

/// The tornado of cost per 1M output tokens (charts::fillTornado) of a one-scenario report.
std::unique_ptr<QCustomPlot> tornadoChart(const sweep::SensitivityResult &result);

/// Cost per month of each scenario, one horizontal bar each, stacked by component (GPU busy,
/// GPU idle, electricity, operations, API tokens, cache), with the total at the bar's end.
std::unique_ptr<QCustomPlot> costComparisonChart(const std::vector<ReportScenario> &scenarios);

/// What a curve overlay shows.
enum class CurveMetric { CostPerMillionTokens, TtftP95 };

/// One line per scenario across the swept lever (its points that are not overloaded), with a
/// dot at each scenario's own value. Null when the scenarios sweep different levers or none
/// has a curve.
std::unique_ptr<QCustomPlot> curveOverlayChart(const std::vector<ReportScenario> &scenarios,
                                               CurveMetric metric);

} // namespace tw::ui::report
