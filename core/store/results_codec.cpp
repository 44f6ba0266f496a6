#include "core/store/results_codec.h"

#include "core/common/error.h"
#include "core/common/sha256.h"
#include "core/metrics/results_format.h"
#include "core/store/workbook.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <limits>

// The decoder below lists the fields of metrics::Results in the order and with the names that
// metrics::toJson (core/metrics/results_format.cpp) writes them. tst_store_results checks that
// every field toJson writes reads back, so a field added there without being added here fails.

namespace tw::store {
namespace {

using nlohmann::json;
using namespace metrics;

/// The start of a value as JSON, for messages.
std::string excerpt(const json &value)
{
    const std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
    return text.size() <= 40 ? text : text.substr(0, 37) + "...";
}

/// Reads dotted names ("ttftSeconds.p95") from nested objects.
class Decoder
{
public:
    Decoder(const json &root, std::string prefix)
        : m_root(root)
        , m_prefix(std::move(prefix))
    {}

    void operator()(const std::string &name, double &value) const
    {
        if (const json *found = find(name)) {
            if (found->is_null())
                value = std::numeric_limits<double>::quiet_NaN();
            else if (found->is_number())
                value = found->get<double>();
            else
                wrongType(name, "a number", *found);
        }
    }
    void operator()(const std::string &name, std::uint64_t &value) const
    {
        if (const json *found = find(name)) {
            const bool nonNegative
                    = found->is_number_unsigned()
                      || (found->is_number_integer() && found->get<std::int64_t>() >= 0);
            if (!nonNegative)
                wrongType(name, "a non-negative integer", *found);
            value = found->get<std::uint64_t>();
        }
    }
    void operator()(const std::string &name, int &value) const
    {
        if (const json *found = find(name)) {
            if (!found->is_number_integer()
                || found->get<std::int64_t>() < std::numeric_limits<int>::min()
                || found->get<std::int64_t>() > std::numeric_limits<int>::max())
                wrongType(name, "an integer", *found);
            value = found->get<int>();
        }
    }
    void operator()(const std::string &name, std::string &value) const
    {
        if (const json *found = find(name)) {
            if (!found->is_string())
                wrongType(name, "a string", *found);
            value = found->get<std::string>();
        }
    }
    // toJson writes DeploymentResults::api as the text "true" or "false".
    void operator()(const std::string &name, bool &value) const
    {
        std::string text = value ? "true" : "false";
        (*this)(name, text);
        if (text != "true" && text != "false")
            throw InputError(m_prefix + name,
                             "expected \"true\" or \"false\", got \"" + text + "\"");
        value = text == "true";
    }
    void operator()(const std::string &name, RunStatus &value) const
    {
        std::string text = statusName(value);
        (*this)(name, text);
        for (RunStatus status :
             {RunStatus::Completed, RunStatus::Cancelled, RunStatus::BudgetExceeded}) {
            if (text == statusName(status)) {
                value = status;
                return;
            }
        }
        throw InputError(m_prefix + name, "unknown run status \"" + text + "\"");
    }

private:
    const json *find(const std::string &name) const
    {
        std::string pointer = "/" + name;
        std::replace(pointer.begin(), pointer.end(), '.', '/');
        const json::json_pointer at(pointer);
        return m_root.contains(at) ? &m_root.at(at) : nullptr;
    }
    [[noreturn]] void wrongType(const std::string &name, const char *expected,
                                const json &found) const
    {
        throw InputError(m_prefix + name,
                         std::string("expected ") + expected + ", got " + excerpt(found));
    }

