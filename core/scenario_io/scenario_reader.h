#pragma once

// Internal to core/scenario: the validating reader behind parseScenarioJson. Its members are
// defined in scenario_reader*.cpp, one file per part of the format.

#include "core/scenario_io/json_schema.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace tw::catalog {
class Catalog;
}

namespace tw::scenario::detail {

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
    /// 24 multipliers, each >= 0 and not all 0, scaled to mean 1 (unless already within
    /// kMeanTolerance of it). Leaves @p out alone and returns false on a problem.
    bool readHourlyMultipliers(const Json &value, const std::string &path,
                               std::array<double, 24> &out);
    void readTrace(const std::string &path, ArrivalSpec &out);
    void readClasses(const Json &array, const std::string &path, std::vector<RequestClass> &out);
    LengthDistribution readLength(const Json &object, const std::string &path);
    void readDeployments(const Json &array, const std::string &path, std::vector<Deployment> &out);
    void readDeployment(const Json &object, const std::string &path, Deployment &out);
    void readAutoscaling(const Json &object, const std::string &path, int maxReplicas,
                         AutoscalingSpec &out);
    void readSelfHosted(const Json &object, const std::string &path, Deployment &out);
    /// The canonical name of serving.software (kDefaultSoftware when absent or invalid).
    std::string readSoftware(const Json &serving, const std::string &path);
    void readApiDeployment(const Json &object, const std::string &path, Deployment &out);
    void readApi(const Json &object, const std::string &path, ApiSpec &out);
    /// @p gpu is nullptr when the deployment's GPU could not be read: relations to it are
    /// then not checked.
    void readPower(const Json &object, const std::string &path, const model::GpuSpec *gpu,
                   PowerParams &out);
    void readHosting(const Json &object, const std::string &path, const model::GpuSpec *gpu,
                     HostingSpec &out);
    /// What to write when `hosting` is missing, with a catalog offering for @p gpu.
    std::string hostingHint(const model::GpuSpec &gpu) const;
    model::ModelSpec readModel(const Json &value, const std::string &path);
    model::GpuSpec readGpu(const Json &value, const std::string &path);
    /// The part readModel and readGpu share: a catalog id, or an object with an optional
    /// "catalog" id and fields overriding it (every required field when there is no id).
    /// @p changed is set when the file gave fields and they read without a problem, i.e.
    /// when the relations between fields are to be checked. Defined for ModelSpec and
    /// GpuSpec (CatalogKind in scenario_reader_deployment.cpp).
    template<class Spec>
    Spec readCatalogSpec(const Json &value, const std::string &path, bool &changed);
    void checkClassDeployments(const Scenario &scenario);
    void readRouting(const Json &array, const std::string &path, const Scenario &scenario,
                     std::vector<RoutingRule> &out);
    void readRegion(const Json &object, const std::string &path, RegionSpec &out);

    const catalog::Catalog &m_catalog;
    std::filesystem::path m_baseDirectory;
    std::vector<InputIssue> m_issues;
};

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

} // namespace tw::scenario::detail
