#include "core/sim/batching_policies.h"

#include "core/sim/batch_replica.h"
#include "core/sim/continuous_replica.h"

#include <array>
#include <stdexcept>

namespace tw::sim {
namespace {

using scenario::BatchingPolicy;

// To add a policy: a value of scenario::BatchingPolicy, a replica class in its own file with a
// factory, and one row here. The reader, the writer, the engine and the window follow.
const std::array<BatchingPolicyInfo, 4> kPolicies{{
        {BatchingPolicy::Continuous, "continuous", "Continuous batching",
         "iteration-level batching (Orca, vLLM): requests join and leave the running batch at "
         "every iteration; optional chunked prefill",
         "maxRunningRequests", &makeContinuousReplica},
        {BatchingPolicy::Dynamic, "dynamic", "Dynamic batching",
         "up to maxBatchSize requests, started when full or when the oldest has waited "
         "batchTimeoutSeconds (Triton's dynamic batcher); each request leaves when done",
         "maxBatchSize", &makeDynamicBatchReplica},
        {BatchingPolicy::Static, "static", "Static batching",
         "as dynamic, but the batch is padded to its longest prompt and output and returned "
         "whole (a padded generate() call)",
         "maxBatchSize", &makeStaticBatchReplica},
        {BatchingPolicy::None, "none", "No batching", "one request at a time per replica", "",
         &makeUnbatchedReplica},
}};

} // namespace

std::span<const BatchingPolicyInfo> batchingPolicies()
{
    return kPolicies;
}

const BatchingPolicyInfo &batchingPolicy(BatchingPolicy policy)
{
    for (const BatchingPolicyInfo &info : kPolicies)
        if (info.policy == policy)
            return info;
    throw std::logic_error("batching policy without a registry entry");
}

} // namespace tw::sim
