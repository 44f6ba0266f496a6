#include "core/calibration/prediction.h"

#include "core/common/error.h"
#include "core/common/nanoseconds.h"
#include "core/hardware/perf_model.h"
#include "core/sim/engine.h"
#include "core/sim/observer.h"

#include <algorithm>
#include <cmath>
#include <exception>

namespace tw::calibration {
namespace {

/// Bounds on sampled lengths: prompts up to the model's context (vLLM rejects longer ones),
/// outputs up to 16,384 tokens; with a coefficient of variation of 1 these clip a negligible
/// share of a lognormal's mass for the means in published chat benchmarks.
constexpr int kMaxOutputTokens = 16384;
/// Open-loop cases are measured over at least this many expected arrivals (vLLM's
/// benchmark_serving sends 1,000 prompts by default; its statistics settle well before).
constexpr double kOpenLoopRequests = 400.0;
constexpr double kLengthCv = 1.0;

/// Keeps at most 2 x kMaxSamples power samples by halving: when full, every other sample is
/// dropped and later records are taken one in `stride`, each standing for `stride` records.
constexpr std::size_t kMaxPowerSamples = 2048;

scenario::LengthDistribution lognormal(double mean, int maxTokens)
{
    scenario::LengthDistribution d;
    d.kind = scenario::LengthKind::Lognormal;
    d.mean = std::max(1.0, mean);
    d.cv = kLengthCv;
    d.minTokens = 1;
    d.maxTokens = std::max(maxTokens, static_cast<int>(std::ceil(mean)) + 1);
    return d;
}

scenario::Deployment deploymentFor(const SimulationCase &c, const CalibratedDefaults &params)
{
    scenario::Deployment d;
    d.name = "measured";
    d.model = c.model;
    d.weightPrecision = c.weightPrecision;
    d.kvPrecision = c.kvPrecision;
    d.hardware.gpu = c.gpu;
    d.hardware.gpusPerReplica = c.gpus;
    d.hardware.pipelineStages = c.pipelineStages;
    d.hardware.replicas = 1;
    model::ModelSpec served = c.model;
    if (c.maxModelLenTokens > 0)
        served.maxContextTokens = std::min(served.maxContextTokens > 0 ? served.maxContextTokens
                                                                       : c.maxModelLenTokens,
                                           c.maxModelLenTokens);
    d.serving = servingDefaultsFor(c.software, c.gpu, served, c.concurrency);
    // vLLM runs one scheduler per pipeline stage (a "virtual engine"), each with its own token
    // budget; TokenWatt schedules the round as one batch, so its budget is stages x that.
    if (c.pipelineStages > 1 && d.serving.maxBatchedTokens > 0)
        d.serving.maxBatchedTokens *= c.pipelineStages;
    if (c.gpuMemoryUtilization > 0.0)
        d.serving.memoryReserveFraction = 1.0 - c.gpuMemoryUtilization;
    d.performance = params.performance;
    d.power = params.power;
    if (c.powerLimitWatts > 0.0)
        d.power.powerCapWatts = c.powerLimitWatts;
    return d;
}

/// Estimated steady-state seconds of one request's life (mean output x iteration time, plus
/// its prefill), and the running batch the KV cache allows.
double lifetimeSeconds(const SimulationCase &c, const hardware::PerfModel &perf, double &batch)
{
    const double context = c.promptTokens + c.outputTokens / 2.0;
    const double fixed = perf.fixedKvTokens(c.promptTokens + c.outputTokens);
    batch = c.kind == CaseKind::Sequential
                    ? 1.0
                    : std::clamp(std::floor(perf.kvCapacityTokens() / (context + fixed)), 1.0,
                                 static_cast<double>(c.concurrency));
    if (c.kind == CaseKind::OpenLoop) {
        // Little's law on a first guess of the life at batch 1 (ignoring the queue).
        hardware::BatchWork one;
        one.decodeTokens = 1;
        one.decodeContextTokens = context;
        one.decodeWindowTokens = perf.windowContext(context);
        const double life = c.outputTokens * perf.iteration(one).totalSeconds;
        batch = std::clamp(std::floor(c.arrivalRatePerSecond * life), 1.0, batch);
    }
    hardware::BatchWork work;
    work.decodeTokens = static_cast<std::int64_t>(batch);
    work.decodeContextTokens = batch * context;
    work.decodeWindowTokens = batch * perf.windowContext(context);
    const double decode = perf.iteration(work).totalSeconds;
    hardware::BatchWork prefill;
    prefill.prefillTokens = static_cast<std::int64_t>(std::ceil(c.promptTokens));
    prefill.prefillAttentionContext = c.promptTokens * (c.promptTokens + 1.0) / 2.0;
    prefill.prefillWindowAttentionContext = perf.windowPrefillContext(0.0, c.promptTokens);
    prefill.prefillSequences = 1;
    return c.outputTokens * decode + perf.iteration(prefill).totalSeconds;
}

/// Watches one simulation: GPU energy and inter-token gaps inside the measurement window.
class WindowObserver final : public sim::EngineObserver
{
public:
    WindowObserver(const scenario::Deployment &d, std::int64_t warmupNs, bool keepSamples)
        : m_power(d)
        , m_gpus(d.hardware.gpusPerReplica)
        , m_warmupNs(warmupNs)
        , m_keepSamples(keepSamples)
    {}

