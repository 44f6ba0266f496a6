#include "core/metrics/sweep_format.h"

#include "core/catalog/catalog.h"
#include "core/common/error.h"
#include "core/metrics/result_fields.h"
#include "core/metrics/text_format.h"

#include <algorithm>

#include <cmath>
#include <cstddef>

namespace tw::metrics {
namespace {

using nlohmann::json;

enum class ColumnKind { Rate, Latency, Percent, Batch, Count, Money, Number };

struct SweepColumn
{
    std::string key; ///< JSON key and CSV column
    std::string title;
    std::string unit; ///< for the table; latency cells carry their own (ms or s)
    ColumnKind kind = ColumnKind::Number;
    /// NaN when there is no value (no measured request); null = metricValue(results, key).
    double (*value)(const Results &) = nullptr;

    double of(const Results &r) const { return value ? value(r) : metricValue(r, key); }
};

double latencyOrNan(const Summary &summary, double Summary::*field)
{
    return summary.count == 0 ? std::nan("") : summary.*field;
}

/// The sweep's own columns: the default set, in order. Other metrics of the results table
/// (core/metrics/result_fields.h) can be asked for by key with --metrics.
const std::vector<SweepColumn> &builtInColumns()
{
    static const std::vector<SweepColumn> columns{
            {"requestsPerSecond", "throughput", "req/s", ColumnKind::Rate,
             [](const Results &r) { return r.requestsPerSecond; }},
            {"outputTokensPerSecond", "output", "tok/s", ColumnKind::Rate,
             [](const Results &r) { return r.outputTokensPerSecond; }},
            {"ttftP50Seconds", "TTFT p50", "", ColumnKind::Latency,
             [](const Results &r) { return latencyOrNan(r.ttftSeconds, &Summary::p50); }},
            {"ttftP95Seconds", "TTFT p95", "", ColumnKind::Latency,
             [](const Results &r) { return latencyOrNan(r.ttftSeconds, &Summary::p95); }},
            {"tpotP50Seconds", "TPOT p50", "", ColumnKind::Latency,
             [](const Results &r) { return latencyOrNan(r.tpotSeconds, &Summary::p50); }},
            {"tpotP95Seconds", "TPOT p95", "", ColumnKind::Latency,
             [](const Results &r) { return latencyOrNan(r.tpotSeconds, &Summary::p95); }},
            {"e2eP95Seconds", "E2E p95", "", ColumnKind::Latency,
             [](const Results &r) { return latencyOrNan(r.e2eSeconds, &Summary::p95); }},
            {"goodputRequestsPerSecond", "goodput", "req/s", ColumnKind::Rate,
             [](const Results &r) { return r.goodputRequestsPerSecond; }},
            {"sloAttainment", "SLO met", "%", ColumnKind::Percent,
             [](const Results &r) { return r.sloAttainment; }},
            {"busyFraction", "busy", "%", ColumnKind::Percent,
             [](const Results &r) { return r.busyFraction; }},
            {"meanRunningBatch", "batch", "mean", ColumnKind::Batch,
             [](const Results &r) { return r.meanRunningBatch; }},
            {"cost.perMillionOutputTokensUsd", "cost/1M out", "USD", ColumnKind::Money,
             [](const Results &r) { return r.cost.perMillionOutputTokensUsd; }},
            {"cost.totalUsd", "cost", "USD", ColumnKind::Money,
             [](const Results &r) { return r.cost.totalUsd; }},
            {"energy.facilityKwh", "energy", "kWh", ColumnKind::Number,
             [](const Results &r) { return r.energy.facilityKwh; }},
            {"energy.joulesPerOutputToken", "energy/tok", "J", ColumnKind::Number,
             [](const Results &r) { return r.energy.joulesPerOutputToken; }},
            {"carbon.totalKg", "carbon", "kgCO2e", ColumnKind::Number,
             [](const Results &r) { return r.carbon.totalKg; }},
            {"unfinishedRequests", "unfinished", "requests", ColumnKind::Count,
             [](const Results &r) {
                 return static_cast<double>(r.unfinishedQueued + r.unfinishedRunning);
             }},
            {"rejectedRequests", "rejected", "requests", ColumnKind::Count,
             [](const Results &r) { return static_cast<double>(r.rejectedRequests); }},
    };
    return columns;
}

ColumnKind kindOfUnit(std::string_view unit)
{
    if (unit == "fraction")
        return ColumnKind::Percent;
    if (unit == "s")
        return ColumnKind::Latency;
    if (unit.substr(0, 3) == "USD")
        return ColumnKind::Money;
    return ColumnKind::Number;
}

std::vector<SweepColumn> columnsFor(const std::vector<std::string> &keys)
{
    if (keys.empty())
        return builtInColumns();
    std::vector<SweepColumn> columns;
    for (const std::string &key : keys) {
        const auto builtIn = std::find_if(builtInColumns().begin(), builtInColumns().end(),
                                          [&](const SweepColumn &c) { return c.key == key; });
        if (builtIn != builtInColumns().end()) {
            columns.push_back(*builtIn);
            continue;
        }
        const Metric *metric = findMetric(key);
        if (!metric || metric->unit.empty()) {
            std::vector<std::string> known = sweepMetricKeys();
            const std::vector<std::string> hints = catalog::closestMatches(key, known);
            throw InputError(
                    "--metrics",
                    "unknown metric '" + key + "'"
                            + (hints.empty() ? "" : " (did you mean '" + hints.front() + "'?)")
                            + "; use a key of `tokenwatt-cli run --format json`, e.g. "
                              "cost.perMonthUsd, energy.facilityKwh, carbon.totalKg");
        }
        const std::string unit(metric->unit);
        const ColumnKind kind = kindOfUnit(unit);
        columns.push_back({key, metric->label.empty() ? key : std::string(metric->label),
                           kind == ColumnKind::Percent ? "%" : unit, kind, nullptr});
    }
    return columns;
}

std::string sweepCell(const SweepColumn &column, double value)
{
    if (std::isnan(value))
        return "-";
    switch (column.kind) {
    case ColumnKind::Rate:
        return formatRate(value);
    case ColumnKind::Latency:
        return formatLatency(value);
    case ColumnKind::Percent:
        return formatGrouped(value * 100.0, 1);
    case ColumnKind::Batch:
        return formatGrouped(value, 1);
    case ColumnKind::Count:
        return formatGrouped(value, 0);
    case ColumnKind::Money:
        return formatGrouped(value, std::fabs(value) < 10.0 ? 3 : 2);
    case ColumnKind::Number:
        return formatSignificant(value);
    }
    return formatExact(value);
}

std::string parameterShortName(std::string_view path)
{
    const std::size_t dot = path.rfind('.');
    return std::string(dot == std::string_view::npos ? path : path.substr(dot + 1));
}

std::string axesTable(const SweepAxes &axes, const std::vector<SweepPoint> &points,
                      const std::vector<std::string> &metricKeys)
{
    const bool grid = !axes.second.empty();
    const std::vector<SweepColumn> columns = columnsFor(metricKeys);
    TextTable table;
    std::vector<std::string> titles, units;
    if (grid) {
        titles.push_back(parameterShortName(axes.second));
        units.emplace_back();
    }
    titles.push_back(parameterShortName(axes.first));
    units.emplace_back();
    for (const SweepColumn &column : columns) {
        titles.emplace_back(column.title);
        units.emplace_back(column.unit);
    }
    table.addRow(std::move(titles));
    table.addRow(std::move(units));
    std::string notes;
    for (const SweepPoint &point : points) {
        std::vector<std::string> row;
        if (grid)
            row.push_back(formatExact(point.secondValue));
        row.push_back(formatExact(point.parameterValue));
        for (const SweepColumn &column : columns)
            row.push_back(sweepCell(column, column.of(point.results)));
        if (point.results.status != RunStatus::Completed) {
            row[grid ? 1 : 0] += " *"; // on the swept value
            const std::string at = grid ? formatExact(point.secondValue) + ", "
                                                   + formatExact(point.parameterValue)
                                        : formatExact(point.parameterValue);
            notes += "* " + at + ": " + statusName(point.results.status)
                     + (point.results.statusMessage.empty() ? ""
                                                            : " - " + point.results.statusMessage)
                     + '\n';
        }
        table.addRow(std::move(row));
    }
    const std::string what
            = grid ? "Grid of " + std::string(axes.second) + " x " + std::string(axes.first)
                   : "Sweep of " + std::string(axes.first);
    return what + " (" + std::to_string(points.size())
           + (points.size() == 1 ? " point)\n\n" : " points)\n\n") + table.render("")
           + (notes.empty() ? "" : "\nRuns that did not complete (partial figures):\n" + notes);
}

std::string axesCsv(const SweepAxes &axes, const std::vector<SweepPoint> &points,
                    const std::vector<std::string> &metricKeys)
{
    const bool grid = !axes.second.empty();
    const std::vector<SweepColumn> columns = columnsFor(metricKeys);
    std::string out
            = grid ? csvField(axes.second) + "," + csvField(axes.first) : csvField(axes.first);
    for (const SweepColumn &column : columns)
        out += std::string(",") + column.key;
    out += ",status\n";
    for (const SweepPoint &point : points) {
        if (grid)
            out += formatExact(point.secondValue) + ',';
        out += formatExact(point.parameterValue);
        for (const SweepColumn &column : columns)
            out += ',' + csvNumber(column.of(point.results));
        out += ',' + statusName(point.results.status) + '\n';
    }
    return out;
}

json axesJson(const SweepAxes &axes, const std::vector<SweepPoint> &points,
              const std::vector<std::string> &metricKeys)
{
    const bool grid = !axes.second.empty();
    const std::vector<SweepColumn> columns = columnsFor(metricKeys);
    json rows = json::array();
    for (const SweepPoint &point : points) {
        json row = json::object();
        row["parameterValue"] = point.parameterValue;
        if (grid)
            row["secondValue"] = point.secondValue;
        for (const SweepColumn &column : columns) {
            const double value = column.of(point.results);
            if (std::isnan(value))
                row[column.key] = nullptr;
            else if (column.kind == ColumnKind::Count)
                row[column.key] = static_cast<std::uint64_t>(value);
            else
                row[column.key] = value;
        }
        row["status"] = statusName(point.results.status);
        row["statusMessage"] = point.results.statusMessage;
        rows.push_back(std::move(row));
    }
    if (grid)
        return json{{"parameters", {std::string(axes.first), std::string(axes.second)}},
                    {"points", std::move(rows)}};
    return json{{"parameter", std::string(axes.first)}, {"points", std::move(rows)}};
}

std::string formatAxes(const SweepAxes &axes, const std::vector<SweepPoint> &points,
                       OutputFormat format, const std::vector<std::string> &metricKeys)
{
    switch (format) {
    case OutputFormat::Json:
        return axesJson(axes, points, metricKeys)
                       .dump(2, ' ', false, json::error_handler_t::replace)
               + '\n';
    case OutputFormat::Csv:
        return axesCsv(axes, points, metricKeys);
    case OutputFormat::Table:
        break;
    }
    return axesTable(axes, points, metricKeys);
}

} // namespace

std::string formatSweepTable(std::string_view parameterPath, const std::vector<SweepPoint> &points,
                             const std::vector<std::string> &metricKeys)
{
    return axesTable({parameterPath, {}}, points, metricKeys);
}

std::string formatSweepCsv(std::string_view parameterPath, const std::vector<SweepPoint> &points,
                           const std::vector<std::string> &metricKeys)
{
    return axesCsv({parameterPath, {}}, points, metricKeys);
}

nlohmann::json sweepToJson(std::string_view parameterPath, const std::vector<SweepPoint> &points,
                           const std::vector<std::string> &metricKeys)
{
    return axesJson({parameterPath, {}}, points, metricKeys);
}

std::string formatSweep(std::string_view parameterPath, const std::vector<SweepPoint> &points,
                        OutputFormat format, const std::vector<std::string> &metricKeys)
{
    return formatAxes({parameterPath, {}}, points, format, metricKeys);
}

std::string formatGrid(const SweepAxes &axes, const std::vector<SweepPoint> &points,
                       OutputFormat format, const std::vector<std::string> &metricKeys)
{
    return formatAxes(axes, points, format, metricKeys);
}

std::vector<std::string> sweepMetricKeys()
{
    std::vector<std::string> keys;
    for (const SweepColumn &column : builtInColumns())
        keys.push_back(column.key);
    for (const MetricValue &value : metricValues(Results{}))
        if (std::find(keys.begin(), keys.end(), value.metric.key) == keys.end())
            keys.emplace_back(value.metric.key);
    return keys;
}

void checkSweepMetrics(const std::vector<std::string> &metricKeys)
{
    (void)columnsFor(metricKeys);
}

} // namespace tw::metrics
