#include "core/run/curve_plan.h"

#include "core/catalog/catalog.h"
#include "core/common/error.h"
#include "core/scenario_io/scenario_json.h"
#include "core/sim/engine.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace tw::run::curve {
namespace {

/// Levers that the format only accepts as whole numbers.
bool isIntegerLever(std::string_view path)
{
    static constexpr std::array<std::string_view, 6> integerKeys{
            "users",        "replicas",        "gpusPerReplica", "maxRunningRequests",
            "maxBatchSize", "maxBatchedTokens"};
    const std::string_view key = path.substr(path.rfind('.') + 1); // all of it without a '.'
    return std::find(integerKeys.begin(), integerKeys.end(), key) != integerKeys.end();
}

} // namespace

scenario::Scenario withLever(const scenario::Scenario &base, std::string_view path, double value)
{
    scenario::Scenario copy = base;
    if (path == kRatePath) {
        copy.workload.arrival.ratePerSecond = value;
    } else if (path == kUsersPath) {
        copy.workload.arrival.users = static_cast<int>(value);
    } else if (path == kTimeScalePath) {
        copy.workload.arrival.timeScale = value;
    } else {
        const catalog::Catalog &catalog = catalog::Catalog::builtIn();
        copy = scenario::withParameter(scenario::toJson(base, catalog), path, value, catalog);
    }
    return copy;
}

std::vector<double> values(double current, std::string_view path, const CurveBudget &budget)
{
    std::vector<double> grid;
    if (!(current > 0.0) || !std::isfinite(current) || budget.points < 2
        || budget.pointsPerDecade < 1)
        return {};
    const double perDecade = budget.pointsPerDecade;
    const auto first
            = static_cast<long>(std::lround(std::log10(current * budget.lowFactor) * perDecade));
    for (long j = first; j < first + budget.points; ++j) {
        // Four significant digits: 10^(1/15) is 1.166, not 1.1659144011798317.
        double value = std::pow(10.0, static_cast<double>(j) / perDecade);
        const double scale = std::pow(10.0, 3.0 - std::floor(std::log10(value)));
        value = std::round(value * scale) / scale;
        if (path == kRatePath)
            value = std::min(value, 1'000'000.0); // the format's upper bound
        if (isIntegerLever(path))
            value = std::max(1.0, std::round(value));
        if (grid.empty() || value > grid.back())
            grid.push_back(value);
    }
    return grid;
}

double horizon(double full, double requests, double requestBudget, const CurveBudget &budget)
{
    if (requests <= requestBudget)
        return full;
    const double wanted = full * requestBudget / requests;
    double step = budget.minHorizonSeconds;
    while (step * std::sqrt(2.0) <= wanted)
        step *= std::sqrt(2.0);
    return std::min(full, std::round(step));
}

bool fitPointsToBudget(std::vector<scenario::Scenario *> points, std::vector<double> &requests,
                       double requestBudget, const CurveBudget &budget)
{
    double total = 0.0;
    for (std::size_t i = 0; i < points.size() && i < requests.size(); ++i)
        total += requests[i];
    bool shortened = false;
    for (std::size_t i = 0; i < points.size() && i < requests.size(); ++i) {
        scenario::SimulationSettings &simulation = points[i]->simulation;
        const double full = simulation.horizonSeconds;
        const double fitted = horizon(full, total, requestBudget, budget);
        if (!(fitted < full))
            continue;
        simulation.warmupSeconds *= fitted / full;
        simulation.horizonSeconds = fitted;
        requests[i] *= fitted / full;
        shortened = true;
    }
    return shortened;
}

CurvePlan planCurve(const scenario::Scenario &scenario, std::string_view path,
                    const CurveBudget &budget, double requestBudget)
{
    CurvePlan plan;
    plan.path = std::string(path);
    plan.current = leverValue(scenario, path);
    try {
        plan.values = values(plan.current, path, budget);
        for (double value : plan.values)
            plan.points.push_back(withLever(scenario, path, value));
    } catch (const InputError &) {
        plan.values.clear();
        plan.points.clear();
        return plan;
    }
    std::vector<scenario::Scenario *> points;
    for (scenario::Scenario &point : plan.points) {
        points.push_back(&point);
        plan.requests.push_back(std::max(1.0, sim::estimateRequestCount(point)));
    }
    plan.shortened = fitPointsToBudget(points, plan.requests, requestBudget, budget);
    return plan;
}

