// Chart and data export: PNG size and resolution, SVG as XML with the chart's text, PDF read
// back with poppler, CSV against the results, the clipboard, and the window's chart left as
// it was.

#include "core/catalog/catalog.h"
#include "core/scenario_io/examples.h"
#include "core/scenario_io/scenario_json.h"
#include "tests/core/cli_process.h"
#include "tests/ui/window_settle.h"
#include "ui/charts/charts_panel.h"
#include "ui/render/chart_copies.h"
#include "ui/render/chart_export.h"
#include "ui/render/csv_export.h"
#include "ui/export/export_controller.h"
#include "ui/lever_control.h"
#include "ui/main_window.h"
#include "ui/report/report_input.h"
#include "ui/scenario_panel.h"
#include "ui/simulation_runner.h"

#include <qcustomplot.h>

#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QImageReader>
#include <QProcess>
#include <QRegularExpression>
#include <QSlider>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <cmath>

using namespace tw::ui;

using tw::test::pdfPages;
using tw::test::pdfText;

namespace {

constexpr int kTimeoutMs = 120'000;

/// The default example over 15 minutes, simulated with its curve as a report would be.
RunOutputPtr defaultOutput()
{
    static const RunOutputPtr output = [] {
        tw::scenario::Scenario s = tw::scenario::parseScenarioJson(
                tw::scenario::findExample("default")->json, tw::catalog::Catalog::builtIn());
        s.simulation.horizonSeconds = 900.0;
        s.simulation.warmupSeconds = 60.0;
        return report::simulateForReport(s, {});
    }();
    return output;
}

/// Share of pixels that are not white: a blank export has none.
double inkFraction(const QImage &image)
{
    qint64 ink = 0;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2)
            ink += image.pixel(x, y) != qRgb(255, 255, 255) ? 1 : 0;
    return static_cast<double>(ink) / ((image.width() / 2) * (image.height() / 2));
}

using tw::test::settle;

} // namespace

class TestExport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void pngHasTheRequestedSizeAndResolution_data();
    void pngHasTheRequestedSizeAndResolution();
    void higherResolutionDrawsTheSameLayoutLarger();
    void svgIsXmlWithTheChartsText();
    void pdfIsOnePageWithTheChartsText();
    void badSettingsAreRefusedWithTheRange_data();
    void badSettingsAreRefusedWithTheRange();
    void csvMatchesTheResults();
    void windowExportLeavesItsChartAlone();
    void copyPutsTheChartOnTheClipboard();
    void previewIsNotExported();
    void chartsOfferAContextMenu();

private:
    QTemporaryDir m_dir;
};

void TestExport::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    QVERIFY(defaultOutput() && defaultOutput()->current.measuredRequests > 0);
}

void TestExport::pngHasTheRequestedSizeAndResolution_data()
{
    QTest::addColumn<QSize>("pixels");
    QTest::addColumn<int>("dpi");
    QTest::newRow("document, 144 dpi") << QSize(1600, 1000) << 144;
    QTest::newRow("screen, 96 dpi") << QSize(800, 500) << 96;
    QTest::newRow("slide, 300 dpi") << QSize(1920, 1080) << 300;
}

void TestExport::pngHasTheRequestedSizeAndResolution()
{
    QFETCH(QSize, pixels);
    QFETCH(int, dpi);
    const ChartCopies copies(defaultOutput(), ChartStyle{});
    const QString file = m_dir.filePath(QStringLiteral("chart-%1.png").arg(dpi));
    ChartExportSettings settings;
    settings.format = ChartFormat::Png;
    settings.pixels = pixels;
    settings.dpi = dpi;
    QCOMPARE(exportChart(copies.plot(ChartId::CostBreakdown), file, settings), QString());
    QImageReader reader(file);
    QCOMPARE(reader.format(), QByteArray("png"));
    const QImage image = reader.read();
    QCOMPARE(image.size(), pixels);
    // PNG stores dots per metre: dpi / 0.0254, rounded.
    QVERIFY(std::abs(image.dotsPerMeterX() - dpi / 0.0254) <= 1.0);
    QVERIFY(std::abs(image.dotsPerMeterY() - dpi / 0.0254) <= 1.0);
    QVERIFY2(inkFraction(image) > 0.02, "the image is blank");
}

