#include "ui/render/curve_plan.h"

#include "core/run/curve_plan.h"

#include <QCoreApplication>

namespace tw::ui::curve {

QString sweepLabel(const QString &path)
{
    const std::string lever = path.toStdString();
    if (lever == run::curve::kRatePath)
        return QCoreApplication::translate("tw::ui::curve", "Traffic (requests/s)");
    if (lever == run::curve::kUsersPath)
        return QCoreApplication::translate("tw::ui::curve", "Concurrent users");
    if (lever == run::curve::kTimeScalePath)
        return QCoreApplication::translate("tw::ui::curve", "Trace time scale (×)");
    return path.section(QLatin1Char('.'), -1);
}

double apiPricePerMillionOutput(const ApiComparison &api, const metrics::Results &results,
                                const scenario::Scenario &scenario)
{
    double inputPerOutput = 0.0;
    if (results.outputTokensPerSecond > 0.0) {
        inputPerOutput = results.inputTokensPerSecond / results.outputTokensPerSecond;
    } else {
        double input = 0.0, output = 0.0;
        for (const scenario::RequestClass &c : scenario.workload.classes) {
            input += c.share * c.promptTokens.nominalMean();
            output += c.share * c.outputTokens.nominalMean();
        }
        inputPerOutput = output > 0.0 ? input / output : 0.0;
    }
    return api.outputUsdPerMillionTokens + api.inputUsdPerMillionTokens * inputPerOutput;
}

} // namespace tw::ui::curve
