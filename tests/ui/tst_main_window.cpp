// The window end to end, offscreen: levers -> document (undo) -> runner (background) -> views.

#include "core/catalog/catalog.h"
#include "core/run/curve_plan.h"
#include "core/run/simulate.h"
#include "core/scenario_io/examples.h"
#include "core/scenario_io/scenario_json.h"
#include "tests/ui/window_settle.h"
#include "ui/charts/chart_items.h"
#include "ui/charts/charts_panel.h"
#include "ui/charts/kpi_strip.h"
#include "ui/lever_control.h"
#include "ui/levers.h"
#include "ui/main_window.h"
#include "ui/scenario_document.h"
#include "ui/scenario_panel.h"
#include "ui/simulation_runner.h"

#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QMenu>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTest>
#include <QUndoStack>

#include <qcustomplot.h>

using namespace tw::ui;

namespace {

constexpr int kTimeoutMs = 120'000; // shared, busy CI machines

using tw::test::settle;

tw::scenario::Scenario defaultExample()
{
    return tw::scenario::parseScenarioJson(tw::scenario::findExample("default")->json,
                                           tw::catalog::Catalog::builtIn());
}

bool near(double a, double b, double tolerance = 1e-9)
{
    return std::abs(a - b) <= tolerance * std::max(1.0, std::abs(b));
}

/// Indices (in kCharts order) of the plots without data, for failure messages.
QString plotsWithoutData(const ChartsPanel &charts)
{
    QStringList empty;
    const QList<QCustomPlot *> plots = charts.plots();
    for (int i = 0; i < plots.size(); ++i) {
        if (!tw::ui::charts::hasData(plots[i]))
            empty << QStringLiteral("#%1 '%2'")
                             .arg(i)
                             .arg(plots[i]->plotLayout()->elementCount() > 0
                                          ? plots[i]->yAxis->label()
                                          : QString());
    }
    return QStringLiteral("plots without data: ") + empty.join(QStringLiteral(", "));
}

/// The scenario's default swept lever, as the window's runner takes it.
QString defaultSweepPath(const tw::scenario::Scenario &scenario)
{
    return QString::fromStdString(tw::run::curve::defaultSweepPath(scenario));
}

double documentRate(const MainWindow &window)
{
    return window.document()->scenario().workload.arrival.ratePerSecond;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void firstResultsFillEveryView();
    void sliderMoveRunsAndUpdatesViews();
    void rapidMovesEndWithTheLastValue();
    void undoRestoresValueAndResults();
    void dragIsOneUndoStep();
    void invalidValueIsRefused();
    void resetToExampleIsUndoable();
    void choicesEditTheFirstDeployment();
    void apiComparisonIsPublished();
    void priceLeversReaccountWithoutSimulating();
    void unitIsSingularForOne();
    void runnerPublishesOnlyTheLatest();
    void curveIsRefinedWhenIdle();
    void previewIsTheStartOfTheFullRun();
    void darkThemeReachesCharts();
    void menusOfferExamplesAndUndo();
    void settingsSurviveARestart();
    void everyExampleLoadsWithData_data();
    void everyExampleLoadsWithData();
    void leverTableHoldsTogether();
    void noSimulationOnTheGuiThread();

private:
    std::unique_ptr<MainWindow> m_window;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("TokenWattTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_main_window"));
    QSettings().clear();
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1400, 900);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(m_window->loadExample(QStringLiteral("default")));
}

