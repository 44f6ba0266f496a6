#include "core/model/model_spec.h"

namespace tw::model {

ModelFootprint computeFootprint(const ModelSpec &model, Precision weights, Precision kvCache)
{
    ModelFootprint fp;
    const double weightBytesPerParam = bytesPerElement(weights);
    fp.weightBytes = model.totalParams * weightBytesPerParam;
    if (model.isMoe()) {
        // A routed expert is a gated FFN: gate, up and down projections of
        // hidden x expertWidth each (Mixtral, Qwen3-MoE, DeepSeek configs).
        const double expertWidth = model.moeIntermediateSize > 0 ? model.moeIntermediateSize
                                                                  : model.intermediateSize;
        const double perExpert = 3.0 * model.hiddenSize * expertWidth;
        const double routed = static_cast<double>(model.layers) * model.moeExperts * perExpert;
        // Some MoE models keep dense layers in front (DeepSeek): never exceed the total.
        fp.routedExpertWeightBytes =
                (routed < model.totalParams ? routed : model.totalParams) * weightBytesPerParam;
    }
    fp.kvBytesPerToken = 2.0 * model.layers * model.kvHeads * model.headDim
                         * bytesPerElement(kvCache);
    fp.linearFlopsPerToken = 2.0 * model.activeParams;
    fp.attentionFlopsPerContextToken = 4.0 * model.layers * model.attentionHeads * model.headDim;
    fp.activationBytesPerToken = 2.0 * model.hiddenSize;
    return fp;
}

} // namespace tw::model
