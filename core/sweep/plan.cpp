#include "core/sweep/plan.h"

#include "core/catalog/catalog.h"
#include "core/common/cancellation.h"
#include "core/common/error.h"
#include "core/common/parallel.h"
#include "core/defaults/calibrated_defaults.h"
#include "core/hardware/perf_model.h"
#include "core/metrics/text_format.h"
#include "core/run/simulate.h"
#include "core/scenario_io/catalog_apis.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>
#include <set>

namespace tw::sweep {
namespace {

constexpr double kHoursPerMonth = 730.0;
constexpr double kHoursPerYear = 8760.0;
constexpr const char *kOwnTerms = "own terms";

/// A way to pay for a GPU: a catalog offering, or the deployment's own hosting terms.
struct Offer
{
    std::string key; ///< the offering, or kOwnTerms
    std::string priceType;
    double pricePerGpuHourUsd = 0.0;
    /// A lower bound on what one GPU costs per hour under this offer (the rent, or the
    /// amortised purchase without operations and electricity): the cost bound's unit.
    double lowerBoundPerGpuHourUsd = 0.0;
};

/// A point of the search space without its replica count: what one simulation per replica
/// count covers, priced at every offer of its GPU.
struct Shape
{
    const model::GpuSpec *gpu = nullptr;
    int gpusPerReplica = 1;
    model::Precision precision = model::Precision::Bf16;
    int batchLimit = 1;
    std::vector<Offer> offers;
    int minReplicas = 1; ///< the throughput bound
    std::string infeasible;

    double lowerBoundPerReplicaMonth() const
    {
        double cheapest = 1e300;
        for (const Offer &o : offers)
            cheapest = std::min(cheapest, o.lowerBoundPerGpuHourUsd);
        return cheapest * gpusPerReplica * kHoursPerMonth;
    }
};

/// What the planned deployment asks of a replica, from the scenario's own run: the requests
/// routed to it and their mean lengths (of the requests it completed, so an overloaded run
/// underestimates them and the bound stays a bound).
struct Demand
{
    double requestsPerSecond = 0.0;
    double promptTokens = 0.0;
    double outputTokens = 0.0;
};

struct ShapeOutcome
{
    std::vector<PlanConfig> configs; ///< every offer of every fleet that met the SLO
    PlanCounts counts;
    std::string error; ///< a cancellation or an unexpected refusal
};

bool startsWithIgnoringCase(std::string_view text, std::string_view prefix)
{
    if (prefix.size() > text.size())
        return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(text[i]))
            != std::tolower(static_cast<unsigned char>(prefix[i])))
            return false;
    return true;
}

