#pragma once

#include "core/calibration/measurements.h"
#include "core/defaults/calibrated_defaults.h"
#include "core/hardware/perf_model.h"
#include "core/scenario/scenario.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tw::calibration {

/// How long a saturated case is simulated, in request lifetimes (the mean output length times
/// the estimated steady-state iteration time).
struct PredictionSettings
{
    double warmupLifetimes = 2.0;      ///< left out: the closed loop starts all users at once
    double measuredLifetimes = 8.0;    ///< measured after the warm-up
    double minMeasuredRequests = 24.0; ///< at least this many completions expected in the window
    std::uint64_t seed = 1;
    /// Keep a thinned copy of the measured iteration records (for fitting power weights without
    /// simulating again).
    bool keepPowerSamples = false;
};

/// One iteration record of the measurement window, reduced to what the power model reads.
struct PowerSample
{
    double weight = 1.0;    ///< share of the record in the window x records it stands for
    hardware::GpuWork work; ///< the record's work (totals over its folded iterations)
};

/// What TokenWatt predicts for one case.
struct CasePrediction
{
    /// Predicted value of each metric, in SI units; empty for metrics the case does not give.
    std::array<std::optional<double>, kMetricCount> values;
    std::string error; ///< non-empty when the case could not be simulated
    // Steady-state figures behind the values, for the power fit.
    double windowSeconds = 0.0;
    double windowOutputTokens = 0.0;
    int gpus = 0;
    double meanRunningBatch = 0.0;
    std::vector<PowerSample> powerSamples; ///< only with PredictionSettings::keepPowerSamples

    const std::optional<double> &operator[](Metric m) const
    {
        return values[static_cast<std::size_t>(m)];
    }
};

/// The scenario that represents a saturated or sequential case: a closed loop of
/// `concurrency` users without think time; prompt and output lengths lognormal with the case's
/// means and coefficient of variation 1, bounded by the model's context (or the server's
/// max-model-len the source states); serving settings from servingDefaultsFor(), with the
/// source's stated memory utilisation and max-model-len; parameters from @p params. Throws for
/// an Iteration case.
scenario::Scenario scenarioFor(const SimulationCase &c, const CalibratedDefaults &params,
                               const PredictionSettings &settings = {});

/// Predicts every metric of @p c with @p params. Never throws: a refused scenario is reported
/// in CasePrediction::error. Thread-safe.
CasePrediction predictCase(const SimulationCase &c, const CalibratedDefaults &params,
                           const PredictionSettings &settings = {});

/// Steady-state GPU power of a case (watts, all its GPUs) recomputed from its power samples
/// with other power parameters; the timing is unchanged because power does not feed back into
/// time without a power cap.
double averagePowerFromSamples(const SimulationCase &c, const CasePrediction &prediction,
                               const scenario::PowerParams &power);

/// Weighted quantile of (value, weight) pairs by linear interpolation between the values'
/// cumulative mid-weights; @p q in [0, 1]. Reorders @p samples. 0 for an empty sample.
double weightedQuantile(std::vector<std::pair<double, double>> &samples, double q);

} // namespace tw::calibration
