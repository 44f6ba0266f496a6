#include "core/sweep/goal_seek.h"

#include "core/common/cancellation.h"
#include "core/common/error.h"
#include "core/metrics/result_fields.h"
#include "core/metrics/text_format.h"
#include "core/run/simulate.h"
#include "core/scenario_io/scenario_json.h"

#include <cmath>
#include <limits>

namespace tw::sweep {

void checkGoalSeekOptions(const GoalSeekOptions &options)
{
    if (!metrics::findMetric(options.metric))
        throw InputError("--metric", "unknown metric '" + options.metric
                                             + "' (the keys `run --format json` prints, e.g. "
                                               "cost.perMillionOutputTokensUsd)");
    if (!(std::isfinite(options.low) && std::isfinite(options.high) && options.low < options.high))
        throw InputError("--from", "must be below --to, got " + metrics::formatExact(options.low)
                                           + " and " + metrics::formatExact(options.high));
    if (!std::isfinite(options.target))
        throw InputError("--target", "must be a finite number");
}

GoalSeekResult goalSeek(const std::string &scenarioJson, const std::filesystem::path &baseDir,
                        const catalog::Catalog &catalog, const GoalSeekOptions &options)
{
    checkGoalSeekOptions(options);

    GoalSeekResult result;
    auto probe = [&](double value) {
        const scenario::Scenario s
                = scenario::withParameter(scenarioJson, options.parameter, value, catalog, baseDir);
        sim::RunOptions run;
        run.seed = options.seed;
        run.cancel = options.cancel;
        const metrics::Results r = run::simulate(s, run);
        const double m = metrics::metricValue(r, options.metric);
        result.probes.push_back({value, m});
        return m - options.target;
    };
    auto cancelled = [&] { return options.cancel && options.cancel->isCancelled(); };

    double a = options.low, b = options.high;
    double fa = probe(a);
    if (cancelled())
        return result;
    double fb = probe(b);
    if (std::isnan(fa) || std::isnan(fb)) {
        result.message
                = options.metric + " has no value at "
                  + (std::isnan(fa) ? metrics::formatSignificant(a) : metrics::formatSignificant(b))
                  + " (no request was measured there)";
        return result;
    }
    if (fa == 0.0 || fb == 0.0 || (fa < 0.0) != (fb < 0.0)) {
        while (static_cast<int>(result.probes.size()) < options.maxSimulations && !cancelled()) {
            const double scale = std::max(std::fabs(a), std::fabs(b));
            if (fa == 0.0 || fb == 0.0 || b - a <= options.tolerance * scale)
                break;
            const double mid = 0.5 * (a + b);
            const double fm = probe(mid);
            if (std::isnan(fm))
                break;
            if ((fm < 0.0) == (fa < 0.0)) {
                a = mid;
                fa = fm;
            } else {
                b = mid;
                fb = fm;
            }
            if (std::fabs(fm) <= options.tolerance * std::fabs(options.target))
                break;
        }
        result.found = true;
        // The crossing inside the last bracket, by linear interpolation.
        result.value = fa == fb ? a : a + (b - a) * (0.0 - fa) / (fb - fa);
        result.metric = (std::fabs(fa) <= std::fabs(fb) ? fa : fb) + options.target;
        return result;
    }
    result.message = options.metric + " is " + metrics::formatSignificant(fa + options.target)
                     + " at " + metrics::formatSignificant(a) + " and "
                     + metrics::formatSignificant(fb + options.target) + " at "
                     + metrics::formatSignificant(b) + ": the target "
                     + metrics::formatSignificant(options.target)
                     + " is not between them; widen the interval";
    return result;
}

} // namespace tw::sweep
