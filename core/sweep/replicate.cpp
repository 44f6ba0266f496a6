#include "core/sweep/replicate.h"

#include "core/common/cancellation.h"
#include "core/common/error.h"
#include "core/common/parallel.h"
#include "core/metrics/error_bands.h"
#include "core/metrics/result_fields.h"
#include "core/metrics/text_format.h"
#include "core/run/simulate.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <optional>

namespace tw::sweep {
namespace {

/// A headline figure: its key among the results' fields (metrics::metricValue reads it), and
/// which error band applies.
struct Figure
{
    const char *key;
    const char *label;
    const char *unit;
    double metrics::ErrorBands::*band; ///< nullptr: none
};

const Figure kFigures[] = {
        {"cost.perMillionOutputTokensUsd", "Cost per 1M output tokens", "$",
         &metrics::ErrorBands::costFraction},
        {"ttftSeconds.p95", "TTFT p95", "s", nullptr},
        {"tpotSeconds.p95", "TPOT p95", "s", &metrics::ErrorBands::tpotFraction},
        {"e2eSeconds.p95", "End-to-end p95", "s", &metrics::ErrorBands::tpotFraction},
        {"sloAttainment", "SLO attainment", "", nullptr},
        {"outputTokensPerSecond", "Output tokens per second", "tokens/s", nullptr},
        {"energy.joulesPerOutputToken", "Facility energy per output token", "J",
         &metrics::ErrorBands::energyFraction},
        {"carbon.gramsPerMillionOutputTokens", "Carbon per 1M output tokens", "g CO2e",
         &metrics::ErrorBands::carbonFraction},
        {"arrivalRatePerSecond", "Arrivals per second in the window", "requests/s", nullptr},
};

ReplicatedFigure summarise(const Figure &f, const std::vector<metrics::Results> &runs,
                           const metrics::ErrorBands &bands)
{
    ReplicatedFigure out;
    out.key = f.key;
    out.label = f.label;
    out.unit = f.unit;
    const double n = static_cast<double>(runs.size());
    std::vector<double> values;
    for (const metrics::Results &r : runs)
        values.push_back(metrics::metricValue(r, f.key));
    double sum = 0.0;
    for (const double v : values)
        sum += v;
    out.mean = sum / n;
    double squares = 0.0;
    for (const double v : values)
        squares += (v - out.mean) * (v - out.mean);
    out.standardDeviation = runs.size() > 1 ? std::sqrt(squares / (n - 1.0)) : 0.0;
    out.halfWidth95 = runs.size() > 1 ? studentT975(static_cast<int>(runs.size()) - 1)
                                                * out.standardDeviation / std::sqrt(n)
                                      : 0.0;
    out.modelErrorFraction = f.band ? bands.*f.band : 0.0;
    return out;
}

bool withinTarget(const ReplicatedFigure &f, double target)
{
    return f.halfWidth95 <= target * std::fabs(f.mean);
}

} // namespace

double ReplicatedFigure::combinedFraction() const
{
    const double sampling = mean != 0.0 ? halfWidth95 / std::fabs(mean) : 0.0;
    return std::sqrt(sampling * sampling + modelErrorFraction * modelErrorFraction);
}

std::string figureText(const ReplicatedFigure &f, double value)
{
    if (f.unit == "s")
        return metrics::formatLatency(value);
    if (f.unit == "$")
        return metrics::formatUsd(value, 2);
    if (f.unit.empty())
        return metrics::formatPercent(value);
    return metrics::formatSignificant(value) + " " + f.unit;
}

double studentT975(int df)
{
    // t(0.975, df), df = 1..30 (any statistics table, e.g. NIST/SEMATECH e-Handbook of
    // Statistical Methods, section 1.3.6.7.2).
    static const double kTable[]
            = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
               2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
               2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
    if (df < 1)
        return std::nan("");
    if (df <= 30)
        return kTable[df - 1];
    // Cornish–Fisher expansion about z = 1.959964 (Abramowitz & Stegun 26.7.5): within 1e-4
    // of the exact quantile from df = 31.
    const double z = 1.959963985;
    const double v = static_cast<double>(df);
    return z + (z * z * z + z) / (4.0 * v)
           + (5.0 * std::pow(z, 5) + 16.0 * z * z * z + 3.0 * z) / (96.0 * v * v);
}

ReplicationResult replicate(const scenario::Scenario &scenario, const ReplicationOptions &options)
{
    if (options.replications != 0 && (options.replications < 2 || options.replications > 1000))
        throw InputError("--replications", "must be from 2 to 1000, or auto, got "
                                                   + std::to_string(options.replications));
    if (!(options.targetRelativeHalfWidth > 0.0 && options.targetRelativeHalfWidth <= 0.5))
        throw InputError("--target",
                         "must be above 0 and at most 0.5 (a share of the mean), got "
                                 + metrics::formatExact(options.targetRelativeHalfWidth));
    if (options.minReplications < 2 || options.maxReplications < options.minReplications
        || options.maxReplications > 1000)
        throw InputError("--max-replications",
                         "must be from " + std::to_string(std::max(2, options.minReplications))
                                 + " to 1000, got " + std::to_string(options.maxReplications));

    const std::uint64_t first = options.firstSeed.value_or(scenario.simulation.seed);
    const bool automatic = options.replications == 0;
    const int target = automatic ? options.maxReplications : options.replications;
    // Automatic mode runs in batches of the worker count (at least minReplications first), so
    // that every batch keeps the cores busy; the count stops at the first batch that meets the
    // target, which makes it independent of timing but not of the thread count.
    const int batch = std::max(1, workerCount(options.threads, static_cast<std::size_t>(target)));

    std::vector<metrics::Results> runs;
    ReplicationResult out;
    int next = 0;
    while (next < target) {
        const int size
                = automatic ? std::min(target - next,
                                       next == 0 ? std::max(batch, options.minReplications) : batch)
                            : target;
        std::vector<std::optional<metrics::Results>> results(static_cast<std::size_t>(size));
        std::vector<std::string> errors(static_cast<std::size_t>(size));
        parallelFor(static_cast<std::size_t>(size), options.threads, [&](std::size_t i) {
            sim::RunOptions run;
            run.seed = first + static_cast<std::uint64_t>(next) + i;
            run.cancel = options.cancel;
            try {
                metrics::Results r = run::simulate(scenario, run);
                if (r.status == metrics::RunStatus::Completed)
                    results[i] = std::move(r);
                else
                    errors[i] = r.status == metrics::RunStatus::Cancelled ? "cancelled"
                                                                          : r.statusMessage;
            } catch (const std::exception &error) {
                errors[i] = error.what();
            }
        });
        if (options.cancel && options.cancel->isCancelled())
            throw InputError("replicate", "cancelled");
        for (std::size_t i = 0; i < results.size(); ++i) {
            if (!results[i])
                throw InputError("scenario", "replication with seed "
                                                     + std::to_string(first + next + i)
                                                     + " does not run: " + errors[i]);
            out.seeds.push_back(first + static_cast<std::uint64_t>(next) + i);
            runs.push_back(std::move(*results[i]));
        }
        next += size;
        if (options.progress)
            options.progress(next);
        if (automatic) {
            const ReplicatedFigure headline = summarise(kFigures[0], runs, {});
            if (withinTarget(headline, options.targetRelativeHalfWidth))
                break;
        }
    }
    out.replications = static_cast<int>(runs.size());
    const metrics::ErrorBands bands = metrics::errorBandsOf(runs.front());
    for (const Figure &f : kFigures)
        out.figures.push_back(summarise(f, runs, bands));
    out.converged
            = !automatic || withinTarget(out.figures.front(), options.targetRelativeHalfWidth);
    return out;
}

} // namespace tw::sweep
