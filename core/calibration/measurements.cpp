#include "core/calibration/measurements.h"

#include "core/calibration/measurement_tables.h"
#include "core/calibration/measurement_text.h"
#include "core/catalog/catalog.h"
#include "core/catalog/csv.h"
#include "core/common/error.h"
#include "core/defaults/calibrated_defaults.h"
#include "core/hardware/perf_model.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace tw::calibration {
namespace {

using text::containsIgnoreCase;
using text::equalsIgnoreCase;
using text::parseInteger;
using text::parseNumber;

constexpr std::array<std::string_view, kMetricCount> kMetricNames = {"output_throughput",
                                                                     "tpot_mean",
                                                                     "median_itl",
                                                                     "p99_itl",
                                                                     "energy_per_output_token",
                                                                     "energy_per_request",
                                                                     "avg_power",
                                                                     "prefill_time_batch",
                                                                     "decode_iteration_time",
                                                                     "request_latency",
                                                                     "ttft_mean",
                                                                     "median_ttft",
                                                                     "p99_ttft",
                                                                     "median_tpot",
                                                                     "p99_tpot",
                                                                     "request_throughput",
                                                                     "output_throughput_per_gpu"};
constexpr std::array<std::string_view, kMetricCount> kMetricUnits
        = {"tokens/s", "s", "s", "s", "J", "J", "W",          "s",       "s",
           "s",        "s", "s", "s", "s", "s", "requests/s", "tokens/s"};

/// Other spellings of the metrics in published tables and benchmark outputs.
constexpr std::pair<std::string_view, Metric> kMetricAliases[] = {
        {"mean_ttft", Metric::TtftMean},
        {"ttft", Metric::TtftMean},
        {"ttft_median", Metric::TtftMedian},
        {"ttft_p50", Metric::TtftMedian},
        {"ttft_p99", Metric::TtftP99},
        {"mean_tpot", Metric::TpotMean},
        {"tpot", Metric::TpotMean},
        {"tpot_median", Metric::TpotMedian},
        {"tpot_p50", Metric::TpotMedian},
        {"tpot_p99", Metric::TpotP99},
        {"itl_median", Metric::MedianItl},
        {"itl_p99", Metric::P99Itl},
        {"requests_per_second", Metric::RequestThroughput},
        {"request_rate_served", Metric::RequestThroughput},
        {"throughput_per_gpu", Metric::OutputThroughputPerGpu},
        {"mean_e2e_latency", Metric::RequestLatency},
        {"e2e_latency_mean", Metric::RequestLatency},
};

/// The precision column, including the spellings of published tables.
std::optional<model::Precision> precisionFor(std::string_view text)
{
    if (equalsIgnoreCase(text, "bfloat16/fp16 (vLLM default dtype)"))
        return model::Precision::Bf16; // the checkpoints' dtype; 2 bytes and the same rate
    return model::parsePrecision(text);
}

/// Multiplier from the file's unit to the metric's SI unit; nullopt when not understood.
std::optional<double> unitScale(Metric metric, std::string_view unit, int gpus)
{
    const std::string_view head = text::firstWord(unit);
    const bool perGpu = containsIgnoreCase(unit, "per GPU");
    switch (metric) {
    case Metric::OutputThroughput:
        if (equalsIgnoreCase(head, "tokens/s") || equalsIgnoreCase(head, "tok/s"))
            return perGpu ? gpus : 1.0;
        if (equalsIgnoreCase(head, "tokens/s/GPU") || equalsIgnoreCase(head, "tok/s/GPU"))
            return gpus;
        return std::nullopt;
    case Metric::OutputThroughputPerGpu:
        // Per GPU by its name, whether or not the unit says so again.
        if (text::startsWithIgnoreCase(head, "tokens/s")
            || text::startsWithIgnoreCase(head, "tok/s"))
            return 1.0;
        return std::nullopt;
    case Metric::RequestThroughput:
        if (equalsIgnoreCase(head, "requests/s") || equalsIgnoreCase(head, "req/s"))
            return 1.0;
        if (equalsIgnoreCase(head, "requests/min") || equalsIgnoreCase(head, "req/min"))
            return 1.0 / 60.0;
        return std::nullopt;
    case Metric::TtftMean:
    case Metric::TtftMedian:
    case Metric::TtftP99:
    case Metric::TpotMedian:
    case Metric::TpotP99:
    case Metric::TpotMean:
    case Metric::MedianItl:
    case Metric::P99Itl:
    case Metric::PrefillTimeBatch:
    case Metric::DecodeIterationTime:
    case Metric::RequestLatency:
        if (head == "s")
            return 1.0;
        if (head == "ms")
            return 1e-3;
        if (head == "us")
            return 1e-6;
        return std::nullopt;
    case Metric::EnergyPerOutputToken:
        if (equalsIgnoreCase(head, "J/token"))
            return perGpu ? gpus : 1.0;
        return std::nullopt;
    case Metric::EnergyPerRequest:
        if (equalsIgnoreCase(head, "J/request") || equalsIgnoreCase(head, "J"))
            return perGpu ? gpus : 1.0;
        if (equalsIgnoreCase(head, "Wh/request") || equalsIgnoreCase(head, "Wh"))
            return 3600.0 * (perGpu ? gpus : 1.0);
        return std::nullopt;
    case Metric::AveragePower:
        if (head == "W")
            return perGpu ? gpus : 1.0;
        if (head == "kW")
            return 1000.0 * (perGpu ? gpus : 1.0);
        return std::nullopt;
    }
    return std::nullopt;
}

/// Open-loop arrivals are mapped up to this rate (requests/s): far above any published
/// benchmark's, and it bounds the simulated events.
constexpr double kMaxOpenLoopRate = 10'000.0;
/// vLLM's default max_num_seqs (EngineArgs), for open-loop rows that do not state a batch.
constexpr long long kDefaultMaxNumSeqs = 256;

/// The rate of a Poisson arrival column ("poisson 4 req/s", "Poisson, rate 2.5 requests/s",
/// "request rate 8"); nullopt when the column is not such an arrival ("request rate inf" is a
/// saturating server, mapped before this).
std::optional<double> openLoopRate(std::string_view arrival)
{
    if (!containsIgnoreCase(arrival, "poisson")
        && !text::startsWithIgnoreCase(arrival, "request rate")
        && !text::startsWithIgnoreCase(arrival, "rate"))
        return std::nullopt;
    // The first number in the text.
    for (std::size_t i = 0; i < arrival.size(); ++i) {
        const char ch = arrival[i];
        if ((ch < '0' || ch > '9') && ch != '.')
            continue;
        std::size_t end = i;
        while (end < arrival.size()
               && ((arrival[end] >= '0' && arrival[end] <= '9') || arrival[end] == '.'))
            ++end;
        if (const auto value = parseNumber(arrival.substr(i, end - i)))
            return value;
        i = end;
    }
    return std::nullopt;
}

bool metricFits(Metric metric, CaseKind kind)
{
    const bool iterationMetric
            = metric == Metric::PrefillTimeBatch || metric == Metric::DecodeIterationTime;
    return (kind == CaseKind::Iteration) == iterationMetric;
}

/// The software generation of a row from its framework columns (--software-from-framework).
std::string softwareFromFramework(const std::string &framework, const std::string &version,
                                  const std::string &date, std::string &why)
{
    if (containsIgnoreCase(framework, "vllm")) {
        if (const auto minor = text::minorVersionAfterZero(version))
            return *minor < 8 ? "vllm-0.5" : "vllm"; // the V1 engine became the default in 0.8
        // No version: the V1 engine shipped in 2025.
        const auto year = parseInteger(std::string_view(date).substr(0, 4));
        if (year) {
            why = "vLLM version not stated; taken from the source date";
            return *year < 2025 ? "vllm-0.5" : "vllm";
        }
        return {};
    }
    if (containsIgnoreCase(framework, "generate") || containsIgnoreCase(framework, "transformers"))
        return "hf-generate";
    return {};
}

class RowMapper
{
public:
    RowMapper(const catalog::CsvTable &table, const catalog::Catalog &catalog,
              const MappingOptions &options)
        : m_table(table)
        , m_catalog(catalog)
        , m_options(options)
    {}

