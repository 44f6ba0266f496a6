#pragma once

// The one table of result metrics. Every scalar of metrics::Results and DeploymentResults is
// declared once below, with its key (the dotted name toJson and the CSV use), its unit, and,
// when people compare it, a label, a description and the direction in which it improves.
//
// The declaration is a function template, not a data table, so that the same lines can hand
// out the field itself: const to the writers (JSON, CSV in results_format.cpp) and the readers
// of figures (compare, the window's KPI strip), mutable to the workbook's decoder
// (core/store/results_codec.cpp). Adding a metric is one member in results.h and one line
// here; tst_results_format checks that every member is written, read back and documented.

#include "core/metrics/results.h"

#include <optional>
#include <string_view>
#include <type_traits>
#include <vector>

/// Marks a string for the window's translations; core stays free of Qt. The window translates
/// it with context "tw::metrics" (lupdate: -tr-function-alias QT_TRANSLATE_NOOP+=TW_METRIC_TEXT).
#define TW_METRIC_TEXT(text) text

namespace tw::metrics {

/// Which way a metric improves, so a view can colour a difference as better or worse.
enum class Better { Lower, Higher, Neither };

/// What a metric is, apart from its value.
struct Metric
{
    std::string_view key;  ///< dotted name: "ttftSeconds.p95", "cost.totalUsd"
    std::string_view unit; ///< "s", "USD/1M tokens", "fraction"; empty for text
    /// For people, when the metric is a key performance indicator (compare, KPI strip);
    /// empty for the others.
    std::string_view label = {};
    Better better = Better::Neither;
    std::string_view description = {};
    /// A statistic over the measured requests: it has no value when none was measured.
    bool overMeasuredRequests = false;
    /// Computed from other fields when read: not written to JSON or CSV, not decoded.
    bool derived = false;

