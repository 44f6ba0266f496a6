#pragma once

#include "core/catalog/csv.h"
#include "core/model/gpu_spec.h"
#include "core/model/model_spec.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace tw::catalog {

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

    /// Every file as a table, by file name (the GPU and model files too, as read), with all
    /// its columns including source and verification.
    const std::map<std::string, CsvTable, std::less<>> &tables() const { return m_tables; }
    const CsvTable *table(std::string_view fileName) const;

private:
    std::vector<model::GpuSpec> m_gpus;
    std::vector<model::ModelSpec> m_models;
    std::map<std::string, CsvTable, std::less<>> m_tables;
};

/// Closest candidates to @p word by edit distance (for "did you mean" hints); at most @p max.
std::vector<std::string> closestMatches(std::string_view word,
                                        const std::vector<std::string> &candidates,
                                        std::size_t max = 3);

} // namespace tw::catalog
