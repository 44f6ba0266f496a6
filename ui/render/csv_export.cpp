#include "ui/render/csv_export.h"

#include "core/metrics/results_format.h"
#include "core/metrics/sweep_format.h"
#include "core/metrics/text_format.h"
#include "ui/charts/kpi_strip.h"

namespace tw::ui {
namespace {

QByteArray bytes(const std::string &text)
{
    return QByteArray::fromStdString(text);
}

} // namespace

QByteArray kpiTableCsv(const RunOutput &output)
{
    struct Row
    {
        KpiStrip::Kpi kpi;
        const char *name;
        const char *unit;
    };
    // Names and units as in the cards; the values are KpiStrip::value, so file and window agree.
    static const Row kRows[] = {
            {KpiStrip::Kpi::CostPerMonth, "costPerMonth", "USD per month (730 h)"},
            {KpiStrip::Kpi::CostPerMillionTokens, "costPerMillionOutputTokens",
             "USD per 1M output tokens"},
            {KpiStrip::Kpi::TtftP95, "ttftP95", "s"},
            {KpiStrip::Kpi::TpotP95, "tpotP95", "s"},
            {KpiStrip::Kpi::TimeBusy, "timeBusy", "fraction of time an iteration runs"},
            {KpiStrip::Kpi::EnergyPerYear, "facilityEnergyPerYear", "MWh per year"},
            {KpiStrip::Kpi::CarbonPerYear, "co2ePerYear", "t CO2e per year"},
    };
    std::string csv = "kpi,value,unit\n";
    for (const Row &row : kRows)
        csv += std::string(row.name) + ','
               + metrics::csvNumber(KpiStrip::value(output.current, row.kpi)) + ','
               + metrics::csvField(row.unit) + '\n';
    if (output.apiUsdPerMillionOutputTokens > 0.0)
        csv += "comparedApiPerMillionOutputTokens,"
               + metrics::csvNumber(output.apiUsdPerMillionOutputTokens) + ','
               + metrics::csvField("USD per 1M output tokens (" + output.apiLabel.toStdString()
                                   + ")")
               + '\n';
    return bytes(csv);
}

QByteArray resultsCsv(const RunOutput &output)
{
    return bytes(metrics::formatCsv(output.current));
}

QByteArray timeSeriesCsv(const RunOutput &output)
{
    return bytes(metrics::formatTimeSeriesCsv(output.current.timeSeries));
}

QByteArray curveCsv(const RunOutput &output)
{
    return bytes(metrics::formatSweepCsv(output.sweepParameter.toStdString(), output.curve));
}

} // namespace tw::ui
