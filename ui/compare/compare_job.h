#pragma once

#include "core/compare/compare.h"
#include "ui/render/run_output.h"

#include <QString>

#include <filesystem>
#include <string>
#include <vector>

namespace tw {
class CancellationToken;
}

namespace tw::ui::compare {

/// One scenario picked for comparison: where it came from and its parameters (JSON text).
struct CompareItem
{
    QString label;                       ///< "Baseline" or "other.tokenwatt: Baseline"
    std::string parametersJson;          ///< scenario JSON text
    std::filesystem::path baseDirectory; ///< relative trace paths resolve against it
};

/// What a comparison produced: each scenario's run (results and curve, as the window shows
/// them) and the core's comparison of their results and parameters.
struct CompareOutcome
{
    QString error; ///< empty on success
    bool cancelled = false;
    std::vector<RunOutputPtr> outputs; ///< one per item, in order
    tw::compare::Comparison comparison;
};

/// Parses every item, simulates each with its curve (report::simulateForReport: the window's
/// plan, points in parallel on one thread per core) and compares them (tw::compare). Blocks: call
/// it on a worker thread. Stops early, with cancelled set, when @p cancel is set.
CompareOutcome runComparison(const std::vector<CompareItem> &items,
                             const CancellationToken &cancel);

} // namespace tw::ui::compare
