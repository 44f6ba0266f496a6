#include "core/calibration/fit.h"

#include "core/common/parallel.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace tw::calibration {
namespace {

/// A row's loss is |ln(predicted / measured)|, capped so that a few rows the model cannot
/// express (anomalous profiles, unmodelled effects) do not drive the fit.
const double kLossCap = std::log(3.0);

constexpr double kMinEfficiency = 0.02;
constexpr double kMinOverheadSeconds = 1e-7;
constexpr double kMaxOverheadSeconds = 0.02;
constexpr double kMaxActivity = 1.0;
constexpr double kMaxWeight = 2.0;

bool isTimingMetric(Metric m)
{
    switch (m) {
    case Metric::OutputThroughput:
    case Metric::TpotMean:
    case Metric::MedianItl:
    case Metric::RequestLatency:
    case Metric::TtftMean:
    case Metric::TtftMedian:
    case Metric::TpotMedian:
    case Metric::RequestThroughput:
    case Metric::OutputThroughputPerGpu:
    case Metric::PrefillTimeBatch:
    case Metric::DecodeIterationTime:
        return true;
    default:
        return false;
    }
}

double rowLoss(double predicted, double measured)
{
    if (!(predicted > 0.0) || !std::isfinite(predicted))
        return kLossCap;
    return std::min(kLossCap, std::fabs(std::log(predicted / measured)));
}

double logistic(double x)
{
    return 1.0 / (1.0 + std::exp(-x));
}
double logit(double p)
{
    return std::log(p / (1.0 - p));
}

/// Unconstrained coordinates of a value in (low, high).
double toOpen(double value, double low, double high)
{
    const double p = std::clamp((value - low) / (high - low), 1e-6, 1.0 - 1e-6);
    return logit(p);
}
double fromOpen(double x, double low, double high)
{
    return low + (high - low) * logistic(x);
}

/// A time of 0 (the default of the overheads the scenario does not assume) starts the search
/// at 10 us, inside the range, rather than at its floor where steps of a few e-folds would take
/// many evaluations to leave it.
constexpr double kZeroStartSeconds = 1e-5;

double toLog(double seconds)
{
    const double start = seconds > 0.0 ? seconds : kZeroStartSeconds;
    return std::log(std::clamp(start, kMinOverheadSeconds, kMaxOverheadSeconds));
}
double fromLog(double x)
{
    return std::clamp(std::exp(x), kMinOverheadSeconds, kMaxOverheadSeconds);
}

std::vector<double> encode(const scenario::PerformanceParams &p)
{
    std::vector<double> x;
    for (const PerformanceField &field : performanceFields()) {
        if (!field.fitted)
            continue;
        const double value = p.*field.member;
        x.push_back(field.kind == PerformanceField::Kind::Efficiency
                            ? toOpen(value, kMinEfficiency, 1.0)
                            : toLog(value));
    }
    return x;
}

/// @p x over the fitted fields (encode's order); the others keep @p base's values.
scenario::PerformanceParams decode(const std::vector<double> &x,
                                   const scenario::PerformanceParams &base)
{
    scenario::PerformanceParams p = base;
    std::size_t i = 0;
    for (const PerformanceField &field : performanceFields()) {
        if (!field.fitted)
            continue;
        p.*field.member = field.kind == PerformanceField::Kind::Efficiency
                                  ? fromOpen(x[i], kMinEfficiency, 1.0)
                                  : fromLog(x[i]);
        ++i;
    }
    return p;
}

/// Initial simplex steps: about a factor 2 on an efficiency's odds, 4.5 on a time.
std::vector<double> initialSteps()
{
    std::vector<double> steps;
    for (const PerformanceField &field : performanceFields())
        if (field.fitted)
            steps.push_back(field.kind == PerformanceField::Kind::Efficiency ? 0.8 : 1.5);
    return steps;
}

struct Group
{
    std::string architecture;
    std::string software;
    std::vector<std::size_t> cases;      ///< indexes into measurements.cases
    std::vector<std::size_t> timingRows; ///< indexes into measurements.rows
    std::vector<std::size_t> powerRows;
    int rows = 0;
};

std::vector<Group> groupsOf(const MappedMeasurements &m)
{
    std::vector<Group> groups;
    std::vector<int> caseGroup(m.cases.size(), -1);
    for (std::size_t i = 0; i < m.cases.size(); ++i) {
        const SimulationCase &c = m.cases[i];
        auto it = std::find_if(groups.begin(), groups.end(), [&](const Group &g) {
            return g.architecture == c.gpu.architecture && g.software == c.software;
        });
        if (it == groups.end()) {
            Group g;
            g.architecture = c.gpu.architecture;
            g.software = c.software;
            it = groups.insert(groups.end(), std::move(g));
        }
        it->cases.push_back(i);
        caseGroup[i] = static_cast<int>(it - groups.begin());
    }
    for (std::size_t r = 0; r < m.rows.size(); ++r) {
        const MeasurementRow &row = m.rows[r];
        if (row.skipped())
            continue;
        Group &g = groups[static_cast<std::size_t>(
                caseGroup[static_cast<std::size_t>(row.caseIndex)])];
        ++g.rows;
        if (isTimingMetric(*row.metric))
            g.timingRows.push_back(r);
        else if (*row.metric == Metric::AveragePower)
            g.powerRows.push_back(r);
    }
    return groups;
}

class GroupFitter
{
public:
    GroupFitter(const MappedMeasurements &m, const Group &g, const FitOptions &options)
        : m_m(m)
        , m_g(g)
        , m_options(options)
        , m_predictions(m.cases.size())
    {}

