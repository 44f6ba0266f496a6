#include "core/defaults/calibrated_defaults.h"

#include "core/catalog/catalog.h"
#include "core/common/embedded.h"
#include "core/common/error.h"
#include "core/scenario/scenario_fields.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace tw::calibration {
namespace {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

constexpr std::string_view kParameterFile = "calibrated_parameters.json";
/// 2 since 2026-12-07: power follows MFU and MBU (busyActivity, networkActivity, computeWeight,
/// memoryWeight); format 1's weights were per second of compute- and memory-bound time.
constexpr int kFormat = 2;
constexpr std::string_view kFallbackSoftware = "vllm";

/// Physical ranges every stored parameter must respect (docs/validation.md).
struct Range
{
    double low, high;
    bool lowOpen;
};

class Reader
{
public:
    explicit Reader(std::vector<InputIssue> &issues)
        : m_issues(issues)
    {}

    /// The number at @p key in @p range; @p fallback when the key is absent and @p optional
    /// (a parameter newer than the file), else an issue.
    double number(const Json &object, const std::string &path, const char *key, Range range,
                  double fallback = 0.0, bool optional = false)
    {
        const auto found = object.find(key);
        if (found == object.end()) {
            if (!optional)
                m_issues.push_back({path + '.' + key, "missing"});
            return fallback;
        }
        if (!found->is_number()) {
            m_issues.push_back({path + '.' + key, "must be a number"});
            return fallback;
        }
        const double value = found->get<double>();
        const bool belowLow = range.lowOpen ? value <= range.low : value < range.low;
        if (!std::isfinite(value) || belowLow || value > range.high) {
            char text[96];
            std::snprintf(text, sizeof text, "must be in %s%g, %g], got %g",
                          range.lowOpen ? "(" : "[", range.low, range.high, value);
            m_issues.push_back({path + '.' + key, text});
            return fallback;
        }
        return value;
    }

    std::string string(const Json &object, const std::string &path, const char *key)
    {
        const auto found = object.find(key);
        if (found == object.end() || !found->is_string()) {
            m_issues.push_back({path + '.' + key, "missing or not a string"});
            return {};
        }
        return found->get<std::string>();
    }

private:
    std::vector<InputIssue> &m_issues;
};

constexpr Range kEfficiency{0.0, 1.0, true};
constexpr Range kOverheadSeconds{0.0, 0.05, false}; // at most 50 ms: ms-range costs only
constexpr Range kActivity{0.0, 1.0, false};
constexpr Range kWeight{0.0, 2.0, false};
constexpr Range kIdleShare{0.0, 0.5, false};

CalibrationGroup readGroup(const Json &json, const std::string &path, Reader &reader)
{
    CalibrationGroup g;
    g.architecture = reader.string(json, path, "architecture");
    g.software = reader.string(json, path, "software");
    g.fitted = json.value("fitted", false);
    g.note = json.value("note", std::string());
    g.rows = json.value("rows", 0);
    const Json perf = json.value("performance", Json::object());
    const std::string perfPath = path + ".performance";
    for (const PerformanceField &field : performanceFields()) {
        double &value = g.performance.*field.member;
        // A parameter the file does not have (added to the model after the fit) keeps the
        // scenario default, so that the compiled-in table stays readable until the next fit.
        value = reader.number(perf, perfPath, field.name,
                              field.kind == PerformanceField::Kind::Efficiency ? kEfficiency
                                                                               : kOverheadSeconds,
                              value, true);
    }
    const Json power = json.value("power", Json::object());
    const std::string powerPath = path + ".power";
    g.busyActivity = reader.number(power, powerPath, "busyActivity", kActivity);
    g.networkActivity = reader.number(power, powerPath, "networkActivity", kActivity);
    g.computeWeight = reader.number(power, powerPath, "computeWeight", kWeight);
    g.memoryWeight = reader.number(power, powerPath, "memoryWeight", kWeight);
    g.idleShareOfTdp = reader.number(power, powerPath, "idleShareOfTdp", kIdleShare);
    return g;
}

OrderedJson groupJson(const CalibrationGroup &g)
{
    OrderedJson json;
    json["architecture"] = g.architecture;
    json["software"] = g.software;
    json["fitted"] = g.fitted;
    json["rows"] = g.rows;
    json["note"] = g.note;
    OrderedJson performance;
    for (const PerformanceField &field : performanceFields())
        performance[field.name] = g.performance.*field.member;
    json["performance"] = std::move(performance);
    json["power"] = {{"busyActivity", g.busyActivity},
                     {"networkActivity", g.networkActivity},
                     {"computeWeight", g.computeWeight},
                     {"memoryWeight", g.memoryWeight},
                     {"idleShareOfTdp", g.idleShareOfTdp}};
    return json;
}

/// Rounds to 4 significant digits for the stored file: the fit is not more precise than that,
/// and short numbers keep the file readable.
double rounded(double value)
{
    if (value == 0.0 || !std::isfinite(value))
        return value;
    const double digits = 4.0 - std::ceil(std::log10(std::fabs(value)));
    const double scale = std::pow(10.0, digits);
    return std::round(value * scale) / scale;
}

} // namespace

