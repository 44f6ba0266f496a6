// tokenwatt-cli replicate: the sampling noise of a scenario's headline figures, from several
// seeds (core/sweep/replicate.h runs them; this file reads the options and prints the table).

#include "app/cli_analysis.h"
#include "app/cli_args.h"
#include "app/cli_scenario.h"
#include "core/metrics/results_format.h"
#include "core/metrics/text_format.h"
#include "core/sweep/replicate.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <iostream>

namespace tw::cli {
namespace {

std::string share(double fraction)
{
    return "±" + metrics::formatPercent(fraction);
}

} // namespace

int replicateCommand(const std::vector<std::string> &args)
{
    const ParsedArgs parsed = parseArgs(args,
                                        {{"--example", true},
                                         {"--replications", true},
                                         {"--target", true},
                                         {"--max-replications", true},
                                         {"--threads", true},
                                         {"--seed", true},
                                         {"--format", true}},
                                        "replicate");
    const ScenarioSource source = scenarioSource(parsed, "replicate");
    sweep::ReplicationOptions options;
    if (const auto v = parsed.value("--replications"); v && *v != "auto")
        options.replications = parseIntInRange("--replications", *v, 2, 1000);
    if (const auto v = parsed.value("--target"))
        options.targetRelativeHalfWidth = parseNumber("--target", *v); // checked by replicate()
    if (const auto v = parsed.value("--max-replications"))
        options.maxReplications = parseIntInRange("--max-replications", *v, 4, 1000);
    if (const auto v = parsed.value("--threads"))
        options.threads = parseIntInRange("--threads", *v, 1, 256);
    if (const auto v = parsed.value("--seed"))
        options.firstSeed = parseUnsigned("--seed", *v);
    const metrics::OutputFormat format
            = parsed.value("--format") ? parseFormat("--format", *parsed.value("--format"))
                                       : metrics::OutputFormat::Table;
    const scenario::Scenario scenario = parseScenario(source);
    const auto started = std::chrono::steady_clock::now();
    const sweep::ReplicationResult result = sweep::replicate(scenario, options);
    const double seconds
            = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    if (format == metrics::OutputFormat::Json) {
        nlohmann::json out;
        out["scenario"] = scenario.name;
        out["replications"] = result.replications;
        out["seeds"] = result.seeds;
        out["converged"] = result.converged;
        out["figures"] = nlohmann::json::array();
        for (const sweep::ReplicatedFigure &f : result.figures)
            out["figures"].push_back({{"key", f.key},
                                      {"label", f.label},
                                      {"unit", f.unit},
                                      {"mean", f.mean},
                                      {"standardDeviation", f.standardDeviation},
                                      {"halfWidth95", f.halfWidth95},
                                      {"modelErrorFraction", f.modelErrorFraction},
                                      {"combinedFraction", f.combinedFraction()}});
        std::cout << out.dump(2) << '\n';
        return 0;
    }
    if (format == metrics::OutputFormat::Csv) {
        std::cout << "key,unit,mean,standardDeviation,halfWidth95,modelErrorFraction,"
                     "combinedFraction,replications\n";
        for (const sweep::ReplicatedFigure &f : result.figures)
            std::cout << f.key << ',' << metrics::csvField(f.unit) << ','
                      << metrics::csvNumber(f.mean) << ','
                      << metrics::csvNumber(f.standardDeviation) << ','
                      << metrics::csvNumber(f.halfWidth95) << ','
                      << metrics::csvNumber(f.modelErrorFraction) << ','
                      << metrics::csvNumber(f.combinedFraction()) << ',' << result.replications
                      << '\n';
        return 0;
    }
    std::cout << "Scenario     " << scenario.name << '\n'
              << "Runs         " << result.replications << " replications, seeds "
              << result.seeds.front() << " to " << result.seeds.back() << ", in "
              << metrics::formatSignificant(seconds) << " s";
    if (options.replications == 0)
        std::cout << (result.converged ? " (until the 95 % interval of the cost per 1M output "
                                         "tokens was within "
                                       : " (stopped at --max-replications before the interval "
                                         "of the cost per 1M output tokens reached ")
                  << share(options.targetRelativeHalfWidth) << ")";
    std::cout << "\n\n";
    metrics::TextTable table;
    table.addRow({"figure", "mean", "95 % interval", "of the mean", "model error", "together"});
    for (const sweep::ReplicatedFigure &f : result.figures) {
        const double relative = f.mean != 0.0 ? f.halfWidth95 / std::fabs(f.mean) : 0.0;
        table.addRow(
                {f.label, sweep::figureText(f, f.mean),
                 "± "
                         + (f.unit.empty()
                                    ? metrics::formatSignificant(100.0 * f.halfWidth95) + " pts"
                                    : sweep::figureText(f, f.halfWidth95)),
                 share(relative), f.modelErrorFraction > 0.0 ? share(f.modelErrorFraction) : "-",
                 f.modelErrorFraction > 0.0 ? share(f.combinedFraction()) : share(relative)});
    }
    std::cout << table.render("  ")
              << "\nThe interval is the sampling noise of a run this long (Student's t over the "
                 "replications); the model error is the calibration's median error for these "
                 "parameters, which more replications do not shrink. Together: both in "
                 "quadrature.\n";
    return 0;
}

} // namespace tw::cli
