#include "core/sweep/capacity.h"

#include "core/sweep/breakeven.h"
#include "core/sweep/rate_search.h"

#include <algorithm>
#include <cmath>

namespace tw::sweep {
namespace {

class Search
{
public:
    Search(const scenario::Scenario &scenario, const CapacityOptions &options)
        : m_scenario(scenario)
        , m_options(options)
        , m_runs(scenario, options.seed, options.cancel, "capacity")
    {}

    const CapacityPoint &at(double rate)
    {
        return m_runs.at(rate, [&](const metrics::Results &r) {
            if (rate == m_scenario.workload.arrival.ratePerSecond && r.horizonSeconds > 0.0)
                m_gpuUsdPerMonth = (r.cost.gpuBusyUsd + r.cost.gpuIdleUsd) * 730.0 * 3600.0
                                   / r.horizonSeconds;
            CapacityPoint p;
            p.arrivalRatePerSecond = r.arrivalRatePerSecond;
            p.sloAttainment = r.sloAttainment;
            p.ttftP95Seconds = r.ttftSeconds.p95;
            p.tpotP95Seconds = r.tpotSeconds.p95;
            if (r.status == metrics::RunStatus::BudgetExceeded)
                p.miss = "run budget";
            else
                p.meetsSlo = meetsSlo(r, m_scenario.slo, m_options, &p.miss);
            return p;
        });
    }

    std::vector<CapacityPoint> sortedPoints() const { return m_runs.sortedPoints(); }
    double gpuUsdPerMonth() const { return m_gpuUsdPerMonth; }

private:
    const scenario::Scenario &m_scenario;
    const CapacityOptions &m_options;
    RateSearch<CapacityPoint> m_runs;
    double m_gpuUsdPerMonth = 0.0;
};

} // namespace

bool meetsSlo(const metrics::Results &r, const scenario::Slo &slo, const CapacityOptions &options,
              std::string *why)
{
    const auto miss = [&](const char *reason) {
        if (why)
            *why = reason;
        return false;
    };
    const double arrived = static_cast<double>(std::max<std::uint64_t>(1, r.arrivedRequests));
    if (static_cast<double>(r.unfinishedQueued) > 0.01 * arrived)
        return miss("queue grows");
    if (r.measuredRequests == 0)
        return miss("no request completed");
    switch (options.criterion) {
    case SloCriterion::Attainment:
        if (isOverloaded(r, options.minSloAttainment))
            return miss("SLO attainment");
        break;
    case SloCriterion::Percentile95:
        if (r.ttftSeconds.p95 > slo.ttftSeconds)
            return miss("TTFT p95");
        if (r.tpotSeconds.count > 0 && r.tpotSeconds.p95 > slo.tpotSeconds)
            return miss("TPOT p95");
        break;
    }
    if (why)
        why->clear();
    return true;
}

std::vector<InputIssue> capacityProblems(const scenario::Scenario &scenario)
{
    const scenario::ArrivalKind kind = scenario.workload.arrival.kind;
    if (kind != scenario::ArrivalKind::Poisson && kind != scenario::ArrivalKind::Gamma)
        return {{"workload.arrival.type",
                 "capacity varies the arrival rate, so it needs Poisson or Gamma arrivals; this "
                 "scenario uses a trace or a closed loop"}};
    const bool anySelfHosted
            = std::any_of(scenario.deployments.begin(), scenario.deployments.end(),
                          [](const scenario::Deployment &d) {
                              return d.kind == scenario::DeploymentKind::SelfHosted;
                          });
    if (!anySelfHosted)
        return {{"deployments", "capacity needs at least one self-hosted deployment: an API has "
                                "no capacity limit in TokenWatt's model"}};
    return {};
}

CapacityResult findCapacity(const scenario::Scenario &scenario, const CapacityOptions &options)
{
    if (std::vector<InputIssue> problems = capacityProblems(scenario); !problems.empty())
        throw InputError(std::move(problems));

    CapacityResult result;
    result.scenarioRatePerSecond = scenario.workload.arrival.ratePerSecond;
    // The run budget caps the rate: the expected request count grows in proportion to it.
    double hi = options.maxRatePerSecond;
    if (result.scenarioRatePerSecond > 0.0) {
        const double perUnitRate
                = scenario::expectedRequestCount(scenario) / result.scenarioRatePerSecond;
        if (perUnitRate > 0.0)
            hi = std::min(hi, 0.95 * static_cast<double>(scenario.simulation.maxRequests)
                                      / perUnitRate);
    }
    const double lo = std::min(options.minRatePerSecond, hi);
    Search search(scenario, options);
    double meets = 0.0, misses = 0.0;
    const double start = std::clamp(result.scenarioRatePerSecond, lo, hi);
    if (search.at(start).meetsSlo) {
        meets = start;
        for (double r = start * 2.0; misses == 0.0; r *= 2.0) {
            r = std::min(r, hi);
            if (search.at(r).meetsSlo)
                meets = r;
            else
                misses = r;
            if (r >= hi)
                break;
        }
    } else {
        misses = start;
        for (double r = start / 2.0; meets == 0.0 && r >= lo; r /= 2.0) {
            if (search.at(r).meetsSlo)
                meets = r;
            else
                misses = r;
        }
    }
    if (meets > 0.0 && misses > 0.0) {
        while (misses / meets - 1.0 > options.relativeTolerance) {
            const double mid = std::sqrt(meets * misses);
            (search.at(mid).meetsSlo ? meets : misses) = mid;
        }
    }
    result.points = search.sortedPoints();
    result.gpuUsdPerMonth = search.gpuUsdPerMonth();
    if (meets > 0.0) {
        result.capacityRatePerSecond = meets;
        result.capacityIsLowerBound = misses == 0.0;
        result.loadShare = result.scenarioRatePerSecond / meets;
        result.unusedCapacityUsdPerMonth
                = result.gpuUsdPerMonth * std::max(0.0, 1.0 - result.loadShare);
        for (const CapacityPoint &p : result.points)
            if (p.ratePerSecond == meets)
                result.capacityArrivalRatePerSecond = p.arrivalRatePerSecond;
    }
    if (misses > 0.0) {
        result.missRatePerSecond = misses;
        for (const CapacityPoint &p : result.points)
            if (p.ratePerSecond == misses)
                result.missReason = p.miss;
    }
    return result;
}

} // namespace tw::sweep