    void onIteration(const sim::IterationRecord &r) override
    {
        const double wall = static_cast<double>(r.endNs - r.startNs) * 1e-9;
        if (r.endNs > m_warmupNs && wall > 0.0) {
            const double share = r.startNs >= m_warmupNs
                                         ? 1.0
                                         : static_cast<double>(r.endNs - m_warmupNs)
                                                   / static_cast<double>(r.endNs - r.startNs);
            m_dynamicJoules += m_power.dynamicWatts(sim::gpuWorkOf(r)) * wall * share * m_gpus;
            if (m_keepSamples)
                keepSample(r, share);
        }
        if (r.decodeTokens <= 0)
            return;
        // A decoding request's gap is the time since its previous token: the previous
        // iteration that advanced the decoders (whole-prompt prefill iterations in between
        // make decoders wait). Requests that joined in between are counted with the same gap.
        const std::int64_t previous = m_lastDecodeEndNs >= 0 ? m_lastDecodeEndNs : r.startNs;
        m_lastDecodeEndNs = r.endNs;
        if (r.startNs < m_warmupNs)
            return;
        const double gap = r.iterations > 1 ? wall / r.iterations
                                            : static_cast<double>(r.endNs - previous) * 1e-9;
        m_gaps.emplace_back(gap, static_cast<double>(r.decodeTokens));
    }

    double dynamicJoules() const { return m_dynamicJoules; }
    double idleWattsPerGpu() const { return m_power.idleWatts(); }
    std::vector<std::pair<double, double>> &gaps() { return m_gaps; }
    std::vector<PowerSample> takeSamples() { return std::move(m_samples); }

private:
    void keepSample(const sim::IterationRecord &r, double share)
    {
        if (m_skip++ % m_stride != 0)
            return;
        // The power of a record depends on its seconds' ratios only: one sample per record,
        // weighted by its wall time in the window.
        m_samples.push_back({share * static_cast<double>(m_stride), sim::gpuWorkOf(r)});
        if (m_samples.size() < 2 * kMaxPowerSamples)
            return;
        std::vector<PowerSample> kept;
        kept.reserve(kMaxPowerSamples);
        for (std::size_t i = 0; i < m_samples.size(); i += 2) {
            PowerSample s = m_samples[i];
            s.weight *= 2.0;
            kept.push_back(s);
        }
        m_samples = std::move(kept);
        m_stride *= 2;
    }

