#include "ui/report/report_format.h"

#include <QLocale>

#include <cmath>

namespace tw::ui::report {
namespace {

/// English with grouping, independent of the user's locale (see the header).
const QLocale &english()
{
    static const QLocale locale(QLocale::English, QLocale::UnitedStates);
    return locale;
}

/// Decimals that show @p digits significant digits of @p value (never negative).
int decimalsFor(double value, int digits)
{
    if (value == 0.0 || !std::isfinite(value))
        return 0;
    const int magnitude = static_cast<int>(std::floor(std::log10(std::abs(value))));
    return std::max(0, digits - 1 - magnitude);
}

} // namespace

double roundSignificant(double value, int digits)
{
    if (value == 0.0 || !std::isfinite(value))
        return value;
    const int magnitude = static_cast<int>(std::floor(std::log10(std::abs(value))));
    const double scale = std::pow(10.0, digits - 1 - magnitude);
    return std::round(value * scale) / scale;
}

QString grouped(double value, int decimals)
{
    if (!std::isfinite(value))
        return QStringLiteral("–");
    // Avoid "-0" after rounding a tiny negative number.
    const double scale = std::pow(10.0, decimals);
    double rounded = std::round(value * scale) / scale;
    if (rounded == 0.0)
        rounded = 0.0;
    return english().toString(rounded, 'f', decimals);
}

QString significant(double value)
{
    if (!std::isfinite(value))
        return QStringLiteral("–");
    const double rounded = roundSignificant(value, 3);
    return grouped(rounded, decimalsFor(rounded, 3));
}

QString money(double usd)
{
    if (!std::isfinite(usd))
        return QStringLiteral("–");
    const QString sign = usd < 0.0 ? QStringLiteral("−") : QString();
    const double magnitude = std::abs(usd);
    QString text;
    if (magnitude >= 1e9)
        text = significant(magnitude / 1e9) + QStringLiteral(" billion");
    else if (magnitude >= 1e6)
        text = significant(magnitude / 1e6) + QStringLiteral(" million");
    else if (magnitude >= 100.0)
        text = grouped(roundSignificant(magnitude, 3), 0);
    else if (magnitude >= 0.01 || magnitude == 0.0)
        text = grouped(magnitude, 2); // cents, as prices are written
    else
        text = significant(magnitude);
    return sign + QStringLiteral("$") + text;
}

QString energy(double kwh)
{
    const double magnitude = std::abs(kwh);
    if (magnitude >= 1e6)
        return significant(kwh / 1e6) + QStringLiteral(" GWh");
    if (magnitude >= 1e3)
        return significant(kwh / 1e3) + QStringLiteral(" MWh");
    return significant(kwh) + QStringLiteral(" kWh");
}

QString mass(double kg)
{
    if (std::abs(kg) >= 1000.0)
        return significant(kg / 1000.0) + QStringLiteral(" t");
    return significant(kg) + QStringLiteral(" kg");
}

QString latency(double seconds)
{
    if (!std::isfinite(seconds))
        return QStringLiteral("–");
    const double magnitude = std::abs(seconds);
    if (magnitude < 0.1) {
        const double ms = roundSignificant(seconds * 1000.0, 2);
        return grouped(ms, decimalsFor(ms, 2)) + QStringLiteral(" ms");
    }
    if (magnitude < 10.0)
        return grouped(seconds, decimalsFor(roundSignificant(seconds, 2), 2))
               + QStringLiteral(" s");
    if (magnitude < 100.0)
        return grouped(seconds, 0) + QStringLiteral(" s");
    if (magnitude < 7200.0)
        return significant(seconds / 60.0) + QStringLiteral(" min");
    return significant(seconds / 3600.0) + QStringLiteral(" h");
}

QString percent(double fraction)
{
    if (!std::isfinite(fraction))
        return QStringLiteral("–");
    const double value = fraction * 100.0;
    const double magnitude = std::abs(value);
    if (magnitude > 0.0 && magnitude < 0.1)
        return QStringLiteral("< 0.1 %");
    return grouped(value, magnitude < 9.95 ? 1 : 0) + QStringLiteral(" %");
}

QString countWords(long long count)
{
    static const char *const kWords[]
            = {"zero",  "one",   "two",  "three", "four",   "five",  "six",
               "seven", "eight", "nine", "ten",   "eleven", "twelve"};
    if (count >= 0 && count <= 12)
        return QString::fromLatin1(kWords[count]);
    return english().toString(count);
}

QString counted(long long count, const QString &singular, const QString &plural, bool words)
{
    const QString number = words ? countWords(count) : english().toString(count);
    return number + QLatin1Char(' ') + (count == 1 ? singular : plural);
}

QString amount(double value)
{
    if (!std::isfinite(value))
        return QStringLiteral("–");
    if (std::abs(value) < 9.95)
        return grouped(value, 1);
    return grouped(roundSignificant(value, std::abs(value) < 1000.0 ? 2 : 3), 0);
}

} // namespace tw::ui::report
