#include "app/cli_report.h"

#include "app/cli_args.h"
#include "app/cli_scenario.h"
#include "app/cli_store.h"

#include "core/catalog/catalog.h"
#include "core/common/error.h"
#include "core/common/file_io.h"
#include "core/sweep/plan.h"
#include "core/sweep/replicate.h"
#include "core/sweep/sensitivity.h"
#include "ui/render/api_comparison.h"
#include "ui/report/report_input.h"
#include "ui/report/report_writer.h"

#include <QApplication>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>

namespace tw::cli {
namespace fs = std::filesystem;

namespace {

/// A scenario named on the command line, before it is read.
struct Item
{
    bool example = false;
    std::string path;                    ///< file, or example name
    std::optional<std::string> scenario; ///< --scenario NAME after a workbook
};

/// Splits the arguments into scenarios (--example and --scenario may repeat, so parseArgs
/// cannot take them) and the other options, which parseArgs checks.
std::vector<Item> splitItems(const std::vector<std::string> &argv, std::vector<std::string> &rest)
{
    static const std::vector<std::string> kValued{"--pdf", "--api", "--title", "--seed"};
    std::vector<Item> items;
    bool optionsEnded = false;
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string &arg = argv[i];
        if (optionsEnded || arg.size() < 2 || arg[0] != '-') {
            items.push_back({false, arg, std::nullopt});
            continue;
        }
        optionsEnded = arg == "--";
        const std::string name = arg.substr(0, arg.find('='));
        if (name != "--scenario" && name != "--example") {
            if (!optionsEnded)
                rest.push_back(arg);
            if (name == arg && i + 1 < argv.size()
                && std::find(kValued.begin(), kValued.end(), name) != kValued.end())
                rest.push_back(argv[++i]);
            continue;
        }
        std::string value = name.size() < arg.size() ? arg.substr(name.size() + 1) : std::string();
        if (name == arg) {
            if (i + 1 >= argv.size())
                throw InputError(name, "missing value");
            value = argv[++i];
        }
        if (name == "--example")
            items.push_back({true, value, std::nullopt});
        else if (items.empty() || items.back().example)
            throw InputError("--scenario", "must follow the workbook it names a scenario of "
                                           "(FILE.tokenwatt --scenario NAME)");
        else if (items.back().scenario)
            items.push_back({false, items.back().path, value}); // the same workbook again
        else
            items.back().scenario = value;
    }
    return items;
}

ScenarioSource sourceOf(const Item &item)
{
    if (item.example)
        return {exampleNamed("--example", item.path).json,
                {},
                "example '" + item.path + "'",
                {},
                {}};
    const fs::path file = item.path;
    if (isWorkbookFile(file))
        return workbookScenarioSource(file, item.scenario);
    if (item.scenario)
        throw InputError("--scenario", "names a scenario of a workbook (FILE.tokenwatt), but "
                                               + item.path + " is a scenario JSON file");
    return {readTextFile(file), file.parent_path(), file.string(), {}, {}};
}

ui::ApiComparison apiNamed(const std::string &key)
{
    if (const auto api = ui::findCatalogApi(QString::fromStdString(key)))
        return *api;
    std::vector<std::string> keys;
    for (const ui::ApiComparison &api : ui::catalogApis())
        keys.push_back(api.key.toStdString());
    const auto hints = catalog::closestMatches(key, keys, 1);
    throw InputError("--api", "unknown API '" + key + "'"
                                      + (hints.empty() ? "" : " (did you mean '" + hints[0] + "'?)")
                                      + "; `tokenwatt-cli catalog api-prices` lists them");
}

/// Refuses, before anything is simulated, an output whose folder does not exist or that is a
/// folder itself; other write errors (permissions, a full disk) surface when it is written.
void checkWritable(const std::string &pdf)
{
    std::error_code error;
    const fs::path file = pdf;
    const fs::path folder = file.has_parent_path() ? file.parent_path() : fs::path(".");
    if (fs::is_directory(file, error))
        throw InputError("--pdf", "cannot write '" + pdf + "': is a folder");
    if (!fs::is_directory(folder, error))
        throw InputError("--pdf",
                         "cannot write '" + pdf + "': no folder '" + folder.string() + "'");
}

/// The renderer's QApplication runs on the offscreen platform unless the user chose one: a
/// report needs no display, and offscreen measures type at 96 dpi everywhere, so the same
/// scenario gives the same PDF on every machine.
void chooseOffscreenPlatform()
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
}

} // namespace

