#include "core/compare/compare.h"

#include "core/common/error.h"
#include "core/metrics/result_fields.h"
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

Kpi kpiOf(const metrics::Metric &metric)
{
    return {metric.key, metric.label, metric.unit, metric.better, metric.description};
}

} // namespace

double Kpi::value(const Results &results) const
{
    return metrics::metricValue(results, key);
}

const std::vector<Kpi> &kpis()
{
    static const std::vector<Kpi> list = [] {
        std::vector<Kpi> built;
        for (const metrics::Metric &metric : metrics::kpiMetrics())
            built.push_back(kpiOf(metric));
        return built;
    }();
    return list;
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
    // One pass over the metric table per scenario; its KPIs come in kpis() order.
    std::vector<std::vector<double>> kpiValues;
    for (const Results &each : results) {
        std::vector<double> &values = kpiValues.emplace_back();
        for (const metrics::MetricValue &metric : metrics::metricValues(each)) {
            if (metric.metric.isKpi())
                values.push_back(metric.value);
        }
    }
    for (std::size_t k = 0; k < kpis().size(); ++k) {
        KpiRow &row = rows.emplace_back();
        row.kpi = kpis()[k];
        const double baseline = kpiValues.front()[k];
        for (const std::vector<double> &values : kpiValues) {
            const double value = values[k];
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
