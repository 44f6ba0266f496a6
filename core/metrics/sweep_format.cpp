#include "core/metrics/sweep_format.h"

#include "core/metrics/text_format.h"

#include <array>
#include <cmath>
#include <cstddef>

namespace tw::metrics {
namespace {

using nlohmann::json;

enum class ColumnKind { Rate, Latency, Percent, Batch, Count };

struct SweepColumn
{
    const char *key; ///< JSON key and CSV column
    const char *title;
    const char *unit; ///< for the table; latency cells carry their own (ms or s)
    ColumnKind kind;
    double (*value)(const Results &); ///< NaN when there is no value (no measured request)
};

double latencyOrNan(const Summary &summary, double Summary::*field)
{
    return summary.count == 0 ? std::nan("") : summary.*field;
}

const std::array<SweepColumn, 13> kSweepColumns{{
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
        {"unfinishedRequests", "unfinished", "requests", ColumnKind::Count,
         [](const Results &r) {
             return static_cast<double>(r.unfinishedQueued + r.unfinishedRunning);
         }},
        {"rejectedRequests", "rejected", "requests", ColumnKind::Count,
         [](const Results &r) { return static_cast<double>(r.rejectedRequests); }},
}};

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
    }
    return formatExact(value);
}

std::string parameterShortName(std::string_view path)
{
    const std::size_t dot = path.rfind('.');
    return std::string(dot == std::string_view::npos ? path : path.substr(dot + 1));
}

} // namespace

std::string formatSweepTable(std::string_view parameterPath, const std::vector<SweepPoint> &points)
{
    TextTable table;
    std::vector<std::string> titles{parameterShortName(parameterPath)};
    std::vector<std::string> units{""};
    for (const SweepColumn &column : kSweepColumns) {
        titles.emplace_back(column.title);
        units.emplace_back(column.unit);
    }
    table.addRow(std::move(titles));
    table.addRow(std::move(units));
    std::string notes;
    for (const SweepPoint &point : points) {
        std::vector<std::string> row{formatExact(point.parameterValue)};
        for (const SweepColumn &column : kSweepColumns)
            row.push_back(sweepCell(column, column.value(point.results)));
        if (point.results.status != RunStatus::Completed) {
            row.front() += " *";
            notes += "* " + formatExact(point.parameterValue) + ": "
                     + statusName(point.results.status)
                     + (point.results.statusMessage.empty() ? ""
                                                            : " - " + point.results.statusMessage)
                     + '\n';
        }
        table.addRow(std::move(row));
    }
    return "Sweep of " + std::string(parameterPath) + " (" + std::to_string(points.size())
           + (points.size() == 1 ? " point)\n\n" : " points)\n\n") + table.render("")
           + (notes.empty() ? "" : "\nRuns that did not complete (partial figures):\n" + notes);
}

std::string formatSweepCsv(std::string_view parameterPath, const std::vector<SweepPoint> &points)
{
    std::string out = csvField(parameterPath);
    for (const SweepColumn &column : kSweepColumns)
        out += std::string(",") + column.key;
    out += ",status\n";
    for (const SweepPoint &point : points) {
        out += formatExact(point.parameterValue);
        for (const SweepColumn &column : kSweepColumns)
            out += ',' + csvNumber(column.value(point.results));
        out += ',' + statusName(point.results.status) + '\n';
    }
    return out;
}

nlohmann::json sweepToJson(std::string_view parameterPath, const std::vector<SweepPoint> &points)
{
    json rows = json::array();
    for (const SweepPoint &point : points) {
        json row = json::object();
        row["parameterValue"] = point.parameterValue;
        for (const SweepColumn &column : kSweepColumns) {
            const double value = column.value(point.results);
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
    return json{{"parameter", std::string(parameterPath)}, {"points", std::move(rows)}};
}

std::string formatSweep(std::string_view parameterPath, const std::vector<SweepPoint> &points,
                        OutputFormat format)
{
    switch (format) {
    case OutputFormat::Json:
        return sweepToJson(parameterPath, points)
                       .dump(2, ' ', false, json::error_handler_t::replace)
               + '\n';
    case OutputFormat::Csv:
        return formatSweepCsv(parameterPath, points);
    case OutputFormat::Table:
        break;
    }
    return formatSweepTable(parameterPath, points);
}

} // namespace tw::metrics
