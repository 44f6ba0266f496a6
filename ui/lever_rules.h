#pragma once

#include "core/scenario/scenario.h"

#include <nlohmann/json.hpp>

#include <QString>

// The rules behind the rows of the lever table (levers.cpp) that need more than a fixed JSON
// path: when a lever does not apply and why, paths that depend on the scenario, and the few
// levers that read or write more than one number.

namespace tw::ui {

class ScenarioDocument;

namespace lever_rules {

/// "" when the arrivals are Poisson or Gamma; otherwise why rate-like levers do not apply.
QString unlessPoissonOrGamma(const scenario::Scenario &s);
/// "" for a closed loop; otherwise why the users lever does not apply.
QString unlessClosedLoop(const scenario::Scenario &s);
/// "" when the first deployment is self-hosted (selfHostedReason).
QString unlessSelfHosted(const scenario::Scenario &s);
/// "" when the first deployment is self-hosted and rents its GPUs.
QString unlessRented(const scenario::Scenario &s);
/// Why the autoscaler levers do not apply (no autoscaling), or "".
QString unlessAutoscaled(const scenario::Scenario &s);

/// The first deployment's batch limit: maxRunningRequests or maxBatchSize, by its policy.
QString batchLimitPath(const scenario::Scenario &s, QString *whyNot);
/// "Max batch size" or "Max running requests", by the first deployment's policy.
QString batchLimitLabel(const scenario::Scenario &s);
/// The mean of the first class's prompt or output length (".mean" or ".value" by its kind).
QString promptMeanPath(const scenario::Scenario &s, QString *whyNot);
QString outputMeanPath(const scenario::Scenario &s, QString *whyNot);

/// The day pattern's peak-to-trough ratio: as written, or implied by hourly multipliers.
double readPeakToTrough(const ScenarioDocument &document);
/// Writes the ratio with the peak hour kept (14:00 if none); 1 removes the day pattern.
void writePeakToTrough(nlohmann::json &json, const QString &path, double value);
/// The inter-arrival cv: Gamma's, or 1 for Poisson.
double readBurstiness(const ScenarioDocument &document);
/// Writes the cv, switching between Poisson (cv 1) and Gamma.
void writeBurstiness(nlohmann::json &json, const QString &path, double value);

} // namespace lever_rules
} // namespace tw::ui
