#pragma once

// Turning core's text into Qt's: one place for the conversions every part of ui/ needs.

#include "core/common/error.h"
#include "core/metrics/result_fields.h"
#include "core/sim/batching_policies.h"

#include <QCoreApplication>
#include <QStringList>

#include <exception>
#include <string_view>

namespace tw::ui {

inline QString fromView(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

/// Every problem of @p error on its own line, as tokenwatt-cli prints them (without its prefix).
inline QString describeInputError(const InputError &error)
{
    QStringList lines;
    for (const InputIssue &issue : error.issues())
        lines << QString::fromStdString(issue.toString());
    return lines.join(QLatin1Char('\n'));
}

/// describeInputError() for an InputError, what() for any other exception.
inline QString describeError(const std::exception &error)
{
    if (const auto *input = dynamic_cast<const InputError *>(&error))
        return describeInputError(*input);
    return QString::fromUtf8(error.what());
}

/// A batching policy's name from the engine's registry, translated in the context
/// "BatchingPolicy" (the registry's labels are English string literals).
inline QString policyLabel(const sim::BatchingPolicyInfo &policy)
{
    return QCoreApplication::translate("BatchingPolicy", policy.label.data());
}

/// A text of the metric table (a label or a description, core/metrics/result_fields.h),
/// translated in the context "tw::metrics" (the table's texts are English string literals).
inline QString metricText(std::string_view text)
{
    return text.empty() ? QString()
                        : QCoreApplication::translate("tw::metrics", std::string(text).c_str());
}

} // namespace tw::ui
