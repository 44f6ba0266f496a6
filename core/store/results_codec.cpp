#include "core/store/results_codec.h"

#include "core/common/error.h"
#include "core/common/sha256.h"
#include "core/metrics/result_fields.h"
#include "core/metrics/results_format.h"
#include "core/store/workbook.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <limits>

// The decoder visits the same table of metrics as metrics::toJson (core/metrics/result_fields.h),
// with mutable fields, so every field written is read back under the same name.

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

    void operator()(const Metric &metric, double &value) const
    {
        const std::string name(metric.key);
        if (const json *found = find(name)) {
            if (found->is_null())
                value = std::numeric_limits<double>::quiet_NaN();
            else if (found->is_number())
                value = found->get<double>();
            else
                wrongType(name, "a number", *found);
        }
    }
    void operator()(const Metric &metric, std::uint64_t &value) const
    {
        const std::string name(metric.key);
        if (const json *found = find(name)) {
            const bool nonNegative
                    = found->is_number_unsigned()
                      || (found->is_number_integer() && found->get<std::int64_t>() >= 0);
            if (!nonNegative)
                wrongType(name, "a non-negative integer", *found);
            value = found->get<std::uint64_t>();
        }
    }
    void operator()(const Metric &metric, int &value) const
    {
        const std::string name(metric.key);
        if (const json *found = find(name)) {
            if (!found->is_number_integer()
                || found->get<std::int64_t>() < std::numeric_limits<int>::min()
                || found->get<std::int64_t>() > std::numeric_limits<int>::max())
                wrongType(name, "an integer", *found);
            value = found->get<int>();
        }
    }
    void operator()(const Metric &metric, std::string &value) const
    {
        const std::string name(metric.key);
        if (const json *found = find(name)) {
            if (!found->is_string())
                wrongType(name, "a string", *found);
            value = found->get<std::string>();
        }
    }
    // toJson writes DeploymentResults::api as the text "true" or "false".
    void operator()(const Metric &metric, bool &value) const
    {
        std::string text = value ? "true" : "false";
        (*this)(metric, text);
        if (text != "true" && text != "false")
            throw InputError(m_prefix + std::string(metric.key),
                             "expected \"true\" or \"false\", got \"" + text + "\"");
        value = text == "true";
    }
    void operator()(const Metric &metric, RunStatus &value) const
    {
        std::string text = statusName(value);
        (*this)(metric, text);
        for (RunStatus status :
             {RunStatus::Completed, RunStatus::Cancelled, RunStatus::BudgetExceeded}) {
            if (text == statusName(status)) {
                value = status;
                return;
            }
        }
        throw InputError(m_prefix + std::string(metric.key), "unknown run status \"" + text + "\"");
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
    decoder(Metric{"resolutionSeconds", "s"}, series.resolutionSeconds);
    for (const SeriesColumn &column : seriesColumns()) {
        const std::string key(column.jsonKey);
        const auto found = root.find(key);
        if (found == root.end())
            continue;
        if (!found->is_array())
            throw InputError("timeSeries." + key, "expected an array");
        std::vector<double> &values = series.*column.member;
        values.reserve(found->size());
        for (const json &item : *found) {
            if (!item.is_number() && !item.is_null())
                throw InputError("timeSeries." + key, "expected numbers, got " + excerpt(item));
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
    Decoder top(summary, "");
    visitResultFields(top, results);
    if (const auto deployments = summary.find("deployments"); deployments != summary.end()) {
        if (!deployments->is_array())
            throw InputError("deployments", "expected an array");
        for (std::size_t i = 0; i < deployments->size(); ++i) {
            const json &item = (*deployments)[i];
            const std::string prefix = "deployments[" + std::to_string(i) + "].";
            if (!item.is_object())
                throw InputError(prefix, "expected an object");
            Decoder decoder(item, prefix);
            visitDeploymentFields(decoder, results.deployments.emplace_back());
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
