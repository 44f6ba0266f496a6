#include "ui/report/report_facts.h"

#include "core/catalog/catalog.h"
#include "ui/report/equivalents.h"
#include "ui/report/report_format.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>

namespace tw::ui::report {
namespace {

QString fromStd(const std::string &text)
{
    return QString::fromStdString(text);
}

/// "Llama-3.1-70B-Instruct" from "meta-llama/Llama-3.1-70B-Instruct"; the id without a repo.
QString modelName(const model::ModelSpec &model)
{
    const QString repo = fromStd(model.hfRepo);
    if (!repo.isEmpty())
        return repo.section(QLatin1Char('/'), -1);
    return fromStd(model.id.empty() ? std::string("an inline model") : model.id);
}

/// "H100 SXM5 80GB" from "NVIDIA H100 SXM5 80GB": the vendor adds length, not meaning.
QString gpuName(const model::GpuSpec &gpu)
{
    QString name = fromStd(gpu.name.empty() ? gpu.id : gpu.name);
    for (const char *vendor : {"NVIDIA ", "AMD ", "Intel ", "Google "}) {
        if (name.startsWith(QLatin1String(vendor)))
            return name.mid(static_cast<int>(std::strlen(vendor)));
    }
    return name;
}

QString regionName(const std::string &regionId, const catalog::Catalog &catalog)
{
    if (const catalog::CsvTable *table = catalog.table("grid_carbon_intensity.csv")) {
        const QString wanted = fromStd(regionId);
        for (std::size_t row = 0; row < table->rows().size(); ++row) {
            if (fromStd(table->field(row, "region_id")).compare(wanted, Qt::CaseInsensitive) == 0)
                return fromStd(table->field(row, "region_name"));
        }
    }
    return {};
}

QString quoted(const QString &label)
{
    return QStringLiteral("“%1”").arg(label);
}

/// "38 % less than", "12 % more than", "2.4 times as much as", "about the same as":
/// @p ratio is this cost / the other cost.
QString costRelation(double ratio)
{
    if (std::abs(ratio - 1.0) < 0.005)
        return QStringLiteral("about the same as");
    if (ratio < 1.0)
        return QStringLiteral("%1 less than").arg(percent(1.0 - ratio));
    if (ratio < 2.0)
        return QStringLiteral("%1 more than").arg(percent(ratio - 1.0));
    return QStringLiteral("%1 times as much as").arg(amount(ratio));
}

QString subject(const ScenarioFacts &f)
{
    switch (f.serving) {
    case Serving::Api:
        return f.modelName.isEmpty()
                       ? QStringLiteral("Serving this traffic through %1").arg(f.apiName)
                       : QStringLiteral("Serving %1 through the %2 API")
                                 .arg(f.modelName, f.apiName);
    case Serving::Mixed:
        return QStringLiteral("Serving this traffic on %1 and through the %2 API")
                .arg(counted(f.gpus, QStringLiteral("GPU"), QStringLiteral("GPUs"), true),
                     f.apiName);
    case Serving::SelfHosted:
        break;
    }
    const QString gpus
            = f.gpuName.isEmpty()
                      ? counted(f.gpus, QStringLiteral("GPU"), QStringLiteral("GPUs"), true)
                      : QStringLiteral("%1 %2 %3")
                                .arg(countWords(f.gpus), f.gpuName,
                                     f.gpus == 1 ? QStringLiteral("GPU") : QStringLiteral("GPUs"));
    if (f.modelName.isEmpty())
        return QStringLiteral("Serving this traffic with %1 on %2")
                .arg(counted(f.deployments, QStringLiteral("deployment"),
                             QStringLiteral("deployments"), true),
                     gpus);
    return QStringLiteral("Serving %1 on %2").arg(f.modelName, gpus);
}

QString headline(const ScenarioFacts &f)
{
    QString text = subject(f) + QStringLiteral(" costs %1 a month").arg(money(f.costPerMonthUsd));
    bool afterDash = false;
    if (f.serving != Serving::Api && f.comparedApiPerMillionUsd && *f.comparedApiPerMillionUsd > 0.0
        && f.costPerMillionOutputTokensUsd > 0.0) {
        const double ratio = f.costPerMillionOutputTokensUsd / *f.comparedApiPerMillionUsd;
        text += QStringLiteral(" — %1 the same traffic through %2 —")
                        .arg(costRelation(ratio), f.comparedApiLabel);
        afterDash = true;
    }
    if (f.ttftP95Seconds)
        text += QStringLiteral(" at a p95 first-token latency of %1")
                        .arg(latency(*f.ttftP95Seconds));
    else if (afterDash)
        text.chop(2); // no clause follows the dash: close the sentence after the comparison
    if (f.energyKwhPerYear > 0.0 || f.carbonTonnesPerYear > 0.0) {
        QStringList parts;
        if (f.energyKwhPerYear > 0.0)
            parts << QStringLiteral("using %1").arg(energy(f.energyKwhPerYear));
        if (f.carbonTonnesPerYear > 0.0)
            parts << QStringLiteral("emitting %1 CO₂e").arg(mass(f.carbonTonnesPerYear * 1000.0));
        text += QStringLiteral(", %1 a year").arg(parts.join(QStringLiteral(" and ")));
        const QString where = regionPhrase(f.regionName);
        if (!where.isEmpty())
            text += QLatin1Char(' ') + where;
    }
    return text + QLatin1Char('.');
}

QString trafficSentence(const ScenarioFacts &f)
{
    QString text = QStringLiteral("It completes %1 requests a second")
                           .arg(significant(f.requestsPerSecond));
    if (f.sloAttainment)
        text += QStringLiteral("; %1 of them get their first token within %2 and later tokens "
                               "at %3 or less each, the service objective")
                        .arg(percent(*f.sloAttainment), latency(f.sloTtftSeconds),
                             latency(f.sloTpotSeconds));
    return text + QLatin1Char('.');
}

QString utilisationSentence(const ScenarioFacts &f)
{
    QString text = QStringLiteral("The GPUs are busy %1 of the time").arg(percent(*f.busyFraction));
    if (f.batchOccupancy)
        text += QStringLiteral(", running batches at %1 of what they could hold")
                        .arg(percent(*f.batchOccupancy));
    if (f.idleShare >= 0.2)
        text += QStringLiteral(", and %1 of the GPU spend pays for idle time: the traffic is "
                               "too thin to fill them")
                        .arg(percent(f.idleShare));
    text += QLatin1Char('.');
    if (!f.capacityRatePerSecond)
        return text;
    if (f.capacityIsLowerBound)
        return text
               + QStringLiteral(" The same fleet meets the objective at %1 requests a second or "
                                "more, %2 times this traffic or more.")
                         .arg(significant(*f.capacityRatePerSecond),
                              amount(*f.capacityRatePerSecond
                                     / std::max(f.requestsPerSecond, 1e-12)));
    text += QStringLiteral(" This traffic is %1 of the %2 requests a second the same fleet serves "
                           "within the objective")
                    .arg(percent(f.loadShare), significant(*f.capacityRatePerSecond));
    if (f.loadShare >= 1.0)
        text += QStringLiteral(": it is overloaded");
    else if (f.loadShare >= 0.85)
        text += QStringLiteral(", which leaves little headroom for a busier hour");
    else if (f.loadShare <= 0.5)
        text += QStringLiteral(": it could carry %1 times as much").arg(amount(1.0 / f.loadShare));
    text += QLatin1Char('.');
    if (f.unusedCapacityUsdPerMonth > 0.0 && f.gpuUsdPerMonth > 0.0 && f.loadShare < 0.85)
        text += QStringLiteral(" %1 of the %2 a month the GPUs cost pays for that unused capacity.")
                        .arg(money(f.unusedCapacityUsdPerMonth), money(f.gpuUsdPerMonth));
    return text;
}

QString equivalentsSentence(const ScenarioFacts &f, const Equivalents &equivalents)
{
    QStringList parts;
    const auto things = [](double n, const QString &one, const QString &many) {
        const QString figure = amount(n);
        return figure + QLatin1Char(' ') + (figure == QLatin1String("1") ? one : many);
    };
    if (const auto homes = equivalents.homes(f.energyKwhPerYear); homes && *homes >= 0.05)
        parts << QStringLiteral("as much electricity as %1 use in a year")
                         .arg(things(*homes, QStringLiteral("average US home"),
                                     QStringLiteral("average US homes")));
    if (const auto cars = equivalents.cars(f.carbonTonnesPerYear); cars && *cars >= 0.05)
        parts << QStringLiteral("as much CO₂e as %1 emit in a year")
                         .arg(things(*cars, QStringLiteral("passenger car"),
                                     QStringLiteral("passenger cars")));
    if (parts.isEmpty())
        return {};
    return QStringLiteral("A year of this service uses %1.")
            .arg(parts.join(QStringLiteral(", and ")));
}

} // namespace

QString regionPhrase(const QString &name)
{
    QString place = name.section(QStringLiteral(" ("), 0, 0).trimmed();
    if (place.isEmpty())
        return {};
    if (place.startsWith(QLatin1String("World")))
        return QStringLiteral("on the world-average grid");
    if (place.contains(QStringLiteral(" - ")))
        place = place.section(QStringLiteral(" - "), -1).trimmed(); // "US - Texas" -> "Texas"
    static const QStringList kWithArticle{
            QStringLiteral("United "), QStringLiteral("European "), QStringLiteral("Netherlands"),
            QStringLiteral("Philippines"), QStringLiteral("Czech Republic")};
    const bool article = std::any_of(kWithArticle.begin(), kWithArticle.end(),
                                     [&](const QString &p) { return place.startsWith(p); });
    return QStringLiteral("in %1%2").arg(article ? QStringLiteral("the ") : QString(), place);
}

ScenarioFacts factsOf(const ReportScenario &input, const catalog::Catalog &catalog)
{
    const scenario::Scenario &s = input.scenario;
    const metrics::Results &r = input.output->current;
    ScenarioFacts f;
    f.label = input.label;
    f.deployments = static_cast<int>(s.deployments.size());
    std::set<QString> models, gpus;
    bool selfHosted = false, api = false;
    for (const scenario::Deployment &d : s.deployments) {
        if (d.kind == scenario::DeploymentKind::Api) {
            api = true;
            models.insert(fromStd(d.api.model));
            if (f.apiName.isEmpty())
                f.apiName = fromStd(d.api.provider.empty() ? d.api.model : d.api.provider);
        } else {
            selfHosted = true;
            models.insert(modelName(d.model));
            gpus.insert(gpuName(d.hardware.gpu));
            f.gpus += static_cast<long long>(d.hardware.gpusPerReplica) * d.hardware.replicas;
        }
    }
    f.serving = selfHosted && api ? Serving::Mixed : (api ? Serving::Api : Serving::SelfHosted);
    f.footprintModelled = selfHosted;

    f.modelName = models.size() == 1 ? *models.begin() : QString();
    f.gpuName = gpus.size() == 1 ? *gpus.begin() : QString();
    f.costPerMonthUsd = r.cost.perMonthUsd;
    f.costPerMillionOutputTokensUsd = r.cost.perMillionOutputTokensUsd;
    if (input.output->apiUsdPerMillionOutputTokens > 0.0) {
        f.comparedApiPerMillionUsd = input.output->apiUsdPerMillionOutputTokens;
        f.comparedApiLabel = input.output->apiLabel;
    }
    if (r.measuredRequests > 0) {
        f.ttftP95Seconds = r.ttftSeconds.p95;
        f.tpotP95Seconds = r.tpotSeconds.p95;
        f.sloAttainment = r.sloAttainment;
    }
    f.requestsPerSecond = r.requestsPerSecond;
    f.sloTtftSeconds = s.slo.ttftSeconds;
    f.sloTpotSeconds = s.slo.tpotSeconds;
    if (selfHosted) {
        f.busyFraction = r.busyFraction;
        f.batchOccupancy = r.batchOccupancy;
    }
    if (input.output->capacityRatePerSecond) {
        // In the units of the traffic the report states: arrivals in the simulated window.
        f.capacityRatePerSecond = input.output->capacityArrivalRatePerSecond > 0.0
                                          ? input.output->capacityArrivalRatePerSecond
                                          : *input.output->capacityRatePerSecond;
        f.loadShare = input.output->capacityLoadShare;
        f.capacityIsLowerBound = input.output->capacityIsLowerBound;
        f.gpuUsdPerMonth = input.output->gpuUsdPerMonth;
        f.unusedCapacityUsdPerMonth = input.output->unusedCapacityUsdPerMonth;
    }
    f.idleShare = r.cost.idleShare;
    const double hours = r.horizonSeconds / 3600.0;
    f.energyKwhPerYear = hours > 0.0 ? r.energy.facilityKwh * 8760.0 / hours : 0.0;
    f.carbonTonnesPerYear = r.carbon.tonnesPerYear;
    f.regionName = regionName(s.region.regionId, catalog);
    return f;
}

std::vector<KpiCard> kpiCards(const ScenarioFacts &f, const metrics::Results &r)
{
    const double none = std::nan("");
    const auto or_
            = [](const std::optional<double> &v, double fallback) { return v ? *v : fallback; };
    const auto text = [](const std::optional<double> &v, QString (*format)(double)) {
        return v ? format(*v) : QStringLiteral("–");
    };
    std::vector<KpiCard> cards{
            {QStringLiteral("Cost per month"), money(f.costPerMonthUsd),
             QStringLiteral("730 hours"), f.costPerMonthUsd, true},
            {QStringLiteral("Per 1M output tokens"), money(f.costPerMillionOutputTokensUsd),
             QStringLiteral("total cost ÷ output tokens"), f.costPerMillionOutputTokensUsd, true},
            {QStringLiteral("p95 first token"), text(f.ttftP95Seconds, &latency),
             QStringLiteral("95 % of requests sooner"), or_(f.ttftP95Seconds, none), true},
            {QStringLiteral("p95 per output token"), text(f.tpotP95Seconds, &latency),
             QStringLiteral("after the first token"), or_(f.tpotP95Seconds, none), true},
            f.capacityRatePerSecond
                    ? KpiCard{QStringLiteral("Load at the objective"),
                              (f.capacityIsLowerBound ? QStringLiteral("≤ ") : QString())
                                      + percent(f.loadShare),
                              QStringLiteral("of %1 req/s at the SLO")
                                      .arg(significant(*f.capacityRatePerSecond)),
                              f.loadShare, false}
                    : KpiCard{QStringLiteral("GPUs busy"), text(f.busyFraction, &percent),
                              f.busyFraction ? QStringLiteral("share of time an iteration runs")
                                             : QStringLiteral("no GPUs"),
                              or_(f.busyFraction, none), false},
            {QStringLiteral("Energy per year"), energy(f.energyKwhPerYear),
             QStringLiteral("facility, incl. cooling"), f.energyKwhPerYear, true},
            {QStringLiteral("CO₂e per year"), mass(f.carbonTonnesPerYear * 1000.0),
             QStringLiteral("operational + embodied"), f.carbonTonnesPerYear, true},
    };
    if (!f.footprintModelled) {
        // An API's hardware is unknown: "0 kWh" would claim it uses none.
        for (std::size_t i : {5u, 6u}) {
            cards[i].text = QStringLiteral("–");
            cards[i].note = QStringLiteral("not modelled for an API");
            cards[i].value = none;
        }
    }
    if (f.comparedApiPerMillionUsd && r.cost.perMillionOutputTokensUsd > 0.0) {
        // The same output tokens a month, at the API's price for this token mix.
        const double millionsPerMonth = r.cost.perMonthUsd / r.cost.perMillionOutputTokensUsd;
        const double apiPerMonth = *f.comparedApiPerMillionUsd * millionsPerMonth;
        cards.push_back({QStringLiteral("Same traffic via API"), money(apiPerMonth),
                         QStringLiteral("per month, %1").arg(f.comparedApiLabel.section('/', 0, 0)),
                         apiPerMonth, true});
    } else {
        cards.push_back(
                {QStringLiteral("Requests per second"), significant(f.requestsPerSecond),
                 f.sloAttainment
                         ? QStringLiteral("%1 meet the objective").arg(percent(*f.sloAttainment))
                         : QString(),
                 f.requestsPerSecond, false});
    }
    return cards;
}

QStringList summarySentences(const ScenarioFacts &facts, const Equivalents &equivalents)
{
    QStringList sentences{headline(facts)};
    if (facts.requestsPerSecond > 0.0)
        sentences << trafficSentence(facts);
    if (facts.busyFraction)
        sentences << utilisationSentence(facts);
    const QString equivalent = equivalentsSentence(facts, equivalents);
    if (!equivalent.isEmpty())
        sentences << equivalent;
    return sentences;
}

QStringList comparisonSentences(const std::vector<ScenarioFacts> &facts)
{
    if (facts.size() < 2)
        return {};
    QStringList sentences;
    const auto byCost = [](const ScenarioFacts &a, const ScenarioFacts &b) {
        return a.costPerMonthUsd < b.costPerMonthUsd;
    };
    const ScenarioFacts &cheapest = *std::min_element(facts.begin(), facts.end(), byCost);
    const ScenarioFacts &dearest = *std::max_element(facts.begin(), facts.end(), byCost);
    if (cheapest.costPerMonthUsd > 0.0 && &cheapest != &dearest) {
        const double ratio = dearest.costPerMonthUsd / cheapest.costPerMonthUsd;
        const QString more = ratio < 2.0 ? QStringLiteral("%1 more").arg(percent(ratio - 1.0))
                                         : QStringLiteral("%1 times as much").arg(amount(ratio));
        sentences << QStringLiteral("%1 costs the least, %2 a month; %3 costs %4, %5.")
                             .arg(quoted(cheapest.label), money(cheapest.costPerMonthUsd),
                                  quoted(dearest.label), money(dearest.costPerMonthUsd), more);
    }
    std::vector<const ScenarioFacts *> measured;
    for (const ScenarioFacts &f : facts)
        if (f.ttftP95Seconds)
            measured.push_back(&f);
    if (measured.size() >= 2) {
        const auto byTtft = [](const ScenarioFacts *a, const ScenarioFacts *b) {
            return *a->ttftP95Seconds < *b->ttftP95Seconds;
        };
        const ScenarioFacts *fastest = *std::min_element(measured.begin(), measured.end(), byTtft);
        const ScenarioFacts *slowest = *std::max_element(measured.begin(), measured.end(), byTtft);
        if (latency(*fastest->ttftP95Seconds) != latency(*slowest->ttftP95Seconds))
            sentences << QStringLiteral("%1 answers fastest, with a p95 first-token latency of %2 "
                                        "against %3 for %4.")
                                 .arg(quoted(fastest->label), latency(*fastest->ttftP95Seconds),
                                      latency(*slowest->ttftP95Seconds), quoted(slowest->label));
    }
    const auto byCarbon = [](const ScenarioFacts &a, const ScenarioFacts &b) {
        return a.carbonTonnesPerYear < b.carbonTonnesPerYear;
    };
    const ScenarioFacts &cleanest = *std::min_element(facts.begin(), facts.end(), byCarbon);
    const ScenarioFacts &dirtiest = *std::max_element(facts.begin(), facts.end(), byCarbon);
    if (dirtiest.carbonTonnesPerYear > 0.0 && &cleanest != &dirtiest) {
        const bool none = cleanest.carbonTonnesPerYear <= 0.0;
        sentences << (none ? QStringLiteral("%1 emits no CO₂e that TokenWatt can count (an API's "
                                            "hardware is not modelled); %2 emits %3 a year.")
                                      .arg(quoted(cleanest.label), quoted(dirtiest.label),
                                           mass(dirtiest.carbonTonnesPerYear * 1000.0))
                           : QStringLiteral(
                                     "%1 emits the least CO₂e, %2 a year, against %3 for %4.")
                                      .arg(quoted(cleanest.label),
                                           mass(cleanest.carbonTonnesPerYear * 1000.0),
                                           mass(dirtiest.carbonTonnesPerYear * 1000.0),
                                           quoted(dirtiest.label)));
    }
    return sentences;
}

} // namespace tw::ui::report
