#include "core/catalog/catalog.h"

#include "core/common/embedded.h"
#include "core/common/error.h"
#include "core/model/attention_layout.h"

#include <algorithm>
#include <charconv>
#include <climits>
#include <cmath>
#include <utility>

namespace tw::catalog {
namespace {

constexpr std::string_view kGpuFile = "gpu_specs.csv";
constexpr std::string_view kModelFiles[] = {"models.csv", "models_extra.csv"};
constexpr std::string_view kGpuAliasFile = "gpu_aliases.csv";
constexpr std::string_view kModelAliasFile = "model_aliases.csv";
constexpr std::string_view kSoftwareFile = "serving_software.csv";

char lowerAscii(char c)
{
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return lowerAscii(x) == lowerAscii(y);
           });
}

std::string_view trimmed(std::string_view text)
{
    const auto isSpace = [](char c) { return c == ' ' || c == '\t'; };
    while (!text.empty() && isSpace(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && isSpace(text.back()))
        text.remove_suffix(1);
    return text;
}

std::string location(std::string_view file, std::size_t line)
{
    return std::string(file) + ':' + std::to_string(line);
}

// Typed access to the cells of one row. Problems are appended to `issues` (so one pass reports
// every bad cell of a file) and the cell then reads as 0.
class RowReader
{
public:
    RowReader(const CsvTable &table, std::string_view file, std::size_t row,
              std::vector<InputIssue> &issues)
        : m_table(table)
        , m_file(file)
        , m_row(row)
        , m_issues(issues)
    {}

    std::string where() const { return location(m_file, m_table.line(m_row)); }

    std::string text(std::string_view column) const
    {
        return std::string(trimmed(m_table.field(m_row, column)));
    }

    bool isBlank(std::string_view column) const { return text(column).empty(); }

    /// A non-negative decimal number; blank (or a missing optional column) reads as 0.
    double number(std::string_view column) const
    {
        const std::string value = text(column);
        if (value.empty())
            return 0.0;
        double result = 0.0;
        const char *end = value.data() + value.size();
        const auto [stop, error] = std::from_chars(value.data(), end, result);
        if (error != std::errc() || stop != end || !std::isfinite(result)) {
            report(column, value, "is not a number");
            return 0.0;
        }
        if (result < 0.0) {
            report(column, value, "must not be negative");
            return 0.0;
        }
        return result;
    }

    /// A non-negative whole number that fits an int; blank reads as 0.
    int integer(std::string_view column) const
    {
        const double value = number(column);
        if (value != std::floor(value) || value > static_cast<double>(INT_MAX)) {
            report(column, text(column), "is not a whole number in range");
            return 0;
        }
        return static_cast<int>(value);
    }

    /// yes/no, true/false or 1/0 (any case); blank reads as false.
    bool flag(std::string_view column) const
    {
        const std::string value = text(column);
        for (std::string_view yes : {"yes", "true", "1"}) {
            if (equalsIgnoreCase(value, yes))
                return true;
        }
        for (std::string_view no : {"", "no", "false", "0"}) {
            if (equalsIgnoreCase(value, no))
                return false;
        }
        report(column, value, "is not yes or no");
        return false;
    }

private:
    void report(std::string_view column, const std::string &value, const char *problem) const
    {
        m_issues.push_back(
                {where(), "column \"" + std::string(column) + "\": \"" + value + "\" " + problem});
    }

    const CsvTable &m_table;
    std::string_view m_file;
    std::size_t m_row;
    std::vector<InputIssue> &m_issues;
};

/// Adds an issue per missing column; true when all are present.
bool hasColumns(const CsvTable &table, std::string_view file,
                std::initializer_list<std::string_view> columns, std::vector<InputIssue> &issues)
{
    bool complete = true;
    for (std::string_view column : columns) {
        if (table.column(column) < 0) {
            issues.push_back({location(file, 1), "missing column \"" + std::string(column) + '"'});
            complete = false;
        }
    }
    return complete;
}

// Ids must be unique ignoring case, because lookups ignore case.
template<typename Spec>
bool checkUniqueId(const std::vector<Spec> &existing, const std::vector<std::string> &existingWhere,
                   const std::string &id, const RowReader &reader, std::string_view idColumn,
                   std::vector<InputIssue> &issues)
{
    if (id.empty()) {
        issues.push_back({reader.where(), "column \"" + std::string(idColumn) + "\" is empty"});
        return false;
    }
    for (std::size_t i = 0; i < existing.size(); ++i) {
        if (equalsIgnoreCase(existing[i].id, id)) {
            issues.push_back({reader.where(), "duplicate " + std::string(idColumn) + " \"" + id
                                                      + "\" (first at " + existingWhere[i] + ')'});
            return false;
        }
    }
    return true;
}

/// What readGpus gathers besides the specs.
struct GpuExtras
{
    std::vector<std::string> where;              ///< file:line of each GPU
    std::vector<std::string> namesWithoutVendor; ///< "H100 SXM5 80GB" for "NVIDIA H100 ..."
    std::map<std::string, int, std::less<>> firstLaunchYear; ///< by architecture
};

void readGpus(const CsvTable &table, std::string_view file, std::vector<model::GpuSpec> &gpus,
              GpuExtras &extras, std::vector<InputIssue> &issues)
{
    if (!hasColumns(table, file,
                    {"gpu_id", "name", "memory_gb", "mem_bw_gb_s", "bf16_dense_tflops",
                     "fp16_dense_tflops", "tdp_w", "source", "verification"},
                    issues))
        return;
    for (std::size_t row = 0; row < table.rows().size(); ++row) {
        const RowReader cell(table, file, row, issues);
        model::GpuSpec gpu;
        gpu.id = cell.text("gpu_id");
        gpu.name = cell.text("name");
        gpu.architecture = cell.text("architecture");
        gpu.memoryGb = cell.number("memory_gb");
        gpu.memoryBandwidthGbPerSec = cell.number("mem_bw_gb_s");
        gpu.bf16Tflops = cell.number("bf16_dense_tflops");
        gpu.fp16Tflops = cell.number("fp16_dense_tflops");
        gpu.fp8Tflops = cell.number("fp8_dense_tflops");
        gpu.int8Tops = cell.number("int8_dense_tops");
        gpu.fp4Tflops = cell.number("fp4_dense_tflops");
        gpu.tdpWatts = cell.number("tdp_w");
        gpu.idleWatts = cell.number("idle_power_w");
        gpu.interconnectGbPerSec = cell.number("nvlink_bw_gb_s");
        gpu.nvlinkDomainGpus = cell.integer("nvlink_domain_gpus");
        gpu.nodeGpus = cell.integer("node_gpus");
        gpu.scaleOutGbPerSec = cell.number("scale_out_gb_s");
        gpu.source = cell.text("source");
        gpu.verification = cell.text("verification");
        if (!checkUniqueId(gpus, extras.where, gpu.id, cell, "gpu_id", issues))
            continue;
        const std::string vendor = cell.text("vendor");
        std::string_view shortName = gpu.name;
        if (!vendor.empty() && shortName.size() > vendor.size() + 1
            && equalsIgnoreCase(shortName.substr(0, vendor.size()), vendor)
            && shortName[vendor.size()] == ' ')
            shortName.remove_prefix(vendor.size() + 1);
        extras.namesWithoutVendor.emplace_back(shortName);
        if (const int year = cell.integer("launch_year"); year > 0 && !gpu.architecture.empty()) {
            const auto [it, added] = extras.firstLaunchYear.emplace(gpu.architecture, year);
            if (!added)
                it->second = std::min(it->second, year);
        }
        gpus.push_back(std::move(gpu));
        extras.where.push_back(cell.where());
    }
}

void readModels(const CsvTable &table, std::string_view file, std::vector<model::ModelSpec> &models,
                std::vector<std::string> &modelWhere, std::vector<InputIssue> &issues)
{
    if (!hasColumns(table, file,
                    {"model_id", "hf_repo", "params_total_b", "params_active_b", "layers",
                     "hidden_size", "intermediate_size", "attention_heads", "kv_heads", "head_dim",
                     "source", "verification"},
                    issues))
        return;
    for (std::size_t row = 0; row < table.rows().size(); ++row) {
        const RowReader cell(table, file, row, issues);
        model::ModelSpec spec;
        spec.id = cell.text("model_id");
        spec.hfRepo = cell.text("hf_repo");
        // The CSV gives parameter counts in billions; ModelSpec holds plain counts.
        spec.totalParams = cell.number("params_total_b") * 1e9;
        // A dense model may leave the active count blank: it uses every weight per token.
        spec.activeParams = cell.isBlank("params_active_b") ? spec.totalParams
                                                            : cell.number("params_active_b") * 1e9;
        spec.layers = cell.integer("layers");
        spec.hiddenSize = cell.integer("hidden_size");
        spec.intermediateSize = cell.integer("intermediate_size");
        spec.moeIntermediateSize = cell.integer("moe_intermediate_size");
        spec.attentionHeads = cell.integer("attention_heads");
        spec.kvHeads = cell.integer("kv_heads");
        spec.headDim = cell.integer("head_dim");
        // Hugging Face configs without head_dim mean hidden_size / num_attention_heads.
        if (spec.headDim == 0 && spec.attentionHeads > 0)
            spec.headDim = spec.hiddenSize / spec.attentionHeads;
        spec.vocabSize = cell.integer("vocab_size");
        spec.maxContextTokens = cell.integer("max_context");
        spec.moeExperts = cell.integer("moe_experts");
        spec.moeTopK = cell.integer("moe_top_k");
        spec.moeSharedExperts = cell.integer("moe_shared_experts");
        spec.tiedEmbeddings = cell.flag("tied_embeddings");
        spec.attentionLayout = cell.text("attention_layout");
        std::string problem;
        model::parseAttentionLayout(spec.attentionLayout, spec.layers, problem);
        if (!problem.empty())
            issues.push_back({cell.where(), "column \"attention_layout\": " + problem});
        spec.source = cell.text("source");
        spec.verification = cell.text("verification");
        if (checkUniqueId(models, modelWhere, spec.id, cell, "model_id", issues)) {
            models.push_back(std::move(spec));
            modelWhere.push_back(cell.where());
        }
    }
}

/// Reads gpu_aliases.csv or model_aliases.csv; the ids are checked once everything is read.
void readAliases(const CsvTable &table, std::string_view file, std::string_view idColumn,
                 std::vector<Alias> &aliases, std::vector<std::string> &where,
                 std::vector<InputIssue> &issues)
{
    if (!hasColumns(table, file, {"alias", idColumn, "note", "source", "date", "verification"},
                    issues))
        return;
    for (std::size_t row = 0; row < table.rows().size(); ++row) {
        const RowReader cell(table, file, row, issues);
        Alias alias{cell.text("alias"), cell.text(idColumn), cell.text("note")};
        if (alias.text.empty()) {
            issues.push_back({cell.where(), "column \"alias\" is empty"});
            continue;
        }
        if (alias.id.empty() && alias.note.empty()) {
            issues.push_back({cell.where(), "an alias without " + std::string(idColumn)
                                                    + " needs a note saying why"});
            continue;
        }
        const auto same = std::find_if(aliases.begin(), aliases.end(), [&](const Alias &a) {
            return equalsIgnoreCase(a.text, alias.text);
        });
        if (same != aliases.end()) {
            issues.push_back({cell.where(), "duplicate alias \"" + alias.text + "\" (first at "
                                                    + where[same - aliases.begin()] + ')'});
            continue;
        }
        aliases.push_back(std::move(alias));
        where.push_back(cell.where());
    }
}

void readSoftware(const CsvTable &table, std::string_view file,
                  std::vector<ServingSoftware> &software, std::vector<InputIssue> &issues)
{
    if (!hasColumns(table, file,
                    {"software", "one_request_at_a_time", "chunked_prefill", "max_batched_tokens",
                     "gpu_memory_utilization", "source", "date", "verification"},
                    issues))
        return;
    for (std::size_t row = 0; row < table.rows().size(); ++row) {
        const RowReader cell(table, file, row, issues);
        ServingSoftware s;
        s.id = cell.text("software");
        s.description = cell.text("description");
        s.oneRequestAtATime = cell.flag("one_request_at_a_time");
        s.chunkedPrefill = cell.flag("chunked_prefill");
        s.maxBatchedTokens = cell.integer("max_batched_tokens");
        s.largeGpuMaxBatchedTokens = cell.integer("large_gpu_max_batched_tokens");
        s.largeGpuMinMemoryGib = cell.number("large_gpu_min_memory_gib");
        s.largeGpuNameExcludes = cell.text("large_gpu_name_excludes");
        s.maxBatchedTokensAtLeastContext = cell.flag("max_batched_tokens_at_least_context");
        s.gpuMemoryUtilization = cell.number("gpu_memory_utilization");
        s.source = cell.text("source");
        if (s.id.empty())
            issues.push_back({cell.where(), "column \"software\" is empty"});
        else if (!(s.gpuMemoryUtilization > 0.0 && s.gpuMemoryUtilization <= 1.0))
            issues.push_back({cell.where(), "column \"gpu_memory_utilization\": \""
                                                    + cell.text("gpu_memory_utilization")
                                                    + "\" must be in (0, 1]"});
        else if (!s.oneRequestAtATime && s.maxBatchedTokens < 1)
            issues.push_back({cell.where(), "column \"max_batched_tokens\" must be at least 1 "
                                            "for software that batches"});
        else
            software.push_back(std::move(s));
    }
}

/// Every alias names an entry that exists (or none, on purpose).
template<class Spec>
void checkAliasTargets(const std::vector<Alias> &aliases, const std::vector<std::string> &where,
                       const std::vector<Spec> &specs, std::string_view what,
                       std::vector<InputIssue> &issues)
{
    for (std::size_t i = 0; i < aliases.size(); ++i) {
        if (aliases[i].id.empty())
            continue;
        const bool found = std::any_of(specs.begin(), specs.end(), [&](const Spec &spec) {
            return equalsIgnoreCase(spec.id, aliases[i].id);
        });
        if (!found)
            issues.push_back({where[i], "alias \"" + aliases[i].text + "\" names "
                                                + std::string(what) + " \"" + aliases[i].id
                                                + "\", which is not in the catalog"});
    }
}

std::size_t editDistance(std::string_view a, std::string_view b)
{
    // Levenshtein distance (unit cost insert, delete, substitute) with two rows of the
    // dynamic-programming table, comparing ASCII letters without case.
    std::vector<std::size_t> previous(b.size() + 1);
    std::vector<std::size_t> current(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        previous[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t substitution
                    = previous[j - 1] + (lowerAscii(a[i - 1]) == lowerAscii(b[j - 1]) ? 0 : 1);
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
        }
        std::swap(previous, current);
    }
    return previous[b.size()];
}

} // namespace

