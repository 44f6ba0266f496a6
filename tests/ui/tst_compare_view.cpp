// The compare view on its own, offscreen: a workbook session with two scenarios that differ in
// one parameter, compared on a worker thread; the table against the runs' own results, the
// differing parameters, the overlaid curves and their colours, cancellation, and scenarios
// added from another file.

#include "core/compare/compare.h"
#include "ui/charts/chart_style.h"
#include "ui/compare/compare_view.h"
#include "ui/scenario_document.h"
#include "ui/workbook/workbook_io.h"
#include "ui/workbook/workbook_session.h"

#include <QListWidget>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <qcustomplot.h>

#include <cmath>

using namespace tw::ui;

namespace {

constexpr int kTimeoutMs = 240'000;
const QString kRatePath = QStringLiteral("workload.arrival.ratePerSecond");

} // namespace

class TestCompareView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void needsTwoToFour();
    void comparesTwoScenarios();
    void cancelStopsWithoutResults();
    void addsScenariosFromAnotherFile();

private:
    ScenarioDocument m_document;
    WorkbookSession m_session{&m_document};
    QTemporaryDir m_dir;
};

void TestCompareView::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_session.resetToExample(QStringLiteral("default")));
    QVERIFY(m_session.addCopy(0));
    QVERIFY(m_document.setParameter(kRatePath, 3.0)); // B: half the traffic of A (6 req/s)
    QVERIFY(m_session.select(0));
}

void TestCompareView::needsTwoToFour()
{
    CompareView view(&m_session);
    QCOMPARE(view.candidates()->count(), 2);
    view.setChecked({0});
    QVERIFY(!view.startComparison());
    QVERIFY(!view.isRunning());
}

void TestCompareView::comparesTwoScenarios()
{
    CompareView view(&m_session);
    QSignalSpy ready(&view, &CompareView::comparisonReady);
    view.setChecked({0, 1});
    QVERIFY(view.startComparison());
    QVERIFY(view.isRunning());
    QVERIFY(ready.wait(kTimeoutMs));

    const auto &outcome = view.outcome();
    QCOMPARE(outcome.outputs.size(), std::size_t{2});
    const tw::metrics::Results &a = outcome.outputs[0]->current;
    const tw::metrics::Results &b = outcome.outputs[1]->current;
    // Half the arrival rate over the same horizon: about half the requests.
    QVERIFY(std::abs(double(b.arrivedRequests) / double(a.arrivedRequests) - 0.5) < 0.1);

    // Row "Requests per second" style checks for every KPI: B−A and B−A % from the results.
    QTableWidget *table = view.kpiTable();
    const auto &kpis = tw::compare::kpis();
    QCOMPARE(table->rowCount(), static_cast<int>(kpis.size()));
    QCOMPARE(table->horizontalHeaderItem(2)->text(), QStringLiteral("A: default"));
    QCOMPARE(table->horizontalHeaderItem(3)->text(), QStringLiteral("B: default copy"));
    QCOMPARE(table->horizontalHeaderItem(5)->text(), QStringLiteral("B−A %"));
    for (int row = 0; row < table->rowCount(); ++row) {
        const auto &kpi = kpis[static_cast<std::size_t>(row)];
        const double va = kpi.value(a);
        const double vb = kpi.value(b);
        QCOMPARE(table->item(row, 0)->text(),
                 QString::fromUtf8(kpi.label.data(), int(kpi.label.size())));
        if (!std::isfinite(va) || !std::isfinite(vb) || va == 0.0)
            continue;
        const double percent = 100.0 * (vb - va) / std::abs(va);
        QVERIFY(std::abs(table->item(row, 5)->data(Qt::UserRole).toDouble() - percent)
                <= 1e-9 * std::max(1.0, std::abs(percent)));
    }
    // Throughput, hand-checked: B's arrival rate is half of A's and neither is overloaded, so
    // B completes about half as many requests per second: close to -50 %.
    int throughputRow = -1;
    for (int row = 0; row < table->rowCount(); ++row) {
        if (kpis[static_cast<std::size_t>(row)].key == "requestsPerSecond")
            throughputRow = row;
    }
    QVERIFY(throughputRow >= 0);
    const double throughputPercent = table->item(throughputRow, 5)->data(Qt::UserRole).toDouble();
    QVERIFY2(throughputPercent < -40.0 && throughputPercent > -60.0,
             qPrintable(QString::number(throughputPercent)));

    // Only the rate differs.
    QTableWidget *parameters = view.parameterTable();
    QCOMPARE(parameters->rowCount(), 1);
    QCOMPARE(parameters->item(0, 0)->text(), kRatePath);
    QCOMPARE(parameters->item(0, 1)->text().toDouble(), 6.0);
    QCOMPARE(parameters->item(0, 2)->text().toDouble(), 3.0);

    // Four charts, one line per scenario in the first two Okabe–Ito colours, named.
    const auto &theme = tw::ui::charts::theme(false);
    for (QCustomPlot *plot : view.plots().plots) {
        QCOMPARE(plot->graphCount(), 2);
        QCOMPARE(plot->graph(0)->name(), QStringLiteral("A: default"));
        QCOMPARE(plot->graph(1)->name(), QStringLiteral("B: default copy"));
        QCOMPARE(plot->graph(0)->pen().color(), theme.series(0));
        QCOMPARE(plot->graph(1)->pen().color(), theme.series(1));
        QVERIFY(plot->graph(0)->dataCount() > 0);
        QVERIFY(plot->legend->visible());
    }
    // The curve of A covers its own rate.
    const auto &curve = outcome.outputs[0]->curve;
    QVERIFY(!curve.empty());
    QVERIFY(curve.front().parameterValue < 6.0 && curve.back().parameterValue > 6.0);
}

void TestCompareView::cancelStopsWithoutResults()
{
    CompareView view(&m_session);
    QSignalSpy ready(&view, &CompareView::comparisonReady);
    view.setChecked({0, 1});
    QVERIFY(view.startComparison());
    view.cancel();
    QVERIFY(QTest::qWaitFor([&] { return !view.isRunning(); }, kTimeoutMs));
    QCOMPARE(ready.count(), 0);
    QVERIFY(view.outcome().outputs.empty());
}

void TestCompareView::addsScenariosFromAnotherFile()
{
    QVERIFY(m_dir.isValid());
    const QString json = m_dir.filePath(QStringLiteral("other.json"));
    QCOMPARE(workbook::writeScenarioJson(json, m_session.parametersJson(1)), QString());
    CompareView view(&m_session);
    QSignalSpy added(&view, &CompareView::candidatesAdded);
    view.addFile(json);
    QVERIFY(added.wait(kTimeoutMs));
    QCOMPARE(view.candidates()->count(), 3);
    QCOMPARE(view.candidates()->item(2)->text(), QStringLiteral("other.json"));
    // A workbook file too, read-only.
    const QString workbookFile = m_dir.filePath(QStringLiteral("other.tokenwatt"));
    QCOMPARE(workbook::saveFile(workbookFile, m_session.snapshot(), false), QString());
    view.addFile(workbookFile);
    QVERIFY(added.wait(kTimeoutMs));
    QCOMPARE(view.candidates()->count(), 5);
    QCOMPARE(view.candidates()->item(4)->text(), QStringLiteral("other.tokenwatt: default copy"));
}

QTEST_MAIN(TestCompareView)
#include "tst_compare_view.moc"