    MappedMeasurements run()
    {
        for (std::size_t i = 0; i < m_table.rows().size(); ++i) {
            if (!m_options.onlySource.empty() && cell(i, "source_key") != m_options.onlySource)
                continue;
            MeasurementRow row;
            row.line = m_table.line(i);
            row.id = cell(i, "meas_id");
            row.sourceKey = cell(i, "source_key");
            row.model = cell(i, "model");
            row.gpu = cell(i, "gpu");
            row.metricText = cell(i, "metric");
            row.metric = parseMetric(row.metricText);
            row.skipReason = mapRow(i, row);
            m_result.rows.push_back(std::move(row));
        }
        return std::move(m_result);
    }

private:
    std::string cell(std::size_t row, std::string_view column) const
    {
        return std::string(text::trimmed(m_table.field(row, column)));
    }

    /// Fills row.value and row.caseIndex, or returns why the row is skipped.
    std::string mapRow(std::size_t i, MeasurementRow &row)
    {
        if (!row.metric)
            return "metric '" + row.metricText + "' is not one TokenWatt predicts";
        const auto measured = parseNumber(cell(i, "value"));
        if (!measured || *measured <= 0.0)
            return "value '" + cell(i, "value") + "' is not a single positive number";

        SimulationCase c;
        c.sourceKey = row.sourceKey;
        if (std::string why = mapParallelism(i, c); !why.empty())
            return why;
        const auto scale = unitScale(*row.metric, cell(i, "unit"), c.gpus);
        if (!scale)
            return "unit '" + cell(i, "unit") + "' not understood for "
                   + std::string(metricName(*row.metric));
        row.value = *measured * *scale;
        if (std::string why = mapHardware(i, c); !why.empty())
            return why;
        if (std::string why = mapWorkload(i, *row.metric, c); !why.empty())
            return why;
        if (std::string why = mapSoftware(i, c); !why.empty())
            return why;
        if (std::string why = checkFits(c); !why.empty())
            return why;
        row.caseIndex = caseIndexFor(std::move(c));
        return {};
    }

