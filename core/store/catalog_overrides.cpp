#include "core/store/catalog_overrides.h"

#include <nlohmann/json.hpp>

namespace tw::store {
namespace {

using Json = nlohmann::ordered_json;

// Scenario JSON is a few levels deep; the limit only keeps hostile input from exhausting the
// stack (the scenario reader refuses such a file anyway).
constexpr int kMaxDepth = 32;

void collect(const Json &node, const std::string &path, int depth,
             std::vector<CatalogOverride> &out)
{
    if (depth > kMaxDepth)
        return;
    if (node.is_object()) {
        const auto catalog = node.find("catalog");
        if (catalog != node.end() && catalog->is_string()) {
            Json overrides = node;
            overrides.erase("catalog");
            out.push_back({path, catalog->get<std::string>(),
                           overrides.dump(-1, ' ', false, Json::error_handler_t::replace)});
        }
        for (const auto &[key, child] : node.items())
            collect(child, path.empty() ? key : path + '.' + key, depth + 1, out);
    } else if (node.is_array()) {
        for (std::size_t i = 0; i < node.size(); ++i)
            collect(node[i], path + '[' + std::to_string(i) + ']', depth + 1, out);
    }
}

} // namespace

std::vector<CatalogOverride> catalogOverrides(std::string_view parametersJson)
{
    // allow_exceptions = false: a discarded value instead of an exception on bad JSON.
    const Json root = Json::parse(parametersJson.begin(), parametersJson.end(), nullptr, false);
    std::vector<CatalogOverride> found;
    if (!root.is_discarded())
        collect(root, "", 0, found);
    return found;
}

} // namespace tw::store
