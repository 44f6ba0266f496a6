#pragma once

#include <QString>

namespace tw::ui::report {

/// Number formatting for reports and presentations, in English with comma thousands
/// separators whatever the user's locale: a report is a document to send, and its sentences
/// are English. About three significant digits, which is as much as a simulation of an
/// estimated workload can claim.

/// @p value rounded to @p digits significant digits (0 stays 0; NaN and infinities pass).
double roundSignificant(double value, int digits);
/// Grouped decimal: 41234.5, 0 -> "41,235"; 3.14159, 2 -> "3.14".
QString grouped(double value, int decimals);
/// About three significant digits, grouped, no exponent: "41,200", "123", "16.2", "0.0123".
QString significant(double value);

/// Dollars: "$0.0012", "$1.23", "$16.20", "$123", "$41,200", "$1.23 million", "$4.5 billion".
QString money(double usd);
/// Energy from kWh, in the largest unit that keeps the figure at 1 or more: "850 kWh",
/// "86.1 MWh", "1.2 GWh"; "0 kWh" for zero.
QString energy(double kwh);
/// Mass of CO2e from kg: "850 kg", "31.4 t", "12,300 t".
QString mass(double kg);
/// A latency with two significant digits: "85 ms" below 0.1 s, "0.91 s" below 10 s, "12 s" below
/// 100 s, then minutes
/// ("2.5 min") and hours ("3.1 h").
QString latency(double seconds);
/// A fraction as a percentage: 0.384 -> "38 %", 0.0452 -> "4.5 %", 0.0004 -> "< 0.1 %".
QString percent(double fraction);
/// A count in words up to twelve ("eight"), digits with separators above ("1,024").
QString countWords(long long count);
/// "1 GPU", "8 GPUs"; with @p words, "one GPU", "eight GPUs".
QString counted(long long count, const QString &singular, const QString &plural,
                bool words = false);
/// A quantity of everyday things: "0.4", "2.5", "12", "1,200" (one decimal below ten).
QString amount(double value);

} // namespace tw::ui::report