    std::string mapParallelism(std::size_t i, SimulationCase &c) const
    {
        const auto gpus = parseInteger(cell(i, "num_gpus"));
        if (!gpus || *gpus < 1)
            return "num_gpus '" + cell(i, "num_gpus") + "' is not a single count";
        const auto pipeline = cell(i, "pipeline_parallel").empty()
                                      ? std::optional<long long>(1)
                                      : parseInteger(cell(i, "pipeline_parallel"));
        if (!pipeline || *pipeline < 1)
            return "pipeline_parallel '" + cell(i, "pipeline_parallel") + "' is not a count";
        const auto tensor = parseInteger(cell(i, "tensor_parallel"));
        if (!tensor || *tensor < 1)
            return "tensor_parallel '" + cell(i, "tensor_parallel") + "' is not a count";
        if (*pipeline > 1) {
            if (*tensor * *pipeline != *gpus)
                return "tensor_parallel x pipeline_parallel (" + std::to_string(*tensor) + " x "
                       + std::to_string(*pipeline) + ") is not num_gpus (" + std::to_string(*gpus)
                       + ")";
            c.pipelineStages = static_cast<int>(*pipeline);
            c.assumptions.push_back(
                    "pipeline parallelism: the running batch (max_num_seqs x PP) is one round of "
                    "up to PP micro-batches, with PP x the per-stage token budget");
        }
        const std::string notes = cell(i, "notes");
        const long long expert = text::noteInteger(notes, "expert_parallel").value_or(1);
        const long long data = text::noteInteger(notes, "data_parallel").value_or(1);
        if (data > 1)
            return "data parallelism (" + std::to_string(data) + " replicas) is not mapped";
        if (*tensor * c.pipelineStages == *gpus) {
            c.gpus = static_cast<int>(*gpus);
        } else if (*tensor * expert == *gpus || expert == *gpus) {
            c.gpus = static_cast<int>(*gpus);
            c.assumptions.push_back("expert parallelism over " + std::to_string(*gpus)
                                    + " GPUs treated like tensor parallelism for memory and "
                                      "bandwidth");
        } else {
            return "num_gpus " + std::to_string(*gpus) + " is not tensor x expert parallel ("
                   + std::to_string(*tensor) + " x " + std::to_string(expert) + ")";
        }
        return {};
    }

