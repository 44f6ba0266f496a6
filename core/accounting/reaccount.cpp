#include "core/accounting/reaccount.h"

#include "core/accounting/accounting.h"

namespace tw::accounting {

scenario::Scenario withoutAccountingInputs(const scenario::Scenario &scenario)
{
    scenario::Scenario copy = scenario;
    const scenario::RegionSpec defaultRegion;
    copy.region.regionId = defaultRegion.regionId;
    copy.region.carbonIntensityGramsPerKwh = defaultRegion.carbonIntensityGramsPerKwh;
    copy.region.pue = defaultRegion.pue;
    copy.region.electricityPricePerKwhUsd = defaultRegion.electricityPricePerKwhUsd;
    copy.cache.costPerLookupUsd = scenario::CacheSpec{}.costPerLookupUsd;
    copy.prices = scenario::PricesSpec{};
    for (scenario::Deployment &d : copy.deployments) {
        // Spot interruptions change the simulation: their effective rate is kept.
        const double interruptions = d.hosting.kind == scenario::HostingKind::Cloud
                                             ? d.hosting.interruptionsPerDay
                                             : 0.0;
        d.hosting = scenario::HostingSpec{};
        d.hosting.interruptionsPerDay = interruptions;
        const scenario::PowerParams defaultPower;
        d.power.serverOverheadWattsPerGpu = defaultPower.serverOverheadWattsPerGpu;
        d.power.serverOverheadFraction = defaultPower.serverOverheadFraction;
        const scenario::ApiSpec defaultApi;
        d.api.provider = defaultApi.provider;
        d.api.model = defaultApi.model;
        d.api.inputUsdPerMillionTokens = defaultApi.inputUsdPerMillionTokens;
        d.api.outputUsdPerMillionTokens = defaultApi.outputUsdPerMillionTokens;
        d.api.cachedInputShare = defaultApi.cachedInputShare;
        d.api.cachedInputDiscount = defaultApi.cachedInputDiscount;
        d.api.batchShare = defaultApi.batchShare;
        d.api.batchDiscount = defaultApi.batchDiscount;
    }
    return copy;
}

metrics::Results reaccount(const scenario::Scenario &scenario, const MeteredResults &run)
{
    metrics::Results results = run.results;
    if (run.meter)
        account(scenario, *run.meter, results);
    return results;
}

} // namespace tw::accounting
