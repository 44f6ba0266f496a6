#include "ui/lever_rules.h"

#include "core/catalog/catalog.h"
#include "core/scenario_io/catalog_apis.h"
#include "core/sim/batching_policies.h"
#include "ui/levers.h"
#include "ui/render/core_text.h"
#include "ui/scenario_document.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

namespace tw::ui {
namespace {

using scenario::ArrivalKind;
using scenario::LengthKind;
using scenario::Scenario;

QString tr(const char *text)
{
    return QCoreApplication::translate("tw::ui::Levers", text);
}

/// Path of the mean of a token-count distribution, by its kind.
QString lengthPath(const scenario::LengthDistribution &d, const QString &base, QString *whyNot)
{
    switch (d.kind) {
    case LengthKind::Lognormal:
    case LengthKind::Exponential:
        return base + QStringLiteral(".mean");
    case LengthKind::Fixed:
        return base + QStringLiteral(".value");
    case LengthKind::Uniform:
    case LengthKind::Empirical:
        break;
    }
    *whyNot = tr("This distribution (uniform or empirical) has no single mean to set; edit it "
                 "in the scenario file.");
    return {};
}

} // namespace

namespace lever_rules {

QString unlessPoissonOrGamma(const Scenario &s)
{
    switch (s.workload.arrival.kind) {
    case ArrivalKind::Poisson:
    case ArrivalKind::Gamma:
        return {};
    case ArrivalKind::Trace:
        return tr("This scenario replays a trace: its arrival times come from the file.");
    case ArrivalKind::ClosedLoop:
        return tr("This scenario is a closed loop: users send their next request when the "
                  "previous one completes, so there is no arrival rate.");
    }
    return {};
}

QString unlessClosedLoop(const Scenario &s)
{
    return s.workload.arrival.kind == ArrivalKind::ClosedLoop
                   ? QString()
                   : tr("Only closed-loop scenarios have a fixed number of users.");
}

QString unlessSelfHosted(const Scenario &s)
{
    return selfHostedReason(s);
}

QString unlessRented(const Scenario &s)
{
    if (QString reason = selfHostedReason(s); !reason.isEmpty())
        return reason;
    if (s.deployments.front().hosting.kind != scenario::HostingKind::Cloud)
        return tr("The GPUs are bought (on premises): their cost is the purchase price "
                  "amortised over the years set in the scenario file.");
    return {};
}

QString unlessAutoscaled(const Scenario &s)
{
    if (QString reason = selfHostedReason(s); !reason.isEmpty())
        return reason;
    if (!s.deployments.front().autoscaling.enabled)
        return tr("The replicas are fixed: every one is provisioned for the whole horizon. Add "
                  "an \"autoscaling\" object to the deployment in the scenario file to let "
                  "them follow the traffic.");
    return {};
}

QString batchLimitPath(const Scenario &s, QString *whyNot)
{
    *whyNot = selfHostedReason(s);
    if (!whyNot->isEmpty())
        return {};
    const std::string_view limit
            = sim::batchingPolicy(s.deployments.front().serving.policy).batchLimitKey;
    if (!limit.empty())
        return QStringLiteral("deployments[0].serving.") + fromView(limit);
    *whyNot = tr("Without batching each replica serves one request at a time.");
    return {};
}

QString batchLimitLabel(const Scenario &s)
{
    const bool requestLevel
            = selfHostedReason(s).isEmpty()
              && sim::batchingPolicy(s.deployments.front().serving.policy).batchLimitKey
                         == "maxBatchSize";
    return requestLevel ? tr("Max batch size") : tr("Max running requests");
}

QString promptMeanPath(const Scenario &s, QString *whyNot)
{
    return lengthPath(s.workload.classes.front().promptTokens,
                      QStringLiteral("workload.classes[0].promptTokens"), whyNot);
}

QString outputMeanPath(const Scenario &s, QString *whyNot)
{
    return lengthPath(s.workload.classes.front().outputTokens,
                      QStringLiteral("workload.classes[0].outputTokens"), whyNot);
}

double readPeakToTrough(const ScenarioDocument &d)
{
    const auto &arrival = d.scenario().workload.arrival;
    if (!arrival.diurnal)
        return 1.0;
    const double given = d.numberAt(QStringLiteral("workload.arrival.diurnal.peakToTrough"), 0.0);
    if (given > 0.0)
        return given;
    const auto [low, high] = std::minmax_element(arrival.hourlyMultipliers.begin(),
                                                 arrival.hourlyMultipliers.end());
    return *low > 0.0 ? *high / *low : 10.0;
}

void writePeakToTrough(nlohmann::json &json, const QString &, double value)
{
    nlohmann::json &arrival = json["workload"]["arrival"];
    double peakHour = 14.0;
    if (arrival.contains("diurnal") && arrival["diurnal"].contains("peakHour")
        && arrival["diurnal"]["peakHour"].is_number())
        peakHour = arrival["diurnal"]["peakHour"].get<double>();
    if (value <= 1.0)
        arrival.erase("diurnal"); // flat: the same as a ratio of 1, and simpler
    else
        arrival["diurnal"] = {{"peakToTrough", value}, {"peakHour", peakHour}};
}

double readBurstiness(const ScenarioDocument &d)
{
    const auto &arrival = d.scenario().workload.arrival;
    return arrival.kind == ArrivalKind::Gamma ? arrival.cv : 1.0;
}

void writeBurstiness(nlohmann::json &json, const QString &, double value)
{
    nlohmann::json &arrival = json["workload"]["arrival"];
    const bool poisson = std::abs(value - 1.0) < 1e-9;
    arrival["type"] = poisson ? "poisson" : "gamma";
    arrival["cv"] = poisson ? 1.0 : value;
}

} // namespace lever_rules

QString selfHostedReason(const Scenario &scenario)
{
    const scenario::Deployment &first = scenario.deployments.front();
    if (first.kind == scenario::DeploymentKind::SelfHosted)
        return {};
    return tr("The first deployment ('%1') is served through an API (%2): it has no model, GPUs "
              "or batching to set here.")
            .arg(QString::fromStdString(first.name),
                 QString::fromStdString(first.api.provider + ' ' + first.api.model).trimmed());
}

void setFirstDeploymentGpu(nlohmann::json &json, const Scenario &scenario, const std::string &gpuId)
{
    nlohmann::json &deployment = json["deployments"][0];
    deployment["hardware"]["gpu"] = gpuId;
    const scenario::Deployment &current = scenario.deployments.front();
    if (current.hosting.kind != scenario::HostingKind::Cloud)
        return;
    nlohmann::json &hosting = deployment["hosting"];
    const std::string chosen = scenario::defaultCloudOffering(catalog::Catalog::builtIn(), gpuId);
    hosting.erase("priceType");
    if (!chosen.empty()) {
        hosting["offering"] = chosen;
        hosting.erase("pricePerGpuHourUsd");
    } else {
        hosting.erase("offering");
        hosting["pricePerGpuHourUsd"] = current.hosting.pricePerGpuHourUsd;
    }
}

} // namespace tw::ui
