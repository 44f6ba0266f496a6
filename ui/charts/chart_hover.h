#pragma once

#include <QPointF>
#include <QString>

class QCustomPlot;

namespace tw::ui::charts {

/// Shows a tooltip with the value under the mouse: the nearest graph point within a few pixels,
/// or the bar segment under the cursor. Units come from setHoverUnit / setHoverXUnit
/// (chart_style.h); plottables with the property "twHover" set to false are skipped.
void installHoverTooltips(QCustomPlot *plot);

/// The tooltip text (rich text) for the mouse at @p pos in @p plot's widget coordinates, or an
/// empty string when nothing is close enough. Uses the plot's last replot geometry.
QString hoverText(QCustomPlot *plot, const QPointF &pos);

} // namespace tw::ui::charts