    const json &m_root;
    std::string m_prefix;
};

void visitSummary(const Decoder &visit, const std::string &name, Summary &summary)
{
    visit(name + ".count", summary.count);
    visit(name + ".mean", summary.mean);
    visit(name + ".p50", summary.p50);
    visit(name + ".p90", summary.p90);
    visit(name + ".p95", summary.p95);
    visit(name + ".p99", summary.p99);
    visit(name + ".max", summary.max);
}

void visitAccounting(const Decoder &visit, EnergyResults &e, CarbonResults &c, CostResults &cost)
{
    visit("energy.gpuKwh", e.gpuKwh);
    visit("energy.itKwh", e.itKwh);
    visit("energy.facilityKwh", e.facilityKwh);
    visit("energy.averageFacilityWatts", e.averageFacilityWatts);
    visit("energy.peakFacilityWatts", e.peakFacilityWatts);
    visit("energy.averageGpuWatts", e.averageGpuWatts);
    visit("energy.busyGpuWatts", e.busyGpuWatts);
    visit("energy.joulesPerOutputToken", e.joulesPerOutputToken);
    visit("energy.gpuJoulesPerOutputToken", e.gpuJoulesPerOutputToken);
    visit("carbon.operationalKg", c.operationalKg);
    visit("carbon.embodiedKg", c.embodiedKg);
    visit("carbon.totalKg", c.totalKg);
    visit("carbon.tonnesPerYear", c.tonnesPerYear);
    visit("carbon.gramsPerMillionOutputTokens", c.gramsPerMillionOutputTokens);
    visit("cost.totalUsd", cost.totalUsd);
    visit("cost.gpuBusyUsd", cost.gpuBusyUsd);
    visit("cost.gpuIdleUsd", cost.gpuIdleUsd);
    visit("cost.energyUsd", cost.energyUsd);
    visit("cost.operationsUsd", cost.operationsUsd);
    visit("cost.apiUsd", cost.apiUsd);
    visit("cost.cacheUsd", cost.cacheUsd);
    visit("cost.perMonthUsd", cost.perMonthUsd);
    visit("cost.perYearUsd", cost.perYearUsd);
    visit("cost.perMillionOutputTokensUsd", cost.perMillionOutputTokensUsd);
    visit("cost.perRequestUsd", cost.perRequestUsd);
    visit("cost.idleShare", cost.idleShare);
}

void visitDeployment(const Decoder &visit, DeploymentResults &d)
{
    visit("name", d.name);
    visit("modelId", d.modelId);
    visit("gpuId", d.gpuId);
    visit("replicas", d.replicas);
    visit("gpusPerReplica", d.gpusPerReplica);
    visit("weightBytesPerGpu", d.weightBytesPerGpu);
    visit("kvCapacityTokensPerReplica", d.kvCapacityTokensPerReplica);
    visit("completedRequests", d.completedRequests);
    visit("outputTokensPerSecond", d.outputTokensPerSecond);
    visitSummary(visit, "ttftSeconds", d.ttftSeconds);
    visitSummary(visit, "tpotSeconds", d.tpotSeconds);
    visitSummary(visit, "e2eSeconds", d.e2eSeconds);
    visitSummary(visit, "queueingSeconds", d.queueingSeconds);
    visit("busyFraction", d.busyFraction);
    visit("meanRunningBatch", d.meanRunningBatch);
    visit("kvUtilization", d.kvUtilization);
    visit("preemptions", d.preemptions);
    visit("iterations", d.iterations);
    visit("api", d.api);
    visit("requests", d.requests);
    visit("inputTokens", d.inputTokens);
    visit("outputTokens", d.outputTokens);
    visitAccounting(visit, d.energy, d.carbon, d.cost);
}

void visitResults(const Decoder &visit, Results &r)
{
    visit("status", r.status);
    visit("statusMessage", r.statusMessage);
    visit("scenarioName", r.scenarioName);
    visit("seed", r.seed);
    visit("horizonSeconds", r.horizonSeconds);
    visit("warmupSeconds", r.warmupSeconds);
    visit("arrivedRequests", r.arrivedRequests);
    visit("completedRequests", r.completedRequests);
    visit("rejectedRequests", r.rejectedRequests);
    visit("unfinishedQueued", r.unfinishedQueued);
    visit("unfinishedRunning", r.unfinishedRunning);
    visit("measuredRequests", r.measuredRequests);
    visit("generatedTokens", r.generatedTokens);
    visit("completedOutputTokens", r.completedOutputTokens);
    visitSummary(visit, "ttftSeconds", r.ttftSeconds);
    visitSummary(visit, "tpotSeconds", r.tpotSeconds);
    visitSummary(visit, "e2eSeconds", r.e2eSeconds);
    visitSummary(visit, "queueingSeconds", r.queueingSeconds);
    visit("requestsPerSecond", r.requestsPerSecond);
    visit("outputTokensPerSecond", r.outputTokensPerSecond);
    visit("inputTokensPerSecond", r.inputTokensPerSecond);
    visit("goodputRequestsPerSecond", r.goodputRequestsPerSecond);
    visit("sloAttainment", r.sloAttainment);
    visit("meanRequestsInSystem", r.meanRequestsInSystem);
    visit("arrivalRatePerSecond", r.arrivalRatePerSecond);
    visit("busyFraction", r.busyFraction);
    visit("meanRunningBatch", r.meanRunningBatch);
    visit("kvUtilization", r.kvUtilization);
    visit("preemptions", r.preemptions);
    visit("cacheHits", r.cacheHits);
    visitAccounting(visit, r.energy, r.carbon, r.cost);
    visit("eventsProcessed", r.eventsProcessed);
    visit("wallSeconds", r.wallSeconds);
}

/// The series columns, by the keys toJson gives them.
struct SeriesColumn
{
    const char *key;
    std::vector<double> TimeSeries::*member;
};

constexpr SeriesColumn kSeriesColumns[] = {
        {"binStartSeconds", &TimeSeries::binStartSeconds},
        {"arrivals", &TimeSeries::arrivals},
        {"completions", &TimeSeries::completions},
        {"queueDepthMean", &TimeSeries::queueDepthMean},
        {"runningMean", &TimeSeries::runningMean},
        {"busyFraction", &TimeSeries::busyFraction},
        {"latencyP50Seconds", &TimeSeries::latencyP50Seconds},
        {"latencyP95Seconds", &TimeSeries::latencyP95Seconds},
        {"outputTokens", &TimeSeries::outputTokens},
        {"powerWatts", &TimeSeries::powerWatts},
        {"energyKwh", &TimeSeries::energyKwh},
        {"costUsd", &TimeSeries::costUsd},
        {"carbonKg", &TimeSeries::carbonKg},
};

json parseJson(const std::string &text, const std::string &what)
{
    json parsed = json::parse(text, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object())
        throw InputError(what, "is not a JSON object");
    return parsed;
}

TimeSeries decodeTimeSeries(const json &root)
{
    TimeSeries series;
    const Decoder decoder(root, "timeSeries.");
    decoder("resolutionSeconds", series.resolutionSeconds);
    for (const SeriesColumn &column : kSeriesColumns) {
        const auto found = root.find(column.key);
        if (found == root.end())
            continue;
        if (!found->is_array())
            throw InputError(std::string("timeSeries.") + column.key, "expected an array");
        std::vector<double> &values = series.*column.member;
        values.reserve(found->size());
        for (const json &item : *found) {
            if (!item.is_number() && !item.is_null())
                throw InputError(std::string("timeSeries.") + column.key,
                                 "expected numbers, got " + excerpt(item));
            values.push_back(item.is_null() ? std::numeric_limits<double>::quiet_NaN()
                                            : item.get<double>());
        }
    }
    return series;
}

} // namespace

std::string currentBuildVersion()
{
    return TOKENWATT_VERSION;
}

std::string parametersDigest(std::string_view parametersJson)
{
    return sha256Hex(parametersJson);
}

CachedResults cacheResults(const metrics::Results &results, std::string_view parametersJson)
{
    json summary = metrics::toJson(results);
    const json series = std::move(summary["timeSeries"]);
    summary.erase("timeSeries");
    CachedResults cached;
    cached.buildVersion = currentBuildVersion();
    cached.parametersSha256 = parametersDigest(parametersJson);
    cached.summaryJson = summary.dump(-1, ' ', false, json::error_handler_t::replace);
    cached.timeSeriesJson = series.dump(-1, ' ', false, json::error_handler_t::replace);
    cached.createdUtc = currentUtcTime();
    return cached;
}

metrics::Results decodeResults(const CachedResults &cached)
{
    const json summary = parseJson(cached.summaryJson, "results.summary");
    metrics::Results results;
    visitResults(Decoder(summary, ""), results);
    if (const auto deployments = summary.find("deployments"); deployments != summary.end()) {
        if (!deployments->is_array())
            throw InputError("deployments", "expected an array");
        for (std::size_t i = 0; i < deployments->size(); ++i) {
            const json &item = (*deployments)[i];
            const std::string prefix = "deployments[" + std::to_string(i) + "].";
            if (!item.is_object())
                throw InputError(prefix, "expected an object");
            visitDeployment(Decoder(item, prefix), results.deployments.emplace_back());
        }
    }
    results.timeSeries = decodeTimeSeries(parseJson(cached.timeSeriesJson, "results.timeSeries"));
    return results;
}

bool resultsAreCurrent(const CachedResults &cached, std::string_view parametersJson)
{
    return cached.buildVersion == currentBuildVersion()
           && cached.parametersSha256 == parametersDigest(parametersJson);
}

} // namespace tw::store
