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
    /// Kinds of layers, parsed by parseAttentionLayout(); empty = every layer full attention.
    std::string attentionLayout;
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
    /// KV bytes per token of context of the layers whose cache grows with it: 2 (K and V) x
    /// kvHeads x headDim x bytes per full-attention layer, plus (R + P) x bytes per MLA layer.
    double kvBytesPerToken = 0.0;
    double latentKvBytesPerToken = 0.0; ///< the MLA part of kvBytesPerToken (not split by TP)
    /// KV bytes per cached token of the window layers (2 x kvHeads x headDim x bytes each);
    /// a sequence caches at most windowTokens of them.
    double windowKvBytesPerToken = 0.0;
    int windowTokens = 0;
    /// State of the state-space layers per sequence: S elements x 2 bytes (kept in bf16
    /// whatever the KV precision) per layer.
    double stateBytesPerSequence = 0.0;
    double linearFlopsPerToken = 0.0; ///< 2 x activeParams (one multiply-add per weight)
    /// Attention FLOPs per token per token of context, growing layers: 4 x heads x headDim per
    /// full layer (QK^T and attention x V, 2 FLOPs per multiply-add each); 2 x heads x (2R + P)
    /// per MLA layer (the absorbed form: scores over R + P elements, values over R).
    double attentionFlopsPerContextToken = 0.0;
    /// The same per window layer (4 x heads x headDim), per token of its capped context.
    double windowAttentionFlopsPerContextToken = 0.0;
    double activationBytesPerToken = 0.0; ///< hidden x 2 bytes (bf16), the all-reduce payload
};

/// Throws tw::InputError ("model.attentionLayout") when the layout does not parse.
ModelFootprint computeFootprint(const ModelSpec &model, Precision weights, Precision kvCache);

} // namespace tw::model
