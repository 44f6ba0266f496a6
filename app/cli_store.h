#pragma once

// tokenwatt-cli subcommands for workbook files (*.tokenwatt): `import`, `export`, `list`, and
// loading a workbook's scenario wherever a scenario file is accepted.

#include "app/cli_scenario.h"

#include "core/metrics/results.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace tw::cli {

/// `import SCENARIO.json FILE.tokenwatt [--name NAME]`
int importCommand(const std::vector<std::string> &args);
/// `export FILE.tokenwatt [--scenario NAME]`
int exportCommand(const std::vector<std::string> &args);
/// `list FILE.tokenwatt`
int listCommand(const std::vector<std::string> &args);

/// True when @p file is to be read as a workbook: its name ends in .tokenwatt, or it starts
/// with the SQLite header whatever its name.
bool isWorkbookFile(const std::filesystem::path &file);

/// The scenario @p name of the workbook @p file, opened read-only (an older schema is upgraded
/// in memory, never on disk). Without a name, the workbook's only scenario; an error listing
/// them when it holds several. Label: "FILE:NAME".
ScenarioSource workbookScenarioSource(const std::filesystem::path &file,
                                      const std::optional<std::string> &name);

/// `run ... --save-results`: refuses, before anything runs, a source that is not a workbook
/// scenario, a workbook that cannot be written, or a run whose results would not be the
/// scenario's own (--seed, --max-events given). @p seedOrBudgetGiven says whether they were.
void checkCanSaveResults(const ScenarioSource &source, bool seedOrBudgetGiven);
/// Stores @p results as the cached results of @p source's workbook scenario.
void saveResults(const ScenarioSource &source, const metrics::Results &results);

} // namespace tw::cli
