#pragma once

#include "core/scenario/scenario.h"
#include "ui/lever_control.h"

#include <nlohmann/json.hpp>

#include <QString>

#include <functional>
#include <vector>

namespace tw::ui {

class ScenarioDocument;

/// A numeric lever of the scenario panel: how it is shown, which JSON path it edits in the
/// current scenario, how its value is read and written. Levers edit the first deployment and
/// the first request class.
struct Lever
{
    LeverSpec spec;
    QString group; ///< "Traffic", "Hardware", ...
    /// The JSON path edited in @p scenario; empty when the lever does not apply, with the
    /// reason in @p whyNot.
    std::function<QString(const scenario::Scenario &scenario, QString *whyNot)> path;
    /// The current value, for levers whose value is not the number at path() (a derived or
    /// implied value); empty = the parsed scenario's number at path() (scenario::numberAt).
    std::function<double(const ScenarioDocument &document)> read;
    /// Writes @p value; empty = set the number at path().
    std::function<void(nlohmann::json &json, const QString &path, double value)> write;
    /// The label when it depends on the scenario (e.g. batch size vs running requests).
    std::function<QString(const scenario::Scenario &scenario)> label;
};

/// The value @p lever shows for @p document, whose scenario it applies to at @p path.
double leverValue(const Lever &lever, const ScenarioDocument &document, const QString &path);

/// Every numeric lever, in panel order (the table of levers.cpp).
std::vector<Lever> scenarioLevers();

/// The label of the group levers with this group name belong to, in panel order.
QStringList leverGroups();

/// Sets the first deployment's GPU to catalog id @p gpuId. A cloud offering of another GPU
/// would be refused, so the offering becomes the catalog's on-demand offering for the new GPU,
/// or, if it has none, the current price per GPU-hour is kept as an explicit price.
void setFirstDeploymentGpu(nlohmann::json &json, const scenario::Scenario &scenario,
                           const std::string &gpuId);

/// "" when the first deployment is self-hosted; otherwise why hardware levers do not apply.
/// (This and setFirstDeploymentGpu are defined in lever_rules.cpp.)
QString selfHostedReason(const scenario::Scenario &scenario);

} // namespace tw::ui