void TestMainWindow::firstResultsFillEveryView()
{
    const RunOutputPtr output = settle(*m_window);
    QVERIFY(output);
    QCOMPARE(output->sweepParameter, QStringLiteral("workload.arrival.ratePerSecond"));
    QCOMPARE(output->curve.size(), std::size_t{24});
    QVERIFY(near(output->currentValue, 6.0));
    QVERIFY(output->current.arrivedRequests > 0);
    QCOMPARE(m_window->charts()->shownOutput()->generation, output->generation);
    QVERIFY(m_window->charts()->graphCount() > 0);
    QVERIFY(m_window->charts()->allChartsHaveData());
    QVERIFY(!m_window->kpis()->valueText(0).isEmpty());
    QVERIFY(m_window->statusSummary()->text().contains(QStringLiteral("requests")));
    // The load card follows from a capacity search off the GUI thread: the default scenario
    // runs at 41.8 % of its capacity at the SLO (`tokenwatt-cli capacity --example default`).
    QTRY_VERIFY_WITH_TIMEOUT(
            m_window->kpis()->valueText(KpiStrip::kLoadCard) != QStringLiteral("…"), 30'000);
    QCOMPARE(m_window->kpis()->valueText(KpiStrip::kLoadCard), QStringLiteral("42 %"));
}

void TestMainWindow::sliderMoveRunsAndUpdatesViews()
{
    const RunOutputPtr before = settle(*m_window);
    QVERIFY(before);
    const QString kpiBefore = m_window->kpis()->valueText(1);
    LeverControl *rate = m_window->scenarioPanel()->lever(QStringLiteral("rate"));
    QVERIFY(rate);
    rate->slider()->setFocus();
    QTest::keyClick(rate->slider(), Qt::Key_PageUp); // +1/20 of the log range: ~1.8x

    const RunOutputPtr after = settle(*m_window);
    QVERIFY(after);
    QVERIFY(after->generation > before->generation);
    QVERIFY(documentRate(*m_window) > 6.0);
    QVERIFY(near(after->currentValue, documentRate(*m_window)));
    QVERIFY(near(after->currentValue, rate->value()));
    QVERIFY(after->current.arrivedRequests > before->current.arrivedRequests);
    QCOMPARE(m_window->charts()->shownOutput()->generation, after->generation);
    QVERIFY(m_window->charts()->allChartsHaveData());
    // Cost per month is billed by provisioned GPU and does not move; cost per token does.
    QVERIFY(m_window->kpis()->valueText(1) != kpiBefore);
    QVERIFY(!m_window->kpis()->changeText(1).isEmpty());
}

void TestMainWindow::rapidMovesEndWithTheLastValue()
{
    QVERIFY(settle(*m_window));
    QList<RunOutputPtr> presented;
    QList<quint64> latestAtPresentation;
    auto connection = connect(m_window.get(), &MainWindow::outputPresented, this,
                              [&](const RunOutputPtr &output) {
                                  presented << output;
                                  latestAtPresentation << m_window->runner()->latestGeneration();
                              });
    LeverControl *rate = m_window->scenarioPanel()->lever(QStringLiteral("rate"));
    const int start = rate->slider()->value();
    // Ten moves with no event processing in between, then a few with it, as a fast drag does.
    for (int step = 1; step <= 10; ++step)
        rate->slider()->setValue(start - 4 * step);
    for (int step = 11; step <= 15; ++step) {
        rate->slider()->setValue(start - 4 * step);
        QTest::qWait(3);
    }
    const double last = rate->valueAt(start - 60);
    QVERIFY(near(documentRate(*m_window), last));

    const RunOutputPtr final = settle(*m_window);
    disconnect(connection);
    QVERIFY(final);
    QVERIFY(near(final->currentValue, last));
    QVERIFY(!final->preview);
    QVERIFY(!presented.isEmpty());
    QCOMPARE(presented.last()->generation, final->generation);
    for (int i = 0; i < presented.size(); ++i) {
        // Never an output that was already superseded when it reached the views; a request's
        // preview may be followed by its own full output, never the other way round.
        QCOMPARE(presented[i]->generation, latestAtPresentation[i]);
        if (i > 0)
            QVERIFY(presented[i]->generation > presented[i - 1]->generation
                    || (presented[i]->generation == presented[i - 1]->generation
                        && presented[i - 1]->preview && !presented[i]->preview));
    }
    QVERIFY(presented.size() < 15); // coalesced: far fewer runs than moves
}

void TestMainWindow::undoRestoresValueAndResults()
{
    const RunOutputPtr before = settle(*m_window);
    QVERIFY(before);
    const double rateBefore = documentRate(*m_window);
    LeverControl *rate = m_window->scenarioPanel()->lever(QStringLiteral("rate"));
    QTest::keyClick(rate->slider(), Qt::Key_PageDown);
    const RunOutputPtr changed = settle(*m_window);
    QVERIFY(changed);
    QVERIFY(!near(changed->currentValue, rateBefore));

    m_window->document()->undoStack()->undo();
    QVERIFY(near(documentRate(*m_window), rateBefore));
    QVERIFY(near(rate->value(), rateBefore)); // the panel follows the document
    const RunOutputPtr undone = settle(*m_window);
    QVERIFY(undone);
    QVERIFY(near(undone->currentValue, rateBefore));
    // Same scenario, same seed: the same figures as before the change.
    QCOMPARE(undone->current.arrivedRequests, before->current.arrivedRequests);
    QCOMPARE(undone->current.cost.totalUsd, before->current.cost.totalUsd);
    QCOMPARE(m_window->kpis()->valueText(1), [&] {
        KpiStrip reference;
        reference.showOutput(before);
        return reference.valueText(1);
    }());

    m_window->document()->undoStack()->redo();
    QVERIFY(near(documentRate(*m_window), changed->currentValue));
    QVERIFY(settle(*m_window));
}

void TestMainWindow::dragIsOneUndoStep()
{
    QVERIFY(settle(*m_window));
    QUndoStack *undo = m_window->document()->undoStack();
    const int steps = undo->count();
    const double rateBefore = documentRate(*m_window);
    QSlider *slider = m_window->scenarioPanel()->lever(QStringLiteral("replicas"))->slider();
    const double replicasBefore = m_window->document()->scenario().deployments[0].hardware.replicas;

    slider->setSliderDown(true); // sliderPressed: a new drag
    for (int position = slider->value() + 1; position <= slider->value() + 6; ++position)
        slider->setValue(position);
    slider->setSliderDown(false);
    QCOMPARE(undo->count(), steps + 1);
    QVERIFY(m_window->document()->scenario().deployments[0].hardware.replicas > replicasBefore);

    undo->undo();
    QCOMPARE(m_window->document()->scenario().deployments[0].hardware.replicas,
             static_cast<int>(replicasBefore));
    QVERIFY(near(documentRate(*m_window), rateBefore));
    QVERIFY(settle(*m_window));
}

void TestMainWindow::invalidValueIsRefused()
{
    ScenarioDocument *document = m_window->document();
    QSignalSpy refused(document, &ScenarioDocument::editRefused);
    QSignalSpy changed(document, &ScenarioDocument::scenarioChanged);
    const int steps = document->undoStack()->count();
    const double rate = documentRate(*m_window);

    QVERIFY(!document->setParameter(QStringLiteral("workload.arrival.ratePerSecond"), -3.0));
    QCOMPARE(refused.count(), 1);
    QVERIFY(refused.first().first().toString().contains(QStringLiteral("ratePerSecond")));
    QVERIFY(!document->setParameter(QStringLiteral("deployments[0].hardware.gpusPerReplica"), 3.0));
    QVERIFY(!document->setParameter(QStringLiteral("workload.arrival.nonsense"), 1.0));
    QCOMPARE(refused.count(), 3);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(document->undoStack()->count(), steps);
    QVERIFY(near(documentRate(*m_window), rate));

    // Through the panel: the spin box snaps back to the document's value.
    LeverControl *gpus = m_window->scenarioPanel()->lever(QStringLiteral("gpusPerReplica"));
    gpus->spinBox()->setValue(3.0);
    QCOMPARE(refused.count(), 4);
    QCOMPARE(gpus->spinBox()->value(),
             static_cast<double>(document->scenario().deployments[0].hardware.gpusPerReplica));
}

void TestMainWindow::resetToExampleIsUndoable()
{
    ScenarioDocument *document = m_window->document();
    const double rateBefore = documentRate(*m_window);
    const double pueBefore = document->scenario().region.pue;
    QVERIFY(document->setParameter(QStringLiteral("workload.arrival.ratePerSecond"), 9.5));
    QVERIFY(document->setParameter(QStringLiteral("region.pue"), 1.2));
    QVERIFY(m_window->isWindowModified());
    document->resetToExample();
    QVERIFY(near(documentRate(*m_window), 6.0));
    QCOMPARE(document->scenario().region.pue, 1.56);
    document->undoStack()->undo();
    QVERIFY(near(documentRate(*m_window), 9.5));
    QCOMPARE(document->scenario().region.pue, 1.2);
    document->undoStack()->undo();
    document->undoStack()->undo();
    QVERIFY(near(documentRate(*m_window), rateBefore));
    QCOMPARE(document->scenario().region.pue, pueBefore);
    QVERIFY(settle(*m_window));
}

void TestMainWindow::choicesEditTheFirstDeployment()
{
    QVERIFY(settle(*m_window));
    ScenarioDocument *document = m_window->document();
    ScenarioPanel *panel = m_window->scenarioPanel();

    const int a100 = panel->gpuBox()->findData(QStringLiteral("a100_sxm_80"));
    if (a100 >= 0) {
        panel->gpuBox()->setCurrentIndex(a100);
        QCOMPARE(QString::fromStdString(document->scenario().deployments[0].hardware.gpu.id),
                 QStringLiteral("a100_sxm_80"));
        QVERIFY(document->scenario().deployments[0].hosting.pricePerGpuHourUsd > 0.0);
        QVERIFY(settle(*m_window));
        document->undoStack()->undo();
    }
    QCOMPARE(QString::fromStdString(document->scenario().deployments[0].hardware.gpu.id),
             QStringLiteral("h100_sxm"));

    panel->policyBox()->setCurrentIndex(panel->policyBox()->findData(QStringLiteral("dynamic")));
    QCOMPARE(document->scenario().deployments[0].serving.policy,
             tw::scenario::BatchingPolicy::Dynamic);
    QCOMPARE(panel->lever(QStringLiteral("batch"))->label()->text(),
             QStringLiteral("Max batch size"));
    document->undoStack()->undo();
    QCOMPARE(panel->policyBox()->currentData().toString(), QStringLiteral("continuous"));

    LeverControl *cv = panel->lever(QStringLiteral("burstiness"));
    cv->spinBox()->setValue(2.0);
    QCOMPARE(document->scenario().workload.arrival.kind, tw::scenario::ArrivalKind::Gamma);
    QCOMPARE(document->scenario().workload.arrival.cv, 2.0);
    document->undoStack()->undo();
    QCOMPARE(document->scenario().workload.arrival.kind, tw::scenario::ArrivalKind::Poisson);

    LeverControl *grid = panel->lever(QStringLiteral("grid"));
    grid->spinBox()->setValue(56.0);
    QCOMPARE(document->scenario().region.carbonIntensityGramsPerKwh, 56.0);
    LeverControl *cache = panel->lever(QStringLiteral("cache"));
    cache->spinBox()->setValue(30.0); // shown in percent
    QCOMPARE(document->scenario().workload.classes[0].cacheHitRate, 0.3);
    document->undoStack()->undo();
    document->undoStack()->undo();
    QCOMPARE(document->scenario().workload.classes[0].cacheHitRate, 0.0);
    QVERIFY(settle(*m_window));
}

void TestMainWindow::priceLeversReaccountWithoutSimulating()
{
    const RunOutputPtr before = settle(*m_window);
    QVERIFY(before);
    const quint64 simulationsBefore = SimulationRunner::simulationsOffGuiThread();
    const double gridBefore = m_window->document()->scenario().region.carbonIntensityGramsPerKwh;
    LeverControl *grid = m_window->scenarioPanel()->lever(QStringLiteral("grid"));
    grid->spinBox()->setValue(100.0);
    const double ratio
            = m_window->document()->scenario().region.carbonIntensityGramsPerKwh / gridBefore;
    QVERIFY(ratio < 0.5);

    const RunOutputPtr after = settle(*m_window);
    QVERIFY(after);
    QVERIFY(after->generation > before->generation);
    // The grid's intensity only enters accounting: the kept runs are accounted again.
    QCOMPARE(SimulationRunner::simulationsOffGuiThread(), simulationsBefore);
    QCOMPARE(after->current.completedRequests, before->current.completedRequests);
    QVERIFY(near(after->current.carbon.operationalKg,
                 before->current.carbon.operationalKg * ratio));
    QCOMPARE(after->current.carbon.embodiedKg, before->current.carbon.embodiedKg);
    QCOMPARE(after->curve.size(), before->curve.size());
    for (std::size_t i = 0; i < after->curve.size(); ++i)
        QVERIFY(near(after->curve[i].results.carbon.operationalKg,
                     before->curve[i].results.carbon.operationalKg * ratio));
    m_window->document()->undoStack()->undo();
    QVERIFY(settle(*m_window));
}

void TestMainWindow::unitIsSingularForOne()
{
    LeverControl *replicas = m_window->scenarioPanel()->lever(QStringLiteral("replicas"));
    QVERIFY(replicas);
    replicas->setValue(1.0);
    QCOMPARE(replicas->spinBox()->suffix(), QStringLiteral(" replica"));
    replicas->setValue(2.0);
    QCOMPARE(replicas->spinBox()->suffix(), QStringLiteral(" replicas"));
    replicas->setValue(m_window->document()->scenario().deployments[0].hardware.replicas);
}

void TestMainWindow::apiComparisonIsPublished()
{
    QVERIFY(settle(*m_window));
    QComboBox *api = m_window->scenarioPanel()->apiBox();
    QVERIFY(api->count() > 1);
    api->setCurrentIndex(1);
    const RunOutputPtr output = settle(*m_window);
    QVERIFY(output);
    QCOMPARE(output->apiLabel, api->currentData().toString());
    QVERIFY(output->apiUsdPerMillionOutputTokens > 0.0);
    m_window->document()->undoStack()->undo();
    QCOMPARE(api->currentIndex(), 0);
    const RunOutputPtr none = settle(*m_window);
    QVERIFY(none);
    QCOMPARE(none->apiUsdPerMillionOutputTokens, 0.0);
}

void TestMainWindow::runnerPublishesOnlyTheLatest()
{
    SimulationRunner runner;
    QSignalSpy ready(&runner, &SimulationRunner::resultsReady);
    QSignalSpy busy(&runner, &SimulationRunner::busyChanged);
    tw::scenario::Scenario scenario = m_window->document()->scenario();
    const QString path = defaultSweepPath(scenario);
    for (double rate : {1.0, 2.0, 3.0, 4.0, 5.0}) {
        scenario.workload.arrival.ratePerSecond = rate;
        runner.request(scenario, path);
    }
    QVERIFY(QTest::qWaitFor([&] { return !runner.isBusy(); }, kTimeoutMs));
    // At 5 req/s for an hour (18,000 requests) the last request is previewed first, then run in
    // full; nothing of the four before it is published.
    QCOMPARE(ready.count(), 2);
    const auto preview = ready.first().first().value<RunOutputPtr>();
    const auto output = ready.last().first().value<RunOutputPtr>();
    QVERIFY(preview->preview);
    QVERIFY(!output->preview);
    QCOMPARE(preview->generation, runner.latestGeneration());
    QCOMPARE(output->generation, runner.latestGeneration());
    QCOMPARE(output->currentValue, 5.0);
    QCOMPARE(busy.count(), 2); // one busy period for the whole burst
    QCOMPARE(busy.first().first().toBool(), true);
    QCOMPARE(busy.last().first().toBool(), false);
}

void TestMainWindow::curveIsRefinedWhenIdle()
{
    SimulationRunner runner;
    runner.setCurveBudget([] {
        tw::run::CurveBudget budget;
        budget.previewRequests = 0.0; // this test is about the curve; see the preview tests
        return budget;
    }());
    QSignalSpy ready(&runner, &SimulationRunner::resultsReady);
    QSignalSpy refined(&runner, &SimulationRunner::curveRefined);
    const tw::scenario::Scenario scenario = m_window->document()->scenario();
    runner.request(scenario, defaultSweepPath(scenario));
    QVERIFY(ready.wait(kTimeoutMs));
    const auto fast = ready.first().first().value<RunOutputPtr>();
    QVERIFY(!fast->curve.empty());
    // The default scenario's curve is too long for the interactive budget.
    QVERIFY(fast->curve.front().results.horizonSeconds < scenario.simulation.horizonSeconds);
    QVERIFY(!runner.isBusy());
    QVERIFY(refined.wait(kTimeoutMs));
    const auto slow = refined.first().first().value<RunOutputPtr>();
    QCOMPARE(slow->generation, fast->generation);
    QVERIFY(slow->curve.front().results.horizonSeconds
            > fast->curve.front().results.horizonSeconds);
    QCOMPARE(slow->current.arrivedRequests, fast->current.arrivedRequests);
    QCOMPARE(slow->curve.size(), fast->curve.size());
    QCOMPARE(ready.count(), 1);

    // A request cancels a refinement in flight; only the new output is published.
    runner.setCurveBudget([] {
        tw::run::CurveBudget budget;
        budget.previewRequests = 0.0;
        budget.refineDelayMs = 0;
        budget.refinedRequests = 5e6;
        return budget;
    }());
    tw::scenario::Scenario faster = scenario;
    faster.workload.arrival.ratePerSecond = 7.0;
    runner.request(faster, defaultSweepPath(faster));
    QVERIFY(ready.wait(kTimeoutMs));
    QVERIFY(QTest::qWaitFor([&] { return runner.isRefining(); }, kTimeoutMs));
    faster.workload.arrival.ratePerSecond = 8.0;
    runner.request(faster, defaultSweepPath(faster));
    QVERIFY(QTest::qWaitFor([&] { return ready.count() == 3; }, kTimeoutMs));
    QCOMPARE(ready.last().first().value<RunOutputPtr>()->currentValue, 8.0);
    QCOMPARE(refined.count(), 1);
}

void TestMainWindow::previewIsTheStartOfTheFullRun()
{
    SimulationRunner runner;
    QSignalSpy ready(&runner, &SimulationRunner::resultsReady);
    QSignalSpy refined(&runner, &SimulationRunner::curveRefined);
    tw::scenario::Scenario scenario = defaultExample();
    scenario.workload.arrival.ratePerSecond = 6.5; // a scenario no other test has cached
    runner.request(scenario, defaultSweepPath(scenario));
    QVERIFY(QTest::qWaitFor([&] { return !runner.isBusy(); }, kTimeoutMs));
    QCOMPARE(ready.count(), 2);
    const auto preview = ready.first().first().value<RunOutputPtr>();
    const auto full = ready.last().first().value<RunOutputPtr>();
    QCOMPARE(preview->generation, full->generation);

    // 6.5 req/s x 3,600 s = 23,400 requests > 4,000: the preview covers 3,600 x 4,000 /
    // 23,400 = 615 s, down to whole steps of five 60 s bins: 600 s, which is also the least
    // (300 s warm-up, kept, + 300 s measured).
    QVERIFY(preview->preview);
    QCOMPARE(preview->current.horizonSeconds, 600.0);
    QCOMPARE(preview->current.warmupSeconds, 300.0);
    QCOMPARE(preview->scenarioHorizonSeconds, 3600.0);
    QVERIFY(!full->preview);
    QCOMPARE(full->current.horizonSeconds, 3600.0);
    QCOMPARE(full->curve.size(), preview->curve.size()); // reused from the cache

    // The full output is the scenario's own run, and the preview is its start: the same
    // arrivals, bin by bin, in the 10 minutes they share.
    const tw::metrics::Results direct = tw::run::simulate(scenario);
    QCOMPARE(full->current.arrivedRequests, direct.arrivedRequests);
    QCOMPARE(full->current.ttftSeconds.p95, direct.ttftSeconds.p95);
    const auto &previewBins = preview->current.timeSeries.arrivals;
    const auto &fullBins = full->current.timeSeries.arrivals;
    QCOMPARE(previewBins.size(), std::size_t{10});
    QVERIFY(fullBins.size() >= previewBins.size());
    for (std::size_t b = 0; b < previewBins.size(); ++b)
        QCOMPARE(previewBins[b], fullBins[b]);
    // Rates measured over the preview stay near the full run's (stationary traffic).
    for (const auto kpi : {KpiStrip::Kpi::CostPerMonth, KpiStrip::Kpi::CostPerMillionTokens,
                           KpiStrip::Kpi::TpotP95, KpiStrip::Kpi::EnergyPerYear}) {
        const double a = KpiStrip::value(preview->current, kpi);
        const double b = KpiStrip::value(full->current, kpi);
        QVERIFY2(std::abs(a / b - 1.0) < 0.05,
                 qPrintable(QStringLiteral("KPI %1: preview %2, full %3")
                                    .arg(static_cast<int>(kpi))
                                    .arg(a)
                                    .arg(b)));
    }
    // The next preview is compared over its own window with the last full output's scenario
    // (same seed, same traffic): renaming the scenario changes no figure, so the baseline
    // equals the preview exactly, where the full run differs by sampling.
    tw::scenario::Scenario renamed = scenario;
    renamed.name += " (renamed)";
    runner.request(renamed, defaultSweepPath(renamed));
    QVERIFY(ready.wait(kTimeoutMs));
    const auto renamedPreview = ready.last().first().value<RunOutputPtr>();
    QVERIFY(renamedPreview->preview);
    QVERIFY(renamedPreview->previewBaseline);
    QCOMPARE(renamedPreview->previewBaseline->horizonSeconds, 600.0);
    QCOMPARE(renamedPreview->previewBaseline->ttftSeconds.p95,
             renamedPreview->current.ttftSeconds.p95);
    QCOMPARE(renamedPreview->previewBaseline->cost.perMillionOutputTokensUsd,
             renamedPreview->current.cost.perMillionOutputTokensUsd);
    QVERIFY(renamedPreview->current.ttftSeconds.p95 != full->current.ttftSeconds.p95);
    QVERIFY(QTest::qWaitFor([&] { return !runner.isBusy(); }, kTimeoutMs));
    QCOMPARE(ready.count(), 4);
    QVERIFY(!ready.last().first().value<RunOutputPtr>()->previewBaseline); // full: none

    // An undo back to a scenario already run in full is not previewed again.
    runner.request(scenario, defaultSweepPath(scenario));
    QVERIFY(QTest::qWaitFor([&] { return !runner.isBusy(); }, kTimeoutMs));
    QCOMPARE(ready.count(), 5); // preview and full, twice, then the cached full run
    QVERIFY(!ready.last().first().value<RunOutputPtr>()->preview);
}

void TestMainWindow::darkThemeReachesCharts()
{
    m_window->setDarkTheme(true);
    QVERIFY(m_window->charts()->isDarkTheme());
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 80);
    QTRY_VERIFY(m_window->palette().color(QPalette::Window).lightness() < 80);
    m_window->setDarkTheme(false);
    QVERIFY(!m_window->charts()->isDarkTheme());
    QTRY_VERIFY(m_window->palette().color(QPalette::Window).lightness() > 150);
}

