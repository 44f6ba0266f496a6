#include "core/metrics/error_bands.h"

#include <algorithm>

namespace tw::metrics {

ErrorBands errorBandsOf(const Results &results)
{
    ErrorBands bands;
    for (const DeploymentResults &d : results.deployments) {
        if (d.api)
            continue;
        bands.tpotFraction = std::max(bands.tpotFraction, d.accuracyLatencyPercent / 100.0);
        bands.energyFraction = std::max(bands.energyFraction, d.accuracyEnergyPercent / 100.0);
    }
    if (results.carbon.totalKg > 0.0)
        bands.carbonFraction
                = bands.energyFraction * results.carbon.operationalKg / results.carbon.totalKg;
    if (results.cost.totalUsd > 0.0)
        bands.costFraction = bands.energyFraction * results.cost.energyUsd / results.cost.totalUsd;
    return bands;
}

} // namespace tw::metrics
