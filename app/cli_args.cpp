#include "app/cli_args.h"

#include "core/catalog/catalog.h"
#include "core/common/error.h"

#include <charconv>
#include <cmath>
#include <exception>
#include <iostream>
#include <limits>

namespace tw::cli {
namespace {

std::string inQuotes(std::string_view text)
{
    return "'" + std::string(text) + "'";
}

struct CommandHelp
{
    const char *name;
    const char *text;
};

// clang-format off
constexpr const char *kProgramHead = R"(Usage: tokenwatt-cli <command> [options]

Simulates the cost, latency and energy of serving large language models.

Commands:
)";

constexpr const char *kProgramTail = R"(
Options:
  -h, --help   Show this help; `tokenwatt-cli <command> --help` shows a command's help
  --version    Print the version

Exit status: 0 success, 1 internal error, 2 invalid input, 3 run stopped by its budget.
)";

const CommandHelp kHelp[] = {
    {"run", R"(Usage: tokenwatt-cli run SCENARIO.json [options]
       tokenwatt-cli run FILE.tokenwatt [--scenario NAME] [options]
       tokenwatt-cli run --example NAME [options]

Simulates one scenario and prints its results.

Options:
  --example NAME      Use a built-in example instead of a file (see `example --list`)
  --seed N            Override the scenario's random seed (a non-negative integer)
  --format FORMAT     table (default), json or csv
  --timeseries FILE   Also write the per-bin time series to FILE as CSV
  --max-events N      Stop the run after N events (0 = no limit); a run stopped this
                      way prints its partial results and exits with 3
  --scenario NAME     The scenario of a workbook to run (not needed if it holds one)
  --save-results      Also keep the results in the workbook as the scenario's cached
                      results (a workbook scenario only; not with --seed, --max-events)
  -h, --help          Show this help
)"},
    {"sweep", R"(Usage: tokenwatt-cli sweep (SCENARIO.json | FILE.tokenwatt [--scenario NAME] |
                             --example NAME) --param PATH
           (--values A,B,C | --from X --to Y --steps N [--log]) [options]

Simulates the scenario once for each value of one parameter, several at a time,
and prints one row per value in the order given: throughput, latency, SLO attainment,
utilisation, cost, energy and carbon, or the metrics chosen with --metrics.

Options:
  --param PATH        Dotted JSON path of a number in the scenario, for example
                      workload.arrival.ratePerSecond or deployments[0].hardware.replicas
  --values A,B,C      The values, comma-separated
  --from X --to Y     First and last value (both included) ...
  --steps N           ... and how many values, 1 to 10000
  --log               Space the values by equal ratios instead of equal differences
  --example NAME      Use a built-in example instead of a file
  --scenario NAME     The scenario of a workbook to sweep (not needed if it holds one)
  --seed N            Override the scenario's random seed for every run
  --format FORMAT     table (default), json or csv
  --threads N         Simulations run at once, 1 to 256 (default: the number of cores)
  --max-events N      Stop each run after N events (0 = no limit); exits with 3 if one stops
  --param2 PATH       A second parameter: a grid, one sweep of --param per value of it
  --values2 A,B,C     The second parameter's values (at most 10000 points in all)
  --metrics K1,K2     The columns, by key: those of the default table (requestsPerSecond,
                      ttftP95Seconds, cost.perMillionOutputTokensUsd, energy.facilityKwh,
                      carbon.totalKg, ...) or any metric `run --format json` prints at its
                      top level (cost.perMonthUsd, carbon.tonnesPerYear, batchOccupancy, ...)
  -h, --help          Show this help
)"},
    {"goal-seek", R"(Usage: tokenwatt-cli goal-seek (SCENARIO.json | FILE.tokenwatt [--scenario NAME] |
                                 --example NAME) --param PATH --metric KEY --target X
                                 --from A --to B [options]

Finds the value of one parameter at which a metric reaches a target, by bisection over
simulations that share one seed: for example the traffic at which self-hosting costs
$2 per 1M output tokens:
  tokenwatt-cli goal-seek --example thin-traffic-self-hosted
      --param workload.arrival.ratePerSecond --metric cost.perMillionOutputTokensUsd
      --target 2 --from 0.05 --to 5

