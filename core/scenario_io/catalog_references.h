#pragma once

// Internal to core/scenario: the catalog tables a scenario may name by key besides models and
// GPUs: API prices, cloud GPU offerings and grid carbon intensities (resources/catalog/).

#include "core/scenario_io/json_schema.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tw::catalog {
class Catalog;
}

namespace tw::scenario::detail {

/// A row of api_prices.csv. Prices the catalog leaves empty are nullopt.
struct ApiPriceEntry
{
    std::string provider;
    std::string model;
    std::optional<double> inputUsdPerMillionTokens;
    std::optional<double> outputUsdPerMillionTokens;

    /// "OpenAI/gpt-3.5-turbo-1106": how a scenario names the entry.
    std::string key() const { return provider + '/' + model; }
};

/// A row of cloud_gpu_prices.csv.
struct CloudOfferingEntry
{
    std::string provider;
    std::string offering;
    std::string gpuId;
    std::string priceType;
    std::optional<double> pricePerGpuHourUsd;

    /// "AWS/p5.48xlarge": how a scenario names the entry.
    std::string key() const { return provider + '/' + offering; }
};

/// A row of grid_carbon_intensity.csv.
struct GridRegionEntry
{
    std::string regionId;
    std::optional<double> carbonIntensityGramsPerKwh;

    std::string key() const { return regionId; }
};

/// The rows of each table, in file order; empty when the catalog lacks the table.
std::vector<ApiPriceEntry> apiPrices(const catalog::Catalog &catalog);
std::vector<CloudOfferingEntry> cloudOfferings(const catalog::Catalog &catalog);
std::vector<GridRegionEntry> gridRegions(const catalog::Catalog &catalog);

/// The entry whose key() equals @p key, ignoring ASCII case; nullptr when there is none.
template<class Entry>
const Entry *findEntry(const std::vector<Entry> &entries, std::string_view key)
{
    for (const Entry &entry : entries) {
        if (equalsIgnoringCase(entry.key(), key))
            return &entry;
    }
    return nullptr;
}

/// Every key() of @p entries, for "did you mean" hints.
template<class Entry> std::vector<std::string> entryKeys(const std::vector<Entry> &entries)
{
    std::vector<std::string> keys;
    for (const Entry &entry : entries)
        keys.push_back(entry.key());
    return keys;
}

} // namespace tw::scenario::detail