void TestExport::higherResolutionDrawsTheSameLayoutLarger()
{
    // 1600 x 1000 at 192 dpi is the 800 x 500 chart of 96 dpi drawn twice as large: scaled
    // down, it matches the 96-dpi image closely (anti-aliasing aside).
    const ChartCopies copies(defaultOutput(), ChartStyle{});
    QCustomPlot *plot = copies.plot(ChartId::CostBreakdown);
    const QImage small = renderChartImage(plot, QSize(800, 500), 96)
                                 .convertToFormat(QImage::Format_Grayscale8);
    const QImage large = renderChartImage(plot, QSize(1600, 1000), 192)
                                 .scaled(800, 500, Qt::IgnoreAspectRatio, Qt::SmoothTransformation)
                                 .convertToFormat(QImage::Format_Grayscale8);
    double difference = 0.0;
    for (int y = 0; y < 500; ++y)
        for (int x = 0; x < 800; ++x)
            difference += std::abs(qGray(small.pixel(x, y)) - qGray(large.pixel(x, y)));
    const double mean = difference / (800.0 * 500.0);
    QVERIFY2(mean < 12.0, qPrintable(QStringLiteral("mean grey difference %1").arg(mean)));
}

void TestExport::svgIsXmlWithTheChartsText()
{
    ChartStyle style;
    style.footer = QStringLiteral("Footer scenario · 21 Nov 2026 · TokenWatt");
    const ChartCopies copies(defaultOutput(), style);
    const QString file = m_dir.filePath(QStringLiteral("chart.svg"));
    ChartExportSettings settings;
    settings.format = ChartFormat::Svg;
    settings.pixels = QSize(960, 600);
    settings.title = QStringLiteral("Cost by component");
    QCOMPARE(exportChart(copies.plot(ChartId::CostBreakdown), file, settings), QString());
    QFile svg(file);
    QVERIFY(svg.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&svg);
    QString text;
    QString root;
    while (!xml.atEnd()) {
        const QXmlStreamReader::TokenType token = xml.readNext();
        if (token == QXmlStreamReader::StartElement && root.isEmpty())
            root = xml.name().toString();
        if (token == QXmlStreamReader::Characters)
            text += xml.text().toString() + QLatin1Char(' ');
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(root, QStringLiteral("svg"));
    for (const QString &expected :
         {QStringLiteral("Cost by component"), QStringLiteral("Cost ($ per month)"),
          QStringLiteral("GPU busy"), QStringLiteral("Footer scenario")})
        QVERIFY2(text.contains(expected), qPrintable(expected + " not in: " + text.left(400)));
}

void TestExport::pdfIsOnePageWithTheChartsText()
{
    const ChartCopies copies(defaultOutput(), ChartStyle{});
    const QString file = m_dir.filePath(QStringLiteral("chart.pdf"));
    ChartExportSettings settings;
    settings.format = ChartFormat::Pdf;
    settings.pixels = QSize(960, 600);
    QCOMPARE(exportChart(copies.plot(ChartId::CostBreakdown), file, settings), QString());
    QFile pdf(file);
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    QCOMPARE(pdf.read(5), QByteArray("%PDF-"));
    const QString text = pdfText(file);
    if (text.isNull())
        QSKIP("pdftotext (poppler-utils) is not installed");
    QCOMPARE(pdfPages(file), 1);
    QVERIFY2(text.contains(QStringLiteral("Cost by component")), qPrintable(text.left(400)));
    QVERIFY2(text.contains(QStringLiteral("GPU busy")), qPrintable(text.left(400)));
}

void TestExport::badSettingsAreRefusedWithTheRange_data()
{
    QTest::addColumn<QSize>("pixels");
    QTest::addColumn<int>("dpi");
    QTest::addColumn<QString>("message");
    QTest::newRow("narrow") << QSize(50, 500) << 96 << "width: must be 200 to 10000 px, got 50";
    QTest::newRow("tall") << QSize(800, 20000) << 96
                          << "height: must be 200 to 10000 px, got 20000";
    QTest::newRow("dpi") << QSize(800, 500) << 1200
                         << "resolution: must be 48 to 600 dpi, got 1200";
}

void TestExport::badSettingsAreRefusedWithTheRange()
{
    QFETCH(QSize, pixels);
    QFETCH(int, dpi);
    QFETCH(QString, message);
    const ChartCopies copies(defaultOutput(), ChartStyle{});
    ChartExportSettings settings;
    settings.pixels = pixels;
    settings.dpi = dpi;
    const QString file = m_dir.filePath(QStringLiteral("refused.png"));
    QCOMPARE(exportChart(copies.plot(ChartId::Traffic), file, settings), message);
    QVERIFY(!QFile::exists(file));
}

void TestExport::csvMatchesTheResults()
{
    const RunOutput &output = *defaultOutput();
    const QStringList kpis = QString::fromUtf8(kpiTableCsv(output)).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(kpis.size(), 8); // header + the seven cards (no API compared)
    QCOMPARE(kpis[0], QStringLiteral("kpi,value,unit"));
    QVERIFY(kpis[1].startsWith(QStringLiteral("costPerMonth,")));
    QCOMPARE(kpis[1].section(',', 1, 1).toDouble(), output.current.cost.perMonthUsd);
    QVERIFY(kpis[3].startsWith(QStringLiteral("ttftP95,")));
    QCOMPARE(kpis[3].section(',', 1, 1).toDouble(), output.current.ttftSeconds.p95);

    const QStringList series
            = QString::fromUtf8(timeSeriesCsv(output)).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(series.size(), static_cast<int>(output.current.timeSeries.binStartSeconds.size()) + 1);
    const QStringList curve = QString::fromUtf8(curveCsv(output)).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(curve.size(), static_cast<int>(output.curve.size()) + 1);
    QVERIFY(curve[0].startsWith(QStringLiteral("workload.arrival.ratePerSecond")));
    QVERIFY(QString::fromUtf8(resultsCsv(output)).startsWith(QStringLiteral("metric,value,unit")));
}

void TestExport::windowExportLeavesItsChartAlone()
{
    MainWindow window;
    window.loadExample(QStringLiteral("default"));
    window.show();
    QVERIFY(settle(window));
    auto *controller = window.findChild<ExportController *>();
    QVERIFY(controller);
    QCustomPlot *onScreen = window.charts()->plot(ChartId::CostBreakdown);
    const int index = static_cast<int>(window.charts()->plots().indexOf(onScreen));
    QCOMPARE(controller->chartNames().value(index), onScreen->accessibleName());
    const int rows = onScreen->plotLayout()->rowCount();
    const QFont tickFont = onScreen->xAxis->tickLabelFont();
    const QImage before = onScreen->toPixmap().toImage();

    ChartExportSettings settings;
    settings.pixels = QSize(1200, 800);
    settings.dpi = 144;
    const QString file = m_dir.filePath(QStringLiteral("window.png"));
    QCOMPARE(controller->exportChart(index, file, settings), QString());
    QCOMPARE(QImage(file).size(), QSize(1200, 800));
    // The copy got a footer and larger type; the chart on screen did not.
    QCOMPARE(onScreen->plotLayout()->rowCount(), rows);
    QCOMPARE(onScreen->xAxis->tickLabelFont(), tickFont);
    QCOMPARE(onScreen->toPixmap().toImage(), before);
    QCOMPARE(controller->exportChart(99, file, settings),
             QStringLiteral("chart: must be 0 to 10, got 99"));
}

void TestExport::previewIsNotExported()
{
    MainWindow window;
    window.loadExample(QStringLiteral("default"));
    window.show();
    QVERIFY(settle(window));
    tw::run::CurveBudget hold = window.runner()->curveBudget();
    hold.previewRefineDelayMs = 600'000; // keep the preview on screen
    window.runner()->setCurveBudget(hold);
    LeverControl *rate = window.scenarioPanel()->lever(QStringLiteral("rate"));
    rate->slider()->setValue(rate->slider()->value() + 3);
    QVERIFY(QTest::qWaitFor([&] { return window.shownOutput() && window.shownOutput()->preview; },
                            120'000));
    auto *controller = window.findChild<ExportController *>();
    QVERIFY(controller);
    const QString file = m_dir.filePath(QStringLiteral("preview.png"));
    QVERIFY(controller->exportChart(0, file, ChartExportSettings{})
                    .contains(QStringLiteral("preview")));
    QVERIFY(!QFile::exists(file));
    QVERIFY(!controller->copyChart(0));
}

void TestExport::copyPutsTheChartOnTheClipboard()
{
    MainWindow window;
    window.loadExample(QStringLiteral("default"));
    auto *controller = window.findChild<ExportController *>();
    QVERIFY(!controller->copyChart(0)); // nothing on screen yet
    QVERIFY(settle(window));
    QVERIFY(controller->copyChart(0, QSize(640, 400), 96));
    const QImage image = QGuiApplication::clipboard()->image();
    QCOMPARE(image.size(), QSize(640, 400));
    QVERIFY(inkFraction(image) > 0.02);
}

void TestExport::chartsOfferAContextMenu()
{
    ChartsPanel panel;
    // A lambda, not QSignalSpy: the signal's QCustomPlot * is only forward-declared for moc.
    QList<QPair<QCustomPlot *, QPoint>> requests;
    connect(&panel, &ChartsPanel::chartContextMenuRequested, this,
            [&requests](QCustomPlot *plot, const QPoint &at) {
                requests.append({plot, at});
            });
    QCustomPlot *plot = panel.plot(ChartId::Power);
    QCOMPARE(plot->contextMenuPolicy(), Qt::CustomContextMenu);
    emit plot->customContextMenuRequested(QPoint(10, 20));
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.front().first, plot);
    QCOMPARE(requests.front().second, plot->mapToGlobal(QPoint(10, 20)));
}

QTEST_MAIN(TestExport)
#include "tst_export.moc"