int reportCommand(const std::vector<std::string> &argv)
{
    if (wantsHelp(argv)) {
        std::cout << reportUsage();
        return 0;
    }
    std::vector<std::string> rest;
    const std::vector<Item> items = splitItems(argv, rest);
    const ParsedArgs args = parseArgs(rest,
                                      {{"--pdf", true},
                                       {"--api", true},
                                       {"--title", true},
                                       {"--seed", true},
                                       {"--plan", false}},
                                      "report");
    if (!args.positionals.empty())
        throw InputError("report", "unexpected argument '" + args.positionals.front() + "'");
    if (items.empty())
        throw InputError("report", "missing SCENARIO (a file, --example NAME or FILE.tokenwatt)");
    if (args.has("--plan") && items.size() != 1)
        throw InputError("--plan", "plans the scenario of a one-scenario report; this report has "
                                           + std::to_string(items.size()) + " scenarios");
    const auto pdf = args.value("--pdf");
    if (!pdf || pdf->empty())
        throw InputError("--pdf", "missing: where to write the report, e.g. --pdf report.pdf");
    checkWritable(*pdf);
    std::optional<std::uint64_t> seed;
    if (const auto text = args.value("--seed"))
        seed = parseUnsigned("--seed", *text);
    const ui::ApiComparison api
            = args.value("--api") ? apiNamed(*args.value("--api")) : ui::ApiComparison{};

    // Every scenario is read and checked before anything is simulated.
    std::vector<scenario::Scenario> scenarios;
    std::vector<std::string> sourceLabels;
    for (const Item &item : items) {
        const ScenarioSource source = sourceOf(item);
        scenarios.push_back(parseScenario(source));
        if (seed)
            scenarios.back().simulation.seed = *seed;
        sourceLabels.push_back(source.label);
    }
    chooseOffscreenPlatform();
    int argc = 1; // QApplication keeps references to both: they must outlive it
    char name[] = "tokenwatt-cli";
    char *argv0[] = {name, nullptr};
    const QApplication application(argc, argv0);
    const std::vector<QString> labels = ui::report::uniqueLabels(scenarios);
    std::vector<ui::report::ReportScenario> inputs;
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
        ui::RunOutputPtr output;
        try {
            output = ui::report::simulateForReport(scenarios[i], api);
        } catch (...) {
            rethrowWithLabel(sourceLabels[i]);
        }
        if (output->current.status == metrics::RunStatus::BudgetExceeded) {
            std::cerr << "tokenwatt-cli: " << sourceLabels[i]
                      << " stopped by its budget: " << output->current.statusMessage << '\n';
            return 3;
        }
        inputs.emplace_back(labels[i], scenarios[i], output);
    }
    // With --plan, a one-scenario report also says what to run (right-sizing: tens to hundreds
    // of runs, so only when asked).
    if (args.has("--plan")) {
        auto plan = std::make_shared<ui::report::ReportScenario::Plan>();
        plan->options.slo.seed = seed;
        plan->slo = scenarios.front().slo;
        try {
            plan->result = sweep::plan(scenarios.front(), plan->options);
        } catch (...) {
            rethrowWithLabel(sourceLabels.front());
        }
        inputs.front().plan = plan;
    }
    // A one-scenario report says what moves its cost (a tornado: seven runs or so) and how
    // sure its figures are (replications: four runs or more).
    if (inputs.size() == 1) {
        sweep::SensitivityOptions sensitivity;
        sensitivity.seed = seed;
        try {
            inputs.front().sensitivity = std::make_shared<const sweep::SensitivityResult>(
                    sweep::sensitivity(scenarios.front(), sensitivity));
            sweep::ReplicationOptions replication;
            replication.firstSeed = seed;
            inputs.front().replication = std::make_shared<const sweep::ReplicationResult>(
                    sweep::replicate(scenarios.front(), replication));
        } catch (...) {
            rethrowWithLabel(sourceLabels.front());
        }
    }
    ui::report::ReportOptions options;
    if (const auto title = args.value("--title"))
        options.title = QString::fromStdString(*title);
    int pages = 0;
    const QString problem
            = ui::report::writeReport(QString::fromStdString(*pdf), inputs, options, &pages);
    if (!problem.isEmpty())
        throw InputError("--pdf", problem.toStdString());
    std::cout << "Wrote " << *pdf << ": " << pages << (pages == 1 ? " page, " : " pages, ")
              << inputs.size() << (inputs.size() == 1 ? " scenario\n" : " scenarios\n");
    return 0;
}

} // namespace tw::cli
