#include "ui/levers.h"

#include "ui/scenario_document.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

// The Traffic group: arrival rate (or users), day pattern, burstiness and request lengths.

namespace tw::ui {
namespace {

using scenario::ArrivalKind;
using scenario::LengthKind;
using scenario::Scenario;

QString tr(const char *text)
{
    return QCoreApplication::translate("tw::ui::Levers", text);
}

QString poissonOrGammaReason(const Scenario &s)
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

double jsonNumber(const ScenarioDocument &document, const QString &path, double fallback)
{
    return document.numberAt(path, fallback);
}

Lever trafficRate()
{
    Lever lever;
    lever.spec = {QStringLiteral("rate"),
                  tr("Requests per second"),
                  tr(" req/s"),
                  tr("Mean arrival rate of requests, in requests per second (the daily mean "
                     "when the traffic follows a day pattern). Logarithmic slider."),
                  0.01,
                  1000.0,
                  2,
                  true,
                  {},
                  1.0};
    lever.group = tr("Traffic");
    lever.path = [](const Scenario &s, QString *whyNot) {
        *whyNot = poissonOrGammaReason(s);
        return whyNot->isEmpty() ? QStringLiteral("workload.arrival.ratePerSecond") : QString();
    };
    return lever;
}

Lever closedLoopUsers()
{
    Lever lever;
    lever.spec = {QStringLiteral("users"),
                  tr("Concurrent users"),
                  tr(" users"),
                  tr("Users of a closed loop: each sends its next request when the previous "
                     "response completes (plus its think time). Logarithmic slider."),
                  1.0,
                  4096.0,
                  0,
                  true,
                  {},
                  1.0};
    lever.spec.suffixForOne = tr(" user");
    lever.group = tr("Traffic");
    lever.path = [](const Scenario &s, QString *whyNot) {
        if (s.workload.arrival.kind == ArrivalKind::ClosedLoop)
            return QStringLiteral("workload.arrival.users");
        *whyNot = tr("Only closed-loop scenarios have a fixed number of users.");
        return QString();
    };
    return lever;
}

Lever diurnalPeakToTrough()
{
    Lever lever;
    lever.spec = {QStringLiteral("diurnal"),
                  tr("Day pattern: peak-to-trough ratio"),
                  tr(" ×"),
                  tr("Ratio of the busiest hour's arrival rate to the quietest hour's (1 = "
                     "flat traffic). The rate follows a cosine day peaking at the scenario's "
                     "peak hour (14:00 by default); the daily mean stays the same."),
                  1.0,
                  10.0,
                  2,
                  false,
                  {},
                  1.0};
    lever.group = tr("Traffic");
    lever.path = [](const Scenario &s, QString *whyNot) {
        *whyNot = poissonOrGammaReason(s);
        return whyNot->isEmpty() ? QStringLiteral("workload.arrival.diurnal.peakToTrough")
                                 : QString();
    };
    lever.read = [](const ScenarioDocument &d) {
        const auto &arrival = d.scenario().workload.arrival;
        if (!arrival.diurnal)
            return 1.0;
        const double given
                = jsonNumber(d, QStringLiteral("workload.arrival.diurnal.peakToTrough"), 0.0);
        if (given > 0.0)
            return given;
        const auto [low, high] = std::minmax_element(arrival.hourlyMultipliers.begin(),
                                                     arrival.hourlyMultipliers.end());
        return *low > 0.0 ? *high / *low : 10.0;
    };
    lever.write = [](nlohmann::json &json, const QString &, double value) {
        nlohmann::json &arrival = json["workload"]["arrival"];
        double peakHour = 14.0;
        if (arrival.contains("diurnal") && arrival["diurnal"].contains("peakHour")
            && arrival["diurnal"]["peakHour"].is_number())
            peakHour = arrival["diurnal"]["peakHour"].get<double>();
        if (value <= 1.0)
            arrival.erase("diurnal"); // flat: the same as a ratio of 1, and simpler
        else
            arrival["diurnal"] = {{"peakToTrough", value}, {"peakHour", peakHour}};
    };
    return lever;
}

Lever burstiness()
{
    Lever lever;
    lever.spec = {QStringLiteral("burstiness"),
                  tr("Burstiness (inter-arrival cv)"),
                  {},
                  tr("Coefficient of variation of the time between arrivals: 1 is Poisson "
                     "traffic; above 1 requests come in bursts, below 1 more regularly (Gamma "
                     "renewal arrivals). Logarithmic slider."),
                  0.2,
                  5.0,
                  2,
                  true,
                  {},
                  1.0};
    lever.group = tr("Traffic");
    lever.path = [](const Scenario &s, QString *whyNot) {
        *whyNot = poissonOrGammaReason(s);
        return whyNot->isEmpty() ? QStringLiteral("workload.arrival.cv") : QString();
    };
    lever.read = [](const ScenarioDocument &d) {
        const auto &arrival = d.scenario().workload.arrival;
        return arrival.kind == ArrivalKind::Gamma ? arrival.cv : 1.0;
    };
    lever.write = [](nlohmann::json &json, const QString &, double value) {
        nlohmann::json &arrival = json["workload"]["arrival"];
        const bool poisson = std::abs(value - 1.0) < 1e-9;
        arrival["type"] = poisson ? "poisson" : "gamma";
        arrival["cv"] = poisson ? 1.0 : value;
    };
    return lever;
}

Lever tokens(const QString &id, const QString &label, const QString &tooltip, bool prompt,
             double maximum)
{
    Lever lever;
    lever.spec = {id, label, tr(" tokens"), tooltip, 1.0, maximum, 0, true, {}, 1.0};
    lever.group = tr("Traffic");
    lever.path = [prompt](const Scenario &s, QString *whyNot) {
        const auto &c = s.workload.classes.front();
        const QString base = prompt ? QStringLiteral("workload.classes[0].promptTokens")
                                    : QStringLiteral("workload.classes[0].outputTokens");
        return lengthPath(prompt ? c.promptTokens : c.outputTokens, base, whyNot);
    };
    return lever;
}

} // namespace

std::vector<Lever> trafficLevers()
{
    return {trafficRate(),
            closedLoopUsers(),
            diurnalPeakToTrough(),
            burstiness(),
            tokens(QStringLiteral("prompt"), tr("Mean prompt tokens"),
                   tr("Mean length of a request's prompt (input), in tokens, for the first "
                      "request class. Logarithmic slider."),
                   true, 32768.0),
            tokens(QStringLiteral("output"), tr("Mean output tokens"),
                   tr("Mean length of a response (generated tokens) for the first request "
                      "class. Logarithmic slider."),
                   false, 8192.0)};
}

} // namespace tw::ui
