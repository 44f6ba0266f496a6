#pragma once

#include <cstdint>
#include <string_view>

namespace tw {

/// SplitMix64 step (Steele, Lea and Flood, "Fast splittable pseudorandom number generators",
/// OOPSLA 2014). Used to turn (seed, replication, stream) into independent generator states.
constexpr std::uint64_t splitMix64(std::uint64_t &state)
{
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/// FNV-1a hash of a stream name, so streams are identified by stable names, not by order.
constexpr std::uint64_t streamId(std::string_view name)
{
    std::uint64_t hash = 0xCBF29CE484222325ull;
    for (char c : name) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001B3ull;
    }
    return hash;
}

/// xoshiro256** 1.0 (Blackman and Vigna, "Scrambled linear pseudorandom number generators",
/// ACM TOMS 2021). Bit-identical on every platform, unlike std::*_distribution.
/// One instance per named stream per engine; not thread-safe.
class RandomStream
{
public:
    RandomStream(std::uint64_t seed, std::uint64_t replication, std::string_view name);

    std::uint64_t nextU64();
    /// Uniform in the open interval (0, 1): never exactly 0 or 1, so log() and inverse CDFs
    /// are always finite.
    double uniformOpen();
    /// Standard normal by inverse CDF (Wichura AS241).
    double standardNormal();
    /// Exponential with the given mean, by inverse CDF.
    double exponential(double mean);
    /// Gamma(shape, scale) by Marsaglia and Tsang (ACM TOMS 2000), with our own normals and
    /// uniforms so the sequence is the same on every platform. Mean = shape * scale.
    double gamma(double shape, double scale);

private:
    std::uint64_t m_state[4];
};

/// Inverse of the standard normal CDF, Wichura's algorithm AS241 (Applied Statistics 37,
/// 1988), accurate to about 1e-16. @p p must be in (0, 1).
double inverseNormalCdf(double p);

} // namespace tw
