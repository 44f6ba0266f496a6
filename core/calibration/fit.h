#pragma once

#include "core/calibration/check.h"
#include "core/defaults/calibrated_defaults.h"

#include <functional>
#include <string>
#include <vector>

namespace tw::calibration {

struct FitOptions
{
    int threads = 0; ///< 0 = hardware concurrency
    /// Simulation lengths while searching (shorter than a check's, for speed); the final report
    /// uses CheckOptions' defaults.
    PredictionSettings search{1.5, 4.0, 12.0, 1, false};
    int maxEvaluations = 400; ///< Nelder-Mead evaluations of the timing parameters, per group
    /// Its unfitted groups (hand-derived fallbacks) are kept when no row maps to them; fitted
    /// groups always start from the scenario defaults.
    CalibrationTable start = CalibrationTable::builtIn();
    std::function<void(const std::string &)> log; ///< progress lines; may be empty
};

struct FitResult
{
    CalibrationTable table; ///< provenance.errors and rows filled; date and command are not
    CheckReport report;     ///< the full check with the fitted table
};

/// The calibration procedure (docs/validation.md, "Calibration against published
/// measurements"). For each (GPU architecture, software) group with mapped rows:
///  1. timing: Nelder-Mead over the fitted PerformanceParams (PerformanceField::fitted: all
///     but interNodeLatencySeconds, a measured constant; efficiencies in (0, 1] through a
///     logistic map, overheads in [0.1 us, 20 ms] through a log map) minimising the mean of
///     |ln(predicted / measured)|, capped at ln 3 per row, over the group's throughput, TPOT,
///     median ITL, request latency and iteration-time rows;
///  2. power: with the timing fixed, Nelder-Mead over busy and network activity and the MFU
///     and MBU weights (idle power is not fitted: steady-state rows cannot separate it from busy
///     activity) minimising the same loss over the group's average-power rows, replaying the
///     simulated iteration records through the power model.
/// Deterministic for given inputs. Takes minutes on the full measurement file.
FitResult fitParameters(const MappedMeasurements &measurements, const FitOptions &options = {});

/// Minimises @p f from @p start with the Nelder-Mead simplex method (Nelder and Mead, The
/// Computer Journal 7(4), 1965; standard coefficients 1, 2, 0.5, 0.5), initial steps
/// @p steps, for at most @p maxEvaluations evaluations. Returns the best point found.
std::vector<double> nelderMead(const std::function<double(const std::vector<double> &)> &f,
                               std::vector<double> start, const std::vector<double> &steps,
                               int maxEvaluations);

} // namespace tw::calibration
