#include "core/model/model_spec.h"

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
    fp.kvBytesPerToken
            = 2.0 * model.layers * model.kvHeads * model.headDim * bytesPerElement(kvCache);
    fp.linearFlopsPerToken = 2.0 * model.activeParams;
    fp.attentionFlopsPerContextToken = 4.0 * model.layers * model.attentionHeads * model.headDim;
    fp.activationBytesPerToken = 2.0 * model.hiddenSize;
    return fp;
}

} // namespace tw::model
