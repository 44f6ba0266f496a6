#pragma once

#include "core/scenario/scenario.h"
#include "core/sweep/plan.h"
#include "core/sweep/replicate.h"
#include "core/sweep/sensitivity.h"
#include "ui/render/api_comparison.h"
#include "ui/render/run_output.h"

#include <QString>

#include <utility>
#include <vector>

namespace tw {
class CancellationToken;
}

namespace tw::ui::report {

/// One scenario of a report: what was simulated and what came out. The output is the same
/// value the window shows (results, the curve over one lever, the compared API's price).
struct ReportScenario
{
    ReportScenario() = default;
    /// The three parts every report needs; the analyses below are set when wanted.
    ReportScenario(QString name, scenario::Scenario simulated, RunOutputPtr results)
        : label(std::move(name))
        , scenario(std::move(simulated))
        , output(std::move(results))
    {}

    QString label; ///< how the report names it (the scenario's name unless given)
    scenario::Scenario scenario;
    RunOutputPtr output;
    /// The tornado of a one-scenario report (sweep::sensitivity of the scenario); null = none.
    std::shared_ptr<const sweep::SensitivityResult> sensitivity;
    /// Replications of the scenario (sweep::replicate) for a one-scenario report's "how sure"
    /// table; null = none.
    std::shared_ptr<const sweep::ReplicationResult> replication;
    /// A plan of the scenario (sweep::plan) for a one-scenario report, with the options it ran
    /// with and the scenario it sized (whose SLO it judged by); null = none.
    struct Plan
    {
        sweep::PlanResult result;
        sweep::PlanOptions options;
        scenario::Slo slo;
    };
    std::shared_ptr<const Plan> plan;
};

/// How much the report's curve may simulate: the window's refined budget, 20x what it simulates
/// while editing (run::CurveBudget), because a report is made once and read closely.
inline constexpr double kReportCurveRequests = 300'000.0;

/// Simulates @p scenario and the curve over its default lever (the window's plan, see
/// core/run/curve_plan.h, with a budget of kReportCurveRequests requests) on one thread per core
/// (core's parallelFor), and returns the output; @p api, if set, is the API the costs are compared
/// with. Blocks the calling thread: call it from a worker or a command-line program, never from the
/// GUI thread. Throws tw::InputError when the scenario cannot run; returns an output whose
/// results are Cancelled when @p cancel is set.
RunOutputPtr simulateForReport(const scenario::Scenario &scenario, const ApiComparison &api,
                               const CancellationToken *cancel = nullptr);

/// Labels for a set of scenarios: their names, with " (2)", " (3)" added to repeated ones.
std::vector<QString> uniqueLabels(const std::vector<scenario::Scenario> &scenarios);

} // namespace tw::ui::report