    /// Simulates the group's cases with @p performance (power parameters do not change time).
    void predict(const scenario::PerformanceParams &performance, const PredictionSettings &s)
    {
        parallelFor(m_g.cases.size(), m_options.threads, [&](std::size_t k) {
            const std::size_t i = m_g.cases[k];
            CalibratedDefaults params;
            params.performance = performance;
            m_predictions[i] = predictCase(m_m.cases[i], params, s);
        });
    }

    double timingLoss() const
    {
        double total = 0.0;
        for (std::size_t r : m_g.timingRows) {
            const MeasurementRow &row = m_m.rows[r];
            const CasePrediction &p = m_predictions[static_cast<std::size_t>(row.caseIndex)];
            const std::optional<double> &value = p[*row.metric];
            total += p.error.empty() && value ? rowLoss(*value, row.value) : kLossCap;
        }
        return m_g.timingRows.empty() ? 0.0 : total / static_cast<double>(m_g.timingRows.size());
    }

    double powerLoss(const CalibrationGroup &candidate) const
    {
        double total = 0.0;
        for (std::size_t r : m_g.powerRows) {
            const MeasurementRow &row = m_m.rows[r];
            const SimulationCase &c = m_m.cases[static_cast<std::size_t>(row.caseIndex)];
            const CasePrediction &p = m_predictions[static_cast<std::size_t>(row.caseIndex)];
            total += p.error.empty() ? rowLoss(
                             averagePowerFromSamples(c, p, candidate.powerFor(c.gpu)), row.value)
                                     : kLossCap;
        }
        return m_g.powerRows.empty() ? 0.0 : total / static_cast<double>(m_g.powerRows.size());
    }

    CalibrationGroup fit(const CalibrationGroup &start)
    {
        CalibrationGroup result = start;
        result.architecture = m_g.architecture;
        result.software = m_g.software;
        result.fitted = true;
        result.rows = m_g.rows;
        int evaluations = 0;
        const auto timing = [&](const std::vector<double> &x) {
            predict(decode(x, start.performance), m_options.search);
            ++evaluations;
            return timingLoss();
        };
        const std::vector<double> steps = initialSteps();
        if (!m_g.timingRows.empty())
            result.performance = decode(
                    nelderMead(timing, encode(start.performance), steps, m_options.maxEvaluations),
                    start.performance);
        predict(result.performance, withSamples(m_options.search));
        const double timingAfter = timingLoss();

        // Power: busy and network activity in [0, 1], the MFU and MBU weights in [0, 2]. Idle
        // power is not fitted: the rows are steady-state serving, where idle watts and busy
        // activity trade one for the other (fitted together, B200's idle went to its bound of
        // 3 % of TDP). A GPU without a catalog idle figure keeps the stated fallback.
        const auto toGroup = [&](const std::vector<double> &x) {
            CalibrationGroup g = result;
            g.busyActivity = fromOpen(x[0], 0.0, kMaxActivity);
            g.networkActivity = fromOpen(x[1], 0.0, kMaxActivity);
            g.computeWeight = fromOpen(x[2], 0.0, kMaxWeight);
            g.memoryWeight = fromOpen(x[3], 0.0, kMaxWeight);
            return g;
        };
        const std::vector<double> x0 = {toOpen(start.busyActivity, 0.0, kMaxActivity),
                                        toOpen(start.networkActivity, 0.0, kMaxActivity),
                                        toOpen(start.computeWeight, 0.0, kMaxWeight),
                                        toOpen(start.memoryWeight, 0.0, kMaxWeight)};
        if (!m_g.powerRows.empty())
            result = toGroup(
                    nelderMead([&](const std::vector<double> &x) { return powerLoss(toGroup(x)); },
                               x0, std::vector<double>(x0.size(), 0.8), 600));
        char note[256];
        std::snprintf(note, sizeof note,
                      "fitted to %d rows; mean capped |ln(pred/meas)|: timing %.3f over %zu rows "
                      "(%d evaluations), power %.3f over %zu rows",
                      m_g.rows, timingAfter, m_g.timingRows.size(), evaluations, powerLoss(result),
                      m_g.powerRows.size());
        result.note = note;
        return result;
    }

private:
    static PredictionSettings withSamples(PredictionSettings s)
    {
        s.keepPowerSamples = true;
        return s;
    }

