#include "core/sweep/sensitivity.h"

#include "core/catalog/catalog.h"
#include "core/common/cancellation.h"
#include "core/common/error.h"
#include "core/common/parallel.h"
#include "core/metrics/error_bands.h"
#include "core/metrics/text_format.h"
#include "core/run/simulate.h"
#include "core/scenario_io/catalog_apis.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <exception>
#include <mutex>
#include <optional>
#include <string_view>

namespace tw::sweep {
namespace {

constexpr double kHoursPerMonth = 730.0;

SensitivityFigures figuresOf(const metrics::Results &r)
{
    SensitivityFigures f;
    const double toMonth
            = r.horizonSeconds > 0.0 ? kHoursPerMonth * 3600.0 / r.horizonSeconds : 0.0;
    f.usdPerMillionOutputTokens = r.cost.perMillionOutputTokensUsd;
    f.usdPerMonth = r.cost.perMonthUsd;
    f.e2eP95Seconds = r.e2eSeconds.p95;
    f.kwhPerMonth = r.energy.facilityKwh * toMonth;
    f.kgCo2ePerMonth = r.carbon.totalKg * toMonth;
    return f;
}

/// An input of the tornado: its row (without figures) and how it moves the scenario.
struct Input
{
    SensitivityRow row;
    std::function<void(scenario::Scenario &, bool high)> apply;
};

std::string percentText(double range)
{
    const double percent = 100.0 * range;
    const bool whole = std::fabs(percent - std::round(percent)) < 1e-9;
    return "±" + metrics::formatGrouped(percent, whole ? 0 : 1) + " %";
}

std::string stated(double range)
{
    return "stated: " + percentText(range) + " (a what-if range, not a measured spread)";
}

void scaleLengths(scenario::LengthDistribution &d, double factor)
{
    const auto scaled
            = [factor](double tokens) { return std::max(1.0, std::round(tokens * factor)); };
    switch (d.kind) {
    case scenario::LengthKind::Fixed:
        d.value = std::max(1.0, d.value * factor);
        break;
    case scenario::LengthKind::Uniform:
        d.low = scaled(d.low);
        d.high = std::max(d.low, scaled(d.high));
        break;
    case scenario::LengthKind::Lognormal:
    case scenario::LengthKind::Exponential:
        d.mean = std::max(1.0, d.mean * factor);
        break;
    case scenario::LengthKind::Empirical:
        for (int &v : d.values)
            v = static_cast<int>(scaled(v));
        break;
    }
}

void checkRange(const char *option, double range)
{
    if (!(range > 0.0 && range <= 0.9))
        throw InputError(option, "must be above 0 and at most 0.9 (a share of the base value), "
                                 "got " + metrics::formatExact(range));
}

double parsed(const std::string &text)
{
    double value = 0.0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && end == text.data() + text.size() ? value : std::nan("");
}

/// The PUE figures of the catalog (pue_wue.csv), lowest and highest.
std::optional<std::pair<double, double>> cataloguedPue(std::size_t &rows)
{
    const catalog::CsvTable *table = catalog::Catalog::builtIn().table("pue_wue.csv");
    if (!table)
        return std::nullopt;
    std::optional<std::pair<double, double>> range;
    rows = 0;
    for (std::size_t i = 0; i < table->rows().size(); ++i) {
        const double pue = parsed(table->field(i, "pue"));
        if (!(pue >= 1.0))
            continue;
        ++rows;
        range = range ? std::pair{std::min(range->first, pue), std::max(range->second, pue)}
                      : std::pair{pue, pue};
    }
    return range;
}

void addTrafficInput(const scenario::Scenario &s, double r, std::vector<Input> &inputs,
                     std::vector<std::string> &skipped)
{
    Input in;
    in.row.id = "traffic";
    in.row.basis = stated(r);
    in.row.method = SensitivityMethod::Simulated;
    const scenario::ArrivalSpec &a = s.workload.arrival;
    switch (a.kind) {
    case scenario::ArrivalKind::Poisson:
    case scenario::ArrivalKind::Gamma:
        in.row.label = "Traffic (mean requests/s)";
        in.row.unit = "requests/s";
        in.row.baseValue = a.ratePerSecond;
        in.row.lowValue = a.ratePerSecond * (1.0 - r);
        in.row.highValue = a.ratePerSecond * (1.0 + r);
        in.apply = [r](scenario::Scenario &v, bool high) {
            v.workload.arrival.ratePerSecond *= high ? 1.0 + r : 1.0 - r;
        };
        break;
    case scenario::ArrivalKind::Trace:
        in.row.label = "Traffic (the trace's speed)";
        in.row.unit = "x the trace's rate";
        in.row.baseValue = 1.0;
        in.row.lowValue = 1.0 - r;
        in.row.highValue = 1.0 + r;
        // timeScale multiplies inter-arrival times: a rate k times higher divides it by k.
        in.apply = [r](scenario::Scenario &v, bool high) {
            v.workload.arrival.timeScale /= high ? 1.0 + r : 1.0 - r;
        };
        break;
    case scenario::ArrivalKind::ClosedLoop: {
        const int users = a.users;
        const int low = std::max(1, static_cast<int>(std::lround(users * (1.0 - r))));
        const int high = static_cast<int>(std::lround(users * (1.0 + r)));
        if (low == users && high == users) {
            skipped.push_back("traffic: " + std::to_string(users)
                              + " closed-loop users do not move by " + percentText(r));
            return;
        }
        in.row.label = "Traffic (closed-loop users)";
        in.row.unit = "users";
        in.row.baseValue = users;
        in.row.lowValue = low;
        in.row.highValue = high;
        in.apply = [low, high](scenario::Scenario &v, bool up) {
            v.workload.arrival.users = up ? high : low;
        };
        break;
    }
    }
    inputs.push_back(std::move(in));
}

void addLengthInputs(const scenario::Scenario &s, double r, std::vector<Input> &inputs,
                     std::vector<std::string> &skipped)
{
    if (s.workload.arrival.kind == scenario::ArrivalKind::Trace) {
        skipped.emplace_back("prompt and output tokens: a trace's lengths are its own");
        return;
    }
    if (s.workload.classes.empty())
        return;
    for (const bool prompt : {true, false}) {
        Input in;
        in.row.id = prompt ? "prompt-tokens" : "output-tokens";
        in.row.label = prompt ? "Prompt tokens (mean)" : "Output tokens (mean)";
        in.row.unit = "tokens";
        in.row.basis = stated(r) + ", every request class";
        const scenario::RequestClass &first = s.workload.classes.front();
        in.row.baseValue = (prompt ? first.promptTokens : first.outputTokens).nominalMean();
        in.row.lowValue = in.row.baseValue * (1.0 - r);
        in.row.highValue = in.row.baseValue * (1.0 + r);
        in.apply = [prompt, r](scenario::Scenario &v, bool high) {
            for (scenario::RequestClass &c : v.workload.classes)
                scaleLengths(prompt ? c.promptTokens : c.outputTokens, high ? 1.0 + r : 1.0 - r);
        };
        inputs.push_back(std::move(in));
    }
}

/// Cloud rent: each rented deployment's price moved to the lowest and the highest catalog
/// price of its GPU at its price type (any type when the catalog has none of its type).
void addRentInput(const scenario::Scenario &s, std::vector<Input> &inputs,
                  std::vector<std::string> &skipped)
{
    const std::vector<scenario::CatalogOffering> offers
            = scenario::pricedCloudOfferings(catalog::Catalog::builtIn());
    struct Range
    {
        std::size_t deployment;
        double low, high;
        std::size_t offers;
        std::string type;
    };
    std::vector<Range> ranges;
    for (std::size_t i = 0; i < s.deployments.size(); ++i) {
        const scenario::Deployment &d = s.deployments[i];
        if (d.kind != scenario::DeploymentKind::SelfHosted
            || d.hosting.kind != scenario::HostingKind::Cloud
            || !(d.hosting.pricePerGpuHourUsd > 0.0))
            continue;
        const auto collect = [&](bool sameType) {
            Range range{i, d.hosting.pricePerGpuHourUsd, d.hosting.pricePerGpuHourUsd, 0,
                        sameType ? d.hosting.priceType : "every price type"};
            for (const scenario::CatalogOffering &o : offers)
                if (o.gpuId == d.hardware.gpu.id
                    && (!sameType || o.priceType.rfind(d.hosting.priceType, 0) == 0)) {
                    range.low = std::min(range.low, o.pricePerGpuHourUsd);
                    range.high = std::max(range.high, o.pricePerGpuHourUsd);
                    ++range.offers;
                }
            return range;
        };
        Range range = collect(true);
        if (range.offers == 0)
            range = collect(false);
        if (range.high > range.low)
            ranges.push_back(range);
        else
            skipped.push_back("GPU rent of '" + d.name + "': the catalog has no other price for "
                              + d.hardware.gpu.id);
    }
    if (ranges.empty())
        return;
    const Range &first = ranges.front();
    const scenario::Deployment &d = s.deployments[first.deployment];
    Input in;
    in.row.id = "gpu-rent";
    in.row.label = "GPU rent ($/GPU-hour)";
    in.row.unit = "$/GPU-hour";
    in.row.method = SensitivityMethod::Reaccounted;
    in.row.basis = "catalog: the lowest and highest of " + std::to_string(first.offers) + " "
                   + first.type + " offers of " + d.hardware.gpu.id
                   + " (cloud_gpu_prices.csv) and the scenario's own price";
    if (ranges.size() > 1)
        in.row.basis += "; each rented deployment across its own GPU's range";
    in.row.baseValue = d.hosting.pricePerGpuHourUsd;
    in.row.lowValue = first.low;
    in.row.highValue = first.high;
    in.apply = [ranges](scenario::Scenario &v, bool high) {
        for (const Range &range : ranges)
            v.deployments[range.deployment].hosting.pricePerGpuHourUsd
                    = high ? range.high : range.low;
    };
    inputs.push_back(std::move(in));
}

void addOnPremisesInputs(const scenario::Scenario &s, const SensitivityOptions &o,
                         std::vector<Input> &inputs, std::vector<std::string> &skipped)
{
    const auto owned = [](const scenario::Deployment &d) {
        return d.kind == scenario::DeploymentKind::SelfHosted
               && d.hosting.kind == scenario::HostingKind::OnPremises;
    };
    const auto first = std::find_if(s.deployments.begin(), s.deployments.end(), owned);
    if (first == s.deployments.end()) {
        skipped.emplace_back("purchase and electricity prices: no deployment is on premises "
                             "(cloud rent includes power)");
        return;
    }
    const double r = o.purchaseRange;
    Input buy;
    buy.row.id = "purchase-price";
    const bool perNode = first->hosting.purchasePricePerNodeUsd > 0.0;
    buy.row.label = perNode ? "Purchase price ($ per server)" : "Purchase price ($ per GPU)";
    buy.row.unit = "$";
    buy.row.method = SensitivityMethod::Reaccounted;
    buy.row.basis = stated(r);
    buy.row.baseValue = perNode ? first->hosting.purchasePricePerNodeUsd
                                : first->hosting.purchasePricePerGpuUsd;
    buy.row.lowValue = buy.row.baseValue * (1.0 - r);
    buy.row.highValue = buy.row.baseValue * (1.0 + r);
    buy.apply = [r, owned](scenario::Scenario &v, bool high) {
        for (scenario::Deployment &d : v.deployments)
            if (owned(d)) {
                d.hosting.purchasePricePerGpuUsd *= high ? 1.0 + r : 1.0 - r;
                d.hosting.purchasePricePerNodeUsd *= high ? 1.0 + r : 1.0 - r;
            }
    };
    inputs.push_back(std::move(buy));

    const double e = o.electricityRange;
    Input power;
    power.row.id = "electricity-price";
    power.row.label = "Electricity price ($/kWh)";
    power.row.unit = "$/kWh";
    power.row.method = SensitivityMethod::Reaccounted;
    power.row.basis = stated(e);
    power.row.baseValue = s.region.electricityPricePerKwhUsd;
    power.row.lowValue = power.row.baseValue * (1.0 - e);
    power.row.highValue = power.row.baseValue * (1.0 + e);
    power.apply = [e](scenario::Scenario &v, bool high) {
        v.region.electricityPricePerKwhUsd *= high ? 1.0 + e : 1.0 - e;
    };
    inputs.push_back(std::move(power));
}

void addPueInput(const scenario::Scenario &s, std::vector<Input> &inputs,
                 std::vector<std::string> &skipped)
{
    if (std::none_of(s.deployments.begin(), s.deployments.end(), [](const auto &d) {
            return d.kind == scenario::DeploymentKind::SelfHosted;
        })) {
        skipped.emplace_back("PUE: no self-hosted deployment draws power (an API's energy is "
                             "not modelled)");
        return;
    }
    std::size_t rows = 0;
    const auto range = cataloguedPue(rows);
    if (!range) {
        skipped.emplace_back("PUE: the catalog lists no PUE figure");
        return;
    }
    Input in;
    in.row.id = "pue";
    in.row.label = "PUE (facility / IT energy)";
    in.row.method = SensitivityMethod::Reaccounted;
    in.row.basis = "catalog: the lowest and highest of " + std::to_string(rows)
                   + " PUE figures (pue_wue.csv: hyperscale fleets to the industry survey "
                     "mean) and the scenario's own";
    in.row.baseValue = s.region.pue;
    in.row.lowValue = std::min(range->first, s.region.pue);
    in.row.highValue = std::max(range->second, s.region.pue);
    const double low = in.row.lowValue, high = in.row.highValue;
    in.apply = [low, high](scenario::Scenario &v, bool up) { v.region.pue = up ? high : low; };
    inputs.push_back(std::move(in));
}

void addApiInput(const scenario::Scenario &s, double r, std::vector<Input> &inputs)
{
    const auto api = std::find_if(
            s.deployments.begin(), s.deployments.end(),
            [](const scenario::Deployment &d) { return d.kind == scenario::DeploymentKind::Api; });
    if (api == s.deployments.end())
        return;
    Input in;
    in.row.id = "api-price";
    in.row.label = "API output price ($/1M tokens)";
    in.row.unit = "$/1M tokens";
    in.row.method = SensitivityMethod::Reaccounted;
    in.row.basis = stated(r) + ", input and output prices of every API together";
    in.row.baseValue = api->api.outputUsdPerMillionTokens;
    in.row.lowValue = in.row.baseValue * (1.0 - r);
    in.row.highValue = in.row.baseValue * (1.0 + r);
    in.apply = [r](scenario::Scenario &v, bool high) {
        for (scenario::Deployment &d : v.deployments)
            if (d.kind == scenario::DeploymentKind::Api) {
                d.api.inputUsdPerMillionTokens *= high ? 1.0 + r : 1.0 - r;
                d.api.outputUsdPerMillionTokens *= high ? 1.0 + r : 1.0 - r;
            }
    };
    inputs.push_back(std::move(in));
}

/// The calibrated model's own error, carried to each figure as the error bands do.
std::optional<SensitivityRow> errorBandRow(const metrics::Results &base,
                                           const SensitivityFigures &f)
{
    const metrics::ErrorBands bands = metrics::errorBandsOf(base);
    if (bands.tpotFraction <= 0.0 && bands.energyFraction <= 0.0 && bands.costFraction <= 0.0)
        return std::nullopt;
    SensitivityRow row;
    row.id = "model-error";
    row.label = "Model error (calibrated fit)";
    row.method = SensitivityMethod::ErrorBand;
    for (const metrics::DeploymentResults &d : base.deployments)
        if (!d.accuracyBasis.empty()) {
            row.basis = "the median errors of '" + d.name + "': " + d.accuracyBasis
                        + "; p95 end-to-end latency moved by the TPOT error";
            break;
        }
    row.baseValue = 0.0;
    row.lowValue = -1.0;
    row.highValue = 1.0;
    const auto moved = [&](double sign) {
        SensitivityFigures m = f;
        m.usdPerMillionOutputTokens *= 1.0 + sign * bands.costFraction;
        m.usdPerMonth *= 1.0 + sign * bands.costFraction;
        m.e2eP95Seconds *= 1.0 + sign * bands.tpotFraction;
        m.kwhPerMonth *= 1.0 + sign * bands.energyFraction;
        m.kgCo2ePerMonth *= 1.0 + sign * bands.carbonFraction;
        return m;
    };
    row.low = moved(-1.0);
    row.high = moved(1.0);
    return row;
}

} // namespace

double swing(const SensitivityRow &row, double SensitivityFigures::*field)
{
    return std::fabs(row.high.*field - row.low.*field);
}

SensitivityResult sensitivity(const scenario::Scenario &scenario, const SensitivityOptions &options)
{
    checkRange("--traffic", options.trafficRange);
    checkRange("--lengths", options.lengthRange);
    checkRange("--purchase", options.purchaseRange);
    checkRange("--electricity", options.electricityRange);
    checkRange("--api-price", options.apiPriceRange);

    SensitivityResult out;
    std::vector<Input> inputs;
    addTrafficInput(scenario, options.trafficRange, inputs, out.skipped);
    addLengthInputs(scenario, options.lengthRange, inputs, out.skipped);
    addRentInput(scenario, inputs, out.skipped);
    addOnPremisesInputs(scenario, options, inputs, out.skipped);
    addPueInput(scenario, inputs, out.skipped);
    addApiInput(scenario, options.apiPriceRange, inputs);

    // Runs: the base, then low and high of every simulated input, all at once.
    std::vector<std::size_t> simulated;
    for (std::size_t i = 0; i < inputs.size(); ++i)
        if (inputs[i].row.method == SensitivityMethod::Simulated)
            simulated.push_back(i);
    const std::size_t runs = 1 + 2 * simulated.size();
    std::vector<std::optional<accounting::MeteredResults>> results(runs);
    std::vector<std::string> errors(runs);
    std::mutex progressMutex;
    std::size_t done = 0;
    sim::RunOptions run;
    run.seed = options.seed;
    run.cancel = options.cancel;
    parallelFor(runs, options.threads, [&](std::size_t k) {
        scenario::Scenario s = scenario;
        if (k > 0)
            inputs[simulated[(k - 1) / 2]].apply(s, (k - 1) % 2 == 1);
        try {
            accounting::MeteredResults r = run::simulateMetered(s, run);
            if (r.results.status == metrics::RunStatus::Completed)
                results[k] = std::move(r);
            else
                errors[k] = r.results.status == metrics::RunStatus::Cancelled
                                    ? "cancelled"
                                    : r.results.statusMessage;
        } catch (const std::exception &error) {
            errors[k] = error.what();
        }
        if (options.progress) {
            const std::lock_guard lock(progressMutex);
            options.progress(static_cast<double>(++done) / static_cast<double>(runs));
        }
    });
    if (options.cancel && options.cancel->isCancelled())
        throw InputError("sensitivity", "cancelled");
    if (!results[0])
        throw InputError("scenario", "the base scenario does not run: " + errors[0]);
    out.simulations = static_cast<int>(runs);
    const accounting::MeteredResults &base = *results[0];
    out.base = figuresOf(base.results);

    for (std::size_t i = 0; i < inputs.size(); ++i) {
        SensitivityRow row = inputs[i].row;
        if (row.method == SensitivityMethod::Simulated) {
            const std::size_t k = 1
                                  + 2
                                            * static_cast<std::size_t>(
                                                    std::find(simulated.begin(), simulated.end(), i)
                                                    - simulated.begin());
            if (!results[k] || !results[k + 1]) {
                out.skipped.push_back(row.id + ": " + (results[k] ? errors[k + 1] : errors[k]));
                continue;
            }
            row.low = figuresOf(results[k]->results);
            row.high = figuresOf(results[k + 1]->results);
        } else {
            for (const bool high : {false, true}) {
                scenario::Scenario s = scenario;
                inputs[i].apply(s, high);
                (high ? row.high : row.low) = figuresOf(accounting::reaccount(s, base));
            }
        }
        out.rows.push_back(std::move(row));
    }
    if (auto band = errorBandRow(base.results, out.base))
        out.rows.push_back(std::move(*band));
    else
        out.skipped.emplace_back("model error: no calibrated error is known for these "
                                 "deployments");

    std::stable_sort(out.rows.begin(), out.rows.end(),
                     [](const SensitivityRow &a, const SensitivityRow &b) {
                         const double ca = swing(a, &SensitivityFigures::usdPerMillionOutputTokens);
                         const double cb = swing(b, &SensitivityFigures::usdPerMillionOutputTokens);
                         if (ca != cb)
                             return ca > cb;
                         return swing(a, &SensitivityFigures::e2eP95Seconds)
                                > swing(b, &SensitivityFigures::e2eP95Seconds);
                     });
    return out;
}

} // namespace tw::sweep
