#include "core/workload/length_sampler.h"

#include "core/common/random.h"

#include <algorithm>
#include <cmath>

namespace tw::workload {

LengthSampler::LengthSampler(const scenario::LengthDistribution &d)
    : m_distribution(&d)
{
    if (d.kind == scenario::LengthKind::Lognormal) {
        // Parameters from mean m and coefficient of variation c:
        // sigma^2 = ln(1 + c^2), mu = ln(m) - sigma^2 / 2 (Johnson, Kotz and Balakrishnan,
        // Continuous Univariate Distributions, vol. 1, 2nd ed., 1994, ch. 14).
        const double sigma2 = std::log1p(d.cv * d.cv);
        m_logMean = std::log(d.mean) - 0.5 * sigma2;
        m_logSigma = std::sqrt(sigma2);
    }
    m_minTokens = std::max(1, d.minTokens);
    // Bounded far below INT_MAX by validation; the cap keeps a corrupt value from overflowing.
    m_maxTokens = d.maxTokens > 0 ? d.maxTokens : 1e9;
}

int LengthSampler::sample(RandomStream &stream) const
{
    const scenario::LengthDistribution &d = *m_distribution;
    double tokens = d.value;
    switch (d.kind) {
    case scenario::LengthKind::Fixed:
        tokens = std::round(d.value);
        break;
    case scenario::LengthKind::Uniform: {
        const double count = std::floor(d.high) - std::ceil(d.low) + 1.0;
        tokens = std::ceil(d.low) + std::floor(stream.uniformOpen() * count);
        break;
    }
    case scenario::LengthKind::Lognormal:
        tokens = std::round(
                std::exp(m_logMean + m_logSigma * inverseNormalCdf(stream.uniformOpen())));
        break;
    case scenario::LengthKind::Empirical: {
        if (d.values.empty()) {
            tokens = m_minTokens;
            break;
        }
        const auto index = static_cast<std::size_t>(stream.uniformOpen()
                                                    * static_cast<double>(d.values.size()));
        tokens = d.values[std::min(index, d.values.size() - 1)];
        break;
    }
    case scenario::LengthKind::Exponential:
        // Rounded up rather than to nearest so the count is never 0: a geometric count with
        // p = 1 - exp(-1/mean), whose mean is 1/p (about mean + 0.5).
        tokens = std::ceil(stream.exponential(d.mean));
        break;
    }
    return static_cast<int>(std::clamp(tokens, m_minTokens, m_maxTokens));
}

} // namespace tw::workload
