#include "ui/report/report_writer.h"

#include "core/catalog/catalog.h"
#include "ui/render/chart_export.h"
#include "ui/report/report_context.h"

#include <qcustomplot.h>

#include <QFile>
#include <QPageSize>
#include <QPdfWriter>

namespace tw::ui::report {
namespace {

/// Type sizes for charts printed about 17 cm wide.
ChartStyle printChartStyle()
{
    ChartStyle style;
    style.titlePointSize = 12.0;
    style.labelPointSize = 9.5;
    style.tickPointSize = 9.0;
    return style;
}

QString defaultTitle(const std::vector<ReportScenario> &scenarios)
{
    if (scenarios.size() == 1)
        return scenarios.front().label;
    return QStringLiteral("Comparison of %1 scenarios").arg(scenarios.size());
}

} // namespace

QString writeReport(const QString &fileName, const std::vector<ReportScenario> &scenarios,
                    const ReportOptions &options, int *pageCount)
{
    if (scenarios.empty())
        return QStringLiteral("no scenario to report on");
    for (const ReportScenario &s : scenarios)
        if (!s.output)
            return QStringLiteral("scenario '%1' has no results").arg(s.label);

    ReportContext context{scenarios, catalog::Catalog::builtIn(), options, {}, {}, {}, {}, {}};
    context.title = options.title.isEmpty() ? defaultTitle(scenarios) : options.title;
    context.equivalents = Equivalents::fromCatalog(context.catalog);
    for (const ReportScenario &s : scenarios) {
        context.facts.push_back(factsOf(s, context.catalog));
        context.charts.push_back(std::make_unique<ChartCopies>(s.output, printChartStyle()));
    }

    QFile file(fileName);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("cannot write '%1': %2").arg(fileName, file.errorString());
    QPdfWriter pdf(&file);
    // Device units at the resolution QCustomPlot measures its fonts at, so charts keep the
    // proportions they have on screen (see chart_export.h).
    pdf.setResolution(chartLayoutDpi());
    pdf.setPageSize(QPageSize(QPageSize::A4));
    pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
    pdf.setTitle(context.title);
    pdf.setCreator(QStringLiteral("TokenWatt %1").arg(QStringLiteral(TOKENWATT_VERSION)));

    PageLayout layout(&pdf, ReportStyle(), QMarginsF(56, 64, 56, 60));
    addTitlePage(layout, context);
    addSummary(layout, context);
    addCharts(layout, context);
    addAssumptions(layout, context);
    addMethodology(layout, context);

    const PageLayout::Decoration decoration{
            QStringLiteral("TokenWatt report · %1").arg(context.title), longDate(options.createdAt),
            QStringLiteral("Simulated estimates; assumptions and sources in the appendices")};
    // A QCPPainter, because chart steps hand it to QCustomPlot::toPainter.
    QCPPainter painter;
    if (!painter.begin(&pdf))
        return QStringLiteral("cannot write '%1'").arg(fileName);
    for (int page = 0; page < layout.pageCount(); ++page) {
        if (page > 0)
            pdf.newPage();
        layout.paint(painter, page, decoration);
    }
    painter.end();
    file.close();
    if (file.error() != QFile::NoError)
        return QStringLiteral("cannot write '%1': %2").arg(fileName, file.errorString());
    if (pageCount != nullptr)
        *pageCount = layout.pageCount();
    return {};
}

} // namespace tw::ui::report
