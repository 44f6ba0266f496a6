#pragma once

#include "core/sweep/sensitivity.h"
#include "ui/charts/chart_style.h"

#include <QString>
#include <QStringList>

class QCustomPlot;

namespace tw::ui::charts {

/// The figures a tornado can show, with their labels and units.
enum class TornadoFigure { CostPerMillion, E2eP95, EnergyPerMonth, CarbonPerMonth };

/// "Cost per 1M output tokens ($)", "p95 end-to-end latency (s)", ...
QString tornadoFigureLabel(TornadoFigure figure);
/// The field of SensitivityFigures a figure reads.
double sweep::SensitivityFigures::*tornadoField(TornadoFigure figure);

/// Sets up @p plot once for tornado charts: title row, legend below, horizontal bars.
void setUpTornado(QCustomPlot *plot);

/// Draws @p result as a tornado for @p figure: one row per input, largest swing of that figure
/// at the top, a bar from the base value to the figure at the input's low end and one to its
/// high end, a line at the base value, and each end's input value beside its bar. Replaces what
/// the plot held. Returns the labels of the inputs that do not move the figure (left out).
QStringList fillTornado(QCustomPlot *plot, const sweep::SensitivityResult &result,
                        TornadoFigure figure, const Theme &theme);

} // namespace tw::ui::charts
