#include "app/cli_analysis.h"

#include "app/cli_args.h"
#include "app/cli_scenario.h"
#include "core/catalog/catalog.h"
#include "core/common/error.h"
#include "core/metrics/text_format.h"
#include "core/scenario_io/catalog_apis.h"
#include "core/sweep/breakeven.h"
#include "core/sweep/capacity.h"
#include "core/sweep/goal_seek.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <iostream>

namespace tw::cli {

void readSloCriterion(const ParsedArgs &parsed, sweep::CapacityOptions &options)
{
    if (const auto criterion = parsed.value("--criterion")) {
        if (*criterion == "attainment")
            options.criterion = sweep::SloCriterion::Attainment;
        else if (*criterion == "p95")
            options.criterion = sweep::SloCriterion::Percentile95;
        else
            throw InputError("--criterion", "must be attainment or p95, got '" + *criterion + "'");
    }
    if (const auto share = parsed.value("--attainment")) {
        if (options.criterion != sweep::SloCriterion::Attainment)
            throw InputError("--attainment", "applies to --criterion attainment only");
        options.minSloAttainment = parseNumber("--attainment", *share);
        if (!(options.minSloAttainment > 0.0 && options.minSloAttainment <= 1.0))
            throw InputError("--attainment",
                             "must be a share above 0 and at most 1, got " + *share);
    }
}

std::string sloCriterionText(const sweep::CapacityOptions &options, const scenario::Slo &slo)
{
    return options.criterion == sweep::SloCriterion::Attainment
                   ? metrics::formatPercent(options.minSloAttainment) + " of requests within TTFT "
                             + metrics::formatLatency(slo.ttftSeconds) + " and TPOT "
                             + metrics::formatLatency(slo.tpotSeconds)
                   : "p95 TTFT within " + metrics::formatLatency(slo.ttftSeconds)
                             + " and p95 TPOT within " + metrics::formatLatency(slo.tpotSeconds);
}

int goalSeekCommand(const std::vector<std::string> &args)
{
    const ParsedArgs parsed = parseArgs(args,
                                        {{"--example", true},
                                         {"--scenario", true},
                                         {"--param", true},
                                         {"--metric", true},
                                         {"--target", true},
                                         {"--from", true},
                                         {"--to", true},
                                         {"--tolerance", true},
                                         {"--seed", true},
                                         {"--format", true}},
                                        "goal-seek");
    sweep::GoalSeekOptions options;
    const auto required = [&](const char *option, const char *what) {
        const auto value = parsed.value(option);
        if (!value || value->empty())
            throw InputError(option, std::string("missing: ") + what);
        return *value;
    };
    options.parameter = required("--param", "the dotted path of the parameter to move, e.g. "
                                            "workload.arrival.ratePerSecond");
    options.metric = required("--metric", "the metric to reach, e.g. "
                                          "cost.perMillionOutputTokensUsd");
    options.target = parseNumber("--target", required("--target", "the metric's target value"));
    options.low = parseNumber("--from", required("--from", "the low end of the search interval"));
    options.high = parseNumber("--to", required("--to", "the high end of the search interval"));
    if (const auto tolerance = parsed.value("--tolerance")) {
        options.tolerance = parseNumber("--tolerance", *tolerance);
        if (!(options.tolerance >= 1e-6 && options.tolerance <= 0.5))
            throw InputError("--tolerance",
                             "must be between 0.000001 and 0.5 (a share of the value), got "
                                     + *tolerance);
    }
    if (const auto seed = parsed.value("--seed"))
        options.seed = parseUnsigned("--seed", *seed);
    const metrics::OutputFormat format
            = parsed.value("--format") ? parseFormat("--format", *parsed.value("--format"))
                                       : metrics::OutputFormat::Table;
    if (format == metrics::OutputFormat::Csv)
        throw InputError("--format", "must be table or json for goal-seek, got csv");
    // Before the scenario is read, so that these errors name the option, not the file.
    sweep::checkGoalSeekOptions(options);
    const ScenarioSource source = scenarioSource(parsed, "goal-seek");
    sweep::GoalSeekResult result;
    try {
        result = sweep::goalSeek(source.json, source.baseDir, catalog::Catalog::builtIn(), options);
    } catch (...) {
        rethrowWithLabel(source.label); // a bad --param or value names its path there
    }

    if (format == metrics::OutputFormat::Json) {
        nlohmann::json out;
        out["parameter"] = options.parameter;
        out["metric"] = options.metric;
        out["target"] = options.target;
        out["found"] = result.found;
        out["value"] = result.found ? nlohmann::json(result.value) : nlohmann::json(nullptr);
        out["message"] = result.message;
        for (const sweep::GoalSeekProbe &p : result.probes)
            out["probes"].push_back({{"value", p.value}, {"metric", p.metric}});
        std::cout << out.dump(2) << '\n';
        return 0;
    }
    if (result.found)
        std::cout << options.metric << " reaches " << metrics::formatSignificant(options.target)
                  << " at " << options.parameter << " = "
                  << metrics::formatSignificant(result.value) << '\n';
    else
        std::cout << "Not found: " << result.message << '\n';
    std::cout << '\n';
    metrics::TextTable table;
    table.addRow({options.parameter, options.metric});
    for (const sweep::GoalSeekProbe &p : result.probes)
        table.addRow({metrics::formatSignificant(p.value), metrics::formatSignificant(p.metric)});
    std::cout << table.render() << "(" << result.probes.size()
              << " simulations, one seed: common random numbers)\n";
    return 0;
}

int breakevenCommand(const std::vector<std::string> &args)
{
    const ParsedArgs parsed = parseArgs(
            args, {{"--example", true}, {"--api", true}, {"--seed", true}, {"--format", true}},
            "breakeven");
    const ScenarioSource source = scenarioSource(parsed, "breakeven");
    const auto apiKey = parsed.value("--api");
    if (!apiKey)
        throw InputError("--api", "missing: name the API to compare with, e.g. "
                                  "--api OpenAI/gpt-3.5-turbo-1106");
    const scenario::ApiSpec api
            = scenario::catalogApiSpec(catalog::Catalog::builtIn(), *apiKey, "--api");
    const metrics::OutputFormat format
            = parsed.value("--format") ? parseFormat("--format", *parsed.value("--format"))
                                       : metrics::OutputFormat::Table;
    sweep::BreakevenOptions options;
    if (const auto seed = parsed.value("--seed"))
        options.seed = parseUnsigned("--seed", *seed);
    const scenario::Scenario scenario = parseScenario(source);
    const sweep::BreakevenResult result = sweep::findBreakeven(scenario, api, options);

    if (format == metrics::OutputFormat::Json) {
        nlohmann::json out;
        out["api"] = api.provider + "/" + api.model;
        out["apiUsdPerMillionOutputTokens"] = result.apiUsdPerMillion;
        out["breakevenRatePerSecond"] = result.breakevenRatePerSecond
                                                ? nlohmann::json(*result.breakevenRatePerSecond)
                                                : nlohmann::json(nullptr);
        out["cheaperAtEveryRate"] = result.cheaperAtEveryRate;
        out["saturationRatePerSecond"] = result.saturationRatePerSecond;
        for (const sweep::BreakevenPoint &p : result.points)
            out["points"].push_back(
                    {{"ratePerSecond", p.ratePerSecond},
                     {"selfHostedUsdPerMillionOutputTokens", p.selfHostedUsdPerMillion},
                     {"apiUsdPerMillionOutputTokens", p.apiUsdPerMillion},
                     {"outputTokensPerSecond", p.outputTokensPerSecond},
                     {"idleShare", p.idleShare},
                     {"sloAttainment", p.sloAttainment},
                     {"saturated", p.saturated}});
        std::cout << out.dump(2) << '\n';
        return 0;
    }
    if (format == metrics::OutputFormat::Csv) {
        std::cout
                << "ratePerSecond,selfHostedUsdPerMillionOutputTokens,apiUsdPerMillionOutputTokens,"
                   "outputTokensPerSecond,idleShare,sloAttainment,saturated\n";
        for (const sweep::BreakevenPoint &p : result.points)
            std::cout << metrics::csvNumber(p.ratePerSecond) << ','
                      << metrics::csvNumber(p.selfHostedUsdPerMillion) << ','
                      << metrics::csvNumber(p.apiUsdPerMillion) << ','
                      << metrics::csvNumber(p.outputTokensPerSecond) << ','
                      << metrics::csvNumber(p.idleShare) << ','
                      << metrics::csvNumber(p.sloAttainment) << ','
                      << (p.saturated ? "true" : "false") << '\n';
        return 0;
    }

    std::cout << "Scenario     " << scenario.name << '\n'
              << "API          " << api.provider << '/' << api.model << ": "
              << metrics::formatUsd(api.inputUsdPerMillionTokens, 2) << " in, "
              << metrics::formatUsd(api.outputUsdPerMillionTokens, 2)
              << " out per 1M tokens = " << metrics::formatUsd(result.apiUsdPerMillion, 2)
              << " per 1M output tokens for this traffic's mix\n\n";
    if (result.cheaperAtEveryRate) {
        std::cout << "Self-hosting is cheaper than the API at every traffic level tried, down to "
                  << metrics::formatSignificant(*result.breakevenRatePerSecond) << " requests/s.\n";
    } else if (result.breakevenRatePerSecond) {
        const double rate = *result.breakevenRatePerSecond;
        std::cout << "Break-even   " << metrics::formatSignificant(rate)
                  << " requests/s: above this traffic, self-hosting costs less per 1M output "
                     "tokens than the API.\n";
    } else {
        double best = 1e300;
        for (const sweep::BreakevenPoint &p : result.points)
            if (!p.saturated)
                best = std::min(best, p.selfHostedUsdPerMillion);
        std::cout << "No break-even: self-hosting never gets below the API's price before the "
                     "deployment is overloaded (its best is "
                  << metrics::formatUsd(best, 2) << " per 1M output tokens).\n";
    }
    if (result.saturationRatePerSecond > 0.0)
        std::cout << "Capacity     at " << metrics::formatRate(result.saturationRatePerSecond)
                  << " requests/s the deployment is overloaded (a growing queue, or under 90 % of "
                     "requests within the SLO).\n";
    std::cout << '\n';
    metrics::TextTable table;
    table.addRow({"requests/s", "self-hosted $/1M out", "API $/1M out", "output tok/s",
                  "idle share", "SLO met", ""});
    for (const sweep::BreakevenPoint &p : result.points)
        table.addRow({metrics::formatRate(p.ratePerSecond),
                      metrics::formatUsd(p.selfHostedUsdPerMillion, 2),
                      metrics::formatUsd(p.apiUsdPerMillion, 2),
                      metrics::formatRate(p.outputTokensPerSecond),
                      metrics::formatPercent(p.idleShare), metrics::formatPercent(p.sloAttainment),
                      p.saturated ? "overloaded" : ""});
    std::cout << table.render("");
    return 0;
}

int capacityCommand(const std::vector<std::string> &args)
{
    const ParsedArgs parsed = parseArgs(args,
                                        {{"--example", true},
                                         {"--criterion", true},
                                         {"--attainment", true},
                                         {"--tolerance", true},
                                         {"--seed", true},
                                         {"--format", true}},
                                        "capacity");
    const ScenarioSource source = scenarioSource(parsed, "capacity");
    sweep::CapacityOptions options;
    readSloCriterion(parsed, options);
    if (const auto tolerance = parsed.value("--tolerance")) {
        options.relativeTolerance = parseNumber("--tolerance", *tolerance);
        if (!(options.relativeTolerance >= 0.001 && options.relativeTolerance <= 0.5))
            throw InputError("--tolerance",
                             "must be from 0.001 to 0.5 (a relative distance), got " + *tolerance);
    }
    if (const auto seed = parsed.value("--seed"))
        options.seed = parseUnsigned("--seed", *seed);
    const metrics::OutputFormat format
            = parsed.value("--format") ? parseFormat("--format", *parsed.value("--format"))
                                       : metrics::OutputFormat::Table;
    const scenario::Scenario scenario = parseScenario(source);
    const sweep::CapacityResult result = sweep::findCapacity(scenario, options);
    const std::string criterion = sloCriterionText(options, scenario.slo);

    if (format == metrics::OutputFormat::Json) {
        nlohmann::json out;
        out["criterion"]
                = options.criterion == sweep::SloCriterion::Attainment ? "attainment" : "p95";
        out["minSloAttainment"] = options.minSloAttainment;
        out["sloTtftSeconds"] = scenario.slo.ttftSeconds;
        out["sloTpotSeconds"] = scenario.slo.tpotSeconds;
        out["scenarioRatePerSecond"] = result.scenarioRatePerSecond;
        out["capacityRatePerSecond"] = result.capacityRatePerSecond
                                               ? nlohmann::json(*result.capacityRatePerSecond)
                                               : nlohmann::json(nullptr);
        out["capacityArrivalRatePerSecond"] = result.capacityArrivalRatePerSecond;
        out["capacityIsLowerBound"] = result.capacityIsLowerBound;
        out["loadShare"] = result.loadShare;
        out["gpuUsdPerMonth"] = result.gpuUsdPerMonth;
        out["unusedCapacityUsdPerMonth"] = result.unusedCapacityUsdPerMonth;
        out["missRatePerSecond"] = result.missRatePerSecond;
        out["missReason"] = result.missReason;
        out["points"] = nlohmann::json::array();
        for (const sweep::CapacityPoint &p : result.points)
            out["points"].push_back({{"ratePerSecond", p.ratePerSecond},
                                     {"arrivalRatePerSecond", p.arrivalRatePerSecond},
                                     {"sloAttainment", p.sloAttainment},
                                     {"ttftP95Seconds", p.ttftP95Seconds},
                                     {"tpotP95Seconds", p.tpotP95Seconds},
                                     {"meetsSlo", p.meetsSlo},
                                     {"miss", p.miss}});
        std::cout << out.dump(2) << '\n';
        return 0;
    }
    if (format == metrics::OutputFormat::Csv) {
        std::cout << "ratePerSecond,arrivalRatePerSecond,sloAttainment,ttftP95Seconds,"
                     "tpotP95Seconds,meetsSlo,miss\n";
        for (const sweep::CapacityPoint &p : result.points)
            std::cout << metrics::csvNumber(p.ratePerSecond) << ','
                      << metrics::csvNumber(p.arrivalRatePerSecond) << ','
                      << metrics::csvNumber(p.sloAttainment) << ','
                      << metrics::csvNumber(p.ttftP95Seconds) << ','
                      << metrics::csvNumber(p.tpotP95Seconds) << ','
                      << (p.meetsSlo ? "true" : "false") << ',' << metrics::csvField(p.miss)
                      << '\n';
        return 0;
    }

    std::cout << "Scenario     " << scenario.name << '\n'
              << "SLO          " << criterion << ", no growing queue\n\n";
    if (!result.capacityRatePerSecond) {
        std::cout << "Capacity     none: the SLO is missed even at "
                  << metrics::formatRate(result.missRatePerSecond) << " requests/s ("
                  << result.missReason << ").\n";
    } else {
        std::cout << "Capacity     " << (result.capacityIsLowerBound ? "at least " : "")
                  << metrics::formatRate(*result.capacityRatePerSecond) << " requests/s";
        if (!result.capacityIsLowerBound)
            std::cout << " (at " << metrics::formatRate(result.missRatePerSecond)
                      << " it misses: " << result.missReason << ")";
        const double arriving = result.capacityArrivalRatePerSecond;
        if (arriving > 0.0 && std::abs(arriving / *result.capacityRatePerSecond - 1.0) > 0.02)
            std::cout << "\n             a mean rate over the day's profile: the simulated "
                         "window then sees "
                      << metrics::formatRate(arriving) << " requests/s arriving";
        std::cout << '\n'
                  << "Load         " << metrics::formatPercent(result.loadShare)
                  << " of capacity at the SLO (the scenario's "
                  << metrics::formatRate(result.scenarioRatePerSecond) << " requests/s)\n";
        if (result.gpuUsdPerMonth > 0.0 && !result.capacityIsLowerBound)
            std::cout << "Unused       " << metrics::formatUsd(result.unusedCapacityUsdPerMonth, 2)
                      << " a month of the GPUs' " << metrics::formatUsd(result.gpuUsdPerMonth, 2)
                      << " pays for capacity this traffic does not use\n";
    }
    std::cout << '\n';
    metrics::TextTable table;
    table.addRow({"requests/s", "SLO met", "TTFT p95", "TPOT p95", ""});
    for (const sweep::CapacityPoint &p : result.points)
        table.addRow({metrics::formatRate(p.ratePerSecond), metrics::formatPercent(p.sloAttainment),
                      metrics::formatLatency(p.ttftP95Seconds),
                      metrics::formatLatency(p.tpotP95Seconds), p.meetsSlo ? "meets" : p.miss});
    std::cout << table.render("");
    return 0;
}

int catalogCommand(const std::vector<std::string> &args)
{
    const ParsedArgs parsed = parseArgs(args, {{"--format", true}}, "catalog");
    static const std::vector<std::pair<std::string, std::vector<std::string>>> kinds = {
            {"gpus",
             {"gpu_specs.csv", "gpu_id", "name", "memory_gb", "mem_bw_gb_s", "bf16_dense_tflops",
              "fp8_dense_tflops", "tdp_w", "idle_power_w"}},
            {"models",
             {"", "model_id", "hf_repo", "params_total_b", "params_active_b", "layers", "kv_heads",
              "max_context"}},
            {"prices",
             {"cloud_gpu_prices.csv", "provider", "offering", "gpu_id", "price_type",
              "usd_per_gpu_hour", "as_of"}},
            {"api-prices",
             {"api_prices.csv", "provider", "model", "input_usd_per_mtok", "output_usd_per_mtok",
              "price_effective_from"}},
            {"regions",
             {"grid_carbon_intensity.csv", "region_id", "region_name", "gco2e_per_kwh",
              "data_year"}},
    };
    std::vector<std::string> names;
    for (const auto &kind : kinds)
        names.push_back(kind.first);
    if (parsed.positionals.size() != 1) {
        throw InputError("catalog", "name one table: gpus, models, prices, api-prices or regions");
    }
    const std::string &wanted = parsed.positionals.front();
    const auto kind = std::find_if(kinds.begin(), kinds.end(),
                                   [&](const auto &k) { return k.first == wanted; });
    if (kind == kinds.end()) {
        const auto hints = catalog::closestMatches(wanted, names);
        throw InputError("catalog",
                         "unknown table '" + wanted + "'"
                                 + (hints.empty() ? "" : " (did you mean '" + hints.front() + "'?)")
                                 + "; tables: gpus, models, prices, api-prices, regions");
    }
    const bool csv = parsed.value("--format") && *parsed.value("--format") == "csv";
    if (parsed.value("--format") && !csv && *parsed.value("--format") != "table")
        throw InputError("--format",
                         "must be table or csv, got '" + *parsed.value("--format") + "'");

    const catalog::Catalog &cat = catalog::Catalog::builtIn();
    std::vector<std::string> columns(kind->second.begin() + 1, kind->second.end());
    columns.push_back("source");
    columns.push_back("verification");
    metrics::TextTable table;
    std::string csvText;
    auto emit = [&](const std::vector<std::string> &row) {
        if (csv) {
            for (std::size_t i = 0; i < row.size(); ++i)
                csvText += (i ? "," : "") + metrics::csvField(row[i]);
            csvText += '\n';
        } else {
            std::vector<std::string> shortened;
            for (const std::string &cell : row) // keep the table readable; CSV has every word
                shortened.push_back(cell.size() > 60 ? cell.substr(0, 57) + "..." : cell);
            table.addRow(shortened);
        }
    };
    emit(columns);
    std::vector<std::string> files;
    if (kind->second.front().empty())
        files = {"models.csv", "models_extra.csv"};
    else
        files = {kind->second.front()};
    for (const std::string &file : files) {
        const catalog::CsvTable *source = cat.table(file);
        if (!source)
            continue;
        for (std::size_t row = 0; row < source->rows().size(); ++row) {
            std::vector<std::string> cells;
            for (const std::string &column : columns)
                cells.push_back(source->field(row, column));
            emit(cells);
        }
    }
    std::cout << (csv ? csvText : table.render(""));
    return 0;
}

} // namespace tw::cli
