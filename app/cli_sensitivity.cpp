// tokenwatt-cli sensitivity: which input moves cost, latency, energy and carbon most
// (core/sweep/sensitivity.h moves the inputs; this file reads the options and prints the rows).

#include "app/cli_analysis.h"
#include "app/cli_args.h"
#include "app/cli_scenario.h"
#include "core/metrics/results_format.h"
#include "core/metrics/text_format.h"
#include "core/sweep/sensitivity.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace tw::cli {
namespace {

using sweep::SensitivityFigures;

const char *methodName(sweep::SensitivityMethod method)
{
    switch (method) {
    case sweep::SensitivityMethod::Simulated:
        return "simulated";
    case sweep::SensitivityMethod::Reaccounted:
        return "re-accounted";
    case sweep::SensitivityMethod::ErrorBand:
        return "error band";
    }
    return "";
}

/// The figures of a row, in column order, with their JSON/CSV keys.
struct FigureColumn
{
    const char *key;
    const char *heading;
    double SensitivityFigures::*field;
    std::string (*format)(double);
};

std::string usdCents(double v)
{
    return metrics::formatUsd(v, 2);
}
std::string latency(double v)
{
    return metrics::formatLatency(v);
}
std::string thousandths(double v)
{
    return metrics::formatSignificant(v / 1000.0);
}

const FigureColumn kColumns[] = {
        {"usdPerMillionOutputTokens", "$/1M out", &SensitivityFigures::usdPerMillionOutputTokens,
         usdCents},
        {"e2eP95Seconds", "e2e p95", &SensitivityFigures::e2eP95Seconds, latency},
        {"kwhPerMonth", "MWh/month", &SensitivityFigures::kwhPerMonth, thousandths},
        {"kgCo2ePerMonth", "t CO2e/month", &SensitivityFigures::kgCo2ePerMonth, thousandths},
};

nlohmann::json toJson(const SensitivityFigures &f)
{
    nlohmann::json j = {{"usdPerMonth", f.usdPerMonth}};
    for (const FigureColumn &c : kColumns)
        j[c.key] = f.*c.field;
    return j;
}

std::string inputValue(const sweep::SensitivityRow &row, double value)
{
    if (row.method == sweep::SensitivityMethod::ErrorBand)
        return value < 0 ? "-err" : value > 0 ? "+err" : "fit";
    if (row.unit == "users")
        return metrics::formatGrouped(value, 0);
    return metrics::formatSignificant(value);
}

} // namespace

