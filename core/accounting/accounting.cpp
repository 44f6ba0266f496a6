#include "core/accounting/accounting.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace tw::accounting {
namespace {

constexpr double kSecondsPerHour = 3600.0;

double ratio(double numerator, double denominator)
{
    return denominator > 0.0 ? numerator / denominator : 0.0;
}

/// What one deployment adds to each time-series bin.
struct BinFlows
{
    std::vector<double> facilityJoules;
    std::vector<double> carbonKg;
    std::vector<double> costUsd; ///< time-placed costs; API charges are placed by the caller
};

/// Figures of one deployment before they are written to the results.
struct DeploymentAccount
{
    metrics::EnergyResults energy;
    metrics::CarbonResults carbon;
    metrics::CostResults cost;
    BinFlows bins;
    double gpuJoules = 0.0;
    double facilityJoules = 0.0;
    double busyGpuJoules = 0.0; ///< GPU energy while iterating: idle + dynamic over busy time
    double busyGpuSeconds = 0.0;
    double gpuSeconds = 0.0; ///< provisioned: GPUs x accounted time
};

/// Context shared by every deployment: the time grid and the region.
struct Grid
{
    double seconds = 0.0;                ///< accounted time
    std::vector<double> binSeconds;      ///< per bin
    std::vector<double> weightedSeconds; ///< per bin, x hourly carbon multiplier
    double intensityKgPerJoule = 0.0;    ///< grid carbon, kg CO2e per joule drawn
    double pue = 1.0;
    double priceMultiplier = 1.0; ///< prices.changePercent applied to every price
};

/// Yearly capital cost of @p capexUsd paid back over @p years at @p ratePercent a year, less
/// the discounted resale value: (capex - residual / (1 + r)^n) x r / (1 - (1 + r)^-n), the
/// capital recovery factor of engineering economics; (capex - residual) / n when r = 0.
double yearlyCapitalUsd(double capexUsd, double years, double ratePercent, double residualFraction)
{
    const double residual = capexUsd * residualFraction;
    const double r = ratePercent / 100.0;
    if (r <= 0.0)
        return ratio(capexUsd - residual, years);
    const double growth = std::pow(1.0 + r, years);
    return (capexUsd - residual / growth) * r / (1.0 - 1.0 / growth);
}

void accountSelfHosted(const scenario::Deployment &d, const EnergyMeter::DeploymentEnergy &e,
                       const Grid &grid, double electricityPricePerKwhUsd, DeploymentAccount &out)
{
    const double gpus = e.gpus; // all the deployment's GPUs: owned, or the most it may rent
    const double seconds = grid.seconds;
    const double overheadFraction = d.power.serverOverheadFraction;
    const std::size_t bins = grid.binSeconds.size();
    // GPU-seconds provisioned: every GPU for the whole time, or what the autoscaler kept.
    // Provisioned GPUs draw idle power and host overhead and are billed; the others are off.
    const double provisioned = e.provisioningVaries ? e.provisionedGpuSeconds : gpus * seconds;
    auto provisionedIn = [&](std::size_t b) {
        return e.provisioningVaries ? e.provisionedGpuSecondsPerBin[b] : gpus * grid.binSeconds[b];
    };
    auto weightedProvisionedIn = [&](std::size_t b) {
        return e.provisioningVaries ? e.carbonWeightedProvisionedGpuSecondsPerBin[b]
                                    : gpus * grid.weightedSeconds[b];
    };

    // Energy. GPU power = idle x provisioned GPUs + metered dynamic power; IT power adds the
    // host: GPU x (1 + fraction) + watts per GPU x GPUs; facility power is IT x PUE (The Green
    // Grid).
    auto facilityOf = [&](double gpuJoules, double gpuSeconds) {
        return (gpuJoules * (1.0 + overheadFraction)
                + d.power.serverOverheadWattsPerGpu * gpuSeconds)
               * grid.pue;
    };
    out.gpuJoules = e.idleWattsPerGpu * provisioned + e.dynamicGpuJoules;
    const double itJoules = out.gpuJoules * (1.0 + overheadFraction)
                            + d.power.serverOverheadWattsPerGpu * provisioned;
    out.facilityJoules = itJoules * grid.pue;
    out.gpuSeconds = provisioned;
    out.busyGpuSeconds = e.busyGpuSeconds;
    out.busyGpuJoules = e.idleWattsPerGpu * e.busyGpuSeconds + e.dynamicGpuJoules;

    out.bins.facilityJoules.assign(bins, 0.0);
    out.bins.carbonKg.assign(bins, 0.0);
    out.bins.costUsd.assign(bins, 0.0);
    double operationalKg = 0.0;
    double peakWatts = 0.0;
    for (std::size_t b = 0; b < bins; ++b) {
        const double length = grid.binSeconds[b];
        const double facility
                = facilityOf(e.idleWattsPerGpu * provisionedIn(b) + e.dynamicGpuJoulesPerBin[b],
                             provisionedIn(b));
        const double weighted = facilityOf(e.idleWattsPerGpu * weightedProvisionedIn(b)
                                                   + e.carbonWeightedDynamicGpuJoulesPerBin[b],
                                           weightedProvisionedIn(b));
        out.bins.facilityJoules[b] = facility;
        out.bins.carbonKg[b] = weighted * grid.intensityKgPerJoule;
        operationalKg += out.bins.carbonKg[b];
        if (length > 0.0)
            peakWatts = std::max(peakWatts, facility / length);
    }

    metrics::EnergyResults &energy = out.energy;
    energy.gpuKwh = out.gpuJoules / kJoulesPerKwh;
    energy.itKwh = itJoules / kJoulesPerKwh;
    energy.facilityKwh = out.facilityJoules / kJoulesPerKwh;
    energy.averageFacilityWatts = ratio(out.facilityJoules, seconds);
    energy.peakFacilityWatts = peakWatts;
    energy.averageGpuWatts = ratio(out.gpuJoules, out.gpuSeconds);
    energy.busyGpuWatts = ratio(out.busyGpuJoules, out.busyGpuSeconds);

    // Carbon. Embodied carbon is amortised linearly over the hardware's lifetime by provisioned
    // time, busy or not (as in Gupta et al., "Chasing Carbon", HPCA 2021). Hardware we own
    // carries it whether the autoscaler runs it or not; rented GPUs only while we hold them.
    const scenario::HostingSpec &h = d.hosting;
    const bool cloud = h.kind == scenario::HostingKind::Cloud;
    // Rent and rented embodied carbon follow the GPUs held when the count varies.
    const bool byProvisioned = cloud && e.provisioningVaries;
    const double nodes = std::ceil(gpus / std::max(1, h.gpusPerNode));
    const double lifetimeSeconds = h.hardwareLifetimeYears * kHoursPerYear * kSecondsPerHour;
    const double embodiedKg
            = byProvisioned
                      ? ratio((h.embodiedKgCo2ePerGpu
                               + h.embodiedKgCo2ePerNode / std::max(1, h.gpusPerNode))
                                      * provisioned,
                              lifetimeSeconds)
                      : ratio((h.embodiedKgCo2ePerGpu * gpus + h.embodiedKgCo2ePerNode * nodes)
                                      * seconds,
                              lifetimeSeconds);
    out.carbon.operationalKg = operationalKg;
    out.carbon.embodiedKg = embodiedKg;
    for (std::size_t b = 0; b < bins; ++b)
        out.bins.carbonKg[b] += embodiedKg
                                * (byProvisioned ? ratio(provisionedIn(b), provisioned)
                                                 : ratio(grid.binSeconds[b], seconds));

    // Cost. The GPU cost (rent, or amortised capex) accrues with provisioned time and is split
    // into busy and idle by the share of GPU-seconds with an iteration running.
    metrics::CostResults &cost = out.cost;
    double gpuUsd = 0.0;
    const double m = grid.priceMultiplier;
    if (cloud) {
        gpuUsd = h.pricePerGpuHourUsd * m * provisioned / kSecondsPerHour;
    } else {
        const double capexUsd = (h.purchasePricePerNodeUsd > 0.0 ? h.purchasePricePerNodeUsd * nodes
                                                                 : h.purchasePricePerGpuUsd * gpus)
                                * m;
        const double yearSeconds = kHoursPerYear * kSecondsPerHour;
        const double share = seconds / yearSeconds; // of a year
        gpuUsd = yearlyCapitalUsd(capexUsd, h.amortizationYears, h.financingRatePercent,
                                  h.residualValueFraction)
                 * share;
        cost.energyUsd = energy.facilityKwh * electricityPricePerKwhUsd * m;
        cost.operationsUsd
                = (h.operationsFractionOfCapexPerYear * capexUsd + h.operationsUsdPerYear * m)
                  * share;
        cost.staffUsd = h.staffUsdPerYear * m * share;
        // Colocation is billed on the servers' nameplate IT power, whatever they draw.
        const double nameplateKw = gpus
                                   * (d.hardware.gpu.tdpWatts * (1.0 + overheadFraction)
                                      + d.power.serverOverheadWattsPerGpu)
                                   / 1000.0;
        cost.facilityUsd = (h.colocationUsdPerKwMonth * nameplateKw + h.networkUsdPerMonth) * 12.0
                           * m * share;
    }
    // Owned GPUs cost the same powered off: their idle share counts all of them.
    const double billedGpuSeconds = cloud ? provisioned : gpus * seconds;
    const double busyShare = std::clamp(ratio(out.busyGpuSeconds, billedGpuSeconds), 0.0, 1.0);
    cost.gpuBusyUsd = gpuUsd * busyShare;
    cost.gpuIdleUsd = gpuUsd - cost.gpuBusyUsd;
    // Rent follows the GPUs held; capex and operations follow time.
    for (std::size_t b = 0; b < bins; ++b)
        out.bins.costUsd[b]
                = (byProvisioned ? gpuUsd * ratio(provisionedIn(b), provisioned)
                                 : gpuUsd * ratio(grid.binSeconds[b], seconds))
                  + (cost.operationsUsd + cost.staffUsd + cost.facilityUsd)
                            * ratio(grid.binSeconds[b], seconds)
                  + cost.energyUsd * ratio(out.bins.facilityJoules[b], out.facilityJoules);
}

double apiUsd(const scenario::ApiSpec &api, double inputTokens, double outputTokens)
{
    // Provider price lists bill per million tokens; cached input tokens get a discount.
    const double inputPrice
            = api.inputUsdPerMillionTokens * (1.0 - api.cachedInputShare * api.cachedInputDiscount);
    // Requests sent through the batch API are billed at a discount on every token.
    const double batch = 1.0 - api.batchShare * api.batchDiscount;
    return (inputTokens * inputPrice + outputTokens * api.outputUsdPerMillionTokens) * batch / 1e6;
}

/// Scaled figures that follow from a total, time and counts.
void finishCost(metrics::CostResults &cost, double seconds, double outputTokens, double requests)
{
    cost.totalUsd = cost.gpuBusyUsd + cost.gpuIdleUsd + cost.energyUsd + cost.operationsUsd
                    + cost.staffUsd + cost.facilityUsd + cost.apiUsd + cost.cacheUsd;
    cost.perMonthUsd = ratio(cost.totalUsd * kHoursPerMonth * kSecondsPerHour, seconds);
    cost.perYearUsd = ratio(cost.totalUsd * kHoursPerYear * kSecondsPerHour, seconds);
    cost.perMillionOutputTokensUsd = ratio(cost.totalUsd * 1e6, outputTokens);
    cost.perRequestUsd = ratio(cost.totalUsd, requests);
    cost.idleShare = ratio(cost.gpuIdleUsd, cost.gpuBusyUsd + cost.gpuIdleUsd);
}

void finishCarbon(metrics::CarbonResults &carbon, double seconds, double outputTokens)
{
    carbon.totalKg = carbon.operationalKg + carbon.embodiedKg;
    carbon.tonnesPerYear
            = ratio(carbon.totalKg * kHoursPerYear * kSecondsPerHour, seconds) / 1000.0;
    carbon.gramsPerMillionOutputTokens = ratio(carbon.totalKg * 1000.0 * 1e6, outputTokens);
}

/// Shares of a count series over the bins, or of time when the series does not match them.
std::vector<double> binShares(const std::vector<double> &counts, const Grid &grid)
{
    const std::size_t bins = grid.binSeconds.size();
    std::vector<double> shares(bins, 0.0);
    const double total = std::accumulate(counts.begin(), counts.end(), 0.0);
    const bool useCounts = counts.size() == bins && total > 0.0;
    for (std::size_t b = 0; b < bins; ++b)
        shares[b] = useCounts ? counts[b] / total : ratio(grid.binSeconds[b], grid.seconds);
    return shares;
}

} // namespace

