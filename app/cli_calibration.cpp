#include "app/cli_calibration.h"

#include "app/cli_args.h"

#include "core/calibration/check.h"
#include "core/calibration/fit.h"
#include "core/catalog/catalog.h"
#include "core/common/error.h"
#include "core/common/sha256.h"

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace tw::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char *kDefaultParameterFile = "resources/calibration/calibrated_parameters.json";

std::string readFile(const fs::path &file)
{
    std::ifstream stream(file, std::ios::binary);
    if (!stream)
        throw InputError(file.string(), "cannot read: no such file or not readable");
    std::ostringstream text;
    text << stream.rdbuf();
    if (stream.bad())
        throw InputError(file.string(), "cannot read: I/O error");
    return text.str();
}

void writeFile(const std::string &option, const fs::path &file, const std::string &content)
{
    std::ofstream stream(file, std::ios::binary | std::ios::trunc);
    if (!stream || !(stream << content) || !(stream.flush()))
        throw InputError(option, "cannot write '" + file.string() + "'");
}

std::string onePositional(const ParsedArgs &args, const std::string &command)
{
    if (args.positionals.empty())
        throw InputError(command, "missing the measurement file (FILE.csv)");
    if (args.positionals.size() > 1)
        throw InputError(command,
                         "expected one measurement file, got extra '" + args.positionals[1] + "'");
    return args.positionals.front();
}

calibration::MappedMeasurements readMapped(const std::string &file,
                                           const calibration::MappingOptions &options)
{
    const std::string text = readFile(file);
    try {
        return calibration::readMeasurements(text, file, catalog::Catalog::builtIn(), options);
    } catch (const InputError &error) {
        std::vector<InputIssue> issues;
        for (const InputIssue &issue : error.issues())
            issues.push_back({file + ": " + issue.path, issue.message});
        throw InputError(std::move(issues));
    }
}

int threadsOption(const ParsedArgs &args)
{
    const auto text = args.value("--threads");
    return text ? parseIntInRange("--threads", *text, 1, 256) : 0;
}

std::string utcNow()
{
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

} // namespace

std::string calibrationUsage(std::string_view command)
{
    if (command == "check-measurements")
        return R"(Usage: tokenwatt-cli check-measurements FILE.csv [options]

Predicts every published measurement in FILE.csv that TokenWatt can express (a CSV with the
columns of tests/calibration/measurements.csv) and compares: rows compared, median and 90th
percentile absolute percentage error per metric and per source, and the rows skipped with
their reasons.

Options:
  --report DIR                Also write DIR/rows.csv (one line per compared row),
                              DIR/summary.csv and DIR/coverage.csv (rows compared and
                              skipped per source and reason)
  --software NAME             Simulate every row with this serving software: vllm,
                              vllm-0.5 or hf-generate (default: each row's own, from its
                              framework and version columns)
  --software-from-framework   The default, accepted for older scripts
  --only SOURCE_KEY           Only rows of this source
  --parameters FILE.json      Use these calibrated parameters instead of the built-in ones
                              (a file written by `calibrate`)
  --threads N                 Simulations run at once, 1 to 256 (default: the number of cores)
  -h, --help                  Show this help
)";
    if (command == "calibrate")
        return R"(Usage: tokenwatt-cli calibrate FILE.csv [options]

Fits the performance and power parameters per GPU generation and serving software to the
measurements in FILE.csv (software taken from the framework columns) and writes them with
their provenance. Takes several minutes. See docs/validation.md.

Options:
  --out FILE.json     Where to write (default resources/calibration/calibrated_parameters.json)
  --threads N         Simulations run at once, 1 to 256 (default: the number of cores)
  -h, --help          Show this help
)";
    return {};
}

