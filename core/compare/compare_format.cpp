#include "core/compare/compare_format.h"

#include "core/metrics/text_format.h"

#include <algorithm>
#include <cmath>

namespace tw::compare {
namespace {

using metrics::csvField;
using metrics::csvNumber;
using nlohmann::json;

const char *betterName(Better better)
{
    switch (better) {
    case Better::Lower:
        return "lower";
    case Better::Higher:
        return "higher";
    case Better::Neither:
        break;
    }
    return "neither";
}

/// How a KPI is shown in the table: seconds as ms, fractions as %, others in their unit.
struct DisplayUnit
{
    std::string unit;
    double scale = 1.0;
};

DisplayUnit displayUnit(const Kpi &kpi)
{
    if (kpi.unit == "s")
        return {"ms", 1000.0};
    if (kpi.unit == "fraction")
        return {"%", 100.0};
    return {std::string(kpi.unit), 1.0};
}

/// About three significant digits, also below 1 (0.000312 -> "0.000312"), with separators.
std::string significant(double value)
{
    if (!std::isfinite(value))
        return value != value ? "-" : metrics::formatExact(value);
    const double magnitude = std::fabs(value);
    if (magnitude == 0.0 || magnitude >= 1.0)
        return metrics::formatSignificant(value);
    const int decimals = std::min(12, 2 - static_cast<int>(std::floor(std::log10(magnitude))));
    return metrics::formatGrouped(value, decimals);
}

std::string signedSignificant(double value)
{
    return value > 0.0 ? "+" + significant(value) : significant(value);
}

std::string percentCell(const std::optional<double> &percent)
{
    if (!percent)
        return "n/a";
    const std::string digits = metrics::formatGrouped(*percent, 1);
    return (*percent > 0.0 ? "+" : "") + digits + " %";
}

std::string shortened(const std::string &text, std::size_t maxLength)
{
    return text.size() <= maxLength ? text : text.substr(0, maxLength - 3) + "...";
}

json optionalJson(const std::optional<double> &value)
{
    return value ? json(*value) : json(nullptr);
}

} // namespace

std::string scenarioLetter(std::size_t index)
{
    return index < 26 ? std::string(1, static_cast<char>('A' + index))
                      : "S" + std::to_string(index + 1);
}

std::string formatComparisonTable(const Comparison &comparison)
{
    const std::size_t count = comparison.labels.size();
    std::string text = "Scenarios (differences are against A):\n";
    for (std::size_t i = 0; i < count; ++i)
        text += "  " + scenarioLetter(i) + "  " + comparison.labels[i] + '\n';

    metrics::TextTable kpis;
    std::vector<std::string> header{"KPI", "unit"};
    for (std::size_t i = 0; i < count; ++i)
        header.push_back(scenarioLetter(i));
    for (std::size_t i = 1; i < count; ++i) {
        header.push_back(scenarioLetter(i) + " - A");
        header.push_back(scenarioLetter(i) + " vs A");
    }
    kpis.addRow(header);
    for (const KpiRow &row : comparison.kpis) {
        const DisplayUnit unit = displayUnit(row.kpi);
        std::vector<std::string> cells{std::string(row.kpi.label), unit.unit};
        for (double value : row.values)
            cells.push_back(significant(value * unit.scale));
        for (std::size_t i = 1; i < row.values.size(); ++i) {
            const auto &difference = row.absoluteDifference[i];
            cells.push_back(difference ? signedSignificant(*difference * unit.scale) : "n/a");
            cells.push_back(percentCell(row.percentDifference[i]));
        }
        kpis.addRow(std::move(cells));
    }
    text += '\n' + kpis.render();

    if (comparison.parameters.empty()) {
        text += "\nParameters: the scenarios have the same parameters.\n";
        return text;
    }
    text += "\nParameters that differ (" + std::to_string(comparison.parameters.size()) + "):\n";
    metrics::TextTable parameters;
    std::vector<std::string> parameterHeader{"parameter"};
    for (std::size_t i = 0; i < count; ++i)
        parameterHeader.push_back(scenarioLetter(i));
    parameters.addRow(parameterHeader);
    for (const ParameterDifference &difference : comparison.parameters) {
        std::vector<std::string> cells{difference.path};
        for (const auto &value : difference.values)
            cells.push_back(value ? shortened(*value, 40) : "(none)");
        parameters.addRow(std::move(cells));
    }
    return text + parameters.render();
}

json comparisonToJson(const Comparison &comparison)
{
    json root = json::object();
    json scenarios = json::array();
    for (std::size_t i = 0; i < comparison.labels.size(); ++i)
        scenarios.push_back({{"letter", scenarioLetter(i)}, {"label", comparison.labels[i]}});
    root["scenarios"] = std::move(scenarios);
    json kpis = json::array();
    for (const KpiRow &row : comparison.kpis) {
        json item = json::object();
        item["key"] = row.kpi.key;
        item["label"] = row.kpi.label;
        item["unit"] = row.kpi.unit;
        item["better"] = betterName(row.kpi.better);
        item["values"] = row.values;
        item["absoluteDifference"] = json::array();
        item["percentDifference"] = json::array();
        for (std::size_t i = 0; i < row.values.size(); ++i) {
            item["absoluteDifference"].push_back(optionalJson(row.absoluteDifference[i]));
            item["percentDifference"].push_back(optionalJson(row.percentDifference[i]));
        }
        kpis.push_back(std::move(item));
    }
    root["kpis"] = std::move(kpis);
    json parameters = json::array();
    for (const ParameterDifference &difference : comparison.parameters) {
        json values = json::array();
        for (const auto &value : difference.values)
            values.push_back(value ? json(*value) : json(nullptr));
        parameters.push_back({{"path", difference.path}, {"values", std::move(values)}});
    }
    root["parameters"] = std::move(parameters);
    return root;
}

std::string formatComparisonCsv(const Comparison &comparison)
{
    const std::size_t count = comparison.labels.size();
    std::string out = "kind,key,unit";
    for (std::size_t i = 0; i < count; ++i)
        out += ',' + scenarioLetter(i);
    for (std::size_t i = 1; i < count; ++i)
        out += ',' + scenarioLetter(i) + "-A";
    for (std::size_t i = 1; i < count; ++i)
        out += ',' + scenarioLetter(i) + "-A %";
    out += '\n';
    const auto optionalCell = [](const std::optional<double> &value) {
        return value ? csvNumber(*value) : std::string();
    };
    for (const KpiRow &row : comparison.kpis) {
        out += "kpi," + csvField(row.kpi.key) + ',' + csvField(row.kpi.unit);
        for (double value : row.values)
            out += ',' + csvNumber(value);
        for (std::size_t i = 1; i < row.values.size(); ++i)
            out += ',' + optionalCell(row.absoluteDifference[i]);
        for (std::size_t i = 1; i < row.values.size(); ++i)
            out += ',' + optionalCell(row.percentDifference[i]);
        out += '\n';
    }
    for (const ParameterDifference &difference : comparison.parameters) {
        out += "parameter," + csvField(difference.path) + ',';
        for (const auto &value : difference.values)
            out += ',' + (value ? csvField(*value) : std::string());
        out += std::string(2 * (count - 1), ',') + '\n';
    }
    return out;
}

std::string formatComparison(const Comparison &comparison, metrics::OutputFormat format)
{
    switch (format) {
    case metrics::OutputFormat::Json:
        return comparisonToJson(comparison).dump(2, ' ', false, json::error_handler_t::replace)
               + '\n';
    case metrics::OutputFormat::Csv:
        return formatComparisonCsv(comparison);
    case metrics::OutputFormat::Table:
        break;
    }
    return formatComparisonTable(comparison);
}

} // namespace tw::compare
