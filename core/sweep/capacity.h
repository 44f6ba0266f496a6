#pragma once

#include "core/metrics/results.h"
#include "core/scenario/scenario.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tw {
class CancellationToken;
struct InputIssue;
} // namespace tw

namespace tw::sweep {

/// What "the SLO is met" means for a whole run (docs/model.md, "Capacity at the SLO").
enum class SloCriterion {
    /// At least CapacityOptions::minSloAttainment of the measured requests have TTFT and TPOT
    /// within the scenario's SLO (goodput share), and no backlog: the verdict of isOverloaded,
    /// which break-even and the charts' overload shading also use.
    Attainment,
    /// The p95 TTFT and the p95 TPOT are each within the SLO, and no backlog.
    Percentile95,
};

struct CapacityOptions
{
    SloCriterion criterion = SloCriterion::Attainment;
    double minSloAttainment = 0.9; ///< Attainment: the share of requests that must meet the SLO
    /// The search stops when the rates found to meet and to miss the SLO are within this
    /// relative distance of each other.
    double relativeTolerance = 0.01;
    double minRatePerSecond = 1e-3;
    double maxRatePerSecond = 1e4;
    std::optional<std::uint64_t> seed; ///< overrides the scenario's seed for every run
    const CancellationToken *cancel = nullptr;
};

/// One simulated traffic level.
struct CapacityPoint
{
    double ratePerSecond = 0.0; ///< the mean rate set (workload.arrival.ratePerSecond)
    /// Arrivals per second measured in the simulated window: the mean rate times the diurnal
    /// profile's average over the window (equal to ratePerSecond without a profile, to noise).
    double arrivalRatePerSecond = 0.0;
    double sloAttainment = 0.0;
    double ttftP95Seconds = 0.0;
    double tpotP95Seconds = 0.0;
    bool meetsSlo = false;
    std::string miss; ///< why it misses: "queue grows", "TTFT p95", ...; empty when it meets
};

struct CapacityResult
{
    double scenarioRatePerSecond = 0.0;
    /// The highest mean arrival rate found to meet the SLO (within relativeTolerance of the
    /// lowest found to miss it); nullopt when even minRatePerSecond misses it.
    std::optional<double> capacityRatePerSecond;
    /// The arrivals per second the simulated window saw at that rate: the capacity in the
    /// units of the traffic a run reports (Results::arrivalRatePerSecond); 0 without one.
    double capacityArrivalRatePerSecond = 0.0;
    /// The SLO still held at maxRatePerSecond (or at the highest rate the run budget
    /// allows): the capacity is at least capacityRatePerSecond.
    bool capacityIsLowerBound = false;
    /// scenarioRatePerSecond / capacityRatePerSecond: the "load = X % of capacity" figure;
    /// 0 without a capacity.
    double loadShare = 0.0;
    /// The GPUs' cost per month (cloud rent or amortised purchase, busy and idle; 730 h) at the
    /// scenario's own rate, and the share of it that pays for capacity the traffic leaves
    /// unused: max(0, 1 - loadShare) of it ("cost of unused capacity", docs/model.md).
    double gpuUsdPerMonth = 0.0;
    double unusedCapacityUsdPerMonth = 0.0;
    double missRatePerSecond = 0.0;    ///< the lowest rate found to miss the SLO; 0 = none
    std::string missReason;            ///< CapacityPoint::miss at that rate
    std::vector<CapacityPoint> points; ///< every simulated point, by rate
};

/// Whether one run meets the SLO under @p options' criterion; when it does not, @p why (if
/// given) is set to what failed first: "queue grows", "SLO attainment", "TTFT p95" or
/// "TPOT p95".
bool meetsSlo(const metrics::Results &results, const scenario::Slo &slo,
              const CapacityOptions &options, std::string *why = nullptr);

/// Why @p scenario has no capacity to find, as the InputError findCapacity would throw (its
/// path and message); empty when it has one: a trace or closed-loop workload has no rate to
/// vary, and APIs alone have no capacity limit in the model.
std::vector<InputIssue> capacityProblems(const scenario::Scenario &scenario);

/// Finds the deployment's capacity at its SLO: the highest mean arrival rate (Poisson or Gamma
/// arrivals, with the scenario's diurnal profile if any) at which the whole scenario still
/// meets the SLO. Every point runs with the same seed, so the arrivals of one rate are those of
/// another rescaled in time and the request lengths are the same (common random numbers): the
/// verdict moves with the rate, not with the noise. The search walks from the scenario's own
/// rate by doubling or halving until the verdict changes, then bisects in log-rate.
///
/// Throws tw::InputError for a trace or closed-loop workload (no rate to vary) and when
/// cancelled.
CapacityResult findCapacity(const scenario::Scenario &scenario,
                            const CapacityOptions &options = {});

} // namespace tw::sweep
