#pragma once

#include <string>
#include <string_view>

namespace tw::model {

/// What the layers of a model keep per sequence, by kind (docs/model.md, "Attention layouts").
/// Written in the catalog's `attention_layout` column and a scenario's
/// `model.attentionLayout` as terms `COUNT*KIND` joined by `+`, e.g. "40*window(1024)+8*full"
/// (Gemma 3 12B), "61*mla(512,64)" (DeepSeek-V3), "4*full+27*mamba(1347584)+25*mlp"
/// (Nemotron-Nano-9B-v2). Empty text means every layer is full attention. Kinds:
/// - `full`: attention over the whole context; K and V of every token, split over TP by head.
/// - `window(N)`: sliding-window attention over the last N tokens; caches at most N tokens.
/// - `chunk(N)`: chunked local attention (Llama 4): attends within chunks of N tokens and
///   caches at most N; simulated as window(N), an upper bound on its KV and reads.
/// - `mla(R,P)`: multi-head latent attention; caches one latent of R + P elements per token,
///   held whole by every TP GPU (the latent has no heads to split).
/// - `mamba(S)`: a state-space layer with S state elements per sequence (SSM state plus the
///   convolution window), whatever the context; split over TP by head.
/// - `mlp`: a layer with no sequence mixing (no cache).
struct AttentionLayout
{
    int fullLayers = 0;
    int windowLayers = 0;
    int windowTokens = 0; ///< N of window(N) and chunk(N); 0 when there are none
    int mlaLayers = 0;
    int mlaLatentRank = 0; ///< R of mla(R,P)
    int mlaRopeDim = 0;    ///< P of mla(R,P)
    int stateSpaceLayers = 0;
    double stateElementsPerLayer = 0.0; ///< S of mamba(S)
    int mlpLayers = 0;

    /// Layers whose cache grows with the context (full and MLA).
    int growingLayers() const { return fullLayers + mlaLayers; }
    bool isAllFull() const
    {
        return windowLayers == 0 && mlaLayers == 0 && stateSpaceLayers == 0 && mlpLayers == 0;
    }
};

/// Parses @p text for a model of @p layers layers. On a problem returns a default layout and
/// sets @p problem to a message naming the value and what is accepted. Rejected: an unknown
/// kind (a layout the engine cannot represent, such as linear or block-sparse attention), counts
/// that do not add up to @p layers, two different window sizes, and a model with no full or MLA
/// layer (the engine measures the cache in tokens of the layers that grow with the context).
AttentionLayout parseAttentionLayout(std::string_view text, int layers, std::string &problem);

/// The kinds parseAttentionLayout() accepts, for messages.
inline constexpr std::string_view kAttentionLayoutKinds
        = "full, window(N), chunk(N), mla(R,P), mamba(S), mlp";

} // namespace tw::model
