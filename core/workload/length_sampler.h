#pragma once

#include "core/scenario/scenario.h"

namespace tw {
class RandomStream;
}

namespace tw::workload {

/// Draws a token count from @p distribution: the raw draw is rounded to a whole number and then
/// bounded to [minTokens, maxTokens] (maxTokens = 0: no upper bound). Inverse-CDF sampling with
/// one uniform per draw, so streams stay aligned across distributions.
int sampleLength(const scenario::LengthDistribution &distribution, RandomStream &stream);

} // namespace tw::workload