    std::string mapHardware(std::size_t i, SimulationCase &c) const
    {
        std::string gpuNote;
        const std::string gpuText = cell(i, "gpu");
        const model::GpuSpec *gpu = m_catalog.resolveGpu(gpuText, &gpuNote);
        if (!gpu)
            return !gpuNote.empty() ? gpuNote
                                    : "GPU '" + gpuText
                                              + "' is neither a catalog GPU nor a listed alias "
                                                "(resources/catalog/gpu_aliases.csv)";
        c.gpu = *gpu;
        if (!gpuNote.empty())
            c.assumptions.push_back("GPU mapped to " + gpu->id + ": " + gpuNote);

        bool fp8Checkpoint = false;
        std::string note;
        const model::ModelSpec *spec
                = findModelFor(cell(i, "model"), m_catalog, &fp8Checkpoint, &note);
        if (!spec)
            return "model '" + cell(i, "model") + "' is not in the model catalog";
        c.model = *spec;
        if (!note.empty())
            c.assumptions.push_back("model mapped to " + spec->id + ": " + note);

        const std::string precisionText = cell(i, "precision");
        std::optional<model::Precision> precision = precisionFor(precisionText);
        if (precisionText.empty() && fp8Checkpoint)
            precision = model::Precision::Fp8;
        if (!precision)
            return "precision '" + precisionText + "' not understood";
        if (fp8Checkpoint && *precision != model::Precision::Fp8)
            return "an FP8 checkpoint with precision '" + precisionText + "'";
        c.weightPrecision = *precision;
        c.kvPrecision = *precision == model::Precision::Fp16 ? model::Precision::Fp16
                                                             : model::Precision::Bf16;

        const std::string limit = cell(i, "power_limit_w");
        if (limit.empty() || text::startsWithIgnoreCase(limit, "default")) {
            c.powerLimitWatts = 0.0;
        } else if (const auto watts = parseNumber(limit); watts && *watts > 0.0) {
            // A limit at or above TDP never binds in the power model; keep it only below.
            c.powerLimitWatts = *watts < c.gpu.tdpWatts ? *watts : 0.0;
        } else {
            return "power limit '" + limit + "' is not one number of watts";
        }
        return {};
    }

