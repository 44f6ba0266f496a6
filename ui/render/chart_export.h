#pragma once

#include <QImage>
#include <QSize>
#include <QString>

class QCustomPlot;

namespace tw::ui {

/// File formats a chart exports to.
enum class ChartFormat { Png, Svg, Pdf };

/// What an export writes. For PNG, @p pixels is the image size and @p dpi both the resolution
/// written to the file and the scale of the drawing: the chart is laid out at pixels x 96 / dpi
/// logical pixels and drawn at dpi / 96, so a 192-dpi image has the same layout as a 96-dpi one
/// of half its size, with sharper lines and type. SVG and PDF are vector: @p pixels is the
/// drawing size in CSS pixels (1/96 inch) and @p dpi is not used.
struct ChartExportSettings
{
    ChartFormat format = ChartFormat::Png;
    QSize pixels{1600, 1000};
    int dpi = 144;
    QString title; ///< document title for SVG and PDF metadata
};

/// Accepted ranges, for the dialog and for error messages.
inline constexpr int kMinExportPixels = 200;
inline constexpr int kMaxExportPixels = 10000;
inline constexpr int kMinExportDpi = 48;
inline constexpr int kMaxExportDpi = 600;

/// The resolution QCustomPlot lays text out at (the primary screen's logical DPI, 96 when
/// offscreen). Vector devices get this resolution so that fonts and layout stay in proportion.
int chartLayoutDpi();

/// The chart drawn on a white image of exactly @p pixels with the resolution @p dpi recorded
/// in it (see ChartExportSettings). GUI thread.
QImage renderChartImage(QCustomPlot *plot, QSize pixels, int dpi);

/// Writes @p plot to @p fileName. Returns an empty string on success, otherwise the reason
/// (a size or resolution outside the accepted range names the value and the range; a file
/// that cannot be written names the file). Paints @p plot at the export's size without
/// changing its on-screen state. GUI thread.
QString exportChart(QCustomPlot *plot, const QString &fileName,
                    const ChartExportSettings &settings);

/// The format of a file name's extension (.png, .svg, .pdf; case-insensitive), or Png.
ChartFormat formatForFileName(const QString &fileName);

} // namespace tw::ui