Options:
  --param PATH        Dotted JSON path of a number in the scenario
  --metric KEY        A metric `run --format json` prints at its top level
                      (cost.perMillionOutputTokensUsd, ttftSeconds.p95, energy.facilityKwh, ...)
  --target X          The metric's value to reach
  --from A --to B     The interval searched, A < B; the metric must cross the target in it
  --tolerance T       Stop when the interval is within T of the value (a share, 0.000001
                      to 0.5; default 0.01)
  --seed N            Override the scenario's seed (every probe uses the same one)
  --format FORMAT     table (default) or json
  -h, --help          Show this help
)"},
    {"validate", R"(Usage: tokenwatt-cli validate SCENARIO.json
       tokenwatt-cli validate FILE.tokenwatt [--scenario NAME]
       tokenwatt-cli validate --example NAME

Checks a scenario without simulating it. Prints
  OK: <name>: N deployments, M classes, ~K requests expected
or every problem found, one per line, each with its JSON path.
)"},
    {"example", R"(Usage: tokenwatt-cli example [NAME]
       tokenwatt-cli example --list

Prints a built-in example scenario as JSON (NAME defaults to "default"). Save it to a
file and edit it to make your own scenario.

Options:
  --list       List the examples, each with a one-line summary
  -h, --help   Show this help
)"},
    {"compare", R"(Usage: tokenwatt-cli compare SCENARIO SCENARIO [SCENARIO [SCENARIO]] [options]

Simulates two to four scenarios at once and prints every KPI side by side, with the
difference and the percentage difference of each against the first (A), then the
parameters that differ. Each SCENARIO is one of:
  SCENARIO.json                      a scenario file
  --example NAME                     a built-in example
  FILE.tokenwatt                     the only scenario of a workbook
  FILE.tokenwatt:NAME                the scenario NAME of a workbook
  FILE.tokenwatt --scenario NAME     the same; repeat --scenario for several scenarios
                                     of one workbook: wb.tokenwatt --scenario a --scenario b

Options:
  --format FORMAT     table (default), json or csv
  --seed N            Override every scenario's random seed
  --max-events N      Stop each run after N events (0 = no limit); exits with 3 if one stops
  -h, --help          Show this help
)"},
    {"import", R"(Usage: tokenwatt-cli import SCENARIO.json FILE.tokenwatt [--name NAME]

Checks a scenario file and adds it to a workbook, creating the workbook if it does not
exist (its name must then end in .tokenwatt). The workbook stores the scenario as
`export` prints it; running it from the workbook gives the same results as running the
file. A relative trace path is rewritten relative to the workbook's folder.

Options:
  --name NAME   The scenario's name in the workbook (default: the file name without
                .json); an error if the workbook already has a scenario of that name
  -h, --help    Show this help
)"},
    {"export", R"(Usage: tokenwatt-cli export FILE.tokenwatt [--scenario NAME]

Prints a workbook's scenario as JSON, ready to save as a scenario file.

Options:
  --scenario NAME   The scenario to print (not needed if the workbook holds one)
  -h, --help        Show this help
)"},
    {"list", R"(Usage: tokenwatt-cli list FILE.tokenwatt

Lists the scenarios of a workbook: name, when it was last modified (UTC), and whether
results are cached ("cached": from these parameters and this build).
)"},
    {"breakeven", R"(Usage: tokenwatt-cli breakeven (SCENARIO.json | FILE.tokenwatt | --example NAME)
           --api PROVIDER/MODEL [options]

Finds the arrival rate at which the scenario's self-hosted cost per 1M output tokens equals
the API's price at the scenario's input/output mix. It searches by simulating the scenario at
several arrival rates, until the two prices meet or the deployment is overloaded (a growing queue, or under 90 %
of requests within the SLO). Prints the break-even point or why there is none, and the
points simulated.

Options:
  --api PROVIDER/MODEL  The API to compare with, as the catalog names it (see
                        `catalog api-prices`), e.g. OpenAI/gpt-3.5-turbo-1106
  --example NAME        Use a built-in example instead of a file
  --seed N              Override the scenario's random seed for every run
  --format FORMAT       table (default), json or csv
  -h, --help            Show this help
)"},
    {"capacity", R"(Usage: tokenwatt-cli capacity (SCENARIO.json | FILE.tokenwatt | --example NAME)
           [options]

Finds the deployment's capacity at its SLO: the highest mean arrival rate at which the
scenario still meets the SLO, and the load the scenario's own rate puts on it ("load = 40 %
of capacity"). It simulates the scenario at several rates with the same seed (the same
requests, rescaled in time), doubling or halving from the scenario's rate until the verdict
changes, then bisecting. The SLO is the scenario's (slo.ttftSeconds, slo.tpotSeconds); a
growing queue always misses it. Needs Poisson or Gamma arrivals.

