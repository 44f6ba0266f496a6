#include "core/sim/feasibility.h"

#include "core/common/error.h"
#include "core/sim/engine.h"

#include <algorithm>
#include <cstdio>
#include <string>

namespace tw::sim {
namespace {

std::string formatGb(double bytes)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f GB", bytes / 1e9);
    return text;
}

void checkDeployment(const scenario::Deployment &d, const hardware::PerfModel &p,
                     const std::string &path, std::vector<InputIssue> &issues)
{
    const model::GpuSpec &gpu = d.hardware.gpu;
    if (gpu.peakFlopsPerSecond(d.weightPrecision) <= 0.0 || gpu.memoryBandwidthGbPerSec <= 0.0
        || gpu.memoryGb <= 0.0) {
        issues.push_back({path + ".hardware.gpu",
                          "GPU '" + (gpu.id.empty() ? gpu.name : gpu.id)
                                  + "' has no dense TFLOPS, memory or memory bandwidth figure in "
                                    "the catalog; give them in the scenario (bf16Tflops, "
                                    "memoryGb, memoryBandwidthGbPerSec)"});
        return;
    }
    if (gpu.tdpWatts <= 0.0) {
        issues.push_back({path + ".hardware.gpu",
                          "GPU '" + (gpu.id.empty() ? gpu.name : gpu.id)
                                  + "' has no TDP in the catalog, so its energy cannot be "
                                    "modelled; give tdpWatts in the scenario"});
        return;
    }
    const scenario::AutoscalingSpec &a = d.autoscaling;
    if (a.enabled) {
        // The reader refuses these with the same words; scenarios built in code reach here.
        if (!(a.target > 0.0) || !(a.intervalSeconds > 0.0) || !(a.loadGBps > 0.0))
            issues.push_back(
                    {path + ".autoscaling", "target, intervalSeconds and loadGBps must be > 0"});
        if (a.minReplicas < 0 || a.minReplicas > d.hardware.replicas)
            issues.push_back({path + ".autoscaling.minReplicas",
                              "must be between 0 and hardware.replicas ("
                                      + std::to_string(d.hardware.replicas) + "), got "
                                      + std::to_string(a.minReplicas)});
    }
    const double need = p.weightBytesPerGpu();
    const double usable = p.usableBytesPerGpu();
    if (need >= usable) {
        issues.push_back(
                {path,
                 "the model does not fit: " + d.model.id + " in "
                         + std::string(model::toString(d.weightPrecision)) + " needs "
                         + formatGb(need) + " of weights per GPU (TP "
                         + std::to_string(p.tensorParallel())
                         + (p.pipelineStages() > 1 ? " x PP " + std::to_string(p.pipelineStages())
                                                   : std::string())
                         + "), but each " + gpu.id + " has " + formatGb(usable)
                         + " usable (memory x (1 - memoryReserveFraction)); short by "
                         + formatGb(need - usable)
                         + " per GPU. Use more GPUs per replica, a lower precision or a "
                           "smaller model"});
    } else if (p.kvCapacityTokens() < 1.0) {
        issues.push_back({path, "no memory is left for the KV cache after the weights"});
    }
}

} // namespace

PerfModels buildPerfModels(const scenario::Scenario &scenario)
{
    PerfModels perf;
    perf.reserve(scenario.deployments.size());
    for (const scenario::Deployment &d : scenario.deployments) {
        if (d.kind == scenario::DeploymentKind::SelfHosted)
            perf.emplace_back(std::in_place, d);
        else
            perf.emplace_back(std::nullopt);
    }
    return perf;
}

double minResponseSeconds(const scenario::Scenario &s, const PerfModels &perf)
{
    double totalShare = 0.0, meanOutput = 0.0;
    bool cacheCanAnswer = false;
    for (const scenario::RequestClass &c : s.workload.classes) {
        totalShare += c.share;
        meanOutput += c.share * c.outputTokens.nominalMean();
        cacheCanAnswer = cacheCanAnswer || c.cacheHitRate > 0.0;
    }
    meanOutput = std::max(1.0, totalShare > 0.0 ? meanOutput / totalShare : 1.0);
    double fastest = cacheCanAnswer ? s.cache.hitLatencySeconds : 1e300;
    for (std::size_t i = 0; i < s.deployments.size(); ++i) {
        if (perf[i]) {
            // Every output token needs its own iteration, and no iteration is faster than one
            // decode step of a single request.
            hardware::BatchWork one;
            one.decodeTokens = 1;
            fastest = std::min(fastest, meanOutput * perf[i]->iteration(one).totalSeconds);
        } else {
            const scenario::ApiSpec &api = s.deployments[i].api;
            fastest = std::min(fastest,
                               api.ttftSeconds + (meanOutput - 1.0) / api.outputTokensPerSecond);
        }
    }
    return fastest;
}

void checkFeasible(const scenario::Scenario &s, const PerfModels &perf)
{
    std::vector<InputIssue> issues;
    for (std::size_t i = 0; i < s.deployments.size(); ++i)
        if (perf[i])
            checkDeployment(s.deployments[i], *perf[i], "deployments[" + std::to_string(i) + "]",
                            issues);
    if (!issues.empty())
        throw InputError(std::move(issues));
    const double expected = scenario::expectedRequestCount(s, minResponseSeconds(s, perf));
    if (expected > static_cast<double>(s.simulation.maxRequests)) {
        char text[256];
        std::snprintf(text, sizeof text,
                      "about %.3g requests expected over the horizon, above the run budget of "
                      "%llu; shorten simulation.horizonSeconds, lower the traffic, or raise "
                      "simulation.maxRequests",
                      expected, static_cast<unsigned long long>(s.simulation.maxRequests));
        throw InputError("simulation.maxRequests", text);
    }
}

void checkScenario(const scenario::Scenario &scenario)
{
    if (scenario.deployments.empty())
        throw InputError("deployments", "at least one deployment is needed");
    checkFeasible(scenario, buildPerfModels(scenario));
}

double estimateRequestCount(const scenario::Scenario &scenario)
{
    return scenario::expectedRequestCount(scenario,
                                          minResponseSeconds(scenario, buildPerfModels(scenario)));
}

} // namespace tw::sim