const std::vector<PerformanceField> &performanceFields()
{
    // The scenario schema's performance fields, in its order: a parameter added to
    // PerformanceParams and its row in scenario_fields.cpp is fitted, stored and read here too.
    // Times (unit "s") are fitted on a log scale, the others as efficiencies in (0, 1].
    static const std::vector<PerformanceField> fields = [] {
        std::vector<PerformanceField> list;
        for (const auto &field : scenario::detail::kPerformanceFields)
            list.push_back({field.key.data(), field.real,
                            field.range.unit == "s" ? PerformanceField::Kind::Seconds
                                                    : PerformanceField::Kind::Efficiency,
                            field.key != "interNodeLatencySeconds"});
        return list;
    }();
    return fields;
}

std::vector<std::string> knownSoftware()
{
    std::vector<std::string> ids;
    for (const catalog::ServingSoftware &s : catalog::Catalog::builtIn().servingSoftware())
        ids.push_back(s.id);
    return ids;
}

bool isKnownSoftware(std::string_view software)
{
    const std::vector<std::string> known = knownSoftware();
    return std::find(known.begin(), known.end(), software) != known.end();
}

scenario::ServingSpec servingDefaultsFor(std::string_view software, const model::GpuSpec &gpu,
                                         const model::ModelSpec &model, int maxRunningRequests)
{
    // The rules are data, with their sources: resources/catalog/serving_software.csv.
    const catalog::Catalog &catalog = catalog::Catalog::builtIn();
    const catalog::ServingSoftware *rules = catalog.findServingSoftware(software);
    if (!rules)
        rules = catalog.findServingSoftware(kFallbackSoftware);
    scenario::ServingSpec serving;
    serving.software = std::string(software);
    serving.maxRunningRequests = std::max(1, maxRunningRequests);
    if (!rules)
        return serving;
    serving.memoryReserveFraction = 1.0 - rules->gpuMemoryUtilization;
    if (rules->oneRequestAtATime) {
        serving.policy = scenario::BatchingPolicy::None;
        serving.maxBatchSize = 1;
        return serving;
    }
    serving.policy = scenario::BatchingPolicy::Continuous;
    serving.chunkedPrefill = rules->chunkedPrefill;
    serving.maxBatchedTokens = rules->batchedTokensFor(gpu, model.maxContextTokens);
    return serving;
}

int generationRank(std::string_view architecture)
{
    // Launch order, from the GPU catalog's launch_year (the earliest GPU of each generation).
    return catalog::Catalog::builtIn().firstLaunchYear(architecture);
}

scenario::PowerParams CalibrationGroup::powerFor(const model::GpuSpec &gpu) const
{
    scenario::PowerParams power;
    power.busyActivity = busyActivity;
    power.networkActivity = networkActivity;
    power.computeWeight = computeWeight;
    power.memoryWeight = memoryWeight;
    if (gpu.idleWatts <= 0.0 && idleShareOfTdp > 0.0)
        power.idleWatts = idleShareOfTdp * gpu.tdpWatts;
    return power;
}

const CalibrationGroup *CalibrationTable::find(std::string_view architecture,
                                               std::string_view software) const
{
    for (const CalibrationGroup &g : groups)
        if (g.architecture == architecture && g.software == software)
            return &g;
    return nullptr;
}

