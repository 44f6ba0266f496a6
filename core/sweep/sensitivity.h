#pragma once

// Sensitivity: which input moves cost, latency, energy and carbon most. Each main input is
// moved to the low and the high end of a stated range, one at a time, with the scenario's
// seed for every run (common random numbers), and the swing of each headline figure is
// reported, largest cost swing first: the rows of a tornado chart (docs/model.md,
// "Sensitivity").

#include "core/scenario/scenario.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace tw {
class CancellationToken;
}

namespace tw::sweep {

/// The headline figures a sensitivity row reports.
struct SensitivityFigures
{
    double usdPerMillionOutputTokens = 0.0;
    double usdPerMonth = 0.0;    ///< the whole scenario's cost, scaled to 730 hours
    double e2eP95Seconds = 0.0;  ///< all requests
    double kwhPerMonth = 0.0;    ///< facility energy, scaled to 730 hours
    double kgCo2ePerMonth = 0.0; ///< operational and embodied, scaled to 730 hours
};

/// How a row's figures were obtained.
enum class SensitivityMethod {
    Simulated,   ///< the input changes what the engine does: simulated again
    Reaccounted, ///< a price or facility figure: the base run accounted again (exact)
    ErrorBand,   ///< the calibrated model's error, carried to each figure (metrics::ErrorBands)
};

/// One input moved to both ends of its range.
struct SensitivityRow
{
    std::string id;    ///< "traffic", "prompt-tokens", "gpu-rent", "pue", ...
    std::string label; ///< "Traffic (mean requests/s)"
    std::string unit;  ///< of the input's values: "requests/s", "$/GPU-hour", "" for bands
    /// Where the range comes from: "stated: ±20 %", "catalog: 6 on-demand offers of h100_sxm",
    /// or the calibration's basis for the error band.
    std::string basis;
    SensitivityMethod method = SensitivityMethod::Simulated;
    double baseValue = 0.0, lowValue = 0.0, highValue = 0.0; ///< the input (first deployment's)
    SensitivityFigures low, high; ///< the figures at the low and the high value
};

struct SensitivityOptions
{
    /// Relative half-widths of the stated ranges, each in (0, 0.9]: the input runs from
    /// base x (1 - r) to base x (1 + r).
    double trafficRange = 0.2;         ///< mean arrival rate (a trace's speed; closed-loop users)
    double lengthRange = 0.2;          ///< prompt and output token counts, each a row
    double purchaseRange = 0.2;        ///< on-premises purchase prices
    double electricityRange = 0.25;    ///< electricity price (on premises)
    double apiPriceRange = 0.2;        ///< API token prices
    std::optional<std::uint64_t> seed; ///< overrides the scenario's seed for every run
    int threads = 0;                   ///< 0 = the hardware's concurrency
    const CancellationToken *cancel = nullptr;
    /// Called with the share of the runs done, from the thread that calls sensitivity().
    std::function<void(double)> progress;
};

struct SensitivityResult
{
    SensitivityFigures base;
    /// Largest swing of cost per 1M output tokens first (ties: of p95 end-to-end latency).
    std::vector<SensitivityRow> rows;
    /// Inputs left out, each with why ("no on-premises deployment buys GPUs").
    std::vector<std::string> skipped;
    int simulations = 0; ///< engine runs, the base run included
};

/// |high - low| of the figure @p field of @p row.
double swing(const SensitivityRow &row, double SensitivityFigures::*field);

/// Moves each input of @p scenario that applies to it across its range (see the options and
/// docs/model.md, "Sensitivity"). Throws tw::InputError for a range outside (0, 0.9] (path:
/// the option), when the base scenario cannot run, and when cancelled.
SensitivityResult sensitivity(const scenario::Scenario &scenario,
                              const SensitivityOptions &options = {});

} // namespace tw::sweep
