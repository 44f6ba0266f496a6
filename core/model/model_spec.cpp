#include "core/model/model_spec.h"

#include "core/common/error.h"
#include "core/model/attention_layout.h"

namespace tw::model {

ModelFootprint computeFootprint(const ModelSpec &model, Precision weights, Precision kvCache)
{
    ModelFootprint fp;
    const double weightBytesPerParam = bytesPerElement(weights);
    fp.weightBytes = model.totalParams * weightBytesPerParam;
    if (model.isMoe() && model.moeExperts > model.moeTopK
        && model.totalParams > model.activeParams) {
        // Routed experts are the only weights a token may skip: total = dense + E x expert and
        // active = dense + k x expert, so one expert holds (total - active) / (E - k) weights.
        // Taken from the catalog's own counts, this holds whatever the layer layout (dense
        // layers in front as in DeepSeek-V3, MoE on alternate layers as in Llama 4 Maverick,
        // shared experts counted in the dense part).
        const double perExpert
                = (model.totalParams - model.activeParams) / (model.moeExperts - model.moeTopK);
        fp.routedExpertWeightBytes = perExpert * model.moeExperts * weightBytesPerParam;
    }
    std::string problem;
    const AttentionLayout layout
            = parseAttentionLayout(model.attentionLayout, model.layers, problem);
    if (!problem.empty())
        throw InputError("model.attentionLayout", problem);
    const double kvElementBytes = bytesPerElement(kvCache);
    const double kvPerLayer = 2.0 * model.kvHeads * model.headDim * kvElementBytes;
    fp.latentKvBytesPerToken
            = layout.mlaLayers * (layout.mlaLatentRank + layout.mlaRopeDim) * kvElementBytes;
    fp.kvBytesPerToken = layout.fullLayers * kvPerLayer + fp.latentKvBytesPerToken;
    fp.windowKvBytesPerToken = layout.windowLayers * kvPerLayer;
    fp.windowTokens = layout.windowLayers > 0 ? layout.windowTokens : 0;
    fp.stateBytesPerSequence = layout.stateSpaceLayers * layout.stateElementsPerLayer * 2.0;
    fp.linearFlopsPerToken = 2.0 * model.activeParams;
    const double fullFlopsPerLayer = 4.0 * model.attentionHeads * model.headDim;
    fp.attentionFlopsPerContextToken = layout.fullLayers * fullFlopsPerLayer
                                       + layout.mlaLayers * 2.0 * model.attentionHeads
                                                 * (2.0 * layout.mlaLatentRank + layout.mlaRopeDim);
    fp.windowAttentionFlopsPerContextToken = layout.windowLayers * fullFlopsPerLayer;
    fp.activationBytesPerToken = 2.0 * model.hiddenSize;
    return fp;
}

} // namespace tw::model