    std::string mapWorkload(std::size_t i, Metric metric, SimulationCase &c) const
    {
        const std::string arrival = cell(i, "arrival");
        const std::string batchKind = cell(i, "batch_size_kind");
        if (containsIgnoreCase(arrival, "saturating")
            || text::startsWithIgnoreCase(arrival, "request rate inf"))
            c.kind = CaseKind::ClosedLoop;
        else if (equalsIgnoreCase(arrival, "sequential"))
            c.kind = CaseKind::Sequential;
        else if (const auto rate = openLoopRate(arrival)) {
            if (!(*rate > 0.0) || !std::isfinite(*rate) || *rate > kMaxOpenLoopRate)
                return "arrival rate in '" + arrival + "' is not a rate TokenWatt maps (0 to "
                       + std::to_string(static_cast<int>(kMaxOpenLoopRate)) + " requests/s)";
            c.kind = CaseKind::OpenLoop;
            c.arrivalRatePerSecond = *rate;
        } else if (equalsIgnoreCase(arrival, "offline")
                   && containsIgnoreCase(batchKind, "fixed batch"))
            c.kind = CaseKind::Iteration;
        else
            return "arrival '" + arrival + "' (batch '" + batchKind
                   + "') is not a workload "
                     "TokenWatt maps";
        if (!metricFits(metric, c.kind))
            return std::string(metricName(metric)) + " is not measured by a "
                   + (c.kind == CaseKind::Iteration ? "per-iteration profile" : "serving run");

        auto batch = parseInteger(cell(i, "batch_size"));
        if (c.kind == CaseKind::OpenLoop && !batch) {
            batch = kDefaultMaxNumSeqs;
            c.assumptions.emplace_back("batch size (max_num_seqs) not reported; vLLM's default "
                                       "256 assumed");
        }
        if (!batch || *batch < 1)
            return "batch_size '" + cell(i, "batch_size") + "' is not a count";
        if (c.kind == CaseKind::Sequential && *batch != 1)
            return "sequential runs with batch size " + std::to_string(*batch) + " are not mapped";
        c.concurrency = static_cast<int>(*batch);

        const tables::SourceAssumption *assumed = tables::assumptionFor(c.sourceKey);
        if (assumed && (assumed->gpuMemoryUtilization > 0.0 || assumed->maxModelLenTokens > 0)) {
            c.gpuMemoryUtilization = assumed->gpuMemoryUtilization;
            c.maxModelLenTokens = assumed->maxModelLenTokens;
            c.assumptions.emplace_back(assumed->serverWhy);
        }
        if (const auto prompt = parseNumber(cell(i, "input_len_tokens")); prompt && *prompt > 0) {
            c.promptTokens = *prompt;
        } else if (assumed && assumed->promptTokens > 0.0) {
            c.promptTokens = assumed->promptTokens;
            c.assumptions.emplace_back(assumed->why);
        } else {
            return "input length not reported and no documented assumption for source '"
                   + c.sourceKey + "'";
        }
        if (const auto output = parseNumber(cell(i, "output_len_tokens")); output && *output > 0) {
            c.outputTokens = *output;
        } else if (assumed && assumed->outputTokens > 0.0) {
            c.outputTokens = assumed->outputTokens;
            c.assumptions.emplace_back(assumed->why);
        } else {
            return "output length not reported and no documented assumption for source '"
                   + c.sourceKey + "'";
        }
        return {};
    }

    std::string mapSoftware(std::size_t i, SimulationCase &c) const
    {
        if (!m_options.softwareFromFramework) {
            c.software = m_options.software;
            return {};
        }
        std::string why;
        c.software = softwareFromFramework(cell(i, "framework"), cell(i, "framework_version"),
                                           cell(i, "source_date"), why);
        if (c.software.empty())
            return "framework '" + cell(i, "framework") + "' has no software generation";
        if (!why.empty())
            c.assumptions.push_back(why);
        return {};
    }

    /// Refuses configurations whose weights or KV cache do not fit in TokenWatt's memory model.
    static std::string checkFits(const SimulationCase &c)
    {
        scenario::Deployment d;
        d.model = c.model;
        d.weightPrecision = c.weightPrecision;
        d.kvPrecision = c.kvPrecision;
        d.hardware.gpu = c.gpu;
        d.hardware.gpusPerReplica = c.gpus;
        d.hardware.pipelineStages = c.pipelineStages;
        if (const hardware::TopologyProblem layout = hardware::topologyProblem(d);
            !layout.field.empty())
            return "the GPUs cannot be laid out: " + layout.field + " " + layout.message;
        const hardware::PerfModel perf(d);
        if (perf.weightBytesPerGpu() >= perf.usableBytesPerGpu())
            return "weights do not fit: " + text::formatGb(perf.weightBytesPerGpu()) + " per GPU, "
                   + text::formatGb(perf.usableBytesPerGpu()) + " usable";
        const double perRequest = c.promptTokens + c.outputTokens
                                  + perf.fixedKvTokens(c.promptTokens + c.outputTokens);
        const double needed
                = c.kind == CaseKind::Iteration ? perRequest * c.concurrency : perRequest;
        if (perf.kvCapacityTokens() < needed)
            return "KV cache too small in TokenWatt's memory model: "
                   + std::to_string(static_cast<long long>(perf.kvCapacityTokens())) + " tokens, "
                   + std::to_string(static_cast<long long>(needed)) + " needed";
        return {};
    }