const Catalog &Catalog::builtIn()
{
    // Built on first use (thread-safe static initialisation) and immutable afterwards.
    static const Catalog catalog = fromCsvTexts(resources::catalogFiles());
    return catalog;
}

Catalog Catalog::fromCsvTexts(const std::map<std::string, std::string> &files)
{
    Catalog catalog;
    std::vector<InputIssue> issues;
    GpuExtras gpuExtras;
    std::vector<std::string> modelWhere;
    std::vector<std::string> gpuAliasWhere;
    std::vector<std::string> modelAliasWhere;
    // std::map iterates by name, so models.csv is read before models_extra.csv.
    for (const auto &[name, text] : files) {
        CsvTable table;
        try {
            table = CsvTable::parse(text, name);
        } catch (const InputError &error) {
            issues.insert(issues.end(), error.issues().begin(), error.issues().end());
            continue;
        }
        if (name == kGpuFile)
            readGpus(table, name, catalog.m_gpus, gpuExtras, issues);
        else if (name == kGpuAliasFile)
            readAliases(table, name, "gpu_id", catalog.m_gpuAliases, gpuAliasWhere, issues);
        else if (name == kModelAliasFile)
            readAliases(table, name, "model_id", catalog.m_modelAliases, modelAliasWhere, issues);
        else if (name == kSoftwareFile)
            readSoftware(table, name, catalog.m_software, issues);
        else if (std::find(std::begin(kModelFiles), std::end(kModelFiles), name)
                 != std::end(kModelFiles))
            readModels(table, name, catalog.m_models, modelWhere, issues);
        // Every file also stays a table, with its source and verification columns, for listings.
        catalog.m_tables.emplace(name, std::move(table));
    }
    checkAliasTargets(catalog.m_gpuAliases, gpuAliasWhere, catalog.m_gpus, "GPU", issues);
    checkAliasTargets(catalog.m_modelAliases, modelAliasWhere, catalog.m_models, "model", issues);
    catalog.m_gpuNamesWithoutVendor = std::move(gpuExtras.namesWithoutVendor);
    catalog.m_firstLaunchYear = std::move(gpuExtras.firstLaunchYear);
    if (!issues.empty())
        throw InputError(std::move(issues));
    return catalog;
}

