#pragma once

#include "ui/render/run_output.h"

#include <QString>
#include <QWidget>

#include <array>
#include <optional>

class QLabel;

namespace tw::ui {

/// A row of cards with the headline figures of the current scenario, each with its change
/// since the previous full output shown (a preview shows in italics) (▲/▼ and %, green when the
/// change is good, orange-red when bad). Outputs older than the one shown are ignored. Colours
/// follow the widget palette (dark when the window colour is dark). GUI thread only.
class KpiStrip : public QWidget
{
    Q_OBJECT

public:
    enum class Kpi {
        CostPerMonth,         ///< $ per month (cost scaled to 730 h)
        CostPerMillionTokens, ///< $ per 1M output tokens
        TtftP95,              ///< p95 time to first token (s)
        TpotP95,              ///< p95 time per output token (s)
        TimeBusy,             ///< share of replica time with an iteration running
        EnergyPerYear,        ///< facility MWh per year
        CarbonPerYear,        ///< t CO2e per year, operational + embodied
        LoadAtSlo,            ///< the traffic as a share of the capacity at the SLO
    };
    static constexpr int kCount = 8;
    /// The card of Kpi::LoadAtSlo: not a field of the results but of a capacity search that
    /// follows a full output (showCapacity); "…" until it arrives.
    static constexpr int kLoadCard = static_cast<int>(Kpi::LoadAtSlo);

    explicit KpiStrip(QWidget *parent = nullptr);

    /// Shows @p output unless it is null or its generation is older than the one shown.
    void showOutput(const RunOutputPtr &output);
    /// Shows the load against capacity of the output of @p figure's generation; ignored for
    /// any other generation. Its change compares with the last full output's load.
    void showCapacity(const CapacityFigure &figure);

    /// The figure of @p kpi in its card's unit (time busy as a fraction; energy in MWh per
    /// year: facility kWh x 8,760 h / horizon in hours / 1,000); NaN for LoadAtSlo, which
    /// the results do not hold.
    static double value(const metrics::Results &results, Kpi kpi);

    /// Card texts by index (0 .. kCount - 1, in Kpi order); empty for an index out of range.
    QString titleText(int index) const;
    QString valueText(int index) const;
    /// "▲ 3.2 %", "▼ 0.5 %", "no change", or empty before a second output.
    QString changeText(int index) const;
    QLabel *valueLabel(int index) const;
    QLabel *changeLabel(int index) const;
    /// "± 10 %": the model's error band of the card's figure (metrics::errorBandsOf), or empty
    /// when the figure has none.
    QString bandText(int index) const;

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Card
    {
        QLabel *title = nullptr;
        QLabel *value = nullptr;
        QLabel *change = nullptr;
        QLabel *band = nullptr; ///< the model's error band, beside the change
        int direction = 0;      ///< -1 down, 0 none, +1 up
    };
    void restyle();

    std::array<Card, kCount> m_cards;
    RunOutputPtr m_output;
    RunOutputPtr m_baseline; ///< the last full (not preview) output shown
    /// Load of the last full output whose capacity arrived: what the load card's change
    /// compares with.
    std::optional<double> m_baselineLoad;
};

} // namespace tw::ui
