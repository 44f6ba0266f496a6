#include "ui/levers.h"

#include "core/catalog/catalog.h"
#include "core/scenario_io/scenario_json.h"
#include "ui/render/core_text.h"
#include "ui/scenario_document.h"

#include <QCoreApplication>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>

namespace tw::ui {
namespace {

using scenario::Scenario;

QString tr(const char *text)
{
    return QCoreApplication::translate("tw::ui::Levers", text);
}

const scenario::Deployment *firstSelfHosted(const Scenario &s, QString *whyNot)
{
    const QString reason = selfHostedReason(s);
    if (!reason.isEmpty()) {
        *whyNot = reason;
        return nullptr;
    }
    return &s.deployments.front();
}

Lever gpusPerReplica()
{
    Lever lever;
    lever.spec = {QStringLiteral("gpusPerReplica"),
                  tr("GPUs per replica"),
                  tr(" GPUs"),
                  tr("Tensor-parallel degree: the GPUs that hold one copy of the model. It must "
                     "divide the model's attention heads. The slider steps through 1, 2, 4, 8."),
                  1.0,
                  8.0,
                  0,
                  false,
                  {1.0, 2.0, 4.0, 8.0},
                  1.0};
    lever.spec.suffixForOne = tr(" GPU");
    lever.group = tr("Hardware");
    lever.path = [](const Scenario &s, QString *whyNot) {
        return firstSelfHosted(s, whyNot) ? QStringLiteral("deployments[0].hardware.gpusPerReplica")
                                          : QString();
    };
    return lever;
}

Lever replicas()
{
    Lever lever;
    lever.spec = {QStringLiteral("replicas"),
                  tr("Replicas"),
                  tr(" replicas"),
                  tr("Independent copies of the model behind the router. Each has its own "
                     "GPUs, billed for the whole horizon."),
                  1.0,
                  64.0,
                  0,
                  false,
                  {},
                  1.0};
    lever.spec.suffixForOne = tr(" replica");
    lever.group = tr("Hardware");
    lever.path = [](const Scenario &s, QString *whyNot) {
        return firstSelfHosted(s, whyNot) ? QStringLiteral("deployments[0].hardware.replicas")
                                          : QString();
    };
    return lever;
}

Lever gpuPrice()
{
    Lever lever;
    lever.spec = {QStringLiteral("price"),
                  tr("Cloud price per GPU-hour"),
                  tr(" $/GPU-h"),
                  tr("Rent of one GPU for one hour, in US dollars. Every provisioned GPU is "
                     "billed for the whole horizon, busy or idle."),
                  0.1,
                  20.0,
                  2,
                  true,
                  {},
                  1.0};
    lever.group = tr("Hardware");
    lever.path = [](const Scenario &s, QString *whyNot) {
        const scenario::Deployment *d = firstSelfHosted(s, whyNot);
        if (!d)
            return QString();
        if (d->hosting.kind != scenario::HostingKind::Cloud) {
            *whyNot = tr("The GPUs are bought (on premises): their cost is the purchase price "
                         "amortised over the years set in the scenario file.");
            return QString();
        }
        return QStringLiteral("deployments[0].hosting.pricePerGpuHourUsd");
    };
    return lever;
}

Lever batchLimit()
{
    Lever lever;
    lever.spec = {QStringLiteral("batch"),
                  tr("Max running requests"),
                  tr(" requests"),
                  tr("Continuous batching: requests in the running batch (vLLM's max_num_seqs). "
                     "Static and dynamic batching: requests per batch. Logarithmic slider."),
                  1.0,
                  1024.0,
                  0,
                  true,
                  {},
                  1.0};
    lever.spec.suffixForOne = tr(" request");
    lever.group = tr("Serving");
    lever.path = [](const Scenario &s, QString *whyNot) {
        const scenario::Deployment *d = firstSelfHosted(s, whyNot);
        if (!d)
            return QString();
        const std::string_view limit = sim::batchingPolicy(d->serving.policy).batchLimitKey;
        if (!limit.empty())
            return QStringLiteral("deployments[0].serving.") + fromView(limit);
        *whyNot = tr("Without batching each replica serves one request at a time.");
        return QString();
    };
    lever.label = [](const Scenario &s) {
        const bool requestLevel
                = selfHostedReason(s).isEmpty()
                  && sim::batchingPolicy(s.deployments.front().serving.policy).batchLimitKey
                             == "maxBatchSize";
        return requestLevel ? tr("Max batch size") : tr("Max running requests");
    };
    return lever;
}

Lever cacheHitRate()
{
    Lever lever;
    lever.spec = {QStringLiteral("cache"),
                  tr("Response cache hit rate"),
                  tr(" %"),
                  tr("Share of the first request class answered by a response cache (exact or "
                     "semantic) in front of the deployments; hits use no GPU."),
                  0.0,
                  0.9,
                  0,
                  false,
                  {},
                  100.0};
    lever.group = tr("Cache");
    lever.path = [](const Scenario &, QString *) {
        return QStringLiteral("workload.classes[0].cacheHitRate");
    };
    return lever;
}

Lever gridIntensity()
{
    Lever lever;
    lever.spec = {QStringLiteral("grid"),
                  tr("Grid carbon intensity"),
                  tr(" gCO₂e/kWh"),
                  tr("Life-cycle emissions of the electricity the facility draws, in grams of "
                     "CO₂-equivalent per kWh (France ≈ 56, United States ≈ 370, Poland ≈ 660)."),
                  0.0,
                  1000.0,
                  0,
                  false,
                  {},
                  1.0};
    lever.group = tr("Region");
    lever.path = [](const Scenario &, QString *) {
        return QStringLiteral("region.carbonIntensityGramsPerKwh");
    };
    return lever;
}

Lever pue()
{
    Lever lever;
    lever.spec = {QStringLiteral("pue"),
                  tr("PUE"),
                  {},
                  tr("Power Usage Effectiveness: facility energy divided by IT energy (cooling, "
                     "power conversion). 1.0 is ideal; the 2024 industry mean is about 1.56."),
                  1.0,
                  2.5,
                  2,
                  false,
                  {},
                  1.0};
    lever.group = tr("Region");
    lever.path = [](const Scenario &, QString *) { return QStringLiteral("region.pue"); };
    return lever;
}

std::optional<double> number(const std::string &text)
{
    double value = 0.0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

} // namespace

double leverValue(const Lever &lever, const ScenarioDocument &document, const QString &path)
{
    if (lever.read)
        return lever.read(document);
    // Every lever without a reader edits a number of the schema, so the path always reads;
    // tst_main_window everyExampleLoadsWithData checks each lever's shown value against its
    // scenario.
    return scenario::numberAt(document.scenario(), path.toStdString()).value_or(0.0);
}

std::vector<Lever> scenarioLevers()
{
    std::vector<Lever> levers = trafficLevers();
    for (Lever lever : {gpusPerReplica(), replicas(), gpuPrice(), batchLimit(), cacheHitRate(),
                        gridIntensity(), pue()})
        levers.push_back(std::move(lever));
    return levers;
}

QStringList leverGroups()
{
    return {tr("Traffic"), tr("Model"), tr("Hardware"), tr("Serving"), tr("Cache"), tr("Region")};
}

QString selfHostedReason(const scenario::Scenario &scenario)
{
    const scenario::Deployment &first = scenario.deployments.front();
    if (first.kind == scenario::DeploymentKind::SelfHosted)
        return {};
    return tr("The first deployment ('%1') is served through an API (%2): it has no model, GPUs "
              "or batching to set here.")
            .arg(QString::fromStdString(first.name),
                 QString::fromStdString(first.api.provider + ' ' + first.api.model).trimmed());
}

void setFirstDeploymentGpu(nlohmann::json &json, const scenario::Scenario &scenario,
                           const std::string &gpuId)
{
    nlohmann::json &deployment = json["deployments"][0];
    deployment["hardware"]["gpu"] = gpuId;
    const scenario::Deployment &current = scenario.deployments.front();
    if (current.hosting.kind != scenario::HostingKind::Cloud)
        return;
    nlohmann::json &hosting = deployment["hosting"];
    const catalog::CsvTable *offerings = catalog::Catalog::builtIn().table("cloud_gpu_prices.csv");
    std::string chosen;
    for (std::size_t row = 0; offerings && row < offerings->rows().size(); ++row) {
        if (offerings->field(row, "gpu_id") != gpuId
            || !number(offerings->field(row, "usd_per_gpu_hour")))
            continue;
        const std::string key
                = offerings->field(row, "provider") + '/' + offerings->field(row, "offering");
        if (chosen.empty() || offerings->field(row, "price_type") == "on-demand")
            chosen = key;
        if (offerings->field(row, "price_type") == "on-demand")
            break;
    }
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