    bool isKpi() const { return !label.empty(); }
};

namespace detail {

/// The labels of a Summary's statistics that are KPIs ("TTFT" -> "TTFT p95").
struct SummaryKpis
{
    std::string_view p50Label, p95Label, p99Label;
    std::string_view description;
};

template<class V, class S>
void visitSummary(V &visit, std::string_view name, S &s, const SummaryKpis &kpis = {})
{
    const auto at
            = [&](std::string_view stat) { return std::string(name) + '.' + std::string(stat); };
    // The keys live for the call only: visitors copy what they keep.
    const std::string count = at("count"), mean = at("mean"), p50 = at("p50"), p90 = at("p90"),
                      p95 = at("p95"), p99 = at("p99"), max = at("max");
    const auto stat = [&](const std::string &key, std::string_view label) {
        return Metric{key, "s", label, Better::Lower, kpis.description, true};
    };
    visit(Metric{count, "requests"}, s.count);
    visit(stat(mean, {}), s.mean);
    visit(stat(p50, kpis.p50Label), s.p50);
    visit(stat(p90, {}), s.p90);
    visit(stat(p95, kpis.p95Label), s.p95);
    visit(stat(p99, kpis.p99Label), s.p99);
    visit(stat(max, {}), s.max);
}

/// A value computed from stored fields; visitors that write or decode skip it.
template<class V> void visitDerived(V &visit, const Metric &metric, double value)
{
    if constexpr (std::is_invocable_v<V &, const Metric &, const double &>)
        visit(metric, static_cast<const double &>(value));
}

/// Energy, carbon and cost. With @p horizonSeconds (the top level of Results) they are KPIs and
/// the yearly energy is derived; a deployment passes none.
template<class V, class E, class C, class K>
void visitAccounting(V &visit, E &e, C &c, K &cost, std::optional<double> horizonSeconds = {})
{
    const bool withKpis = horizonSeconds.has_value();
    const auto kpi
            = [withKpis](std::string_view label) { return withKpis ? label : std::string_view{}; };
    visit(Metric{"energy.gpuKwh", "kWh"}, e.gpuKwh);
    visit(Metric{"energy.itKwh", "kWh"}, e.itKwh);
    visit(Metric{"energy.facilityKwh", "kWh", kpi(TW_METRIC_TEXT("Facility energy")), Better::Lower,
                 TW_METRIC_TEXT("GPUs, servers and cooling (via PUE) over the simulated run.")},
          e.facilityKwh);
    if (withKpis) {
        const double hours = *horizonSeconds / 3600.0;
        visitDerived(visit,
                     Metric{"energy.facilityMwhPerYear", "MWh/year",
                            TW_METRIC_TEXT("Energy per year"), Better::Lower,
                            TW_METRIC_TEXT("Facility energy (GPUs, servers and cooling via PUE) "
                                           "scaled from the simulated horizon to 8,760 hours."),
                            false, true},
                     hours > 0.0 ? e.facilityKwh * 8760.0 / hours / 1000.0 : 0.0);
    }
    visit(Metric{"energy.averageFacilityWatts", "W", kpi(TW_METRIC_TEXT("Average facility power")),
                 Better::Lower},
          e.averageFacilityWatts);
    visit(Metric{"energy.peakFacilityWatts", "W", kpi(TW_METRIC_TEXT("Peak facility power")),
                 Better::Lower, TW_METRIC_TEXT("The highest time-series bin average.")},
          e.peakFacilityWatts);
    visit(Metric{"energy.averageGpuWatts", "W per GPU"}, e.averageGpuWatts);
    visit(Metric{"energy.busyGpuWatts", "W per GPU"}, e.busyGpuWatts);
    visit(Metric{"energy.joulesPerOutputToken", "J/token",
                 kpi(TW_METRIC_TEXT("Energy per output token")), Better::Lower,
                 TW_METRIC_TEXT("Facility energy divided by the output tokens generated.")},
          e.joulesPerOutputToken);
    visit(Metric{"energy.gpuJoulesPerOutputToken", "J/token"}, e.gpuJoulesPerOutputToken);
    visit(Metric{"carbon.operationalKg", "kgCO2e"}, c.operationalKg);
    visit(Metric{"carbon.embodiedKg", "kgCO2e"}, c.embodiedKg);
    visit(Metric{"carbon.totalKg", "kgCO2e", kpi(TW_METRIC_TEXT("Carbon")), Better::Lower},
          c.totalKg);
    visit(Metric{"carbon.tonnesPerYear", "tCO2e/year", kpi(TW_METRIC_TEXT("Carbon per year")),
                 Better::Lower,
                 TW_METRIC_TEXT("Operational (grid electricity) plus embodied (hardware "
                                "manufacturing, amortised) emissions, scaled to 8,760 hours.")},
          c.tonnesPerYear);
    visit(Metric{"carbon.gramsPerMillionOutputTokens", "gCO2e/1M tokens",
                 kpi(TW_METRIC_TEXT("Carbon per 1M tokens")), Better::Lower},
          c.gramsPerMillionOutputTokens);
    visit(Metric{"cost.totalUsd", "USD", kpi(TW_METRIC_TEXT("Cost")), Better::Lower},
          cost.totalUsd);
    visit(Metric{"cost.gpuBusyUsd", "USD"}, cost.gpuBusyUsd);
    visit(Metric{"cost.gpuIdleUsd", "USD"}, cost.gpuIdleUsd);
    visit(Metric{"cost.energyUsd", "USD"}, cost.energyUsd);
    visit(Metric{"cost.operationsUsd", "USD"}, cost.operationsUsd);
    visit(Metric{"cost.staffUsd", "USD"}, cost.staffUsd);
    visit(Metric{"cost.facilityUsd", "USD"}, cost.facilityUsd);
    visit(Metric{"cost.apiUsd", "USD"}, cost.apiUsd);
    visit(Metric{"cost.cacheUsd", "USD"}, cost.cacheUsd);
    visit(Metric{"cost.perMonthUsd", "USD/month", kpi(TW_METRIC_TEXT("Cost per month")),
                 Better::Lower,
                 TW_METRIC_TEXT("Total cost of the run (GPUs busy and idle, electricity, "
                                "operations, API tokens, cache) scaled to a month of 730 "
                                "hours.")},
          cost.perMonthUsd);
    visit(Metric{"cost.perYearUsd", "USD/year"}, cost.perYearUsd);
    visit(Metric{"cost.perMillionOutputTokensUsd", "USD/1M tokens",
                 kpi(TW_METRIC_TEXT("Cost per 1M output tokens")), Better::Lower,
                 TW_METRIC_TEXT("Total cost divided by the output tokens generated, per "
                                "million.")},
          cost.perMillionOutputTokensUsd);
    visit(Metric{"cost.perRequestUsd", "USD/request", kpi(TW_METRIC_TEXT("Cost per request")),
                 Better::Lower},
          cost.perRequestUsd);
    visit(Metric{"cost.idleShare", "fraction", kpi(TW_METRIC_TEXT("Idle share of GPU cost")),
                 Better::Lower,
                 TW_METRIC_TEXT("Share of the self-hosted GPU cost spent while no iteration "
                                "ran.")},
          cost.idleShare);
}

} // namespace detail

/// Calls visit(Metric, field) for every scalar of @p r except the deployments and the time
/// series, in the fixed order of the CSV output and of compare. @p R is Results or const
/// Results: decoders get mutable fields. Derived metrics (Metric::derived) are passed as a
/// const double, so a decoder's visitor for mutable fields never sees them.
template<class V, class R>
requires std::is_same_v<std::remove_const_t<R>, Results>
void visitResultFields(V &visit, R &r)
{
    using detail::SummaryKpis;
    using detail::visitSummary;
    visit(Metric{"status", ""}, r.status);
    visit(Metric{"statusMessage", ""}, r.statusMessage);
    visit(Metric{"scenarioName", ""}, r.scenarioName);
    visit(Metric{"seed", ""}, r.seed);
    visit(Metric{"horizonSeconds", "s"}, r.horizonSeconds);
    visit(Metric{"warmupSeconds", "s"}, r.warmupSeconds);
    // Throughput
    visit(Metric{"requestsPerSecond", "req/s", TW_METRIC_TEXT("Throughput"), Better::Higher,
                 TW_METRIC_TEXT("Completions per second in the measurement window.")},
          r.requestsPerSecond);
    visit(Metric{"outputTokensPerSecond", "tok/s", TW_METRIC_TEXT("Output tokens"), Better::Higher},
          r.outputTokensPerSecond);
    visit(Metric{"inputTokensPerSecond", "tok/s"}, r.inputTokensPerSecond);
    visit(Metric{"arrivalRatePerSecond", "req/s"}, r.arrivalRatePerSecond);
    // Requests, conserved: arrived = completed + rejected + unfinished
    visit(Metric{"arrivedRequests", "requests"}, r.arrivedRequests);
    visit(Metric{"completedRequests", "requests", TW_METRIC_TEXT("Completed requests"),
                 Better::Higher},
          r.completedRequests);
    visit(Metric{"rejectedRequests", "requests", TW_METRIC_TEXT("Rejected requests"), Better::Lower,
                 TW_METRIC_TEXT("Requests longer than a replica's whole KV cache: they could "
                                "never run.")},
          r.rejectedRequests);
    visit(Metric{"unfinishedQueued", "requests"}, r.unfinishedQueued);
    visit(Metric{"unfinishedRunning", "requests"}, r.unfinishedRunning);
    detail::visitDerived(visit,
                         Metric{"unfinishedRequests", "requests",
                                TW_METRIC_TEXT("Unfinished at the horizon"), Better::Lower,
                                TW_METRIC_TEXT("Queued or running when the run ended."), false,
                                true},
                         static_cast<double>(r.unfinishedQueued + r.unfinishedRunning));
    visit(Metric{"measuredRequests", "requests"}, r.measuredRequests);
    visit(Metric{"generatedTokens", "tokens"}, r.generatedTokens);
    visit(Metric{"completedOutputTokens", "tokens"}, r.completedOutputTokens);
    // Latency
    visitSummary(visit, "ttftSeconds", r.ttftSeconds,
                 SummaryKpis{TW_METRIC_TEXT("TTFT p50"), TW_METRIC_TEXT("TTFT p95"),
                             TW_METRIC_TEXT("TTFT p99"),
                             TW_METRIC_TEXT("Time to first token: from a request's arrival to "
                                            "its first output token.")});
    visitSummary(visit, "tpotSeconds", r.tpotSeconds,
                 SummaryKpis{TW_METRIC_TEXT("TPOT p50"),
                             TW_METRIC_TEXT("TPOT p95"),
                             {},
                             TW_METRIC_TEXT("Time per output token after the first, averaged "
                                            "per request.")});
    visitSummary(visit, "e2eSeconds", r.e2eSeconds,
                 SummaryKpis{TW_METRIC_TEXT("End-to-end p50"), TW_METRIC_TEXT("End-to-end p95"),
                             TW_METRIC_TEXT("End-to-end p99"),
                             TW_METRIC_TEXT("From a request's arrival to its last token.")});
    visitSummary(visit, "queueingSeconds", r.queueingSeconds,
                 SummaryKpis{{},
                             TW_METRIC_TEXT("Queueing p95"),
                             {},
                             TW_METRIC_TEXT("From arrival to first admission into a batch.")});
    // Service level
    visit(Metric{"sloAttainment", "fraction", TW_METRIC_TEXT("SLO attainment"), Better::Higher,
                 TW_METRIC_TEXT("Share of measured requests meeting the SLO.")},
          r.sloAttainment);
    visit(Metric{"goodputRequestsPerSecond", "req/s", TW_METRIC_TEXT("Goodput"), Better::Higher,
                 TW_METRIC_TEXT("Completions meeting the SLO, per second.")},
          r.goodputRequestsPerSecond);
    // Utilisation
    visit(Metric{"meanRequestsInSystem", "requests"}, r.meanRequestsInSystem);
    visit(Metric{"busyFraction", "fraction", TW_METRIC_TEXT("GPU busy"), Better::Neither,
                 TW_METRIC_TEXT("Busy fraction: the share of time the self-hosted replicas "
                                "were running an iteration (any batch size). It says how much "
                                "of the GPU time you pay for is used, not how hard each "
                                "iteration works the GPU; near 100 % requests start to "
                                "queue.")},
          r.busyFraction);
    visit(Metric{"meanRunningBatch", "requests", TW_METRIC_TEXT("Mean running batch")},
          r.meanRunningBatch);
    visit(Metric{"kvUtilization", "fraction", TW_METRIC_TEXT("KV cache use")}, r.kvUtilization);
    visit(Metric{"batchOccupancy", "fraction", TW_METRIC_TEXT("Batch occupancy"), Better::Neither,
                 TW_METRIC_TEXT("Batch occupancy: the mean running batch while busy over the "
                                "most requests a replica can run at once (the batching limit, "
                                "or what the KV cache holds of requests this long). Low "
                                "occupancy at high busy time means the traffic is too thin to "
                                "batch.")},
          r.batchOccupancy);
    visit(Metric{"flopsUtilization", "fraction", TW_METRIC_TEXT("MFU"), Better::Neither,
                 TW_METRIC_TEXT("Model FLOPs utilisation: the FLOP/s the model's work needs "
                                "over the GPUs' peak at the weight precision, averaged over "
                                "the run, idle time included.")},
          r.flopsUtilization);
    visit(Metric{"bandwidthUtilization", "fraction", TW_METRIC_TEXT("MBU"), Better::Neither,
                 TW_METRIC_TEXT("Memory bandwidth utilisation: the bytes per second the work "
                                "reads and writes (weights, KV cache) over the GPUs' peak "
                                "bandwidth, averaged over the run, idle time included.")},
          r.bandwidthUtilization);
    visit(Metric{"preemptions", "preemptions", TW_METRIC_TEXT("Preemptions"), Better::Lower},
          r.preemptions);
    visit(Metric{"cacheHits", "requests", TW_METRIC_TEXT("Response-cache hits")}, r.cacheHits);
    // Energy, carbon, cost
    detail::visitAccounting(visit, r.energy, r.carbon, r.cost, r.horizonSeconds);
    // The run itself
    visit(Metric{"eventsProcessed", "events"}, r.eventsProcessed);
    visit(Metric{"wallSeconds", "s"}, r.wallSeconds);
}

/// The same for one deployment (its KPIs are not compared, so no labels).
template<class V, class D>
requires std::is_same_v<std::remove_const_t<D>, DeploymentResults>
void visitDeploymentFields(V &visit, D &d)
{
    using detail::visitSummary;
    visit(Metric{"name", ""}, d.name);
    visit(Metric{"modelId", ""}, d.modelId);
    visit(Metric{"gpuId", ""}, d.gpuId);
    visit(Metric{"replicas", "replicas"}, d.replicas);
    visit(Metric{"gpusPerReplica", "GPUs"}, d.gpusPerReplica);
    visit(Metric{"pipelineStages", "stages"}, d.pipelineStages);
    visit(Metric{"weightBytesPerGpu", "bytes"}, d.weightBytesPerGpu);
    visit(Metric{"kvCapacityTokensPerReplica", "tokens"}, d.kvCapacityTokensPerReplica);
    visit(Metric{"parameterSource", ""}, d.parameterSource);
    visit(Metric{"parameterRows", "rows"}, d.parameterRows);
    visit(Metric{"parametersBorrowed", ""}, d.parametersBorrowed);
    visit(Metric{"accuracyThroughputPercent", "%"}, d.accuracyThroughputPercent);
    visit(Metric{"accuracyLatencyPercent", "%"}, d.accuracyLatencyPercent);
    visit(Metric{"accuracyEnergyPercent", "%"}, d.accuracyEnergyPercent);
    visit(Metric{"accuracyPowerPercent", "%"}, d.accuracyPowerPercent);
    visit(Metric{"accuracyBasis", ""}, d.accuracyBasis);
    visit(Metric{"outsideMeasuredRange", ""}, d.outsideMeasuredRange);
    visit(Metric{"completedRequests", "requests"}, d.completedRequests);
    visit(Metric{"sloAttainment", "fraction"}, d.sloAttainment);
    visit(Metric{"outputTokensPerSecond", "tok/s"}, d.outputTokensPerSecond);
    visitSummary(visit, "ttftSeconds", d.ttftSeconds);
    visitSummary(visit, "tpotSeconds", d.tpotSeconds);
    visitSummary(visit, "e2eSeconds", d.e2eSeconds);
    visitSummary(visit, "queueingSeconds", d.queueingSeconds);
    visit(Metric{"busyFraction", "fraction"}, d.busyFraction);
    visit(Metric{"meanRunningBatch", "requests"}, d.meanRunningBatch);
    visit(Metric{"kvUtilization", "fraction"}, d.kvUtilization);
    visit(Metric{"batchLimit", "requests"}, d.batchLimit);
    visit(Metric{"batchOccupancy", "fraction"}, d.batchOccupancy);
    visit(Metric{"flopsUtilization", "fraction"}, d.flopsUtilization);
    visit(Metric{"bandwidthUtilization", "fraction"}, d.bandwidthUtilization);
    visit(Metric{"preemptions", "preemptions"}, d.preemptions);
    visit(Metric{"iterations", "iterations"}, d.iterations);
    visit(Metric{"autoscaled", ""}, d.autoscaled);
    visit(Metric{"meanProvisionedReplicas", "replicas"}, d.meanProvisionedReplicas);
    visit(Metric{"peakProvisionedReplicas", "replicas"}, d.peakProvisionedReplicas);
    visit(Metric{"coldStarts", "replicas"}, d.coldStarts);
    visit(Metric{"replicasReleased", "replicas"}, d.replicasReleased);
    visit(Metric{"overflowedRequests", "requests"}, d.overflowedRequests);
    visit(Metric{"interruptions", "interruptions"}, d.interruptions);
    visit(Metric{"restartedRequests", "requests"}, d.restartedRequests);
    visit(Metric{"lostTokens", "tokens"}, d.lostTokens);
    visit(Metric{"api", ""}, d.api);
    visit(Metric{"requests", "requests"}, d.requests);
    visit(Metric{"inputTokens", "tokens"}, d.inputTokens);
    visit(Metric{"outputTokens", "tokens"}, d.outputTokens);
    detail::visitAccounting(visit, d.energy, d.carbon, d.cost);
}

/// One column of the time series: its JSON key, its CSV column (with the unit in the name)
/// and its member.
struct SeriesColumn
{
    std::string_view jsonKey;
    std::string_view csvColumn;
    std::vector<double> TimeSeries::*member;
};

/// The time-series columns, in CSV order.
const std::vector<SeriesColumn> &seriesColumns();

/// A top-level metric with its value in one Results, as a number (NaN for text fields, and for
/// a statistic over measured requests when none was measured).
struct MetricValue
{
    Metric metric;
    double value = 0.0;
};

/// Every numeric top-level metric of @p results, derived ones included, in table order. The
/// keys point into static storage.
std::vector<MetricValue> metricValues(const Results &results);

/// The top-level metrics that are KPIs, in table order (keys in static storage).
const std::vector<Metric> &kpiMetrics();

/// The metric named @p key ("cost.totalUsd"), or nullptr.
const Metric *findMetric(std::string_view key);

/// The value of @p metric in @p results, as metricValues gives it.
double metricValue(const Results &results, std::string_view key);

} // namespace tw::metrics