const CalibrationGroup *CalibrationTable::groupFor(std::string_view architecture,
                                                   std::string_view software) const
{
    const std::string_view sw = isKnownSoftware(software) ? software : kFallbackSoftware;
    if (const CalibrationGroup *exact = find(architecture, sw))
        return exact;
    // Nearest generation with parameters for this software; an unknown architecture is
    // treated as the newest fitted one. Ties go to the newer generation.
    const int rank = generationRank(architecture);
    const CalibrationGroup *best = nullptr;
    int bestDistance = 0;
    for (const CalibrationGroup &g : groups) {
        if (g.software != sw)
            continue;
        const int r = generationRank(g.architecture);
        const int distance = rank < 0 ? -r : std::abs(r - rank);
        if (!best || distance < bestDistance
            || (distance == bestDistance && r > generationRank(best->architecture))) {
            best = &g;
            bestDistance = distance;
        }
    }
    if (!best && sw != kFallbackSoftware)
        return groupFor(architecture, kFallbackSoftware);
    return best;
}

const CalibrationGroup *CalibrationTable::powerGroupFor(std::string_view architecture,
                                                        std::string_view software) const
{
    const CalibrationGroup *timing = groupFor(architecture, software);
    if (!timing || timing->architecture == architecture)
        return timing;
    // The generation's own fitted weights; of several fitted groups, the last one listed.
    const CalibrationGroup *own = nullptr;
    for (const CalibrationGroup &g : groups)
        if (g.architecture == architecture && g.fitted)
            own = &g;
    return own ? own : timing;
}

CalibratedDefaults CalibrationTable::defaultsFor(const model::GpuSpec &gpu,
                                                 std::string_view software) const
{
    CalibratedDefaults defaults;
    const CalibrationGroup *g = groupFor(gpu.architecture, software);
    if (!g)
        return defaults;
    defaults.performance = g->performance;
    defaults.power = powerGroupFor(gpu.architecture, software)->powerFor(gpu);
    return defaults;
}

CalibrationTable CalibrationTable::fromJson(std::string_view json)
{
    Json root;
    try {
        root = Json::parse(json);
    } catch (const Json::exception &error) {
        throw InputError(std::string(kParameterFile), std::string("invalid JSON: ") + error.what());
    }
    std::vector<InputIssue> issues;
    Reader reader(issues);
    CalibrationTable table;
    if (!root.is_object() || root.value("format", 0) != kFormat)
        throw InputError("format", "must be " + std::to_string(kFormat));
    const Json groupsJson = root.value("groups", Json::array());
    for (std::size_t i = 0; i < groupsJson.size(); ++i)
        table.groups.push_back(
                readGroup(groupsJson[i], "groups[" + std::to_string(i) + "]", reader));
    const Json prov = root.value("provenance", Json::object());
    Provenance &p = table.provenance;
    p.date = prov.value("date", std::string());
    p.command = prov.value("command", std::string());
    p.dataFile = prov.value("dataFile", std::string());
    p.dataSha256 = prov.value("dataSha256", std::string());
    p.tokenwattVersion = prov.value("tokenwattVersion", std::string());
    p.rows = prov.value("rows", 0);
    p.rowsCompared = prov.value("rowsCompared", 0);
    for (const Json &e : prov.value("errors", Json::array()))
        p.errors.push_back({e.value("metric", std::string()), e.value("source", std::string()),
                            e.value("count", 0), e.value("medianApe", 0.0),
                            e.value("p90Ape", 0.0)});
    if (!issues.empty())
        throw InputError(std::move(issues));
    return table;
}

