#include "core/scenario/scenario_json.h"

#include "core/catalog/catalog.h"
#include "core/common/error.h"
#include "core/workload/trace_reader.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <type_traits>
#include <utility>

// The file format is specified in docs/scenario-format.md; keep the two in step.

namespace tw::scenario {
namespace {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;
using model::GpuSpec;
using model::ModelSpec;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kMaxTokens = 10'000'000.0;
constexpr double kSecondsPerYear = 365.0 * 86'400.0;
constexpr double kMaxTimeseriesPoints = 1'000'000.0;
constexpr double kDefaultPeakHour = 14.0;
/// Explicit hourly multipliers are rescaled only when their mean is off by more than this, so
/// that multipliers written by toJson read back bit for bit.
constexpr double kMeanTolerance = 1e-12;

// ---- Messages -------------------------------------------------------------------------------

std::string formatNumber(double value)
{
    if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15)
        return std::to_string(static_cast<long long>(value));
    return Json(value).dump(); // the shortest form that reads back the same, as in the file
}

char lowerAscii(char c)
{
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string join(const std::string &path, std::string_view key)
{
    return path.empty() ? std::string(key) : path + '.' + std::string(key);
}

std::string indexed(const std::string &path, std::size_t index)
{
    return path + '[' + std::to_string(index) + ']';
}

std::string singleQuoted(std::string_view text)
{
    return '\'' + std::string(text) + '\'';
}

/// "a string (\"fast\")", "an object", ... for "expected X, got Y" messages.
std::string describeFound(const Json &value)
{
    switch (value.type()) {
    case Json::value_t::null:
        return "null";
    case Json::value_t::boolean:
        return "a boolean (" + value.dump() + ")";
    case Json::value_t::string: {
        const std::string text = value.get<std::string>();
        return "a string (" + Json(text.size() > 40 ? text.substr(0, 40) + "..." : text).dump()
               + ")";
    }
    case Json::value_t::array:
        return "an array";
    case Json::value_t::object:
        return "an object";
    default:
        return "a number (" + value.dump() + ")";
    }
}

/// " (did you mean 'a', 'b' or 'c'?)", or nothing for no matches.
std::string hintList(const std::vector<std::string> &matches)
{
    if (matches.empty())
        return {};
    std::string text = " (did you mean ";
    for (std::size_t i = 0; i < matches.size(); ++i) {
        if (i > 0)
            text += i + 1 == matches.size() ? " or " : ", ";
        text += singleQuoted(matches[i]);
    }
    return text + "?)";
}

/// A hint naming the candidates closest to @p word by edit distance, if any is close.
std::string didYouMean(std::string_view word, const std::vector<std::string> &candidates,
                       std::size_t max)
{
    return hintList(catalog::closestMatches(word, candidates, max));
}

/// Hints for an unknown catalog id: ids that contain it ("h100" -> "h100_sxm", "h100_pcie"),
/// which edit distance ranks poorly, else the closest by edit distance.
std::string suggestIds(std::string_view word, const std::vector<std::string> &ids)
{
    const auto lower = [](std::string text) {
        std::transform(text.begin(), text.end(), text.begin(), lowerAscii);
        return text;
    };
    const std::string needle = lower(std::string(word));
    std::vector<std::string> containing;
    for (const std::string &id : ids) {
        if (!needle.empty() && containing.size() < 3 && lower(id).find(needle) != std::string::npos)
            containing.push_back(id);
    }
    return containing.empty() ? didYouMean(word, ids, 3) : hintList(containing);
}

/// An accepted interval of values and its unit, which also writes its own message.
struct Range
{
    double low = -kInf;
    double high = kInf;
    bool lowOpen = false;
    bool highOpen = false;
    std::string_view unit{};

    bool contains(double value) const
    {
        return (lowOpen ? value > low : value >= low) && (highOpen ? value < high : value <= high);
    }

    std::string describe() const
    {
        std::string text = "must be ";
        const std::string lowText = (lowOpen ? "> " : ">= ") + formatNumber(low);
        if (high == kInf)
            text += lowText;
        else if (!lowOpen && !highOpen)
            text += "between " + formatNumber(low) + " and " + formatNumber(high);
        else
            text += lowText + " and " + (highOpen ? "< " : "<= ") + formatNumber(high);
        if (!unit.empty())
            text += ' ' + std::string(unit);
        return text;
    }
};

constexpr Range above(double low, std::string_view unit = {})
{
    return {low, kInf, true, false, unit};
}
constexpr Range atLeast(double low, std::string_view unit = {})
{
    return {low, kInf, false, false, unit};
}
constexpr Range between(double low, double high, std::string_view unit = {})
{
    return {low, high, false, false, unit};
}
constexpr Range aboveUpTo(double low, double high, std::string_view unit = {})
{
    return {low, high, true, false, unit};
}
constexpr Range fromBelow(double low, double high, std::string_view unit = {})
{
    return {low, high, false, true, unit};
}

// ---- Schema ---------------------------------------------------------------------------------

/// One scalar member of a struct, read and written by the same table. Exactly one of the
/// member pointers is set. `whole` marks a double that must hold a whole number (token counts).
template<class T> struct Field
{
    std::string_view key;
    double T::*real = nullptr;
    int T::*integer = nullptr;
    bool T::*flag = nullptr;
    std::string T::*text = nullptr;
    Range range{};
    bool whole = false;
    bool requiredInline = false; ///< models and GPUs defined without a catalog entry
};

constexpr bool kRequiredInline = true;

template<class T>
constexpr Field<T> realField(std::string_view key, double T::*member, Range range,
                             bool requiredInline = false)
{
    return {key, member, nullptr, nullptr, nullptr, range, false, requiredInline};
}
/// A double that must hold a whole number (token counts).
template<class T>
constexpr Field<T> wholeField(std::string_view key, double T::*member, Range range)
{
    return {key, member, nullptr, nullptr, nullptr, range, true, false};
}
template<class T>
constexpr Field<T> intField(std::string_view key, int T::*member, Range range,
                            bool requiredInline = false)
{
    return {key, nullptr, member, nullptr, nullptr, range, false, requiredInline};
}
template<class T> constexpr Field<T> flagField(std::string_view key, bool T::*member)
{
    return {key, nullptr, nullptr, member, nullptr, {}, false, false};
}
template<class T> constexpr Field<T> textField(std::string_view key, std::string T::*member)
{
    return {key, nullptr, nullptr, nullptr, member, {}, false, false};
}

constexpr Field<ModelSpec> kModelFields[] = {
        textField("hfRepo", &ModelSpec::hfRepo),
        realField("totalParams", &ModelSpec::totalParams, aboveUpTo(0, 1e14, "parameters"),
                  kRequiredInline),
        realField("activeParams", &ModelSpec::activeParams, aboveUpTo(0, 1e14, "parameters"),
                  kRequiredInline),
        intField("layers", &ModelSpec::layers, between(1, 10'000), kRequiredInline),
        intField("hiddenSize", &ModelSpec::hiddenSize, between(1, 1e6), kRequiredInline),
        intField("intermediateSize", &ModelSpec::intermediateSize, between(1, 1e7),
                 kRequiredInline),
        intField("moeIntermediateSize", &ModelSpec::moeIntermediateSize, between(0, 1e7)),
        intField("attentionHeads", &ModelSpec::attentionHeads, between(1, 10'000), kRequiredInline),
        intField("kvHeads", &ModelSpec::kvHeads, between(1, 10'000), kRequiredInline),
        intField("headDim", &ModelSpec::headDim, between(1, 100'000), kRequiredInline),
        intField("vocabSize", &ModelSpec::vocabSize, between(1, 1e8), kRequiredInline),
        intField("maxContextTokens", &ModelSpec::maxContextTokens, between(0, 1e9, "tokens")),
        intField("moeExperts", &ModelSpec::moeExperts, between(0, 100'000)),
        intField("moeTopK", &ModelSpec::moeTopK, between(0, 100'000)),
        intField("moeSharedExperts", &ModelSpec::moeSharedExperts, between(0, 100'000)),
        flagField("tiedEmbeddings", &ModelSpec::tiedEmbeddings),
        textField("source", &ModelSpec::source),
        textField("verification", &ModelSpec::verification),
};

constexpr Field<GpuSpec> kGpuFields[] = {
        textField("name", &GpuSpec::name),
        textField("architecture", &GpuSpec::architecture),
        realField("memoryGb", &GpuSpec::memoryGb, aboveUpTo(0, 1e5, "GB"), kRequiredInline),
        realField("memoryBandwidthGbPerSec", &GpuSpec::memoryBandwidthGbPerSec,
                  aboveUpTo(0, 1e6, "GB/s"), kRequiredInline),
        realField("bf16Tflops", &GpuSpec::bf16Tflops, between(0, 1e6, "TFLOP/s")),
        realField("fp16Tflops", &GpuSpec::fp16Tflops, between(0, 1e6, "TFLOP/s")),
        realField("fp8Tflops", &GpuSpec::fp8Tflops, between(0, 1e6, "TFLOP/s")),
        realField("int8Tops", &GpuSpec::int8Tops, between(0, 1e6, "TOP/s")),
        realField("fp4Tflops", &GpuSpec::fp4Tflops, between(0, 1e6, "TFLOP/s")),
        realField("tdpWatts", &GpuSpec::tdpWatts, aboveUpTo(0, 1e5, "W"), kRequiredInline),
        realField("idleWatts", &GpuSpec::idleWatts, between(0, 1e5, "W")),
        realField("interconnectGbPerSec", &GpuSpec::interconnectGbPerSec, between(0, 1e6, "GB/s")),
        textField("source", &GpuSpec::source),
        textField("verification", &GpuSpec::verification),
};

constexpr Field<SimulationSettings> kSimulationFields[] = {
        realField("horizonSeconds", &SimulationSettings::horizonSeconds,
                  aboveUpTo(0, kSecondsPerYear, "s")),
        realField("warmupSeconds", &SimulationSettings::warmupSeconds, atLeast(0, "s")),
        realField("timeseriesResolutionSeconds", &SimulationSettings::timeseriesResolutionSeconds,
                  above(0, "s")),
};

constexpr Field<ArrivalSpec> kArrivalFields[] = {
        realField("ratePerSecond", &ArrivalSpec::ratePerSecond, aboveUpTo(0, 1e6, "requests/s")),
        realField("cv", &ArrivalSpec::cv, aboveUpTo(0, 100)),
        realField("startHour", &ArrivalSpec::startHour, fromBelow(0, 24, "h")),
        textField("file", &ArrivalSpec::traceFile),
        realField("timeScale", &ArrivalSpec::timeScale, aboveUpTo(0, 1e6)),
        flagField("loop", &ArrivalSpec::loop),
        intField("users", &ArrivalSpec::users, between(1, 1e6, "users")),
        realField("thinkTimeSeconds", &ArrivalSpec::thinkTimeSeconds, between(0, 86'400, "s")),
};

constexpr Field<RequestClass> kClassFields[] = {
        textField("name", &RequestClass::name),
        realField("share", &RequestClass::share, aboveUpTo(0, 1e9)),
        textField("complexity", &RequestClass::complexity),
        textField("deployment", &RequestClass::deployment),
};

constexpr Field<LengthDistribution> kLengthFields[] = {
        wholeField("value", &LengthDistribution::value, between(1, kMaxTokens, "tokens")),
        wholeField("low", &LengthDistribution::low, between(1, kMaxTokens, "tokens")),
        wholeField("high", &LengthDistribution::high, between(1, kMaxTokens, "tokens")),
        realField("mean", &LengthDistribution::mean, between(1, kMaxTokens, "tokens")),
        realField("cv", &LengthDistribution::cv, aboveUpTo(0, 100)),
        intField("min", &LengthDistribution::minTokens, between(1, kMaxTokens, "tokens")),
        intField("max", &LengthDistribution::maxTokens, between(0, kMaxTokens, "tokens")),
};

constexpr Field<HardwareSpec> kHardwareFields[] = {
        intField("gpusPerReplica", &HardwareSpec::gpusPerReplica, between(1, 64, "GPUs")),
        intField("replicas", &HardwareSpec::replicas, between(1, 10'000)),
};

constexpr Field<ServingSpec> kServingFields[] = {
        intField("maxBatchSize", &ServingSpec::maxBatchSize, between(1, 65'536, "requests")),
        realField("batchTimeoutSeconds", &ServingSpec::batchTimeoutSeconds, between(0, 3'600, "s")),
        intField("maxRunningRequests", &ServingSpec::maxRunningRequests,
                 between(1, 1e6, "requests")),
        intField("maxBatchedTokens", &ServingSpec::maxBatchedTokens, between(1, 1e8, "tokens")),
        flagField("chunkedPrefill", &ServingSpec::chunkedPrefill),
        realField("memoryReserveFraction", &ServingSpec::memoryReserveFraction, between(0, 0.9)),
};

constexpr Field<PerformanceParams> kPerformanceFields[] = {
        realField("computeEfficiency", &PerformanceParams::computeEfficiency, aboveUpTo(0, 1)),
        realField("memoryEfficiency", &PerformanceParams::memoryEfficiency, aboveUpTo(0, 1)),
        realField("interconnectEfficiency", &PerformanceParams::interconnectEfficiency,
                  aboveUpTo(0, 1)),
        realField("iterationOverheadSeconds", &PerformanceParams::iterationOverheadSeconds,
                  between(0, 1, "s")),
        realField("perLayerOverheadSeconds", &PerformanceParams::perLayerOverheadSeconds,
                  between(0, 0.1, "s")),
        realField("allReduceLatencySeconds", &PerformanceParams::allReduceLatencySeconds,
                  between(0, 0.1, "s")),
};

constexpr Field<Slo> kSloFields[] = {
        realField("ttftSeconds", &Slo::ttftSeconds, aboveUpTo(0, 86'400, "s")),
        realField("tpotSeconds", &Slo::tpotSeconds, aboveUpTo(0, 3'600, "s")),
};

template<class E> struct Choice
{
    std::string_view name;
    E value;
};

constexpr Choice<ArrivalKind> kArrivalKinds[] = {{"poisson", ArrivalKind::Poisson},
                                                 {"gamma", ArrivalKind::Gamma},
                                                 {"trace", ArrivalKind::Trace},
                                                 {"closedLoop", ArrivalKind::ClosedLoop}};
constexpr Choice<ThinkTimeKind> kThinkTimeKinds[]
        = {{"fixed", ThinkTimeKind::Fixed}, {"exponential", ThinkTimeKind::Exponential}};
constexpr Choice<LengthKind> kLengthKinds[] = {{"fixed", LengthKind::Fixed},
                                               {"uniform", LengthKind::Uniform},
                                               {"lognormal", LengthKind::Lognormal},
                                               {"exponential", LengthKind::Exponential},
                                               {"empirical", LengthKind::Empirical}};
constexpr Choice<BatchingPolicy> kPolicies[] = {{"none", BatchingPolicy::None},
                                                {"static", BatchingPolicy::Static},
                                                {"dynamic", BatchingPolicy::Dynamic},
                                                {"continuous", BatchingPolicy::Continuous}};
constexpr Choice<RoutingPolicy> kRoutings[]
        = {{"roundRobin", RoutingPolicy::RoundRobin},
           {"leastOutstanding", RoutingPolicy::LeastOutstanding}};

template<class E> std::string_view choiceName(std::span<const Choice<E>> choices, E value)
{
    for (const Choice<E> &choice : choices) {
        if (choice.value == value)
            return choice.name;
    }
    return choices.front().name;
}

template<class E> std::string choiceList(std::span<const Choice<E>> choices)
{
    std::string text;
    for (const Choice<E> &choice : choices)
        text += (text.empty() ? "" : ", ") + std::string(choice.name);
    return text;
}

/// The objects of the format; each has a fixed set of keys (docs/scenario-format.md).
enum class Node {
    Value,
    Root,
    Simulation,
    Workload,
    Arrival,
    Diurnal,
    Class,
    Length,
    Deployment,
    Model,
    Gpu,
    Hardware,
    Serving,
    Performance,
    Slo
};

struct Key
{
    std::string_view name;
    Node node = Node::Value;
    bool array = false; ///< the key holds an array of `node`
};

template<class T> void appendFieldKeys(std::vector<Key> &keys, std::span<const Field<T>> fields)
{
    for (const Field<T> &field : fields)
        keys.push_back({field.key});
}

std::vector<Key> keysOf(Node node)
{
    std::vector<Key> keys;
    switch (node) {
    case Node::Value:
        break;
    case Node::Root:
        keys = {{"version"},
                {"name"},
                {"description"},
                {"seed"},
                {"simulation", Node::Simulation},
                {"workload", Node::Workload},
                {"deployments", Node::Deployment, true},
                {"slo", Node::Slo}};
        break;
    case Node::Simulation:
        appendFieldKeys<SimulationSettings>(keys, kSimulationFields);
        keys.push_back({"replication"});
        keys.push_back({"maxRequests"});
        break;
    case Node::Workload:
        keys = {{"arrival", Node::Arrival}, {"classes", Node::Class, true}};
        break;
    case Node::Arrival:
        keys = {{"type"}, {"diurnal", Node::Diurnal}, {"thinkTime"}};
        appendFieldKeys<ArrivalSpec>(keys, kArrivalFields);
        break;
    case Node::Diurnal:
        keys = {{"peakToTrough"}, {"peakHour"}, {"hourlyMultipliers", Node::Value, true}};
        break;
    case Node::Class:
        keys = {{"promptTokens", Node::Length}, {"outputTokens", Node::Length}};
        appendFieldKeys<RequestClass>(keys, kClassFields);
        break;
    case Node::Length:
        keys = {{"type"}, {"values", Node::Value, true}};
        appendFieldKeys<LengthDistribution>(keys, kLengthFields);
        break;
    case Node::Deployment:
        keys = {{"name"},
                {"model", Node::Model},
                {"weightPrecision"},
                {"kvPrecision"},
                {"hardware", Node::Hardware},
                {"serving", Node::Serving},
                {"performance", Node::Performance}};
        break;
    case Node::Model:
        keys = {{"catalog"}};
        appendFieldKeys<ModelSpec>(keys, kModelFields);
        break;
    case Node::Gpu:
        keys = {{"catalog"}};
        appendFieldKeys<GpuSpec>(keys, kGpuFields);
        break;
    case Node::Hardware:
        keys = {{"gpu", Node::Gpu}};
        appendFieldKeys<HardwareSpec>(keys, kHardwareFields);
        break;
    case Node::Serving:
        keys = {{"policy"}, {"routing"}};
        appendFieldKeys<ServingSpec>(keys, kServingFields);
        break;
    case Node::Performance:
        appendFieldKeys<PerformanceParams>(keys, kPerformanceFields);
        break;
    case Node::Slo:
        appendFieldKeys<Slo>(keys, kSloFields);
        break;
    }
    return keys;
}

std::vector<std::string> keyNames(const std::vector<Key> &keys)
{
    std::vector<std::string> names;
    for (const Key &key : keys)
        names.emplace_back(key.name);
    return names;
}

const Json *member(const Json &object, std::string_view key)
{
    const auto it = object.find(std::string(key));
    return it == object.end() ? nullptr : &*it;
}

// ---- Reading --------------------------------------------------------------------------------

/// Walks the parsed JSON, fills a Scenario and collects every problem it finds. A value with a
/// problem leaves the struct default in place so the walk can go on and report the rest.
class Reader
{
public:
    Reader(const catalog::Catalog &catalog, std::filesystem::path baseDirectory,
           std::vector<InputIssue> issues)
        : m_catalog(catalog)
        , m_baseDirectory(std::move(baseDirectory))
        , m_issues(std::move(issues))
    {}

    Scenario read(const Json &root);
    std::vector<InputIssue> takeIssues() { return std::move(m_issues); }

private:
    void add(std::string path, std::string message)
    {
        m_issues.push_back({std::move(path), std::move(message)});
    }
    void typeError(const std::string &path, std::string_view expected, const Json &found)
    {
        add(path, "expected " + std::string(expected) + ", got " + describeFound(found));
    }
    void missing(const std::string &path, std::string_view hint)
    {
        add(path, "required key is missing" + (hint.empty() ? "" : " (" + std::string(hint) + ")"));
    }

    bool checkObject(const Json &value, const std::string &path, Node node);
    const Json *object(const Json &parent, const std::string &path, std::string_view key, Node node,
                       bool required, std::string_view hint = {});
    const Json *array(const Json &parent, const std::string &path, std::string_view key,
                      bool required);

    bool number(const Json &value, const std::string &path, const Range &range, bool whole,
                double &out);
    bool integer(const Json &value, const std::string &path, const Range &range, int &out);
    bool unsignedInteger(const Json &value, const std::string &path, std::uint64_t min,
                         std::uint64_t &out);
    bool text(const Json &value, const std::string &path, std::string &out);
    bool flag(const Json &value, const std::string &path, bool &out);
    template<class E>
    bool choice(const Json &parent, const std::string &path, std::string_view key,
                std::span<const Choice<E>> choices, bool required, E &out);
    bool precision(const Json &parent, const std::string &path, std::string_view key,
                   model::Precision &out);

    template<class T>
    bool field(const Json &value, const std::string &path, const Field<T> &field, T &out);
    template<class T>
    bool fields(const Json &object, const std::string &path,
                std::span<const Field<std::type_identity_t<T>>> table, T &out);

    void readVersion(const Json &root);
    void readSimulation(const Json &object, const std::string &path, SimulationSettings &out);
    void readArrival(const Json &object, const std::string &path, ArrivalSpec &out);
    void readDiurnal(const Json &object, const std::string &path, ArrivalSpec &out);
    void readTrace(const std::string &path, ArrivalSpec &out);
    void readClasses(const Json &array, const std::string &path, std::vector<RequestClass> &out);
    LengthDistribution readLength(const Json &object, const std::string &path);
    void readDeployments(const Json &array, const std::string &path, std::vector<Deployment> &out);
    void readDeployment(const Json &object, const std::string &path, Deployment &out);
    ModelSpec readModel(const Json &value, const std::string &path);
    GpuSpec readGpu(const Json &value, const std::string &path);
    void checkClassDeployments(const Scenario &scenario);

    const catalog::Catalog &m_catalog;
    std::filesystem::path m_baseDirectory;
    std::vector<InputIssue> m_issues;
};

bool Reader::checkObject(const Json &value, const std::string &path, Node node)
{
    if (!value.is_object()) {
        typeError(path, "an object", value);
        return false;
    }
    const std::vector<Key> keys = keysOf(node);
    for (const auto &item : value.items()) {
        const bool known = std::any_of(keys.begin(), keys.end(),
                                       [&](const Key &key) { return key.name == item.key(); });
        if (!known)
            add(join(path, item.key()), "unknown key" + didYouMean(item.key(), keyNames(keys), 1));
    }
    return true;
}

const Json *Reader::object(const Json &parent, const std::string &path, std::string_view key,
                           Node node, bool required, std::string_view hint)
{
    const Json *value = member(parent, key);
    if (!value) {
        if (required)
            missing(join(path, key), hint);
        return nullptr;
    }
    return checkObject(*value, join(path, key), node) ? value : nullptr;
}

const Json *Reader::array(const Json &parent, const std::string &path, std::string_view key,
                          bool required)
{
    const Json *value = member(parent, key);
    if (!value) {
        if (required)
            missing(join(path, key), {});
        return nullptr;
    }
    if (!value->is_array()) {
        typeError(join(path, key), "an array", *value);
        return nullptr;
    }
    return value;
}

bool Reader::number(const Json &value, const std::string &path, const Range &range, bool whole,
                    double &out)
{
    if (!value.is_number()) {
        typeError(path, whole ? "a whole number" : "a number", value);
        return false;
    }
    const double result = value.get<double>();
    if (!std::isfinite(result)) {
        add(path, "must be a finite number, got " + value.dump());
        return false;
    }
    if (whole && result != std::floor(result)) {
        add(path, "must be a whole number, got " + value.dump());
        return false;
    }
    if (!range.contains(result)) {
        add(path, range.describe() + ", got " + value.dump());
        return false;
    }
    out = result;
    return true;
}

bool Reader::integer(const Json &value, const std::string &path, const Range &range, int &out)
{
    double result = 0.0;
    if (!number(value, path, range, true, result))
        return false;
    out = static_cast<int>(result); // every integer range lies within int
    return true;
}

bool Reader::unsignedInteger(const Json &value, const std::string &path, std::uint64_t min,
                             std::uint64_t &out)
{
    const std::string rangeText = "must be a whole number between " + std::to_string(min)
                                  + " and 18446744073709551615, got ";
    std::uint64_t result = 0;
    if (value.is_number_unsigned()) {
        result = value.get<std::uint64_t>();
    } else if (value.is_number_integer()) { // the parser only stores negatives as signed
        add(path, rangeText + value.dump());
        return false;
    } else if (value.is_number_float()) {
        const double number = value.get<double>();
        // 2^64 is the first double past the largest uint64_t.
        if (!(number >= 0.0 && number < 18446744073709551616.0) || number != std::floor(number)) {
            add(path, rangeText + value.dump());
            return false;
        }
        result = static_cast<std::uint64_t>(number);
    } else {
        typeError(path, "a whole number", value);
        return false;
    }
    if (result < min) {
        add(path, rangeText + value.dump());
        return false;
    }
    out = result;
    return true;
}

bool Reader::text(const Json &value, const std::string &path, std::string &out)
{
    if (!value.is_string()) {
        typeError(path, "a string", value);
        return false;
    }
    out = value.get<std::string>();
    return true;
}

bool Reader::flag(const Json &value, const std::string &path, bool &out)
{
    if (!value.is_boolean()) {
        typeError(path, "true or false", value);
        return false;
    }
    out = value.get<bool>();
    return true;
}

bool equalsIgnoringCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return lowerAscii(x) == lowerAscii(y);
           });
}

template<class E>
bool Reader::choice(const Json &parent, const std::string &path, std::string_view key,
                    std::span<const Choice<E>> choices, bool required, E &out)
{
    const std::string keyPath = join(path, key);
    const Json *value = member(parent, key);
    if (!value) {
        if (required)
            missing(keyPath, "one of " + choiceList(choices));
        return false;
    }
    if (!value->is_string()) {
        typeError(keyPath, "a string (one of " + choiceList(choices) + ")", *value);
        return false;
    }
    const std::string name = value->get<std::string>();
    std::vector<std::string> names;
    for (const Choice<E> &option : choices) {
        if (equalsIgnoringCase(option.name, name)) {
            out = option.value;
            return true;
        }
        names.emplace_back(option.name);
    }
    add(keyPath, "must be one of " + choiceList(choices) + ", got " + value->dump()
                         + didYouMean(name, names, 1));
    return false;
}

bool Reader::precision(const Json &parent, const std::string &path, std::string_view key,
                       model::Precision &out)
{
    std::string name;
    const Json *value = member(parent, key);
    if (!value || !text(*value, join(path, key), name))
        return false;
    if (const std::optional<model::Precision> parsed = model::parsePrecision(name)) {
        out = *parsed;
        return true;
    }
    add(join(path, key),
        "must be one of " + std::string(model::kPrecisionNames) + ", got " + value->dump());
    return false;
}

template<class T>
bool Reader::field(const Json &value, const std::string &path, const Field<T> &spec, T &out)
{
    if (spec.real)
        return number(value, path, spec.range, spec.whole, out.*spec.real);
    if (spec.integer)
        return integer(value, path, spec.range, out.*spec.integer);
    if (spec.flag)
        return flag(value, path, out.*spec.flag);
    return text(value, path, out.*spec.text);
}

template<class T>
bool Reader::fields(const Json &object, const std::string &path,
                    std::span<const Field<std::type_identity_t<T>>> table, T &out)
{
    bool ok = true;
    for (const Field<T> &spec : table) {
        if (const Json *value = member(object, spec.key))
            ok = field(*value, join(path, spec.key), spec, out) && ok;
    }
    return ok;
}

void Reader::readVersion(const Json &root)
{
    const Json *value = member(root, "version");
    const std::string current = std::to_string(kScenarioFormatVersion);
    if (!value) {
        missing("version", "this build reads format " + current);
        return;
    }
    double version = 0.0;
    if (!number(*value, "version", atLeast(-kInf), true, version))
        return;
    if (version > kScenarioFormatVersion)
        throw InputError("version", "this file was written by a newer TokenWatt (format "
                                            + formatNumber(version) + "); this build reads format "
                                            + current);
    if (version != kScenarioFormatVersion)
        add("version", "must be " + current + ", got " + value->dump());
}

Scenario Reader::read(const Json &root)
{
    Scenario scenario;
    if (!root.is_object()) {
        typeError("", "a JSON object at the top level", root);
        return scenario;
    }
    readVersion(root);
    checkObject(root, "", Node::Root);
    if (const Json *value = member(root, "name"))
        text(*value, "name", scenario.name);
    if (const Json *value = member(root, "description"))
        text(*value, "description", scenario.description);
    if (const Json *value = member(root, "seed"))
        unsignedInteger(*value, "seed", 0, scenario.simulation.seed);
    if (const Json *simulation = object(root, "", "simulation", Node::Simulation, false))
        readSimulation(*simulation, "simulation", scenario.simulation);

    const std::string workloadPath = "workload";
    if (const Json *workload = object(root, "", "workload", Node::Workload, true)) {
        if (const Json *arrival = object(*workload, workloadPath, "arrival", Node::Arrival, true))
            readArrival(*arrival, "workload.arrival", scenario.workload.arrival);
        if (const Json *classes = array(*workload, workloadPath, "classes", true))
            readClasses(*classes, "workload.classes", scenario.workload.classes);
    }
    if (const Json *deployments = array(root, "", "deployments", true))
        readDeployments(*deployments, "deployments", scenario.deployments);
    if (const Json *slo = object(root, "", "slo", Node::Slo, false))
        fields<Slo>(*slo, "slo", kSloFields, scenario.slo);
    checkClassDeployments(scenario);
    return scenario;
}

void Reader::readSimulation(const Json &object, const std::string &path, SimulationSettings &out)
{
    const bool ok = fields<SimulationSettings>(object, path, kSimulationFields, out);
    if (const Json *value = member(object, "replication"))
        unsignedInteger(*value, join(path, "replication"), 0, out.replication);
    if (const Json *value = member(object, "maxRequests"))
        unsignedInteger(*value, join(path, "maxRequests"), 1, out.maxRequests);
    if (!ok)
        return; // the checks below would compare against a value the user did not write
    if (out.warmupSeconds >= out.horizonSeconds)
        add(join(path, "warmupSeconds"), "must be < horizonSeconds ("
                                                 + formatNumber(out.horizonSeconds) + " s), got "
                                                 + formatNumber(out.warmupSeconds));
    const double finest = out.horizonSeconds / kMaxTimeseriesPoints;
    if (out.timeseriesResolutionSeconds < finest)
        add(join(path, "timeseriesResolutionSeconds"),
            "must be >= horizonSeconds / 1000000 = " + formatNumber(finest)
                    + " s (at most a million points per series), got "
                    + formatNumber(out.timeseriesResolutionSeconds));
}

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
        const std::string listPath = join(path, "hourlyMultipliers");
        if (!explicitHours->is_array()) {
            typeError(listPath, "an array of 24 numbers", *explicitHours);
            return;
        }
        if (explicitHours->size() != multipliers.size()) {
            add(listPath, "must hold 24 numbers (hours 00:00 to 23:00), got "
                                  + std::to_string(explicitHours->size()));
            return;
        }
        bool ok = true;
        double sum = 0.0;
        for (std::size_t hour = 0; hour < multipliers.size(); ++hour) {
            ok = number((*explicitHours)[hour], indexed(listPath, hour), atLeast(0), false,
                        multipliers[hour])
                 && ok;
            sum += multipliers[hour];
        }
        if (!ok)
            return;
        const double mean = sum / 24.0;
        if (!(mean > 0.0)) {
            add(listPath, "must not all be 0");
            return;
        }
        if (std::fabs(mean - 1.0) > kMeanTolerance) {
            for (double &m : multipliers)
                m /= mean;
        }
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

void Reader::readDeployments(const Json &array, const std::string &path,
                             std::vector<Deployment> &out)
{
    if (array.empty())
        add(path, "must hold at least one deployment");
    std::set<std::string> names;
    for (std::size_t i = 0; i < array.size(); ++i) {
        const std::string deploymentPath = indexed(path, i);
        Deployment deployment;
        if (checkObject(array[i], deploymentPath, Node::Deployment)) {
            readDeployment(array[i], deploymentPath, deployment);
            if (!names.insert(deployment.name).second)
                add(join(deploymentPath, "name"),
                    "duplicate deployment name " + singleQuoted(deployment.name)
                            + " (each deployment needs its own name)");
        }
        out.push_back(std::move(deployment));
    }
}

void Reader::readDeployment(const Json &object, const std::string &path, Deployment &out)
{
    if (const Json *value = member(object, "name")) {
        if (text(*value, join(path, "name"), out.name) && out.name.empty())
            add(join(path, "name"), "must not be empty");
    }
    const std::size_t before = m_issues.size();
    if (const Json *value = member(object, "model"))
        out.model = readModel(*value, join(path, "model"));
    else
        missing(join(path, "model"), "a catalog model id such as \"llama-3.1-8b\", or an object");
    precision(object, path, "weightPrecision", out.weightPrecision);
    precision(object, path, "kvPrecision", out.kvPrecision);

    const std::string hardwarePath = join(path, "hardware");
    if (const Json *hardware = this->object(object, path, "hardware", Node::Hardware, true,
                                            "an object with gpu, gpusPerReplica, replicas")) {
        if (const Json *gpu = member(*hardware, "gpu"))
            out.hardware.gpu = readGpu(*gpu, join(hardwarePath, "gpu"));
        else
            missing(join(hardwarePath, "gpu"),
                    "a catalog GPU id such as \"h100_sxm\", or an object");
        fields<HardwareSpec>(*hardware, hardwarePath, kHardwareFields, out.hardware);
    }
    if (const Json *serving = this->object(object, path, "serving", Node::Serving, false)) {
        const std::string servingPath = join(path, "serving");
        choice<BatchingPolicy>(*serving, servingPath, "policy", kPolicies, false,
                               out.serving.policy);
        fields<ServingSpec>(*serving, servingPath, kServingFields, out.serving);
        choice<RoutingPolicy>(*serving, servingPath, "routing", kRoutings, false,
                              out.serving.routing);
    }
    if (const Json *performance
        = this->object(object, path, "performance", Node::Performance, false))
        fields<PerformanceParams>(*performance, join(path, "performance"), kPerformanceFields,
                                  out.performance);

    // Tensor parallelism splits attention heads evenly across GPUs (Megatron-LM; vLLM refuses
    // a tensor_parallel_size that does not divide num_attention_heads).
    const int heads = out.model.attentionHeads;
    const int gpus = out.hardware.gpusPerReplica;
    if (m_issues.size() == before && heads > 0 && heads % gpus != 0)
        add(join(hardwarePath, "gpusPerReplica"),
            "must divide the model's " + std::to_string(heads)
                    + " attention heads (tensor parallelism splits heads evenly), got "
                    + std::to_string(gpus));
}

ModelSpec Reader::readModel(const Json &value, const std::string &path)
{
    std::vector<std::string> ids;
    const auto lookUp = [&](const std::string &id, const std::string &idPath) {
        const ModelSpec *found = m_catalog.findModel(id);
        if (!found) {
            for (const ModelSpec &model : m_catalog.models())
                ids.push_back(model.id);
            add(idPath, "unknown model " + singleQuoted(id) + suggestIds(id, ids));
        }
        return found;
    };
    if (value.is_string()) {
        const ModelSpec *found = lookUp(value.get<std::string>(), path);
        return found ? *found : ModelSpec{};
    }
    if (!checkObject(value, path, Node::Model))
        return {};

    ModelSpec model;
    const Json *catalogId = member(value, "catalog");
    std::string id;
    if (catalogId && text(*catalogId, join(path, "catalog"), id)) {
        const ModelSpec *found = lookUp(id, join(path, "catalog"));
        if (!found)
            return {};
        model = *found;
    }
    const std::size_t before = m_issues.size();
    bool overridden = false;
    std::string missingKeys;
    for (const Field<ModelSpec> &spec : kModelFields) {
        if (const Json *fieldValue = member(value, spec.key)) {
            field(*fieldValue, join(path, spec.key), spec, model);
            overridden = true;
        } else if (!catalogId && spec.requiredInline) {
            missingKeys += (missingKeys.empty() ? "" : ", ") + std::string(spec.key);
        }
    }
    if (!missingKeys.empty())
        add(path, "an inline model needs every architecture field; missing " + missingKeys
                          + " (or start from a catalog model with \"catalog\")");
    // Relations between fields, checked only where the file changed something: catalog rows
    // are checked by the catalog's own tests.
    if (!overridden || m_issues.size() != before)
        return model;
    if (model.activeParams > model.totalParams)
        add(join(path, "activeParams"), "must be <= totalParams (" + formatNumber(model.totalParams)
                                                + "), got " + formatNumber(model.activeParams));
    if (model.attentionHeads % model.kvHeads != 0)
        add(join(path, "kvHeads"), "must divide attentionHeads ("
                                           + std::to_string(model.attentionHeads) + "), got "
                                           + std::to_string(model.kvHeads));
    if (model.moeTopK > model.moeExperts)
        add(join(path, "moeTopK"), "must be <= moeExperts (" + std::to_string(model.moeExperts)
                                           + "), got " + std::to_string(model.moeTopK));
    return model;
}

GpuSpec Reader::readGpu(const Json &value, const std::string &path)
{
    const auto lookUp = [&](const std::string &id, const std::string &idPath) {
        const GpuSpec *found = m_catalog.findGpu(id);
        if (!found) {
            std::vector<std::string> ids;
            for (const GpuSpec &gpu : m_catalog.gpus())
                ids.push_back(gpu.id);
            add(idPath, "unknown GPU " + singleQuoted(id) + suggestIds(id, ids));
        }
        return found;
    };
    if (value.is_string()) {
        const GpuSpec *found = lookUp(value.get<std::string>(), path);
        return found ? *found : GpuSpec{};
    }
    if (!checkObject(value, path, Node::Gpu))
        return {};

    GpuSpec gpu;
    const Json *catalogId = member(value, "catalog");
    std::string id;
    if (catalogId && text(*catalogId, join(path, "catalog"), id)) {
        const GpuSpec *found = lookUp(id, join(path, "catalog"));
        if (!found)
            return {};
        gpu = *found;
    }
    const std::size_t before = m_issues.size();
    bool overridden = false;
    std::string missingKeys;
    for (const Field<GpuSpec> &spec : kGpuFields) {
        if (const Json *fieldValue = member(value, spec.key)) {
            field(*fieldValue, join(path, spec.key), spec, gpu);
            overridden = true;
        } else if (!catalogId && spec.requiredInline) {
            missingKeys += (missingKeys.empty() ? "" : ", ") + std::string(spec.key);
        }
    }
    if (!missingKeys.empty())
        add(path, "an inline GPU needs memoryGb, memoryBandwidthGbPerSec, tdpWatts and "
                  "bf16Tflops or fp16Tflops; missing "
                          + missingKeys + " (or start from a catalog GPU with \"catalog\")");
    if (!overridden || m_issues.size() != before)
        return gpu;
    if (gpu.bf16Tflops <= 0.0 && gpu.fp16Tflops <= 0.0)
        add(join(path, "bf16Tflops"), "bf16Tflops or fp16Tflops must be > 0 TFLOP/s");
    if (gpu.idleWatts > gpu.tdpWatts)
        add(join(path, "idleWatts"), "must be <= tdpWatts (" + formatNumber(gpu.tdpWatts)
                                             + " W), got " + formatNumber(gpu.idleWatts));
    return gpu;
}

void Reader::checkClassDeployments(const Scenario &scenario)
{
    std::vector<std::string> names;
    for (const Deployment &deployment : scenario.deployments)
        names.push_back(deployment.name);
    if (names.empty())
        return;
    for (std::size_t i = 0; i < scenario.workload.classes.size(); ++i) {
        const std::string &wanted = scenario.workload.classes[i].deployment;
        if (wanted.empty() || std::find(names.begin(), names.end(), wanted) != names.end())
            continue;
        std::string known;
        for (const std::string &name : names)
            known += (known.empty() ? "" : ", ") + singleQuoted(name);
        const std::string hint = didYouMean(wanted, names, 1);
        add(join(indexed("workload.classes", i), "deployment"),
            "no deployment is named " + singleQuoted(wanted)
                    + (hint.empty() ? " (deployments: " + known + ")" : hint));
    }
}

// ---- Writing --------------------------------------------------------------------------------

/// Whole numbers are written without a fraction ("3600", not "3600.0"); others in the
/// shortest form that reads back to the same double.
OrderedJson numberJson(double value)
{
    if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 9.0e15)
        return static_cast<std::int64_t>(value);
    return value;
}

/// Writes the fields of @p value; with a @p baseline, only those that differ from it.
template<class T>
void writeFields(OrderedJson &out, const T &value,
                 std::span<const Field<std::type_identity_t<T>>> table, const T *baseline = nullptr)
{
    for (const Field<T> &spec : table) {
        const std::string key(spec.key);
        if (spec.real) {
            if (!baseline || value.*spec.real != baseline->*spec.real)
                out[key] = numberJson(value.*spec.real);
        } else if (spec.integer) {
            if (!baseline || value.*spec.integer != baseline->*spec.integer)
                out[key] = value.*spec.integer;
        } else if (spec.flag) {
            if (!baseline || value.*spec.flag != baseline->*spec.flag)
                out[key] = value.*spec.flag;
        } else if (!baseline || value.*spec.text != baseline->*spec.text) {
            out[key] = value.*spec.text;
        }
    }
}

/// A catalog entry by id, with only the fields that differ as overrides; anything else inline.
template<class T>
OrderedJson writeCatalogItem(const T &item, const T *catalogEntry,
                             std::span<const Field<std::type_identity_t<T>>> table)
{
    OrderedJson out = OrderedJson::object();
    if (catalogEntry && catalogEntry->id == item.id) {
        OrderedJson overrides = OrderedJson::object();
        writeFields(overrides, item, table, catalogEntry);
        if (overrides.empty())
            return item.id;
        out["catalog"] = item.id;
        for (auto &entry : overrides.items())
            out[entry.key()] = entry.value();
        return out;
    }
    writeFields(out, item, table);
    return out;
}

OrderedJson writeLength(const LengthDistribution &length)
{
    const LengthDistribution defaults;
    const LengthKind kind = length.kind;
    OrderedJson out;
    out["type"] = choiceName<LengthKind>(kLengthKinds, kind);
    // Parameters of other types are written only when set, so switching type loses nothing.
    const auto put = [&](const char *key, double value, double defaultValue, bool used) {
        if (used || value != defaultValue)
            out[key] = numberJson(value);
    };
    put("value", length.value, defaults.value, kind == LengthKind::Fixed);
    put("low", length.low, defaults.low, kind == LengthKind::Uniform);
    put("high", length.high, defaults.high, kind == LengthKind::Uniform);
    put("mean", length.mean, defaults.mean,
        kind == LengthKind::Lognormal || kind == LengthKind::Exponential);
    put("cv", length.cv, defaults.cv, kind == LengthKind::Lognormal);
    if (kind == LengthKind::Empirical || !length.values.empty())
        out["values"] = length.values;
    out["min"] = length.minTokens;
    out["max"] = length.maxTokens;
    return out;
}

OrderedJson writeArrival(const ArrivalSpec &arrival)
{
    const ArrivalSpec defaults;
    const ArrivalKind kind = arrival.kind;
    const bool rated = kind == ArrivalKind::Poisson || kind == ArrivalKind::Gamma;
    const bool traced = kind == ArrivalKind::Trace;
    const bool closed = kind == ArrivalKind::ClosedLoop;
    OrderedJson out;
    out["type"] = choiceName<ArrivalKind>(kArrivalKinds, kind);
    const auto put = [&](const char *key, double value, double defaultValue, bool used) {
        if (used || value != defaultValue)
            out[key] = numberJson(value);
    };
    put("ratePerSecond", arrival.ratePerSecond, defaults.ratePerSecond, rated);
    put("cv", arrival.cv, defaults.cv, kind == ArrivalKind::Gamma);
    if (arrival.diurnal) {
        OrderedJson hours = OrderedJson::array();
        for (double multiplier : arrival.hourlyMultipliers)
            hours.push_back(numberJson(multiplier));
        out["diurnal"] = {{"hourlyMultipliers", hours}};
    }
    put("startHour", arrival.startHour, defaults.startHour, rated);
    if (traced || !arrival.traceFile.empty())
        out["file"] = arrival.traceFile;
    put("timeScale", arrival.timeScale, defaults.timeScale, traced);
    if (traced || arrival.loop != defaults.loop)
        out["loop"] = arrival.loop;
    if (closed || arrival.users != defaults.users)
        out["users"] = arrival.users;
    put("thinkTimeSeconds", arrival.thinkTimeSeconds, defaults.thinkTimeSeconds, closed);
    if (closed || arrival.thinkTimeKind != defaults.thinkTimeKind)
        out["thinkTime"] = choiceName<ThinkTimeKind>(kThinkTimeKinds, arrival.thinkTimeKind);
    return out;
}

OrderedJson writeDeployment(const Deployment &deployment, const catalog::Catalog &catalog)
{
    OrderedJson out;
    out["name"] = deployment.name;
    const ModelSpec &model = deployment.model;
    out["model"] = writeCatalogItem<ModelSpec>(
            model, model.id.empty() ? nullptr : catalog.findModel(model.id), kModelFields);
    out["weightPrecision"] = model::toString(deployment.weightPrecision);
    out["kvPrecision"] = model::toString(deployment.kvPrecision);

    const GpuSpec &gpu = deployment.hardware.gpu;
    OrderedJson hardware;
    hardware["gpu"] = writeCatalogItem<GpuSpec>(
            gpu, gpu.id.empty() ? nullptr : catalog.findGpu(gpu.id), kGpuFields);
    writeFields<HardwareSpec>(hardware, deployment.hardware, kHardwareFields);
    out["hardware"] = hardware;

    OrderedJson serving;
    serving["policy"] = choiceName<BatchingPolicy>(kPolicies, deployment.serving.policy);
    writeFields<ServingSpec>(serving, deployment.serving, kServingFields);
    serving["routing"] = choiceName<RoutingPolicy>(kRoutings, deployment.serving.routing);
    out["serving"] = serving;

    OrderedJson performance = OrderedJson::object();
    writeFields<PerformanceParams>(performance, deployment.performance, kPerformanceFields);
    out["performance"] = performance;
    return out;
}

// ---- Text -----------------------------------------------------------------------------------

/// Line and column (both from 1) of the byte at @p offset.
std::pair<std::size_t, std::size_t> lineAndColumn(std::string_view text, std::size_t offset)
{
    offset = std::min(offset, text.size());
    const std::string_view before = text.substr(0, offset);
    const std::size_t line
            = 1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
    const std::size_t lineStart = before.rfind('\n');
    const std::size_t column = lineStart == before.npos ? offset + 1 : offset - lineStart;
    return {line, column};
}

/// Parses JSON text. Syntax errors throw with their line and column; keys repeated within one
/// object (which JSON parsers resolve silently, each differently) are returned as issues.
Json parseText(std::string_view text, std::vector<InputIssue> &duplicates)
{
    struct Frame
    {
        bool array = false;
        std::size_t index = 0;
        std::string path;
        std::set<std::string> keys;
        std::string key;
    };
    std::vector<Frame> frames;
    const auto childPath = [&]() -> std::string {
        if (frames.empty())
            return {};
        Frame &top = frames.back();
        return top.array ? indexed(top.path, top.index++) : join(top.path, top.key);
    };
    const Json::parser_callback_t callback = [&](int, Json::parse_event_t event, Json &parsed) {
        switch (event) {
        case Json::parse_event_t::object_start:
        case Json::parse_event_t::array_start: {
            std::string path = childPath();
            frames.push_back(
                    {event == Json::parse_event_t::array_start, 0, std::move(path), {}, {}});
            break;
        }
        case Json::parse_event_t::object_end:
        case Json::parse_event_t::array_end:
            frames.pop_back();
            break;
        case Json::parse_event_t::key: {
            Frame &top = frames.back();
            top.key = parsed.get<std::string>();
            if (!top.keys.insert(top.key).second)
                duplicates.push_back({join(top.path, top.key), "duplicate key"});
            break;
        }
        case Json::parse_event_t::value:
            if (!frames.empty() && frames.back().array)
                ++frames.back().index;
            break;
        }
        return true;
    };
    try {
        return Json::parse(text.begin(), text.end(), callback);
    } catch (const Json::parse_error &error) {
        // nlohmann's message reads "[json.exception.parse_error.101] parse error at line 3,
        // column 5: syntax error while parsing ..."; keep the part after the location.
        const auto [line, column] = lineAndColumn(text, error.byte > 0 ? error.byte - 1 : 0);
        std::string detail = error.what();
        const std::size_t columnPos = detail.find("column ");
        const std::size_t colon = detail.find(": ", columnPos == detail.npos ? 0 : columnPos);
        if (colon != detail.npos)
            detail = detail.substr(colon + 2);
        throw InputError("", "malformed JSON at line " + std::to_string(line) + ", column "
                                     + std::to_string(column) + ": " + detail);
    }
}

std::string readFileText(const std::filesystem::path &file)
{
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec))
        throw InputError("", "cannot open " + file.string() + ": it is a directory");
    errno = 0;
    const std::unique_ptr<std::FILE, int (*)(std::FILE *)> stream(std::fopen(file.c_str(), "rb"),
                                                                  &std::fclose);
    if (!stream)
        throw InputError("", "cannot open " + file.string() + ": " + std::strerror(errno));
    std::string text;
    char buffer[65536];
    std::size_t count = 0;
    while ((count = std::fread(buffer, 1, sizeof buffer, stream.get())) > 0)
        text.append(buffer, count);
    if (std::ferror(stream.get()))
        throw InputError("", "cannot read " + file.string() + ": " + std::strerror(errno));
    return text;
}

/// One step of a parameter path: a key, or an index into an array.
struct PathStep
{
    std::string key;
    std::optional<std::size_t> index;
};

std::optional<std::vector<PathStep>> splitPath(std::string_view path)
{
    std::vector<PathStep> steps;
    std::size_t i = 0;
    while (i < path.size()) {
        if (!steps.empty()) {
            if (path[i] != '.')
                return std::nullopt;
            ++i;
        }
        const std::size_t start = i;
        while (i < path.size() && path[i] != '.' && path[i] != '[')
            ++i;
        if (i == start)
            return std::nullopt;
        steps.push_back({std::string(path.substr(start, i - start)), std::nullopt});
        while (i < path.size() && path[i] == '[') {
            const std::size_t close = path.find(']', i);
            std::size_t index = 0;
            const char *first = path.data() + i + 1;
            const char *last = path.data() + (close == path.npos ? i + 1 : close);
            const auto [end, error] = std::from_chars(first, last, index);
            if (close == path.npos || error != std::errc() || end != last || first == last)
                return std::nullopt;
            steps.push_back({{}, index});
            i = close + 1;
        }
    }
    if (steps.empty())
        return std::nullopt;
    return steps;
}

} // namespace

// ---- Public functions -----------------------------------------------------------------------

Scenario parseScenarioJson(std::string_view jsonText, const catalog::Catalog &catalog,
                           const std::filesystem::path &baseDirectory)
{
    std::vector<InputIssue> duplicates;
    const Json root = parseText(jsonText, duplicates);
    Reader reader(catalog, baseDirectory, std::move(duplicates));
    Scenario scenario = reader.read(root);
    std::vector<InputIssue> issues = reader.takeIssues();
    if (!issues.empty())
        throw InputError(std::move(issues));
    return scenario;
}

Scenario loadScenarioFile(const std::filesystem::path &file, const catalog::Catalog &catalog)
{
    const std::string text = readFileText(file);
    try {
        return parseScenarioJson(text, catalog, file.parent_path());
    } catch (const InputError &error) {
        // Every message names the file first: "scenario.json: workload.classes[0].share: ...".
        std::vector<InputIssue> issues = error.issues();
        for (InputIssue &issue : issues)
            issue.path = issue.path.empty() ? file.string() : file.string() + ": " + issue.path;
        throw InputError(std::move(issues));
    }
}

std::string toJson(const Scenario &scenario, const catalog::Catalog &catalog, int indent)
{
    OrderedJson out;
    out["version"] = kScenarioFormatVersion;
    out["name"] = scenario.name;
    out["description"] = scenario.description;
    out["seed"] = scenario.simulation.seed;

    const SimulationSettings &simulation = scenario.simulation;
    OrderedJson simulationJson;
    writeFields<SimulationSettings>(simulationJson, simulation, kSimulationFields);
    simulationJson["replication"] = simulation.replication;
    simulationJson["maxRequests"] = simulation.maxRequests;
    out["simulation"] = simulationJson;

    OrderedJson classes = OrderedJson::array();
    for (const RequestClass &requestClass : scenario.workload.classes) {
        OrderedJson classJson;
        writeFields<RequestClass>(classJson, requestClass, kClassFields);
        classJson["promptTokens"] = writeLength(requestClass.promptTokens);
        classJson["outputTokens"] = writeLength(requestClass.outputTokens);
        classes.push_back(classJson);
    }
    out["workload"] = {{"arrival", writeArrival(scenario.workload.arrival)}, {"classes", classes}};

    OrderedJson deployments = OrderedJson::array();
    for (const Deployment &deployment : scenario.deployments)
        deployments.push_back(writeDeployment(deployment, catalog));
    out["deployments"] = deployments;

    OrderedJson slo;
    writeFields<Slo>(slo, scenario.slo, kSloFields);
    out["slo"] = slo;
    return out.dump(indent, ' ', false, OrderedJson::error_handler_t::replace);
}

Scenario withParameter(std::string_view scenarioJson, std::string_view path, double value,
                       const catalog::Catalog &catalog, const std::filesystem::path &baseDirectory)
{
    const std::string pathText(path);
    const std::optional<std::vector<PathStep>> steps = splitPath(path);
    if (!steps || (*steps)[0].index)
        throw InputError(pathText, "not a parameter path (expected keys joined by dots, with [i] "
                                   "for list entries, e.g. deployments[0].hardware.replicas)");
    if (!std::isfinite(value))
        throw InputError(pathText, "the value must be a finite number, got " + formatNumber(value));

    std::vector<InputIssue> duplicates;
    Json root = parseText(scenarioJson, duplicates);
    if (!duplicates.empty()) // re-serialising would silently keep only one of them
        throw InputError(std::move(duplicates));
    Json *node = &root;
    Node schema = Node::Root;
    bool inArray = false; // the current key held an array whose entries are `schema`
    std::string walked;
    for (const PathStep &step : *steps) {
        if (step.index) {
            if (!inArray || !node->is_array())
                throw InputError(pathText, walked + " is not a list");
            if (*step.index >= node->size())
                throw InputError(pathText, "index " + std::to_string(*step.index)
                                                   + " is out of range: " + walked + " has "
                                                   + std::to_string(node->size()) + " entries");
            node = &(*node)[*step.index];
            walked = indexed(walked, *step.index);
            inArray = false;
            continue;
        }
        if (inArray)
            throw InputError(pathText,
                             walked + " is a list: give an index, e.g. " + walked + "[0]");
        // A catalog id may be refined field by field: "llama-3.1-8b" becomes
        // {"catalog": "llama-3.1-8b"} before a field is set on it.
        if ((schema == Node::Model || schema == Node::Gpu) && node->is_string())
            *node = Json{{"catalog", *node}};
        const std::vector<Key> keys = keysOf(schema);
        const auto key = std::find_if(keys.begin(), keys.end(),
                                      [&](const Key &k) { return k.name == step.key; });
        if (schema == Node::Value || key == keys.end())
            throw InputError(pathText, "no such parameter: " + singleQuoted(step.key)
                                               + " is not a key of "
                                               + (walked.empty() ? "the scenario" : walked)
                                               + didYouMean(step.key, keyNames(keys), 1));
        if (!node->is_object())
            throw InputError(pathText, walked + " is not an object in this scenario");
        if (!node->contains(step.key)) {
            if (key->array)
                throw InputError(pathText, join(walked, step.key) + " is not in this scenario");
            (*node)[step.key] = key->node == Node::Value ? Json() : Json::object();
        }
        node = &(*node)[step.key];
        walked = join(walked, step.key);
        schema = key->node;
        inArray = key->array;
    }
    if (schema != Node::Value || inArray || node->is_object() || node->is_array())
        throw InputError(pathText, "is not a single number, so it cannot be set to a value");
    *node = static_cast<Json>(numberJson(value));
    return parseScenarioJson(root.dump(), catalog, baseDirectory);
}

} // namespace tw::scenario
