#pragma once

#include "ui/report/report_input.h"

#include <QDateTime>
#include <QString>

#include <vector>

namespace tw::ui::report {

struct ReportOptions
{
    /// The report's title; empty: the scenario's name, or "Comparison of N scenarios".
    QString title;
    QDateTime createdAt = QDateTime::currentDateTime();
};

/// Writes a multi-page A4 PDF report on @p scenarios (at least one, each with its output) to
/// @p fileName: title page; executive summary (KPI cards, sentences made from the results,
/// everyday equivalents with their sources); key charts; for several scenarios a comparison
/// table and overlaid charts; an appendix with every parameter and every catalog figure used
/// (source, date, verification); a methodology note. Pages have a header and "Page n of N".
/// Returns an empty string on success, otherwise the reason; @p pageCount (if given) receives
/// the number of pages. Charts are QCustomPlot widgets painted offscreen: call on the thread
/// that owns the QApplication. Takes a fraction of a second for one scenario.
QString writeReport(const QString &fileName, const std::vector<ReportScenario> &scenarios,
                    const ReportOptions &options = {}, int *pageCount = nullptr);

} // namespace tw::ui::report
