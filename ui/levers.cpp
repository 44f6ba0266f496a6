#include "ui/levers.h"

#include "core/scenario_io/scenario_json.h"
#include "ui/lever_rules.h"
#include "ui/scenario_document.h"

#include <QCoreApplication>

namespace tw::ui {
namespace {

using namespace lever_rules;

#define TW_LEVER_TEXT(text) QT_TRANSLATE_NOOP("tw::ui::Levers", text)

QString tr(const char *text)
{
    return QCoreApplication::translate("tw::ui::Levers", text);
}

/// One lever of the panel. Texts are translated in the context "tw::ui::Levers".
struct LeverRow
{
    const char *id; ///< LeverSpec::id: object names, settings, merge keys
    const char *group;
    const char *label;
    const char *suffix;       ///< unit in the spin box, with its leading space; null: none
    const char *suffixForOne; ///< unit when the value is 1, if it differs; null: the same
    const char *tooltip;
    double minimum;
    double maximum;
    int decimals;
    bool logarithmic;
    std::vector<double> choices; ///< if not empty, the slider steps through exactly these
    double displayScale;         ///< shown = stored x this (100: a fraction as a percentage)
    /// The JSON path it edits when that is one fixed path, else null and pathFor says it.
    const char *path;
    /// Why a fixed path does not apply to a scenario ("" = it applies); null = always applies.
    QString (*unless)(const scenario::Scenario &);
    /// The path when it depends on the scenario, with the reason when there is none.
    QString (*pathFor)(const scenario::Scenario &, QString *whyNot) = nullptr;
    /// The shown value when it is not the number at the path; null = that number.
    double (*read)(const ScenarioDocument &) = nullptr;
    /// How a value is written when one number is not enough; null = set the number at the path.
    void (*write)(nlohmann::json &, const QString &path, double value) = nullptr;
    /// The label when it depends on the scenario; null = label.
    QString (*labelFor)(const scenario::Scenario &) = nullptr;
};

// Every numeric lever, in panel order (groups as leverGroups()). Adding a lever is a row here;
// a rule of lever_rules.h only when a fixed path, the number at it and one condition are not
// enough. tst_main_window checks the table (leverTableHoldsTogether) and every lever's shown
// value on every example (everyExampleLoadsWithData).
const LeverRow kLevers[] = {
        {"rate",
         TW_LEVER_TEXT("Traffic"),
         TW_LEVER_TEXT("Requests per second"),
         TW_LEVER_TEXT(" req/s"),
         nullptr,
         TW_LEVER_TEXT("Mean arrival rate of requests, in requests per second (the daily mean "
                       "when the traffic follows a day pattern). Logarithmic slider."),
         0.01,
         1000.0,
         2,
         true,
         {},
         1.0,
         "workload.arrival.ratePerSecond",
         unlessPoissonOrGamma},
        {"users",
         TW_LEVER_TEXT("Traffic"),
         TW_LEVER_TEXT("Concurrent users"),
         TW_LEVER_TEXT(" users"),
         TW_LEVER_TEXT(" user"),
         TW_LEVER_TEXT("Users of a closed loop: each sends its next request when the previous "
                       "response completes (plus its think time). Logarithmic slider."),
         1.0,
         4096.0,
         0,
         true,
         {},
         1.0,
         "workload.arrival.users",
         unlessClosedLoop},
        {"diurnal",
         TW_LEVER_TEXT("Traffic"),
         TW_LEVER_TEXT("Day pattern: peak-to-trough ratio"),
         TW_LEVER_TEXT(" ×"),
         nullptr,
         TW_LEVER_TEXT("Ratio of the busiest hour's arrival rate to the quietest hour's (1 = "
                       "flat traffic). The rate follows a cosine day peaking at the scenario's "
                       "peak hour (14:00 by default); the daily mean stays the same."),
         1.0,
         10.0,
         2,
         false,
         {},
         1.0,
         "workload.arrival.diurnal.peakToTrough",
         unlessPoissonOrGamma,
         nullptr,
         readPeakToTrough,
         writePeakToTrough},
        {"burstiness",
         TW_LEVER_TEXT("Traffic"),
         TW_LEVER_TEXT("Burstiness (inter-arrival cv)"),
         nullptr,
         nullptr,
         TW_LEVER_TEXT("Coefficient of variation of the time between arrivals: 1 is Poisson "
                       "traffic; above 1 requests come in bursts, below 1 more regularly (Gamma "
                       "renewal arrivals). Logarithmic slider."),
         0.2,
         5.0,
         2,
         true,
         {},
         1.0,
         "workload.arrival.cv",
         unlessPoissonOrGamma,
         nullptr,
         readBurstiness,
         writeBurstiness},
        {"prompt",
         TW_LEVER_TEXT("Traffic"),
         TW_LEVER_TEXT("Mean prompt tokens"),
         TW_LEVER_TEXT(" tokens"),
         nullptr,
         TW_LEVER_TEXT("Mean length of a request's prompt (input), in tokens, for the first "
                       "request class. Logarithmic slider."),
         1.0,
         32768.0,
         0,
         true,
         {},
         1.0,
         nullptr,
         nullptr,
         promptMeanPath},
        {"output",
         TW_LEVER_TEXT("Traffic"),
         TW_LEVER_TEXT("Mean output tokens"),
         TW_LEVER_TEXT(" tokens"),
         nullptr,
         TW_LEVER_TEXT("Mean length of a response (generated tokens) for the first request "
                       "class. Logarithmic slider."),
         1.0,
         8192.0,
         0,
         true,
         {},
         1.0,
         nullptr,
         nullptr,
         outputMeanPath},
        {"gpusPerReplica",
         TW_LEVER_TEXT("Hardware"),
         TW_LEVER_TEXT("GPUs per replica"),
         TW_LEVER_TEXT(" GPUs"),
         TW_LEVER_TEXT(" GPU"),
         TW_LEVER_TEXT("Tensor-parallel degree: the GPUs that hold one copy of the model. It "
                       "must divide the model's attention heads. The slider steps through 1, 2, "
                       "4, 8."),
         1.0,
         8.0,
         0,
         false,
         {1.0, 2.0, 4.0, 8.0},
         1.0,
         "deployments[0].hardware.gpusPerReplica",
         unlessSelfHosted},
        {"replicas",
         TW_LEVER_TEXT("Hardware"),
         TW_LEVER_TEXT("Replicas"),
         TW_LEVER_TEXT(" replicas"),
         TW_LEVER_TEXT(" replica"),
         TW_LEVER_TEXT("Independent copies of the model behind the router. Each has its own "
                       "GPUs, billed for the whole horizon; with autoscaling, the most the "
                       "autoscaler may hold, each billed only while provisioned."),
         1.0,
         64.0,
         0,
         false,
         {},
         1.0,
         "deployments[0].hardware.replicas",
         unlessSelfHosted},
        {"autoscaleTarget",
         TW_LEVER_TEXT("Hardware"),
         TW_LEVER_TEXT("Autoscaler target per replica"),
         TW_LEVER_TEXT(" requests"),
         TW_LEVER_TEXT(" request"),
         TW_LEVER_TEXT("Requests in flight (or waiting, with the queue metric) per replica that "
                       "the autoscaler aims at: lower holds more replicas, with shorter queues "
                       "and a larger bill. Logarithmic slider."),
         1.0,
         256.0,
         0,
         true,
         {},
         1.0,
         "deployments[0].autoscaling.target",
         unlessAutoscaled},
        {"price",
         TW_LEVER_TEXT("Hardware"),
         TW_LEVER_TEXT("Cloud price per GPU-hour"),
         TW_LEVER_TEXT(" $/GPU-h"),
         nullptr,
         TW_LEVER_TEXT("Rent of one GPU for one hour, in US dollars. Every provisioned GPU is "
                       "billed while provisioned, busy or idle."),
         0.1,
         20.0,
         2,
         true,
         {},
         1.0,
         "deployments[0].hosting.pricePerGpuHourUsd",
         unlessRented},
        {"batch",
         TW_LEVER_TEXT("Serving"),
         TW_LEVER_TEXT("Max running requests"),
         TW_LEVER_TEXT(" requests"),
         TW_LEVER_TEXT(" request"),
         TW_LEVER_TEXT("Continuous batching: requests in the running batch (vLLM's "
                       "max_num_seqs). Static and dynamic batching: requests per batch. "
                       "Logarithmic slider."),
         1.0,
         1024.0,
         0,
         true,
         {},
         1.0,
         nullptr,
         nullptr,
         batchLimitPath,
         nullptr,
         nullptr,
         batchLimitLabel},
        {"cache",
         TW_LEVER_TEXT("Cache"),
         TW_LEVER_TEXT("Response cache hit rate"),
         TW_LEVER_TEXT(" %"),
         nullptr,
         TW_LEVER_TEXT("Share of the first request class answered by a response cache (exact "
                       "or semantic) in front of the deployments; hits use no GPU."),
         0.0,
         0.9,
         0,
         false,
         {},
         100.0,
         "workload.classes[0].cacheHitRate",
         nullptr},
        {"grid",
         TW_LEVER_TEXT("Region"),
         TW_LEVER_TEXT("Grid carbon intensity"),
         TW_LEVER_TEXT(" gCO₂e/kWh"),
         nullptr,
         TW_LEVER_TEXT("Life-cycle emissions of the electricity the facility draws, in grams of "
                       "CO₂-equivalent per kWh (France ≈ 56, United States ≈ 370, Poland ≈ "
                       "660)."),
         0.0,
         1000.0,
         0,
         false,
         {},
         1.0,
         "region.carbonIntensityGramsPerKwh",
         nullptr},
        {"pue",
         TW_LEVER_TEXT("Region"),
         TW_LEVER_TEXT("PUE"),
         nullptr,
         nullptr,
         TW_LEVER_TEXT("Power Usage Effectiveness: facility energy divided by IT energy "
                       "(cooling, power conversion). 1.0 is ideal; the 2024 industry mean is "
                       "about 1.56."),
         1.0,
         2.5,
         2,
         false,
         {},
         1.0,
         "region.pue",
         nullptr},
        {"priceChange",
         TW_LEVER_TEXT("Prices"),
         TW_LEVER_TEXT("Every price changes by"),
         TW_LEVER_TEXT(" %"),
         nullptr,
         TW_LEVER_TEXT("What-if on all prices at once: GPU rent or purchase, electricity, "
                       "operations, API tokens and cache lookups, moved by this percentage "
                       "(-30 = everything 30 % cheaper). No re-simulation: only the bill "
                       "changes."),
         -90.0,
         200.0,
         0,
         false,
         {},
         1.0,
         "prices.changePercent",
         nullptr},
};

const char *const kGroups[]
        = {TW_LEVER_TEXT("Traffic"), TW_LEVER_TEXT("Model"), TW_LEVER_TEXT("Hardware"),
           TW_LEVER_TEXT("Serving"), TW_LEVER_TEXT("Cache"), TW_LEVER_TEXT("Region"),
           TW_LEVER_TEXT("Prices")};

QString translated(const char *text)
{
    return text ? tr(text) : QString();
}

Lever leverOf(const LeverRow &row)
{
    Lever lever;
    lever.spec = {QString::fromLatin1(row.id),
                  tr(row.label),
                  translated(row.suffix),
                  tr(row.tooltip),
                  row.minimum,
                  row.maximum,
                  row.decimals,
                  row.logarithmic,
                  row.choices,
                  row.displayScale};
    lever.spec.suffixForOne = translated(row.suffixForOne);
    lever.group = tr(row.group);
    if (row.path) {
        const QString path = QString::fromLatin1(row.path);
        const auto unless = row.unless;
        lever.path = [path, unless](const scenario::Scenario &s, QString *whyNot) {
            *whyNot = unless ? unless(s) : QString();
            return whyNot->isEmpty() ? path : QString();
        };
    } else {
        lever.path = row.pathFor;
    }
    if (row.read)
        lever.read = row.read;
    if (row.write)
        lever.write = row.write;
    if (row.labelFor)
        lever.label = row.labelFor;
    return lever;
}

} // namespace

double leverValue(const Lever &lever, const ScenarioDocument &document, const QString &path)
{
    if (lever.read)
        return lever.read(document);
    // Every lever without a reader edits a number of the schema, so the path always reads;
    // tst_main_window checks each lever's shown value against every example.
    return scenario::numberAt(document.scenario(), path.toStdString()).value_or(0.0);
}

std::vector<Lever> scenarioLevers()
{
    std::vector<Lever> levers;
    for (const LeverRow &row : kLevers)
        levers.push_back(leverOf(row));
    return levers;
}

QStringList leverGroups()
{
    QStringList groups;
    for (const char *group : kGroups)
        groups << tr(group);
    return groups;
}

} // namespace tw::ui
