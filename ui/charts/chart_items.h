#pragma once

#include <QColor>
#include <QString>

#include <vector>

class QCPAxis;
class QCPGraph;
class QCPItemText;
class QCustomPlot;

namespace tw::ui::charts {

struct Theme;

/// A line graph on (@p keyAxis, @p valueAxis) named @p name, with a 2 px pen of @p colour and
/// the hover unit @p unit (see setHoverUnit). NaN values leave gaps.
QCPGraph *addLineGraph(QCPAxis *keyAxis, QCPAxis *valueAxis, const QString &name,
                       const QColor &colour, const std::vector<double> &keys,
                       const std::vector<double> &values, const QString &unit);

/// Shades keys [@p from, @p to] over the full height of @p keyAxis's axis rect and writes
/// @p label at its top.
void shadeKeyRange(QCPAxis *keyAxis, QCPAxis *valueAxis, double from, double to,
                   const QString &label, const Theme &theme);

/// A dashed vertical line at @p key across the axis rect, with @p label at its top.
QCPItemText *addVerticalMarker(QCPAxis *keyAxis, QCPAxis *valueAxis, double key,
                               const QString &label, const QColor &colour);

/// Centred note in the axis rect of (@p keyAxis, @p valueAxis), e.g. "No sweep in this run".
QCPItemText *addNote(QCPAxis *keyAxis, QCPAxis *valueAxis, const QString &text, const Theme &theme,
                     Qt::Alignment where = Qt::AlignCenter);

/// Clears the plot's plottables and items (axes, layout and legend stay).
void clearContent(QCustomPlot *plot);

/// Requests a replot that coalesces with any other request in the same event-loop pass
/// (QCustomPlot::rpQueuedReplot), after matching the paint buffer to the screen's pixel ratio.
void queueReplot(QCustomPlot *plot);

/// True when at least one plottable of @p plot holds data.
bool hasData(QCustomPlot *plot);

/// The unit inside the last parentheses of an axis label: "Traffic (requests/s)" → "requests/s".
QString unitOfLabel(const QString &label);
/// The label without its parenthesised unit: "Traffic (requests/s)" → "Traffic".
QString nameOfLabel(const QString &label);

} // namespace tw::ui::charts
