#include "core/metrics/result_fields.h"

#include <cmath>
#include <cstdint>
#include <deque>
#include <limits>
#include <string>

namespace tw::metrics {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

template<class T> double asNumber(const T &value)
{
    if constexpr (std::is_same_v<T, double>)
        return value;
    else if constexpr (std::is_same_v<T, std::uint64_t> || std::is_same_v<T, int>)
        return static_cast<double>(value);
    else
        return kNaN; // text, status, flags
}

/// Every top-level metric, with keys copied into storage that lives as long as the program
/// (the visitor hands out keys that live for one call).
struct Table
{
    std::deque<std::string> keys;
    std::vector<Metric> metrics;
    std::vector<bool> numeric;
    std::vector<Metric> kpis;
};

const Table &table()
{
    static const Table built = [] {
        Table t;
        const Results empty;
        auto collect = [&t](const Metric &metric, const auto &value) {
            using T = std::decay_t<decltype(value)>;
            Metric kept = metric;
            kept.key = t.keys.emplace_back(metric.key);
            t.metrics.push_back(kept);
            t.numeric.push_back(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>);
            if (kept.isKpi())
                t.kpis.push_back(kept);
        };
        visitResultFields(collect, empty);
        return t;
    }();
    return built;
}

} // namespace

const std::vector<SeriesColumn> &seriesColumns()
{
    static const std::vector<SeriesColumn> columns{
            {"binStartSeconds", "binStartSeconds", &TimeSeries::binStartSeconds},
            {"arrivals", "arrivedRequests", &TimeSeries::arrivals},
            {"completions", "completedRequests", &TimeSeries::completions},
            {"queueDepthMean", "queueDepthMeanRequests", &TimeSeries::queueDepthMean},
            {"runningMean", "runningMeanRequests", &TimeSeries::runningMean},
            {"busyFraction", "busyFraction", &TimeSeries::busyFraction},
            {"latencyP50Seconds", "e2eP50Seconds", &TimeSeries::latencyP50Seconds},
            {"latencyP95Seconds", "e2eP95Seconds", &TimeSeries::latencyP95Seconds},
            {"outputTokens", "outputTokens", &TimeSeries::outputTokens},
            {"powerWatts", "facilityPowerWatts", &TimeSeries::powerWatts},
            {"energyKwh", "facilityEnergyKwh", &TimeSeries::energyKwh},
            {"costUsd", "costUsd", &TimeSeries::costUsd},
            {"carbonKg", "carbonKgCo2e", &TimeSeries::carbonKg},
            // Added after the others so that scripts reading columns by position still work.
            {"provisionedReplicas", "provisionedReplicas", &TimeSeries::provisionedReplicas},
    };
    return columns;
}

std::vector<MetricValue> metricValues(const Results &results)
{
    const Table &t = table();
    std::vector<MetricValue> values;
    values.reserve(t.metrics.size());
    std::size_t index = 0;
    auto read = [&](const Metric &, const auto &value) {
        if (t.numeric[index]) {
            const Metric &metric = t.metrics[index];
            const bool none = metric.overMeasuredRequests && results.measuredRequests == 0;
            values.push_back({metric, none ? kNaN : asNumber(value)});
        }
        ++index;
    };
    visitResultFields(read, results);
    return values;
}

const std::vector<Metric> &kpiMetrics()
{
    return table().kpis;
}

const Metric *findMetric(std::string_view key)
{
    for (const Metric &metric : table().metrics) {
        if (metric.key == key)
            return &metric;
    }
    return nullptr;
}

double metricValue(const Results &results, std::string_view key)
{
    for (const MetricValue &each : metricValues(results)) {
        if (each.metric.key == key)
            return each.value;
    }
    return kNaN;
}

} // namespace tw::metrics