const model::GpuSpec *Catalog::findGpu(std::string_view id) const
{
    for (const model::GpuSpec &gpu : m_gpus) {
        if (equalsIgnoreCase(gpu.id, id))
            return &gpu;
    }
    return nullptr;
}

const model::ModelSpec *Catalog::findModel(std::string_view idOrRepo) const
{
    if (idOrRepo.empty())
        return nullptr;
    for (const model::ModelSpec &spec : m_models) {
        if (equalsIgnoreCase(spec.id, idOrRepo) || equalsIgnoreCase(spec.hfRepo, idOrRepo))
            return &spec;
    }
    return nullptr;
}

const model::GpuSpec *Catalog::resolveGpu(std::string_view spelling, std::string *note) const
{
    spelling = trimmed(spelling);
    if (spelling.empty())
        return nullptr;
    if (const model::GpuSpec *byId = findGpu(spelling))
        return byId;
    for (std::size_t i = 0; i < m_gpus.size(); ++i) {
        if (equalsIgnoreCase(m_gpus[i].name, spelling)
            || equalsIgnoreCase(m_gpuNamesWithoutVendor[i], spelling))
            return &m_gpus[i];
    }
    for (const Alias &alias : m_gpuAliases) {
        if (equalsIgnoreCase(alias.text, spelling)) {
            if (note)
                *note = alias.note;
            return alias.id.empty() ? nullptr : findGpu(alias.id);
        }
    }
    return nullptr;
}

