// Tests of core/common/random.h: reproducible named streams, the AS241 inverse normal CDF and
// the moments of the exponential and gamma samplers.
//
// The moment checks use a fixed seed, so they are deterministic; their tolerances are five
// standard errors of the estimate, so a correct sampler passes for all but about one seed in
// 1.7 million (two-sided normal tail beyond 5 sigma), while a biased one fails.

#include "core/common/random.h"

#include "test_support.h"

#include <cmath>
#include <cstdint>

using tw::RandomStream;

namespace {

constexpr int kSamples = 200'000;

struct Moments
{
    double mean = 0.0;
    double variance = 0.0; ///< unbiased sample variance
};

// Welford's one-pass algorithm (numerically stable for large n).
template<typename Draw> Moments momentsOf(int n, Draw draw)
{
    double mean = 0.0;
    double m2 = 0.0;
    for (int i = 1; i <= n; ++i) {
        const double x = draw();
        const double delta = x - mean;
        mean += delta / i;
        m2 += delta * (x - mean);
    }
    return {mean, m2 / (n - 1)};
}

} // namespace

class TestRandom : public QObject
{
    Q_OBJECT

private slots:
    void sameIdentitySameSequence();
    void streamsDiffer_data();
    void streamsDiffer();
    void pinnedSequence_data();
    void pinnedSequence();
    void inverseNormalCdf_data();
    void inverseNormalCdf();
    void inverseNormalCdfSymmetric_data();
    void inverseNormalCdfSymmetric();
    void uniformOpenNeverHitsTheEnds();
    void exponentialMean();
    void gammaMoments_data();
    void gammaMoments();
    void samplersAreReproducible();
};

