#include "core/common/error.h"

namespace tw {
namespace {
std::string joinIssues(const std::vector<InputIssue> &issues)
{
    std::string text;
    for (const InputIssue &issue : issues) {
        if (!text.empty())
            text += '\n';
        text += issue.toString();
    }
    return text;
}
} // namespace

InputError::InputError(std::vector<InputIssue> issues)
    : std::runtime_error(joinIssues(issues))
    , m_issues(std::move(issues))
{}

InputError::InputError(std::string path, std::string message)
    : InputError(std::vector<InputIssue>{{std::move(path), std::move(message)}})
{}

} // namespace tw
