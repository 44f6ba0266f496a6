#include "core/scenario_io/scenario_reader.h"

#include "core/catalog/catalog.h"
#include "core/defaults/calibrated_defaults.h"
#include "core/hardware/perf_model.h"
#include "core/model/attention_layout.h"

#include <algorithm>
#include <set>
#include <span>

// The self-hosted deployments of the format: models and GPUs (catalog ids, overrides or
// inline), hardware, serving software and policy, and the calibrated performance defaults.

namespace tw::scenario::detail {

using model::GpuSpec;
using model::ModelSpec;

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
    // With a kind that is not understood, which of the other keys apply is unknown: reporting
    // them would only bury the one real problem.
    if (member(object, "kind")
        && !choice<DeploymentKind>(object, path, "kind", kDeploymentKinds, false, out.kind))
        return;
    if (out.kind == DeploymentKind::Api) {
        readApiDeployment(object, path, out);
        return;
    }
    if (member(object, "api"))
        add(join(path, "api"), "applies only to a deployment of kind api (set \"kind\": \"api\", "
                               "or remove it)");
    readSelfHosted(object, path, out);
}

void Reader::readSelfHosted(const Json &object, const std::string &path, Deployment &out)
{
    const std::size_t before = m_issues.size();
    if (const Json *value = member(object, "model"))
        out.model = readModel(*value, join(path, "model"));
    else
        missing(join(path, "model"), "a catalog model id such as \"llama-3.1-8b\", or an object");
    precision(object, path, "weightPrecision", out.weightPrecision);
    precision(object, path, "kvPrecision", out.kvPrecision);

    const std::string hardwarePath = join(path, "hardware");
    bool gpuOk = false; // the power and hosting checks compare against the GPU
    if (const Json *hardware = this->object(object, path, "hardware", Node::Hardware, true,
                                            "an object with gpu, gpusPerReplica, replicas")) {
        if (const Json *gpu = member(*hardware, "gpu")) {
            const std::size_t beforeGpu = m_issues.size();
            out.hardware.gpu = readGpu(*gpu, join(hardwarePath, "gpu"));
            gpuOk = m_issues.size() == beforeGpu;
        } else {
            missing(join(hardwarePath, "gpu"),
                    "a catalog GPU id such as \"h100_sxm\", or an object");
        }
        fields<HardwareSpec>(*hardware, hardwarePath, kHardwareFields, out.hardware);
    }
    std::string software(kDefaultSoftware);
    if (const Json *serving = this->object(object, path, "serving", Node::Serving, false)) {
        const std::string servingPath = join(path, "serving");
        software = readSoftware(*serving, servingPath);
        choice<BatchingPolicy>(*serving, servingPath, "policy", policyChoices(), false,
                               out.serving.policy);
        fields<ServingSpec>(*serving, servingPath, kServingFields, out.serving);
        choice<RoutingPolicy>(*serving, servingPath, "routing", kRoutings, false,
                              out.serving.routing);
    }
    out.serving.software = software;

    // Performance and power start from the parameters calibrated for this GPU generation and
    // serving software (docs/validation.md); the keys in the file override them one by one.
    const calibration::CalibratedDefaults calibrated
            = calibration::defaultsFor(out.hardware.gpu, software);
    out.performance = calibrated.performance;
    out.power = calibrated.power;
    if (const Json *performance
        = this->object(object, path, "performance", Node::Performance, false))
        fields<PerformanceParams>(*performance, join(path, "performance"), kPerformanceFields,
                                  out.performance);

    // Pipeline stages, tensor-parallel heads and nodes: the one layout rule of the engine.
    if (m_issues.size() == before) {
        const hardware::TopologyProblem layout = hardware::topologyProblem(out);
        if (!layout.field.empty())
            add(join(path, layout.field), layout.message);
    }

    if (const Json *power = this->object(object, path, "power", Node::Power, false))
        readPower(*power, join(path, "power"), gpuOk ? &out.hardware.gpu : nullptr, out.power);
    if (const Json *hosting = this->object(object, path, "hosting", Node::Hosting, false))
        readHosting(*hosting, join(path, "hosting"), gpuOk ? &out.hardware.gpu : nullptr,
                    out.hosting);
    else
        missing(join(path, "hosting"), hostingHint(out.hardware.gpu));
    if (const Json *autoscaling
        = this->object(object, path, "autoscaling", Node::Autoscaling, false))
        readAutoscaling(*autoscaling, join(path, "autoscaling"), out.hardware.replicas,
                        out.autoscaling);
    if (const Json *overflow = this->object(object, path, "overflow", Node::Overflow, false)) {
        const std::string overflowPath = join(path, "overflow");
        fields<OverflowSpec>(*overflow, overflowPath, kOverflowFields, out.overflow);
        if (out.overflow.deployment == out.name)
            add(join(overflowPath, "deployment"),
                "must name another deployment (requests cannot overflow to "
                        + singleQuoted(out.name) + " itself)");
    }
}

void Reader::readAutoscaling(const Json &object, const std::string &path, int maxReplicas,
                             AutoscalingSpec &out)
{
    // Present means on, unless the file says "enabled": false.
    out.enabled = true;
    choice<ScalingMetric>(object, path, "metric", kScalingMetrics, false, out.metric);
    if (!fields<AutoscalingSpec>(object, path, kAutoscalingFields, out))
        return;
    if (out.minReplicas > maxReplicas)
        add(join(path, "minReplicas"),
            "must be <= hardware.replicas (" + std::to_string(maxReplicas)
                    + ", the most the autoscaler may run), got " + std::to_string(out.minReplicas));
    else if (out.initialReplicas < out.minReplicas || out.initialReplicas > maxReplicas)
        add(join(path, "initialReplicas"),
            "must be between minReplicas (" + std::to_string(out.minReplicas)
                    + ") and hardware.replicas (" + std::to_string(maxReplicas) + "), got "
                    + std::to_string(out.initialReplicas));
}

