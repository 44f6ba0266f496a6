// tokenwatt-cli plan: the cheapest fleets that serve a scenario's traffic within its SLO
// (core/sweep/plan.h does the search; this file reads the options and prints the answer).

#include "app/cli_analysis.h"
#include "app/cli_args.h"
#include "app/cli_scenario.h"
#include "core/catalog/catalog.h"
#include "core/common/error.h"
#include "core/metrics/results_format.h"
#include "core/metrics/text_format.h"
#include "core/model/precision.h"
#include "core/scenario_io/scenario_json.h"
#include "core/store/durable_file.h"
#include "core/sweep/plan.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>

namespace tw::cli {
namespace {

/// Reads `--slo ttft=S,tpot=S` into @p slo (either key may be left out).
void readSlo(const std::string &text, scenario::Slo &slo)
{
    for (const std::string &item : parseList("--slo", text)) {
        const std::size_t equals = item.find('=');
        const std::string key = item.substr(0, equals);
        if (equals == std::string::npos || (key != "ttft" && key != "tpot"))
            throw InputError("--slo", "must be ttft=SECONDS,tpot=SECONDS (either may be left "
                                      "out), got '"
                                              + text + "'");
        const double seconds = parseNumber("--slo", item.substr(equals + 1));
        if (!(seconds > 0.0 && seconds <= 3600.0))
            throw InputError("--slo", key + " must be above 0 and at most 3600 seconds, got '"
                                              + item.substr(equals + 1) + "'");
        (key == "ttft" ? slo.ttftSeconds : slo.tpotSeconds) = seconds;
    }
}

sweep::PlanOptions readOptions(const ParsedArgs &parsed)
{
    sweep::PlanOptions options;
    readSloCriterion(parsed, options.slo);
    if (const auto v = parsed.value("--deployment"))
        options.deployment = *v;
    if (const auto v = parsed.value("--gpus"))
        options.gpus = parseList("--gpus", *v);
    if (const auto v = parsed.value("--tp")) {
        options.tensorParallel.clear();
        for (const std::string &item : parseList("--tp", *v))
            options.tensorParallel.push_back(parseIntInRange("--tp", item, 1, 64));
    }
    if (const auto v = parsed.value("--precisions"))
        for (const std::string &item : parseList("--precisions", *v)) {
            const auto precision = model::parsePrecision(item);
            if (!precision)
                throw InputError("--precisions", "must be a list of "
                                                         + std::string(model::kPrecisionNames)
                                                         + ", got '" + item + "'");
            options.precisions.push_back(*precision);
        }
    if (const auto v = parsed.value("--batch-limits"))
        for (const std::string &item : parseList("--batch-limits", *v))
            options.batchLimits.push_back(parseIntInRange("--batch-limits", item, 1, 4096));
    if (const auto v = parsed.value("--max-replicas"))
        options.maxReplicas = parseIntInRange("--max-replicas", *v, 1, 256);
    if (const auto v = parsed.value("--price-types")) {
        options.priceTypes = parseList("--price-types", *v);
        if (options.priceTypes.size() == 1 && options.priceTypes.front() == "all")
            options.priceTypes.clear();
    }
    if (const auto v = parsed.value("--api"))
        options.apis = parseList("--api", *v, ';');
    if (parsed.has("--no-matching-apis"))
        options.includeMatchingApis = false;
    if (const auto v = parsed.value("--cost-ceiling")) {
        options.costCeiling = parseNumber("--cost-ceiling", *v);
        if (!(options.costCeiling >= 1.0 && options.costCeiling <= 100.0))
            throw InputError("--cost-ceiling",
                             "must be from 1 to 100 (a multiple of the cheapest), got '" + *v
                                     + "'");
    }
    if (const auto v = parsed.value("--top"))
        options.top = parseIntInRange("--top", *v, 1, 1000);
    if (const auto v = parsed.value("--threads"))
        options.threads = parseIntInRange("--threads", *v, 1, 256);
    if (const auto v = parsed.value("--seed"))
        options.slo.seed = parseUnsigned("--seed", *v);
    return options;
}

nlohmann::json toJson(const sweep::PlanConfig &c)
{
    nlohmann::json j = {{"api", c.api},
                        {"meetsSlo", c.meetsSlo},
                        {"miss", c.miss},
                        {"hosting", c.hosting},
                        {"priceType", c.priceType},
                        {"sloAttainment", c.sloAttainment},
                        {"ttftP95Seconds", c.ttftP95Seconds},
                        {"tpotP95Seconds", c.tpotP95Seconds},
                        {"e2eP95Seconds", c.e2eP95Seconds},
                        {"usdPerMonth", c.usdPerMonth},
                        {"usdPerMillionOutputTokens", c.usdPerMillionOutputTokens},
                        {"kwhPerMonth", c.kwhPerMonth},
                        {"kgCo2ePerMonth", c.kgCo2ePerMonth}};
    if (c.api) {
        j["apiKey"] = c.apiKey;
    } else {
        j["gpu"] = c.gpuId;
        j["gpusPerReplica"] = c.gpusPerReplica;
        j["replicas"] = c.replicas;
        j["weightPrecision"] = std::string(model::toString(c.weightPrecision));
        j["batchLimit"] = c.batchLimit;
        j["pricePerGpuHourUsd"] = c.pricePerGpuHourUsd;
    }
    return j;
}

void addRow(metrics::TextTable &table, const std::string &label, const sweep::PlanConfig &c)
{
    table.addRow({label, sweep::fleetText(c), sweep::hostingText(c),
                  metrics::formatUsd(c.usdPerMonth, 0),
                  metrics::formatUsd(c.usdPerMillionOutputTokens, 0),
                  metrics::formatLatency(c.ttftP95Seconds),
                  metrics::formatLatency(c.tpotP95Seconds), metrics::formatLatency(c.e2eP95Seconds),
                  c.api ? "-" : metrics::formatSignificant(c.kwhPerMonth / 1000.0),
                  c.meetsSlo ? "meets" : c.miss});
}

const char *kCsvHeader = "list,api,gpu,gpusPerReplica,replicas,weightPrecision,batchLimit,"
                         "hosting,priceType,pricePerGpuHourUsd,meetsSlo,miss,sloAttainment,"
                         "ttftP95Seconds,tpotP95Seconds,e2eP95Seconds,usdPerMonth,"
                         "usdPerMillionOutputTokens,kwhPerMonth,kgCo2ePerMonth\n";

void csvRow(const std::string &list, const sweep::PlanConfig &c)
{
    std::cout << list << ',' << (c.api ? "true" : "false") << ','
              << metrics::csvField(c.api ? c.apiKey : c.gpuId) << ',' << c.gpusPerReplica << ','
              << c.replicas << ',' << (c.api ? "" : model::toString(c.weightPrecision)) << ','
              << c.batchLimit << ',' << metrics::csvField(c.hosting) << ','
              << metrics::csvField(c.priceType) << ',' << metrics::csvNumber(c.pricePerGpuHourUsd)
              << ',' << (c.meetsSlo ? "true" : "false") << ',' << metrics::csvField(c.miss) << ','
              << metrics::csvNumber(c.sloAttainment) << ',' << metrics::csvNumber(c.ttftP95Seconds)
              << ',' << metrics::csvNumber(c.tpotP95Seconds) << ','
              << metrics::csvNumber(c.e2eP95Seconds) << ',' << metrics::csvNumber(c.usdPerMonth)
              << ',' << metrics::csvNumber(c.usdPerMillionOutputTokens) << ','
              << metrics::csvNumber(c.kwhPerMonth) << ',' << metrics::csvNumber(c.kgCo2ePerMonth)
              << '\n';
}

std::string percentChange(double now, double then)
{
    if (!(then > 0.0))
        return "";
    char text[32];
    std::snprintf(text, sizeof text, " (%+.0f %%)", 100.0 * (now / then - 1.0));
    return text;
}

} // namespace

int planCommand(const std::vector<std::string> &args)
{
    const ParsedArgs parsed = parseArgs(args,
                                        {{"--example", true},
                                         {"--slo", true},
                                         {"--criterion", true},
                                         {"--attainment", true},
                                         {"--deployment", true},
                                         {"--gpus", true},
                                         {"--tp", true},
                                         {"--precisions", true},
                                         {"--batch-limits", true},
                                         {"--max-replicas", true},
                                         {"--price-types", true},
                                         {"--api", true},
                                         {"--no-matching-apis", false},
                                         {"--cost-ceiling", true},
                                         {"--top", true},
                                         {"--threads", true},
                                         {"--seed", true},
                                         {"--format", true},
                                         {"--write", true},
                                         {"--choose", true}},
                                        "plan");
    const ScenarioSource source = scenarioSource(parsed, "plan");
    const sweep::PlanOptions options = readOptions(parsed);
    const metrics::OutputFormat format
            = parsed.value("--format") ? parseFormat("--format", *parsed.value("--format"))
                                       : metrics::OutputFormat::Table;
    scenario::Scenario scenario = parseScenario(source);
    if (const auto slo = parsed.value("--slo"))
        readSlo(*slo, scenario.slo);

    const auto writeTo = parsed.value("--write");
    int choose = 1;
    if (const auto v = parsed.value("--choose")) {
        if (!writeTo)
            throw InputError("--choose", "chooses the configuration --write writes; give "
                                         "--write FILE too");
        choose = parseIntInRange("--choose", *v, 1, options.top);
    }

    const auto started = std::chrono::steady_clock::now();
    const sweep::PlanResult result = sweep::plan(scenario, options);
    const double seconds
            = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const sweep::PlanCounts &n = result.counts;
    if (writeTo) {
        // The scenario with the chosen configuration (of the cheapest list, 1 = the cheapest),
        // as a scenario file: what the window's Apply makes.
        if (result.cheapest.size() < static_cast<std::size_t>(choose))
            throw InputError("--choose",
                             result.cheapest.empty()
                                     ? std::string("nothing searched meets the SLO, so nothing "
                                                   "was written")
                                     : "must be from 1 to " + std::to_string(result.cheapest.size())
                                               + " (the configurations that meet the SLO), got "
                                               + std::to_string(choose));
        const sweep::PlanConfig &chosen = result.cheapest[static_cast<std::size_t>(choose - 1)];
        const scenario::Scenario planned
                = sweep::withPlanConfig(scenario, result.deployment, chosen);
        store::writeTextFile(*writeTo,
                             scenario::toJson(planned, catalog::Catalog::builtIn()) + "\n");
        std::cerr << "Wrote " << *writeTo << ": '" << result.deployment << "' as "
                  << sweep::fleetText(chosen) << ", " << sweep::hostingText(chosen) << '\n';
    }

    if (format == metrics::OutputFormat::Json) {
        nlohmann::json out;
        out["deployment"] = result.deployment;
        out["sloTtftSeconds"] = scenario.slo.ttftSeconds;
        out["sloTpotSeconds"] = scenario.slo.tpotSeconds;
        out["criterion"]
                = options.slo.criterion == sweep::SloCriterion::Attainment ? "attainment" : "p95";
        out["minSloAttainment"] = options.slo.minSloAttainment;
        out["counts"] = {{"candidates", n.candidates},
                         {"infeasible", n.infeasible},
                         {"throughputBound", n.throughputBound},
                         {"costBound", n.costBound},
                         {"missSlo", n.missSlo},
                         {"meetSlo", n.meetSlo},
                         {"simulations", n.simulations}};
        out["current"] = toJson(result.current);
        for (const char *list : {"cheapest", "pareto", "apis"}) {
            out[list] = nlohmann::json::array();
            const auto &configs = std::string(list) == "cheapest" ? result.cheapest
                                  : std::string(list) == "pareto" ? result.pareto
                                                                  : result.apis;
            for (const sweep::PlanConfig &c : configs)
                out[list].push_back(toJson(c));
        }
        if (result.peakHour) {
            const sweep::PeakHourSizing &p = *result.peakHour;
            out["peakHour"] = {{"hour", p.hour},
                               {"arrivalRatePerSecond", p.arrivalRatePerSecond},
                               {"replicas",
                                p.replicas ? nlohmann::json(*p.replicas) : nlohmann::json(nullptr)},
                               {"config", toJson(p.config)}};
        }
        out["infeasible"] = nlohmann::json::array();
        for (const sweep::InfeasibleShape &s : result.infeasible)
            out["infeasible"].push_back(
                    {{"gpu", s.gpuId},
                     {"gpusPerReplica", s.gpusPerReplica},
                     {"weightPrecision", std::string(model::toString(s.weightPrecision))},
                     {"batchLimit", s.batchLimit},
                     {"reason", s.reason}});
        std::cout << out.dump(2) << '\n';
        return 0;
    }
    if (format == metrics::OutputFormat::Csv) {
        std::cout << kCsvHeader;
        csvRow("current", result.current);
        for (const sweep::PlanConfig &c : result.cheapest)
            csvRow("cheapest", c);
        for (const sweep::PlanConfig &c : result.pareto)
            csvRow("pareto", c);
        for (const sweep::PlanConfig &c : result.apis)
            csvRow("api", c);
        if (result.peakHour)
            csvRow("peak-hour", result.peakHour->config);
        return 0;
    }

    std::cout << "Scenario     " << scenario.name << '\n'
              << "Deployment   " << result.deployment << " (the scenario's other deployments, "
              << "routing and cache stay as they are)\n"
              << "SLO          " << sloCriterionText(options.slo, scenario.slo)
              << ", no growing queue\n"
              << "Searched     " << metrics::formatCount(n.candidates)
              << " candidates (GPU x GPUs per replica x precision x batch limit x 1-"
              << options.maxReplicas << " replicas x offer, and the APIs) in "
              << metrics::formatSignificant(seconds) << " s, "
              << metrics::formatCount(n.simulations) << " simulations:\n             "
              << metrics::formatCount(n.infeasible) << " cannot run the model, "
              << metrics::formatCount(n.throughputBound) << " are below the throughput bound, "
              << metrics::formatCount(n.costBound) << " cost over "
              << metrics::formatExact(options.costCeiling) << "x the cheapest,\n             "
              << metrics::formatCount(n.missSlo) << " miss the SLO, "
              << metrics::formatCount(n.meetSlo) << " meet it\n\n";

    const sweep::PlanConfig &now = result.current;
    std::cout << "Now          " << sweep::fleetText(now) << ", " << sweep::hostingText(now) << ": "
              << metrics::formatUsd(now.usdPerMonth, 0) << " a month, "
              << (now.meetsSlo ? "meets the SLO" : "misses the SLO (" + now.miss + ")") << '\n';
    if (result.cheapest.empty()) {
        std::cout << "Cheapest     nothing searched meets the SLO: allow more replicas "
                     "(--max-replicas), GPUs (--gpus) or price types (--price-types all)\n";
    } else {
        const sweep::PlanConfig &best = result.cheapest.front();
        std::cout << "Cheapest     " << sweep::fleetText(best) << ", " << sweep::hostingText(best)
                  << ": " << metrics::formatUsd(best.usdPerMonth, 0) << " a month"
                  << percentChange(best.usdPerMonth, now.usdPerMonth) << ", "
                  << metrics::formatUsd(best.usdPerMillionOutputTokens, 0)
                  << " per 1M output tokens\n";
        for (const sweep::PlanConfig &c : result.cheapest)
            if (!c.api && best.api) {
                std::cout << "Self-hosted  cheapest: " << sweep::fleetText(c) << ", "
                          << sweep::hostingText(c) << ": " << metrics::formatUsd(c.usdPerMonth, 0)
                          << " a month; the API costs "
                          << metrics::formatPercent(1.0 - best.usdPerMonth / c.usdPerMonth)
                          << " less at this traffic (`tokenwatt-cli breakeven` finds the "
                             "traffic at which a fleet overtakes it)\n";
                break;
            }
    }
    if (result.peakHour) {
        const sweep::PeakHourSizing &p = *result.peakHour;
        char hours[32];
        std::snprintf(hours, sizeof hours, "%02d:00-%02d:00", p.hour, (p.hour + 1) % 24);
        std::cout << "Peak hour    " << hours << " ("
                  << metrics::formatSignificant(p.arrivalRatePerSecond)
                  << " requests/s arriving): ";
        if (p.replicas)
            std::cout << *p.replicas << (*p.replicas == 1 ? " replica (" : " replicas (")
                      << p.config.gpus() << (p.config.gpus() == 1 ? " GPU" : " GPUs")
                      << ") of the cheapest fleet's shape, "
                      << metrics::formatUsd(p.config.usdPerMonth, 0)
                      << " a month if held all month\n";
        else
            std::cout << "more than " << options.maxReplicas
                      << " replicas of the cheapest fleet's shape\n";
    }
    std::cout << '\n';

    const std::vector<std::string> header = {"",          "fleet (replicas x GPUs)",
                                             "hosting",   "$/month",
                                             "$/1M out",  "TTFT p95",
                                             "TPOT p95",  "e2e p95",
                                             "MWh/month", ""};
    metrics::TextTable cheapest;
    cheapest.addRow(header);
    for (std::size_t i = 0; i < result.cheapest.size(); ++i)
        addRow(cheapest, std::to_string(i + 1), result.cheapest[i]);
    std::cout << "Cheapest configurations meeting the SLO\n" << cheapest.render("  ");
    metrics::TextTable pareto;
    pareto.addRow(header);
    for (std::size_t i = 0; i < result.pareto.size(); ++i)
        addRow(pareto, std::to_string(i + 1), result.pareto[i]);
    std::cout << "\nPareto front: cost, p95 end-to-end latency and energy (self-hosted, up to "
              << metrics::formatExact(options.costCeiling) << "x the cheapest)\n"
              << pareto.render("  ");
    if (!result.apis.empty()) {
        metrics::TextTable apis;
        apis.addRow(header);
        for (std::size_t i = 0; i < result.apis.size(); ++i)
            addRow(apis, std::to_string(i + 1), result.apis[i]);
        std::cout << "\nAPIs (their energy is not modelled)\n" << apis.render("  ");
    }
    return 0;
}

} // namespace tw::cli