int checkMeasurementsCommand(const std::vector<std::string> &argv)
{
    if (wantsHelp(argv)) {
        std::cout << calibrationUsage("check-measurements");
        return 0;
    }
    const ParsedArgs args = parseArgs(argv,
                                      {{"--report", true},
                                       {"--software-from-framework", false},
                                       {"--software", true},
                                       {"--only", true},
                                       {"--parameters", true},
                                       {"--threads", true}},
                                      "check-measurements");
    const std::string file = onePositional(args, "check-measurements");
    calibration::MappingOptions mapping;
    // Each row is simulated with the serving software it was measured with (its framework and
    // version), unless --software imposes one for all.
    mapping.softwareFromFramework = true;
    if (const auto software = args.value("--software")) {
        if (args.has("--software-from-framework"))
            throw InputError("--software", "cannot be combined with --software-from-framework");
        mapping.softwareFromFramework = false;
        if (!calibration::isKnownSoftware(*software))
            throw InputError("--software",
                             "must be vllm, vllm-0.5 or hf-generate, got '" + *software + "'");
        mapping.software = *software;
    }
    mapping.onlySource = args.value("--only").value_or("");
    calibration::CheckOptions options;
    options.threads = threadsOption(args);
    const auto reportDir = args.value("--report");
    if (reportDir) {
        std::error_code error;
        fs::create_directories(*reportDir, error);
        if (error || !fs::is_directory(*reportDir))
            throw InputError("--report", "cannot create directory '" + *reportDir + "'");
    }

    calibration::CalibrationTable table = calibration::CalibrationTable::builtIn();
    if (const auto parameters = args.value("--parameters")) {
        try {
            table = calibration::CalibrationTable::fromJson(readFile(*parameters));
        } catch (const InputError &error) {
            std::vector<InputIssue> issues;
            for (const InputIssue &issue : error.issues())
                issues.push_back({*parameters + ": " + issue.path, issue.message});
            throw InputError(std::move(issues));
        }
    }
    const calibration::MappedMeasurements mapped = readMapped(file, mapping);
    if (mapped.rows.empty())
        throw InputError(file, mapping.onlySource.empty()
                                       ? "no measurement rows"
                                       : "no rows of source '" + mapping.onlySource + "'");
    const calibration::CheckReport report = calibration::checkMeasurements(
            mapped,
            [&table](const model::GpuSpec &gpu, const std::string &software) {
                return table.defaultsFor(gpu, software);
            },
            options);
    std::cout << calibration::formatCheckReport(mapped, report);
    if (reportDir) {
        writeFile("--report", fs::path(*reportDir) / "rows.csv",
                  calibration::comparedRowsCsv(mapped, report));
        writeFile("--report", fs::path(*reportDir) / "summary.csv",
                  calibration::summaryCsv(report));
        writeFile("--report", fs::path(*reportDir) / "coverage.csv",
                  calibration::coverageCsv(mapped, report));
    }
    return 0;
}

int calibrateCommand(const std::vector<std::string> &argv)
{
    if (wantsHelp(argv)) {
        std::cout << calibrationUsage("calibrate");
        return 0;
    }
    const ParsedArgs args = parseArgs(argv, {{"--out", true}, {"--threads", true}}, "calibrate");
    const std::string file = onePositional(args, "calibrate");
    const std::string out = args.value("--out").value_or(kDefaultParameterFile);
    calibration::MappingOptions mapping;
    mapping.softwareFromFramework = true;
    const std::string data = readFile(file);
    const calibration::MappedMeasurements mapped = readMapped(file, mapping);
    // Fail on an unwritable output before minutes of fitting, not after.
    {
        std::ofstream probe(out, std::ios::binary | std::ios::app);
        if (!probe)
            throw InputError("--out", "cannot write '" + out + "'");
    }

    calibration::FitOptions options;
    options.threads = threadsOption(args);
    options.log = [](const std::string &line) { std::cerr << line << '\n'; };
    calibration::FitResult fit = calibration::fitParameters(mapped, options);

    calibration::Provenance &p = fit.table.provenance;
    p.date = utcNow();
    p.command = "tokenwatt-cli calibrate " + fs::path(file).filename().string() + " --out "
                + fs::path(out).filename().string();
    p.dataFile = fs::path(file).filename().string();
    p.dataSha256 = sha256Hex(data);
    p.tokenwattVersion = TOKENWATT_VERSION;
    writeFile("--out", out, fit.table.toJson());
    std::cout << calibration::formatCheckReport(mapped, fit.report) << "\nWrote " << out << '\n';
    return 0;
}

} // namespace tw::cli
