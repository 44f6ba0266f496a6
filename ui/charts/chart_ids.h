#pragma once

#include <QtGlobal>

#include <array>
#include <optional>

namespace tw::ui {

/// Every chart of the window, in tab order. Adding a chart: a value here, a row in kCharts, and
/// its fill code in the tab's charts file (time_charts, curve_charts or breakdown_charts).
enum class ChartId {
    Traffic,
    LatencyOverTime,
    Power,
    Cumulative,
    CostCurve,
    LatencyCurve,
    EnergyCurve,
    CarbonCurve,
    CostBreakdown,
    CarbonBreakdown,
    LatencyDistribution,
};

/// The tab a chart is shown on.
enum class ChartTab { OverTime, AcrossLever, Breakdown };

struct ChartInfo
{
    ChartId id;
    ChartTab tab;
    /// Accessible name, also the title of an exported copy (translated in ChartsPanel's context).
    const char *name;
};

inline constexpr std::array<ChartInfo, 11> kCharts{{
        {ChartId::Traffic, ChartTab::OverTime,
         QT_TRANSLATE_NOOP("tw::ui::ChartsPanel", "Arrivals and queue depth over time")},
        {ChartId::LatencyOverTime, ChartTab::OverTime,
         QT_TRANSLATE_NOOP("tw::ui::ChartsPanel", "Latency over time")},
        {ChartId::Power, ChartTab::OverTime,
         QT_TRANSLATE_NOOP("tw::ui::ChartsPanel", "Facility power over time")},
        {ChartId::Cumulative, ChartTab::OverTime,
         QT_TRANSLATE_NOOP("tw::ui::ChartsPanel", "Cumulative cost, energy and emissions")},
        {ChartId::CostCurve, ChartTab::AcrossLever,
         QT_TRANSLATE_NOOP("tw::ui::ChartsPanel",
                           "Cost per million output tokens across the lever")},
        {ChartId::LatencyCurve, ChartTab::AcrossLever,
         QT_TRANSLATE_NOOP("tw::ui::ChartsPanel", "p95 latency across the lever")},
        {ChartId::EnergyCurve, ChartTab::AcrossLever,
         QT_TRANSLATE_NOOP("tw::ui::ChartsPanel",
                           "Energy per million output tokens across the lever")},
        {ChartId::CarbonCurve, ChartTab::AcrossLever,
         QT_TRANSLATE_NOOP("tw::ui::ChartsPanel",
                           "Emissions per million output tokens across the lever")},
        {ChartId::CostBreakdown, ChartTab::Breakdown,
         QT_TRANSLATE_NOOP("tw::ui::ChartsPanel", "Cost by component")},
        {ChartId::CarbonBreakdown, ChartTab::Breakdown,
         QT_TRANSLATE_NOOP("tw::ui::ChartsPanel", "Operational and embodied emissions")},
        {ChartId::LatencyDistribution, ChartTab::Breakdown,
         QT_TRANSLATE_NOOP("tw::ui::ChartsPanel", "Latency distribution")},
}};

inline constexpr int kChartCount = static_cast<int>(kCharts.size());

constexpr int indexOf(ChartId id)
{
    return static_cast<int>(id);
}

/// The chart at @p index of the tab order (as the CLI's and the dialog's "chart N"), or none.
constexpr std::optional<ChartId> chartAt(int index)
{
    if (index < 0 || index >= kChartCount)
        return std::nullopt;
    return kCharts[static_cast<std::size_t>(index)].id;
}

// The table is in enum order, so a chart's index is its value.
static_assert([] {
    for (int i = 0; i < kChartCount; ++i)
        if (indexOf(kCharts[static_cast<std::size_t>(i)].id) != i)
            return false;
    return true;
}());
static_assert(indexOf(ChartId::LatencyDistribution) == kChartCount - 1);

} // namespace tw::ui
