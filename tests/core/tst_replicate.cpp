// Replications (core/sweep/replicate.h) against direct simulations, Student's t tables and the
// Poisson spread of arrival counts.

#include "core/catalog/catalog.h"
#include "core/common/error.h"
#include "core/run/simulate.h"
#include "core/scenario_io/examples.h"
#include "core/scenario_io/scenario_json.h"
#include "core/sweep/replicate.h"
#include "test_support.h"

#include <cmath>

using namespace tw;

namespace {

scenario::Scenario shortDefault(double horizonSeconds)
{
    scenario::Scenario s = scenario::parseScenarioJson(scenario::findExample("default")->json,
                                                       catalog::Catalog::builtIn());
    s.simulation.horizonSeconds = horizonSeconds;
    s.simulation.warmupSeconds = horizonSeconds / 10.0;
    return s;
}

const sweep::ReplicatedFigure &figure(const sweep::ReplicationResult &r, const std::string &key)
{
    for (const sweep::ReplicatedFigure &f : r.figures)
        if (f.key == key)
            return f;
    throw std::runtime_error("no figure " + key);
}

void expectRefused(const sweep::ReplicationOptions &o, const char *path)
{
    try {
        sweep::replicate(shortDefault(300.0), o);
        QFAIL("accepted options out of range");
    } catch (const InputError &error) {
        QCOMPARE(QString::fromStdString(error.issues().front().path), QString::fromLatin1(path));
    }
}

} // namespace

class TestReplicate : public QObject
{
    Q_OBJECT

private slots:
    /// Mean, spread and interval are those of the scenario simulated with seeds s .. s + 4,
    /// computed here by hand: t(0.975, 4) = 2.776.
    void equalsDirectSimulations()
    {
        const scenario::Scenario s = shortDefault(600.0);
        sweep::ReplicationOptions o;
        o.replications = 5;
        o.firstSeed = 11;
        const sweep::ReplicationResult r = sweep::replicate(s, o);
        QCOMPARE(r.replications, 5);
        QCOMPARE(r.seeds, (std::vector<std::uint64_t>{11, 12, 13, 14, 15}));
        std::vector<double> costs;
        for (std::uint64_t seed = 11; seed <= 15; ++seed) {
            sim::RunOptions run;
            run.seed = seed;
            costs.push_back(run::simulate(s, run).cost.perMillionOutputTokensUsd);
        }
        double mean = 0.0;
        for (double c : costs)
            mean += c / 5.0;
        double squares = 0.0;
        for (double c : costs)
            squares += (c - mean) * (c - mean);
        const double sd = std::sqrt(squares / 4.0);
        const sweep::ReplicatedFigure &cost = r.figures.front();
        QCOMPARE(QString::fromStdString(cost.key),
                 QStringLiteral("cost.perMillionOutputTokensUsd"));
        QVERIFY(std::fabs(cost.mean - mean) <= 1e-12 * mean);
        QVERIFY(std::fabs(cost.standardDeviation - sd) <= 1e-9 * sd);
        QVERIFY(std::fabs(cost.halfWidth95 - 2.776 * sd / std::sqrt(5.0)) <= 1e-9 * sd);
        QVERIFY(sd > 0.0); // the seeds do differ
        // The same call gives the same answer.
        QCOMPARE(sweep::replicate(s, o).figures.front().mean, cost.mean);
    }

    /// Poisson arrivals: the count in a window of W seconds at rate λ has variance λW, so the
    /// arrival rate measured over the window has standard deviation sqrt(λ / W). Forty
    /// replications estimate it within the chi-square spread (±22 % at 95 % for 39 degrees of
    /// freedom); the test allows ±30 %.
    void poissonArrivalsSpreadAsTheory()
    {
        scenario::Scenario s = shortDefault(400.0);
        s.workload.arrival.diurnal = false;
        s.workload.arrival.kind = scenario::ArrivalKind::Poisson;
        s.workload.arrival.ratePerSecond = 2.0;
        s.simulation.warmupSeconds = 0.0;
        sweep::ReplicationOptions o;
        o.replications = 40;
        const sweep::ReplicationResult r = sweep::replicate(s, o);
        const sweep::ReplicatedFigure &arrivals = figure(r, "arrivalRatePerSecond");
        const double theory = std::sqrt(2.0 / 400.0);
        QVERIFY2(std::fabs(arrivals.mean - 2.0) < 3.0 * theory / std::sqrt(40.0),
                 qPrintable(QString::number(arrivals.mean)));
        const double ratio = arrivals.standardDeviation / theory;
        QVERIFY2(ratio > 0.7 && ratio < 1.3, qPrintable(QString::number(ratio)));
    }

    /// Automatic mode stops at the first batch whose headline interval is within the target,
    /// or at the maximum, saying which.
    void automaticStopsAtTheTarget()
    {
        const scenario::Scenario s = shortDefault(600.0);
        sweep::ReplicationOptions o;
        o.threads = 2;
        const sweep::ReplicationResult r = sweep::replicate(s, o);
        QVERIFY(r.converged);
        QVERIFY(r.replications >= 4);
        const sweep::ReplicatedFigure &cost = r.figures.front();
        QVERIFY(cost.halfWidth95 <= 0.02 * cost.mean);

        o.targetRelativeHalfWidth = 1e-6;
        o.maxReplications = 8;
        const sweep::ReplicationResult capped = sweep::replicate(s, o);
        QVERIFY(!capped.converged);
        QCOMPARE(capped.replications, 8);
    }

    /// The model-error column is the run's error band, not sampling noise: TPOT carries the
    /// calibrated latency error, TTFT none; together is the quadrature sum.
    void modelErrorBesideTheInterval()
    {
        sweep::ReplicationOptions o;
        o.replications = 4;
        const sweep::ReplicationResult r = sweep::replicate(shortDefault(600.0), o);
        const sweep::ReplicatedFigure &tpot = figure(r, "tpotSeconds.p95");
        QVERIFY(tpot.modelErrorFraction > 0.0);
        QCOMPARE(figure(r, "ttftSeconds.p95").modelErrorFraction, 0.0);
        const double sampling = tpot.halfWidth95 / tpot.mean;
        QVERIFY(std::fabs(tpot.combinedFraction() - std::hypot(sampling, tpot.modelErrorFraction))
                < 1e-12);
    }

    /// t(0.975, df): the table's ends, and the expansion beyond it against exact quantiles
    /// (t(0.975, 31) = 2.0395, t(0.975, 100) = 1.9840, t(0.975, 1000) = 1.9623).
    void studentQuantiles()
    {
        QCOMPARE(sweep::studentT975(1), 12.706);
        QCOMPARE(sweep::studentT975(30), 2.042);
        QVERIFY(std::fabs(sweep::studentT975(31) - 2.0395) < 5e-4);
        QVERIFY(std::fabs(sweep::studentT975(100) - 1.9840) < 2e-4);
        QVERIFY(std::fabs(sweep::studentT975(1000) - 1.9623) < 1e-4);
        QVERIFY(std::isnan(sweep::studentT975(0)));
    }

    void refusesOptionsOutOfRange()
    {
        sweep::ReplicationOptions one;
        one.replications = 1;
        expectRefused(one, "--replications");
        sweep::ReplicationOptions flat;
        flat.targetRelativeHalfWidth = 0.0;
        expectRefused(flat, "--target");
        sweep::ReplicationOptions few;
        few.maxReplications = 2;
        expectRefused(few, "--max-replications");
    }
};

QTEST_GUILESS_MAIN(TestReplicate)
#include "tst_replicate.moc"