Options:
  --criterion NAME     attainment (default): a share of requests within both limits;
                       p95: p95 TTFT and p95 TPOT each within its limit
  --attainment SHARE   The share for --criterion attainment, above 0 and at most 1
                       (default 0.9, the overload test of breakeven and the charts)
  --tolerance REL      Stop when the rates that meet and miss the SLO are this close,
                       0.001 to 0.5 (default 0.01)
  --example NAME       Use a built-in example instead of a file
  --seed N             Override the scenario's random seed for every run
  --format FORMAT      table (default), json or csv
  -h, --help           Show this help
)"},
    {"plan", R"(Usage: tokenwatt-cli plan (SCENARIO.json | FILE.tokenwatt | --example NAME) [options]

Right-sizing: finds the cheapest configurations of one self-hosted deployment that serve the
scenario's traffic (its arrival process, daily profile and request lengths) within the SLO,
and the Pareto front of cost, p95 end-to-end latency and energy. It tries every GPU, GPUs per
replica, weight precision and batch limit with 1 to --max-replicas replicas, priced at every
catalog offering of the GPU (and the deployment's own hosting terms), and the APIs. Shapes
that cannot hold the model are skipped, replica counts below an analytic throughput bound and
fleets above the cost ceiling are not simulated; the rest are simulated with the same seed.
With a daily profile it also sizes the cheapest shape for the busiest hour.

Options:
  --slo ttft=S,tpot=S     Override the scenario's SLO limits, in seconds (above 0, at most
                          3600; either may be left out)
  --criterion NAME        attainment (default) or p95, as for `capacity`
  --attainment SHARE      The share for --criterion attainment (default 0.9)
  --deployment NAME       The deployment to size (default: the first self-hosted one)
  --gpus ID,...           Catalog GPU ids (default: every GPU with an offering of the allowed
                          price types, and the deployment's own)
  --tp N,...              GPUs per replica, 1 to 64 each (default 1,2,4,8)
  --precisions P,...      Weight precisions: bf16, fp16, fp8, int8, int4 (default: the
                          deployment's own and fp8)
  --batch-limits N,...    maxRunningRequests (continuous) or maxBatchSize, 1 to 4096 each
                          (default: the deployment's own)
  --max-replicas N        1 to 256 (default 16)
  --price-types T,...     Catalog price types, matched by prefix (default on-demand; "all"
                          for every type)
  --api KEY;KEY           APIs to compare, as the catalog names them, separated by ';'; the
                          catalog's APIs of the same model are added unless
                          --no-matching-apis is given
  --cost-ceiling X        Simulate fleets up to X times the cheapest, 1 to 100 (default 2)
  --top N                 How many of the cheapest to list, 1 to 1000 (default 10)
  --write FILE            Also write the scenario with the cheapest configuration applied
                          (what the window's Apply does) to FILE, a scenario JSON file;
                          written whole or not at all
  --choose N              With --write: the Nth of the cheapest list instead, 1 to --top
  --threads N             Worker threads, 1 to 256 (default: all cores)
  --example NAME          Use a built-in example instead of a file
  --seed N                Override the scenario's random seed for every run
  --format FORMAT         table (default), json or csv
  -h, --help              Show this help
)"},
    {"sensitivity", R"(Usage: tokenwatt-cli sensitivity (SCENARIO.json | FILE.tokenwatt | --example NAME) [options]

Which input moves the result most: each main input is moved to the low and the high end of
its range, one at a time, with the same seed, and the cost per 1M output tokens, p95
end-to-end latency, facility energy and carbon are shown at both ends, largest cost swing
first (the rows of a tornado chart). The inputs that apply to the scenario:
  traffic          mean arrival rate (a trace's speed, closed-loop users), simulated
  prompt, output   token counts of every request class, simulated
  GPU rent         the lowest to the highest catalog price of the GPU at its price type
  purchase price   on-premises GPUs or servers
  electricity      on-premises electricity price
  PUE              the lowest to the highest PUE in the catalog
  API prices       input and output prices of the scenario's APIs
  model error      the calibrated model's median errors, carried to each figure
Prices and PUE re-account the base run; the model error is the error band of the result.

Options:
  --traffic R        Relative range of the traffic, above 0 and at most 0.9 (default 0.2:
                     from 0.8x to 1.2x)
  --lengths R        Of the prompt and output token counts (default 0.2)
  --purchase R       Of on-premises purchase prices (default 0.2)
  --electricity R    Of the electricity price (default 0.25)
  --api-price R      Of API token prices (default 0.2)
  --threads N        Simulations run at once, 1 to 256 (default: the number of cores)
  --example NAME     Use a built-in example instead of a file
  --seed N           Override the scenario's random seed for every run
  --format FORMAT    table (default), json or csv
  -h, --help         Show this help
)"},
    {"replicate", R"(Usage: tokenwatt-cli replicate (SCENARIO.json | FILE.tokenwatt | --example NAME) [options]

How sure a run is: simulates the scenario with several seeds (the scenario's own seed, then
the next ones) and gives each headline figure (cost per 1M output tokens, TTFT, TPOT and
end-to-end p95, SLO attainment, throughput, energy and carbon per token, arrivals) its mean and
95 % confidence interval (Student's t over the replications), beside the calibrated model's
own error band for that figure and both together.

Options:
  --replications N    2 to 1000, or auto (default): batches until the interval of the cost
                      per 1M output tokens is within --target of its mean (at least 4)
  --target F          For auto: the interval's half-width as a share of the mean, above 0
                      and at most 0.5 (default 0.02: ±2 %)
  --max-replications N
                      For auto: stop here, 4 to 1000 (default 64)
  --seed N            The first seed (default: the scenario's)
  --threads N         Simulations run at once, 1 to 256 (default: the number of cores)
  --example NAME      Use a built-in example instead of a file
  --format FORMAT     table (default), json or csv
  -h, --help          Show this help
)"},
    {"catalog", R"(Usage: tokenwatt-cli catalog TABLE [--format table|csv]

Lists one table of the built-in catalog, each row with its source and verification status.
TABLE is one of:
  gpus        GPU specifications (memory, bandwidth, TFLOPS, TDP, idle power)
  models      model architectures (parameters, layers, KV heads, context)
  prices      cloud GPU prices per GPU-hour, with their date
  api-prices  API prices per 1M input and output tokens, with their date
  regions     grid carbon intensity per region, with its data year

Options:
  --format FORMAT   table (default) or csv
  -h, --help        Show this help
)"},
    {"help", R"(Usage: tokenwatt-cli help [COMMAND]

Shows the help of a command, or of the whole program.
)"},
};
// clang-format on

} // namespace

bool ParsedArgs::has(std::string_view option) const
{
    return m_flags.count(option) > 0 || m_values.count(option) > 0;
}

std::optional<std::string> ParsedArgs::value(std::string_view option) const
{
    const auto found = m_values.find(option);
    return found == m_values.end() ? std::nullopt : std::optional<std::string>(found->second);
}

ParsedArgs parseArgs(const std::vector<std::string> &args, const std::vector<OptionSpec> &options,
                     std::string_view command)
{
    ParsedArgs parsed;
    bool optionsEnded = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string &arg = args[i];
        if (optionsEnded || arg.size() < 2 || arg[0] != '-') {
            parsed.positionals.push_back(arg);
            continue;
        }
        if (arg == "--") {
            optionsEnded = true;
            continue;
        }
        const std::size_t equals = arg.find('=');
        const std::string name = arg.substr(0, equals);
        const OptionSpec *spec = nullptr;
        for (const OptionSpec &candidate : options) {
            if (candidate.name == name)
                spec = &candidate;
        }
        if (!spec) {
            std::vector<std::string> names;
            for (const OptionSpec &candidate : options)
                names.push_back(candidate.name);
            const auto hints = catalog::closestMatches(name, names, 1);
            throw InputError(
                    name,
                    "unknown option for '" + std::string(command) + "'"
                            + (hints.empty() ? "" : " (did you mean " + hints.front() + "?)"));
        }
        if (parsed.has(name))
            throw InputError(name, "given more than once");
        if (!spec->takesValue) {
            if (equals != std::string::npos)
                throw InputError(name, "takes no value, got " + inQuotes(arg.substr(equals + 1)));
            parsed.m_flags.insert(name);
        } else if (equals != std::string::npos) {
            parsed.m_values[name] = arg.substr(equals + 1);
        } else if (i + 1 < args.size()) {
            parsed.m_values[name] = args[++i];
        } else {
            throw InputError(name, "missing value");
        }
    }
    return parsed;
}

bool wantsHelp(const std::vector<std::string> &args)
{
    for (const std::string &arg : args) {
        if (arg == "--")
            return false;
        if (arg == "--help" || arg == "-h")
            return true;
    }
    return false;
}

std::uint64_t parseUnsigned(std::string_view option, std::string_view text)
{
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error == std::errc::invalid_argument || end != text.data() + text.size())
        throw InputError(std::string(option),
                         "must be a non-negative integer, got " + inQuotes(text));
    if (error == std::errc::result_out_of_range) {
        throw InputError(std::string(option),
                         "must be a non-negative integer up to "
                                 + std::to_string(std::numeric_limits<std::uint64_t>::max())
                                 + ", got " + inQuotes(text));
    }
    return value;
}

int parseIntInRange(std::string_view option, std::string_view text, int min, int max)
{
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < min
        || value > max) {
        throw InputError(std::string(option), "must be an integer from " + std::to_string(min)
                                                      + " to " + std::to_string(max) + ", got "
                                                      + inQuotes(text));
    }
    return value;
}

double parseNumber(std::string_view option, std::string_view text)
{
    // from_chars does not skip a leading '+', which people do type.
    const std::string_view digits = !text.empty() && text[0] == '+' ? text.substr(1) : text;
    double value = 0.0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (digits.empty() || error != std::errc() || end != digits.data() + digits.size()
        || !std::isfinite(value)) {
        throw InputError(std::string(option), "must be a finite number, got " + inQuotes(text));
    }
    return value;
}

std::vector<std::string> parseList(std::string_view option, std::string_view text, char separator)
{
    std::vector<std::string> items;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = std::min(text.find(separator, start), text.size());
        std::string_view item = text.substr(start, end - start);
        while (!item.empty() && item.front() == ' ')
            item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ')
            item.remove_suffix(1);
        if (item.empty())
            throw InputError(std::string(option), std::string("must be a list separated by '")
                                                          + separator + "', got " + inQuotes(text)
                                                          + " (an empty item)");
        items.emplace_back(item);
        if (end == text.size())
            return items;
        start = end + 1;
    }
}

std::vector<double> parseNumberList(std::string_view option, std::string_view text)
{
    std::vector<double> values;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        const std::string_view item = text.substr(start, comma - start);
        try {
            values.push_back(parseNumber(option, item));
        } catch (const InputError &) {
            throw InputError(std::string(option),
                             "must be a comma-separated list of numbers, got " + inQuotes(text)
                                     + " (" + (item.empty() ? "an empty item" : inQuotes(item))
                                     + " is not a number)");
        }
        if (comma == text.size())
            break;
        start = comma + 1;
    }
    return values;
}

