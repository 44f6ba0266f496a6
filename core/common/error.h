#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace tw {

/// One problem with user input, located by a JSON-style path such as
/// `workload.classes[0].promptTokens.mean` (or `--seed` for a CLI argument).
struct InputIssue
{
    std::string path;
    std::string message;

    std::string toString() const { return path.empty() ? message : path + ": " + message; }
};

/// Thrown when a scenario, a catalog file or an argument is invalid. Carries every problem
/// found, not only the first, so a user can fix a file in one pass.
class InputError : public std::runtime_error
{
public:
    explicit InputError(std::vector<InputIssue> issues);
    InputError(std::string path, std::string message);

    const std::vector<InputIssue> &issues() const { return m_issues; }

private:
    std::vector<InputIssue> m_issues;
};

} // namespace tw
