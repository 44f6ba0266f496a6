#pragma once

// Checks made before a simulation starts. Internal to core/sim; the public entry points are
// checkScenario() and estimateRequestCount() in engine.h.

#include "core/hardware/perf_model.h"
#include "core/scenario/scenario.h"

#include <optional>
#include <vector>

namespace tw::sim {

/// One performance model per deployment, empty for API deployments (they use no GPUs).
using PerfModels = std::vector<std::optional<hardware::PerfModel>>;

PerfModels buildPerfModels(const scenario::Scenario &scenario);

/// A lower bound on the mean response time of a request, used to bound closed loops: the
/// fastest of (mean output x fastest possible iteration) over self-hosted deployments, an API's
/// time to stream the mean output, and the cache's hit latency when the cache can answer.
double minResponseSeconds(const scenario::Scenario &scenario, const PerfModels &perf);

/// Throws tw::InputError naming every reason the scenario cannot be simulated: a model that does
/// not fit its replica (and by how much), a GPU without the figures the model needs, or more
/// requests expected than simulation.maxRequests.
void checkFeasible(const scenario::Scenario &scenario, const PerfModels &perf);

} // namespace tw::sim
