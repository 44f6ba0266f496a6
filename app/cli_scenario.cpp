#include "app/cli_scenario.h"

#include "app/cli_store.h"

#include "core/catalog/catalog.h"
#include "core/common/error.h"
#include "core/scenario_io/scenario_json.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <system_error>
#include <vector>

namespace tw::cli {

namespace fs = std::filesystem;

std::string availableExamples()
{
    std::string names;
    for (const tw::scenario::Example &example : tw::scenario::examples())
        names += (names.empty() ? "" : ", ") + example.name;
    return names;
}

const scenario::Example &exampleNamed(const std::string &option, const std::string &name)
{
    if (const tw::scenario::Example *example = tw::scenario::findExample(name))
        return *example;
    throw InputError(option,
                     "unknown example '" + name + "' (available: " + availableExamples() + ")");
}

static std::string readTextFile(const fs::path &file)
{
    std::error_code error;
    if (fs::is_directory(file, error))
        throw InputError(file.string(), "cannot read: is a directory");
    std::ifstream stream(file, std::ios::binary);
    if (!stream) {
        const bool exists = fs::exists(file, error);
        throw InputError(file.string(), exists ? "cannot read: permission denied or I/O error"
                                               : "cannot read: no such file");
    }
    std::ostringstream text;
    text << stream.rdbuf();
    if (stream.bad())
        throw InputError(file.string(), "cannot read: I/O error");
    return text.str();
}

/// The scenario named by the command line: one SCENARIO.json positional or `--example NAME`.
ScenarioSource scenarioSource(const ParsedArgs &args, const std::string &command)
{
    const std::optional<std::string> example = args.value("--example");
    if (args.positionals.size() > 1 || (example && !args.positionals.empty())) {
        throw InputError(command, "expected one scenario (a file or --example NAME), got extra '"
                                          + args.positionals.back() + "'");
    }
    const std::optional<std::string> scenarioName = args.value("--scenario");
    if (example && scenarioName)
        throw InputError("--scenario", "names a scenario of a workbook; not with --example");
    if (example)
        return {exampleNamed("--example", *example).json, {}, "example '" + *example + "'", {}, {}};
    if (args.positionals.empty())
        throw InputError(command, "missing SCENARIO.json (or --example NAME)");
    const fs::path file = args.positionals.front();
    if (isWorkbookFile(file))
        return workbookScenarioSource(file, scenarioName);
    if (scenarioName) {
        throw InputError("--scenario", "names a scenario of a workbook (FILE.tokenwatt), but "
                                               + file.string() + " is a scenario JSON file");
    }
    return {readTextFile(file), file.parent_path(), file.string(), {}, {}};
}

/// Re-throws the current InputError (or a JSON library error) with @p label in front of each
/// issue, so every line names the file it is about.
[[noreturn]] void rethrowWithLabel(const std::string &label)
{
    try {
        throw;
    } catch (const InputError &error) {
        std::vector<InputIssue> issues;
        for (const InputIssue &issue : error.issues())
            issues.push_back(
                    {issue.path.empty() ? label : label + ": " + issue.path, issue.message});
        throw InputError(std::move(issues));
    } catch (const nlohmann::json::exception &error) {
        throw InputError(label, std::string("invalid JSON: ") + error.what());
    }
}

scenario::Scenario parseScenario(const ScenarioSource &source)
{
    try {
        return tw::scenario::parseScenarioJson(source.json, tw::catalog::Catalog::builtIn(),
                                               source.baseDir);
    } catch (...) {
        rethrowWithLabel(source.label);
    }
}

} // namespace tw::cli
