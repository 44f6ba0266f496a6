#include "core/calibration/check.h"

#include "core/common/parallel.h"

#include "core/metrics/summary.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>

namespace tw::calibration {
namespace {

std::string formatNumber(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", value);
    return text;
}

std::string formatPercent(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", value);
    return text;
}

/// A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
std::string csvField(const std::string &text)
{
    if (text.find_first_of(",\"\r\n") == std::string::npos)
        return text;
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"')
            quoted += '"';
        quoted += c;
    }
    return quoted + '"';
}

std::string padRight(const std::string &text, std::size_t width)
{
    return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

std::string padLeft(const std::string &text, std::size_t width)
{
    return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

} // namespace

double absolutePercentageError(double predicted, double measured)
{
    return std::fabs(predicted - measured) / std::fabs(measured) * 100.0;
}

ErrorStats errorStats(const std::vector<std::pair<double, double>> &predictedMeasured)
{
    ErrorStats stats;
    stats.count = predictedMeasured.size();
    if (predictedMeasured.empty())
        return stats;
    std::vector<double> apes, signedErrors;
    for (const auto &[predicted, measured] : predictedMeasured) {
        apes.push_back(absolutePercentageError(predicted, measured));
        signedErrors.push_back((predicted / measured - 1.0) * 100.0);
    }
    std::sort(apes.begin(), apes.end());
    std::sort(signedErrors.begin(), signedErrors.end());
    stats.medianApe = metrics::quantileSorted(apes, 0.5);
    stats.p90Ape = metrics::quantileSorted(apes, 0.9);
    stats.medianSignedPercent = metrics::quantileSorted(signedErrors, 0.5);
    return stats;
}

std::vector<SummaryLine> summarize(const MappedMeasurements &measurements,
                                   const std::vector<ComparedRow> &compared)
{
    std::vector<SummaryLine> lines;
    for (Metric metric : allMetrics()) {
        std::map<std::string, std::vector<std::pair<double, double>>> bySource;
        std::vector<std::pair<double, double>> all;
        for (const ComparedRow &c : compared) {
            const MeasurementRow &row = measurements.rows[c.row];
            if (row.metric != metric)
                continue;
            all.emplace_back(c.predicted, c.measured);
            bySource[row.sourceKey].emplace_back(c.predicted, c.measured);
        }
        if (all.empty())
            continue;
        lines.push_back({metric, "", errorStats(all)});
        if (bySource.size() > 1)
            for (const auto &[source, pairs] : bySource)
                lines.push_back({metric, source, errorStats(pairs)});
    }
    return lines;
}

CheckReport checkMeasurements(const MappedMeasurements &measurements, const ParameterSource &params,
                              const CheckOptions &options)
{
    const auto start = std::chrono::steady_clock::now();
    CheckReport report;
    report.predictions.resize(measurements.cases.size());
    // Longest cases first would balance better, but their cost is unknown in advance; the
    // shared counter already keeps both workers busy until the last few cases.
    parallelFor(measurements.cases.size(), options.threads, [&](std::size_t i) {
        const SimulationCase &c = measurements.cases[i];
        report.predictions[i] = predictCase(c, params(c.gpu, c.software), options.prediction);
    });

    std::map<std::string, std::vector<std::size_t>> skipped;
    for (std::size_t i = 0; i < measurements.rows.size(); ++i) {
        const MeasurementRow &row = measurements.rows[i];
        if (row.skipped()) {
            skipped[row.skipReason].push_back(i);
            continue;
        }
        const CasePrediction &p = report.predictions[static_cast<std::size_t>(row.caseIndex)];
        const std::optional<double> &value = p[*row.metric];
        if (!p.error.empty() || !value) {
            skipped["not predicted: "
                    + (p.error.empty() ? "the simulation gave no value" : p.error)]
                    .push_back(i);
            continue;
        }
        report.compared.push_back(
                {i, row.value, *value, absolutePercentageError(*value, row.value)});
    }
    for (auto &[reason, rows] : skipped)
        report.skipped.push_back({reason, std::move(rows)});
    std::stable_sort(
            report.skipped.begin(), report.skipped.end(),
            [](const SkipGroup &a, const SkipGroup &b) { return a.rows.size() > b.rows.size(); });
    report.summary = summarize(measurements, report.compared);
    report.wallSeconds
            = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return report;
}

std::vector<SourceCoverage> coverageBySource(const MappedMeasurements &measurements,
                                             const CheckReport &report)
{
    std::map<std::string, SourceCoverage> bySource;
    std::map<std::string, std::map<std::string, std::size_t>> reasons;
    for (const MeasurementRow &row : measurements.rows) {
        SourceCoverage &c = bySource[row.sourceKey];
        c.source = row.sourceKey;
        ++c.rows;
    }
    for (const ComparedRow &compared : report.compared)
        ++bySource[measurements.rows[compared.row].sourceKey].compared;
    for (const SkipGroup &group : report.skipped) {
        for (std::size_t index : group.rows)
            ++reasons[measurements.rows[index].sourceKey][group.reason];
    }
    std::vector<SourceCoverage> out;
    for (auto &[source, coverage] : bySource) {
        for (const auto &[reason, count] : reasons[source])
            coverage.skipped.emplace_back(reason, count);
        std::stable_sort(coverage.skipped.begin(), coverage.skipped.end(),
                         [](const auto &a, const auto &b) { return a.second > b.second; });
        out.push_back(std::move(coverage));
    }
    std::stable_sort(out.begin(), out.end(), [](const SourceCoverage &a, const SourceCoverage &b) {
        return a.rows > b.rows;
    });
    return out;
}

bool TargetCheck::met() const
{
    if (!std::isfinite(value))
        return false;
    return atMost ? value <= limit : value >= limit;
}

std::vector<TargetCheck> checkTargets(const MappedMeasurements &measurements,
                                      const CheckReport &report)
{
    std::vector<TargetCheck> out;
    const std::pair<Metric, double> limits[] = {
            {Metric::OutputThroughput, 10.0},
            {Metric::TpotMean, 10.0},
            {Metric::MedianItl, 10.0},
            {Metric::TtftMean, 10.0},
            {Metric::P99Itl, 25.0},
            {Metric::AveragePower, 12.0},
            {Metric::EnergyPerOutputToken, 12.0},
    };
    for (const auto &[metric, limit] : limits) {
        TargetCheck t;
        t.what = "median APE, " + std::string(metricName(metric));
        t.limit = limit;
        t.value = std::nan("");
        for (const SummaryLine &line : report.summary) {
            if (line.metric == metric && line.source.empty()) {
                t.value = line.stats.medianApe;
                t.rows = line.stats.count;
            }
        }
        out.push_back(std::move(t));
    }
    TargetCheck share;
    share.what = "rows compared";
    share.limit = 97.0;
    share.atMost = false;
    share.rows = measurements.rows.size();
    share.value = measurements.rows.empty()
                          ? std::nan("")
                          : 100.0 * static_cast<double>(report.compared.size())
                                    / static_cast<double>(measurements.rows.size());
    out.push_back(std::move(share));
    return out;
}

std::string coverageCsv(const MappedMeasurements &measurements, const CheckReport &report)
{
    std::string out = "source,rows,compared,skipped,reason,reason_rows\n";
    for (const SourceCoverage &c : coverageBySource(measurements, report)) {
        const std::string head = csvField(c.source) + ',' + std::to_string(c.rows) + ','
                                 + std::to_string(c.compared) + ','
                                 + std::to_string(c.rows - c.compared) + ',';
        if (c.skipped.empty())
            out += head + ",\n";
        for (const auto &[reason, count] : c.skipped)
            out += head + csvField(reason) + ',' + std::to_string(count) + '\n';
    }
    return out;
}

std::string formatCheckReport(const MappedMeasurements &measurements, const CheckReport &report)
{
    std::size_t skippedRows = 0;
    for (const SkipGroup &g : report.skipped)
        skippedRows += g.rows.size();
    std::string out = "Compared " + std::to_string(report.compared.size()) + " of "
                      + std::to_string(measurements.rows.size()) + " rows ("
                      + std::to_string(measurements.cases.size()) + " configurations simulated, "
                      + std::to_string(skippedRows) + " rows skipped)\n\n";
    out += padRight("metric", 26) + padRight("source", 20) + padLeft("rows", 6)
           + padLeft("median APE %", 14) + padLeft("p90 APE %", 11) + padLeft("bias %", 9) + '\n';
    for (const SummaryLine &line : report.summary) {
        const bool total = line.source.empty();
        out += padRight(total ? std::string(metricName(line.metric)) : "", 26)
               + padRight(total ? "all" : "  " + line.source, 20)
               + padLeft(std::to_string(line.stats.count), 6)
               + padLeft(formatPercent(line.stats.medianApe), 14)
               + padLeft(formatPercent(line.stats.p90Ape), 11)
               + padLeft(formatPercent(line.stats.medianSignedPercent), 9) + '\n';
    }
    out += "\nTargets:\n";
    for (const TargetCheck &t : checkTargets(measurements, report)) {
        const std::string value = std::isfinite(t.value) ? formatPercent(t.value) + " %" : "n/a";
        out += "  " + padRight(t.what, 36) + padLeft(value, 9) + "  (target "
               + (t.atMost ? "<= " : ">= ") + formatPercent(t.limit) + " %, "
               + std::to_string(t.rows) + " rows)  "
               + (t.rows == 0 ? "not checked: no row measures it" : (t.met() ? "met" : "NOT MET"))
               + '\n';
    }
    out += "\nCoverage by source:\n";
    out += "  " + padRight("source", 24) + padLeft("rows", 6) + padLeft("compared", 10)
           + padLeft("%", 7) + "  skipped by reason\n";
    for (const SourceCoverage &c : coverageBySource(measurements, report)) {
        std::string reasons;
        for (const auto &[reason, count] : c.skipped)
            reasons += (reasons.empty() ? "" : "; ") + std::to_string(count) + " " + reason;
        out += "  " + padRight(c.source, 24) + padLeft(std::to_string(c.rows), 6)
               + padLeft(std::to_string(c.compared), 10)
               + padLeft(formatPercent(100.0 * static_cast<double>(c.compared)
                                       / static_cast<double>(std::max<std::size_t>(1, c.rows))),
                         7)
               + (reasons.empty() ? "" : "  " + reasons) + '\n';
    }
    if (!report.skipped.empty())
        out += "\nSkipped rows by reason:\n";
    for (const SkipGroup &g : report.skipped) {
        out += padLeft(std::to_string(g.rows.size()), 6) + "  " + g.reason + " (e.g. ";
        for (std::size_t i = 0; i < std::min<std::size_t>(3, g.rows.size()); ++i)
            out += (i ? ", " : "") + measurements.rows[g.rows[i]].id;
        out += g.rows.size() > 3 ? ", ...)\n" : ")\n";
    }
    return out;
}

std::string comparedRowsCsv(const MappedMeasurements &measurements, const CheckReport &report)
{
    std::string out = "id,source,model,gpu,metric,measured,predicted,ape_percent\n";
    for (const ComparedRow &c : report.compared) {
        const MeasurementRow &row = measurements.rows[c.row];
        out += csvField(row.id) + ',' + csvField(row.sourceKey) + ',' + csvField(row.model) + ','
               + csvField(row.gpu) + ',' + std::string(metricName(*row.metric)) + ','
               + formatNumber(c.measured) + ',' + formatNumber(c.predicted) + ','
               + formatNumber(c.ape) + '\n';
    }
    return out;
}

std::string summaryCsv(const CheckReport &report)
{
    std::string out = "metric,source,rows,median_ape_percent,p90_ape_percent,"
                      "median_signed_error_percent\n";
    for (const SummaryLine &line : report.summary)
        out += std::string(metricName(line.metric)) + ','
               + csvField(line.source.empty() ? "all" : line.source) + ','
               + std::to_string(line.stats.count) + ',' + formatNumber(line.stats.medianApe) + ','
               + formatNumber(line.stats.p90Ape) + ','
               + formatNumber(line.stats.medianSignedPercent) + '\n';
    return out;
}

} // namespace tw::calibration
