#pragma once

#include "core/model/precision.h"

#include <string>

namespace tw::model {

/// Architecture of a transformer language model, as in its Hugging Face config.json.
/// Parameter counts are plain counts (not billions).
struct ModelSpec
{
    std::string id;            ///< catalog id, e.g. "llama-3.1-70b"; empty for an inline model
    std::string hfRepo;        ///< e.g. "meta-llama/Llama-3.1-70B-Instruct"
    double totalParams = 0.0;  ///< all weights, including every expert of a mixture-of-experts
    double activeParams = 0.0; ///< weights used per token (equal to totalParams for dense models)
    int layers = 0;
    int hiddenSize = 0;
    int intermediateSize = 0;    ///< dense FFN width (per expert for Mixtral-style models)
    int moeIntermediateSize = 0; ///< FFN width of one routed expert; 0 = same as intermediateSize
    int attentionHeads = 0;
    int kvHeads = 0;
    int headDim = 0;
    int vocabSize = 0;
    int maxContextTokens = 0;
    int moeExperts = 0; ///< routed experts per MoE layer; 0 for dense models
    int moeTopK = 0;    ///< experts activated per token
    int moeSharedExperts = 0;
    bool tiedEmbeddings = false;
    std::string source;       ///< where the figures come from
    std::string verification; ///< how they were checked

    bool isMoe() const { return moeExperts > 0 && moeTopK > 0; }

    bool operator==(const ModelSpec &) const = default;
};

/// Quantities derived from a ModelSpec and the chosen precisions. Pure arithmetic; see
/// docs/model.md for each formula and its source.
struct ModelFootprint
{
    double weightBytes = 0.0;             ///< totalParams x bytes per weight
    double routedExpertWeightBytes = 0.0; ///< weights of routed experts (MoE), see computeFootprint
    double kvBytesPerToken = 0.0;         ///< 2 (K and V) x layers x kvHeads x headDim x bytes
    double linearFlopsPerToken = 0.0;     ///< 2 x activeParams (one multiply-add per weight)
    /// Attention FLOPs per token per token of context: 4 x layers x heads x headDim
    /// (QK^T and attention x V, 2 FLOPs per multiply-add each).
    double attentionFlopsPerContextToken = 0.0;
    double activationBytesPerToken = 0.0; ///< hidden x 2 bytes (bf16), the all-reduce payload
};

ModelFootprint computeFootprint(const ModelSpec &model, Precision weights, Precision kvCache);

} // namespace tw::model
