#include "core/scenario/scenario.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace tw::scenario {
namespace {

/// Closed loops: the fastest a request can possibly complete, so that a zero think time still
/// gives a finite bound.
constexpr double kMinResponseSeconds = 0.001;

/// Requests a trace delivers in [0, horizon). A looping trace restarts one mean inter-arrival
/// gap after its last record (1 s for a single record), as workload::ArrivalProcess replays
/// it, so its period is span x n / (n - 1) and the loop keeps the trace's mean rate.
double traceRequestCount(const ArrivalSpec &arrival, double horizonSeconds)
{
    if (!arrival.trace || arrival.trace->empty() || horizonSeconds <= 0.0)
        return 0.0;
    const std::vector<TraceRecord> &records = *arrival.trace;
    const auto countBefore = [&](double seconds) {
        // Scaled arrival times are sorted, so the count is a binary search.
        const auto it
                = std::lower_bound(records.begin(), records.end(), seconds,
                                   [&](const TraceRecord &record, double limit) {
                                       return record.arrivalSeconds * arrival.timeScale < limit;
                                   });
        return static_cast<double>(it - records.begin());
    };
    if (!arrival.loop)
        return countBefore(horizonSeconds);

    const double n = static_cast<double>(records.size());
    const double span = records.back().arrivalSeconds;
    const double meanGap = records.size() > 1 ? span / (n - 1.0) : 1.0;
    const double period = (span + meanGap) * arrival.timeScale;
    if (!(period > 0.0))
        return std::numeric_limits<double>::infinity(); // would replay forever at one instant
    const double fullLoops = std::floor(horizonSeconds / period);
    return fullLoops * n + countBefore(horizonSeconds - fullLoops * period);
}

} // namespace

double LengthDistribution::nominalMean() const
{
    switch (kind) {
    case LengthKind::Fixed:
        return value;
    case LengthKind::Uniform:
        return 0.5 * (low + high);
    case LengthKind::Lognormal:
    case LengthKind::Exponential:
        return mean;
    case LengthKind::Empirical:
        if (values.empty())
            return 0.0;
        return std::accumulate(values.begin(), values.end(), 0.0,
                               [](double sum, int v) { return sum + v; })
               / static_cast<double>(values.size());
    }
    return 0.0;
}

double expectedRequestCount(const Scenario &scenario, double minResponseSeconds)
{
    const ArrivalSpec &arrival = scenario.workload.arrival;
    const double horizon = scenario.simulation.horizonSeconds;
    switch (arrival.kind) {
    case ArrivalKind::Poisson:
    case ArrivalKind::Gamma:
        // The diurnal multipliers average to 1, so over a day the mean rate is ratePerSecond;
        // this estimate ignores where in the day a shorter horizon falls.
        return arrival.ratePerSecond * horizon;
    case ArrivalKind::Trace:
        return traceRequestCount(arrival, horizon);
    case ArrivalKind::ClosedLoop:
        return static_cast<double>(arrival.users) * horizon
               / (arrival.thinkTimeSeconds + std::max(minResponseSeconds, kMinResponseSeconds));
    }
    return 0.0;
}

} // namespace tw::scenario
