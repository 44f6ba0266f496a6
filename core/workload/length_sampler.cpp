#include "core/workload/length_sampler.h"

#include "core/common/random.h"

#include <algorithm>
#include <cmath>

namespace tw::workload {

int sampleLength(const scenario::LengthDistribution &d, RandomStream &stream)
{
    double raw = d.value;
    switch (d.kind) {
    case scenario::LengthKind::Fixed:
        raw = d.value;
        break;
    case scenario::LengthKind::Uniform: {
        const double count = std::floor(d.high) - std::ceil(d.low) + 1.0;
        raw = std::ceil(d.low) + std::floor(stream.uniformOpen() * count);
        break;
    }
    case scenario::LengthKind::Lognormal: {
        // Parameters from mean m and coefficient of variation c:
        // sigma^2 = ln(1 + c^2), mu = ln(m) - sigma^2 / 2 (Johnson, Kotz and Balakrishnan,
        // Continuous Univariate Distributions, vol. 1, ch. 14).
        const double sigma2 = std::log1p(d.cv * d.cv);
        const double mu = std::log(d.mean) - 0.5 * sigma2;
        raw = std::exp(mu + std::sqrt(sigma2) * inverseNormalCdf(stream.uniformOpen()));
        break;
    }
    case scenario::LengthKind::Empirical: {
        if (d.values.empty())
            return std::max(1, d.minTokens);
        const auto index = static_cast<std::size_t>(stream.uniformOpen()
                                                    * static_cast<double>(d.values.size()));
        raw = d.values[std::min(index, d.values.size() - 1)];
        break;
    }
    case scenario::LengthKind::Exponential:
        // Rounded up rather than to nearest so the count is never 0; the mean becomes
        // about mean + 0.5.
        raw = std::ceil(stream.exponential(d.mean));
        break;
    }
    double tokens = d.kind == scenario::LengthKind::Exponential ? raw : std::round(raw);
    tokens = std::max(tokens, static_cast<double>(std::max(1, d.minTokens)));
    if (d.maxTokens > 0)
        tokens = std::min(tokens, static_cast<double>(d.maxTokens));
    // Bounded far below INT_MAX by validation; the clamp keeps a corrupt value from overflowing.
    return static_cast<int>(std::min(tokens, 1.0e9));
}

} // namespace tw::workload
