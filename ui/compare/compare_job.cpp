#include "ui/compare/compare_job.h"

#include "core/catalog/catalog.h"
#include "core/common/cancellation.h"
#include "core/scenario_io/scenario_json.h"
#include "ui/report/report_input.h"
#include "ui/workbook/workbook_io.h"

namespace tw::ui::compare {

CompareOutcome runComparison(const std::vector<CompareItem> &items, const CancellationToken &cancel)
{
    CompareOutcome outcome;
    std::vector<std::string> labels;
    std::vector<std::string> parameters;
    std::vector<metrics::Results> results;
    for (const CompareItem &item : items) {
        if (cancel.isCancelled()) {
            outcome.cancelled = true;
            return outcome;
        }
        try {
            const scenario::Scenario parsed = scenario::parseScenarioJson(
                    item.parametersJson, catalog::Catalog::builtIn(), item.baseDirectory);
            RunOutputPtr output = report::simulateForReport(parsed, {}, &cancel);
            if (output->current.status == metrics::RunStatus::Cancelled) {
                outcome.cancelled = true;
                return outcome;
            }
            labels.push_back(item.label.toStdString());
            // Canonical text, defaults explicit: equal parameters compare equal.
            parameters.push_back(scenario::toJson(parsed, catalog::Catalog::builtIn()));
            results.push_back(output->current);
            outcome.outputs.push_back(std::move(output));
        } catch (const std::exception &error) {
            outcome.error = item.label + QStringLiteral(": ") + workbook::errorMessage(error);
            return outcome;
        }
    }
    outcome.comparison = tw::compare::compareScenarios(labels, results, parameters);
    return outcome;
}

} // namespace tw::ui::compare