std::string alnumLower(std::string_view text)
{
    std::string out;
    for (char c : text)
        if (std::isalnum(static_cast<unsigned char>(c)))
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool priceTypeAllowed(const std::vector<std::string> &types, std::string_view priceType)
{
    if (types.empty())
        return true;
    for (const std::string &t : types)
        if (startsWithIgnoringCase(priceType, t))
            return true;
    return false;
}

std::size_t plannedIndex(const scenario::Scenario &s, const std::string &name)
{
    for (std::size_t i = 0; i < s.deployments.size(); ++i) {
        const scenario::Deployment &d = s.deployments[i];
        if (name.empty() ? d.kind == scenario::DeploymentKind::SelfHosted : d.name == name) {
            if (d.kind != scenario::DeploymentKind::SelfHosted)
                throw InputError("--deployment", "'" + name
                                                         + "' is served through an API: there "
                                                           "is no fleet to size");
            return i;
        }
    }
    if (name.empty())
        throw InputError("deployments", "the scenario has no self-hosted deployment to size");
    std::string names;
    for (const scenario::Deployment &d : s.deployments)
        names += (names.empty() ? "" : ", ") + d.name;
    throw InputError("--deployment",
                     "no deployment is named '" + name + "' (the scenario has: " + names + ")");
}

double ownLowerBoundPerGpuHour(const scenario::HostingSpec &h)
{
    if (h.kind == scenario::HostingKind::Cloud)
        return h.pricePerGpuHourUsd;
    const double perGpu = h.purchasePricePerNodeUsd > 0.0
                                  ? h.purchasePricePerNodeUsd / std::max(1, h.gpusPerNode)
                                  : h.purchasePricePerGpuUsd;
    return perGpu / (std::max(1e-9, h.amortizationYears) * kHoursPerYear);
}

/// The offers of @p gpuId: the allowed catalog offerings, and the deployment's own hosting
/// when it is that GPU's (unless it is one of those offerings).
std::vector<Offer> offersFor(const std::string &gpuId, const scenario::Deployment &own,
                             const std::vector<scenario::CatalogOffering> &catalog,
                             const std::vector<std::string> &priceTypes)
{
    std::vector<Offer> offers;
    for (const scenario::CatalogOffering &o : catalog)
        if (o.gpuId == gpuId && priceTypeAllowed(priceTypes, o.priceType))
            offers.push_back({o.key, o.priceType, o.pricePerGpuHourUsd, o.pricePerGpuHourUsd});
    if (own.hardware.gpu.id == gpuId) {
        const scenario::HostingSpec &h = own.hosting;
        const bool listed = std::any_of(offers.begin(), offers.end(), [&](const Offer &o) {
            return h.kind == scenario::HostingKind::Cloud && o.key == h.offering
                   && o.pricePerGpuHourUsd == h.pricePerGpuHourUsd;
        });
        if (!listed)
            offers.insert(offers.begin(),
                          {kOwnTerms,
                           h.kind == scenario::HostingKind::Cloud ? h.priceType : "on premises",
                           h.kind == scenario::HostingKind::Cloud ? h.pricePerGpuHourUsd : 0.0,
                           ownLowerBoundPerGpuHour(h)});
    }
    return offers;
}

PlanConfig configOf(const scenario::Deployment &d)
{
    PlanConfig c;
    c.gpuId = d.hardware.gpu.id;
    c.gpuName = d.hardware.gpu.name;
    c.gpusPerReplica = d.hardware.gpusPerReplica;
    c.replicas = d.hardware.replicas;
    c.autoscaled = d.autoscaling.enabled;
    c.weightPrecision = d.weightPrecision;
    c.batchLimit = d.serving.policy == scenario::BatchingPolicy::Continuous
                           ? d.serving.maxRunningRequests
                           : d.serving.maxBatchSize;
    c.hosting = d.hosting.kind == scenario::HostingKind::Cloud && !d.hosting.offering.empty()
                        ? d.hosting.offering
                        : kOwnTerms;
    c.priceType
            = d.hosting.kind == scenario::HostingKind::Cloud ? d.hosting.priceType : "on premises";
    c.pricePerGpuHourUsd
            = d.hosting.kind == scenario::HostingKind::Cloud ? d.hosting.pricePerGpuHourUsd : 0.0;
    return c;
}

/// Judges one run for the planned deployment @p index: no growing queue, no request refused
/// for its length, and the deployment's own requests within the SLO under the criterion.
void judge(const metrics::Results &r, std::size_t index, const scenario::Scenario &s,
           const CapacityOptions &options, PlanConfig &c)
{
    const metrics::DeploymentResults &d = r.deployments[index];
    c.sloAttainment = d.sloAttainment;
    c.autoscaled = d.autoscaled;
    c.meanReplicas = d.meanProvisionedReplicas;
    c.ttftP95Seconds = d.ttftSeconds.p95;
    c.tpotP95Seconds = d.tpotSeconds.p95;
    c.e2eP95Seconds = d.e2eSeconds.p95;
    c.usdPerMonth = r.cost.perMonthUsd;
    c.usdPerMillionOutputTokens = r.cost.perMillionOutputTokensUsd;
    c.deploymentUsdPerMonth = d.cost.perMonthUsd;
    const double toMonth
            = r.horizonSeconds > 0.0 ? kHoursPerMonth * 3600.0 / r.horizonSeconds : 0.0;
    c.kwhPerMonth = r.energy.facilityKwh * toMonth;
    c.kgCo2ePerMonth = r.carbon.totalKg * toMonth;
    c.meetsSlo = false;
    const double arrived = static_cast<double>(std::max<std::uint64_t>(1, r.arrivedRequests));
    if (r.status == metrics::RunStatus::BudgetExceeded)
        c.miss = "run budget";
    else if (static_cast<double>(r.unfinishedQueued) > 0.01 * arrived)
        c.miss = "queue grows";
    else if (r.rejectedRequests > 0)
        c.miss = "refuses requests longer than its KV cache";
    else if (d.completedRequests == 0)
        c.miss = "no request completed";
    else if (options.criterion == SloCriterion::Attainment
             && d.sloAttainment < options.minSloAttainment)
        c.miss = "SLO attainment";
    else if (options.criterion == SloCriterion::Percentile95
             && d.ttftSeconds.p95 > s.slo.ttftSeconds)
        c.miss = "TTFT p95";
    else if (options.criterion == SloCriterion::Percentile95 && d.tpotSeconds.count > 0
             && d.tpotSeconds.p95 > s.slo.tpotSeconds)
        c.miss = "TPOT p95";
    else {
        c.miss.clear();
        c.meetsSlo = true;
    }
}

accounting::MeteredResults simulateOnce(const scenario::Scenario &s, const CapacityOptions &o)
{
    if (o.cancel && o.cancel->isCancelled())
        throw InputError("plan", "cancelled");
    sim::RunOptions run;
    run.seed = o.seed;
    run.cancel = o.cancel;
    accounting::MeteredResults out = run::simulateMetered(s, run);
    if (out.results.status == metrics::RunStatus::Cancelled)
        throw InputError("plan", "cancelled");
    return out;
}

/// Outcome of one replica count of a shape.
struct Probe
{
    bool meets = false;
    double suggest = 0.0; ///< replicas a miss suggests (the backlog's ratio); 0 = one more
};

/// Replicas a run of @p replicas whose queue grew suggests: the fleet scaled by the ratio of
/// requests that arrived to requests completed, so that it would keep up with the arrivals.
double backlogSuggestion(int replicas, const metrics::Results &results)
{
    const double completed
            = static_cast<double>(std::max<std::uint64_t>(1, results.completedRequests));
    return replicas * static_cast<double>(results.arrivedRequests) / completed;
}

/// The fewest replicas in [lo, hi] that meet the SLO, assuming every count below lo misses
/// and that a larger fleet of the same shape meets whenever a smaller one does: probes
/// @p start first, then gallops up by what a miss suggests (at least one more), then bisects
/// between the last miss and the first meet. nullopt when hi misses.
template<class At> std::optional<int> fewestReplicas(int lo, int start, int hi, At &&at)
{
    if (lo > hi)
        return std::nullopt;
    int lastMiss = lo - 1;
    int r = std::clamp(start, lo, hi);
    while (true) {
        const Probe p = at(r);
        if (p.meets)
            break;
        lastMiss = r;
        if (r >= hi)
            return std::nullopt;
        const int suggested = p.suggest > 0.0 ? static_cast<int>(std::ceil(p.suggest - 1e-9)) : 0;
        r = std::min(hi, std::max(r + 1, suggested));
    }
    while (r - lastMiss > 1) {
        const int mid = lastMiss + (r - lastMiss) / 2;
        if (at(mid).meets)
            r = mid;
        else
            lastMiss = mid;
    }
    return r;
}

bool dominates(const PlanConfig &a, const PlanConfig &b)
{
    const bool noWorse = a.usdPerMonth <= b.usdPerMonth && a.e2eP95Seconds <= b.e2eP95Seconds
                         && a.kwhPerMonth <= b.kwhPerMonth;
    const bool better = a.usdPerMonth < b.usdPerMonth || a.e2eP95Seconds < b.e2eP95Seconds
                        || a.kwhPerMonth < b.kwhPerMonth;
    return noWorse && better;
}

class Planner
{
public:
    Planner(const scenario::Scenario &scenario, const PlanOptions &options)
        : m_scenario(scenario)
        , m_options(options)
        , m_index(plannedIndex(scenario, options.deployment))
        , m_name(scenario.deployments[m_index].name)
    {}

    PlanResult run();

private:
    PlanConfig priced(const PlanConfig &shapeConfig, const Offer &offer,
                      const accounting::MeteredResults &run) const;
    std::vector<Shape> shapes(const Demand &demand) const;
    void bound(Shape &shape, const Demand &demand) const;
    ShapeOutcome evaluate(const Shape &shape, double incumbent) const;
    std::vector<PlanConfig> apis(PlanCounts &counts) const;
    std::optional<PeakHourSizing> peakHour(const PlanConfig &cheapest, PlanCounts &counts) const;

    PlanConfig shapeConfig(const Shape &shape, int replicas) const
    {
        PlanConfig c;
        c.gpuId = shape.gpu->id;
        c.gpuName = shape.gpu->name;
        c.gpusPerReplica = shape.gpusPerReplica;
        c.replicas = replicas;
        c.weightPrecision = shape.precision;
        c.batchLimit = shape.batchLimit;
        const Offer &first = shape.offers.front();
        c.hosting = first.key;
        c.priceType = first.priceType;
        c.pricePerGpuHourUsd = first.pricePerGpuHourUsd;
        return c;
    }

    const scenario::Scenario &m_scenario;
    const PlanOptions &m_options;
    std::size_t m_index;
    std::string m_name;
};

PlanConfig Planner::priced(const PlanConfig &base, const Offer &offer,
                           const accounting::MeteredResults &run) const
{
    PlanConfig c = base;
    c.hosting = offer.key;
    c.priceType = offer.priceType;
    c.pricePerGpuHourUsd = offer.pricePerGpuHourUsd;
    const scenario::Scenario s = withPlanConfig(m_scenario, m_name, c);
    judge(accounting::reaccount(s, run), m_index, s, m_options.slo, c);
    return c;
}

void Planner::bound(Shape &shape, const Demand &demand) const
{
    scenario::Scenario s = withPlanConfig(m_scenario, m_name, shapeConfig(shape, 1));
    const scenario::Deployment &d = s.deployments[m_index];
    if (const std::string problem = hardware::precisionProblem(*shape.gpu, shape.precision);
        !problem.empty()) {
        shape.infeasible = problem;
        return;
    }
    if (const hardware::TopologyProblem layout = hardware::topologyProblem(d);
        !layout.field.empty()) {
        shape.infeasible = layout.message;
        return;
    }
    try {
        sim::checkScenario(s);
    } catch (const InputError &e) {
        shape.infeasible = e.issues().empty() ? e.what() : e.issues().front().message;
        return;
    }
    // The most output tokens a replica can make per second: a full batch of decoders with the
    // least context, whose iteration time per request only falls as the batch grows; and the
    // most prompt tokens, a huge prefill chunk at the compute roofline. A fleet must keep up
    // with the traffic's mean demand of both; 0.9 of it leaves room for the noise of a
    // window whose traffic is counted from one run (docs/model.md).
    const hardware::PerfModel perf(d);
    const int batch = std::max(
            1, static_cast<int>(std::min<double>(shape.batchLimit, perf.kvCapacityTokens())));
    hardware::BatchWork decode;
    decode.decodeTokens = batch;
    decode.decodeContextTokens = batch;
    const double decodeRate = batch / perf.iteration(decode).totalSeconds;
    hardware::BatchWork prefill;
    prefill.prefillTokens = 65536;
    prefill.prefillAttentionContext = 65536;
    prefill.prefillSequences = 1;
    const double prefillRate = 65536.0 / perf.iteration(prefill).totalSeconds;
    const double need = std::max(demand.requestsPerSecond * demand.outputTokens / decodeRate,
                                 demand.requestsPerSecond * demand.promptTokens / prefillRate);
    shape.minReplicas = std::max(1, static_cast<int>(std::ceil(0.9 * need - 1e-9)));
}

std::vector<Shape> Planner::shapes(const Demand &demand) const
{
    const catalog::Catalog &catalog = catalog::Catalog::builtIn();
    const scenario::Deployment &own = m_scenario.deployments[m_index];
    const std::vector<scenario::CatalogOffering> offerings
            = scenario::pricedCloudOfferings(catalog);

    std::vector<std::string> gpuIds = m_options.gpus;
    if (gpuIds.empty()) {
        gpuIds.push_back(own.hardware.gpu.id);
        for (const scenario::CatalogOffering &o : offerings)
            if (priceTypeAllowed(m_options.priceTypes, o.priceType)
                && std::find(gpuIds.begin(), gpuIds.end(), o.gpuId) == gpuIds.end()
                && catalog.findGpu(o.gpuId))
                gpuIds.push_back(o.gpuId);
    }
    std::vector<model::Precision> precisions = m_options.precisions;
    if (precisions.empty()) {
        precisions.push_back(own.weightPrecision);
        if (own.weightPrecision != model::Precision::Fp8)
            precisions.push_back(model::Precision::Fp8);
    }
    std::vector<int> batchLimits = m_options.batchLimits;
    if (own.serving.policy == scenario::BatchingPolicy::None)
        batchLimits = {1};
    else if (batchLimits.empty())
        batchLimits.push_back(configOf(own).batchLimit);

    std::vector<Shape> out;
    for (const std::string &id : gpuIds) {
        const model::GpuSpec *gpu = catalog.findGpu(id);
        if (!gpu) {
            std::vector<std::string> ids;
            for (const model::GpuSpec &g : catalog.gpus())
                ids.push_back(g.id);
            std::string hint;
            for (const std::string &m : catalog::closestMatches(id, ids))
                hint += (hint.empty() ? " (did you mean " : ", ") + m;
            throw InputError("--gpus",
                             "unknown GPU '" + id + "'" + (hint.empty() ? "" : hint + ")"));
        }
        const std::vector<Offer> offers = offersFor(id, own, offerings, m_options.priceTypes);
        if (offers.empty()) {
            if (!m_options.gpus.empty())
                throw InputError("--gpus", "the catalog has no offering of '" + id
                                                   + "' at the allowed price types");
            continue;
        }
        for (int tp : m_options.tensorParallel)
            for (model::Precision precision : precisions)
                for (int limit : batchLimits) {
                    Shape shape;
                    shape.gpu = gpu;
                    shape.gpusPerReplica = tp;
                    // 16-bit weights on a GPU without bfloat16 are served in fp16, as vLLM
                    // does on Volta (the same bytes and, in the model, the same rate).
                    shape.precision
                            = precision == model::Precision::Bf16
                                              && !hardware::precisionProblem(*gpu, precision)
                                                          .empty()
                                      ? model::Precision::Fp16
                                      : precision;
                    shape.batchLimit = limit;
                    shape.offers = offers;
                    bound(shape, demand);
                    out.push_back(std::move(shape));
                }
    }
    return out;
}

ShapeOutcome Planner::evaluate(const Shape &shape, double incumbent) const
{
    ShapeOutcome out;
    const std::uint64_t offers = shape.offers.size();
    const int maxReplicas = m_options.maxReplicas;
    const double perReplica = shape.lowerBoundPerReplicaMonth();
    const auto withinCost = [&](double limit) {
        if (!(perReplica > 0.0) || !std::isfinite(limit))
            return maxReplicas;
        return std::min(maxReplicas, static_cast<int>(std::floor(limit / perReplica + 1e-9)));
    };
    int hi = withinCost(m_options.costCeiling * incumbent);
    const int lo = shape.minReplicas;
    out.counts.throughputBound
            += offers * static_cast<std::uint64_t>(std::min(lo - 1, maxReplicas));

    std::map<int, bool> verdicts;
    std::map<int, PlanConfig> fleets; // the ones meeting the SLO, at the first offer
    std::set<int> dominated;
    try {
        const auto at = [&](int r) {
            Probe p;
            const PlanConfig base = shapeConfig(shape, r);
            const scenario::Scenario s = withPlanConfig(m_scenario, m_name, base);
            const accounting::MeteredResults run = simulateOnce(s, m_options.slo);
            ++out.counts.simulations;
            PlanConfig judged = base;
            judge(run.results, m_index, s, m_options.slo, judged);
            p.meets = judged.meetsSlo;
            verdicts[r] = p.meets;
            if (p.meets) {
                if (const auto smaller = fleets.find(r - 1);
                    smaller != fleets.end() && dominates(smaller->second, judged))
                    dominated.insert(r);
                fleets[r] = judged;
                for (const Offer &offer : shape.offers)
                    out.configs.push_back(priced(base, offer, run));
            } else if (judged.miss == "queue grows") {
                p.suggest = backlogSuggestion(r, run.results);
            }
            return p;
        };
        const std::optional<int> fewest = fewestReplicas(lo, lo, hi, at);
        if (fewest) {
            // Larger fleets of this shape, for the Pareto front, while they stay within the
            // cost ceiling of the cheapest configuration known (this shape's included).
            double best = incumbent;
            for (const PlanConfig &c : out.configs)
                best = std::min(best, c.deploymentUsdPerMonth);
            hi = std::min(hi, withinCost(m_options.costCeiling * best));
            for (int r = *fewest + 1; r <= hi; ++r) {
                at(r);
                if (dominated.count(r))
                    break; // more replicas buy nothing more: the front stops here
            }
        }
        // Count every replica count: simulated, implied by the search (a count below the
        // fewest that meets misses), or beyond the cost bound.
        for (int r = std::max(1, lo); r <= maxReplicas; ++r) {
            const auto v = verdicts.find(r);
            if (v != verdicts.end())
                (v->second ? out.counts.meetSlo : out.counts.missSlo) += offers;
            else if (r > hi)
                out.counts.costBound += offers;
            else
                out.counts.missSlo += offers;
        }
    } catch (const InputError &e) {
        out.error = e.what();
    }
    return out;
}

std::vector<PlanConfig> Planner::apis(PlanCounts &counts) const
{
    const catalog::Catalog &catalog = catalog::Catalog::builtIn();
    std::vector<std::string> keys = m_options.apis;
    const scenario::Deployment &own = m_scenario.deployments[m_index];
    if (m_options.includeMatchingApis) {
        const std::string model = alnumLower(own.model.id);
        for (const scenario::CatalogApi &api : scenario::pricedApis(catalog))
            if (!model.empty() && alnumLower(api.model).find(model) != std::string::npos)
                keys.push_back(api.key);
    }
    std::vector<PlanConfig> out;
    std::set<std::string> seen;
    for (const std::string &key : keys) {
        const scenario::ApiSpec spec = scenario::catalogApiSpec(catalog, key, "--api");
        const std::string canonical = spec.provider + '/' + spec.model;
        if (!seen.insert(alnumLower(canonical)).second)
            continue;
        PlanConfig c;
        c.api = true;
        c.apiKey = canonical;
        c.hosting = canonical;
        c.priceType = "per token";
        const scenario::Scenario s = withPlanConfig(m_scenario, m_name, c);
        const accounting::MeteredResults run = simulateOnce(s, m_options.slo);
        ++counts.simulations;
        ++counts.candidates;
        judge(run.results, m_index, s, m_options.slo, c);
        c.kwhPerMonth = 0.0; // an API's energy is not modelled; other deployments' is in
        ++(c.meetsSlo ? counts.meetSlo : counts.missSlo);
        out.push_back(std::move(c));
    }
    return out;
}

std::optional<PeakHourSizing> Planner::peakHour(const PlanConfig &cheapest,
                                                PlanCounts &counts) const
{
    const scenario::ArrivalSpec &arrival = m_scenario.workload.arrival;
    if (!arrival.diurnal)
        return std::nullopt;
    PeakHourSizing peak;
    peak.hour = static_cast<int>(
            std::max_element(arrival.hourlyMultipliers.begin(), arrival.hourlyMultipliers.end())
            - arrival.hourlyMultipliers.begin());
    std::map<int, PlanConfig> runs;
    const auto at = [&](int r) {
        PlanConfig c = cheapest;
        c.replicas = r;
        scenario::Scenario s = withPlanConfig(m_scenario, m_name, c);
        const double warmup = std::min(s.simulation.warmupSeconds, 3600.0);
        s.simulation.warmupSeconds = warmup;
        s.simulation.horizonSeconds = warmup + 3600.0;
        s.workload.arrival.startHour = std::fmod(peak.hour - warmup / 3600.0 + 24.0, 24.0);
        const accounting::MeteredResults run = simulateOnce(s, m_options.slo);
        ++counts.simulations;
        judge(run.results, m_index, s, m_options.slo, c);
        peak.arrivalRatePerSecond = run.results.arrivalRatePerSecond;
        Probe p;
        p.meets = c.meetsSlo;
        if (c.miss == "queue grows")
            p.suggest = backlogSuggestion(r, run.results);
        runs[r] = c;
        return p;
    };
    peak.replicas = fewestReplicas(1, cheapest.replicas, m_options.maxReplicas, at);
    peak.config = runs.at(peak.replicas.value_or(m_options.maxReplicas));
    return peak;
}

PlanResult Planner::run()
{
    if (!(m_options.maxReplicas >= 1 && m_options.maxReplicas <= 256))
        throw InputError("--max-replicas",
                         "must be from 1 to 256, got " + std::to_string(m_options.maxReplicas));
    if (!(m_options.costCeiling >= 1.0 && m_options.costCeiling <= 100.0))
        throw InputError("--cost-ceiling",
                         "must be from 1 to 100 (a multiple of the cheapest), got "
                                 + std::to_string(m_options.costCeiling));
    for (const std::string &key : m_options.apis) // refused before anything is simulated
        scenario::catalogApiSpec(catalog::Catalog::builtIn(), key, "--api");
    PlanResult result;
    result.deployment = m_name;

    // The scenario as it is: the baseline, and what the planned deployment is asked to do.
    const accounting::MeteredResults baseline = simulateOnce(m_scenario, m_options.slo);
    result.current = configOf(m_scenario.deployments[m_index]);
    judge(baseline.results, m_index, m_scenario, m_options.slo, result.current);
    const metrics::DeploymentResults &own = baseline.results.deployments[m_index];
    Demand demand;
    if (baseline.results.horizonSeconds > 0.0 && own.requests > 0) {
        demand.requestsPerSecond
                = static_cast<double>(own.requests) / baseline.results.horizonSeconds;
        demand.promptTokens
                = static_cast<double>(own.inputTokens) / static_cast<double>(own.requests);
        demand.outputTokens
                = static_cast<double>(own.outputTokens) / static_cast<double>(own.requests);
    }

    std::vector<Shape> all = shapes(demand);
    std::vector<const Shape *> feasible;
    for (const Shape &shape : all) {
        const std::uint64_t each
                = shape.offers.size() * static_cast<std::uint64_t>(m_options.maxReplicas);
        result.counts.candidates += each;
        if (!shape.infeasible.empty()) {
            result.counts.infeasible += each;
            result.infeasible.push_back({shape.gpu->id, shape.gpusPerReplica, shape.precision,
                                         shape.batchLimit, shape.infeasible});
        } else {
            feasible.push_back(&shape);
        }
    }
    // Cheapest bound first, so that the cost ceiling prunes early; waves of a fixed size make
    // the pruning, and so the counts, independent of the number of threads.
    std::stable_sort(feasible.begin(), feasible.end(), [](const Shape *a, const Shape *b) {
        return a->minReplicas * a->lowerBoundPerReplicaMonth()
               < b->minReplicas * b->lowerBoundPerReplicaMonth();
    });
    constexpr std::size_t kWave = 4;
    double incumbent = std::numeric_limits<double>::infinity();
    std::vector<PlanConfig> meeting;
    for (std::size_t start = 0; start < feasible.size(); start += kWave) {
        const std::size_t n = std::min(kWave, feasible.size() - start);
        std::vector<ShapeOutcome> outcomes(n);
        parallelFor(n, m_options.threads, [&](std::size_t i) {
            outcomes[i] = evaluate(*feasible[start + i], incumbent);
        });
        for (ShapeOutcome &o : outcomes) {
            if (!o.error.empty())
                throw InputError("plan", o.error);
            const PlanCounts &c = o.counts;
            result.counts.throughputBound += c.throughputBound;
            result.counts.costBound += c.costBound;
            result.counts.missSlo += c.missSlo;
            result.counts.meetSlo += c.meetSlo;
            result.counts.simulations += c.simulations;
            for (PlanConfig &config : o.configs) {
                incumbent = std::min(incumbent, config.deploymentUsdPerMonth);
                meeting.push_back(std::move(config));
            }
        }
        if (m_options.progress)
            m_options.progress(static_cast<double>(start + n)
                               / static_cast<double>(feasible.size()));
    }
    result.counts.simulations += 1; // the baseline

    result.apis = apis(result.counts);
    const auto byCost = [](const PlanConfig &a, const PlanConfig &b) {
        if (a.usdPerMonth != b.usdPerMonth)
            return a.usdPerMonth < b.usdPerMonth;
        return a.e2eP95Seconds < b.e2eP95Seconds;
    };
    std::stable_sort(meeting.begin(), meeting.end(), byCost);

    // Each fleet at its cheapest offer: another offer costs more for the same latency and
    // energy.
    const auto sameFleet = [](const PlanConfig &a, const PlanConfig &b) {
        return a.gpuId == b.gpuId && a.gpusPerReplica == b.gpusPerReplica
               && a.replicas == b.replicas && a.weightPrecision == b.weightPrecision
               && a.batchLimit == b.batchLimit;
    };
    std::vector<PlanConfig> fleets;
    for (const PlanConfig &c : meeting)
        if (std::none_of(fleets.begin(), fleets.end(),
                         [&](const PlanConfig &f) { return sameFleet(f, c); }))
            fleets.push_back(c);
    // The front, within the cost ceiling of the cheapest fleet.
    const double ceiling
            = fleets.empty() ? 0.0 : m_options.costCeiling * fleets.front().deploymentUsdPerMonth;
    for (const PlanConfig &c : fleets)
        if (c.deploymentUsdPerMonth <= ceiling * (1.0 + 1e-12)
            && std::none_of(fleets.begin(), fleets.end(),
                            [&](const PlanConfig &other) { return dominates(other, c); }))
            result.pareto.push_back(c);

    std::vector<PlanConfig> ranked = fleets;
    for (const PlanConfig &api : result.apis)
        if (api.meetsSlo)
            ranked.push_back(api);
    std::stable_sort(ranked.begin(), ranked.end(), byCost);
    ranked.resize(std::min<std::size_t>(ranked.size(),
                                        static_cast<std::size_t>(std::max(0, m_options.top))));
    result.cheapest = std::move(ranked);

    if (!meeting.empty())
        result.peakHour = peakHour(meeting.front(), result.counts);
    return result;
}

} // namespace

