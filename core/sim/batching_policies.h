#pragma once

// The registry of batching policies: every policy the engine simulates is one entry of
// batchingPolicies() (batching_policies.cpp), and everything that names or builds a policy
// reads it: the scenario reader and writer (serving.policy), the engine (which replica class
// runs a deployment), the window's policy box and batch lever, and docs/scenario-format.md
// (checked by tests/core/tst_engine). A policy's behaviour lives in its replica class, one
// file each (continuous_replica.cpp, batch_replica.cpp), which also defines its factory.

#include "core/hardware/perf_model.h"
#include "core/scenario/scenario.h"

#include <memory>
#include <span>
#include <string_view>

namespace tw::sim {

class Replica;
class ReplicaHost;

/// Builds the replica that runs one policy (index = the replica's engine-wide number).
using ReplicaFactory = std::unique_ptr<Replica> (*)(ReplicaHost &host, int deployment, int index,
                                                    const hardware::PerfModel &perf,
                                                    const scenario::ServingSpec &serving);

struct BatchingPolicyInfo
{
    scenario::BatchingPolicy policy;
    std::string_view key;         ///< serving.policy in a scenario file
    std::string_view label;       ///< how the window names it ("Continuous batching")
    std::string_view description; ///< one line, for docs and tooltips
    /// The serving field (scenario-file key) that bounds the batch, empty without batching.
    std::string_view batchLimitKey;
    ReplicaFactory makeReplica;
};

/// Every policy, in the order the window lists them.
std::span<const BatchingPolicyInfo> batchingPolicies();

/// The entry of @p policy (every value of scenario::BatchingPolicy has one).
const BatchingPolicyInfo &batchingPolicy(scenario::BatchingPolicy policy);

} // namespace tw::sim