void TestRandom::sameIdentitySameSequence()
{
    RandomStream a(7, 2, "arrivals");
    RandomStream b(7, 2, "arrivals");
    for (int i = 0; i < 10'000; ++i)
        QCOMPARE(a.nextU64(), b.nextU64());
}

void TestRandom::streamsDiffer_data()
{
    QTest::addColumn<quint64>("seed");
    QTest::addColumn<quint64>("replication");
    QTest::addColumn<QString>("name");

    // Each row differs from the reference stream (7, 2, "arrivals") in one element.
    QTest::newRow("other name") << quint64{7} << quint64{2} << "lengths";
    QTest::newRow("name differing in one letter") << quint64{7} << quint64{2} << "arrivalS";
    QTest::newRow("other replication") << quint64{7} << quint64{3} << "arrivals";
    QTest::newRow("other seed") << quint64{8} << quint64{2} << "arrivals";
    QTest::newRow("seed and replication swapped") << quint64{2} << quint64{7} << "arrivals";
}

void TestRandom::streamsDiffer()
{
    QFETCH(quint64, seed);
    QFETCH(quint64, replication);
    QFETCH(QString, name);

    RandomStream reference(7, 2, "arrivals");
    RandomStream other(seed, replication, name.toStdString());
    // Two independent 64-bit streams agree at a position with probability 2^-64; any
    // agreement in 1000 draws means the streams are related.
    int equal = 0;
    for (int i = 0; i < 1000; ++i)
        equal += reference.nextU64() == other.nextU64() ? 1 : 0;
    QCOMPARE(equal, 0);
}

void TestRandom::pinnedSequence_data()
{
    QTest::addColumn<quint64>("seed");
    QTest::addColumn<quint64>("replication");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QList<quint64>>("expected");

    // Computed with an independent transliteration (Python, arbitrary-precision integers
    // masked to 64 bits) of SplitMix64, FNV-1a and xoshiro256** as published, following the
    // seeding in RandomStream's constructor. A change here changes every simulation result,
    // so it must be deliberate.
    QTest::newRow("seed 1, replication 0, arrivals")
            << quint64{1} << quint64{0} << "arrivals"
            << QList<quint64>{15564694751074562578ull, 6846916438109737277ull,
                              6653714483370739827ull};
    QTest::newRow("seed 42, replication 3, lengths")
            << quint64{42} << quint64{3} << "lengths"
            << QList<quint64>{8657331599997465107ull, 5838914581797330454ull,
                              772960162010813435ull};
}

void TestRandom::pinnedSequence()
{
    QFETCH(quint64, seed);
    QFETCH(quint64, replication);
    QFETCH(QString, name);
    QFETCH(QList<quint64>, expected);

    RandomStream stream(seed, replication, name.toStdString());
    for (quint64 value : expected)
        QCOMPARE(quint64{stream.nextU64()}, value);
}

void TestRandom::inverseNormalCdf_data()
{
    QTest::addColumn<double>("p");
    QTest::addColumn<double>("expected");

    // Reference quantiles: sqrt(2) erfinv(2p - 1) evaluated with mpmath at 40-400 digits.
    // The rows exercise all three regions of AS241: |p - 0.5| <= 0.425, the tail with
    // r = sqrt(-ln p) <= 5, and the far tail r > 5.
    QTest::newRow("median") << 0.5 << 0.0;
    QTest::newRow("0.975 (central region)") << 0.975 << 1.959963984540054;
    QTest::newRow("0.075 (central region edge)") << 0.075 << -1.4395314709384559;
    QTest::newRow("0.02425 (tail)") << 0.02425 << -1.9729610513118849;
    QTest::newRow("0.001 (tail)") << 0.001 << -3.0902323061678135;
    QTest::newRow("1e-10 (tail)") << 1e-10 << -6.361340902404056;
    QTest::newRow("1e-20 (far tail)") << 1e-20 << -9.2623400897984076;
    QTest::newRow("1e-100 (far tail)") << 1e-100 << -21.273453560965324;
    QTest::newRow("1e-300 (far tail)") << 1e-300 << -37.047096299361199;
}

void TestRandom::inverseNormalCdf()
{
    QFETCH(double, p);
    QFETCH(double, expected);

    // AS241 is accurate to about 1e-16 relative; allow a few ulps of rounding on top.
    TW_COMPARE_REL(tw::inverseNormalCdf(p), expected, 1e-14);
}

void TestRandom::inverseNormalCdfSymmetric_data()
{
    QTest::addColumn<double>("p");

    // Powers of two, so 1 - p is exact and the symmetry must hold to rounding only.
    QTest::newRow("1/4") << 0.25;
    QTest::newRow("1/16") << 0.0625;
    QTest::newRow("2^-10") << std::ldexp(1.0, -10);
    QTest::newRow("2^-30") << std::ldexp(1.0, -30);
    QTest::newRow("2^-52") << std::ldexp(1.0, -52);
}

void TestRandom::inverseNormalCdfSymmetric()
{
    QFETCH(double, p);

    const double lower = tw::inverseNormalCdf(p);
    QVERIFY(lower < 0.0);
    TW_COMPARE_REL(tw::inverseNormalCdf(1.0 - p), -lower, 1e-14);
}

void TestRandom::uniformOpenNeverHitsTheEnds()
{
    // uniformOpen() returns (k + 1/2) 2^-52 for a 52-bit k: the smallest value is 2^-53 and
    // the largest 1 - 2^-53, both exact doubles. Check the lattice on many draws, which
    // shows the construction holds, and the bounds themselves.
    RandomStream stream(3, 0, "uniform");
    double smallest = 1.0;
    double largest = 0.0;
    for (int i = 0; i < 1'000'000; ++i) {
        const double u = stream.uniformOpen();
        QVERIFY(u > 0.0 && u < 1.0);
        const double cell = u * 0x1.0p52 - 0.5;
        QCOMPARE(cell, std::floor(cell));
        smallest = std::min(smallest, u);
        largest = std::max(largest, u);
    }
    QVERIFY(smallest < 1e-5 && largest > 1.0 - 1e-5); // the draws cover the interval
    QVERIFY(0.5 * 0x1.0p-52 > 0.0);
    QVERIFY((0x1.0p52 - 1.0 + 0.5) * 0x1.0p-52 < 1.0);
}

void TestRandom::exponentialMean()
{
    // Exponential(mean mu): standard deviation mu, so the standard error of the mean of n
    // samples is mu / sqrt(n) = 2.5 / sqrt(200000) = 0.0056; 5 SE is a relative tolerance of
    // 5 / sqrt(n) = 1.1 %.
    const double mu = 2.5;
    RandomStream stream(11, 0, "exponential");
    const Moments m = momentsOf(kSamples, [&] { return stream.exponential(mu); });
    TW_COMPARE_REL(m.mean, mu, 5.0 / std::sqrt(kSamples));
    // Variance mu^2; the excess kurtosis of the exponential is 6, so (see gammaMoments)
    // SE(s^2) ~= mu^2 sqrt(8 / n).
    TW_COMPARE_REL(m.variance, mu * mu, 5.0 * std::sqrt(8.0 / kSamples));
}

void TestRandom::gammaMoments_data()
{
    QTest::addColumn<double>("shape");
    QTest::addColumn<double>("scale");

    QTest::newRow("shape 0.25 (boosted to 1.25)") << 0.25 << 2.0;
    QTest::newRow("shape 1 (exponential)") << 1.0 << 2.0;
    QTest::newRow("shape 4") << 4.0 << 0.5;
}

void TestRandom::gammaMoments()
{
    QFETCH(double, shape);
    QFETCH(double, scale);

    RandomStream stream(5, 1, "gamma");
    const Moments m = momentsOf(kSamples, [&] { return stream.gamma(shape, scale); });
    const double n = kSamples;

    // Gamma(k, theta): mean k theta, variance sigma^2 = k theta^2.
    // SE of the mean = sigma / sqrt(n), i.e. relative SE = 1 / sqrt(k n).
    const double mean = shape * scale;
    TW_COMPARE_REL(m.mean, mean, 5.0 / std::sqrt(shape * n));

    // SE of the sample variance: for large n, Var(s^2) ~= (mu4 - sigma^4) / n, where mu4 is
    // the fourth central moment. With excess kurtosis g2 = mu4 / sigma^4 - 3 this is
    // sigma^4 (g2 + 2) / n. The gamma distribution has g2 = 6 / k, so the relative SE of s^2
    // is sqrt((2 + 6 / k) / n): 1.14 % for k = 0.25, 0.63 % for k = 1, 0.42 % for k = 4.
    const double variance = shape * scale * scale;
    TW_COMPARE_REL(m.variance, variance, 5.0 * std::sqrt((2.0 + 6.0 / shape) / n));
}

void TestRandom::samplersAreReproducible()
{
    // The rejection loop of the gamma sampler consumes a variable number of uniforms; the
    // sequence must still be a pure function of the stream identity.
    RandomStream a(9, 4, "mixed");
    RandomStream b(9, 4, "mixed");
    for (int i = 0; i < 1000; ++i) {
        QCOMPARE(a.gamma(0.7, 1.3), b.gamma(0.7, 1.3));
        QCOMPARE(a.standardNormal(), b.standardNormal());
        QCOMPARE(a.exponential(0.1), b.exponential(0.1));
    }
}

QTEST_APPLESS_MAIN(TestRandom)
#include "tst_random.moc"
