#pragma once

#include "core/scenario/scenario.h"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tw::catalog {
class Catalog;
}

namespace tw::scenario {

/// Reads a scenario from JSON text. Validates every key against docs/scenario-format.md:
/// unknown keys, wrong types and out-of-range values are all reported, each with its JSON
/// path, the value found and the accepted range, in one tw::InputError.
/// Model and GPU ids are resolved against @p catalog. Relative trace paths are resolved
/// against @p baseDirectory (the scenario file's folder).
Scenario parseScenarioJson(std::string_view jsonText, const catalog::Catalog &catalog,
                           const std::filesystem::path &baseDirectory = {});

/// Reads a scenario file (see parseScenarioJson). Errors name the file.
Scenario loadScenarioFile(const std::filesystem::path &file, const catalog::Catalog &catalog);

/// Writes a scenario as JSON that parseScenarioJson reads back to an equal scenario.
/// Catalog models and GPUs are written by id, with only the fields that differ from the
/// catalog entry as overrides.
std::string toJson(const Scenario &scenario, const catalog::Catalog &catalog, int indent = 2);

/// One step of a parameter path: a key, or an index into a list.
struct PathStep
{
    std::string key;                  ///< empty for an index
    std::optional<std::size_t> index; ///< set for "[i]"
};

/// Splits a parameter path ("deployments[0].hardware.replicas": identifier keys joined by dots,
/// "[i]" after a key for a list entry; docs/scenario-format.md,
/// "Parameter paths") into its steps; nullopt when it is not one. The one parser of parameter
/// paths: withParameter() and the window's document both use it.
std::optional<std::vector<PathStep>> splitParameterPath(std::string_view path);

/// The number at a parameter path in a parsed scenario (flags read as 0 or 1), or nullopt when
/// the path names no scalar number of the schema (scenario_fields.h) or an entry that is not
/// there. Reads the parsed values, so fields the file left out read as their defaults and
/// prices resolved from a catalog offering read as the resolved price.
std::optional<double> numberAt(const Scenario &scenario, std::string_view path);

/// Returns a copy of the scenario JSON with the value at a dotted path (e.g.
/// "workload.arrival.ratePerSecond" or "deployments[0].hardware.replicas") replaced by
/// @p value, then re-parsed. Throws tw::InputError if the path does not exist.
Scenario withParameter(std::string_view scenarioJson, std::string_view path, double value,
                       const catalog::Catalog &catalog,
                       const std::filesystem::path &baseDirectory = {});

} // namespace tw::scenario
