#pragma once

#include "ui/report/report_input.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace tw::catalog {
class Catalog;
}

namespace tw::ui::report {

struct Equivalents;

/// How the traffic of a scenario is served.
enum class Serving { SelfHosted, Api, Mixed };

/// The figures a report's sentences are made of, taken from one scenario and its results.
/// Optional figures are absent when the run has no such data (no measured request, no GPUs,
/// no compared API), and the sentences then leave their clause out.
struct ScenarioFacts
{
    QString label;
    Serving serving = Serving::SelfHosted;
    QString modelName;  ///< "Llama-3.1-70B-Instruct"; empty when deployments serve several models
    long long gpus = 0; ///< self-hosted GPUs over all deployments
    QString gpuName;    ///< "H100 SXM5 80GB"; empty when several GPU types are used
    QString apiName;    ///< provider of the (first) API deployment, e.g. "OpenAI"
    int deployments = 1;
    double costPerMonthUsd = 0.0;
    double costPerMillionOutputTokensUsd = 0.0;
    std::optional<double> comparedApiPerMillionUsd; ///< the compared API at this token mix
    QString comparedApiLabel;                       ///< "OpenAI/gpt-4o-2024-08-06"
    std::optional<double> ttftP95Seconds;
    std::optional<double> tpotP95Seconds;
    std::optional<double> sloAttainment;
    double requestsPerSecond = 0.0;
    double sloTtftSeconds = 0.0;
    double sloTpotSeconds = 0.0;
    std::optional<double> busyFraction;   ///< self-hosted replicas only
    std::optional<double> batchOccupancy; ///< self-hosted replicas only
    /// The highest traffic served within the SLO (requests/s) and the scenario's share of it;
    /// unset when it was not computed (trace or closed-loop traffic, APIs only).
    std::optional<double> capacityRatePerSecond;
    double loadShare = 0.0;
    bool capacityIsLowerBound = false;
    double gpuUsdPerMonth = 0.0;            ///< GPU rent or amortised purchase, 730 h
    double unusedCapacityUsdPerMonth = 0.0; ///< the part paying for capacity left unused
    double idleShare = 0.0;                 ///< share of GPU spend while no iteration ran
    double energyKwhPerYear = 0.0;          ///< facility energy scaled to 8,760 h
    double carbonTonnesPerYear = 0.0;
    /// False when everything goes through APIs, whose hardware is not modelled: energy and
    /// emissions are then unknown, not zero.
    bool footprintModelled = true;

    QString regionName; ///< catalog name of the scenario's grid region, or empty
};

/// A headline figure: what the report's cards and the presentation's first page show.
struct KpiCard
{
    QString title;      ///< "Cost per month"
    QString text;       ///< "$41,200"; "–" when the run has no such figure
    QString note;       ///< "730 hours"
    double value = 0.0; ///< in the card's unit; NaN when absent
    bool lowerIsBetter = true;
};

/// Eight cards: cost per month, cost per 1M output tokens, p95 TTFT, p95 TPOT, the load as a
/// share of the capacity at the SLO (time busy when no capacity was computed), energy and CO₂e
/// per year, and the same traffic through the compared API per month (or the
/// request rate when no API is compared).
std::vector<KpiCard> kpiCards(const ScenarioFacts &facts, const metrics::Results &results);

/// The facts of @p input (its first output); region names come from @p catalog.
ScenarioFacts factsOf(const ReportScenario &input, const catalog::Catalog &catalog);

/// "in Germany", "in the United States", "in Texas" (from "US - Texas"), "on the world-average
/// grid"; empty for an empty name.
QString regionPhrase(const QString &regionName);

/// The executive summary of one scenario, a few plain sentences, e.g. "Serving
/// Llama-3.1-70B-Instruct on eight H100 SXM5 80GB GPUs costs $41,200 a month — 38 % less than
/// the same traffic through OpenAI/gpt-4o — at a p95 first-token latency of 0.91 s, using
/// 86.1 MWh and emitting 31.4 t CO₂e a year in Germany."
QStringList summarySentences(const ScenarioFacts &facts, const Equivalents &equivalents);

/// Sentences comparing several scenarios: the cheapest against the dearest, the fastest first
/// token, the lowest emissions. Empty for fewer than two scenarios.
QStringList comparisonSentences(const std::vector<ScenarioFacts> &facts);

} // namespace tw::ui::report
