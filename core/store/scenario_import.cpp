#include "core/store/scenario_import.h"

#include "core/common/error.h"
#include "core/scenario_io/scenario_json.h"

#include <nlohmann/json.hpp>

namespace tw::store {
namespace fs = std::filesystem;

namespace {

fs::path absoluteFolder(const fs::path &folder)
{
    std::error_code error;
    const fs::path absolute = fs::absolute(folder.empty() ? fs::path(".") : folder, error);
    return (error ? folder : absolute).lexically_normal();
}

/// @p tracePath (relative to @p from) made relative to @p to, or absolute if it cannot be.
std::string rebase(const std::string &tracePath, const fs::path &from, const fs::path &to)
{
    const fs::path path(tracePath);
    if (tracePath.empty() || path.is_absolute())
        return tracePath;
    const fs::path target = (absoluteFolder(from) / path).lexically_normal();
    const fs::path relative = target.lexically_relative(absoluteFolder(to));
    return relative.empty() ? target.generic_string() : relative.generic_string();
}

} // namespace

fs::path workbookBaseDirectory(const fs::path &workbookFile)
{
    return workbookFile.parent_path();
}

StoredScenario storedScenario(scenario::Scenario scenario, std::string name,
                              const catalog::Catalog &catalog, const fs::path &sourceDirectory,
                              const fs::path &workbookFile)
{
    std::string &trace = scenario.workload.arrival.traceFile;
    trace = rebase(trace, sourceDirectory, workbookBaseDirectory(workbookFile));
    StoredScenario stored;
    stored.name = std::move(name);
    stored.parametersJson = scenario::toJson(scenario, catalog);
    return stored;
}

scenario::Scenario parseStoredScenario(const StoredScenario &stored,
                                       const catalog::Catalog &catalog,
                                       const fs::path &workbookFile)
{
    const std::string label = workbookFile.string() + ": scenario '" + stored.name + "'";
    try {
        return scenario::parseScenarioJson(stored.parametersJson, catalog,
                                           workbookBaseDirectory(workbookFile));
    } catch (const InputError &error) {
        std::vector<InputIssue> issues = error.issues();
        for (InputIssue &issue : issues)
            issue.path = issue.path.empty() ? label : label + ": " + issue.path;
        throw InputError(std::move(issues));
    } catch (const nlohmann::json::exception &error) {
        throw InputError(label, std::string("invalid JSON: ") + error.what());
    }
}

} // namespace tw::store