metrics::OutputFormat parseFormat(std::string_view option, std::string_view text)
{
    if (text == "table")
        return metrics::OutputFormat::Table;
    if (text == "json")
        return metrics::OutputFormat::Json;
    if (text == "csv")
        return metrics::OutputFormat::Csv;
    throw InputError(std::string(option), "must be one of table, json, csv, got " + inQuotes(text));
}

std::string usage(std::string_view command)
{
    for (const CommandHelp &help : kHelp) {
        if (command == help.name)
            return help.text;
    }
    return {};
}

std::string programUsage(const std::vector<std::pair<std::string, std::string>> &commands)
{
    std::string text = kProgramHead;
    for (const auto &[name, summary] : commands) {
        // "  name       summary", or the summary on its own line under a long name.
        text += "  " + name;
        text += name.size() <= 9 ? std::string(11 - name.size(), ' ') : "\n" + std::string(13, ' ');
        text += summary + "\n";
    }
    return text + kProgramTail;
}

int runReportingErrors(const std::function<int()> &command)
{
    try {
        const int exitCode = command();
        if (!std::cout.flush()) {
            std::cerr << kProgram << "cannot write the output\n";
            return kExitInternalError;
        }
        return exitCode;
    } catch (const InputError &error) {
        for (const InputIssue &issue : error.issues())
            std::cerr << kProgram << issue.toString() << '\n';
        return kExitBadInput;
    } catch (const std::exception &error) {
        std::cerr << kProgram << "internal error: " << error.what() << '\n';
        return kExitInternalError;
    } catch (...) {
        std::cerr << kProgram << "internal error: unknown exception\n";
        return kExitInternalError;
    }
}

} // namespace tw::cli