void TestMainWindow::menusOfferExamplesAndUndo()
{
    auto *examples = m_window->findChild<QMenu *>(QStringLiteral("examplesMenu"));
    QVERIFY(examples);
    QStringList names;
    for (QAction *action : examples->actions())
        names << action->text();
    for (const tw::scenario::Example &example : tw::scenario::examples())
        QVERIFY2(names.contains(QString::fromStdString(example.name)), example.name.c_str());

    bool undo = false, redo = false;
    for (QAction *action : m_window->findChildren<QAction *>()) {
        undo = undo || action->shortcut() == QKeySequence(QKeySequence::Undo);
        redo = redo || action->shortcut() == QKeySequence(QKeySequence::Redo);
    }
    QVERIFY(undo);
    QVERIFY(redo);
}

void TestMainWindow::settingsSurviveARestart()
{
    {
        MainWindow window;
        window.loadExample(QStringLiteral("code-assistant"));
        window.setDarkTheme(true);
        window.show();
        window.close(); // saves the settings
    }
    QCOMPARE(QSettings().value(QStringLiteral("view/darkTheme")).toBool(), true);
    QCOMPARE(QSettings().value(QStringLiteral("document/example")).toString(),
             QStringLiteral("code-assistant"));
    {
        MainWindow window;
        QVERIFY(window.isDarkTheme());
        window.setDarkTheme(false);
        window.close();
    }
    QCOMPARE(QSettings().value(QStringLiteral("view/darkTheme")).toBool(), false);
    QSettings().clear();
}

