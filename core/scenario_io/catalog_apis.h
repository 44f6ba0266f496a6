#pragma once

// The APIs of the catalog (resources/catalog/api_prices.csv) as the window and the command line
// offer them for comparison, and the cloud offering a GPU change picks. One reader for the table:
// core/scenario/catalog_references.

#include "core/scenario/scenario.h"

#include <string>
#include <string_view>
#include <vector>

namespace tw::catalog {
class Catalog;
}

namespace tw::scenario {

/// An API of the catalog whose input and output prices are both known.
struct CatalogApi
{
    std::string key; ///< "Provider/model", e.g. "OpenAI/gpt-3.5-turbo-1106"
    std::string provider;
    std::string model;
    double inputUsdPerMillionTokens = 0.0;
    double outputUsdPerMillionTokens = 0.0;
};

/// Every API of @p catalog with both prices, in file order (the catalog leaves a price empty
/// when no source confirms it; those rows are left out).
std::vector<CatalogApi> pricedApis(const catalog::Catalog &catalog);

/// The API whose key equals @p key, ignoring case, as an ApiSpec (no cached input). Throws
/// tw::InputError on @p field when the key is unknown (with up to three close names: those
/// containing what was typed first, so "OpenAI/gpt-4o" suggests its dated snapshots) or has
/// no price.
ApiSpec catalogApiSpec(const catalog::Catalog &catalog, std::string_view key,
                       const std::string &field);

/// A cloud offering of the catalog (resources/catalog/cloud_gpu_prices.csv) with a price.
struct CatalogOffering
{
    std::string key; ///< "Provider/offering", e.g. "AWS/p5.48xlarge"
    std::string gpuId;
    std::string priceType; ///< as the catalog states it: "on-demand", "capacity block", ...
    double pricePerGpuHourUsd = 0.0;
};

/// Every offering of @p catalog with a per-GPU-hour price, in file order.
std::vector<CatalogOffering> pricedCloudOfferings(const catalog::Catalog &catalog);

/// The offering a deployment moved to GPU @p gpuId rents: the first on-demand row of
/// cloud_gpu_prices.csv for that GPU with a price, else its first priced row of any kind, as
/// "Provider/offering"; empty when the catalog prices no offering of that GPU.
std::string defaultCloudOffering(const catalog::Catalog &catalog, std::string_view gpuId);

} // namespace tw::scenario
