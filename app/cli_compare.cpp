#include "app/cli_compare.h"

#include "app/cli_args.h"
#include "app/cli_scenario.h"
#include "app/cli_store.h"

#include "core/catalog/catalog.h"
#include "core/common/error.h"
#include "core/common/file_io.h"
#include "core/compare/compare.h"
#include "core/compare/compare_format.h"
#include "core/scenario_io/scenario_json.h"
#include "core/sim/engine.h"

#include <iostream>
#include <optional>

namespace tw::cli {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMinScenarios = 2;
constexpr std::size_t kMaxScenarios = 4;
constexpr std::string_view kWorkbookSeparator = ".tokenwatt:";

/// One scenario named on the command line, before it is read.
struct Item
{
    enum class Kind { File, Example } kind = Kind::File;
    std::string path;                    ///< file, or example name
    std::optional<std::string> scenario; ///< --scenario NAME or FILE.tokenwatt:NAME
};

/// "FILE.tokenwatt:NAME" -> (FILE.tokenwatt, NAME), unless a file of that whole name exists.
Item fileItem(const std::string &arg)
{
    const std::size_t at = arg.find(kWorkbookSeparator);
    std::error_code error;
    if (at == std::string::npos || fs::exists(arg, error))
        return {Item::Kind::File, arg, std::nullopt};
    const std::size_t split = at + kWorkbookSeparator.size() - 1;
    return {Item::Kind::File, arg.substr(0, split), arg.substr(split + 1)};
}

/// Splits the arguments into scenario items (which may repeat --scenario and --example) and
/// the remaining options, which parseArgs checks as for any command.
std::vector<Item> splitItems(const std::vector<std::string> &argv, std::vector<std::string> &rest)
{
    std::vector<Item> items;
    bool optionsEnded = false;
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string &arg = argv[i];
        if (optionsEnded || arg.size() < 2 || arg[0] != '-') {
            items.push_back(fileItem(arg));
            continue;
        }
        if (arg == "--") {
            optionsEnded = true;
            continue;
        }
        const std::size_t equals = arg.find('=');
        const std::string name = arg.substr(0, equals);
        if (name != "--scenario" && name != "--example") {
            rest.push_back(arg);
            if (equals == std::string::npos && i + 1 < argv.size()
                && (name == "--format" || name == "--seed" || name == "--max-events"))
                rest.push_back(argv[++i]);
            continue;
        }
        std::string value;
        if (equals != std::string::npos)
            value = arg.substr(equals + 1);
        else if (i + 1 < argv.size())
            value = argv[++i];
        else
            throw InputError(name, "missing value");
        if (name == "--example") {
            items.push_back({Item::Kind::Example, value, std::nullopt});
        } else if (items.empty() || items.back().kind != Item::Kind::File) {
            throw InputError("--scenario", "must follow the workbook it names a scenario of "
                                           "(FILE.tokenwatt --scenario NAME)");
        } else if (items.back().scenario) {
            items.push_back({Item::Kind::File, items.back().path, value}); // same workbook again
        } else {
            items.back().scenario = value;
        }
    }
    return items;
}

ScenarioSource sourceOf(const Item &item)
{
    if (item.kind == Item::Kind::Example) {
        return {exampleNamed("--example", item.path).json,
                {},
                "example '" + item.path + "'",
                {},
                {}};
    }
    const fs::path file = item.path;
    if (isWorkbookFile(file))
        return workbookScenarioSource(file, item.scenario);
    if (item.scenario) {
        throw InputError("--scenario", "names a scenario of a workbook (FILE.tokenwatt), but "
                                               + item.path + " is a scenario JSON file");
    }
    return {readTextFile(file), file.parent_path(), file.string(), {}, {}};
}

} // namespace

int compareCommand(const std::vector<std::string> &argv)
{
    std::vector<std::string> rest;
    const std::vector<Item> items = splitItems(argv, rest);
    const ParsedArgs args = parseArgs(
            rest, {{"--format", true}, {"--seed", true}, {"--max-events", true}}, "compare");
    if (items.size() < kMinScenarios || items.size() > kMaxScenarios) {
        throw InputError("compare", "needs 2 to 4 scenarios, got " + std::to_string(items.size())
                                            + " (see tokenwatt-cli compare --help)");
    }
    sim::RunOptions options;
    if (const auto seed = args.value("--seed"))
        options.seed = parseUnsigned("--seed", *seed);
    if (const auto maxEvents = args.value("--max-events"))
        options.maxEvents = parseUnsigned("--max-events", *maxEvents);
    const metrics::OutputFormat format = args.value("--format")
                                                 ? parseFormat("--format", *args.value("--format"))
                                                 : metrics::OutputFormat::Table;

    // Every scenario is read and checked before any is simulated.
    std::vector<std::string> labels;
    std::vector<scenario::Scenario> scenarios;
    std::vector<std::string> parameters;
    for (const Item &item : items) {
        const ScenarioSource source = sourceOf(item);
        scenarios.push_back(parseScenario(source));
        labels.push_back(source.label);
        // Canonical text: defaults explicit, so equal parameters compare equal.
        parameters.push_back(scenario::toJson(scenarios.back(), catalog::Catalog::builtIn()));
    }
    const std::vector<metrics::Results> results = compare::simulateAll(scenarios, labels, options);
    std::cout << compare::formatComparison(compare::compareScenarios(labels, results, parameters),
                                           format)
              << std::flush;
    int exitCode = 0;
    for (std::size_t i = 0; i < results.size(); ++i) {
        if (results[i].status == metrics::RunStatus::BudgetExceeded) {
            std::cerr << "tokenwatt-cli: " << labels[i]
                      << " stopped by its budget: " << results[i].statusMessage << '\n';
            exitCode = 3;
        }
    }
    return exitCode;
}

} // namespace tw::cli
