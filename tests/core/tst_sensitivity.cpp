// Sensitivity (core/sweep/sensitivity.h): every row against a direct simulation of the scenario
// at that end of the range, and the linear cost lines against hand-derived swings.

#include "core/catalog/catalog.h"
#include "core/common/error.h"
#include "core/metrics/error_bands.h"
#include "core/run/simulate.h"
#include "core/scenario_io/examples.h"
#include "core/scenario_io/scenario_json.h"
#include "core/sweep/sensitivity.h"
#include "test_support.h"

#include <algorithm>
#include <cmath>

using namespace tw;

namespace {

scenario::Scenario example(const char *name, double horizonSeconds)
{
    scenario::Scenario s = scenario::parseScenarioJson(scenario::findExample(name)->json,
                                                       catalog::Catalog::builtIn());
    s.simulation.horizonSeconds = horizonSeconds;
    s.simulation.warmupSeconds = std::min(s.simulation.warmupSeconds, horizonSeconds / 6.0);
    return s;
}

const sweep::SensitivityRow *rowOf(const sweep::SensitivityResult &r, const std::string &id)
{
    const auto found = std::find_if(r.rows.begin(), r.rows.end(),
                                    [&](const sweep::SensitivityRow &row) { return row.id == id; });
    return found == r.rows.end() ? nullptr : &*found;
}

constexpr double kHoursPerMonth = 730.0;

bool near(double a, double b, double relative = 1e-9)
{
    return std::fabs(a - b) <= relative * std::max(1.0, std::fabs(b));
}

/// A row's figures equal a simulation of the scenario moved as the row says.
void expectSimulates(const sweep::SensitivityFigures &f, const metrics::Results &r)
{
    QVERIFY2(near(f.usdPerMillionOutputTokens, r.cost.perMillionOutputTokensUsd),
             qPrintable(QStringLiteral("%1 vs %2")
                                .arg(f.usdPerMillionOutputTokens)
                                .arg(r.cost.perMillionOutputTokensUsd)));
    QVERIFY(near(f.usdPerMonth, r.cost.perMonthUsd));
    QVERIFY(near(f.e2eP95Seconds, r.e2eSeconds.p95));
    const double toMonth = kHoursPerMonth * 3600.0 / r.horizonSeconds;
    QVERIFY(near(f.kwhPerMonth, r.energy.facilityKwh * toMonth));
    QVERIFY(near(f.kgCo2ePerMonth, r.carbon.totalKg * toMonth));
}

} // namespace

class TestSensitivity : public QObject
{
    Q_OBJECT

private slots:
    /// Simulated rows (traffic, token counts) are the scenario simulated at each end with the
    /// same seed; re-accounted rows (GPU rent, PUE) equal simulating at that price or PUE.
    void rowsEqualDirectSimulations()
    {
        const scenario::Scenario s = example("default", 1200.0);
        const sweep::SensitivityResult r = sweep::sensitivity(s);
        QCOMPARE(r.simulations, 1 + 2 * 3); // base, traffic, prompt and output tokens
        expectSimulates(r.base, run::simulate(s));

        const sweep::SensitivityRow *traffic = rowOf(r, "traffic");
        QVERIFY(traffic);
        QCOMPARE(traffic->lowValue, s.workload.arrival.ratePerSecond * 0.8);
        QCOMPARE(traffic->highValue, s.workload.arrival.ratePerSecond * 1.2);
        for (const bool high : {false, true}) {
            scenario::Scenario moved = s;
            moved.workload.arrival.ratePerSecond = high ? traffic->highValue : traffic->lowValue;
            expectSimulates(high ? traffic->high : traffic->low, run::simulate(moved));
        }

        const sweep::SensitivityRow *output = rowOf(r, "output-tokens");
        QVERIFY(output);
        scenario::Scenario shorter = s;
        for (scenario::RequestClass &c : shorter.workload.classes)
            c.outputTokens.mean *= 0.8; // the default's lengths are lognormal
        QCOMPARE(s.workload.classes.front().outputTokens.kind, scenario::LengthKind::Lognormal);
        expectSimulates(output->low, run::simulate(shorter));

        const sweep::SensitivityRow *rent = rowOf(r, "gpu-rent");
        QVERIFY(rent);
        QCOMPARE(rent->method, sweep::SensitivityMethod::Reaccounted);
        QVERIFY(rent->lowValue < rent->highValue);
        for (const bool high : {false, true}) {
            scenario::Scenario moved = s;
            moved.deployments.front().hosting.pricePerGpuHourUsd
                    = high ? rent->highValue : rent->lowValue;
            expectSimulates(high ? rent->high : rent->low, run::simulate(moved));
        }

        const sweep::SensitivityRow *pue = rowOf(r, "pue");
        QVERIFY(pue);
        scenario::Scenario efficient = s;
        efficient.region.pue = pue->lowValue;
        expectSimulates(pue->low, run::simulate(efficient));
        // pue_wue.csv: Meta's 2021 buildings (1.09) to the Uptime 2023 survey mean (1.58).
        QCOMPARE(pue->lowValue, 1.09);
        QCOMPARE(pue->highValue, 1.58);
    }

