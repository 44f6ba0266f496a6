#include "core/sweep/breakeven.h"

#include "core/common/cancellation.h"
#include "core/common/error.h"
#include "core/sweep/rate_search.h"

#include <algorithm>
#include <cmath>

namespace tw::sweep {
namespace {

bool hasGpuPrice(const scenario::Deployment &d)
{
    const scenario::HostingSpec &h = d.hosting;
    return h.kind == scenario::HostingKind::Cloud
                   ? h.pricePerGpuHourUsd > 0.0
                   : h.purchasePricePerGpuUsd > 0.0 || h.purchasePricePerNodeUsd > 0.0;
}

/// The API's price per 1M output tokens for a given mix of input and output tokens.
double apiPricePerMillionOutput(const scenario::ApiSpec &api, double inputTokens,
                                double outputTokens)
{
    const double inputPrice
            = api.inputUsdPerMillionTokens * (1.0 - api.cachedInputShare * api.cachedInputDiscount);
    return outputTokens > 0.0
                   ? inputPrice * inputTokens / outputTokens + api.outputUsdPerMillionTokens
                   : 0.0;
}

class Search
{
public:
    Search(const scenario::Scenario &scenario, const scenario::ApiSpec &api,
           const BreakevenOptions &options)
        : m_api(api)
        , m_options(options)
        , m_runs(scenario, options.seed, options.cancel, "breakeven")
    {}

    const BreakevenPoint &at(double rate)
    {
        return m_runs.at(rate, [this](const metrics::Results &r) {
            BreakevenPoint p;
            p.selfHostedUsdPerMillion = r.cost.perMillionOutputTokensUsd;
            double input = 0.0, output = 0.0;
            for (const metrics::DeploymentResults &d : r.deployments) {
                input += static_cast<double>(d.inputTokens);
                output += static_cast<double>(d.outputTokens);
            }
            p.apiUsdPerMillion = apiPricePerMillionOutput(m_api, input, output);
            p.outputTokensPerSecond = r.outputTokensPerSecond;
            p.sloAttainment = r.sloAttainment;
            p.idleShare = r.cost.idleShare;
            p.saturated = isOverloaded(r, m_options.minSloAttainment);
            return p;
        });
    }

    std::vector<BreakevenPoint> sortedPoints() const { return m_runs.sortedPoints(); }

private:
    const scenario::ApiSpec &m_api;
    const BreakevenOptions &m_options;
    RateSearch<BreakevenPoint> m_runs;
};

bool selfHostedWins(const BreakevenPoint &p)
{
    return !p.saturated && p.selfHostedUsdPerMillion <= p.apiUsdPerMillion;
}

} // namespace

bool isOverloaded(const metrics::Results &r, double minSloAttainment)
{
    const double arrived = static_cast<double>(std::max<std::uint64_t>(1, r.arrivedRequests));
    return static_cast<double>(r.unfinishedQueued) > 0.01 * arrived
           || r.sloAttainment < minSloAttainment;
}

BreakevenResult findBreakeven(const scenario::Scenario &scenario, const scenario::ApiSpec &api,
                              const BreakevenOptions &options)
{
    const scenario::ArrivalKind kind = scenario.workload.arrival.kind;
    if (kind != scenario::ArrivalKind::Poisson && kind != scenario::ArrivalKind::Gamma)
        throw InputError("workload.arrival.type",
                         "break-even varies the arrival rate, so it needs Poisson or Gamma "
                         "arrivals; this scenario uses a trace or a closed loop");
    bool anySelfHosted = false;
    for (std::size_t i = 0; i < scenario.deployments.size(); ++i) {
        const scenario::Deployment &d = scenario.deployments[i];
        if (d.kind != scenario::DeploymentKind::SelfHosted)
            continue;
        anySelfHosted = true;
        if (!hasGpuPrice(d))
            throw InputError("deployments[" + std::to_string(i) + "].hosting",
                             "break-even needs a price for the GPUs: give a cloud offering or "
                             "pricePerGpuHourUsd, or an on-premises purchase price");
    }
    if (!anySelfHosted)
        throw InputError("deployments", "break-even needs at least one self-hosted deployment");

    Search search(scenario, api, options);
    BreakevenResult result;
    const double lo = options.minRatePerSecond;
    const double hi = options.maxRatePerSecond;
    double start = std::clamp(scenario.workload.arrival.ratePerSecond, lo, hi);
    // Start below saturation: a saturated point is no valid choice at any price.
    while (start / 2.0 >= lo && search.at(start).saturated)
        start /= 2.0;

    // Bracket: [losing, winning] rates with self-hosting dearer at the first and cheaper at the
    // second. Cost per token falls with traffic until saturation, so walk up from the
    // scenario's rate while self-hosting loses, or down while it wins.
    double losing = 0.0, winning = 0.0;
    if (selfHostedWins(search.at(start))) {
        winning = start;
        for (double r = start / 2.0; r >= lo; r /= 2.0) {
            if (!selfHostedWins(search.at(r))) {
                losing = r;
                break;
            }
            winning = r;
        }
        if (losing == 0.0)
            result.cheaperAtEveryRate = true;
    } else {
        losing = start;
        double saturated = 0.0;
        for (double r = start * 2.0; r <= hi; r *= 2.0) {
            const BreakevenPoint &p = search.at(r);
            if (p.saturated) {
                saturated = r;
                break;
            }
            if (selfHostedWins(p)) {
                winning = r;
                break;
            }
            losing = r;
        }
        // Cost per token is lowest just below saturation: probe that edge before concluding
        // that self-hosting never wins.
        for (int step = 0; saturated > 0.0 && winning == 0.0 && step < options.bisectionSteps;
             ++step) {
            const double mid = std::sqrt(losing * saturated);
            const BreakevenPoint &p = search.at(mid);
            if (p.saturated)
                saturated = mid;
            else if (selfHostedWins(p))
                winning = mid;
            else
                losing = mid;
        }
    }
    if (winning > 0.0 && losing > 0.0) {
        for (int step = 0; step < options.bisectionSteps; ++step) {
            const double mid = std::sqrt(losing * winning);
            (selfHostedWins(search.at(mid)) ? winning : losing) = mid;
        }
    }
    if (winning > 0.0)
        result.breakevenRatePerSecond = winning;
    result.points = search.sortedPoints();
    result.apiUsdPerMillion = result.points.empty() ? 0.0 : result.points.front().apiUsdPerMillion;
    for (const BreakevenPoint &p : result.points)
        if (p.saturated
            && (result.saturationRatePerSecond == 0.0
                || p.ratePerSecond < result.saturationRatePerSecond))
            result.saturationRatePerSecond = p.ratePerSecond;
    return result;
}

} // namespace tw::sweep
