// The Sensitivity panel offscreen: the real analysis on its worker thread, drawn as a tornado
// whose bars are checked against sweep::sensitivity run directly.

#include "core/catalog/catalog.h"
#include "core/scenario_io/examples.h"
#include "core/scenario_io/scenario_json.h"
#include "core/sweep/sensitivity.h"
#include "tests/ui/window_settle.h"
#include "ui/main_window.h"
#include "ui/plan/sensitivity_panel.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

using namespace tw::ui;

namespace {

constexpr int kTimeoutMs = 300'000;

tw::scenario::Scenario shortDefault()
{
    tw::scenario::Scenario s = tw::scenario::parseScenarioJson(
            tw::scenario::findExample("default")->json, tw::catalog::Catalog::builtIn());
    s.simulation.horizonSeconds = 900.0;
    s.simulation.warmupSeconds = 120.0;
    return s;
}

QList<QCPBars *> barsOf(QCustomPlot *plot)
{
    QList<QCPBars *> bars;
    for (int i = 0; i < plot->plottableCount(); ++i)
        if (auto *b = qobject_cast<QCPBars *>(plot->plottable(i)))
            bars << b;
    return bars;
}

/// The row labels of the tornado, top first.
QStringList rowLabels(QCustomPlot *plot)
{
    const auto ticker = plot->yAxis->ticker().dynamicCast<QCPAxisTickerText>();
    return ticker ? QStringList(ticker->ticks().values()) : QStringList();
}

} // namespace

class TestSensitivityPanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    /// The bars run from the base figure to the figure at each end of each input, as the
    /// analysis computes it, largest swing at the top; every row names where its range comes
    /// from.
    void barsAreTheAnalysis()
    {
        const tw::scenario::Scenario s = shortDefault();
        const tw::sweep::SensitivityResult direct = tw::sweep::sensitivity(s);
        SensitivityPanel panel;
        panel.resize(1200, 420);
        panel.show();
        QSignalSpy shown(&panel, &SensitivityPanel::analysisShown);
        panel.request(s, 1);
        QVERIFY(shown.wait(kTimeoutMs) || shown.count() == 1);
        QVERIFY(panel.outcome() && panel.outcome()->error.isEmpty());
        QCOMPARE(panel.outcome()->result.rows.size(), direct.rows.size());

        const QList<QCPBars *> bars = barsOf(panel.plot());
        QCOMPARE(bars.size(), 2);
        const double base = direct.base.usdPerMillionOutputTokens;
        QCOMPARE(bars[0]->baseValue(), base);
        // Rows that move cost, in the analysis's order (it sorts by cost swing).
        std::vector<const tw::sweep::SensitivityRow *> moving;
        for (const auto &row : direct.rows)
            if (tw::sweep::swing(row, &tw::sweep::SensitivityFigures::usdPerMillionOutputTokens)
                > 1e-9)
                moving.push_back(&row);
        QCOMPARE(bars[0]->data()->size(), static_cast<int>(moving.size()));
        const QStringList labels = rowLabels(panel.plot());
        for (std::size_t i = 0; i < moving.size(); ++i) {
            QCOMPARE(labels.value(static_cast<int>(i)), QString::fromStdString(moving[i]->label));
            const auto low = bars[0]->data()->at(static_cast<int>(i));
            const auto high = bars[1]->data()->at(static_cast<int>(i));
            QVERIFY(std::abs(base + low->value - moving[i]->low.usdPerMillionOutputTokens)
                    < 1e-9 * base);
            QVERIFY(std::abs(base + high->value - moving[i]->high.usdPerMillionOutputTokens)
                    < 1e-9 * base);
        }
        for (const auto &row : direct.rows)
            QVERIFY(panel.ranges()->text().contains(
                    QString::fromStdString(row.basis).toHtmlEscaped()));

        // Another figure re-sorts the rows by its own swing.
        panel.figureChoice()->setCurrentIndex(1); // p95 end-to-end latency
        const auto e2e = &tw::sweep::SensitivityFigures::e2eP95Seconds;
        const auto widest = std::max_element(
                direct.rows.begin(), direct.rows.end(),
                [e2e](const auto &a, const auto &b) { return swing(a, e2e) < swing(b, e2e); });
        QCOMPARE(rowLabels(panel.plot()).value(0), QString::fromStdString(widest->label));

        // The same revision again is not analysed again.
        panel.request(s, 1);
        QVERIFY(!panel.isRunning());
    }

    /// Tools > Sensitivity docks the panel and analyses the window's scenario once shown.
    void toolsMenuAnalysesTheShownScenario()
    {
        MainWindow window;
        QVERIFY(window.loadExample(QStringLiteral("default")));
        window.show();
        QVERIFY(tw::test::settle(window));
        auto *action = window.findChild<QAction *>(QStringLiteral("sensitivityAction"));
        QVERIFY(action);
        action->trigger();
        SensitivityPanel *panel = window.existingSensitivityPanel();
        QVERIFY(panel);
        QTRY_VERIFY_WITH_TIMEOUT(panel->outcome() != nullptr, kTimeoutMs);
        QVERIFY(panel->outcome()->error.isEmpty());
        QCOMPARE(panel->outcome()->revision, window.document()->revision());
        const double shownCost = window.shownOutput()->current.cost.perMillionOutputTokensUsd;
        QVERIFY(std::abs(panel->outcome()->result.base.usdPerMillionOutputTokens - shownCost)
                < 1e-9 * shownCost);
        // An edit is analysed again once its full output is shown.
        QVERIFY(window.document()->setParameter(QStringLiteral("workload.arrival.ratePerSecond"),
                                                3.0));
        QVERIFY(tw::test::settle(window));
        QTRY_VERIFY_WITH_TIMEOUT(panel->outcome()->revision == window.document()->revision(),
                                 kTimeoutMs);
    }
};

QTEST_MAIN(TestSensitivityPanel)
#include "tst_sensitivity_panel.moc"
