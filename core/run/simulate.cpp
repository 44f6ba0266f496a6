#include "core/run/simulate.h"

#include "core/accounting/accounting.h"
#include "core/accounting/energy_meter.h"

#include <memory>

namespace tw::run {

accounting::MeteredResults simulateMetered(const scenario::Scenario &scenario,
                                           const sim::RunOptions &options)
{
    sim::requireDeploymentsAndClasses(scenario);
    const sim::TimeGrid grid = sim::timeGrid(scenario);
    auto meter = std::make_shared<accounting::EnergyMeter>(scenario, grid.horizonNs, grid.binNs);
    sim::RunOptions metered = options;
    metered.observers.insert(metered.observers.begin(), meter.get());
    accounting::MeteredResults out;
    out.results = sim::runEngine(scenario, metered);
    accounting::account(scenario, *meter, out.results);
    out.meter = std::move(meter);
    return out;
}

metrics::Results simulate(const scenario::Scenario &scenario, const sim::RunOptions &options)
{
    return simulateMetered(scenario, options).results;
}

} // namespace tw::run
