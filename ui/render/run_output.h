#pragma once

#include "core/metrics/results.h"
#include "core/metrics/sweep_format.h"

#include <QMetaType>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace tw::ui {

/// Everything one background run produces for the window: the current scenario's results and
/// the curve over the swept parameter. Immutable once published; shared between the runner
/// and every view (std::shared_ptr<const RunOutput>).
struct RunOutput
{
    std::uint64_t generation = 0; ///< increases with every request; views drop stale outputs
    metrics::Results current;     ///< the scenario as edited
    /// True when `current` covers only the start of the scenario's horizon: a preview while
    /// the user edits (see run::CurveBudget::previewRequests); the full run follows when edits
    /// pause.
    bool preview = false;
    /// The scenario's horizon (longer than current's in a preview).
    double scenarioHorizonSeconds = 0.0;
    /// In a preview: the scenario of the last full output over the same preview window (same
    /// seed, so the same traffic), for changes that compare like with like; null otherwise.
    std::shared_ptr<const metrics::Results> previewBaseline;
    QString sweepParameter; ///< JSON path of the swept lever, e.g. "workload.arrival.ratePerSecond"
    QString sweepLabel;     ///< for axes, e.g. "Traffic (requests/s)"
    double currentValue = 0.0;              ///< the lever's value in the current scenario
    std::vector<metrics::SweepPoint> curve; ///< sorted by parameter value
    /// The compared API's price per 1M output tokens for the current traffic mix (0 = none).
    double apiUsdPerMillionOutputTokens = 0.0;
    QString apiLabel;
    /// The scenario's capacity at its SLO (sweep::findCapacity), when it was computed (the
    /// report computes it; Poisson or Gamma arrivals and a self-hosted deployment only).
    std::optional<double> capacityRatePerSecond;
    double capacityArrivalRatePerSecond = 0.0; ///< the window's arrivals at that rate
    bool capacityIsLowerBound = false;         ///< the SLO still held at the highest rate tried
    double capacityLoadShare = 0.0;            ///< the scenario's rate / capacityRatePerSecond
    /// The GPUs' cost per month and the part of it paying for capacity the traffic does not
    /// use (sweep::CapacityResult); 0 when not computed or the GPUs have no price.
    double gpuUsdPerMonth = 0.0;
    double unusedCapacityUsdPerMonth = 0.0;
    double elapsedMilliseconds = 0.0; ///< wall time of the whole run (current + curve)
};

using RunOutputPtr = std::shared_ptr<const RunOutput>;

/// What the KPI strip shows of a capacity search: the load and the capacity in the arrivals
/// the simulated window sees (sweep::CapacityResult), or why there is none.
struct CapacityFigure
{
    std::uint64_t generation = 0;   ///< of the RunOutput it belongs to
    bool computed = false;          ///< false: no rate to vary, no GPUs, or the search failed
    double loadShare = 0.0;         ///< scenario rate / capacity
    double capacityPerSecond = 0.0; ///< arrivals per second in the window at capacity
    bool lowerBound = false;        ///< the SLO still held at the highest rate tried
    QString note;                   ///< why not computed, for the tooltip
};

} // namespace tw::ui

Q_DECLARE_METATYPE(tw::ui::CapacityFigure)
