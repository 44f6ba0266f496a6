#pragma once

#include "core/metrics/results.h"

namespace tw::metrics {

/// How far a run's headline figures may lie from the truth, as fractions of each figure
/// (0.12 = ±12 %): the median absolute errors of its deployments' parameter groups
/// (DeploymentResults::accuracy*Percent; docs/validation.md, "How sure a prediction is"),
/// carried to each figure through what it depends on (docs/model.md, "Error bands"). Charts
/// draw them as bands; 0 = no band (nothing modelled moves the figure, or no error is known).
struct ErrorBands
{
    /// p95 TPOT: the largest latency error among self-hosted deployments.
    double tpotFraction = 0.0;
    /// Energy per output token: the largest energy error among self-hosted deployments.
    double energyFraction = 0.0;
    /// Carbon per output token: the energy error times the operational share of the carbon
    /// (embodied carbon follows provisioned time, not energy).
    double carbonFraction = 0.0;
    /// Cost per output token: the energy error times the electricity share of the cost. A
    /// rented fleet's cost follows its GPU-hours, which the traffic and the fleet fix, so its
    /// band is 0 until the fleet overloads.
    double costFraction = 0.0;
};

ErrorBands errorBandsOf(const Results &results);

} // namespace tw::metrics
