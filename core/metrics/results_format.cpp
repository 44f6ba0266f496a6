#include "core/metrics/results_format.h"

#include "core/metrics/result_fields.h"
#include "core/metrics/text_format.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <type_traits>

namespace tw::metrics {
namespace {

using nlohmann::json;

std::string formatLatencyCell(const Summary &summary, double seconds)
{
    return summary.count == 0 ? std::string("-") : formatLatency(seconds);
}

// The JSON and CSV writers below visit the one table of metrics (result_fields.h), so the two
// can never list different fields. Derived metrics are computed when read, not written.

/// Text and flags as the outputs write them: the status by name, a flag as "true"/"false".
template<typename T> const T &written(const T &value)
{
    return value;
}
std::string written(RunStatus status)
{
    return statusName(status);
}
std::string written(bool flag)
{
    return flag ? "true" : "false";
}

// Writes dotted names ("ttftSeconds.p95") as nested JSON objects.
struct JsonWriter
{
    json &target;
    template<typename T> void operator()(const Metric &metric, const T &value)
    {
        if (metric.derived)
            return;
        std::string pointer = "/" + std::string(metric.key);
        std::replace(pointer.begin(), pointer.end(), '.', '/');
        target[json::json_pointer(pointer)] = written(value);
    }
};

struct CsvWriter
{
    std::string &out;
    std::string prefix;
    void write(const Metric &metric, const std::string &value)
    {
        out += csvField(prefix + std::string(metric.key)) + ',' + csvField(value) + ','
               + std::string(metric.unit) + '\n';
    }
    template<typename T> void operator()(const Metric &metric, const T &value)
    {
        if (metric.derived)
            return;
        if constexpr (std::is_same_v<T, double>)
            write(metric, csvNumber(value));
        else if constexpr (std::is_same_v<T, std::uint64_t> || std::is_same_v<T, int>)
            write(metric, std::to_string(value));
        else
            write(metric, written(value));
    }
};

std::string usd(double value)
{
    if (std::fabs(value) >= 100.0)
        return "$" + formatGrouped(value, 0);
    return "$" + formatGrouped(value, std::fabs(value) >= 1.0 ? 2 : 4);
}

/// Cost, energy and carbon: the lines a CFO and an operator read.
std::string accountingLines(const EnergyResults &e, const CarbonResults &c, const CostResults &cost,
                            const std::string &indent)
{
    std::string text = indent + "Cost        " + usd(cost.totalUsd) + " over the run   "
                       + usd(cost.perMonthUsd) + "/month   " + usd(cost.perMillionOutputTokensUsd)
                       + " per 1M output tokens   " + usd(cost.perRequestUsd) + " per request\n";
    // Components to the cent: fractions of a cent here are noise, not information.
    const auto cents = [](double value) { return "$" + formatGrouped(value, 2); };
    std::string parts;
    if (cost.gpuBusyUsd + cost.gpuIdleUsd > 0.0)
        parts += "   GPUs busy " + cents(cost.gpuBusyUsd) + ", idle " + cents(cost.gpuIdleUsd)
                 + " (" + formatPercent(cost.idleShare) + " of GPU cost idle)";
    if (cost.energyUsd > 0.0)
        parts += "   energy " + cents(cost.energyUsd);
    if (cost.operationsUsd > 0.0)
        parts += "   operations " + cents(cost.operationsUsd);
    if (cost.staffUsd > 0.0)
        parts += "   staff " + cents(cost.staffUsd);
    if (cost.facilityUsd > 0.0)
        parts += "   colocation and network " + cents(cost.facilityUsd);
    if (cost.apiUsd > 0.0)
        parts += "   API " + cents(cost.apiUsd);
    if (cost.cacheUsd > 0.0)
        parts += "   cache " + cents(cost.cacheUsd);
    if (!parts.empty())
        text += indent + "         " + parts + '\n';
    if (e.facilityKwh > 0.0) {
        text += indent + "Energy      " + formatGrouped(e.facilityKwh, 1) + " kWh facility ("
                + formatGrouped(e.gpuKwh, 1) + " kWh GPUs, " + formatGrouped(e.itKwh, 1)
                + " kWh IT)   average " + formatGrouped(e.averageFacilityWatts / 1000.0, 2)
                + " kW, peak " + formatGrouped(e.peakFacilityWatts / 1000.0, 2) + " kW\n";
        text += indent + "            " + formatGrouped(e.joulesPerOutputToken, 2)
                + " J per output token   GPU average " + formatGrouped(e.averageGpuWatts, 0)
                + " W, while busy " + formatGrouped(e.busyGpuWatts, 0) + " W\n";
    }
    if (c.totalKg > 0.0)
        text += indent + "Carbon      " + formatGrouped(c.totalKg, 1) + " kg CO2e ("
                + formatGrouped(c.operationalKg, 1) + " operational, "
                + formatGrouped(c.embodiedKg, 1) + " embodied)   "
                + formatGrouped(c.tonnesPerYear, 1) + " t CO2e/year   "
                + formatGrouped(c.gramsPerMillionOutputTokens, 0) + " g per 1M output tokens\n";
    return text;
}

std::string deploymentBlock(const DeploymentResults &d)
{
    if (d.api) {
        std::string text = "Deployment '" + d.name + "': API " + d.gpuId + " " + d.modelId + '\n';
        text += "  requests " + formatCount(d.requests) + "   input tokens "
                + formatCount(d.inputTokens) + "   output tokens " + formatCount(d.outputTokens)
                + "   TTFT p95 " + formatLatencyCell(d.ttftSeconds, d.ttftSeconds.p95)
                + "   E2E p95 " + formatLatencyCell(d.e2eSeconds, d.e2eSeconds.p95) + '\n';
        return text + accountingLines(d.energy, d.carbon, d.cost, "  ");
    }
    const int gpus = d.replicas * d.gpusPerReplica;
    const int stages = std::max(1, d.pipelineStages);
    std::string text = "Deployment '" + d.name + "': " + d.modelId + " on " + d.gpuId + " x TP"
                       + std::to_string(d.gpusPerReplica / stages)
                       + (stages > 1 ? " x PP" + std::to_string(stages) : std::string()) + " x "
                       + std::to_string(d.replicas) + (d.replicas == 1 ? " replica" : " replicas")
                       + " (" + std::to_string(gpus) + (gpus == 1 ? " GPU)\n" : " GPUs)\n");
    text += "  weights " + formatGrouped(d.weightBytesPerGpu / 1e9, 2)
            + " GB per GPU   KV capacity " + formatGrouped(d.kvCapacityTokensPerReplica, 0)
            + " tokens per replica\n";
    if (!d.parameterSource.empty())
        text += "  parameters " + d.parameterSource + '\n';
    if (!d.accuracyBasis.empty()) {
        std::string figures;
        auto add = [&figures](double percent, const char *what) {
            if (percent > 0.0)
                figures += (figures.empty() ? "" : ", ") + std::string("±")
                           + formatGrouped(percent, 0) + " % " + what;
        };
        add(d.accuracyThroughputPercent, "throughput");
        add(d.accuracyLatencyPercent, "TPOT");
        add(d.accuracyEnergyPercent, "energy per token");
        add(d.accuracyPowerPercent, "power");
        text += "  accuracy " + figures + " (" + d.accuracyBasis + ")\n";
    }
    if (!d.outsideMeasuredRange.empty())
        text += "  ⚠ outside the measured range: " + d.outsideMeasuredRange + '\n';
    text += "  completed " + formatCount(d.completedRequests) + "   output "
            + formatRate(d.outputTokensPerSecond) + " tok/s   TTFT p95 "
            + formatLatencyCell(d.ttftSeconds, d.ttftSeconds.p95) + "   TPOT p95 "
            + formatLatencyCell(d.tpotSeconds, d.tpotSeconds.p95) + "   E2E p95 "
            + formatLatencyCell(d.e2eSeconds, d.e2eSeconds.p95) + '\n';
    text += "  busy " + formatPercent(d.busyFraction) + "   mean batch "
            + formatGrouped(d.meanRunningBatch, 1) + " of " + formatGrouped(d.batchLimit, 0) + " ("
            + formatPercent(d.batchOccupancy) + ")   MFU " + formatPercent(d.flopsUtilization)
            + "   MBU " + formatPercent(d.bandwidthUtilization) + "   KV "
            + formatPercent(d.kvUtilization) + '\n';
    text += "  preemptions " + formatCount(d.preemptions) + "   iterations "
            + formatCount(d.iterations) + '\n';
    if (d.autoscaled)
        text += "  autoscaled: " + formatGrouped(d.meanProvisionedReplicas, 2)
                + " replicas on average, peak "
                + formatCount(static_cast<std::uint64_t>(d.peakProvisionedReplicas)) + " of "
                + formatCount(static_cast<std::uint64_t>(d.replicas)) + ", "
                + formatCount(d.coldStarts) + " cold starts, " + formatCount(d.replicasReleased)
                + " released\n";
    if (d.interruptions > 0)
        text += "  spot interruptions " + formatCount(d.interruptions) + ": "
                + formatCount(d.restartedRequests) + " requests started again, "
                + formatCount(d.lostTokens) + " output tokens lost\n";
    if (d.overflowedRequests > 0)
        text += "  overflowed " + formatCount(d.overflowedRequests) + " requests\n";
    return text + accountingLines(d.energy, d.carbon, d.cost, "  ");
}

} // namespace

std::string statusName(RunStatus status)
{
    switch (status) {
    case RunStatus::Completed:
        return "completed";
    case RunStatus::Cancelled:
        return "cancelled";
    case RunStatus::BudgetExceeded:
        return "budgetExceeded";
    }
    return "unknown";
}

std::string formatTable(const Results &r)
{
    std::string text;
    if (r.status != RunStatus::Completed) {
        const std::string banner = r.status == RunStatus::Cancelled
                                           ? "RUN CANCELLED"
                                           : "RUN STOPPED: BUDGET EXCEEDED";
        text += "*** " + banner + (r.statusMessage.empty() ? "" : " - " + r.statusMessage) + '\n';
        text += "*** The figures below cover only the part of the run that was simulated.\n\n";
    }
    text += "Scenario     " + r.scenarioName + '\n';
    text += "Run          seed " + std::to_string(r.seed) + "   horizon "
            + formatDuration(r.horizonSeconds) + "   warm-up " + formatDuration(r.warmupSeconds)
            + "\n\n";

    text += "Requests     arrived " + formatCount(r.arrivedRequests) + "   completed "
            + formatCount(r.completedRequests) + "   rejected " + formatCount(r.rejectedRequests)
            + "   unfinished " + formatCount(r.unfinishedQueued + r.unfinishedRunning) + " (queued "
            + formatCount(r.unfinishedQueued) + ", running " + formatCount(r.unfinishedRunning)
            + ")\n";
    text += "             measured " + formatCount(r.measuredRequests)
            + " (arrived after warm-up, completed before the horizon)\n";
    text += "Throughput   " + formatRate(r.requestsPerSecond) + " req/s   "
            + formatRate(r.outputTokensPerSecond) + " output tok/s   "
            + formatRate(r.inputTokensPerSecond) + " input tok/s   (arrivals "
            + formatRate(r.arrivalRatePerSecond) + " req/s)\n";
    text += "Goodput      " + formatRate(r.goodputRequestsPerSecond) + " req/s   SLO attainment "
            + formatPercent(r.sloAttainment) + "\n\n";

    TextTable latency;
    latency.addRow({"Latency", "mean", "p50", "p90", "p95", "p99", "max"});
    const std::array<std::pair<const char *, const Summary *>, 4> rows{
            {{"TTFT", &r.ttftSeconds},
             {"TPOT", &r.tpotSeconds},
             {"E2E", &r.e2eSeconds},
             {"Queueing", &r.queueingSeconds}}};
    for (const auto &[name, s] : rows) {
        latency.addRow({name, formatLatencyCell(*s, s->mean), formatLatencyCell(*s, s->p50),
                        formatLatencyCell(*s, s->p90), formatLatencyCell(*s, s->p95),
                        formatLatencyCell(*s, s->p99), formatLatencyCell(*s, s->max)});
    }
    text += latency.render("") + '\n';

    text += "Utilisation  time busy " + formatPercent(r.busyFraction) + "   batch occupancy "
            + formatPercent(r.batchOccupancy) + " (mean running batch "
            + formatGrouped(r.meanRunningBatch, 1) + ")   MFU " + formatPercent(r.flopsUtilization)
            + "   MBU " + formatPercent(r.bandwidthUtilization) + '\n';
    text += "             KV cache " + formatPercent(r.kvUtilization) + "   preemptions "
            + formatCount(r.preemptions) + "   mean requests in system "
            + formatGrouped(r.meanRequestsInSystem, 1);
    if (r.cacheHits > 0)
        text += "   cache hits " + formatCount(r.cacheHits);
    text += "\n\n" + accountingLines(r.energy, r.carbon, r.cost, "") + '\n';

    for (const DeploymentResults &d : r.deployments)
        text += deploymentBlock(d) + '\n';

    text += "Simulated " + formatCount(r.eventsProcessed) + " events in "
            + formatGrouped(r.wallSeconds, r.wallSeconds < 10 ? 2 : 1) + " s wall time\n";
    return text;
}

nlohmann::json toJson(const Results &results)
{
    json root = json::object();
    JsonWriter writer{root};
    visitResultFields(writer, results);

    json deployments = json::array();
    for (const DeploymentResults &d : results.deployments) {
        json item = json::object();
        JsonWriter itemWriter{item};
        visitDeploymentFields(itemWriter, d);
        deployments.push_back(std::move(item));
    }
    root["deployments"] = std::move(deployments);

    json series = json::object();
    series["resolutionSeconds"] = results.timeSeries.resolutionSeconds;
    for (const SeriesColumn &column : seriesColumns())
        series[std::string(column.jsonKey)] = results.timeSeries.*column.member;
    root["timeSeries"] = std::move(series);
    return root;
}

std::string formatCsv(const Results &results)
{
    std::string out = "metric,value,unit\n";
    CsvWriter writer{out, {}};
    visitResultFields(writer, results);
    for (std::size_t i = 0; i < results.deployments.size(); ++i) {
        CsvWriter deploymentWriter{out, "deployments[" + std::to_string(i) + "]."};
        visitDeploymentFields(deploymentWriter, results.deployments[i]);
    }
    return out;
}

std::string formatTimeSeriesCsv(const TimeSeries &series)
{
    std::string out;
    std::size_t bins = 0;
    for (const SeriesColumn &column : seriesColumns()) {
        out += std::string(out.empty() ? "" : ",") + std::string(column.csvColumn);
        bins = std::max(bins, (series.*column.member).size());
    }
    out += '\n';
    for (std::size_t bin = 0; bin < bins; ++bin) {
        bool first = true;
        for (const SeriesColumn &column : seriesColumns()) {
            const std::vector<double> &values = series.*column.member;
            if (!first)
                out += ',';
            first = false;
            // An empty cell, not 0, where there is no value (a bin without completions).
            if (bin < values.size())
                out += csvNumber(values[bin]);
        }
        out += '\n';
    }
    return out;
}

std::string formatResults(const Results &results, OutputFormat format)
{
    switch (format) {
    case OutputFormat::Json:
        // Replace rather than throw on invalid UTF-8 in a name: a report must always print.
        return toJson(results).dump(2, ' ', false, json::error_handler_t::replace) + '\n';
    case OutputFormat::Csv:
        return formatCsv(results);
    case OutputFormat::Table:
        break;
    }
    return formatTable(results);
}

} // namespace tw::metrics
