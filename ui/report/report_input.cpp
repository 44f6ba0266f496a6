#include "ui/report/report_input.h"

#include "core/common/cancellation.h"
#include "core/common/error.h"
#include "core/common/parallel.h"
#include "core/run/curve_plan.h"
#include "core/run/simulate.h"
#include "core/sweep/capacity.h"
#include "ui/render/curve_plan.h"

#include <algorithm>
#include <exception>
#include <map>

namespace tw::ui::report {

RunOutputPtr simulateForReport(const scenario::Scenario &scenario, const ApiComparison &api,
                               const CancellationToken *cancel)
{
    run::CurveBudget budget;
    budget.interactiveRequests = kReportCurveRequests;
    // Task 0 is the scenario as written; the others are the curve's points, planned exactly as
    // the window's runner plans them.
    run::curve::CurvePlan plan = run::curve::planCurve(
            scenario, run::curve::defaultSweepPath(scenario), budget, budget.interactiveRequests);
    struct Task
    {
        scenario::Scenario scenario;
        metrics::Results results;
        std::exception_ptr error; ///< set when the simulation threw
    };
    std::vector<Task> tasks{{scenario, {}, nullptr}};
    for (scenario::Scenario &point : plan.points)
        tasks.push_back({std::move(point), {}, nullptr});
    const double horizon = scenario.simulation.horizonSeconds;

    sim::checkScenario(scenario); // a scenario that cannot run fails here, with its reason
    // Blocking, like a sweep: core's parallelFor, one thread per core (the compare view calls
    // this from its own worker thread).
    parallelFor(tasks.size(), 0, [&tasks, cancel](std::size_t i) {
        sim::RunOptions options;
        options.cancel = cancel;
        // Exceptions must not leave a worker thread; keep them per task.
        try {
            tasks[i].results = run::simulate(tasks[i].scenario, options);
        } catch (...) {
            tasks[i].error = std::current_exception();
        }
    });
    if (tasks[0].error)
        std::rethrow_exception(tasks[0].error); // a failed curve point only leaves a gap

    auto output = std::make_shared<RunOutput>();
    output->current = std::move(tasks[0].results);
    output->scenarioHorizonSeconds = horizon;
    output->sweepParameter = QString::fromStdString(plan.path);
    output->sweepLabel = curve::sweepLabel(output->sweepParameter);
    output->currentValue = plan.current;
    for (std::size_t i = 1; i < tasks.size(); ++i) {
        if (!tasks[i].error && tasks[i].results.status == metrics::RunStatus::Completed)
            output->curve.push_back({plan.values[i - 1], std::move(tasks[i].results)});
    }
    if (api.isSet()) {
        output->apiUsdPerMillionOutputTokens
                = curve::apiPricePerMillionOutput(api, output->current, scenario);
        output->apiLabel = api.key;
    }
    // Headroom: the highest traffic the fleet serves within the SLO. Only where there is a
    // rate to vary and GPUs to fill; otherwise the report says nothing about capacity.
    if (sweep::capacityProblems(scenario).empty()) {
        sweep::CapacityOptions options;
        options.cancel = cancel;
        try {
            const sweep::CapacityResult capacity = sweep::findCapacity(scenario, options);
            output->capacityRatePerSecond = capacity.capacityRatePerSecond;
            output->capacityArrivalRatePerSecond = capacity.capacityArrivalRatePerSecond;
            output->capacityIsLowerBound = capacity.capacityIsLowerBound;
            output->capacityLoadShare = capacity.loadShare;
            output->gpuUsdPerMonth = capacity.gpuUsdPerMonth;
            output->unusedCapacityUsdPerMonth = capacity.unusedCapacityUsdPerMonth;
        } catch (const InputError &) {
            // Cancelled, or refused: the report goes without the capacity figure.
        }
    }
    return output;
}

std::vector<QString> uniqueLabels(const std::vector<scenario::Scenario> &scenarios)
{
    std::map<QString, int> seen;
    std::vector<QString> labels;
    for (const scenario::Scenario &s : scenarios) {
        QString name = QString::fromStdString(s.name).trimmed();
        if (name.isEmpty())
            name = QStringLiteral("Scenario");
        const int count = ++seen[name];
        labels.push_back(count == 1 ? name : QStringLiteral("%1 (%2)").arg(name).arg(count));
    }
    return labels;
}

} // namespace tw::ui::report
