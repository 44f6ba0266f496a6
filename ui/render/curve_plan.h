#pragma once

// The window's side of the curve. The curve itself (its lever, grid values, budget and
// horizons) is planned in core: tw::run::curve, core/run/curve_plan.h. Here is what needs Qt
// or a ui type: the translated axis label and the API price at a run's token mix.

#include "core/metrics/results.h"
#include "core/scenario/scenario.h"
#include "ui/render/api_comparison.h"

#include <QString>

namespace tw::ui::curve {

/// Axis label of a lever path ("Traffic (requests/s)").
QString sweepLabel(const QString &path);

/// Price of @p api per million output tokens at the run's input/output token mix.
double apiPricePerMillionOutput(const ApiComparison &api, const metrics::Results &results,
                                const scenario::Scenario &scenario);

} // namespace tw::ui::curve
