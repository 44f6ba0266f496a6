#pragma once

#include "core/common/random.h"
#include "core/scenario/scenario.h"

#include <cstdint>
#include <optional>

namespace tw::workload {

/// One open-loop arrival.
struct Arrival
{
    double timeSeconds = 0.0;
    int promptTokens = -1; ///< from a trace; -1 = draw from the class distribution
    int outputTokens = -1;
};

/// Generates the open-loop arrival stream (Poisson, Gamma renewal, trace replay) in time order.
/// Diurnal modulation is a time change: inter-arrival gaps are drawn in "operational time" at
/// unit rate and mapped to real time through the inverse of the cumulative rate
/// Lambda(t) = integral of rate(s) ds, which turns a renewal process into its time-varying
/// version (Cinlar, Introduction to Stochastic Processes, 1975, ch. 4: a Poisson process
/// under this map is the non-homogeneous Poisson process with that rate).
class ArrivalProcess
{
public:
    ArrivalProcess(const scenario::ArrivalSpec &spec, RandomStream stream);

    /// The next arrival, or nullopt when the process has ended (a finished trace).
    std::optional<Arrival> next();

private:
    double realTimeFor(double operationalTime);

    const scenario::ArrivalSpec &m_spec;
    RandomStream m_stream;
    double m_operationalTime = 0.0;
    // Diurnal cursor: the current hour segment [m_segmentStart, +1 h) in real time and the
    // operational time at its start.
    double m_segmentStartSeconds = 0.0;
    double m_segmentStartOperational = 0.0;
    long long m_segmentHour = 0;
    // Trace cursor.
    std::size_t m_traceIndex = 0;
    double m_traceOffsetSeconds = 0.0;
};

} // namespace tw::workload
