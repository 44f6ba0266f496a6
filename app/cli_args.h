#pragma once

// Command-line parsing for tokenwatt-cli. Every error is a tw::InputError whose path names the
// option (`--seed`) and whose message quotes the value, so main() can print it and exit 2.

#include "core/metrics/results_format.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tw::cli {

/// Exit statuses of tokenwatt-cli and of its report renderer (tokenwatt-cli(1), "EXIT STATUS").
inline constexpr int kExitOk = 0;
inline constexpr int kExitInternalError = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitBudgetExceeded = 3;
/// The prefix of every message on stderr.
inline constexpr const char *kProgram = "tokenwatt-cli: ";

/// Runs @p command, the whole of a main(): each problem of a tw::InputError it throws is printed
/// on its own line and gives kExitBadInput; any other exception, or standard output that cannot
/// be written, gives kExitInternalError. Otherwise returns @p command's status.
int runReportingErrors(const std::function<int()> &command);

/// An option a subcommand accepts.
struct OptionSpec
{
    std::string name; ///< with the dashes: "--seed"
    bool takesValue = false;
};

/// The arguments of one subcommand, after parsing.
class ParsedArgs
{
public:
    std::vector<std::string> positionals;

    bool has(std::string_view option) const;
    /// The value of an option that takes one, if it was given.
    std::optional<std::string> value(std::string_view option) const;

private:
    friend ParsedArgs parseArgs(const std::vector<std::string> &, const std::vector<OptionSpec> &,
                                std::string_view);
    std::map<std::string, std::string, std::less<>> m_values;
    std::set<std::string, std::less<>> m_flags;
};

/// Parses @p args (after the subcommand name) against @p options. Accepts `--name value` and
/// `--name=value`; `--` ends the options. Unknown options (with a "did you mean" hint),
/// missing values, values given to flags and repeated options are errors.
ParsedArgs parseArgs(const std::vector<std::string> &args, const std::vector<OptionSpec> &options,
                     std::string_view command);

/// True when @p args asks for help (`--help` or `-h` anywhere before `--`).
bool wantsHelp(const std::vector<std::string> &args);

/// A non-negative integer (`--seed`): "must be a non-negative integer, got 'abc'".
std::uint64_t parseUnsigned(std::string_view option, std::string_view text);
/// An integer in [min, max] (`--threads`, `--steps`).
int parseIntInRange(std::string_view option, std::string_view text, int min, int max);
/// A finite number, locale-independent (`--from`).
double parseNumber(std::string_view option, std::string_view text);
/// A comma-separated list of finite numbers (`--values 0.5,1,2`); at least one.
std::vector<double> parseNumberList(std::string_view option, std::string_view text);
/// The items of @p text separated by @p separator, trimmed of spaces; at least one, none empty
/// ("must be a list separated by ',', got 'a,,b' (an empty item)").
std::vector<std::string> parseList(std::string_view option, std::string_view text,
                                   char separator = ',');
/// `table`, `json` or `csv`.
metrics::OutputFormat parseFormat(std::string_view option, std::string_view text);

/// Usage text of a subcommand ("run", "sweep", ...); empty for an unknown command (and for
/// "report", whose usage is reportUsage()).
std::string usage(std::string_view command);
/// The whole program's usage, listing @p commands (name, one-line summary) in that order.
std::string programUsage(const std::vector<std::pair<std::string, std::string>> &commands);

} // namespace tw::cli