    int caseIndexFor(SimulationCase c)
    {
        char numbers[160];
        std::snprintf(numbers, sizeof numbers, "|%d|%d|%d|%.6g|%.6g|%.6g|%.6g", c.gpus,
                      c.pipelineStages, c.concurrency, c.promptTokens, c.outputTokens,
                      c.powerLimitWatts, c.arrivalRatePerSecond);
        c.key = std::to_string(static_cast<int>(c.kind)) + '|' + c.sourceKey + '|' + c.model.id
                + '|' + std::string(model::toString(c.weightPrecision)) + '|' + c.gpu.id + '|'
                + c.software + numbers;
        const auto [it, inserted]
                = m_caseIndex.emplace(c.key, static_cast<int>(m_result.cases.size()));
        if (inserted)
            m_result.cases.push_back(std::move(c));
        return it->second;
    }

    const catalog::CsvTable &m_table;
    const catalog::Catalog &m_catalog;
    const MappingOptions &m_options;
    MappedMeasurements m_result;
    std::map<std::string, int> m_caseIndex;
};

} // namespace

std::string_view metricName(Metric metric)
{
    return kMetricNames[static_cast<std::size_t>(metric)];
}

std::string_view metricUnit(Metric metric)
{
    return kMetricUnits[static_cast<std::size_t>(metric)];
}

std::optional<Metric> parseMetric(std::string_view text)
{
    const std::string_view name = text::trimmed(text);
    for (std::size_t i = 0; i < kMetricCount; ++i)
        if (equalsIgnoreCase(name, kMetricNames[i]))
            return static_cast<Metric>(i);
    for (const auto &[alias, metric] : kMetricAliases)
        if (equalsIgnoreCase(name, alias))
            return metric;
    return std::nullopt;
}

const std::array<Metric, kMetricCount> &allMetrics()
{
    static const std::array<Metric, kMetricCount> metrics = [] {
        std::array<Metric, kMetricCount> all{};
        for (std::size_t i = 0; i < kMetricCount; ++i)
            all[i] = static_cast<Metric>(i);
        return all;
    }();
    return metrics;
}

const std::vector<std::string> &requiredColumns()
{
    static const std::vector<std::string> columns = {"meas_id",
                                                     "source_key",
                                                     "source",
                                                     "source_date",
                                                     "model",
                                                     "model_params_b",
                                                     "precision",
                                                     "gpu",
                                                     "num_gpus",
                                                     "tensor_parallel",
                                                     "pipeline_parallel",
                                                     "framework",
                                                     "framework_version",
                                                     "workload",
                                                     "input_len_tokens",
                                                     "output_len_tokens",
                                                     "batch_size",
                                                     "batch_size_kind",
                                                     "arrival",
                                                     "power_limit_w",
                                                     "metric",
                                                     "value",
                                                     "unit",
                                                     "derived",
                                                     "verification",
                                                     "notes"};
    return columns;
}

MappedMeasurements mapMeasurements(const catalog::CsvTable &table, const catalog::Catalog &catalog,
                                   const MappingOptions &options)
{
    std::vector<InputIssue> missing;
    for (const std::string &column : requiredColumns())
        if (table.column(column) < 0)
            missing.push_back({column, "required column missing"});
    if (!missing.empty())
        throw InputError(std::move(missing));
    if (!options.softwareFromFramework && !isKnownSoftware(options.software))
        throw InputError("software", "unknown software generation '" + options.software + "'");
    return RowMapper(table, catalog, options).run();
}

MappedMeasurements readMeasurements(std::string_view csvText, const std::string &name,
                                    const catalog::Catalog &catalog, const MappingOptions &options)
{
    const catalog::CsvTable table = catalog::CsvTable::parse(csvText, name);
    return mapMeasurements(table, catalog, options);
}

} // namespace tw::calibration