void account(const scenario::Scenario &scenario, const EnergyMeter &meter,
             metrics::Results &results)
{
    Grid grid;
    grid.seconds = meter.endSeconds();
    grid.binSeconds = meter.binSeconds();
    grid.weightedSeconds = meter.carbonWeightedBinSeconds();
    // gCO2e per kWh -> kg per joule.
    grid.intensityKgPerJoule = scenario.region.carbonIntensityGramsPerKwh / 1000.0 / kJoulesPerKwh;
    grid.pue = scenario.region.pue;
    grid.priceMultiplier = scenario.prices.multiplier();
    const std::size_t bins = grid.binSeconds.size();

    if (results.deployments.size() < scenario.deployments.size())
        results.deployments.resize(scenario.deployments.size());

    metrics::EnergyResults &energy = results.energy;
    metrics::CarbonResults &carbon = results.carbon;
    metrics::CostResults &cost = results.cost;
    energy = {};
    carbon = {};
    cost = {};
    std::vector<double> facilityBins(bins, 0.0), carbonBins(bins, 0.0), costBins(bins, 0.0);
    double gpuJoules = 0.0, facilityJoules = 0.0, gpuSeconds = 0.0;
    double busyGpuJoules = 0.0, busyGpuSeconds = 0.0;

    for (std::size_t i = 0; i < scenario.deployments.size(); ++i) {
        const scenario::Deployment &d = scenario.deployments[i];
        metrics::DeploymentResults &dr = results.deployments[i];
        if (dr.name.empty())
            dr.name = d.name;
        const auto outputTokens = static_cast<double>(dr.outputTokens);
        DeploymentAccount a;
        const bool metered = i < meter.deploymentCount() && meter.deployment(i).selfHosted;
        if (d.kind == scenario::DeploymentKind::SelfHosted && metered) {
            accountSelfHosted(d, meter.deployment(i), grid,
                              scenario.region.electricityPricePerKwhUsd, a);
            a.energy.joulesPerOutputToken = ratio(a.facilityJoules, outputTokens);
            a.energy.gpuJoulesPerOutputToken = ratio(a.gpuJoules, outputTokens);
            for (std::size_t b = 0; b < bins; ++b) {
                facilityBins[b] += a.bins.facilityJoules[b];
                carbonBins[b] += a.bins.carbonKg[b];
                costBins[b] += a.bins.costUsd[b];
            }
        } else if (d.kind == scenario::DeploymentKind::Api) {
            // The provider's energy and carbon are unknown: API deployments carry cost only.
            a.cost.apiUsd = apiUsd(d.api, static_cast<double>(dr.inputTokens), outputTokens)
                            * grid.priceMultiplier;
        }
        finishCarbon(a.carbon, grid.seconds, outputTokens);
        finishCost(a.cost, grid.seconds, outputTokens, static_cast<double>(dr.requests));
        dr.energy = a.energy;
        dr.carbon = a.carbon;
        dr.cost = a.cost;

        energy.gpuKwh += a.energy.gpuKwh;
        energy.itKwh += a.energy.itKwh;
        energy.facilityKwh += a.energy.facilityKwh;
        gpuJoules += a.gpuJoules;
        facilityJoules += a.facilityJoules;
        gpuSeconds += a.gpuSeconds;
        busyGpuJoules += a.busyGpuJoules;
        busyGpuSeconds += a.busyGpuSeconds;
        carbon.operationalKg += a.carbon.operationalKg;
        carbon.embodiedKg += a.carbon.embodiedKg;
        cost.gpuBusyUsd += a.cost.gpuBusyUsd;
        cost.gpuIdleUsd += a.cost.gpuIdleUsd;
        cost.energyUsd += a.cost.energyUsd;
        cost.operationsUsd += a.cost.operationsUsd;
        cost.staffUsd += a.cost.staffUsd;
        cost.facilityUsd += a.cost.facilityUsd;
        cost.apiUsd += a.cost.apiUsd;
    }
    // Every request is looked up in the cache, hit or miss.
    cost.cacheUsd = scenario.cache.costPerLookupUsd * grid.priceMultiplier
                    * static_cast<double>(results.arrivedRequests);

    metrics::TimeSeries &ts = results.timeSeries;
    const std::vector<double> completionShares = binShares(ts.completions, grid);
    const std::vector<double> arrivalShares = binShares(ts.arrivals, grid);
    ts.powerWatts.assign(bins, 0.0);
    ts.energyKwh.assign(bins, 0.0);
    ts.costUsd.assign(bins, 0.0);
    ts.carbonKg.assign(bins, 0.0);
    for (std::size_t b = 0; b < bins; ++b) {
        ts.powerWatts[b] = ratio(facilityBins[b], grid.binSeconds[b]);
        ts.energyKwh[b] = facilityBins[b] / kJoulesPerKwh;
        ts.carbonKg[b] = carbonBins[b];
        ts.costUsd[b] = costBins[b] + cost.apiUsd * completionShares[b]
                        + cost.cacheUsd * arrivalShares[b];
        energy.peakFacilityWatts = std::max(energy.peakFacilityWatts, ts.powerWatts[b]);
    }

    energy.averageFacilityWatts = ratio(facilityJoules, grid.seconds);
    energy.averageGpuWatts = ratio(gpuJoules, gpuSeconds);
    energy.busyGpuWatts = ratio(busyGpuJoules, busyGpuSeconds);
    const auto generated = static_cast<double>(results.generatedTokens);
    energy.joulesPerOutputToken = ratio(facilityJoules, generated);
    energy.gpuJoulesPerOutputToken = ratio(gpuJoules, generated);
    const auto delivered = static_cast<double>(results.completedOutputTokens);
    finishCarbon(carbon, grid.seconds, delivered);
    finishCost(cost, grid.seconds, delivered, static_cast<double>(results.completedRequests));
}

} // namespace tw::accounting