void TestMainWindow::everyExampleLoadsWithData_data()
{
    QTest::addColumn<QString>("name");
    for (const tw::scenario::Example &example : tw::scenario::examples())
        QTest::newRow(example.name.c_str()) << QString::fromStdString(example.name);
}

void TestMainWindow::everyExampleLoadsWithData()
{
    QFETCH(QString, name);
    MainWindow window;
    window.resize(1200, 800);
    window.show();
    QVERIFY(window.loadExample(name));
    const RunOutputPtr output = settle(window);
    QVERIFY2(output, qPrintable(window.statusSummary()->text()));
    QVERIFY(output->current.arrivedRequests > 0);
    QVERIFY(!output->curve.empty());
    QVERIFY(window.charts()->graphCount() > 0);
    const bool anySelfHosted
            = std::any_of(output->current.deployments.begin(), output->current.deployments.end(),
                          [](const auto &d) { return !d.api; });
    if (anySelfHosted) {
        QVERIFY2(window.charts()->allChartsHaveData(),
                 qPrintable(name + QStringLiteral(": ") + plotsWithoutData(*window.charts())));
    } else {
        // API emissions are not modelled: the carbon breakdown may rightly stay empty.
        for (QCustomPlot *plot : window.charts()->plots()) {
            if (plot != window.charts()->plot(ChartId::CarbonBreakdown))
                QVERIFY2(tw::ui::charts::hasData(plot),
                         qPrintable(name + QStringLiteral(": ")
                                    + plotsWithoutData(*window.charts())));
        }
    }
    QVERIFY(!window.kpis()->valueText(0).isEmpty());
    // Every lever shows the document's value (no lever silently out of step), written here
    // member by member, independently of the parameter paths the levers read.
    const tw::scenario::Scenario &s = window.document()->scenario();
    const auto &first = s.deployments.front();
    const auto &cls = s.workload.classes.front();
    // {lever, value, rounding of its spin box: half a step of its decimals}
    struct Expected
    {
        const char *id;
        double value;
        double rounding;
    };
    const Expected expected[]
            = {{"rate", s.workload.arrival.ratePerSecond, 0.005},
               {"users", double(s.workload.arrival.users), 0.5},
               {"burstiness",
                s.workload.arrival.kind == tw::scenario::ArrivalKind::Gamma ? s.workload.arrival.cv
                                                                            : 1.0,
                0.005},
               {"prompt", cls.promptTokens.nominalMean(), 0.5},
               {"output", cls.outputTokens.nominalMean(), 0.5},
               {"gpusPerReplica", double(first.hardware.gpusPerReplica), 0.5},
               {"replicas", double(first.hardware.replicas), 0.5},
               {"price", first.hosting.pricePerGpuHourUsd, 0.005},
               {"batch",
                double(first.serving.policy == tw::scenario::BatchingPolicy::Continuous
                               ? first.serving.maxRunningRequests
                               : first.serving.maxBatchSize),
                0.5},
               {"cache", cls.cacheHitRate, 0.005}, // shown as a whole percentage
               {"grid", s.region.carbonIntensityGramsPerKwh, 0.5},
               {"pue", s.region.pue, 0.005}};
    int shown = 0;
    for (const Expected &e : expected) {
        LeverControl *control = window.scenarioPanel()->lever(QString::fromLatin1(e.id));
        QVERIFY2(control, e.id);
        if (!control->isEnabled())
            continue;
        QVERIFY2(near(control->value(), e.value, e.rounding + 1e-9),
                 qPrintable(name + QStringLiteral(": ") + QLatin1String(e.id)
                            + QStringLiteral(" shows ") + QString::number(control->value())
                            + QStringLiteral(", scenario has ") + QString::number(e.value)));
        ++shown;
    }
    QVERIFY(shown >= 3);
}

