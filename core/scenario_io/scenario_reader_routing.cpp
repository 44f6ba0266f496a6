#include "core/scenario_io/scenario_reader.h"

#include "core/scenario_io/catalog_references.h"

#include <algorithm>

// The top-level sections that tie deployments together or place them: routing rules (which
// deployment serves a request) and the region (grid carbon, PUE, electricity price; grid
// intensities from the catalog's grid_carbon_intensity.csv).

namespace tw::scenario::detail {
namespace {

bool contains(const std::vector<std::string> &names, const std::string &name)
{
    return std::find(names.begin(), names.end(), name) != names.end();
}

/// " (did you mean 'x'?)", or " (KIND: 'a', 'b')" naming every candidate when none is close.
std::string referenceHint(const std::string &wanted, const std::vector<std::string> &names,
                          std::string_view kind)
{
    const std::string hint = didYouMean(wanted, names, 1);
    if (!hint.empty() || names.empty())
        return hint;
    std::string known;
    for (const std::string &name : names)
        known += (known.empty() ? "" : ", ") + singleQuoted(name);
    return " (" + std::string(kind) + ": " + known + ")";
}

} // namespace

void Reader::readRouting(const Json &array, const std::string &path, const Scenario &scenario,
                         std::vector<RoutingRule> &out)
{
    std::vector<std::string> deployments;
    for (const Deployment &deployment : scenario.deployments)
        deployments.push_back(deployment.name);
    std::vector<std::string> classes;
    std::vector<std::string> complexities;
    for (const RequestClass &requestClass : scenario.workload.classes) {
        if (!requestClass.name.empty())
            classes.push_back(requestClass.name);
        if (!requestClass.complexity.empty() && !contains(complexities, requestClass.complexity))
            complexities.push_back(requestClass.complexity);
    }
    for (std::size_t i = 0; i < array.size(); ++i) {
        const std::string rulePath = indexed(path, i);
        RoutingRule rule;
        if (checkObject(array[i], rulePath, Node::Rule)) {
            const Json &object = array[i];
            fields<RoutingRule>(object, rulePath, kRuleFields, rule);
            // A filter naming nothing that exists would silently never match.
            if (!rule.complexity.empty() && !contains(complexities, rule.complexity))
                add(join(rulePath, "complexity"),
                    "no request class has complexity " + singleQuoted(rule.complexity)
                            + referenceHint(rule.complexity, complexities, "complexities"));
            if (!rule.className.empty() && !contains(classes, rule.className))
                add(join(rulePath, "class"),
                    "no request class is named " + singleQuoted(rule.className)
                            + referenceHint(rule.className, classes, "classes"));
            if (const Json *routes = this->array(object, rulePath, "routes", true)) {
                const std::string routesPath = join(rulePath, "routes");
                if (routes->empty())
                    add(routesPath, "must hold at least one route");
                for (std::size_t r = 0; r < routes->size(); ++r) {
                    const std::string routePath = indexed(routesPath, r);
                    Route route;
                    if (checkObject((*routes)[r], routePath, Node::Route)) {
                        fields<Route>((*routes)[r], routePath, kRouteFields, route);
                        if (!member((*routes)[r], "deployment"))
                            missing(join(routePath, "deployment"), "the name of a deployment");
                        else if (!deployments.empty() && !contains(deployments, route.deployment))
                            add(join(routePath, "deployment"),
                                "no deployment is named " + singleQuoted(route.deployment)
                                        + referenceHint(route.deployment, deployments,
                                                        "deployments"));
                    }
                    rule.routes.push_back(std::move(route));
                }
            }
        }
        out.push_back(std::move(rule));
    }
}

void Reader::readRegion(const Json &object, const std::string &path, RegionSpec &out)
{
    const std::size_t before = m_issues.size();
    fields<RegionSpec>(object, path, kRegionFields, out);
    if (const Json *hours = member(object, "hourlyCarbonMultipliers")) {
        if (readHourlyMultipliers(*hours, join(path, "hourlyCarbonMultipliers"),
                                  out.hourlyCarbonMultipliers))
            out.hourlyCarbonProfile = true;
    }
    if (m_issues.size() != before)
        return;
    const bool explicitIntensity = member(object, "carbonIntensityGramsPerKwh") != nullptr;
    if (!member(object, "id")) {
        // A grid intensity without a region is a region of its own, not the default's.
        if (explicitIntensity)
            out.regionId.clear();
        return;
    }
    const std::vector<GridRegionEntry> regions = gridRegions(m_catalog);
    const GridRegionEntry *entry = findEntry(regions, out.regionId);
    if (entry) {
        out.regionId = entry->regionId;
        if (explicitIntensity)
            return;
        if (entry->carbonIntensityGramsPerKwh)
            out.carbonIntensityGramsPerKwh = *entry->carbonIntensityGramsPerKwh;
        else
            add(join(path, "id"), "the catalog has no grid intensity for "
                                          + singleQuoted(entry->regionId)
                                          + "; give carbonIntensityGramsPerKwh");
    } else if (!explicitIntensity) {
        // With an explicit intensity the id is only a label, so any name will do.
        add(join(path, "id"), "unknown grid region " + singleQuoted(out.regionId)
                                      + suggestIds(out.regionId, entryKeys(regions))
                                      + "; for a region the catalog lacks, give "
                                        "carbonIntensityGramsPerKwh");
    }
}

} // namespace tw::scenario::detail
