#pragma once

#include "core/model/gpu_spec.h"
#include "core/model/model_spec.h"
#include "core/model/precision.h"

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tw::catalog {
class Catalog;
class CsvTable;
} // namespace tw::catalog

namespace tw::calibration {

/// A published figure TokenWatt can predict (the `metric` column of a measurement file).
/// Values are held in SI units: tokens/s, seconds, joules, watts.
enum class Metric {
    OutputThroughput,       ///< output tokens per second of the whole server instance
    TpotMean,               ///< mean over requests of (last - first token time) / (output - 1)
    MedianItl,              ///< median gap between consecutive tokens of a request
    P99Itl,                 ///< 99th percentile of the same gaps
    EnergyPerOutputToken,   ///< GPU joules per output token, all GPUs
    EnergyPerRequest,       ///< GPU joules per request, all GPUs
    AveragePower,           ///< GPU watts summed over the instance's GPUs
    PrefillTimeBatch,       ///< one iteration prefilling a fixed batch of identical prompts
    DecodeIterationTime,    ///< one decode iteration of a fixed batch
    RequestLatency,         ///< mean end-to-end latency of a request
    TtftMean,               ///< mean time to first token
    TtftMedian,             ///< median time to first token
    TtftP99,                ///< 99th percentile of the time to first token
    TpotMedian,             ///< median over requests of their TPOT
    TpotP99,                ///< 99th percentile over requests of their TPOT
    RequestThroughput,      ///< completed requests per second of the whole server instance
    OutputThroughputPerGpu, ///< output tokens per second per GPU of the instance
};
inline constexpr std::size_t kMetricCount = 17;

/// The spelling used in measurement files ("output_throughput", "median_itl", ...).
std::string_view metricName(Metric metric);
/// Parses a metric column value, by its name or a common spelling ("mean_ttft", "p99_tpot",
/// "requests_per_second", "throughput_per_gpu", ...); nullopt for metrics TokenWatt does not
/// predict.
std::optional<Metric> parseMetric(std::string_view text);
/// SI unit of a metric's stored value ("tokens/s", "s", "J", "W").
std::string_view metricUnit(Metric metric);
/// Every metric, in enum order.
const std::array<Metric, kMetricCount> &allMetrics();

/// How a configuration is predicted.
enum class CaseKind {
    /// A server kept saturated at a fixed concurrency (ML.ENERGY v2/v3 style: "batch kept
    /// full", or "request rate inf"): a closed loop of `concurrency` users with no think time
    /// against continuous batching with max_num_seqs = concurrency.
    ClosedLoop,
    /// One request at a time, back to back (batch size 1, sequential): a closed loop of one
    /// user against a replica without batching.
    Sequential,
    /// Requests arriving as a Poisson process at a stated rate ("poisson 4 req/s", vLLM's
    /// benchmark_serving --request-rate 4) against continuous batching with max_num_seqs =
    /// the batch size (vLLM's default 256 when not stated).
    OpenLoop,
    /// A fixed batch of identical requests timed per iteration (Splitwise profiles): predicted
    /// directly with hardware::PerfModel::iteration, no engine.
    Iteration,
};

/// One configuration to predict; every measurement row of the same configuration shares it.
struct SimulationCase
{
    std::string key; ///< identifies the configuration (rows with equal keys share the case)
    CaseKind kind = CaseKind::ClosedLoop;
    std::string sourceKey;
    model::ModelSpec model;
    model::Precision weightPrecision = model::Precision::Bf16;
    /// KV cache precision: vLLM's default ("auto") keeps the KV cache in the activation dtype,
    /// 16-bit, also for fp8 checkpoints.
    model::Precision kvPrecision = model::Precision::Bf16;
    model::GpuSpec gpu;
    /// GPUs of the one replica. Expert-parallel GPUs are counted like tensor-parallel ones for
    /// memory and bandwidth (weights and KV spread over all of them).
    int gpus = 1;
    int pipelineStages = 1; ///< pipeline_parallel; gpus / pipelineStages are tensor-parallel
    std::string software;   ///< see calibration::knownSoftware()
    int concurrency = 1;    ///< closed-loop users / max_num_seqs, or the iteration's batch
    double arrivalRatePerSecond = 0.0; ///< OpenLoop: the Poisson rate
    double promptTokens = 0.0;         ///< mean prompt length
    double outputTokens = 0.0;    ///< mean output length (Iteration: tokens generated per request)
    double powerLimitWatts = 0.0; ///< per GPU; 0 = the default limit (TDP)
    /// Server settings stated by the source (see tables::SourceAssumption); 0 = the software's
    /// defaults (servingDefaultsFor).
    double gpuMemoryUtilization = 0.0;
    int maxModelLenTokens = 0;
    /// Assumptions made for this case beyond what its rows state, one sentence each.
    std::vector<std::string> assumptions;
};

/// One row of a measurement file, mapped to a case or to the reason it is skipped.
struct MeasurementRow
{
    std::size_t line = 0; ///< 1-based line of the CSV text where the row starts
    std::string id;       ///< meas_id
    std::string sourceKey;
    std::string model; ///< as written in the file
    std::string gpu;   ///< as written in the file
    std::string metricText;
    std::optional<Metric> metric;
    double value = 0.0; ///< measured value in SI units (see metricUnit)
    int caseIndex = -1; ///< index into MappedMeasurements::cases; -1 = skipped
    std::string skipReason;

    bool skipped() const { return caseIndex < 0; }
};

struct MappingOptions
{
    /// Software generation for every row (calibration::knownSoftware()), unless
    /// softwareFromFramework is set.
    std::string software = "vllm";
    /// Derive the software generation of each row from its framework and version columns
    /// (vLLM >= 0.8 -> "vllm", older vLLM -> "vllm-0.5", PyTorch/HF generate -> "hf-generate").
    bool softwareFromFramework = false;
    /// Only rows whose source_key equals this (empty = all rows).
    std::string onlySource;
};

struct MappedMeasurements
{
    std::vector<MeasurementRow> rows; ///< in file order (rows of other sources left out)
    std::vector<SimulationCase> cases;
};

/// The columns a measurement file must have.
const std::vector<std::string> &requiredColumns();

/// Maps every row of @p table to a simulation case or a skip reason (docs/validation.md,
/// "Calibration against published measurements", lists the rules). Throws tw::InputError when
/// a required column is missing. Never throws for a row's content: a row that cannot be
/// expressed is skipped with its reason.
MappedMeasurements mapMeasurements(const catalog::CsvTable &table, const catalog::Catalog &catalog,
                                   const MappingOptions &options = {});

/// Parses @p csvText (RFC 4180, named @p name in messages) and maps it.
MappedMeasurements readMeasurements(std::string_view csvText, const std::string &name,
                                    const catalog::Catalog &catalog,
                                    const MappingOptions &options = {});

/// A model name as spelled in measurement files resolved to a catalog entry
/// (catalog::Catalog::resolveModel: catalog id or Hugging Face repo, then model_aliases.csv);
/// a trailing "-FP8" selects fp8 weights. nullptr when unknown. GPU spellings resolve through
/// catalog::Catalog::resolveGpu.
const model::ModelSpec *findModelFor(std::string_view modelText, const catalog::Catalog &catalog,
                                     bool *fp8Checkpoint = nullptr,
                                     std::string *aliasNote = nullptr);

} // namespace tw::calibration
