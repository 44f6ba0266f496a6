#pragma once

#include "core/defaults/calibrated_defaults.h"

#include <string>

namespace tw::calibration {

/// How sure a prediction is (docs/validation.md, "How sure a prediction is"): the median
/// absolute percentage errors of its parameter group against published measurements, from
/// resources/calibration/accuracy.json. 0 = not known for that quantity.
struct Accuracy
{
    double throughputPercent = 0.0; ///< output throughput
    double latencyPercent = 0.0;    ///< TPOT / inter-token latency
    double energyPercent = 0.0;     ///< energy per output token
    double powerPercent = 0.0;      ///< average GPU power
    /// What the figures are, e.g. "median errors of Hopper / vllm on its 816 measured rows".
    std::string basis;
    /// Measured range of the group's rows; 0 when unknown.
    int minBatch = 0;
    int maxBatch = 0;
    double minModelParamsB = 0.0;
    double maxModelParamsB = 0.0;
    bool pipelineMeasured = false; ///< some of the group's rows use pipeline stages
};

/// The accuracy that goes with @p origin: the fitted group's own errors; the
/// leave-one-generation-out errors when parameters are borrowed from another generation with
/// the same software (smaller for energy and power when the generation keeps its own power
/// weights); the leave-one-source-out errors when they come from other software.
Accuracy accuracyFor(const ParameterOrigin &origin);

/// Where a deployment runs, for outsideMeasuredRange().
struct RunShape
{
    double modelParamsB = 0.0; ///< total parameters, billions
    double meanBatch = 0.0;    ///< mean running batch
    int pipelineStages = 1;
    bool tensorParallelAcrossNodes = false; ///< a TP group larger than a node
};

/// Empty when @p shape lies inside the measured range of @p accuracy; else what lies outside,
/// e.g. "mean batch 1,500 beyond the largest measured (1,024)", parts joined by "; ".
std::string outsideMeasuredRange(const Accuracy &accuracy, const RunShape &shape);

} // namespace tw::calibration
