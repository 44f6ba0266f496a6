#pragma once

#include "core/model/gpu_spec.h"
#include "core/model/model_spec.h"
#include "core/scenario/scenario.h"

#include <string>
#include <string_view>
#include <vector>

namespace tw::calibration {

/// Performance and power parameters fitted to published measurements for one GPU generation
/// and one serving-software generation (docs/validation.md, "Calibration against published
/// measurements").
struct CalibratedDefaults
{
    scenario::PerformanceParams performance;
    scenario::PowerParams power;
};

/// The calibrated parameters for @p gpu (by its `architecture`: Ampere, Hopper, Blackwell, ...)
/// served by @p software (one of knownSoftware()). A pair without fitted parameters takes its
/// timing parameters, as one set, from the nearest fitted generation with that software (by
/// launch order), and its power weights from its own generation's fitted group when there is
/// one (CalibrationTable::powerGroupFor; docs/validation.md, "Which parameters a run gets"); an
/// unknown software generation takes "vllm". power.idleWatts is set only when the GPU catalog
/// has no idle figure.
/// Thread-safe; the table is compiled in (resources/calibration/calibrated_parameters.json).
CalibratedDefaults defaultsFor(const model::GpuSpec &gpu, std::string_view software);

/// Where a deployment's performance and power parameters come from: the "no silent
/// borrowing" rule (docs/validation.md, "Which parameters a run gets"). Every run reports it.
struct ParameterOrigin
{
    std::string architecture; ///< asked: the GPU's generation
    std::string software;     ///< asked (an unknown software counts as "vllm")
    std::string group;        ///< used: "Hopper / vllm"; empty when the table has none
    bool fitted = false;      ///< the group was fitted on measured rows
    int rows = 0;             ///< measured rows the group was fitted on
    /// The group is of another generation or software than asked: its parameters are
    /// borrowed, and errors are larger than docs/validation.md states for fitted groups.
    bool borrowed = false;
    /// Borrowed from another serving software, not only from another GPU generation.
    bool otherSoftware = false;
    /// Where the power weights come from when not from `group`: the GPU's own generation
    /// with other software ("Ampere / vllm-0.5"); empty when they come from `group`.
    std::string powerGroup;
    int powerRows = 0;  ///< measured rows behind powerGroup
    int overridden = 0; ///< parameters the scenario sets itself (counted by the caller)

    /// One line for people, e.g. "Hopper / vllm, fitted on 816 measured rows", or
    /// "borrowed: timing from Hopper / vllm (816 measured rows; none of Ampere with vllm), power
    /// weights from Ampere / vllm-0.5 (449 measured rows, the same GPU generation): expect
    /// larger errors than validated".
    std::string describe() const;
};

/// The ParameterOrigin of @p gpu served by @p software in the built-in table.
ParameterOrigin parameterOriginFor(const model::GpuSpec &gpu, std::string_view software);

/// How many of @p performance and @p power's calibrated fields (performanceFields() and the
/// four power weights) differ from @p calibrated: the parameters a scenario set itself.
int overriddenParameters(const CalibratedDefaults &calibrated,
                         const scenario::PerformanceParams &performance,
                         const scenario::PowerParams &power);

/// Software generations with their own parameters, the rows of
/// resources/catalog/serving_software.csv:
///  - "vllm": vLLM 0.8-0.11 (V1 engine, CUDA graphs, chunked prefill always on);
///  - "vllm-0.5": vLLM 0.5.x (V0 engine: whole-prompt prefill iterations that pause decoding);
///  - "hf-generate": a PyTorch / Hugging Face generate() loop, one request at a time.
std::vector<std::string> knownSoftware();
bool isKnownSoftware(std::string_view software);

/// How each software generation schedules, with its own defaults as serving_software.csv
/// states them (with their sources): "vllm" has chunked prefill with max_num_batched_tokens
/// 8192 on GPUs of 70 GiB or more whose name lacks "A100", else 2048; "vllm-0.5" prefills whole
/// prompts, at most max(context length, 2048) tokens per iteration; "hf-generate" runs one
/// request at a time. Unknown software takes "vllm"'s rules. @p maxRunningRequests is
/// max_num_seqs.
scenario::ServingSpec servingDefaultsFor(std::string_view software, const model::GpuSpec &gpu,
                                         const model::ModelSpec &model, int maxRunningRequests);

/// One fitted (or fallback) parameter set.
struct CalibrationGroup
{
    std::string architecture; ///< GpuSpec::architecture, e.g. "Hopper"
    std::string software;
    bool fitted = false; ///< false: not fitted (no usable rows), values are a stated fallback
    std::string note;    ///< how the values were obtained
    int rows = 0;        ///< measurement rows the fit used
    scenario::PerformanceParams performance;
    /// Power parameters (scenario::PowerParams, docs/model.md "Power and energy"): activity
    /// while kernels run, while the all-reduce runs, per unit of MFU and per unit of MBU.
    double busyActivity = 0.4;
    double networkActivity = 0.3;
    double computeWeight = 1.2;
    double memoryWeight = 0.5;
    /// Idle watts as a share of TDP for GPUs whose catalog entry has no idle figure; 0 = the
    /// power model's own fallback.
    double idleShareOfTdp = 0.0;

