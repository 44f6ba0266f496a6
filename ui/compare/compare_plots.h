#pragma once

#include "ui/render/run_output.h"

#include <QStringList>

#include <array>
#include <vector>

class QCustomPlot;
class QWidget;

namespace tw::ui::charts {
struct Theme;
}

namespace tw::ui::compare {

/// The compare view's four charts across the swept lever: cost per 1M output tokens, p95
/// TTFT, facility kWh per 1M output tokens, gCO2e per 1M output tokens. One line per scenario
/// in Okabe–Ito colours (charts::Theme::series), named in the legend.
struct ComparePlots
{
    std::array<QCustomPlot *, 4> plots{};

    /// Creates the plots (children of @p parent) with titles, axes and legends.
    static ComparePlots create(QWidget *parent);
    /// Replaces the lines with one per output; @p labels name them. Replots (queued).
    void fill(const std::vector<RunOutputPtr> &outputs, const QStringList &labels,
              const charts::Theme &theme) const;
    void clear() const;
};

} // namespace tw::ui::compare