const model::ModelSpec *Catalog::resolveModel(std::string_view spelling, std::string *note) const
{
    spelling = trimmed(spelling);
    if (const model::ModelSpec *spec = findModel(spelling))
        return spec;
    for (const Alias &alias : m_modelAliases) {
        if (equalsIgnoreCase(alias.text, spelling)) {
            if (note)
                *note = alias.note;
            return alias.id.empty() ? nullptr : findModel(alias.id);
        }
    }
    return nullptr;
}

const ServingSoftware *Catalog::findServingSoftware(std::string_view id) const
{
    for (const ServingSoftware &s : m_software)
        if (equalsIgnoreCase(s.id, id))
            return &s;
    return nullptr;
}

int Catalog::firstLaunchYear(std::string_view architecture) const
{
    const auto found = m_firstLaunchYear.find(architecture);
    return found == m_firstLaunchYear.end() ? -1 : found->second;
}

int ServingSoftware::batchedTokensFor(const model::GpuSpec &gpu, int maxContextTokens) const
{
    int budget = maxBatchedTokens;
    const auto contains = [](std::string_view text, std::string_view part) {
        return !part.empty()
               && std::search(text.begin(), text.end(), part.begin(), part.end(),
                              [](char x, char y) { return lowerAscii(x) == lowerAscii(y); })
                          != text.end();
    };
    constexpr double kBytesPerGib = 1073741824.0;
    if (largeGpuMaxBatchedTokens > 0 && gpu.memoryGb * 1e9 >= largeGpuMinMemoryGib * kBytesPerGib
        && !contains(gpu.name, largeGpuNameExcludes))
        budget = largeGpuMaxBatchedTokens;
    if (maxBatchedTokensAtLeastContext)
        budget = std::max(budget, maxContextTokens);
    return budget;
}

const CsvTable *Catalog::table(std::string_view fileName) const
{
    const auto found = m_tables.find(fileName);
    return found == m_tables.end() ? nullptr : &found->second;
}

std::vector<std::string> closestMatches(std::string_view word,
                                        const std::vector<std::string> &candidates, std::size_t max)
{
    // A third of the word's length, but at least 2, keeps hints for short ids useful without
    // suggesting unrelated long names.
    const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
    std::vector<std::pair<std::size_t, std::string>> scored;
    for (const std::string &candidate : candidates) {
        const std::size_t distance = editDistance(word, candidate);
        if (distance <= limit)
            scored.emplace_back(distance, candidate);
    }
    std::sort(scored.begin(), scored.end());
    scored.erase(std::unique(scored.begin(), scored.end()), scored.end());
    std::vector<std::string> result;
    for (std::size_t i = 0; i < scored.size() && result.size() < max; ++i)
        result.push_back(std::move(scored[i].second));
    return result;
}

} // namespace tw::catalog
