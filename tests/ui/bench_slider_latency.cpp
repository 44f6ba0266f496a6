// Slider-to-screen latency of the window: how long after a lever moves every chart and KPI
// show the new results (the run of the scenario plus its 24-point curve included).
//
//   bench_slider_latency [--moves N] [--example NAME]
//
// Scripted drags of the example's sliders (default example: "default"):
//  1. step by step, for the arrival rate (the curve's own lever), the maximum batch (a
//     simulation lever: every curve point changes), the grid intensity (accounting only), and
//     the rate again with the curve's tab on screen: move, wait until the views show that
//     value in full and the visible plots have replotted, move again. Latency = move -> last
//     visible replot of the first output of that value (a preview when the scenario is big,
//     see run::CurveBudget::previewRequests), and separately move -> the full output on screen
//     (which waits for edits to pause).
//  2. continuous, the arrival rate: a move every 16 ms (a 60 Hz pointer), whatever the window
//     is doing. For each output that reaches the screen, latency = the move that set its
//     value -> its replot.
// Prints p50 / p95 / max. Runs offscreen when there is no display.

#include "ui/charts/charts_panel.h"
#include "ui/charts/kpi_strip.h"
#include "ui/lever_control.h"
#include "ui/main_window.h"
#include "ui/scenario_panel.h"
#include "ui/simulation_runner.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QHash>
#include <QSlider>
#include <QTabWidget>
#include <QTest>
#include <QTimer>

#include <qcustomplot.h>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <vector>

using namespace tw::ui;

namespace {

struct Stats
{
    double p50 = 0, p95 = 0, max = 0, mean = 0;
    std::size_t count = 0;
};

Stats stats(std::vector<double> values)
{
    Stats s;
    if (values.empty())
        return s;
    std::sort(values.begin(), values.end());
    auto rank = [&](double q) {
        const double position = q * static_cast<double>(values.size() - 1);
        const auto low = static_cast<std::size_t>(position);
        const std::size_t high = std::min(low + 1, values.size() - 1);
        return values[low] + (position - static_cast<double>(low)) * (values[high] - values[low]);
    };
    s.p50 = rank(0.5);
    s.p95 = rank(0.95);
    s.max = values.back();
    double sum = 0;
    for (double v : values)
        sum += v;
    s.mean = sum / static_cast<double>(values.size());
    s.count = values.size();
    return s;
}

void print(const char *what, const Stats &s)
{
    std::printf("%-62s n=%3zu  p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms  mean %6.1f ms\n", what,
                s.count, s.p50, s.p95, s.max, s.mean);
}

/// User + system CPU time of the process (every thread), in milliseconds.
double processCpuMilliseconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto ms = [](const timeval &t) {
        return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_usec) / 1e3;
    };
    return ms(usage.ru_utime) + ms(usage.ru_stime);
}

/// Runs the event loop as the application's own does (it wakes as soon as an event arrives)
/// until @p done holds, checking every millisecond, or until @p timeoutMs. QTest::qWaitFor and
/// QTest::qWait sleep 10 ms between rounds of event processing, which would add up to 10 ms to
/// every hop measured here (results -> views -> queued replot).
bool runUntil(const std::function<bool()> &done, int timeoutMs)
{
    if (done())
        return true;
    QEventLoop loop;
    QTimer poll;
    poll.setTimerType(Qt::PreciseTimer);
    poll.setInterval(1);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    poll.start();
    loop.exec();
    return done();
}

/// Runs the event loop for @p ms milliseconds.
void runFor(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, Qt::PreciseTimer, &loop, &QEventLoop::quit);
    loop.exec();
}

/// The plots on the visible tab: the ones a user sees replotting.
QList<QCustomPlot *> visiblePlots(const ChartsPanel &charts)
{
    QList<QCustomPlot *> visible;
    for (QCustomPlot *plot : charts.plots()) {
        if (plot->isVisible())
            visible << plot;
    }
    return visible;
}

} // namespace

