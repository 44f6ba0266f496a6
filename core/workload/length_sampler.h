#pragma once

#include "core/scenario/scenario.h"

namespace tw {
class RandomStream;
}

namespace tw::workload {

/// Draws token counts from a LengthDistribution: the raw draw is rounded to a whole number and
/// then bounded to [minTokens, maxTokens] (maxTokens = 0: no upper bound). Inverse-CDF
/// sampling with one uniform per draw. Derived parameters are computed once, here.
class LengthSampler
{
public:
    explicit LengthSampler(const scenario::LengthDistribution &distribution);

    int sample(RandomStream &stream) const;

private:
    const scenario::LengthDistribution *m_distribution;
    double m_logMean = 0.0;  ///< lognormal mu
    double m_logSigma = 0.0; ///< lognormal sigma
    double m_minTokens = 1.0;
    double m_maxTokens = 1e9;
};

} // namespace tw::workload
