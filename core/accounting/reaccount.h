#pragma once

#include "core/accounting/energy_meter.h"
#include "core/metrics/results.h"
#include "core/scenario/scenario.h"

#include <memory>

namespace tw::accounting {

/// A run's results together with the energy meter that produced them: enough to account the
/// same simulation again under other prices, regions or hosting terms without re-simulating.
struct MeteredResults
{
    metrics::Results results;
    std::shared_ptr<const EnergyMeter> meter;
};

/// @p scenario with every input that only account() reads set to its default: region carbon
/// intensity, PUE and electricity price; hosting (prices, capex, operations, embodied carbon;
/// not the spot interruption rate, which the engine reads);
/// server overhead power; API token prices and cached-input terms; the cache's cost per
/// lookup; the global price change (prices). Two scenarios whose copies are equal simulate
/// identically (same events, same meter), so one simulation serves both and only account() differs.
/// Everything the engine or the meter reads (power model, hourly carbon profile, API latency, cache
/// hit rates) is kept.
scenario::Scenario withoutAccountingInputs(const scenario::Scenario &scenario);

/// The results of @p run accounted for @p scenario, which must simulate like the scenario that
/// produced the run (equal withoutAccountingInputs()). Equal to simulating @p scenario itself,
/// field for field, except the run's wall time.
metrics::Results reaccount(const scenario::Scenario &scenario, const MeteredResults &run);

} // namespace tw::accounting
