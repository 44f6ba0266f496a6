#include "core/scenario_io/scenario_reader.h"

#include "core/workload/trace_reader.h"

#include <array>
#include <cmath>
#include <memory>
#include <set>

// The workload part of the format: arrivals, diurnal patterns, traces, request classes and
// token-count distributions.

namespace tw::scenario::detail {

void Reader::readArrival(const Json &object, const std::string &path, ArrivalSpec &out)
{
    const bool kindOk = choice<ArrivalKind>(object, path, "type", kArrivalKinds, true, out.kind);
    fields<ArrivalSpec>(object, path, kArrivalFields, out);
    choice<ThinkTimeKind>(object, path, "thinkTime", kThinkTimeKinds, false, out.thinkTimeKind);
    if (const Json *diurnal = this->object(object, path, "diurnal", Node::Diurnal, false))
        readDiurnal(*diurnal, join(path, "diurnal"), out);
    if (kindOk && out.kind == ArrivalKind::Trace)
        readTrace(path, out);
}

namespace {

/// Hourly multipliers of a cosine day: m(h) = 1 + a cos(2 pi (h - peakHour) / 24) with
/// a = (r - 1) / (r + 1), so the busiest hour (h = peakHour, 14 = 14:00 to 15:00) carries r
/// times the rate of the quietest, twelve hours away; then normalised to mean 1.
std::array<double, 24> cosineDay(double peakToTrough, double peakHour)
{
    constexpr double kPi = 3.14159265358979323846;
    const double amplitude = (peakToTrough - 1.0) / (peakToTrough + 1.0);
    std::array<double, 24> multipliers{};
    double sum = 0.0;
    for (std::size_t hour = 0; hour < multipliers.size(); ++hour) {
        multipliers[hour]
                = 1.0
                  + amplitude * std::cos(2.0 * kPi * (static_cast<double>(hour) - peakHour) / 24.0);
        sum += multipliers[hour];
    }
    for (double &m : multipliers)
        m /= sum / 24.0;
    return multipliers;
}

} // namespace

void Reader::readDiurnal(const Json &object, const std::string &path, ArrivalSpec &out)
{
    const Json *explicitHours = member(object, "hourlyMultipliers");
    const Json *ratio = member(object, "peakToTrough");
    const Json *peak = member(object, "peakHour");
    std::array<double, 24> multipliers{};
    if (explicitHours && (ratio || peak)) {
        add(path, "give either hourlyMultipliers, or peakToTrough with peakHour, not both");
        return;
    }
    if (explicitHours) {
        if (!readHourlyMultipliers(*explicitHours, join(path, "hourlyMultipliers"), multipliers))
            return;
    } else if (ratio) {
        double peakToTrough = 1.0;
        double peakHour = kDefaultPeakHour;
        bool ok = number(*ratio, join(path, "peakToTrough"), between(1, 1000), false, peakToTrough);
        if (peak)
            ok = number(*peak, join(path, "peakHour"), fromBelow(0, 24, "h"), false, peakHour)
                 && ok;
        if (!ok)
            return;
        multipliers = cosineDay(peakToTrough, peakHour);
    } else {
        add(path, "needs peakToTrough (with an optional peakHour) or hourlyMultipliers");
        return;
    }
    out.diurnal = true;
    out.hourlyMultipliers = multipliers;
}

bool Reader::readHourlyMultipliers(const Json &value, const std::string &path,
                                   std::array<double, 24> &out)
{
    if (!value.is_array()) {
        typeError(path, "an array of 24 numbers", value);
        return false;
    }
    std::array<double, 24> multipliers{};
    if (value.size() != multipliers.size()) {
        add(path,
            "must hold 24 numbers (hours 00:00 to 23:00), got " + std::to_string(value.size()));
        return false;
    }
    bool ok = true;
    double sum = 0.0;
    for (std::size_t hour = 0; hour < multipliers.size(); ++hour) {
        ok = number(value[hour], indexed(path, hour), atLeast(0), false, multipliers[hour]) && ok;
        sum += multipliers[hour];
    }
    if (!ok)
        return false;
    const double mean = sum / 24.0;
    if (!(mean > 0.0)) {
        add(path, "must not all be 0");
        return false;
    }
    if (std::fabs(mean - 1.0) > kMeanTolerance) {
        for (double &m : multipliers)
            m /= mean;
    }
    out = multipliers;
    return true;
}

void Reader::readTrace(const std::string &path, ArrivalSpec &out)
{
    const std::string filePath = join(path, "file");
    if (out.traceFile.empty()) {
        add(filePath, "a trace arrival needs the path of an Azure LLM inference trace CSV");
        return;
    }
    std::filesystem::path file(out.traceFile);
    if (file.is_relative() && !m_baseDirectory.empty())
        file = m_baseDirectory / file;
    try {
        out.trace
                = std::make_shared<const std::vector<TraceRecord>>(workload::readAzureTrace(file));
    } catch (const InputError &error) {
        for (const InputIssue &issue : error.issues())
            add(filePath, issue.toString());
        return;
    }
    if (out.loop && out.trace->size() > 1 && out.trace->back().arrivalSeconds <= 0.0)
        add(join(path, "loop"), "cannot loop a trace whose requests all arrive at one instant");
}

void Reader::readClasses(const Json &array, const std::string &path, std::vector<RequestClass> &out)
{
    if (array.empty())
        add(path, "must hold at least one request class");
    std::set<std::string> names;
    for (std::size_t i = 0; i < array.size(); ++i) {
        const std::string classPath = indexed(path, i);
        RequestClass requestClass;
        // Invalid classes still take their slot, so indices match the file in later checks.
        if (checkObject(array[i], classPath, Node::Class)) {
            const Json &object = array[i];
            fields<RequestClass>(object, classPath, kClassFields, requestClass);
            if (!requestClass.name.empty() && !names.insert(requestClass.name).second)
                add(join(classPath, "name"), "duplicate class name "
                                                     + singleQuoted(requestClass.name)
                                                     + " (each class needs its own name)");
            const auto readTokens = [&](std::string_view key, LengthDistribution &target) {
                if (const Json *length = this->object(object, classPath, key, Node::Length, true,
                                                      "a token-count distribution"))
                    target = readLength(*length, join(classPath, key));
            };
            readTokens("promptTokens", requestClass.promptTokens);
            readTokens("outputTokens", requestClass.outputTokens);
        }
        out.push_back(std::move(requestClass));
    }
}

LengthDistribution Reader::readLength(const Json &object, const std::string &path)
{
    LengthDistribution out;
    const std::size_t before = m_issues.size();
    const bool kindOk = choice<LengthKind>(object, path, "type", kLengthKinds, true, out.kind);
    fields<LengthDistribution>(object, path, kLengthFields, out);
    if (const Json *values = array(object, path, "values", false)) {
        const std::string valuesPath = join(path, "values");
        if (values->empty())
            add(valuesPath, "must hold at least one token count");
        out.values.assign(values->size(), 1);
        for (std::size_t i = 0; i < values->size(); ++i)
            integer((*values)[i], indexed(valuesPath, i), between(1, kMaxTokens, "tokens"),
                    out.values[i]);
    }
    if (kindOk) {
        std::vector<std::string_view> needed;
        switch (out.kind) {
        case LengthKind::Fixed:
            needed = {"value"};
            break;
        case LengthKind::Uniform:
            needed = {"low", "high"};
            break;
        case LengthKind::Lognormal:
            needed = {"mean", "cv"};
            break;
        case LengthKind::Exponential:
            needed = {"mean"};
            break;
        case LengthKind::Empirical:
            needed = {"values"};
            break;
        }
        const std::string typeName(choiceName<LengthKind>(kLengthKinds, out.kind));
        for (std::string_view key : needed) {
            if (!member(object, key))
                missing(join(path, key), "needed by type " + typeName);
        }
    }
    if (m_issues.size() != before)
        return out;
    if (out.low > out.high)
        add(join(path, "high"),
            "must be >= low (" + formatNumber(out.low) + "), got " + formatNumber(out.high));
    if (out.maxTokens != 0 && out.maxTokens < out.minTokens)
        add(join(path, "max"), "must be 0 (no bound) or >= min (" + std::to_string(out.minTokens)
                                       + "), got " + std::to_string(out.maxTokens));
    return out;
}

} // namespace tw::scenario::detail
