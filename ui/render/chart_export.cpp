#include "ui/render/chart_export.h"

#include <qcustomplot.h>

#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QPdfWriter>
#include <QScreen>
#include <QSvgGenerator>

#include <cmath>

namespace tw::ui {
namespace {

QString checkSettings(const ChartExportSettings &settings)
{
    const struct
    {
        const char *name;
        int value;
    } sides[] = {{"width", settings.pixels.width()}, {"height", settings.pixels.height()}};
    for (const auto &side : sides) {
        if (side.value < kMinExportPixels || side.value > kMaxExportPixels)
            return QStringLiteral("%1: must be %2 to %3 px, got %4")
                    .arg(QLatin1String(side.name))
                    .arg(kMinExportPixels)
                    .arg(kMaxExportPixels)
                    .arg(side.value);
    }
    if (settings.format == ChartFormat::Png
        && (settings.dpi < kMinExportDpi || settings.dpi > kMaxExportDpi))
        return QStringLiteral("resolution: must be %1 to %2 dpi, got %3")
                .arg(kMinExportDpi)
                .arg(kMaxExportDpi)
                .arg(settings.dpi);
    return {};
}

/// Paints @p plot at @p size logical pixels onto @p painter, which maps them to its device.
void paintPlot(QCustomPlot *plot, QCPPainter &painter, const QSizeF &size, bool vector)
{
    painter.setMode(QCPPainter::pmVectorized, vector);
    painter.setMode(QCPPainter::pmNoCaching);
    painter.fillRect(QRectF(QPointF(0, 0), size), Qt::white);
    plot->toPainter(&painter, static_cast<int>(std::ceil(size.width())),
                    static_cast<int>(std::ceil(size.height())));
}

QString cannotWrite(const QString &fileName)
{
    return QStringLiteral("cannot write '%1'").arg(fileName);
}

QString exportSvg(QCustomPlot *plot, const QString &fileName, const ChartExportSettings &settings)
{
    QSvgGenerator svg;
    svg.setFileName(fileName);
    svg.setResolution(chartLayoutDpi());
    svg.setSize(settings.pixels);
    svg.setViewBox(QRect(QPoint(0, 0), settings.pixels));
    // Drawn in user units of the view box; fonts are measured at the generator's resolution,
    // the screen's, as QCustomPlot lays them out.
    svg.setTitle(settings.title);
    svg.setDescription(QStringLiteral("Exported from TokenWatt"));
    QCPPainter painter;
    if (!painter.begin(&svg))
        return cannotWrite(fileName);
    paintPlot(plot, painter, settings.pixels, true);
    painter.end();
    return QFile::exists(fileName) ? QString() : cannotWrite(fileName);
}

QString exportPdf(QCustomPlot *plot, const QString &fileName, const ChartExportSettings &settings)
{
    QFile file(fileName);
    if (!file.open(QIODevice::WriteOnly))
        return cannotWrite(fileName);
    QPdfWriter pdf(&file);
    const int dpi = chartLayoutDpi();
    pdf.setResolution(dpi);
    // One page exactly the chart's size: CSS pixels to points (72 per inch, 96 px per inch).
    const QSizeF points(settings.pixels.width() * 72.0 / 96.0,
                        settings.pixels.height() * 72.0 / 96.0);
    pdf.setPageSize(QPageSize(points, QPageSize::Point, QString(), QPageSize::ExactMatch));
    pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
    pdf.setTitle(settings.title);
    pdf.setCreator(QStringLiteral("TokenWatt %1").arg(QStringLiteral(TOKENWATT_VERSION)));
    QCPPainter painter;
    if (!painter.begin(&pdf))
        return cannotWrite(fileName);
    // Laid out in device units (`dpi` per inch, the resolution fonts are measured at), so no
    // scaling: a scaled painter would size the type twice.
    paintPlot(plot, painter, QSizeF(settings.pixels) * (dpi / 96.0), true);
    painter.end();
    file.close();
    return file.error() == QFile::NoError ? QString() : cannotWrite(fileName);
}

} // namespace

int chartLayoutDpi()
{
    const QScreen *screen = QGuiApplication::primaryScreen();
    return screen != nullptr ? static_cast<int>(std::lround(screen->logicalDotsPerInchY())) : 96;
}

QImage renderChartImage(QCustomPlot *plot, QSize pixels, int dpi)
{
    QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    // Fonts are sized for the device's resolution, so paint at the resolution the layout is
    // measured at and scale the painter; record the requested resolution only afterwards.
    const auto setDpi = [&image](double value) {
        image.setDotsPerMeterX(static_cast<int>(std::lround(value / 0.0254)));
        image.setDotsPerMeterY(static_cast<int>(std::lround(value / 0.0254)));
    };
    setDpi(chartLayoutDpi());
    const double scale = dpi / 96.0;
    QCPPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.scale(scale, scale);
    paintPlot(plot, painter, QSizeF(pixels.width() / scale, pixels.height() / scale), false);
    painter.end();
    setDpi(dpi);
    return image;
}

QString exportChart(QCustomPlot *plot, const QString &fileName, const ChartExportSettings &settings)
{
    if (const QString problem = checkSettings(settings); !problem.isEmpty())
        return problem;
    switch (settings.format) {
    case ChartFormat::Svg:
        return exportSvg(plot, fileName, settings);
    case ChartFormat::Pdf:
        return exportPdf(plot, fileName, settings);
    case ChartFormat::Png:
        break;
    }
    const QImage image = renderChartImage(plot, settings.pixels, settings.dpi);
    return image.save(fileName, "PNG") ? QString() : cannotWrite(fileName);
}

ChartFormat formatForFileName(const QString &fileName)
{
    const QString suffix = QFileInfo(fileName).suffix().toLower();
    if (suffix == QLatin1String("svg"))
        return ChartFormat::Svg;
    if (suffix == QLatin1String("pdf"))
        return ChartFormat::Pdf;
    return ChartFormat::Png;
}

} // namespace tw::ui
