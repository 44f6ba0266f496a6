#include "app/cli_store.h"

#include "core/catalog/catalog.h"
#include "core/common/error.h"
#include "core/common/file_io.h"
#include "core/metrics/text_format.h"
#include "core/store/results_codec.h"
#include "core/store/scenario_import.h"
#include "core/store/workbook.h"

#include <iostream>

namespace tw::cli {
namespace fs = std::filesystem;
using store::Workbook;

namespace {

std::string joined(const std::vector<store::ScenarioListing> &listing)
{
    std::string names;
    for (const store::ScenarioListing &item : listing)
        names += (names.empty() ? "" : ", ") + item.name;
    return names;
}

/// The scenario a command names in an open workbook: --scenario NAME, or its only scenario.
store::StoredScenario chosenScenario(const Workbook &workbook,
                                     const std::optional<std::string> &name)
{
    if (name)
        return workbook.scenario(*name);
    const std::vector<store::ScenarioListing> listing = workbook.list();
    if (listing.size() == 1)
        return workbook.scenario(listing.front().name);
    if (listing.empty())
        throw InputError(workbook.file().string(), "holds no scenarios; add one with `import`");
    throw InputError("--scenario", "missing: " + workbook.file().string() + " holds "
                                           + std::to_string(listing.size()) + " scenarios ("
                                           + joined(listing)
                                           + "); choose one with --scenario NAME");
}

void requirePositionals(const ParsedArgs &args, std::size_t count, const std::string &command,
                        const std::string &expected)
{
    if (args.positionals.size() < count)
        throw InputError(command, "missing " + expected);
    if (args.positionals.size() > count)
        throw InputError(command,
                         "expected " + expected + ", got extra '" + args.positionals[count] + "'");
}

std::string resultsState(const store::ScenarioListing &item)
{
    if (!item.hasResults)
        return "none";
    if (item.resultsCurrent)
        return "cached";
    if (item.resultsBuildVersion != store::currentBuildVersion())
        return "cached by TokenWatt " + item.resultsBuildVersion + " (run again to refresh)";
    return "outdated (parameters changed)";
}

} // namespace

bool isWorkbookFile(const fs::path &file)
{
    return file.extension() == store::kWorkbookExtension || store::looksLikeSqlite(file);
}

ScenarioSource workbookScenarioSource(const fs::path &file, const std::optional<std::string> &name)
{
    const Workbook workbook = Workbook::open(file, store::OpenMode::ReadOnly);
    const store::StoredScenario stored = chosenScenario(workbook, name);
    return {stored.parametersJson, store::workbookBaseDirectory(file),
            file.string() + ":" + stored.name, file, stored.name};
}

int importCommand(const std::vector<std::string> &argv)
{
    const ParsedArgs args = parseArgs(argv, {{"--name", true}}, "import");
    requirePositionals(args, 2, "import", "SCENARIO.json FILE.tokenwatt");
    const fs::path scenarioFile = args.positionals[0];
    const fs::path workbookFile = args.positionals[1];
    if (store::looksLikeSqlite(scenarioFile)) {
        throw InputError("import", scenarioFile.string()
                                           + " is a workbook, not a scenario JSON "
                                             "file (the order is: import "
                                             "SCENARIO.json FILE.tokenwatt)");
    }
    const std::string name = args.value("--name").value_or(scenarioFile.stem().string());
    if (name.empty())
        throw InputError("--name", "must not be empty");
    std::error_code error;
    const bool exists = fs::exists(workbookFile, error);
    if (!exists && workbookFile.extension() != store::kWorkbookExtension) {
        throw InputError("import", "a new workbook's name must end in .tokenwatt, got '"
                                           + workbookFile.string() + "'");
    }
    const ScenarioSource source{
            readTextFile(scenarioFile), scenarioFile.parent_path(), scenarioFile.string(), {}, {}};
    const scenario::Scenario scenario = parseScenario(source);
    const store::StoredScenario stored = store::storedScenario(
            scenario, name, catalog::Catalog::builtIn(), source.baseDir, workbookFile);

    if (exists) {
        Workbook workbook = Workbook::open(workbookFile);
        workbook.addScenario(stored);
        std::cout << "Added '" << name << "' to " << workbookFile.string() << " ("
                  << workbook.list().size() << " scenarios)\n";
    } else {
        Workbook::writeFile(workbookFile, store::WorkbookContent{{stored}});
        std::cout << "Created " << workbookFile.string() << " with '" << name << "'\n";
    }
    return 0;
}

int exportCommand(const std::vector<std::string> &argv)
{
    const ParsedArgs args = parseArgs(argv, {{"--scenario", true}}, "export");
    requirePositionals(args, 1, "export", "FILE.tokenwatt");
    const Workbook workbook = Workbook::open(args.positionals[0], store::OpenMode::ReadOnly);
    const std::string json = chosenScenario(workbook, args.value("--scenario")).parametersJson;
    std::cout << json << (json.empty() || json.back() != '\n' ? "\n" : "");
    return 0;
}

int listCommand(const std::vector<std::string> &argv)
{
    const ParsedArgs args = parseArgs(argv, {}, "list");
    requirePositionals(args, 1, "list", "FILE.tokenwatt");
    const Workbook workbook = Workbook::open(args.positionals[0], store::OpenMode::ReadOnly);
    const std::vector<store::ScenarioListing> listing = workbook.list();
    std::cout << workbook.file().string() << ": " << listing.size()
              << (listing.size() == 1 ? " scenario" : " scenarios") << '\n';
    if (listing.empty())
        return 0;
    metrics::TextTable table;
    table.addRow({"name", "modified (UTC)", "results"});
    for (const store::ScenarioListing &item : listing)
        table.addRow({item.name, item.modifiedUtc, resultsState(item)});
    std::cout << table.render("  ");
    return 0;
}

void checkCanSaveResults(const ScenarioSource &source, bool seedOrBudgetGiven)
{
    if (source.workbook.empty())
        throw InputError("--save-results", "needs a workbook scenario (FILE.tokenwatt "
                                           "--scenario NAME), got "
                                                   + source.label);
    if (seedOrBudgetGiven)
        throw InputError("--save-results", "cannot be combined with --seed or --max-events: "
                                           "the results would not be the scenario's own");
    const Workbook workbook = Workbook::open(source.workbook);
    if (workbook.isReadOnly()) {
        throw InputError(source.workbook.string(), "is read-only (" + workbook.readOnlyReason()
                                                           + "): cannot save the results");
    }
}

void saveResults(const ScenarioSource &source, const metrics::Results &results)
{
    if (results.status != metrics::RunStatus::Completed)
        throw InputError("--save-results", "the run did not complete; nothing was saved");
    Workbook workbook = Workbook::open(source.workbook);
    workbook.storeResults(source.workbookScenario, store::cacheResults(results, source.json));
}

} // namespace tw::cli
