#pragma once

#include <cstdint>

namespace tw {

/// Simulated time is kept in integer nanoseconds; models compute in double seconds and are
/// rounded to the nearest nanosecond once, here, when a time is scheduled (halves round away
/// from zero, as std::llround, without its library call on the engine's hot path).
inline std::int64_t secondsToNs(double seconds)
{
    const double ns = seconds * 1e9;
    auto whole = static_cast<std::int64_t>(ns); // truncates toward zero
    const double rest = ns - static_cast<double>(whole);
    if (rest >= 0.5)
        ++whole;
    else if (rest <= -0.5)
        --whole;
    return whole;
}

inline double nsToSeconds(std::int64_t ns)
{
    return static_cast<double>(ns) * 1e-9;
}

} // namespace tw
