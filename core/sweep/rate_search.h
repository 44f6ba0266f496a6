#pragma once

// The part that break-even and capacity share: a scenario simulated at several arrival rates,
// each rate once, with the same seed for all (common random numbers).

#include "core/common/cancellation.h"
#include "core/common/error.h"
#include "core/metrics/results.h"
#include "core/run/simulate.h"
#include "core/scenario/scenario.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tw::sweep {

/// Points of a search over workload.arrival.ratePerSecond. Point needs a `ratePerSecond`.
template<class Point> class RateSearch
{
public:
    /// @p what names the search in the error a cancellation throws ("breakeven", "capacity").
    RateSearch(const scenario::Scenario &scenario, std::optional<std::uint64_t> seed,
               const CancellationToken *cancel, std::string what)
        : m_scenario(scenario)
        , m_seed(seed)
        , m_cancel(cancel)
        , m_what(std::move(what))
    {}

    /// The point of @p rate: made by @p toPoint(results) from a run at that rate the first time,
    /// the same point afterwards. Throws tw::InputError (path: the search's name) when
    /// cancelled.
    template<class ToPoint> const Point &at(double rate, ToPoint &&toPoint)
    {
        for (const Point &p : m_points)
            if (p.ratePerSecond == rate)
                return p;
        if (m_cancel && m_cancel->isCancelled())
            throw InputError(m_what, "cancelled");
        scenario::Scenario s = m_scenario;
        s.workload.arrival.ratePerSecond = rate;
        sim::RunOptions run;
        run.seed = m_seed;
        run.cancel = m_cancel;
        const metrics::Results results = run::simulate(s, run);
        if (results.status == metrics::RunStatus::Cancelled)
            throw InputError(m_what, "cancelled");
        Point p = toPoint(results);
        p.ratePerSecond = rate;
        m_points.push_back(std::move(p));
        return m_points.back();
    }

    /// Every point simulated, by rate.
    std::vector<Point> sortedPoints() const
    {
        std::vector<Point> points = m_points;
        std::sort(points.begin(), points.end(),
                  [](const Point &a, const Point &b) { return a.ratePerSecond < b.ratePerSecond; });
        return points;
    }

private:
    const scenario::Scenario &m_scenario;
    std::optional<std::uint64_t> m_seed;
    const CancellationToken *m_cancel;
    std::string m_what;
    std::vector<Point> m_points;
};

} // namespace tw::sweep
