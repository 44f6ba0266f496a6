#include "core/calibration/measurement_tables.h"

#include "core/calibration/measurement_text.h"
#include "core/catalog/catalog.h"

namespace tw::calibration {
namespace tables {
namespace {

/// Mean prompt length assumed for ML.ENERGY v3's LM Arena chat task, whose data file does not
/// report it (docs/validation.md, "Assumptions").
constexpr double kMlEnergyV3PromptTokens = 300.0;

constexpr SourceAssumption kSourceAssumptions[] = {
        {"mlenergy_v3",
         kMlEnergyV3PromptTokens,
         0.0,
         "prompt length not reported: LM Arena conversations, each request carrying its earlier "
         "turns; assumed mean 300 tokens (docs/validation.md)",
         0.0,
         0,
         {}},
        {"mlenergy_v2", 210.0, 0.0,
         "prompt length not reported: ShareGPT first turns (Kwon et al. 2023, Fig. 11: mean "
         "161 tokens) plus the 35-token chat system prompt and template; assumed mean 210",
         0.95, 4096,
         "server settings of the source's run script (ml-energy/leaderboard, benchmark/"
         "llm_text_generation/chat/scripts/benchmark_one_datapoint.py): "
         "--gpu-memory-utilization 0.95, --max-model-len 4096, --enable-chunked-prefill False"},
        {"mlenergy_v1",
         210.0,
         0.0,
         "prompt length not reported: ShareGPT prompts with the chat system prompt, as for "
         "ML.ENERGY v2; assumed mean 210 tokens",
         0.0,
         0,
         {}},
        {"splitwise_profile",
         0.0,
         128.0,
         "decode timed over 128 generated tokens (token_size of splitwise-sim's "
         "perf_model.csv), so the mean context is prompt + 64",
         0.0,
         0,
         {}},
};

struct GpuSpelling
{
    std::string_view text;
    std::string_view id; ///< empty: known to be ambiguous or absent, see why
    std::string_view why;
};

constexpr GpuSpelling kGpuSpellings[] = {
        {"H100 SXM 80GB", "h100_sxm", ""},
        {"H100 SXM5 80GB", "h100_sxm", ""},
        {"H100 80GB HBM3", "h100_sxm", ""},
        {"H100 PCIe 80GB", "h100_pcie", ""},
        {"H200 SXM 141GB", "h200_sxm", ""},
        {"B200", "b200", ""},
        {"A100 SXM4 40GB", "a100_sxm_40", ""},
        {"A100-SXM4-40GB", "a100_sxm_40", ""},
        {"A100 SXM4 80GB", "a100_sxm_80", ""},
        {"A100 SXM 80GB (DGX-A100)", "a100_sxm_80", ""},
        {"A100 SXM4 80GB (AWS)", "a100_sxm_80", ""},
        {"A100 PCIe 80GB", "a100_pcie_80", ""},
        {"L40S 48GB", "l40s", ""},
        {"L4 24GB", "l4", ""},
        {"V100 SXM2 32GB", "v100_sxm2_32", ""},
        {"MI300X 192GB", "mi300x", ""},
        {"A100 (variant not stated)", "",
         "GPU variant not stated (A100 40/80 GB, SXM/PCIe differ by up to 1.3x in memory "
         "bandwidth)"},
        {"V100 (variant not stated)", "",
         "GPU variant not stated (V100 16/32 GB, SXM2/PCIe differ in bandwidth and clocks)"},
        {"A40 48GB", "", "GPU 'A40 48GB' is not in the GPU catalog"},
};

struct ModelAlias
{
    std::string_view text;
    std::string_view catalogId;
    std::string_view note;
};

// Only spellings whose architecture is the catalog entry's, checked against the models'
// config.json; anything else is reported as unknown rather than guessed.
constexpr ModelAlias kModelAliases[] = {
        {"meta-llama/Meta-Llama-3.1-8B-Instruct", "llama-3.1-8b", "renamed Hugging Face repo"},
        {"meta-llama/Meta-Llama-3.1-70B-Instruct", "llama-3.1-70b", "renamed Hugging Face repo"},
        {"meta-llama/Meta-Llama-3.1-405B-Instruct", "llama-3.1-405b", "renamed Hugging Face repo"},
        {"meta-llama/Meta-Llama-3-8B-Instruct", "llama-3-8b", "instruct tune, same weights shape"},
        {"meta-llama/Meta-Llama-3-70B-Instruct", "llama-3-70b", "instruct tune, same shape"},
        {"meta-llama/Llama-2-70b", "llama-2-70b", "the Llama-2-70B weights"},
        {"meta-llama/Llama-2-70b-chat-hf", "llama-2-70b", "chat tune, same shape"},
        {"meta-llama/Llama-2-7b-chat-hf", "llama-2-7b", "chat tune, same shape"},
        {"meta-llama/Llama-2-13b-chat-hf", "llama-2-13b", "chat tune, same shape"},
        {"metaai/Llama-2-7b-chat-hf", "llama-2-7b", "chat tune, same shape"},
        {"metaai/Llama-2-13b-chat-hf", "llama-2-13b", "chat tune, same shape"},
        {"metaai/llama-7B", "llama-2-7b", "LLaMA-1 7B has Llama-2-7B's shape (2K context)"},
        {"metaai/llama-13B", "llama-2-13b", "LLaMA-1 13B has Llama-2-13B's shape (2K context)"},
        {"lmsys/vicuna-7B", "llama-2-7b", "Vicuna-7B is a LLaMA-7B fine-tune"},
        {"lmsys/vicuna-13B", "llama-2-13b", "Vicuna-13B is a LLaMA-13B fine-tune"},
        {"h2oai/h2ogpt-gm-oasst1-en-2048-open-llama-7b-preview-300bt-v2", "llama-2-7b",
         "OpenLLaMA-7B has LLaMA-7B's shape"},
        {"mistralai/Mistral-7B-Instruct-v0.1", "mistral-7b", "instruct tune, same shape"},
        {"mistralai/Mistral-7B-Instruct-v0.3", "mistral-7b",
         "v0.3 differs from v0.1 only by a 32,768-token vocabulary (+0.1 % weights)"},
        {"mistralai/Mixtral-8x7B-Instruct-v0.1", "mixtral-8x7b", "instruct tune, same shape"},
        {"mistralai/Mixtral-8x22B-Instruct-v0.1-pp1", "mixtral-8x22b",
         "ML.ENERGY's label for the same model run without pipeline parallelism"},
};

/// Catalog models whose attention TokenWatt does not model, so that no prediction of theirs
/// would mean anything.
struct UnmodelledModel
{
    std::string_view catalogId;
    std::string_view why;
};

constexpr UnmodelledModel kUnmodelledModels[] = {
        {"deepseek-v3.1",
         "multi-head latent attention is not modelled: TokenWatt would count 128 full KV heads "
         "(6.0 MB per token in BF16) where the compressed cache holds 70 KB"},
};

} // namespace

const SourceAssumption *assumptionFor(std::string_view sourceKey)
{
    for (const SourceAssumption &a : kSourceAssumptions)
        if (a.sourceKey == sourceKey)
            return &a;
    return nullptr;
}

std::string_view unmodelledReason(std::string_view catalogId)
{
    for (const UnmodelledModel &unmodelled : kUnmodelledModels)
        if (catalogId == unmodelled.catalogId)
            return unmodelled.why;
    return {};
}

} // namespace tables

std::string gpuIdFor(std::string_view gpuText, std::string *why)
{
    for (const tables::GpuSpelling &spelling : tables::kGpuSpellings) {
        if (text::equalsIgnoreCase(text::trimmed(gpuText), spelling.text)) {
            if (why && spelling.id.empty())
                *why = spelling.why;
            return std::string(spelling.id);
        }
    }
    return {};
}

const model::ModelSpec *findModelFor(std::string_view modelText, const catalog::Catalog &catalog,
                                     bool *fp8Checkpoint, std::string *aliasNote)
{
    std::string_view name = text::trimmed(modelText);
    const bool fp8 = text::endsWithIgnoreCase(name, "-FP8");
    if (fp8)
        name.remove_suffix(4);
    if (fp8Checkpoint)
        *fp8Checkpoint = fp8;
    if (const model::ModelSpec *spec = catalog.findModel(name))
        return spec;
    for (const tables::ModelAlias &alias : tables::kModelAliases) {
        if (text::equalsIgnoreCase(name, alias.text)) {
            if (aliasNote)
                *aliasNote = std::string(alias.note);
            return catalog.findModel(alias.catalogId);
        }
    }
    return nullptr;
}

} // namespace tw::calibration
