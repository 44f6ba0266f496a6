#include "core/scenario_io/catalog_references.h"

#include "core/catalog/catalog.h"
#include "core/common/error.h"
#include "core/scenario_io/catalog_apis.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace tw::scenario::detail {
namespace {

/// A catalog number such as "12.29"; nullopt for an empty or malformed field. The catalog's
/// own tests check the figures, so a malformed one here only means "no figure".
std::optional<double> catalogNumber(std::string_view text)
{
    while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ')
        text.remove_suffix(1);
    double value = 0.0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

} // namespace

std::vector<ApiPriceEntry> apiPrices(const catalog::Catalog &catalog)
{
    std::vector<ApiPriceEntry> entries;
    if (const catalog::CsvTable *table = catalog.table("api_prices.csv")) {
        for (std::size_t row = 0; row < table->rows().size(); ++row)
            entries.push_back({table->field(row, "provider"), table->field(row, "model"),
                               catalogNumber(table->field(row, "input_usd_per_mtok")),
                               catalogNumber(table->field(row, "output_usd_per_mtok"))});
    }
    return entries;
}

std::vector<CloudOfferingEntry> cloudOfferings(const catalog::Catalog &catalog)
{
    std::vector<CloudOfferingEntry> entries;
    if (const catalog::CsvTable *table = catalog.table("cloud_gpu_prices.csv")) {
        for (std::size_t row = 0; row < table->rows().size(); ++row)
            entries.push_back({table->field(row, "provider"), table->field(row, "offering"),
                               table->field(row, "gpu_id"), table->field(row, "price_type"),
                               catalogNumber(table->field(row, "usd_per_gpu_hour"))});
    }
    return entries;
}

std::vector<GridRegionEntry> gridRegions(const catalog::Catalog &catalog)
{
    std::vector<GridRegionEntry> entries;
    if (const catalog::CsvTable *table = catalog.table("grid_carbon_intensity.csv")) {
        for (std::size_t row = 0; row < table->rows().size(); ++row)
            entries.push_back({table->field(row, "region_id"),
                               catalogNumber(table->field(row, "gco2e_per_kwh"))});
    }
    return entries;
}

} // namespace tw::scenario::detail

namespace tw::scenario {
namespace {

bool containsIgnoringCase(std::string_view text, std::string_view part)
{
    const auto same = [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a))
               == std::tolower(static_cast<unsigned char>(b));
    };
    return std::search(text.begin(), text.end(), part.begin(), part.end(), same) != text.end();
}

} // namespace

std::vector<CatalogApi> pricedApis(const catalog::Catalog &catalog)
{
    std::vector<CatalogApi> apis;
    for (const detail::ApiPriceEntry &entry : detail::apiPrices(catalog)) {
        if (entry.inputUsdPerMillionTokens && entry.outputUsdPerMillionTokens)
            apis.push_back({entry.key(), entry.provider, entry.model,
                            *entry.inputUsdPerMillionTokens, *entry.outputUsdPerMillionTokens});
    }
    return apis;
}

std::vector<CatalogOffering> pricedCloudOfferings(const catalog::Catalog &catalog)
{
    std::vector<CatalogOffering> offerings;
    for (const detail::CloudOfferingEntry &entry : detail::cloudOfferings(catalog))
        if (entry.pricePerGpuHourUsd)
            offerings.push_back(
                    {entry.key(), entry.gpuId, entry.priceType, *entry.pricePerGpuHourUsd});
    return offerings;
}

std::string defaultCloudOffering(const catalog::Catalog &catalog, std::string_view gpuId)
{
    std::string chosen;
    for (const detail::CloudOfferingEntry &entry : detail::cloudOfferings(catalog)) {
        if (entry.gpuId != gpuId || !entry.pricePerGpuHourUsd)
            continue;
        if (entry.priceType == "on-demand")
            return entry.key();
        if (chosen.empty())
            chosen = entry.key();
    }
    return chosen;
}

ApiSpec catalogApiSpec(const catalog::Catalog &catalog, std::string_view key,
                       const std::string &field)
{
    const std::vector<detail::ApiPriceEntry> entries = detail::apiPrices(catalog);
    if (const detail::ApiPriceEntry *entry = detail::findEntry(entries, key)) {
        if (!entry->inputUsdPerMillionTokens || !entry->outputUsdPerMillionTokens)
            throw InputError(field, "the catalog has no price for '" + entry->key() + "'");
        ApiSpec api;
        api.provider = entry->provider;
        api.model = entry->model;
        api.inputUsdPerMillionTokens = *entry->inputUsdPerMillionTokens;
        api.outputUsdPerMillionTokens = *entry->outputUsdPerMillionTokens;
        api.cachedInputShare = 0.0;
        return api;
    }
    const std::vector<std::string> keys = detail::entryKeys(entries);
    std::vector<std::string> matches;
    for (const std::string &candidate : keys) {
        if (matches.size() < 3 && containsIgnoringCase(candidate, key))
            matches.push_back(candidate);
    }
    if (matches.empty())
        matches = catalog::closestMatches(key, keys);
    std::string hint;
    for (const std::string &match : matches)
        hint += (hint.empty() ? " (did you mean " : ", ") + ("'" + match + "'");
    throw InputError(field, "unknown API '" + std::string(key) + "'"
                                    + (hint.empty() ? "" : hint + ")")
                                    + "; `tokenwatt-cli catalog api-prices` lists them");
}

} // namespace tw::scenario