    /// The power parameters for @p gpu: this group's activity and weights; idleWatts =
    /// idleShareOfTdp x TDP when the GPU has no catalog idle figure.
    scenario::PowerParams powerFor(const model::GpuSpec &gpu) const;
};

/// One line of a fit's error table, kept in the parameter file as provenance.
struct ErrorFigure
{
    std::string metric;
    std::string source; ///< "" = all sources
    int count = 0;
    double medianApe = 0.0; ///< percent
    double p90Ape = 0.0;    ///< percent
};

/// Where a parameter file came from.
struct Provenance
{
    std::string date;    ///< ISO 8601, UTC
    std::string command; ///< the command that wrote the file
    std::string dataFile;
    std::string dataSha256;
    std::string tokenwattVersion;
    int rows = 0;         ///< rows in the data file
    int rowsCompared = 0; ///< rows with a prediction after the fit
    std::vector<ErrorFigure> errors;
};

/// The parameter table: groups by (architecture, software) and their provenance. The JSON form
/// is resources/calibration/calibrated_parameters.json.
class CalibrationTable
{
public:
    /// The table compiled into the program.
    static const CalibrationTable &builtIn();
    /// Parses the JSON form. Throws tw::InputError (with JSON paths) on malformed content or
    /// parameters outside their physical ranges.
    static CalibrationTable fromJson(std::string_view json);
    /// The JSON form, stable key order, ending with a newline.
    std::string toJson() const;

    CalibratedDefaults defaultsFor(const model::GpuSpec &gpu, std::string_view software) const;
    /// The group used for (architecture, software) after fallbacks; nullptr when empty.
    const CalibrationGroup *groupFor(std::string_view architecture,
                                     std::string_view software) const;
    /// The group whose power weights (architecture, software) uses: the exact group, else a
    /// fitted group of the same generation (the weights describe the chip: activity per unit
    /// of its own peaks, between its own idle and TDP), else groupFor(). A leave-one-
    /// generation-out check shows why: with the other generation's timing, a generation's own
    /// weights give 11-12 % median error in energy per token where the other's give 24-26 %.
    const CalibrationGroup *powerGroupFor(std::string_view architecture,
                                          std::string_view software) const;
    const CalibrationGroup *find(std::string_view architecture, std::string_view software) const;
    ParameterOrigin sourceFor(const model::GpuSpec &gpu, std::string_view software) const;

    std::vector<CalibrationGroup> groups;
    Provenance provenance;
};

/// One fitted field of scenario::PerformanceParams: its JSON key, and whether it is an
/// efficiency (a share of a peak, in (0, 1]) or a time (seconds, in [0, 50 ms]). The parameter
/// file, its validation and the fit all go through this list, so a new performance parameter
/// needs one entry here.
struct PerformanceField
{
    enum class Kind { Efficiency, Seconds };
    const char *name;
    double scenario::PerformanceParams::*member;
    Kind kind;
    /// False for a parameter taken from a measurement of its own, not fitted:
    /// interNodeLatencySeconds (nccl-tests' inter-node all-reduce latency).
    bool fitted = true;
};
const std::vector<PerformanceField> &performanceFields();

/// Launch order of GPU generations, used to find the nearest fitted one: the earliest
/// launch_year of the generation's GPUs in the built-in catalog (-1 = unknown).
int generationRank(std::string_view architecture);

} // namespace tw::calibration
