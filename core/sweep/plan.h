#pragma once

// Right-sizing: the cheapest fleets that serve a scenario's traffic within its SLO, found by
// simulation with analytic bounds to prune (docs/model.md, "Right-sizing: the plan").

#include "core/model/precision.h"
#include "core/scenario/scenario.h"
#include "core/sweep/capacity.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace tw::sweep {

/// What the plan may change in the planned deployment, and how it judges a fleet.
struct PlanOptions
{
    /// The deployment to size (its name); empty = the first self-hosted one. The scenario's
    /// other deployments, routing and cache stay as they are.
    std::string deployment;
    /// GPUs to try (catalog ids); empty = every catalog GPU with a priced cloud offering of
    /// an allowed price type, and the deployment's own GPU.
    std::vector<std::string> gpus;
    /// GPUs per replica (tensor parallel within a node); a degree whose layout the model or
    /// the GPU's node refuses is skipped as infeasible.
    std::vector<int> tensorParallel = {1, 2, 4, 8};
    /// Weight precisions; empty = the deployment's own and fp8.
    std::vector<model::Precision> precisions;
    /// Continuous batching's maxRunningRequests (the other policies' maxBatchSize); empty =
    /// the deployment's own.
    std::vector<int> batchLimits;
    int maxReplicas = 16;
    /// Cloud price types to rent at (catalog price_type, matched by prefix: "on-demand" takes
    /// "on-demand (Linux)"); empty = every type. The deployment's own hosting (an on-premises
    /// purchase, or a price it states) is always a candidate for its own GPU.
    std::vector<std::string> priceTypes = {"on-demand"};
    /// APIs to compare (catalog "Provider/model"); the catalog's APIs serving the deployment's
    /// model are added unless includeMatchingApis is false.
    std::vector<std::string> apis;
    bool includeMatchingApis = true;
    /// Fleets whose deployment cost is above this multiple of the cheapest fleet's are not
    /// simulated: the Pareto front spans cost from the cheapest to this multiple of it. Larger
    /// fleets of a shape are tried until one is beaten by the next smaller on cost, latency and
    /// energy alike.
    double costCeiling = 2.0;
    /// How many of the cheapest configurations to return.
    int top = 10;
    /// The SLO verdict (criterion, attainment share, seed), as for capacity; the scenario's
    /// slo gives the limits.
    CapacityOptions slo;
    int threads = 0; ///< 0 = the hardware's concurrency
    /// Called with the share of the shapes done, from the thread that calls plan().
    std::function<void(double)> progress;
};

/// One fleet (or API) and how it did.
struct PlanConfig
{
    bool api = false;
    std::string apiKey; ///< "Provider/model" when api
    std::string gpuId;
    std::string gpuName;
    int gpusPerReplica = 0; ///< the tensor-parallel degree
    int replicas = 0;       ///< with autoscaling: the most the autoscaler may hold
    /// The planned deployment is autoscaled (its autoscaling block is kept for every
    /// candidate): its replicas are a ceiling, and meanReplicas what it held on average.
    bool autoscaled = false;
    double meanReplicas = 0.0;
    model::Precision weightPrecision = model::Precision::Bf16;
    int batchLimit = 0;
    /// "AWS/p5.48xlarge", or "own terms" for the deployment's own hosting.
    std::string hosting;
    std::string priceType;         ///< on-demand, capacity block, on premises, ...
    double pricePerGpuHourUsd = 0; ///< cloud rent; 0 on premises
    bool meetsSlo = false;
    std::string miss;            ///< why not: CapacityPoint::miss
    double sloAttainment = 0.0;  ///< of the planned deployment's requests
    double ttftP95Seconds = 0.0; ///< the planned deployment's
    double tpotP95Seconds = 0.0; ///< the planned deployment's
    double e2eP95Seconds = 0.0;  ///< the planned deployment's
    double usdPerMonth = 0.0;    ///< the whole scenario's cost, scaled to 730 hours
    /// The planned deployment's own share of usdPerMonth (GPUs, or API charges): what the cost
    /// ceiling bounds; the other deployments' cost is the same for every candidate.
    double deploymentUsdPerMonth = 0.0;
    double usdPerMillionOutputTokens = 0.0; ///< the whole scenario's
    double kwhPerMonth = 0.0;               ///< facility energy, scaled to 730 hours (0 for an API)
    double kgCo2ePerMonth = 0.0;            ///< operational and embodied, scaled to 730 hours

