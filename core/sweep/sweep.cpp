#include "core/sweep/sweep.h"

#include "core/common/cancellation.h"
#include "core/common/error.h"
#include "core/common/parallel.h"
#include "core/metrics/text_format.h"
#include "core/run/simulate.h"
#include "core/scenario_io/scenario_json.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <cmath>
#include <exception>
#include <limits>
#include <mutex>

namespace tw::sweep {
namespace {

// Keeps 12 significant digits, which removes the last-bit noise of the spacing arithmetic
// (2^(2/3) x ... giving 3.9999999999999996 for 4) and is more than any swept parameter needs.
double tidy(double value)
{
    std::array<char, 32> buffer{};
    const auto written = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                                       std::chars_format::scientific, 11);
    double result = value;
    if (written.ec == std::errc())
        std::from_chars(buffer.data(), written.ptr, result);
    return result;
}

std::string pointLabel(const std::string &parameterPath, const std::vector<double> &values)
{
    std::string label = values.size() == 1 ? " (sweep point " : " (sweep points ";
    label += parameterPath + " = ";
    for (std::size_t i = 0; i < values.size(); ++i)
        label += (i == 0 ? "" : ", ") + metrics::formatExact(values[i]);
    return label + ")";
}

} // namespace

std::vector<SweepPoint> runSweep(const std::string &scenarioJson,
                                 const std::filesystem::path &baseDir,
                                 const std::string &parameterPath,
                                 const std::vector<double> &values, const catalog::Catalog &catalog,
                                 const SweepOptions &options)
{
    const std::size_t count = values.size();

    // Phase 1: build every scenario (cheap next to simulating) so that all invalid values are
    // reported together, and deterministically, before any long run starts.
    std::vector<scenario::Scenario> scenarios(count);
    std::vector<std::exception_ptr> errors(count);
    parallelFor(count, options.threads, [&](std::size_t i) {
        try {
            scenarios[i] = scenario::withParameter(scenarioJson, parameterPath, values[i], catalog,
                                                   baseDir);
        } catch (...) {
            errors[i] = std::current_exception();
        }
    });
    // An issue shared by several values (an unknown path, say) is reported once, naming them all.
    struct SharedIssue
    {
        InputIssue issue;
        std::vector<double> values;
    };
    std::vector<SharedIssue> shared;
    for (std::size_t i = 0; i < count; ++i) {
        if (!errors[i])
            continue;
        try {
            std::rethrow_exception(errors[i]);
        } catch (const InputError &error) {
            for (const InputIssue &issue : error.issues()) {
                const auto same = std::find_if(shared.begin(), shared.end(), [&](const auto &s) {
                    return s.issue.path == issue.path && s.issue.message == issue.message;
                });
                if (same != shared.end())
                    same->values.push_back(values[i]);
                else
                    shared.push_back({issue, {values[i]}});
            }
        }
        // Anything but an InputError is a bug, not bad input: it propagates as it is.
    }
    if (!shared.empty()) {
        std::vector<InputIssue> issues;
        for (SharedIssue &item : shared) {
            item.issue.message += pointLabel(parameterPath, item.values);
            issues.push_back(std::move(item.issue));
        }
        throw InputError(std::move(issues));
    }

    // Phase 2: simulate. After a failure, points later in the input stop being started; all
    // earlier ones still run, so the failure reported (the first in input order) does not
    // depend on thread timing.
    std::vector<SweepPoint> points(count);
    constexpr std::size_t kNoFailure = std::numeric_limits<std::size_t>::max();
    std::atomic<std::size_t> firstFailure{kNoFailure};
    std::atomic<std::size_t> finished{0};
    std::mutex progressMutex;
    parallelFor(count, options.threads, [&](std::size_t i) {
        points[i].parameterValue = values[i];
        if (i > firstFailure.load() || (options.cancel && options.cancel->isCancelled())) {
            points[i].results.status = metrics::RunStatus::Cancelled;
            points[i].results.statusMessage = "the sweep stopped before this point ran";
        } else {
            try {
                sim::RunOptions run;
                run.seed = options.seed;
                run.cancel = options.cancel;
                if (options.maxEvents)
                    run.maxEvents = *options.maxEvents;
                points[i].results = run::simulate(scenarios[i], run);
            } catch (...) {
                errors[i] = std::current_exception();
                std::size_t current = firstFailure.load();
                while (i < current && !firstFailure.compare_exchange_weak(current, i)) {
                }
            }
            scenarios[i] = {}; // release traces early on long sweeps
        }
        const std::size_t done = finished.fetch_add(1) + 1;
        if (options.progress) {
            const std::lock_guard lock(progressMutex);
            options.progress->setProgress(static_cast<double>(done) / static_cast<double>(count));
        }
    });
    const std::size_t failed = firstFailure.load();
    if (failed != kNoFailure) {
        try {
            std::rethrow_exception(errors[failed]);
        } catch (const InputError &error) {
            std::vector<InputIssue> pointIssues = error.issues();
            for (InputIssue &issue : pointIssues)
                issue.message += pointLabel(parameterPath, {values[failed]});
            throw InputError(std::move(pointIssues));
        }
    }
    return points;
}