    const MappedMeasurements &m_m;
    const Group &m_g;
    const FitOptions &m_options;
    std::vector<CasePrediction> m_predictions;
};

} // namespace

std::vector<double> nelderMead(const std::function<double(const std::vector<double> &)> &f,
                               std::vector<double> start, const std::vector<double> &steps,
                               int maxEvaluations)
{
    const std::size_t n = start.size();
    std::vector<std::vector<double>> simplex(n + 1, start);
    std::vector<double> values(n + 1);
    for (std::size_t i = 0; i < n; ++i)
        simplex[i + 1][i] += steps[i];
    int evaluations = 0;
    for (std::size_t i = 0; i <= n; ++i, ++evaluations)
        values[i] = f(simplex[i]);
    std::vector<std::size_t> order(n + 1);
    const auto along
            = [&](const std::vector<double> &centroid, const std::vector<double> &worst, double t) {
                  std::vector<double> x(n);
                  for (std::size_t k = 0; k < n; ++k)
                      x[k] = centroid[k] + t * (worst[k] - centroid[k]);
                  return x;
              };
    while (evaluations < maxEvaluations) {
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
        const std::size_t best = order.front(), worst = order.back(), second = order[n - 1];
        if (values[worst] - values[best] < 1e-6)
            break;
        std::vector<double> centroid(n, 0.0);
        for (std::size_t i : order)
            if (i != worst)
                for (std::size_t k = 0; k < n; ++k)
                    centroid[k] += simplex[i][k] / static_cast<double>(n);
        const std::vector<double> reflected = along(centroid, simplex[worst], -1.0);
        const double fr = f(reflected);
        ++evaluations;
        if (fr < values[best]) {
            const std::vector<double> expanded = along(centroid, simplex[worst], -2.0);
            const double fe = f(expanded);
            ++evaluations;
            simplex[worst] = fe < fr ? expanded : reflected;
            values[worst] = std::min(fe, fr);
        } else if (fr < values[second]) {
            simplex[worst] = reflected;
            values[worst] = fr;
        } else {
            const bool outside = fr < values[worst];
            const std::vector<double> contracted
                    = along(centroid, outside ? reflected : simplex[worst], 0.5);
            const double fc = f(contracted);
            ++evaluations;
            if (fc < std::min(fr, values[worst])) {
                simplex[worst] = contracted;
                values[worst] = fc;
            } else {
                // Shrink every vertex halfway towards the best one.
                for (std::size_t i = 0; i <= n && evaluations < maxEvaluations; ++i) {
                    if (i == best)
                        continue;
                    for (std::size_t k = 0; k < n; ++k)
                        simplex[i][k] = simplex[best][k] + 0.5 * (simplex[i][k] - simplex[best][k]);
                    values[i] = f(simplex[i]);
                    ++evaluations;
                }
            }
        }
    }
    const auto best = std::min_element(values.begin(), values.end()) - values.begin();
    return simplex[static_cast<std::size_t>(best)];
}

FitResult fitParameters(const MappedMeasurements &measurements, const FitOptions &options)
{
    FitResult result;
    const std::vector<Group> groups = groupsOf(measurements);
    for (const Group &g : groups) {
        // Every fit starts from the scenario defaults, not from the shipped table, so that the
        // result depends on the code and the data only.
        const CalibrationGroup start;
        if (options.log)
            options.log("fitting " + g.architecture + " / " + g.software + ": "
                        + std::to_string(g.cases.size()) + " configurations, "
                        + std::to_string(g.rows) + " rows");
        GroupFitter fitter(measurements, g, options);
        result.table.groups.push_back(fitter.fit(start));
        if (options.log)
            options.log("  " + result.table.groups.back().note);
    }
    // Groups no row maps to keep their stated fallback values.
    for (const CalibrationGroup &kept : options.start.groups)
        if (!result.table.find(kept.architecture, kept.software) && !kept.fitted)
            result.table.groups.push_back(kept);

    const CalibrationTable &table = result.table;
    CheckOptions check;
    check.threads = options.threads;
    result.report = checkMeasurements(
            measurements,
            [&table](const model::GpuSpec &gpu, const std::string &software) {
                return table.defaultsFor(gpu, software);
            },
            check);
    Provenance &p = result.table.provenance;
    p.rows = static_cast<int>(measurements.rows.size());
    p.rowsCompared = static_cast<int>(result.report.compared.size());
    for (const SummaryLine &line : result.report.summary)
        p.errors.push_back({std::string(metricName(line.metric)), line.source,
                            static_cast<int>(line.stats.count), line.stats.medianApe,
                            line.stats.p90Ape});
    return result;
}

} // namespace tw::calibration