PlanResult plan(const scenario::Scenario &scenario, const PlanOptions &options)
{
    return Planner(scenario, options).run();
}

scenario::Scenario withPlanConfig(const scenario::Scenario &scenario,
                                  const std::string &deploymentName, const PlanConfig &config)
{
    scenario::Scenario s = scenario;
    auto it = std::find_if(s.deployments.begin(), s.deployments.end(),
                           [&](const scenario::Deployment &d) { return d.name == deploymentName; });
    if (it == s.deployments.end())
        throw InputError("--deployment", "no deployment is named '" + deploymentName + "'");
    scenario::Deployment &d = *it;
    const catalog::Catalog &catalog = catalog::Catalog::builtIn();
    if (config.api) {
        scenario::Deployment api;
        api.name = d.name;
        api.kind = scenario::DeploymentKind::Api;
        api.api = scenario::catalogApiSpec(catalog, config.apiKey, "--api");
        d = std::move(api);
        return s;
    }
    const model::GpuSpec *gpu = catalog.findGpu(config.gpuId);
    if (!gpu)
        throw InputError("--gpus", "unknown GPU '" + config.gpuId + "'");
    if (gpu->id != d.hardware.gpu.id) {
        const calibration::CalibratedDefaults calibrated
                = calibration::defaultsFor(*gpu, d.serving.software);
        d.performance = calibrated.performance;
        scenario::PowerParams power = calibrated.power;
        power.serverOverheadWattsPerGpu = d.power.serverOverheadWattsPerGpu;
        power.serverOverheadFraction = d.power.serverOverheadFraction;
        d.power = power; // a power cap in another GPU's watts would mean nothing here
        d.serving.maxBatchedTokens = calibration::servingDefaultsFor(d.serving.software, *gpu,
                                                                     d.model, config.batchLimit)
                                             .maxBatchedTokens;
        d.hardware.gpu = *gpu;
    }
    d.hardware.gpusPerReplica = config.gpusPerReplica;
    d.hardware.pipelineStages = 1;
    d.hardware.replicas = config.replicas;
    // An autoscaler's bounds must fit the candidate's ceiling (the reader would refuse them).
    d.autoscaling.minReplicas = std::min(d.autoscaling.minReplicas, config.replicas);
    d.autoscaling.initialReplicas
            = std::clamp(d.autoscaling.initialReplicas, d.autoscaling.minReplicas, config.replicas);
    d.weightPrecision = config.weightPrecision;
    if (d.serving.policy == scenario::BatchingPolicy::Continuous)
        d.serving.maxRunningRequests = config.batchLimit;
    else if (d.serving.policy != scenario::BatchingPolicy::None)
        d.serving.maxBatchSize = config.batchLimit;
    if (config.hosting != kOwnTerms) {
        d.hosting.kind = scenario::HostingKind::Cloud;
        d.hosting.offering = config.hosting;
        d.hosting.priceType = config.priceType;
        d.hosting.pricePerGpuHourUsd = config.pricePerGpuHourUsd;
    }
    return s;
}

std::string fleetText(const PlanConfig &c, bool gpuName)
{
    if (c.api)
        return "API " + c.apiKey;
    std::string text = (c.autoscaled ? "up to " : "") + std::to_string(c.replicas) + " x "
                       + std::to_string(c.gpusPerReplica) + " "
                       + (gpuName && !c.gpuName.empty() ? c.gpuName : c.gpuId) + ", "
                       + std::string(model::toString(c.weightPrecision)) + ", batch "
                       + std::to_string(c.batchLimit);
    if (c.autoscaled && c.meanReplicas > 0.0)
        text += " (autoscaled, " + metrics::formatGrouped(c.meanReplicas, 1) + " on average)";
    return text;
}

std::string hostingText(const PlanConfig &c)
{
    if (c.api)
        return "per token";
    std::string text = c.hosting;
    if (!c.priceType.empty() && c.priceType.rfind("on-demand", 0) != 0)
        text += " (" + c.priceType + ")";
    return text;
}

} // namespace tw::sweep