std::string Reader::readSoftware(const Json &serving, const std::string &path)
{
    const std::string keyPath = join(path, "software");
    std::string name(kDefaultSoftware);
    const Json *value = member(serving, "software");
    if (!value || !text(*value, keyPath, name))
        return std::string(kDefaultSoftware);
    const std::vector<std::string> known = calibration::knownSoftware();
    for (const std::string &candidate : known) {
        if (equalsIgnoringCase(candidate, name))
            return candidate;
    }
    std::string list;
    for (const std::string &candidate : known)
        list += (list.empty() ? "" : ", ") + candidate;
    add(keyPath, "must be one of " + list + ", got " + value->dump() + didYouMean(name, known, 1));
    return std::string(kDefaultSoftware);
}

namespace {

/// What reading a model or a GPU differs in: its catalog, its node and fields, its words.
template<class Spec> struct CatalogKind;

template<> struct CatalogKind<ModelSpec>
{
    static constexpr Node node = Node::Model;
    static constexpr const char *noun = "model";
    static const ModelSpec *find(const catalog::Catalog &c, const std::string &id)
    {
        return c.findModel(id);
    }
    static const std::vector<ModelSpec> &all(const catalog::Catalog &c) { return c.models(); }
    static std::span<const Field<ModelSpec>> fields() { return kModelFields; }
    static std::string missing(const std::string &keys)
    {
        return "an inline model needs every architecture field; missing " + keys
               + " (or start from a catalog model with \"catalog\")";
    }
};

template<> struct CatalogKind<GpuSpec>
{
    static constexpr Node node = Node::Gpu;
    static constexpr const char *noun = "GPU";
    static const GpuSpec *find(const catalog::Catalog &c, const std::string &id)
    {
        return c.findGpu(id);
    }
    static const std::vector<GpuSpec> &all(const catalog::Catalog &c) { return c.gpus(); }
    static std::span<const Field<GpuSpec>> fields() { return kGpuFields; }
    static std::string missing(const std::string &keys)
    {
        return "an inline GPU needs memoryGb, memoryBandwidthGbPerSec, tdpWatts and "
               "bf16Tflops or fp16Tflops; missing "
               + keys + " (or start from a catalog GPU with \"catalog\")";
    }
};

} // namespace

template<class Spec>
Spec Reader::readCatalogSpec(const Json &value, const std::string &path, bool &changed)
{
    using Kind = CatalogKind<Spec>;
    changed = false;
    const auto lookUp = [&](const std::string &id, const std::string &idPath) {
        const Spec *found = Kind::find(m_catalog, id);
        if (!found) {
            std::vector<std::string> ids;
            for (const Spec &entry : Kind::all(m_catalog))
                ids.push_back(entry.id);
            add(idPath, "unknown " + std::string(Kind::noun) + " " + singleQuoted(id)
                                + suggestIds(id, ids));
        }
        return found;
    };
    if (value.is_string()) {
        const Spec *found = lookUp(value.get<std::string>(), path);
        return found ? *found : Spec{};
    }
    if (!checkObject(value, path, Kind::node))
        return {};

    Spec spec;
    const Json *catalogId = member(value, "catalog");
    std::string id;
    if (catalogId && text(*catalogId, join(path, "catalog"), id)) {
        const Spec *found = lookUp(id, join(path, "catalog"));
        if (!found)
            return {};
        spec = *found;
    }
    const std::size_t before = m_issues.size();
    bool overridden = false;
    std::string missingKeys;
    for (const Field<Spec> &f : Kind::fields()) {
        if (const Json *fieldValue = member(value, f.key)) {
            field(*fieldValue, join(path, f.key), f, spec);
            overridden = true;
        } else if (!catalogId && f.requiredInline) {
            missingKeys += (missingKeys.empty() ? "" : ", ") + std::string(f.key);
        }
    }
    if (!missingKeys.empty())
        add(path, Kind::missing(missingKeys));
    // Relations between fields are checked only where the file changed something: catalog
    // rows are checked by the catalog's own tests.
    changed = overridden && m_issues.size() == before;
    return spec;
}

ModelSpec Reader::readModel(const Json &value, const std::string &path)
{
    bool changed = false;
    const ModelSpec model = readCatalogSpec<ModelSpec>(value, path, changed);
    if (!changed)
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
    std::string problem;
    model::parseAttentionLayout(model.attentionLayout, model.layers, problem);
    if (!problem.empty())
        add(join(path, "attentionLayout"), problem);
    return model;
}

GpuSpec Reader::readGpu(const Json &value, const std::string &path)
{
    bool changed = false;
    const GpuSpec gpu = readCatalogSpec<GpuSpec>(value, path, changed);
    if (!changed)
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
    for (std::size_t d = 0; d < scenario.deployments.size(); ++d) {
        const std::string &target = scenario.deployments[d].overflow.deployment;
        if (target.empty() || target == scenario.deployments[d].name
            || std::find(names.begin(), names.end(), target) != names.end())
            continue;
        const std::string hint = didYouMean(target, names, 1);
        add(join(join(indexed("deployments", d), "overflow"), "deployment"),
            "no deployment is named " + singleQuoted(target) + hint);
    }
}

} // namespace tw::scenario::detail