double expectedArrivals(const scenario::Scenario &scenario, double fromSeconds, double toSeconds)
{
    const scenario::ArrivalSpec &arrival = scenario.workload.arrival;
    if (!(toSeconds > fromSeconds))
        return 0.0;
    switch (arrival.kind) {
    case scenario::ArrivalKind::Poisson:
    case scenario::ArrivalKind::Gamma: {
        if (!arrival.diurnal)
            return arrival.ratePerSecond * (toSeconds - fromSeconds);
        // The multipliers are constant within each hour of the day: add up whole and partial
        // hours from the run's start hour.
        double arrivals = 0.0;
        const double offset = arrival.startHour * 3600.0;
        double t = fromSeconds;
        while (t < toSeconds) {
            const double hour = std::floor((offset + t) / 3600.0);
            const double hourEnd = (hour + 1.0) * 3600.0 - offset;
            const double end = std::min(toSeconds, hourEnd);
            const auto hourOfDay = static_cast<std::size_t>(std::fmod(hour, 24.0));
            arrivals += arrival.ratePerSecond * arrival.hourlyMultipliers[hourOfDay] * (end - t);
            t = end;
        }
        return arrivals;
    }
    case scenario::ArrivalKind::Trace: {
        scenario::Scenario until = scenario;
        until.simulation.horizonSeconds = toSeconds;
        const double upTo = scenario::expectedRequestCount(until, 0.0);
        until.simulation.horizonSeconds = fromSeconds;
        return upTo - (fromSeconds > 0.0 ? scenario::expectedRequestCount(until, 0.0) : 0.0);
    }
    case scenario::ArrivalKind::ClosedLoop:
        return toSeconds - fromSeconds;
    }
    return 0.0;
}

double previewHorizon(const scenario::Scenario &scenario, double requests,
                      const CurveBudget &budget)
{
    const double full = scenario.simulation.horizonSeconds;
    const double warmup = scenario.simulation.warmupSeconds;
    if (!(budget.previewRequests > 0.0) || !(requests > budget.previewRequests))
        return full;
    // Down to whole steps of five time-series bins, so that small moves of a lever keep the
    // window (and the baseline cached over it); at least the warm-up and the minimum measured
    // time, up to whole bins (the preview's series are then the full run's first bins).
    double wanted = full * budget.previewRequests / requests;
    double least = warmup + budget.previewMinMeasuredSeconds;
    const double bin = scenario.simulation.timeseriesResolutionSeconds;
    if (bin > 0.0) {
        wanted = std::floor(wanted / (5.0 * bin)) * 5.0 * bin;
        least = std::ceil(least / bin) * bin;
    }
    wanted = std::max(wanted, least);
    if (wanted > 0.75 * full)
        return full; // too little to gain
    const double previewRate = expectedArrivals(scenario, warmup, wanted) / (wanted - warmup);
    const double fullRate = expectedArrivals(scenario, warmup, full) / (full - warmup);
    if (!(fullRate > 0.0)
        || std::abs(previewRate / fullRate - 1.0) > budget.previewMaxRateDeviation)
        return full;
    return wanted;
}

std::string defaultSweepPath(const scenario::Scenario &scenario)
{
    switch (scenario.workload.arrival.kind) {
    case scenario::ArrivalKind::ClosedLoop:
        return std::string(kUsersPath);
    case scenario::ArrivalKind::Trace:
        return std::string(kTimeScalePath);
    case scenario::ArrivalKind::Poisson:
    case scenario::ArrivalKind::Gamma:
        break;
    }
    return std::string(kRatePath);
}

double leverValue(const scenario::Scenario &scenario, std::string_view path)
{
    if (path == kRatePath)
        return scenario.workload.arrival.ratePerSecond;
    if (path == kUsersPath)
        return scenario.workload.arrival.users;
    if (path == kTimeScalePath)
        return scenario.workload.arrival.timeScale;
    // Any other path: through the schema's field tables, as the levers read it.
    return scenario::numberAt(scenario, path).value_or(std::nan(""));
}

} // namespace tw::run::curve
