#pragma once

#include "core/scenario/scenario.h"
#include "core/store/stored_scenario.h"

#include <filesystem>
#include <string>

namespace tw::catalog {
class Catalog;
}

namespace tw::store {

/// The folder that relative paths in a workbook's scenarios (trace files) are relative to:
/// the workbook's own folder, as for a scenario JSON file.
std::filesystem::path workbookBaseDirectory(const std::filesystem::path &workbookFile);

/// @p scenario as a workbook at @p workbookFile stores it under @p name: its parameters are
/// scenario::toJson text, so running it from the workbook gives the same results as running
/// it from its JSON file. A relative trace path, relative to @p sourceDirectory (the JSON
/// file's folder), is rewritten relative to the workbook's folder (absolute when the two are
/// on different roots) so that the same trace is read. Times are left empty (stamped when
/// saved).
StoredScenario storedScenario(scenario::Scenario scenario, std::string name,
                              const catalog::Catalog &catalog,
                              const std::filesystem::path &sourceDirectory,
                              const std::filesystem::path &workbookFile);

/// Reads a stored scenario's parameters (scenario::parseScenarioJson, relative paths against
/// the workbook's folder). Every issue of the tw::InputError it may throw is prefixed with
/// "FILE: scenario 'NAME'".
scenario::Scenario parseStoredScenario(const StoredScenario &stored,
                                       const catalog::Catalog &catalog,
                                       const std::filesystem::path &workbookFile);

} // namespace tw::store