    /// A rented fleet's cost is its GPU-hours times the price (docs/model.md, "Cost"): the
    /// monthly cost scales with the price exactly, and energy and latency do not move. PUE
    /// scales facility energy in proportion (facility = IT x PUE) and leaves cloud cost alone.
    void linearLinesMoveByHand()
    {
        const scenario::Scenario s = example("default", 1200.0);
        const sweep::SensitivityResult r = sweep::sensitivity(s);
        const sweep::SensitivityRow &rent = *rowOf(r, "gpu-rent");
        const double price = s.deployments.front().hosting.pricePerGpuHourUsd;
        QVERIFY(near(rent.low.usdPerMonth, r.base.usdPerMonth * rent.lowValue / price));
        QVERIFY(near(rent.high.usdPerMonth, r.base.usdPerMonth * rent.highValue / price));
        QCOMPARE(rent.low.kwhPerMonth, r.base.kwhPerMonth);
        QCOMPARE(rent.low.e2eP95Seconds, r.base.e2eP95Seconds);

        const sweep::SensitivityRow &pue = *rowOf(r, "pue");
        QVERIFY(near(pue.low.kwhPerMonth, r.base.kwhPerMonth * 1.09 / s.region.pue));
        QVERIFY(near(pue.high.kwhPerMonth, r.base.kwhPerMonth * 1.58 / s.region.pue));
        QVERIFY(near(pue.low.usdPerMonth, r.base.usdPerMonth));
        QVERIFY(pue.low.kgCo2ePerMonth < r.base.kgCo2ePerMonth);

        // Rows come largest swing of cost per 1M output tokens first.
        for (std::size_t i = 1; i < r.rows.size(); ++i)
            QVERIFY(sweep::swing(r.rows[i - 1],
                                 &sweep::SensitivityFigures::usdPerMillionOutputTokens)
                    >= sweep::swing(r.rows[i],
                                    &sweep::SensitivityFigures::usdPerMillionOutputTokens));
        // Nothing on premises: those inputs are left out, and said to be.
        QVERIFY(!rowOf(r, "electricity-price"));
        QVERIFY(std::any_of(r.skipped.begin(), r.skipped.end(), [](const std::string &why) {
            return why.find("on premises") != std::string::npos;
        }));
    }

    /// On premises, electricity is a cost line of its own: moving its price by ±25 % moves the
    /// monthly cost by exactly 2 x 0.25 x the base run's electricity cost a month. Capex and the
    /// operations share of it are linear in the purchase price, so its row is symmetric.
    void onPremisesLines()
    {
        const scenario::Scenario s = example("dgx-on-premises", 3600.0);
        const metrics::Results base = run::simulate(s);
        QVERIFY(base.cost.energyUsd > 0.0);
        const sweep::SensitivityResult r = sweep::sensitivity(s);
        const sweep::SensitivityRow *power = rowOf(r, "electricity-price");
        QVERIFY(power);
        const double energyPerMonth
                = base.cost.energyUsd * kHoursPerMonth * 3600.0 / base.horizonSeconds;
        QVERIFY(near(power->high.usdPerMonth - power->low.usdPerMonth, 2 * 0.25 * energyPerMonth,
                     1e-9));
        QCOMPARE(power->low.kwhPerMonth, power->high.kwhPerMonth);
        const sweep::SensitivityRow *buy = rowOf(r, "purchase-price");
        QVERIFY(buy);
        QVERIFY(near(buy->high.usdPerMonth - r.base.usdPerMonth,
                     r.base.usdPerMonth - buy->low.usdPerMonth, 1e-9));
        QVERIFY(buy->high.usdPerMonth > r.base.usdPerMonth);
        QVERIFY(!rowOf(r, "gpu-rent")); // nothing is rented
    }