int main(int argc, char *argv[])
{
    int moves = 50;
    QString example = QStringLiteral("default");
    for (int i = 1; i + 1 < argc; ++i) {
        if (!std::strcmp(argv[i], "--moves"))
            moves = std::max(2, std::atoi(argv[++i]));
        else if (!std::strcmp(argv[i], "--example"))
            example = QString::fromLocal8Bit(argv[++i]);
    }
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication application(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("TokenWattBench"));

    MainWindow window;
    window.resize(1600, 1000);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window) || !window.loadExample(example))
        return 1;
    auto settled = [&] {
        const RunOutputPtr shown = window.shownOutput();
        return !window.runner()->isBusy() && shown
               && shown->generation == window.runner()->latestGeneration();
    };
    if (!runUntil(settled, 120'000))
        return 1;

    // Replots of the visible plots after the latest presentation.
    QElapsedTimer clock;
    clock.start();
    QHash<QCustomPlot *, qint64> lastReplot;
    qint64 presentedAt = 0;
    RunOutputPtr presented;
    // The first output of the latest generation (preview or full): when it was presented, and
    // when every visible plot had replotted after that.
    quint64 firstGeneration = 0;
    qint64 firstPresentedAt = -1, firstOnScreenAt = -1;
    auto allReplottedSince = [&](qint64 since) {
        const QList<QCustomPlot *> plots = visiblePlots(*window.charts());
        return !plots.isEmpty() && std::all_of(plots.begin(), plots.end(), [&](QCustomPlot *p) {
            return lastReplot.value(p, -1) >= since;
        });
    };
    for (QCustomPlot *plot : window.charts()->plots())
        QObject::connect(plot, &QCustomPlot::afterReplot, &window, [&, plot] {
            lastReplot[plot] = clock.nsecsElapsed();
            if (firstPresentedAt >= 0 && firstOnScreenAt < 0 && allReplottedSince(firstPresentedAt))
                firstOnScreenAt = clock.nsecsElapsed();
        });
    QObject::connect(&window, &MainWindow::outputPresented, &window, [&](const RunOutputPtr &o) {
        presentedAt = clock.nsecsElapsed();
        presented = o;
        if (o->generation != firstGeneration) {
            firstGeneration = o->generation;
            firstPresentedAt = presentedAt;
            firstOnScreenAt = -1;
        }
    });

    LeverControl *rate = window.scenarioPanel()->lever(QStringLiteral("rate"));
    std::printf("TokenWatt slider latency: example '%s', rate %.3g req/s, %d moves, %d threads\n",
                qPrintable(example), rate->value(), moves, QThread::idealThreadCount());

    // 1. Step by step.
    auto stepByStep = [&](const QString &leverId, bool wiggle, const QString &name) {
        LeverControl *lever = window.scenarioPanel()->lever(leverId);
        QSlider *slider = lever->slider();
        const int origin = slider->value();
        std::vector<double> toData, toScreen, worker, fullToScreen;
        int previews = 0;
        const double cpuBefore = processCpuMilliseconds();
        slider->setSliderDown(true);
        for (int i = 1; i <= moves; ++i) {
            // Every position is new, so the scenario is never one already in the cache.
            const int position = wiggle ? origin + ((i % 2) ? i / 2 + 1 : -(i / 2)) : origin + i;
            const qint64 moved = clock.nsecsElapsed();
            slider->setValue(position);
            const quint64 generation = window.runner()->latestGeneration();
            if (!runUntil(
                        [&] {
                            return settled() && presented && presented->generation == generation
                                   && allReplottedSince(presentedAt);
                        },
                        60'000))
                return false;
            qint64 screen = presentedAt;
            for (QCustomPlot *p : visiblePlots(*window.charts()))
                screen = std::max(screen, lastReplot.value(p));
            if (firstOnScreenAt < 0 || firstGeneration != generation)
                return false; // cannot happen: the full output's replot ends after the first's
            toData.push_back(static_cast<double>(firstPresentedAt - moved) / 1e6);
            toScreen.push_back(static_cast<double>(firstOnScreenAt - moved) / 1e6);
            fullToScreen.push_back(static_cast<double>(screen - moved) / 1e6);
            worker.push_back(presented->elapsedMilliseconds);
            previews += firstPresentedAt != presentedAt ? 1 : 0;
        }
        const double cpuPerMove = (processCpuMilliseconds() - cpuBefore) / moves;
        slider->setSliderDown(false);
        slider->setValue(origin);
        if (!runUntil(settled, 60'000))
            return false;
        std::printf("%s, step by step: %d of %d moves shown first as a preview\n", qPrintable(name),
                    previews, moves);
        print(qPrintable(QStringLiteral("%1, step by step: move -> KPIs and chart data").arg(name)),
              stats(toData));
        print(qPrintable(QStringLiteral("%1, step by step: move -> visible plots replotted")
                                 .arg(name)),
              stats(toScreen));
        print(qPrintable(QStringLiteral("%1, step by step: move -> full run replotted").arg(name)),
              stats(fullToScreen));
        print(qPrintable(QStringLiteral("%1, step by step: worker, full pass").arg(name)),
              stats(worker));
        std::printf("%s, step by step: CPU time of the whole process per move: %.1f ms\n",
                    qPrintable(name), cpuPerMove);
        return true;
    };
    // rate: the swept lever (the curve's points are mostly reused); batch: a simulation lever
    // off the curve's axis (every point of the curve is simulated again); grid: accounting only.
    if (!stepByStep(QStringLiteral("rate"), true, QStringLiteral("rate"))
        || !stepByStep(QStringLiteral("batch"), true, QStringLiteral("max batch"))
        || !stepByStep(QStringLiteral("grid"), false, QStringLiteral("grid")))
        return 1;
    // The same drag of the rate with the curve's tab on screen (four plots of 24 points).
    window.charts()->tabs()->setCurrentIndex(1);
    if (!stepByStep(QStringLiteral("rate"), true, QStringLiteral("rate, curve tab")))
        return 1;
    window.charts()->tabs()->setCurrentIndex(0);

    // Where the GUI thread's share goes: filling the views, and replotting the visible plots.
    std::vector<double> fill, replot, replotAll;
    quint64 generation = window.runner()->latestGeneration() + 1000;
    for (int i = 0; i < 20; ++i) {
        auto copy = std::make_shared<RunOutput>(*window.shownOutput());
        copy->generation = ++generation;
        QElapsedTimer t;
        t.start();
        window.kpis()->showOutput(copy);
        window.charts()->showOutput(copy);
        fill.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
        t.restart();
        for (QCustomPlot *plot : visiblePlots(*window.charts()))
            plot->replot(QCustomPlot::rpImmediateRefresh);
        replot.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
        t.restart();
        for (QCustomPlot *plot : window.charts()->plots())
            plot->replot(QCustomPlot::rpImmediateRefresh);
        replotAll.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
    }
    print("GUI thread: fill KPIs and every chart's data", stats(fill));
    print("GUI thread: replot the visible plots", stats(replot));

    print("GUI thread: replot every plot (hidden tabs too)", stats(replotAll));

    // 2. Continuous drag at 60 Hz.
    QSlider *slider = rate->slider();
    const int origin = slider->value();
    QHash<qint64, qint64> movedAtByValue; // value in micro-units -> time of the move
    std::vector<double> dragLatency;
    int shownCount = 0;
    auto key = [](double value) { return static_cast<qint64>(std::llround(value * 1e6)); };
    auto connection = QObject::connect(
            &window, &MainWindow::outputPresented, &window, [&](const RunOutputPtr &o) {
                ++shownCount;
                const qint64 moved = movedAtByValue.value(key(o->currentValue), -1);
                if (moved >= 0)
                    dragLatency.push_back(static_cast<double>(clock.nsecsElapsed() - moved) / 1e6);
            });
    slider->setSliderDown(true);
    for (int i = 1; i <= moves; ++i) {
        const qint64 moved = clock.nsecsElapsed();
        slider->setValue(origin + i);
        movedAtByValue.insert(key(rate->value()), moved);
        runFor(16);
    }
    slider->setSliderDown(false);
    if (!runUntil(settled, 60'000))
        return 1;
    QObject::disconnect(connection);
    print("60 Hz drag: move -> KPIs and chart data", stats(dragLatency));
    std::printf("60 Hz drag: %d moves, %d outputs shown (stale runs cancelled or coalesced)\n",
                moves, shownCount);
    std::printf("simulations off the GUI thread: %llu, on it: %llu\n",
                static_cast<unsigned long long>(SimulationRunner::simulationsOffGuiThread()),
                static_cast<unsigned long long>(SimulationRunner::simulationsOnGuiThread()));
    return 0;
}
