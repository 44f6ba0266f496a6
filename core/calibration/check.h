#pragma once

#include "core/calibration/measurements.h"
#include "core/calibration/prediction.h"

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace tw::calibration {

/// The parameters to use for a GPU and a software generation (defaultsFor, or a candidate
/// during a fit). Called from worker threads: must be thread-safe.
using ParameterSource
        = std::function<CalibratedDefaults(const model::GpuSpec &gpu, const std::string &software)>;

/// Absolute percentage error |predicted - measured| / measured x 100.
double absolutePercentageError(double predicted, double measured);

/// Median and 90th percentile of absolute percentage errors (numpy's linear interpolation),
/// and the median signed error (predicted / measured - 1, in percent) that shows a bias.
struct ErrorStats
{
    std::size_t count = 0;
    double medianApe = 0.0;
    double p90Ape = 0.0;
    double medianSignedPercent = 0.0;
};

/// Statistics of the (predicted, measured) pairs; all zero for none.
ErrorStats errorStats(const std::vector<std::pair<double, double>> &predictedMeasured);

/// One compared row.
struct ComparedRow
{
    std::size_t row = 0; ///< index into MappedMeasurements::rows
    double measured = 0.0;
    double predicted = 0.0;
    double ape = 0.0;
};

/// Error statistics for one metric, of one source or of all (source "").
struct SummaryLine
{
    Metric metric = Metric::OutputThroughput;
    std::string source;
    ErrorStats stats;
};

/// Rows skipped for one reason.
struct SkipGroup
{
    std::string reason;
    std::vector<std::size_t> rows; ///< indexes into MappedMeasurements::rows
};

struct CheckReport
{
    std::vector<ComparedRow> compared;
    std::vector<SummaryLine> summary;        ///< per metric: all sources first, then each source
    std::vector<SkipGroup> skipped;          ///< most frequent reason first
    std::vector<CasePrediction> predictions; ///< one per case
    double wallSeconds = 0.0;
};

struct CheckOptions
{
    int threads = 0; ///< 0 = hardware concurrency
    PredictionSettings prediction;
};

/// Predicts every case of @p measurements on a thread pool with the parameters from @p params
/// and compares each mapped row with its prediction. Rows whose case could not be simulated
/// join the skipped rows with the simulation's reason.
CheckReport checkMeasurements(const MappedMeasurements &measurements, const ParameterSource &params,
                              const CheckOptions &options = {});

/// The same summary recomputed from compared rows (after changing predictions).
std::vector<SummaryLine> summarize(const MappedMeasurements &measurements,
                                   const std::vector<ComparedRow> &compared);

/// How many rows of one source were compared, and why the rest were not.
struct SourceCoverage
{
    std::string source; ///< source_key
    std::size_t rows = 0;
    std::size_t compared = 0;
    /// Skipped rows by reason, most frequent first.
    std::vector<std::pair<std::string, std::size_t>> skipped;
};

/// One row per source, the largest first.
std::vector<SourceCoverage> coverageBySource(const MappedMeasurements &measurements,
                                             const CheckReport &report);

/// One of the fidelity targets (docs/validation.md, "Errors"): a median APE per metric, or
/// the share of rows compared.
struct TargetCheck
{
    std::string what;     ///< e.g. "median APE, output_throughput"
    double limit = 0.0;   ///< percent
    bool atMost = true;   ///< the value must be <= limit (else >=)
    double value = 0.0;   ///< percent; NaN when no row measures it
    std::size_t rows = 0; ///< rows behind the value
    bool met() const;     ///< false when there is no value
};

/// The targets the check is held to: median APE <= 10 % for output throughput, TPOT and
/// median ITL, <= 12 % for average power and energy per output token, <= 25 % for p99 ITL,
/// and >= 97 % of rows compared.
std::vector<TargetCheck> checkTargets(const MappedMeasurements &measurements,
                                      const CheckReport &report);

/// Plain-text report: the per-metric and per-source table, the targets, the coverage by
/// source, then skipped rows by reason with counts and a few ids.
std::string formatCheckReport(const MappedMeasurements &measurements, const CheckReport &report);
/// Coverage CSV: source, rows, compared, skipped, reason, reason_rows (one line per source and
/// reason; a source with nothing skipped has one line with an empty reason).
std::string coverageCsv(const MappedMeasurements &measurements, const CheckReport &report);
/// Per-row CSV: id, source, model, gpu, metric, measured, predicted, ape_percent.
std::string comparedRowsCsv(const MappedMeasurements &measurements, const CheckReport &report);
/// Summary CSV: metric, source, rows, median_ape_percent, p90_ape_percent,
/// median_signed_error_percent.
std::string summaryCsv(const CheckReport &report);

} // namespace tw::calibration