std::string CalibrationTable::toJson() const
{
    OrderedJson root;
    root["format"] = kFormat;
    root["description"] = "TokenWatt performance and power parameters fitted to published "
                          "serving measurements, per GPU generation and serving software. "
                          "Written by `tokenwatt-cli calibrate`; see docs/validation.md.";
    OrderedJson prov;
    prov["date"] = provenance.date;
    prov["command"] = provenance.command;
    prov["dataFile"] = provenance.dataFile;
    prov["dataSha256"] = provenance.dataSha256;
    prov["tokenwattVersion"] = provenance.tokenwattVersion;
    prov["rows"] = provenance.rows;
    prov["rowsCompared"] = provenance.rowsCompared;
    OrderedJson errors = OrderedJson::array();
    for (const ErrorFigure &e : provenance.errors)
        errors.push_back({{"metric", e.metric},
                          {"source", e.source},
                          {"count", e.count},
                          {"medianApe", rounded(e.medianApe)},
                          {"p90Ape", rounded(e.p90Ape)}});
    prov["errors"] = std::move(errors);
    root["provenance"] = std::move(prov);
    OrderedJson groupList = OrderedJson::array();
    for (CalibrationGroup g : groups) {
        for (const PerformanceField &field : performanceFields())
            g.performance.*field.member = rounded(g.performance.*field.member);
        for (double *v : {&g.busyActivity, &g.networkActivity, &g.computeWeight, &g.memoryWeight,
                          &g.idleShareOfTdp})
            *v = rounded(*v);
        groupList.push_back(groupJson(g));
    }
    root["groups"] = std::move(groupList);
    return root.dump(2) + '\n';
}

const CalibrationTable &CalibrationTable::builtIn()
{
    static const CalibrationTable table = [] {
        const auto &files = resources::calibrationFiles();
        const auto found = files.find(std::string(kParameterFile));
        return found == files.end() ? CalibrationTable{} : fromJson(found->second);
    }();
    return table;
}

CalibratedDefaults defaultsFor(const model::GpuSpec &gpu, std::string_view software)
{
    return CalibrationTable::builtIn().defaultsFor(gpu, software);
}

ParameterOrigin CalibrationTable::sourceFor(const model::GpuSpec &gpu,
                                            std::string_view software) const
{
    ParameterOrigin source;
    source.architecture = gpu.architecture.empty() ? "unknown generation" : gpu.architecture;
    source.software
            = isKnownSoftware(software) ? std::string(software) : std::string(kFallbackSoftware);
    const CalibrationGroup *g = groupFor(gpu.architecture, software);
    if (!g)
        return source;
    source.group = g->architecture + " / " + g->software;
    source.fitted = g->fitted;
    source.rows = g->rows;
    source.otherSoftware = g->software != source.software;
    source.borrowed = g->architecture != gpu.architecture || source.otherSoftware;
    if (const CalibrationGroup *power = powerGroupFor(gpu.architecture, software); power != g) {
        source.powerGroup = power->architecture + " / " + power->software;
        source.powerRows = power->rows;
    }
    return source;
}

ParameterOrigin parameterOriginFor(const model::GpuSpec &gpu, std::string_view software)
{
    return CalibrationTable::builtIn().sourceFor(gpu, software);
}

std::string ParameterOrigin::describe() const
{
    std::string text;
    const std::string behind = fitted ? std::to_string(rows) + " measured rows" : "not fitted";
    if (group.empty())
        text = "no calibrated parameters (the scenario's own values)";
    else if (borrowed && !powerGroup.empty())
        text = "borrowed: timing from " + group + " (" + behind + "; none of " + architecture
               + " with " + software + "), power weights from " + powerGroup + " ("
               + std::to_string(powerRows)
               + " measured rows, the same GPU generation): expect larger errors than validated";
    else if (borrowed)
        text = "borrowed from " + group + " (" + behind + "; none of " + architecture + " with "
               + software + "): expect larger errors than validated";
    else
        text = group + (fitted ? ", fitted on " + behind : ", not fitted (stated fallback)");
    if (overridden > 0)
        text += "; " + std::to_string(overridden) + (overridden == 1 ? " parameter" : " parameters")
                + " set by the scenario";
    return text;
}

int overriddenParameters(const CalibratedDefaults &calibrated,
                         const scenario::PerformanceParams &performance,
                         const scenario::PowerParams &power)
{
    int count = 0;
    for (const PerformanceField &f : performanceFields())
        count += calibrated.performance.*f.member != performance.*f.member ? 1 : 0;
    for (double scenario::PowerParams::*member :
         {&scenario::PowerParams::busyActivity, &scenario::PowerParams::networkActivity,
          &scenario::PowerParams::computeWeight, &scenario::PowerParams::memoryWeight})
        count += calibrated.power.*member != power.*member ? 1 : 0;
    return count;
}

} // namespace tw::calibration
