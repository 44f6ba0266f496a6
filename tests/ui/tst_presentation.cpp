// Presentation mode, offscreen: F5 opens it full screen on the window's output, the keys turn
// the pages, a lever moved in its side panel updates the pages, Esc leaves.

#include "tests/ui/window_settle.h"
#include "ui/charts/chart_items.h"
#include "ui/lever_control.h"
#include "ui/main_window.h"
#include "ui/presentation/plot_canvas.h"
#include "ui/presentation/presentation_controller.h"
#include "ui/presentation/presentation_view.h"
#include "ui/report/report_format.h"
#include "ui/scenario_document.h"
#include "ui/scenario_panel.h"
#include "ui/simulation_runner.h"

#include <qcustomplot.h>

#include <QAction>
#include <QApplication>
#include <QStandardPaths>
#include <QTest>

using namespace tw::ui;

namespace {

constexpr int kTimeoutMs = 120'000;

using tw::test::settle;

} // namespace

class TestPresentation : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void opensFullScreenAndNavigates();
    void followsLeverChangesAndCompares();
};

void TestPresentation::opensFullScreenAndNavigates()
{
    MainWindow window;
    window.loadExample(QStringLiteral("default"));
    window.show();
    const RunOutputPtr output = settle(window);
    QVERIFY(output);
    auto *controller = window.findChild<PresentationController *>();
    QVERIFY(controller);
    QCOMPARE(controller->action()->shortcut(), QKeySequence(Qt::Key_F5));
    controller->action()->trigger();
    PresentationView *view = controller->view();
    QVERIFY(view);
    QVERIFY(view->windowState() & Qt::WindowFullScreen);
    QVERIFY(QTest::qWaitForWindowExposed(view));

    // Page 1: the KPIs of the window's output, formatted as the report formats them.
    QCOMPARE(view->currentPage(), 0);
    QCOMPARE(view->pageTitle(0), QStringLiteral("At a glance"));
    QCOMPARE(view->kpiPage()->valueTexts().value(0),
             report::money(output->current.cost.perMonthUsd));
    QVERIFY(view->kpiPage()->headlineText().startsWith(QStringLiteral("Serving Llama-3.1-70B")));
    const int pages = view->pageCount();
    QCOMPARE(pages, 9); // KPIs, seven charts, comparison

    QTest::keyClick(view, Qt::Key_Right);
    QCOMPARE(view->currentPage(), 1);
    PlotCanvas *canvas = view->canvas(1);
    QVERIFY(canvas && canvas->plot() && charts::hasData(canvas->plot()));
    QVERIFY(canvas->isVisible());
    QTest::keyClick(view, Qt::Key_Space);
    QCOMPARE(view->currentPage(), 2);
    QTest::keyClick(view, Qt::Key_Left);
    QCOMPARE(view->currentPage(), 1);
    QTest::keyClick(view, Qt::Key_End);
    QCOMPARE(view->currentPage(), pages - 1);
    QTest::keyClick(view, Qt::Key_Right); // stays on the last page
    QCOMPARE(view->currentPage(), pages - 1);
    QTest::keyClick(view, Qt::Key_Home);
    QCOMPARE(view->currentPage(), 0);
    QTest::keyClick(view, Qt::Key_Left); // and on the first
    QCOMPARE(view->currentPage(), 0);

    QTest::keyClick(view, Qt::Key_Escape);
    QTRY_VERIFY(controller->view() == nullptr);
    QVERIFY(!controller->action()->isChecked());
}

void TestPresentation::followsLeverChangesAndCompares()
{
    MainWindow window;
    window.loadExample(QStringLiteral("default"));
    window.show();
    const RunOutputPtr before = settle(window);
    QVERIFY(before);
    auto *controller = window.findChild<PresentationController *>();
    controller->start();
    PresentationView *view = controller->view();
    QVERIFY(view);
    QTest::keyClick(view, Qt::Key_L);
    QVERIFY(view->leversVisible());
    auto *panel = view->findChild<ScenarioPanel *>();
    QVERIFY(panel && panel->isVisible());

    // "What if traffic doubles?": the side panel's rate lever, as a presenter would move it.
    LeverControl *rate = panel->lever(QStringLiteral("rate"));
    QVERIFY(rate);
    rate->setValue(12.0);
    emit rate->valueEdited(12.0, -1);
    const RunOutputPtr after = settle(window);
    QVERIFY(after && after->generation > before->generation);
    QCOMPARE(window.document()->scenario().workload.arrival.ratePerSecond, 12.0);
    QTRY_COMPARE(view->kpiPage()->valueTexts().value(0),
                 report::money(after->current.cost.perMonthUsd));

    // The last page: cost per month at the start, now, and the change.
    ComparisonPage *comparison = view->comparisonPage();
    QCOMPARE(comparison->cellText(0, 1), QStringLiteral("At the start"));
    QCOMPARE(comparison->cellText(1, 0), QStringLiteral("Cost per month"));
    QCOMPARE(comparison->cellText(1, 1), report::money(before->current.cost.perMonthUsd));
    QCOMPARE(comparison->cellText(1, 2), report::money(after->current.cost.perMonthUsd));
    // Cloud GPUs are paid by the hour: the same GPUs cost the same at twice the traffic.
    QCOMPARE(comparison->cellText(1, 3), QStringLiteral("no change"));
    const double tokensBefore = before->current.cost.perMillionOutputTokensUsd;
    const double tokensAfter = after->current.cost.perMillionOutputTokensUsd;
    QVERIFY(tokensAfter < tokensBefore);
    QCOMPARE(comparison->cellText(2, 3),
             QStringLiteral("▼ ") + report::percent((tokensBefore - tokensAfter) / tokensBefore));

    QTest::keyClick(view, Qt::Key_L);
    QVERIFY(!view->leversVisible());
    controller->stop();
    QTRY_VERIFY(controller->view() == nullptr);
}

QTEST_MAIN(TestPresentation)
#include "tst_presentation.moc"
