#pragma once

#include "core/catalog/csv.h"
#include "core/model/gpu_spec.h"
#include "core/model/model_spec.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace tw::catalog {

/// A spelling of a GPU or model in published tables and the catalog entry it names
/// (gpu_aliases.csv, model_aliases.csv). An empty id marks a spelling known not to name one
/// entry (a variant not stated, a GPU not catalogued); the note then says why.
struct Alias
{
    std::string text;
    std::string id;
    std::string note; ///< an assumption the mapping makes, or why there is no id
};

/// A serving-software generation and its scheduler defaults (serving_software.csv), with the
/// source that states them.
struct ServingSoftware
{
    std::string id; ///< "vllm", "vllm-0.5", "hf-generate"
    std::string description;
    bool oneRequestAtATime = false; ///< no batching across requests
    bool chunkedPrefill = false;
    int maxBatchedTokens = 0; ///< tokens per iteration (max_num_batched_tokens)
    /// On GPUs with at least largeGpuMinMemoryGib GiB whose name does not contain
    /// largeGpuNameExcludes (case-insensitive): this budget instead; 0 = none.
    int largeGpuMaxBatchedTokens = 0;
    double largeGpuMinMemoryGib = 0.0;
    std::string largeGpuNameExcludes;
    /// The budget is at least the model's context length (whole-prompt prefill).
    bool maxBatchedTokensAtLeastContext = false;
    double gpuMemoryUtilization = 0.9; ///< share of GPU memory for weights and KV cache
    std::string source;

    /// The per-iteration token budget on @p gpu for a model of @p maxContextTokens.
    int batchedTokensFor(const model::GpuSpec &gpu, int maxContextTokens) const;
};

/// Reference data shipped with TokenWatt (resources/catalog/*.csv, compiled into the binary):
/// GPUs, models, prices, grid intensities... Every row keeps its source and verification.
/// Immutable after construction; safe to share between threads.
class Catalog
{
public:
    /// The catalog compiled into the program from resources/catalog/.
    static const Catalog &builtIn();

    /// Builds a catalog from CSV texts keyed by file name ("gpu_specs.csv", "models.csv",
    /// "models_extra.csv", ...). Throws tw::InputError naming file, line and column on bad data.
    static Catalog fromCsvTexts(const std::map<std::string, std::string> &files);

    const std::vector<model::GpuSpec> &gpus() const { return m_gpus; }
    const std::vector<model::ModelSpec> &models() const { return m_models; }

    /// Finds a GPU by catalog id ("h100_sxm"); nullptr when unknown.
    const model::GpuSpec *findGpu(std::string_view id) const;
    /// Finds a model by catalog id ("llama-3.1-70b") or Hugging Face repo
    /// ("meta-llama/Llama-3.1-70B-Instruct"), case-insensitively; nullptr when unknown.
    const model::ModelSpec *findModel(std::string_view idOrRepo) const;

    /// The GPU a published spelling names ("H100 SXM 80GB (DGX-H100)", "NVIDIA L4 24GB"): by
    /// id, by catalog name with or without its vendor, then by gpu_aliases.csv; exact and
    /// case-insensitive, never fuzzy. @p note receives the alias's note: an assumption the
    /// mapping makes, or (when nullptr is returned for a listed spelling) why it names no GPU.
    const model::GpuSpec *resolveGpu(std::string_view spelling, std::string *note = nullptr) const;
    /// The model a published spelling names: findModel(), then model_aliases.csv (renamed
    /// repos, fine-tunes of the same shape); @p note as for resolveGpu().
    const model::ModelSpec *resolveModel(std::string_view spelling,
                                         std::string *note = nullptr) const;

    /// Serving-software generations (serving_software.csv), in file order.
    const std::vector<ServingSoftware> &servingSoftware() const { return m_software; }
    const ServingSoftware *findServingSoftware(std::string_view id) const;

    /// The earliest launch_year of the catalog's GPUs of @p architecture; -1 when none. Orders
    /// GPU generations by data rather than by a list in code.
    int firstLaunchYear(std::string_view architecture) const;

    /// Every file as a table, by file name (the GPU and model files too, as read), with all
    /// its columns including source and verification.
    const std::map<std::string, CsvTable, std::less<>> &tables() const { return m_tables; }
    const CsvTable *table(std::string_view fileName) const;

private:
    std::vector<model::GpuSpec> m_gpus;
    std::vector<model::ModelSpec> m_models;
    std::vector<std::string> m_gpuNamesWithoutVendor; ///< parallel to m_gpus
    std::vector<Alias> m_gpuAliases;
    std::vector<Alias> m_modelAliases;
    std::vector<ServingSoftware> m_software;
    std::map<std::string, int, std::less<>> m_firstLaunchYear;
    std::map<std::string, CsvTable, std::less<>> m_tables;
};

/// Closest candidates to @p word by edit distance (for "did you mean" hints); at most @p max.
std::vector<std::string> closestMatches(std::string_view word,
                                        const std::vector<std::string> &candidates,
                                        std::size_t max = 3);

} // namespace tw::catalog
