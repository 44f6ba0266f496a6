#pragma once

#include "core/accounting/energy_meter.h"
#include "core/metrics/results.h"
#include "core/scenario/scenario.h"

namespace tw::accounting {

/// Hours in the averaged month and year used to scale a run's cost and carbon (730 h is
/// 8,760 h / 12, the convention of cloud price lists).
inline constexpr double kHoursPerMonth = 730.0;
inline constexpr double kHoursPerYear = 8760.0;
inline constexpr double kJoulesPerKwh = 3.6e6;

/// Fills the energy, carbon and cost of every deployment (results.deployments[i] for
/// scenario.deployments[i]) and of the whole run (results.energy, .carbon, .cost), and the time
/// series powerWatts, energyKwh, costUsd and carbonKg (one entry per bin of @p meter), from the
/// metered energy and the run's counts. Every figure covers the whole accounted time
/// (meter.endSeconds(): the horizon, or where a cancelled run stopped), warm-up included.
///
/// Reads from @p results: per deployment inputTokens, outputTokens and requests (filled by the
/// engine; entries are added if missing); in total generatedTokens, completedOutputTokens,
/// completedRequests, arrivedRequests, and timeSeries.completions and .arrivals when they have
/// one entry per bin (they place API and cache costs in time; without them those costs are
/// spread in proportion to time). Equations: docs/model.md, "Power and energy", "Carbon",
/// "Cost".
void account(const scenario::Scenario &scenario, const EnergyMeter &meter,
             metrics::Results &results);

} // namespace tw::accounting
