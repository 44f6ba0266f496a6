// tokenwatt-cli: the headless front end. main() and argument handling only; simulation,
// sweeps and every output format live in core/.

#include "app/cli_analysis.h"
#include "app/cli_args.h"
#include "app/cli_calibration.h"
#include "app/cli_compare.h"
#include "app/cli_report.h"
#include "app/cli_scenario.h"
#include "app/cli_store.h"

#include "core/catalog/catalog.h"
#include "core/common/error.h"
#include "core/metrics/results_format.h"
#include "core/metrics/sweep_format.h"
#include "core/metrics/text_format.h"
#include "core/run/simulate.h"
#include "core/scenario_io/examples.h"
#include "core/scenario_io/scenario_json.h"
#include "core/sweep/sweep.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

namespace {

using tw::InputError;
using tw::InputIssue;
using tw::cli::availableExamples;
using tw::cli::exampleNamed;
using tw::cli::ParsedArgs;
using tw::cli::parseScenario;
using tw::cli::rethrowWithLabel;
using tw::cli::ScenarioSource;
using tw::cli::scenarioSource;
namespace fs = std::filesystem;

using tw::cli::kExitBadInput;
using tw::cli::kExitBudgetExceeded;
using tw::cli::kExitInternalError;
using tw::cli::kExitOk;
using tw::cli::kProgram;

/// Opens an output file before a long run, so a bad path fails at once rather than after it.
std::ofstream openOutputFile(const std::string &option, const fs::path &file)
{
    std::ofstream stream(file, std::ios::binary | std::ios::trunc);
    if (!stream)
        throw InputError(option, "cannot write '" + file.string() + "'");
    return stream;
}

std::optional<std::uint64_t> seedOption(const ParsedArgs &args)
{
    if (const auto text = args.value("--seed"))
        return tw::cli::parseUnsigned("--seed", *text);
    return std::nullopt;
}

std::optional<std::uint64_t> maxEventsOption(const ParsedArgs &args)
{
    if (const auto text = args.value("--max-events"))
        return tw::cli::parseUnsigned("--max-events", *text);
    return std::nullopt;
}

tw::metrics::OutputFormat formatOption(const ParsedArgs &args)
{
    const auto text = args.value("--format");
    return text ? tw::cli::parseFormat("--format", *text) : tw::metrics::OutputFormat::Table;
}

int runCommand(const std::vector<std::string> &argv)
{
    const ParsedArgs args = tw::cli::parseArgs(argv,
                                               {{"--example", true},
                                                {"--seed", true},
                                                {"--format", true},
                                                {"--timeseries", true},
                                                {"--max-events", true},
                                                {"--scenario", true},
                                                {"--save-results", false}},
                                               "run");
    // Every argument is checked before anything is simulated.
    tw::sim::RunOptions options;
    options.seed = seedOption(args);
    if (const auto maxEvents = maxEventsOption(args))
        options.maxEvents = *maxEvents;
    const tw::metrics::OutputFormat format = formatOption(args);
    const ScenarioSource source = scenarioSource(args, "run");
    const tw::scenario::Scenario scenario = parseScenario(source);
    if (args.has("--save-results"))
        tw::cli::checkCanSaveResults(source, args.has("--seed") || args.has("--max-events"));
    std::optional<std::ofstream> seriesFile;
    if (const auto file = args.value("--timeseries"))
        seriesFile = openOutputFile("--timeseries", *file);

    tw::metrics::Results results;
    try {
        results = tw::run::simulate(scenario, options);
    } catch (...) {
        rethrowWithLabel(source.label);
    }
    std::cout << tw::metrics::formatResults(results, format) << std::flush;
    if (args.has("--save-results"))
        tw::cli::saveResults(source, results);
    if (seriesFile) {
        *seriesFile << tw::metrics::formatTimeSeriesCsv(results.timeSeries);
        seriesFile->close();
        if (!*seriesFile)
            throw InputError("--timeseries", "cannot write '" + *args.value("--timeseries") + "'");
    }
    if (results.status == tw::metrics::RunStatus::BudgetExceeded) {
        std::cerr << kProgram << "run stopped by its budget: " << results.statusMessage << '\n';
        return kExitBudgetExceeded;
    }
    return kExitOk;
}

std::vector<double> sweepValues(const ParsedArgs &args)
{
    const bool hasList = args.has("--values");
    const bool hasRange = args.has("--from") || args.has("--to") || args.has("--steps");
    if (hasList && (hasRange || args.has("--log")))
        throw InputError("--values", "cannot be combined with --from, --to, --steps or --log");
    if (hasList)
        return tw::cli::parseNumberList("--values", *args.value("--values"));
    if (!hasRange)
        throw InputError("sweep",
                         "missing the values: --values A,B,C or --from X --to Y --steps N");
    std::vector<InputIssue> missing;
    for (const char *option : {"--from", "--to", "--steps"}) {
        if (!args.has(option))
            missing.push_back({option, "missing (a range needs --from, --to and --steps)"});
    }
    if (!missing.empty())
        throw InputError(std::move(missing));
    return tw::sweep::spacedValues(
            tw::cli::parseNumber("--from", *args.value("--from")),
            tw::cli::parseNumber("--to", *args.value("--to")),
            tw::cli::parseIntInRange("--steps", *args.value("--steps"), 1, 10000),
            args.has("--log") ? tw::sweep::Spacing::Geometric : tw::sweep::Spacing::Linear);
}

int sweepCommand(const std::vector<std::string> &argv)
{
    const ParsedArgs args = tw::cli::parseArgs(argv,
                                               {{"--example", true},
                                                {"--param", true},
                                                {"--values", true},
                                                {"--from", true},
                                                {"--to", true},
                                                {"--steps", true},
                                                {"--log", false},
                                                {"--seed", true},
                                                {"--format", true},
                                                {"--threads", true},
                                                {"--max-events", true},
                                                {"--metrics", true},
                                                {"--param2", true},
                                                {"--values2", true},
                                                {"--scenario", true}},
                                               "sweep");
    const auto parameter = args.value("--param");
    if (!parameter || parameter->empty())
        throw InputError("--param", "missing: the dotted path of the parameter to sweep");
    tw::sweep::SweepOptions options;
    options.seed = seedOption(args);
    options.maxEvents = maxEventsOption(args);
    if (const auto threads = args.value("--threads"))
        options.threads = tw::cli::parseIntInRange("--threads", *threads, 1, 256);
    const tw::metrics::OutputFormat format = formatOption(args);
    std::vector<std::string> metricKeys;
    if (const auto metrics = args.value("--metrics")) {
        std::size_t start = 0;
        while (true) {
            const std::size_t comma = std::min(metrics->find(',', start), metrics->size());
            const std::string key = metrics->substr(start, comma - start);
            if (key.empty())
                throw InputError("--metrics", "empty item in '" + *metrics
                                                      + "': give metric keys separated by commas");
            metricKeys.push_back(key);
            if (comma == metrics->size())
                break;
            start = comma + 1;
        }
        tw::metrics::checkSweepMetrics(metricKeys);
    }
    const std::vector<double> values = sweepValues(args);
    const ScenarioSource source = scenarioSource(args, "sweep");

    const auto second = args.value("--param2");
    if (second && second->empty())
        throw InputError("--param2", "empty: the dotted path of the grid's second parameter");
    if (args.has("--values2") && !second)
        throw InputError("--values2", "applies with --param2 (a two-parameter grid)");
    std::vector<double> secondValues;
    if (second) {
        if (!args.has("--values2"))
            throw InputError("--values2", "missing: the second parameter's values, A,B,C");
        secondValues = tw::cli::parseNumberList("--values2", *args.value("--values2"));
        if (values.size() * secondValues.size() > 10'000)
            throw InputError("--values2",
                             "the grid would have "
                                     + std::to_string(values.size() * secondValues.size())
                                     + " points; at most 10000");
    }

    std::vector<tw::sweep::SweepPoint> points;
    try {
        points = second ? tw::sweep::runGrid(source.json, source.baseDir, *parameter, values,
                                             *second, secondValues, tw::catalog::Catalog::builtIn(),
                                             options)
                        : tw::sweep::runSweep(source.json, source.baseDir, *parameter, values,
                                              tw::catalog::Catalog::builtIn(), options);
    } catch (...) {
        rethrowWithLabel(source.label);
    }
    std::cout << (second ? tw::metrics::formatGrid({*parameter, *second}, points, format,
                                                   metricKeys)
                         : tw::metrics::formatSweep(*parameter, points, format, metricKeys))
              << std::flush;
    int exitCode = kExitOk;
    for (const tw::sweep::SweepPoint &point : points) {
        if (point.results.status == tw::metrics::RunStatus::BudgetExceeded) {
            std::cerr << kProgram << "run with " << *parameter << " = "
                      << tw::metrics::formatExact(point.parameterValue)
                      << " stopped by its budget: " << point.results.statusMessage << '\n';
            exitCode = kExitBudgetExceeded;
        }
    }
    return exitCode;
}

std::string counted(std::size_t count, const std::string &one, const std::string &many)
{
    return std::to_string(count) + ' ' + (count == 1 ? one : many);
}

int validateCommand(const std::vector<std::string> &argv)
{
    const ParsedArgs args
            = tw::cli::parseArgs(argv, {{"--example", true}, {"--scenario", true}}, "validate");
    const ScenarioSource source = scenarioSource(args, "validate");
    const tw::scenario::Scenario scenario = parseScenario(source);
    tw::sim::checkScenario(scenario); // what only the engine can tell: fit, GPU figures, budget
    const double requests = tw::sim::estimateRequestCount(scenario);
    std::cout << "OK: " << scenario.name << ": "
              << counted(scenario.deployments.size(), "deployment", "deployments") << ", "
              << counted(scenario.workload.classes.size(), "class", "classes") << ", ~"
              << tw::metrics::formatGrouped(requests, 0) << " requests expected\n";
    return kExitOk;
}

int exampleCommand(const std::vector<std::string> &argv)
{
    const ParsedArgs args = tw::cli::parseArgs(argv, {{"--list", false}}, "example");
    if (args.has("--list")) {
        if (!args.positionals.empty())
            throw InputError("--list",
                             "takes no example name, got '" + args.positionals.front() + "'");
        std::size_t width = 0;
        for (const tw::scenario::Example &example : tw::scenario::examples())
            width = std::max(width, example.name.size());
        for (const tw::scenario::Example &example : tw::scenario::examples()) {
            std::cout << example.name << std::string(width - example.name.size() + 2, ' ')
                      << example.summary << '\n';
        }
        return kExitOk;
    }
    if (args.positionals.size() > 1)
        throw InputError("example", "expected at most one NAME, got '" + args.positionals[1] + "'");
    const std::string name = args.positionals.empty() ? "default" : args.positionals.front();
    const std::string &json = exampleNamed("example", name).json;
    std::cout << json << (json.empty() || json.back() != '\n' ? "\n" : "");
    return kExitOk;
}

int helpCommand(const std::vector<std::string> &argv);

/// Every subcommand, in the order `tokenwatt-cli --help` lists them: its name, its line in that
/// list, and the function that runs it (the arguments after the name). The one list of
/// commands: dispatch, the help and the "did you mean" hints read it; adding a command is a
/// row here plus its usage text (cli_args.cpp, kHelp), which tst_cli checks for every row.
struct Command
{
    const char *name;
    const char *summary;
    int (*run)(const std::vector<std::string> &argv);
};

const Command kCommands[] = {
        {"run", "Simulate one scenario and print its results", runCommand},
        {"sweep", "Simulate a scenario once for each value of one parameter", sweepCommand},
        {"validate", "Check a scenario file and summarise it", validateCommand},
        {"example", "Print a built-in example scenario, or list them", exampleCommand},
        {"compare", "Simulate two to four scenarios and show their KPIs side by side",
         tw::cli::compareCommand},
        {"report", "Write a PDF report on one or more scenarios", tw::cli::handOverToReport},
        {"import", "Add a scenario file to a workbook (FILE.tokenwatt), creating it if needed",
         tw::cli::importCommand},
        {"export", "Print a workbook's scenario as JSON", tw::cli::exportCommand},
        {"list", "List the scenarios a workbook holds", tw::cli::listCommand},
        {"breakeven", "Find the traffic at which self-hosting costs what an API costs",
         tw::cli::breakevenCommand},
        {"goal-seek", "Find the value of a parameter at which a metric reaches a target",
         tw::cli::goalSeekCommand},
        {"capacity", "Find the highest traffic a deployment serves within its SLO",
         tw::cli::capacityCommand},
        {"plan", "Find the cheapest fleets that serve the traffic within the SLO",
         tw::cli::planCommand},
        {"sensitivity", "Show which inputs move cost, latency, energy and carbon most",
         tw::cli::sensitivityCommand},
        {"replicate", "Simulate with several seeds: how wide the sampling noise is",
         tw::cli::replicateCommand},
        {"catalog", "List the catalog: gpus, models, prices, api-prices or regions",
         tw::cli::catalogCommand},
        {"check-measurements", "Compare predictions with a file of published measurements",
         tw::cli::checkMeasurementsCommand},
        {"calibrate", "Fit the calibrated parameters to a file of published measurements",
         tw::cli::calibrateCommand},
        {"help", "Show help for a command", helpCommand},
};

const Command *findCommand(const std::string &name)
{
    for (const Command &command : kCommands)
        if (name == command.name)
            return &command;
    return nullptr;
}

/// Usage of @p command, of the whole program for ""; empty for an unknown command.
std::string usageOf(const std::string &command)
{
    if (command.empty()) {
        std::vector<std::pair<std::string, std::string>> list;
        for (const Command &c : kCommands)
            list.emplace_back(c.name, c.summary);
        return tw::cli::programUsage(list);
    }
    if (command == "report")
        return tw::cli::reportUsage();
    if (command == "check-measurements" || command == "calibrate")
        return tw::cli::calibrationUsage(command);
    return tw::cli::usage(command);
}

InputError unknownCommand(const std::string &command)
{
    if (command.empty())
        return InputError("''", "unknown command; see tokenwatt-cli --help");
    std::vector<std::string> names;
    for (const Command &c : kCommands)
        names.emplace_back(c.name);
    const auto hints = tw::catalog::closestMatches(command, names, 1);
    return InputError(command.size() > 1 && command[0] == '-' ? command : "'" + command + "'",
                      std::string(command[0] == '-' ? "unknown option" : "unknown command")
                              + (hints.empty() ? "" : " (did you mean '" + hints.front() + "'?)")
                              + "; see tokenwatt-cli --help");
}

int helpCommand(const std::vector<std::string> &argv)
{
    if (argv.size() > 1)
        throw InputError("help", "expected at most one COMMAND, got '" + argv[1] + "'");
    const std::string command = argv.empty() ? "" : argv.front();
    const std::string text = usageOf(command);
    if (text.empty())
        throw unknownCommand(command);
    std::cout << text;
    return kExitOk;
}

int dispatch(const std::vector<std::string> &args)
{
    if (args.empty()) {
        std::cerr << usageOf("");
        throw InputError("", "missing command");
    }
    const std::string &command = args.front();
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (command == "--version") {
        if (!rest.empty())
            throw InputError(command, "takes no arguments, got '" + rest.front() + "'");
        std::cout << "tokenwatt-cli " << TOKENWATT_VERSION << '\n';
        return kExitOk;
    }
    if (command == "--help" || command == "-h")
        return helpCommand({});
    if (command == "help")
        return helpCommand(tw::cli::wantsHelp(rest) ? std::vector<std::string>{"help"} : rest);
    const Command *found = findCommand(command);
    if (!found)
        throw unknownCommand(command);
    // `<command> --help` wins over any other argument, valid or not.
    if (tw::cli::wantsHelp(rest) && !tw::cli::usage(command).empty())
        return helpCommand({command});
    return found->run(rest);
}

} // namespace

int main(int argc, char **argv)
{
    return tw::cli::runReportingErrors(
            [&] { return dispatch(std::vector<std::string>(argv + 1, argv + argc)); });
}
