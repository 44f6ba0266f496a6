#pragma once

// Internal to ui/report: what the report's sections share while the report is laid out.

#include "ui/render/chart_copies.h"
#include "ui/report/equivalents.h"
#include "ui/report/page_layout.h"
#include "ui/report/report_facts.h"
#include "ui/report/report_writer.h"

#include <memory>
#include <vector>

class QCustomPlot;

namespace tw::catalog {
class Catalog;
}

namespace tw::ui::report {

struct ReportContext
{
    const std::vector<ReportScenario> &scenarios;
    const catalog::Catalog &catalog;
    ReportOptions options;
    QString title;
    std::vector<ScenarioFacts> facts;                 ///< one per scenario
    std::vector<std::unique_ptr<ChartCopies>> charts; ///< one per scenario
    std::vector<std::unique_ptr<QCustomPlot>> extra;  ///< comparison charts, kept until painted
    Equivalents equivalents;

    bool comparing() const { return scenarios.size() > 1; }
};

/// "21 November 2026".
QString longDate(const QDateTime &when);

// Sections, in report order. Each starts on a new page where it should.
void addTitlePage(PageLayout &layout, const ReportContext &context);
void addSummary(PageLayout &layout, const ReportContext &context);
void addCharts(PageLayout &layout, ReportContext &context);
/// A page on what moves the cost (one-scenario reports with a sensitivity result): sentences,
/// the tornado, and where each range comes from.
void addSensitivity(PageLayout &layout, ReportContext &context,
                    const sweep::SensitivityResult &result);
/// A "How sure" table: each headline figure as simulated, its mean over the replications with
/// the 95 % interval, the model's error band and both together.
void addReplication(PageLayout &layout, const metrics::Results &simulated,
                    const sweep::ReplicationResult &replication);
/// A page on what to run (one-scenario reports with a plan): the cheapest configurations
/// within the SLO, the change from the fleet as it is, the busiest hour, the Pareto front.
void addPlan(PageLayout &layout, const ReportScenario::Plan &plan);
void addAssumptions(PageLayout &layout, const ReportContext &context);
void addMethodology(PageLayout &layout, const ReportContext &context);

/// A chart drawn into a block of the layout, scaled from @p logicalWidth pixels to the
/// content width, with @p caption below it in small muted type.
void addChart(PageLayout &layout, QCustomPlot *plot, double heightPt, const QString &caption);

} // namespace tw::ui::report
