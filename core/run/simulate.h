#pragma once

// The top of the simulation stack: wires the engine (core/sim, which knows only observers) to
// the energy meter and the accounting (core/accounting) that turn a run into kWh, CO2 and
// dollars. Everything above core/sim that wants a costed run calls these.

#include "core/accounting/reaccount.h"
#include "core/metrics/results.h"
#include "core/scenario/scenario.h"
#include "core/sim/engine.h"

namespace tw::run {

/// Runs one discrete-event simulation of @p scenario and accounts it: every field of Results,
/// energy, carbon and cost included. Pure function of (scenario, seed): the same inputs give
/// identical Results (wallSeconds aside) on the same build. The energy meter is attached as the
/// first observer, ahead of options.observers.
/// Throws tw::InputError when the scenario cannot be simulated (a model that does not fit its
/// replica, an expected request count above simulation.maxRequests, a power cap at or below a
/// GPU's idle power).
/// Thread-safe: any number of simulations may run at once on different threads.
metrics::Results simulate(const scenario::Scenario &scenario, const sim::RunOptions &options = {});

/// simulate(), also keeping the run's energy meter so that the same simulation can be
/// accounted again under other prices or regions (accounting::reaccount) without re-running.
accounting::MeteredResults simulateMetered(const scenario::Scenario &scenario,
                                           const sim::RunOptions &options = {});

} // namespace tw::run
