#pragma once

#include "core/scenario/scenario.h"

#include <filesystem>
#include <string>
#include <string_view>

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

/// Returns a copy of the scenario JSON with the value at a dotted path (e.g.
/// "workload.arrival.ratePerSecond" or "deployments[0].hardware.replicas") replaced by
/// @p value, then re-parsed. Throws tw::InputError if the path does not exist.
Scenario withParameter(std::string_view scenarioJson, std::string_view path, double value,
                       const catalog::Catalog &catalog,
                       const std::filesystem::path &baseDirectory = {});

} // namespace tw::scenario
