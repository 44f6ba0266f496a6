#include "core/common/random.h"

#include <cmath>

namespace tw {
namespace {
constexpr std::uint64_t rotl(std::uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

// Evaluates a polynomial with coefficients in increasing degree order.
template<std::size_t N> double poly(const double (&c)[N], double x)
{
    double value = 0.0;
    for (std::size_t i = N; i-- > 0;)
        value = value * x + c[i];
    return value;
}
} // namespace

RandomStream::RandomStream(std::uint64_t seed, std::uint64_t replication, std::string_view name)
{
    std::uint64_t mix = seed;
    mix ^= splitMix64(mix) + replication * 0xD1B54A32D192ED03ull;
    mix ^= streamId(name);
    for (std::uint64_t &word : m_state)
        word = splitMix64(mix);
}

std::uint64_t RandomStream::nextU64()
{
    const std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
    const std::uint64_t t = m_state[1] << 17;
    m_state[2] ^= m_state[0];
    m_state[3] ^= m_state[1];
    m_state[1] ^= m_state[2];
    m_state[0] ^= m_state[3];
    m_state[2] ^= t;
    m_state[3] = rotl(m_state[3], 45);
    return result;
}

double RandomStream::uniformOpen()
{
    // 52 random bits placed at the centres of 2^52 equal cells of (0, 1).
    return (static_cast<double>(nextU64() >> 12) + 0.5) * 0x1.0p-52;
}

double RandomStream::standardNormal()
{
    return inverseNormalCdf(uniformOpen());
}

double RandomStream::exponential(double mean)
{
    return -mean * std::log(uniformOpen());
}

double RandomStream::gamma(double shape, double scale)
{
    if (shape < 1.0) {
        // Boost to shape + 1 and scale back by U^(1/shape) (Marsaglia and Tsang, section 6).
        const double boost = std::pow(uniformOpen(), 1.0 / shape);
        return gamma(shape + 1.0, scale) * boost;
    }
    const double d = shape - 1.0 / 3.0;
    const double c = 1.0 / std::sqrt(9.0 * d);
    for (;;) {
        double x = 0.0;
        double v = 0.0;
        do {
            x = standardNormal();
            v = 1.0 + c * x;
        } while (v <= 0.0);
        v = v * v * v;
        const double u = uniformOpen();
        if (u < 1.0 - 0.0331 * x * x * x * x)
            return d * v * scale;
        if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v)))
            return d * v * scale;
    }
}

double inverseNormalCdf(double p)
{
    // Coefficients of AS241 PPND16, Wichura (1988), Table 1, in increasing degree.
    static constexpr double a[]
            = {3.3871328727963666080e0, 1.3314166789178437745e2, 1.9715909503065514427e3,
               1.3731693765509461125e4, 4.5921953931549871457e4, 6.7265770927008700853e4,
               3.3430575583588128105e4, 2.5090809287301226727e3};
    static constexpr double b[] = {1.0,
                                   4.2313330701600911252e1,
                                   6.8718700749205790830e2,
                                   5.3941960214247511077e3,
                                   2.1213794301586595867e4,
                                   3.9307895800092710610e4,
                                   2.8729085735721942674e4,
                                   5.2264952788528545610e3};
    static constexpr double c[]
            = {1.42343711074968357734e0,  4.63033784615654529590e0, 5.76949722146069140550e0,
               3.64784832476320460504e0,  1.27045825245236838258e0, 2.41780725177450611770e-1,
               2.27238449892691845833e-2, 7.74545014278341407640e-4};
    static constexpr double d[] = {1.0,
                                   2.05319162663775882187e0,
                                   1.67638483018380384940e0,
                                   6.89767334985100004550e-1,
                                   1.48103976427480074590e-1,
                                   1.51986665636164571966e-2,
                                   5.47593808499534494600e-4,
                                   1.05075007164441684324e-9};
    static constexpr double e[]
            = {6.65790464350110377720e0,  5.46378491116411436990e0,  1.78482653991729133580e0,
               2.96560571828504891230e-1, 2.65321895265761230930e-2, 1.24266094738807843860e-3,
               2.71155556874348757815e-5, 2.01033439929228813265e-7};
    static constexpr double f[] = {1.0,
                                   5.99832206555887937690e-1,
                                   1.36929880922735805310e-1,
                                   1.48753612908506148525e-2,
                                   7.86869131145613259100e-4,
                                   1.84631831751005468180e-5,
                                   1.42151175831644588870e-7,
                                   2.04426310338993978564e-15};

    const double q = p - 0.5;
    if (std::fabs(q) <= 0.425) {
        const double r = 0.180625 - q * q;
        return q * poly(a, r) / poly(b, r);
    }
    double r = q < 0.0 ? p : 1.0 - p;
    r = std::sqrt(-std::log(r));
    double value = 0.0;
    if (r <= 5.0) {
        r -= 1.6;
        value = poly(c, r) / poly(d, r);
    } else {
        r -= 5.0;
        value = poly(e, r) / poly(f, r);
    }
    return q < 0.0 ? -value : value;
}

} // namespace tw