    int gpus() const { return gpusPerReplica * replicas; }
};

/// Replicas of the cheapest configuration's shape needed in the busiest hour of the day.
struct PeakHourSizing
{
    int hour = 0; ///< the hour of day with the highest diurnal multiplier
    double arrivalRatePerSecond = 0.0;
    std::optional<int> replicas; ///< nullopt: not met with maxReplicas
    PlanConfig config;           ///< the run at that size (or at maxReplicas)
};

/// A shape the plan could not use, and why (model too large, layout, missing figures).
struct InfeasibleShape
{
    std::string gpuId;
    int gpusPerReplica = 0;
    model::Precision weightPrecision = model::Precision::Bf16;
    int batchLimit = 0;
    std::string reason;
};

struct PlanCounts
{
    /// Every (GPU, GPUs per replica, precision, batch limit, replicas 1..maxReplicas, offer)
    /// combination, and the APIs.
    std::uint64_t candidates = 0;
    std::uint64_t infeasible = 0;      ///< the shape cannot run (memory, layout, figures)
    std::uint64_t throughputBound = 0; ///< fewer replicas than the work needs (analytic)
    std::uint64_t costBound = 0;       ///< would cost more than costCeiling x the cheapest
    std::uint64_t missSlo = 0;         ///< simulated (or implied by a larger fleet's miss)
    std::uint64_t meetSlo = 0;
    std::uint64_t simulations = 0; ///< engine runs (the offers of one run are re-accounted)
};

struct PlanResult
{
    std::string deployment; ///< the planned deployment's name
    /// The scenario as it is, judged like the candidates.
    PlanConfig current;
    /// Configurations meeting the SLO, cheapest first (at most options.top), self-hosted and
    /// APIs together; each fleet once, at its cheapest offer.
    std::vector<PlanConfig> cheapest;
    /// Self-hosted configurations meeting the SLO that no other beats on all of cost, p95
    /// end-to-end latency and energy (within the cost ceiling), by cost. APIs are left out:
    /// their energy is not modelled.
    std::vector<PlanConfig> pareto;
    std::vector<PlanConfig> apis;           ///< every API tried, meeting the SLO or not
    std::optional<PeakHourSizing> peakHour; ///< scenarios with a diurnal profile
    std::vector<InfeasibleShape> infeasible;
    PlanCounts counts;
};

/// Sizes options.deployment of @p scenario: for every shape (GPU, GPUs per replica, weight
/// precision, batch limit) the fewest replicas that meet the SLO and the larger fleets up to
/// the cost ceiling, each priced at every allowed offer of its GPU by re-accounting the same
/// run; and every API option. Throws tw::InputError for options that name nothing usable
/// (path: the option) and when cancelled (options.slo.cancel).
PlanResult plan(const scenario::Scenario &scenario, const PlanOptions &options = {});

/// "2 x 4 h100_sxm, fp8, batch 256" (replicas x GPUs per replica, precision, batch limit), or
/// "API Provider/model"; with @p gpuName the catalog's name instead of the id ("H100 SXM").
std::string fleetText(const PlanConfig &config, bool gpuName = false);
/// Where the fleet rents: "Lambda/gpu_8x_h100_sxm5", with a price type other than on-demand
/// in brackets ("... (spot)"); "own terms" for the deployment's own; "per token" for an API.
std::string hostingText(const PlanConfig &config);

/// @p scenario with its deployment @p deploymentName set to @p config: GPU, GPUs per replica
/// (one pipeline stage), replicas, precision, batch limit and hosting; the performance and
/// power parameters calibrated for the new GPU (a power cap is dropped when the GPU changes);
/// an API config replaces the deployment by that API under the same name.
scenario::Scenario withPlanConfig(const scenario::Scenario &scenario,
                                  const std::string &deploymentName, const PlanConfig &config);

} // namespace tw::sweep