    /// An API's charges are tokens times prices: ±20 % on both prices moves the cost of an
    /// API-only scenario by exactly ±20 %, and nothing else.
    void apiPrices()
    {
        const scenario::Scenario s = example("thin-traffic-api", 3600.0);
        const sweep::SensitivityResult r = sweep::sensitivity(s);
        const sweep::SensitivityRow *api = rowOf(r, "api-price");
        QVERIFY(api);
        QVERIFY(near(api->low.usdPerMonth, 0.8 * r.base.usdPerMonth));
        QVERIFY(near(api->high.usdPerMonth, 1.2 * r.base.usdPerMonth));
        QCOMPARE(api->high.e2eP95Seconds, r.base.e2eP95Seconds);
    }

    /// The model-error row is the result's error band (metrics::errorBandsOf) both ways.
    void modelErrorIsTheErrorBand()
    {
        const scenario::Scenario s = example("default", 1200.0);
        const metrics::Results base = run::simulate(s);
        const metrics::ErrorBands bands = metrics::errorBandsOf(base);
        QVERIFY(bands.energyFraction > 0.0);
        const sweep::SensitivityResult r = sweep::sensitivity(s);
        const sweep::SensitivityRow *error = rowOf(r, "model-error");
        QVERIFY(error);
        QCOMPARE(error->method, sweep::SensitivityMethod::ErrorBand);
        QVERIFY(near(error->low.kwhPerMonth, r.base.kwhPerMonth * (1 - bands.energyFraction)));
        QVERIFY(near(error->high.kwhPerMonth, r.base.kwhPerMonth * (1 + bands.energyFraction)));
        QVERIFY(near(error->high.e2eP95Seconds, r.base.e2eP95Seconds * (1 + bands.tpotFraction)));
        QVERIFY(!error->basis.empty());
    }

    /// A trace keeps its own lengths: only its speed moves (timeScale divided by 1 ± r).
    void traceMovesItsSpeedOnly()
    {
        scenario::Scenario s = example("default", 600.0);
        s.workload.arrival.kind = scenario::ArrivalKind::Trace;
        s.workload.arrival.diurnal = false;
        auto trace = std::make_shared<std::vector<scenario::TraceRecord>>();
        for (int i = 0; i < 1500; ++i)
            trace->push_back({i * 0.4, 200 + (i * 37) % 900, 20 + (i * 53) % 300});
        s.workload.arrival.trace = trace;
        const sweep::SensitivityResult r = sweep::sensitivity(s);
        QVERIFY(!rowOf(r, "prompt-tokens"));
        const sweep::SensitivityRow *traffic = rowOf(r, "traffic");
        QVERIFY(traffic);
        scenario::Scenario faster = s;
        faster.workload.arrival.timeScale = 1.0 / 1.2;
        expectSimulates(traffic->high, run::simulate(faster));
    }

    void refusesRangesOutsideTheInterval()
    {
        const scenario::Scenario s = example("default", 600.0);
        for (const double bad : {0.0, -0.1, 0.95, std::nan("")}) {
            sweep::SensitivityOptions o;
            o.trafficRange = bad;
            try {
                sweep::sensitivity(s, o);
                QFAIL("accepted a range outside (0, 0.9]");
            } catch (const InputError &error) {
                QCOMPARE(QString::fromStdString(error.issues().front().path),
                         QStringLiteral("--traffic"));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestSensitivity)
#include "tst_sensitivity.moc"
