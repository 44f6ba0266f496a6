#pragma once

// Helpers shared by the Qt Test suites.

#include <QtTest/QtTest>

#include <cmath>

namespace tw::test {

/// True when |actual - expected| <= relTolerance x |expected| (or <= relTolerance when
/// expected is 0).
inline bool closeRelative(double actual, double expected, double relTolerance)
{
    const double scale = expected == 0.0 ? 1.0 : std::fabs(expected);
    return std::fabs(actual - expected) <= relTolerance * scale;
}

} // namespace tw::test

/// Compares doubles with an explicit relative tolerance and prints both values on failure.
#define TW_COMPARE_REL(actual, expected, relTolerance)                                             \
    do {                                                                                           \
        const double twActual = (actual);                                                          \
        const double twExpected = (expected);                                                      \
        if (!tw::test::closeRelative(twActual, twExpected, (relTolerance))) {                      \
            QFAIL(qPrintable(QStringLiteral("%1 = %2, expected %3 within %4 %")                    \
                                     .arg(QStringLiteral(#actual))                                 \
                                     .arg(twActual, 0, 'g', 10)                                    \
                                     .arg(twExpected, 0, 'g', 10)                                  \
                                     .arg((relTolerance)*100.0)));                                 \
        }                                                                                          \
    } while (false)