    hardware::PowerModel m_power;
    int m_gpus = 1;
    std::int64_t m_warmupNs = 0;
    bool m_keepSamples = false;
    double m_dynamicJoules = 0.0;
    std::int64_t m_lastDecodeEndNs = -1;
    std::vector<std::pair<double, double>> m_gaps;
    std::vector<PowerSample> m_samples;
    std::uint64_t m_stride = 1;
    std::uint64_t m_skip = 0;
};

void set(CasePrediction &p, Metric m, double value)
{
    if (std::isfinite(value) && value > 0.0)
        p.values[static_cast<std::size_t>(m)] = value;
}

CasePrediction predictIteration(const SimulationCase &c, const CalibratedDefaults &params)
{
    CasePrediction p;
    const hardware::PerfModel perf(deploymentFor(c, params));
    const double batch = c.concurrency;
    hardware::BatchWork prefill;
    prefill.prefillTokens = static_cast<std::int64_t>(std::llround(batch * c.promptTokens));
    prefill.prefillAttentionContext = batch * c.promptTokens * (c.promptTokens + 1.0) / 2.0;
    prefill.prefillWindowAttentionContext = batch * perf.windowPrefillContext(0.0, c.promptTokens);
    prefill.prefillSequences = c.concurrency;
    set(p, Metric::PrefillTimeBatch, perf.iteration(prefill).totalSeconds);
    // The mean decode step over the generated tokens attends to prompt + output / 2 tokens.
    hardware::BatchWork decode;
    decode.decodeTokens = c.concurrency;
    decode.decodeContextTokens = batch * (c.promptTokens + c.outputTokens / 2.0);
    decode.decodeWindowTokens = batch * perf.windowContext(c.promptTokens + c.outputTokens / 2.0);
    set(p, Metric::DecodeIterationTime, perf.iteration(decode).totalSeconds);
    p.gpus = c.gpus;
    return p;
}

CasePrediction predictServing(const SimulationCase &c, const CalibratedDefaults &params,
                              const PredictionSettings &settings)
{
    CasePrediction p;
    const scenario::Scenario s = scenarioFor(c, params, settings);
    const scenario::Deployment &d = s.deployments.front();
    const std::int64_t warmupNs = secondsToNs(s.simulation.warmupSeconds);
    WindowObserver observer(d, warmupNs, settings.keepPowerSamples);
    sim::RunOptions options;
    options.observers.push_back(&observer);
    const metrics::Results r = sim::runEngine(s, options); // energy from the observer

    const double window = s.simulation.horizonSeconds - s.simulation.warmupSeconds;
    p.windowSeconds = window;
    p.windowOutputTokens = r.outputTokensPerSecond * window;
    p.gpus = c.gpus;
    p.meanRunningBatch = r.meanRunningBatch;
    const double joules = observer.dynamicJoules() + observer.idleWattsPerGpu() * c.gpus * window;
    set(p, Metric::OutputThroughput, r.outputTokensPerSecond);
    set(p, Metric::TpotMean, r.tpotSeconds.mean);
    set(p, Metric::RequestLatency, r.e2eSeconds.mean);
    set(p, Metric::TtftMean, r.ttftSeconds.mean);
    set(p, Metric::TtftMedian, r.ttftSeconds.p50);
    set(p, Metric::TtftP99, r.ttftSeconds.p99);
    set(p, Metric::TpotMedian, r.tpotSeconds.p50);
    set(p, Metric::TpotP99, r.tpotSeconds.p99);
    set(p, Metric::RequestThroughput, r.requestsPerSecond);
    set(p, Metric::OutputThroughputPerGpu, r.outputTokensPerSecond / std::max(1, c.gpus));
    set(p, Metric::MedianItl, weightedQuantile(observer.gaps(), 0.5));
    set(p, Metric::P99Itl, weightedQuantile(observer.gaps(), 0.99));
    set(p, Metric::AveragePower, joules / window);
    if (p.windowOutputTokens > 0.0) {
        const double perToken = joules / p.windowOutputTokens;
        set(p, Metric::EnergyPerOutputToken, perToken);
        // Published figures divide by the mean output length; so does the prediction.
        set(p, Metric::EnergyPerRequest, perToken * c.outputTokens);
    }
    if (r.measuredRequests == 0)
        p.error = "no request completed in the measurement window";
    p.powerSamples = observer.takeSamples();
    return p;
}

} // namespace

scenario::Scenario scenarioFor(const SimulationCase &c, const CalibratedDefaults &params,
                               const PredictionSettings &settings)
{
    if (c.kind == CaseKind::Iteration)
        throw InputError(c.key, "an iteration profile is predicted without a scenario");
    scenario::Scenario s;
    s.name = "measurement " + c.key;
    s.deployments.push_back(deploymentFor(c, params));
    const hardware::PerfModel perf(s.deployments.front());
    double batch = 1.0;
    const double lifetime = lifetimeSeconds(c, perf, batch);
    const double measured = std::max(settings.measuredLifetimes * lifetime,
                                     settings.minMeasuredRequests * lifetime / batch);
    s.simulation.warmupSeconds = settings.warmupLifetimes * lifetime;
    s.simulation.horizonSeconds = s.simulation.warmupSeconds + measured;
    s.simulation.timeseriesResolutionSeconds = s.simulation.horizonSeconds;
    s.simulation.seed = settings.seed;

    if (c.kind == CaseKind::OpenLoop) {
        // At least kOpenLoopRequests measured arrivals, whatever the rate.
        s.simulation.horizonSeconds
                = s.simulation.warmupSeconds
                  + std::max(measured, kOpenLoopRequests / c.arrivalRatePerSecond);
        s.simulation.timeseriesResolutionSeconds = s.simulation.horizonSeconds;
        s.workload.arrival.kind = scenario::ArrivalKind::Poisson;
        s.workload.arrival.ratePerSecond = c.arrivalRatePerSecond;
    } else {
        s.workload.arrival.kind = scenario::ArrivalKind::ClosedLoop;
        s.workload.arrival.users = c.concurrency;
        s.workload.arrival.thinkTimeSeconds = 0.0;
    }
    scenario::RequestClass requests;
    requests.name = "measured";
    int context = c.model.maxContextTokens > 0 ? c.model.maxContextTokens : 32768;
    if (c.maxModelLenTokens > 0)
        context = std::min(context, c.maxModelLenTokens); // the server's --max-model-len
    requests.promptTokens = lognormal(c.promptTokens, context);
    requests.outputTokens = lognormal(c.outputTokens, std::min(context, kMaxOutputTokens));
    s.workload.classes.push_back(std::move(requests));
    return s;
}

CasePrediction predictCase(const SimulationCase &c, const CalibratedDefaults &params,
                           const PredictionSettings &settings)
{
    try {
        if (c.kind == CaseKind::Iteration)
            return predictIteration(c, params);
        return predictServing(c, params, settings);
    } catch (const InputError &error) {
        CasePrediction p;
        p.error = error.issues().empty() ? "refused" : error.issues().front().toString();
        return p;
    } catch (const std::exception &error) {
        CasePrediction p;
        p.error = error.what();
        return p;
    }
}

double averagePowerFromSamples(const SimulationCase &c, const CasePrediction &prediction,
                               const scenario::PowerParams &power)
{
    scenario::Deployment d;
    d.hardware.gpu = c.gpu;
    d.weightPrecision = c.weightPrecision;
    d.power = power;
    if (c.powerLimitWatts > 0.0)
        d.power.powerCapWatts = c.powerLimitWatts;
    const hardware::PowerModel model(d);
    if (prediction.windowSeconds <= 0.0)
        return 0.0;
    double dynamic = 0.0;
    for (const PowerSample &s : prediction.powerSamples)
        dynamic += s.weight * s.work.wallSeconds * model.dynamicWatts(s.work);
    return c.gpus * (model.idleWatts() + dynamic / prediction.windowSeconds);
}

double weightedQuantile(std::vector<std::pair<double, double>> &samples, double q)
{
    if (samples.empty())
        return 0.0;
    std::sort(samples.begin(), samples.end());
    double total = 0.0;
    for (const auto &[value, weight] : samples)
        total += weight;
    // As if each sample were repeated `weight` times, with numpy's linear interpolation between
    // closest ranks: the target rank is q (N - 1) on the 0-based ranks of the repeated sample.
    const double target = std::clamp(q, 0.0, 1.0) * std::max(0.0, total - 1.0);
    double first = 0.0; // rank of this sample's first copy
    for (std::size_t i = 0; i < samples.size(); ++i) {
        const double last = first + samples[i].second - 1.0;
        if (target <= last || i + 1 == samples.size())
            return samples[i].first;
        if (target < first + samples[i].second) {
            const double t = target - last;
            return samples[i].first + t * (samples[i + 1].first - samples[i].first);
        }
        first += samples[i].second;
    }
    return samples.back().first;
}

} // namespace tw::calibration
