#include "core/workload/arrival_process.h"

#include <cmath>

namespace tw::workload {

ArrivalProcess::ArrivalProcess(const scenario::ArrivalSpec &spec, RandomStream stream)
    : m_spec(spec)
    , m_stream(stream)
{}

std::optional<Arrival> ArrivalProcess::next()
{
    using scenario::ArrivalKind;
    switch (m_spec.kind) {
    case ArrivalKind::Poisson:
        m_operationalTime += m_stream.exponential(1.0);
        return Arrival{realTimeFor(m_operationalTime)};
    case ArrivalKind::Gamma: {
        // Gamma renewal with mean 1 and coefficient of variation cv: shape 1/cv^2, scale cv^2.
        const double shape = 1.0 / (m_spec.cv * m_spec.cv);
        m_operationalTime += m_stream.gamma(shape, 1.0 / shape);
        return Arrival{realTimeFor(m_operationalTime)};
    }
    case ArrivalKind::Trace: {
        if (!m_spec.trace || m_spec.trace->empty())
            return std::nullopt;
        const auto &records = *m_spec.trace;
        if (m_traceIndex == records.size()) {
            if (!m_spec.loop)
                return std::nullopt;
            // The next pass starts one mean gap after the last record, so loops do not stack
            // two arrivals at the same instant.
            const double span = records.back().arrivalSeconds;
            const double meanGap
                    = records.size() > 1 ? span / static_cast<double>(records.size() - 1) : 1.0;
            m_traceOffsetSeconds += (span + meanGap) * m_spec.timeScale;
            m_traceIndex = 0;
        }
        const scenario::TraceRecord &r = records[m_traceIndex++];
        return Arrival{m_traceOffsetSeconds + r.arrivalSeconds * m_spec.timeScale, r.promptTokens,
                       r.outputTokens};
    }
    case ArrivalKind::ClosedLoop:
        return std::nullopt; // closed loops are driven by the engine, user by user
    }
    return std::nullopt;
}

double ArrivalProcess::realTimeFor(double operationalTime)
{
    const double rate = m_spec.ratePerSecond;
    if (!m_spec.diurnal)
        return operationalTime / rate;
    // Walk hour segments forward (amortised O(1) per arrival): each hour of real time adds
    // rate x multiplier x 3600 to operational time.
    for (;;) {
        const auto hourOfDay = static_cast<std::size_t>(
                ((m_segmentHour + static_cast<long long>(std::floor(m_spec.startHour))) % 24 + 24)
                % 24);
        const double segmentRate = rate * m_spec.hourlyMultipliers[hourOfDay];
        // The first segment may be shorter when the start hour is fractional.
        const double segmentLength
                = m_segmentHour == 0
                          ? 3600.0 * (1.0 - (m_spec.startHour - std::floor(m_spec.startHour)))
                          : 3600.0;
        const double segmentOperational = segmentRate * segmentLength;
        if (segmentRate > 0.0 && operationalTime <= m_segmentStartOperational + segmentOperational)
            return m_segmentStartSeconds
                   + (operationalTime - m_segmentStartOperational) / segmentRate;
        m_segmentStartOperational += segmentOperational;
        m_segmentStartSeconds += segmentLength;
        ++m_segmentHour;
    }
}

} // namespace tw::workload
