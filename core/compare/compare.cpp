#include "core/compare/compare.h"

#include "core/common/error.h"
#include "core/run/simulate.h"
#include "core/scenario/scenario.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <exception>
#include <map>
#include <thread>

namespace tw::compare {
namespace {

using metrics::Results;
using Json = nlohmann::ordered_json;

// clang-format off
const std::vector<Kpi> kKpis{
    {"requestsPerSecond", "Throughput", "req/s", Better::Higher,
     [](const Results &r) { return r.requestsPerSecond; }},
    {"outputTokensPerSecond", "Output tokens", "tok/s", Better::Higher,
     [](const Results &r) { return r.outputTokensPerSecond; }},
    {"completedRequests", "Completed requests", "requests", Better::Higher,
     [](const Results &r) { return static_cast<double>(r.completedRequests); }},
    {"rejectedRequests", "Rejected requests", "requests", Better::Lower,
     [](const Results &r) { return static_cast<double>(r.rejectedRequests); }},
    {"unfinishedRequests", "Unfinished at the horizon", "requests", Better::Lower,
     [](const Results &r) { return static_cast<double>(r.unfinishedQueued + r.unfinishedRunning); }},
    {"ttftSeconds.p50", "TTFT p50", "s", Better::Lower,
     [](const Results &r) { return r.ttftSeconds.p50; }},
    {"ttftSeconds.p95", "TTFT p95", "s", Better::Lower,
     [](const Results &r) { return r.ttftSeconds.p95; }},
    {"ttftSeconds.p99", "TTFT p99", "s", Better::Lower,
     [](const Results &r) { return r.ttftSeconds.p99; }},
    {"tpotSeconds.p50", "TPOT p50", "s", Better::Lower,
     [](const Results &r) { return r.tpotSeconds.p50; }},
    {"tpotSeconds.p95", "TPOT p95", "s", Better::Lower,
     [](const Results &r) { return r.tpotSeconds.p95; }},
    {"e2eSeconds.p50", "End-to-end p50", "s", Better::Lower,
     [](const Results &r) { return r.e2eSeconds.p50; }},
    {"e2eSeconds.p95", "End-to-end p95", "s", Better::Lower,
     [](const Results &r) { return r.e2eSeconds.p95; }},
    {"e2eSeconds.p99", "End-to-end p99", "s", Better::Lower,
     [](const Results &r) { return r.e2eSeconds.p99; }},
    {"queueingSeconds.p95", "Queueing p95", "s", Better::Lower,
     [](const Results &r) { return r.queueingSeconds.p95; }},
    {"sloAttainment", "SLO attainment", "fraction", Better::Higher,
     [](const Results &r) { return r.sloAttainment; }},
    {"goodputRequestsPerSecond", "Goodput", "req/s", Better::Higher,
     [](const Results &r) { return r.goodputRequestsPerSecond; }},
    {"busyFraction", "GPU busy", "fraction", Better::Neither,
     [](const Results &r) { return r.busyFraction; }},
    {"meanRunningBatch", "Mean running batch", "requests", Better::Neither,
     [](const Results &r) { return r.meanRunningBatch; }},
    {"kvUtilization", "KV cache use", "fraction", Better::Neither,
     [](const Results &r) { return r.kvUtilization; }},
    {"preemptions", "Preemptions", "preemptions", Better::Lower,
     [](const Results &r) { return static_cast<double>(r.preemptions); }},
    {"cacheHits", "Response-cache hits", "requests", Better::Neither,
     [](const Results &r) { return static_cast<double>(r.cacheHits); }},
    {"energy.facilityKwh", "Facility energy", "kWh", Better::Lower,
     [](const Results &r) { return r.energy.facilityKwh; }},
    {"energy.averageFacilityWatts", "Average facility power", "W", Better::Lower,
     [](const Results &r) { return r.energy.averageFacilityWatts; }},
    {"energy.peakFacilityWatts", "Peak facility power", "W", Better::Lower,
     [](const Results &r) { return r.energy.peakFacilityWatts; }},
    {"energy.joulesPerOutputToken", "Energy per output token", "J/token", Better::Lower,
     [](const Results &r) { return r.energy.joulesPerOutputToken; }},
    {"carbon.totalKg", "Carbon", "kgCO2e", Better::Lower,
     [](const Results &r) { return r.carbon.totalKg; }},
    {"carbon.tonnesPerYear", "Carbon per year", "tCO2e/year", Better::Lower,
     [](const Results &r) { return r.carbon.tonnesPerYear; }},
    {"carbon.gramsPerMillionOutputTokens", "Carbon per 1M tokens", "gCO2e/1M tokens", Better::Lower,
     [](const Results &r) { return r.carbon.gramsPerMillionOutputTokens; }},
    {"cost.totalUsd", "Cost", "USD", Better::Lower,
     [](const Results &r) { return r.cost.totalUsd; }},
    {"cost.perMonthUsd", "Cost per month", "USD/month", Better::Lower,
     [](const Results &r) { return r.cost.perMonthUsd; }},
    {"cost.perMillionOutputTokensUsd", "Cost per 1M output tokens", "USD/1M tokens", Better::Lower,
     [](const Results &r) { return r.cost.perMillionOutputTokensUsd; }},
    {"cost.perRequestUsd", "Cost per request", "USD/request", Better::Lower,
     [](const Results &r) { return r.cost.perRequestUsd; }},
    {"cost.idleShare", "Idle share of GPU cost", "fraction", Better::Lower,
     [](const Results &r) { return r.cost.idleShare; }},
};
// clang-format on

// Scenario JSON is a few levels deep; the limit only guards the stack against hostile input.
constexpr int kMaxDepth = 32;

bool isPlainArray(const Json &node)
{
    return std::none_of(node.begin(), node.end(),
                        [](const Json &item) { return item.is_structured(); });
}

void flatten(const Json &node, const std::string &path, int depth,
             std::vector<std::pair<std::string, std::string>> &out)
{
    const bool leaf = !node.is_structured() || node.empty()
                      || (node.is_array() && isPlainArray(node)) || depth > kMaxDepth;
    if (leaf) {
        out.emplace_back(path, node.dump(-1, ' ', false, Json::error_handler_t::replace));
    } else if (node.is_object()) {
        for (const auto &[key, child] : node.items())
            flatten(child, path.empty() ? key : path + '.' + key, depth + 1, out);
    } else {
        for (std::size_t i = 0; i < node.size(); ++i)
            flatten(node[i], path + '[' + std::to_string(i) + ']', depth + 1, out);
    }
}

} // namespace

const std::vector<Kpi> &kpis()
{
    return kKpis;
}

std::optional<double> absoluteDifference(double value, double baseline)
{
    if (std::isnan(value) || std::isnan(baseline))
        return std::nullopt;
    return value - baseline;
}

std::optional<double> percentDifference(double value, double baseline)
{
    if (std::isnan(value) || std::isnan(baseline))
        return std::nullopt;
    if (baseline == 0.0)
        return value == 0.0 ? std::optional<double>(0.0) : std::nullopt;
    return 100.0 * (value - baseline) / std::fabs(baseline);
}

std::vector<KpiRow> compareKpis(const std::vector<Results> &results)
{
    std::vector<KpiRow> rows;
    if (results.empty())
        return rows;
    for (const Kpi &kpi : kKpis) {
        KpiRow &row = rows.emplace_back();
        row.kpi = kpi;
        const double baseline = kpi.value(results.front());
        for (const Results &each : results) {
            const double value = kpi.value(each);
            row.values.push_back(value);
            row.absoluteDifference.push_back(absoluteDifference(value, baseline));
            row.percentDifference.push_back(percentDifference(value, baseline));
        }
    }
    return rows;
}

std::vector<std::pair<std::string, std::string>> flattenJson(std::string_view json)
{
    const Json root = Json::parse(json.begin(), json.end(), nullptr, false);
    if (root.is_discarded())
        throw InputError("", "malformed JSON: cannot compare its parameters");
    std::vector<std::pair<std::string, std::string>> leaves;
    flatten(root, "", 0, leaves);
    return leaves;
}

std::vector<ParameterDifference>
parameterDifferences(const std::vector<std::string> &parametersJson)
{
    // Paths in order of first appearance; each with the value of every scenario that has it.
    std::vector<ParameterDifference> all;
    std::map<std::string, std::size_t> indexOf;
    for (std::size_t s = 0; s < parametersJson.size(); ++s) {
        for (auto &[path, value] : flattenJson(parametersJson[s])) {
            auto [at, added] = indexOf.try_emplace(path, all.size());
            if (added)
                all.push_back(
                        {path, std::vector<std::optional<std::string>>(parametersJson.size())});
            all[at->second].values[s] = std::move(value);
        }
    }
    std::vector<ParameterDifference> differing;
    for (ParameterDifference &item : all) {
        if (std::adjacent_find(item.values.begin(), item.values.end(), std::not_equal_to<>())
            != item.values.end())
            differing.push_back(std::move(item));
    }
    return differing;
}

Comparison compareScenarios(std::vector<std::string> labels, const std::vector<Results> &results,
                            const std::vector<std::string> &parametersJson)
{
    Comparison comparison;
    comparison.labels = std::move(labels);
    comparison.kpis = compareKpis(results);
    comparison.parameters = parameterDifferences(parametersJson);
    return comparison;
}

std::vector<Results> simulateAll(const std::vector<scenario::Scenario> &scenarios,
                                 const std::vector<std::string> &labels,
                                 const sim::RunOptions &options)
{
    // Observers and progress sinks belong to one engine; the cancellation token is shared.
    sim::RunOptions each = options;
    each.observers.clear();
    each.progress = nullptr;
    std::vector<Results> results(scenarios.size());
    std::vector<std::exception_ptr> errors(scenarios.size());
    {
        std::vector<std::jthread> threads;
        for (std::size_t i = 0; i < scenarios.size(); ++i) {
            threads.emplace_back([&, i] {
                try {
                    results[i] = run::simulate(scenarios[i], each);
                } catch (...) {
                    errors[i] = std::current_exception();
                }
            });
        }
    } // the jthreads join here
    for (std::size_t i = 0; i < errors.size(); ++i) {
        if (!errors[i])
            continue;
        try {
            std::rethrow_exception(errors[i]);
        } catch (const InputError &error) {
            std::vector<InputIssue> issues = error.issues();
            const std::string label
                    = i < labels.size() ? labels[i] : "scenario " + std::to_string(i + 1);
            for (InputIssue &issue : issues)
                issue.path = issue.path.empty() ? label : label + ": " + issue.path;
            throw InputError(std::move(issues));
        }
    }
    return results;
}

} // namespace tw::compare