void TestMainWindow::leverTableHoldsTogether()
{
    // The rows of ui/levers.cpp: unique ids, a known group, a usable range; each lever applies
    // to some built-in example, where its path is a number of the schema (or it has a reader),
    // and says why wherever it does not apply.
    const std::vector<Lever> levers = scenarioLevers();
    QCOMPARE(levers.size(), std::size_t{15});
    const QStringList groups = leverGroups();
    QSet<QString> ids;
    for (const Lever &lever : levers) {
        const QByteArray idBytes = lever.spec.id.toUtf8();
        const char *id = idBytes.constData();
        QVERIFY2(!ids.contains(lever.spec.id), id);
        ids.insert(lever.spec.id);
        QVERIFY2(groups.contains(lever.group), id);
        QVERIFY2(lever.spec.minimum < lever.spec.maximum, id);
        QVERIFY2(!lever.spec.label.isEmpty() && !lever.spec.tooltip.isEmpty(), id);
        int applies = 0;
        for (const tw::scenario::Example &example : tw::scenario::examples()) {
            const tw::scenario::Scenario s = tw::scenario::parseScenarioJson(
                    example.json, tw::catalog::Catalog::builtIn());
            QString whyNot;
            const QString path = lever.path(s, &whyNot);
            if (path.isEmpty()) {
                QVERIFY2(!whyNot.isEmpty(), qPrintable(lever.spec.id + ' ' + example.name.c_str()));
                continue;
            }
            ++applies;
            if (!lever.read)
                QVERIFY2(tw::scenario::numberAt(s, path.toStdString()).has_value(),
                         qPrintable(lever.spec.id + ": " + path));
        }
        QVERIFY2(applies > 0, id);
    }
}

void TestMainWindow::noSimulationOnTheGuiThread()
{
    QVERIFY(SimulationRunner::simulationsOffGuiThread() > 0);
    QCOMPARE(SimulationRunner::simulationsOnGuiThread(), quint64{0});
}

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
