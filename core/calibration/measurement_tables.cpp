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

} // namespace

const SourceAssumption *assumptionFor(std::string_view sourceKey)
{
    for (const SourceAssumption &a : kSourceAssumptions)
        if (a.sourceKey == sourceKey)
            return &a;
    return nullptr;
}

} // namespace tables

const model::ModelSpec *findModelFor(std::string_view modelText, const catalog::Catalog &catalog,
                                     bool *fp8Checkpoint, std::string *aliasNote)
{
    std::string_view name = text::trimmed(modelText);
    const bool fp8 = text::endsWithIgnoreCase(name, "-FP8");
    if (fp8)
        name.remove_suffix(4);
    if (fp8Checkpoint)
        *fp8Checkpoint = fp8;
    return catalog.resolveModel(name, aliasNote);
}

} // namespace tw::calibration
