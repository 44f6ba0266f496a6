#pragma once

#include <QColor>
#include <QString>

#include <vector>

class QCPAxis;
class QObject;
class QCPAxisRect;
class QCustomPlot;
class QCPGraph;
class QCPTextElement;

namespace tw::ui::charts {

/// The Okabe–Ito palette (Okabe & Ito, "Color Universal Design", 2008): eight colours that stay
/// distinguishable under the common colour-vision deficiencies. Black is replaced by the theme's
/// foreground where a series needs it.
namespace okabeIto {
inline const QColor kOrange{0xE6, 0x9F, 0x00};
inline const QColor kSkyBlue{0x56, 0xB4, 0xE9};
inline const QColor kBluishGreen{0x00, 0x9E, 0x73};
inline const QColor kYellow{0xF0, 0xE4, 0x42};
inline const QColor kBlue{0x00, 0x72, 0xB2};
inline const QColor kVermillion{0xD5, 0x5E, 0x00};
inline const QColor kReddishPurple{0xCC, 0x79, 0xA7};
} // namespace okabeIto

/// Colours of one theme. QCustomPlot ignores QPalette, so every plot colour is set from here.
struct Theme
{
    bool dark = false;
    QColor background;      ///< plot background
    QColor foreground;      ///< axes, tick labels, titles, legend text
    QColor mutedForeground; ///< secondary text (notes, placeholders)
    QColor grid;
    QColor subGrid;
    QColor legendBackground;
    QColor shade;   ///< translucent fill for annotated regions (warm-up)
    QColor neutral; ///< reference lines that are not a series (current scenario marker)
    QColor good;    ///< KPI change in the desirable direction
    QColor bad;     ///< KPI change in the undesirable direction
    /// Series colours in order of use (Okabe–Ito, the same in both themes).
    QColor series(int index) const;
};

Theme lightTheme();
Theme darkTheme();
const Theme &theme(bool dark);

/// Title row on top, the axis rect in the middle and the legend (horizontal, wrapping after
/// @p legendColumns entries) in a row below, so legends never cover data. Call once per plot.
void setUpSingleRectPlot(QCustomPlot *plot, const QString &title, int legendColumns);
/// Adds a title element in a new top row of @p plot's layout and returns it.
QCPTextElement *addTitle(QCustomPlot *plot, const QString &title);
/// Moves @p plot's legend into its own row at the bottom of the layout.
void moveLegendBelow(QCustomPlot *plot, int legendColumns);

/// Applies @p theme to the plot background, every axis rect, axis, grid, legend and text
/// element. Plottable and item colours are set by whoever creates them.
void applyTheme(QCustomPlot *plot, const Theme &theme);

/// Gives @p axis a log scale with a log ticker when @p values (the finite positive ones) span
/// more than @p decades decades and are all positive, and a linear one otherwise. Returns
/// whether the scale is logarithmic.
bool setAutoScaleType(QCPAxis *axis, const std::vector<double> &values, double decades);
/// Sets @p axis's range to cover the finite @p values (positive ones on a log axis), padded
/// by a few percent; on a linear value axis that starts at zero when @p fromZero.
void fitRange(QCPAxis *axis, const std::vector<double> &values, bool fromZero);

/// Human-readable number with about three significant digits and group separators in the
/// default QLocale: 12,345 / 123 / 12.3 / 1.23 / 0.0123.
QString formatNumber(double value);
/// Seconds as "850 ms" below one second, "12.3 s" below 100 s, then minutes up to two hours,
/// then hours ("13.2 h": an overloaded queue).
QString formatSeconds(double seconds);

/// Marks a plottable for hover tooltips: the unit shown after its values.
void setHoverUnit(QObject *plottable, const QString &unit);
/// Marks a plot's x axis for tooltips: e.g. "min" or "req/s".
void setHoverXUnit(QCustomPlot *plot, const QString &unit);

} // namespace tw::ui::charts