std::vector<SweepPoint> runGrid(const std::string &scenarioJson,
                                const std::filesystem::path &baseDir, const std::string &firstPath,
                                const std::vector<double> &firstValues,
                                const std::string &secondPath,
                                const std::vector<double> &secondValues,
                                const catalog::Catalog &catalog, const SweepOptions &options)
{
    std::vector<SweepPoint> grid;
    grid.reserve(firstValues.size() * secondValues.size());
    for (const double second : secondValues) {
        // The scenario with the second parameter set, written back: the first is swept on it.
        std::string withSecond;
        try {
            withSecond = scenario::toJson(
                    scenario::withParameter(scenarioJson, secondPath, second, catalog, baseDir),
                    catalog);
        } catch (const InputError &error) {
            std::vector<InputIssue> issues = error.issues();
            for (InputIssue &issue : issues)
                issue.message += pointLabel(secondPath, {second});
            throw InputError(std::move(issues));
        }
        for (SweepPoint &point :
             runSweep(withSecond, baseDir, firstPath, firstValues, catalog, options)) {
            point.secondValue = second;
            grid.push_back(std::move(point));
        }
        if (options.cancel && options.cancel->isCancelled())
            break;
    }
    return grid;
}

std::vector<double> spacedValues(double from, double to, int steps, Spacing spacing)
{
    std::vector<InputIssue> issues;
    if (!std::isfinite(from))
        issues.push_back({"--from", "must be a finite number, got " + metrics::formatExact(from)});
    if (!std::isfinite(to))
        issues.push_back({"--to", "must be a finite number, got " + metrics::formatExact(to)});
    if (steps < 1)
        issues.push_back({"--steps", "must be at least 1, got " + std::to_string(steps)});
    else if (steps == 1 && from != to)
        issues.push_back({"--steps", "must be at least 2 when --from and --to differ"});
    if (spacing == Spacing::Geometric && !(from > 0.0 && to > 0.0)) {
        issues.push_back({"--log", "needs --from and --to both > 0, got "
                                           + metrics::formatExact(from) + " and "
                                           + metrics::formatExact(to)});
    }
    if (!issues.empty())
        throw InputError(std::move(issues));

    std::vector<double> values(static_cast<std::size_t>(steps));
    for (int i = 0; i < steps; ++i) {
        const double t = steps == 1 ? 0.0 : static_cast<double>(i) / (steps - 1);
        // from(1 - t) + to t rather than from + (to - from) t: a zero crossing lands on 0.
        values[static_cast<std::size_t>(i)]
                = tidy(spacing == Spacing::Linear ? from * (1.0 - t) + to * t
                                                  : from * std::pow(to / from, t));
    }
    values.front() = from;
    values.back() = to;
    return values;
}

} // namespace tw::sweep
