#pragma once

// Loading the scenario a subcommand names: a JSON file or a built-in example, with every error
// labelled by the file it is about. Shared by the tokenwatt-cli subcommands.

#include "app/cli_args.h"
#include "core/scenario/scenario.h"
#include "core/scenario_io/examples.h"

#include <filesystem>
#include <string>

namespace tw::cli {

/// A scenario's JSON text and where it came from, for error messages and relative paths.
struct ScenarioSource
{
    std::string json;
    std::filesystem::path baseDir; ///< folder of the scenario file (trace paths are relative to it)
    std::string label;             ///< the file name, or "example 'NAME'"
    /// Set when the scenario comes from a workbook: its file and the scenario's name there.
    std::filesystem::path workbook;
    std::string workbookScenario;
};

/// "default, code-assistant, ..." for error messages.
std::string availableExamples();
/// The built-in example @p name; an InputError naming @p option otherwise.
const scenario::Example &exampleNamed(const std::string &option, const std::string &name);
/// The scenario named by the first positional argument or by --example. A positional that is
/// a workbook (FILE.tokenwatt) gives its scenario `--scenario NAME` (or its only scenario).
ScenarioSource scenarioSource(const ParsedArgs &args, const std::string &command);
/// Re-throws the current InputError (or a JSON library error) with @p label in front of each
/// issue, so every line names the file it is about. Call only from a catch block.
[[noreturn]] void rethrowWithLabel(const std::string &label);
/// Parses @p source against the built-in catalog; every issue is prefixed with its label.
scenario::Scenario parseScenario(const ScenarioSource &source);

} // namespace tw::cli
