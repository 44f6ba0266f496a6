#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tw::store {

/// A catalog entry a scenario uses with some of its figures replaced: in the scenario JSON, an
/// object with a "catalog" key and the replaced fields beside it, e.g.
/// `"model": {"catalog": "llama-3.1-70b", "maxContextTokens": 32768}`.
struct CatalogOverride
{
    std::string jsonPath;      ///< where it is: "deployments[0].model"
    std::string catalogId;     ///< "llama-3.1-70b"
    std::string overridesJson; ///< the replaced fields: {"maxContextTokens":32768}
};

/// Every catalog override in a scenario's JSON, in document order. The scenario JSON is the
/// authority (it holds the overrides itself); a workbook keeps this list beside it in its
/// catalog_overrides table so that they can be listed without reading every scenario.
/// Malformed JSON gives an empty list (the scenario reader reports it).
std::vector<CatalogOverride> catalogOverrides(std::string_view parametersJson);

} // namespace tw::store