int sensitivityCommand(const std::vector<std::string> &args)
{
    const ParsedArgs parsed = parseArgs(args,
                                        {{"--example", true},
                                         {"--traffic", true},
                                         {"--lengths", true},
                                         {"--purchase", true},
                                         {"--electricity", true},
                                         {"--api-price", true},
                                         {"--threads", true},
                                         {"--seed", true},
                                         {"--format", true}},
                                        "sensitivity");
    const ScenarioSource source = scenarioSource(parsed, "sensitivity");
    sweep::SensitivityOptions options;
    const std::pair<const char *, double *> ranges[]
            = {{"--traffic", &options.trafficRange},
               {"--lengths", &options.lengthRange},
               {"--purchase", &options.purchaseRange},
               {"--electricity", &options.electricityRange},
               {"--api-price", &options.apiPriceRange}};
    for (const auto &[option, range] : ranges)
        if (const auto v = parsed.value(option))
            *range = parseNumber(option, *v); // sensitivity() checks (0, 0.9]
    if (const auto v = parsed.value("--threads"))
        options.threads = parseIntInRange("--threads", *v, 1, 256);
    if (const auto v = parsed.value("--seed"))
        options.seed = parseUnsigned("--seed", *v);
    const metrics::OutputFormat format
            = parsed.value("--format") ? parseFormat("--format", *parsed.value("--format"))
                                       : metrics::OutputFormat::Table;
    const scenario::Scenario scenario = parseScenario(source);
    const sweep::SensitivityResult result = sweep::sensitivity(scenario, options);

    if (format == metrics::OutputFormat::Json) {
        nlohmann::json out;
        out["scenario"] = scenario.name;
        out["simulations"] = result.simulations;
        out["base"] = toJson(result.base);
        out["rows"] = nlohmann::json::array();
        for (const sweep::SensitivityRow &row : result.rows) {
            nlohmann::json swing;
            for (const FigureColumn &c : kColumns)
                swing[c.key] = sweep::swing(row, c.field);
            out["rows"].push_back({{"id", row.id},
                                   {"label", row.label},
                                   {"unit", row.unit},
                                   {"basis", row.basis},
                                   {"method", methodName(row.method)},
                                   {"baseValue", row.baseValue},
                                   {"lowValue", row.lowValue},
                                   {"highValue", row.highValue},
                                   {"low", toJson(row.low)},
                                   {"high", toJson(row.high)},
                                   {"swing", swing}});
        }
        out["skipped"] = result.skipped;
        std::cout << out.dump(2) << '\n';
        return 0;
    }
    if (format == metrics::OutputFormat::Csv) {
        std::cout << "id,label,method,unit,baseValue,lowValue,highValue";
        for (const char *end : {"low", "high"}) {
            std::cout << ',' << end << "UsdPerMonth";
            for (const FigureColumn &c : kColumns)
                std::cout << ',' << end << "_" << c.key;
        }
        std::cout << '\n';
        for (const sweep::SensitivityRow &row : result.rows) {
            std::cout << metrics::csvField(row.id) << ',' << metrics::csvField(row.label) << ','
                      << methodName(row.method) << ',' << metrics::csvField(row.unit) << ','
                      << metrics::csvNumber(row.baseValue) << ','
                      << metrics::csvNumber(row.lowValue) << ','
                      << metrics::csvNumber(row.highValue);
            for (const SensitivityFigures *f : {&row.low, &row.high}) {
                std::cout << ',' << metrics::csvNumber(f->usdPerMonth);
                for (const FigureColumn &c : kColumns)
                    std::cout << ',' << metrics::csvNumber(f->*c.field);
            }
            std::cout << '\n';
        }
        return 0;
    }

    const SensitivityFigures &base = result.base;
    std::cout << "Scenario     " << scenario.name << '\n'
              << "Base         " << metrics::formatUsd(base.usdPerMillionOutputTokens, 2)
              << " per 1M output tokens, " << metrics::formatUsd(base.usdPerMonth, 0)
              << " a month, e2e p95 " << metrics::formatLatency(base.e2eP95Seconds) << ", "
              << metrics::formatSignificant(base.kwhPerMonth / 1000.0) << " MWh and "
              << metrics::formatSignificant(base.kgCo2ePerMonth / 1000.0) << " t CO2e a month\n"
              << "Runs         " << result.simulations
              << " simulations (the base, and both ends of each input that changes what the "
                 "engine does, with the same seed); prices and PUE re-account the base run\n\n";
    metrics::TextTable table;
    std::vector<std::string> header = {"input", "low", "base", "high"};
    for (const FigureColumn &c : kColumns)
        header.emplace_back(std::string(c.heading) + " low -> high");
    table.addRow(header);
    for (const sweep::SensitivityRow &row : result.rows) {
        std::vector<std::string> cells
                = {row.label, inputValue(row, row.lowValue), inputValue(row, row.baseValue),
                   inputValue(row, row.highValue)};
        for (const FigureColumn &c : kColumns)
            cells.push_back(c.format(row.low.*c.field) + " -> " + c.format(row.high.*c.field));
        table.addRow(cells);
    }
    std::cout << "Largest swing of cost per 1M output tokens first\n" << table.render("  ");
    std::cout << "\nRanges\n";
    for (const sweep::SensitivityRow &row : result.rows)
        std::cout << "  " << row.label << " (" << methodName(row.method) << "): " << row.basis
                  << '\n';
    if (!result.skipped.empty()) {
        std::cout << "\nLeft out\n";
        for (const std::string &why : result.skipped)
            std::cout << "  " << why << '\n';
    }
    return 0;
}

} // namespace tw::cli
