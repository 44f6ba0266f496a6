#include "ui/charts/charts_panel.h"

#include "ui/charts/breakdown_charts.h"
#include "ui/charts/chart_items.h"
#include "ui/charts/chart_style.h"
#include "ui/charts/curve_charts.h"
#include "ui/charts/time_charts.h"

#include <qcustomplot.h>

#include <QGridLayout>
#include <QLocale>
#include <QShowEvent>
#include <QTabWidget>
#include <QVBoxLayout>
#include <QWindow>

#include <algorithm>

namespace tw::ui {

namespace {

QCustomPlot *makePlot(const QString &accessibleName)
{
    auto *plot = new QCustomPlot;
    plot->setAccessibleName(accessibleName);
    plot->setMinimumSize(300, 220);
    plot->setAntialiasedElements(QCP::aeAll);
    // Antialiased 2 px polylines are most of a replot (4.6 of 4.6 ms for the traffic plot,
    // 0.5 ms without its two graphs); drawn as separate segments they take 1.2 ms and differ
    // only at sharp joins. Exported charts are drawn from their own copies, without this hint.
    plot->setPlottingHint(QCP::phFastPolylines, true);
    plot->setNoAntialiasingOnDrag(true);
    plot->setLocale(QLocale()); // tick labels with the user's separators (QCustomPlot uses C)
    return plot;
}

QWidget *gridPage(const QList<QCustomPlot *> &plots, int columns)
{
    auto *page = new QWidget;
    auto *grid = new QGridLayout(page);
    grid->setContentsMargins(4, 4, 4, 4);
    grid->setSpacing(6);
    for (int i = 0; i < plots.size(); ++i) {
        const bool lastAlone = i == plots.size() - 1 && plots.size() % columns != 0;
        grid->addWidget(plots[i], i / columns, i % columns, 1, lastAlone ? columns : 1);
    }
    return page;
}

} // namespace

ChartsPanel::ChartsPanel(QWidget *parent)
    : QWidget(parent)
    , m_tabs(new QTabWidget(this))
    , m_traffic(makePlot(tr("Arrivals and queue depth over time")))
    , m_latencyOverTime(makePlot(tr("Latency over time")))
    , m_power(makePlot(tr("Facility power over time")))
    , m_cumulative(makePlot(tr("Cumulative cost, energy and emissions")))
    , m_costCurve(makePlot(tr("Cost per million output tokens across the lever")))
    , m_latencyCurve(makePlot(tr("p95 latency across the lever")))
    , m_energyCurve(makePlot(tr("Energy per million output tokens across the lever")))
    , m_carbonCurve(makePlot(tr("Emissions per million output tokens across the lever")))
    , m_costBreakdown(makePlot(tr("Cost by component")))
    , m_carbonBreakdown(makePlot(tr("Operational and embodied emissions")))
    , m_latencyDistribution(makePlot(tr("Latency distribution")))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
    m_tabs->addTab(gridPage({m_traffic, m_latencyOverTime, m_power, m_cumulative}, 2),
                   tr("Over time"));
    m_curveTab = m_tabs->addTab(
            gridPage({m_costCurve, m_latencyCurve, m_energyCurve, m_carbonCurve}, 2),
            tr("Across the lever"));
    m_tabs->addTab(gridPage({m_costBreakdown, m_carbonBreakdown, m_latencyDistribution}, 2),
                   tr("Breakdown"));

    charts::setUpTimePlots({m_traffic, m_latencyOverTime, m_power, m_cumulative});
    charts::setUpCurvePlots({m_costCurve, m_latencyCurve, m_energyCurve, m_carbonCurve});
    charts::setUpBreakdownPlots({m_costBreakdown, m_carbonBreakdown, m_latencyDistribution});
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] { replotStaleVisible(); });
    for (QCustomPlot *plot : plots()) {
        plot->installEventFilter(this);
        plot->setContextMenuPolicy(Qt::CustomContextMenu);
        connect(plot, &QWidget::customContextMenuRequested, this, [this, plot](const QPoint &at) {
            emit chartContextMenuRequested(plot, plot->mapToGlobal(at));
        });
    }
    render();
}

ChartsPanel::~ChartsPanel() = default;

QList<QCustomPlot *> ChartsPanel::plots() const
{
    return {m_traffic,         m_latencyOverTime,    m_power,
            m_cumulative,      m_costCurve,          m_latencyCurve,
            m_energyCurve,     m_carbonCurve,        m_costBreakdown,
            m_carbonBreakdown, m_latencyDistribution};
}

void ChartsPanel::showOutput(const RunOutputPtr &output)
{
    if (!output || (m_output && output->generation < m_output->generation))
        return;
    m_output = output;
    render();
    emit outputShown(output->generation);
}

void ChartsPanel::setDarkTheme(bool dark)
{
    if (dark == m_dark)
        return;
    m_dark = dark;
    render();
}

int ChartsPanel::graphCount() const
{
    int count = 0;
    for (QCustomPlot *plot : plots())
        count += plot->graphCount();
    return count;
}

bool ChartsPanel::allChartsHaveData() const
{
    if (!m_output)
        return false;
    const QList<QCustomPlot *> all = plots();
    return std::all_of(all.begin(), all.end(),
                       [](QCustomPlot *plot) { return charts::hasData(plot); });
}

void ChartsPanel::render()
{
    const charts::Theme &theme = charts::theme(m_dark);
    for (QCustomPlot *plot : plots())
        charts::applyTheme(plot, theme);
    m_breakEven.reset();
    m_breakEvenLabel = nullptr;
    const charts::TimePlots time{m_traffic, m_latencyOverTime, m_power, m_cumulative};
    const charts::CurvePlots curves{m_costCurve, m_latencyCurve, m_energyCurve, m_carbonCurve};
    const charts::BreakdownPlots breakdown{m_costBreakdown, m_carbonBreakdown,
                                           m_latencyDistribution};
    if (!m_output) {
        const QString waiting = tr("Waiting for the first results…");
        charts::showTimePlaceholder(time, waiting, theme);
        for (QCustomPlot *plot : plots().mid(4)) {
            charts::clearContent(plot);
            charts::addNote(plot->xAxis, plot->yAxis, waiting, theme);
        }
    } else {
        charts::fillTimePlots(time, m_output->current, theme, m_output->scenarioHorizonSeconds);
        const charts::CurveAnnotations annotations
                = charts::fillCurvePlots(curves, *m_output, theme);
        m_breakEven = annotations.breakEven;
        m_breakEvenLabel = annotations.breakEvenLabel;
        charts::fillBreakdownPlots(breakdown, m_output->current, theme);
        const QString lever = charts::nameOfLabel(m_output->sweepLabel);
        m_tabs->setTabText(m_curveTab, lever.isEmpty() ? tr("Across the lever")
                                                       : tr("Across %1").arg(lever.toLower()));
    }
    replotAll();
}

void ChartsPanel::replotAll()
{
    // Only the plots on the visible tab are drawn now; drawing all eleven would cost several
    // frames. The others are drawn when their tab is shown.
    for (QCustomPlot *plot : plots()) {
        if (plot->isVisible())
            charts::queueReplot(plot);
        else
            m_stale.insert(plot);
    }
}

void ChartsPanel::replotStaleVisible()
{
    for (auto it = m_stale.begin(); it != m_stale.end();) {
        if ((*it)->isVisible()) {
            // Drawn at once, shown with the next paint: a tab must not flash its old content.
            (*it)->replot(QCustomPlot::rpQueuedRefresh);
            it = m_stale.erase(it);
        } else {
            ++it;
        }
    }
}

bool ChartsPanel::eventFilter(QObject *watched, QEvent *event)
{
    // QCustomPlot replots itself on every resize, which a tab's plots get when first shown.
    if (event->type() == QEvent::Resize)
        m_stale.remove(static_cast<QCustomPlot *>(watched));
    return QWidget::eventFilter(watched, event);
}

void ChartsPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // Moving the window to a screen with another scale factor must re-rasterise the plots at
    // the new device pixel ratio (queueReplot updates the buffer ratio).
    if (!m_screenConnected && window()->windowHandle() != nullptr) {
        m_screenConnected = true;
        connect(window()->windowHandle(), &QWindow::screenChanged, this, [this] { replotAll(); });
    }
    replotStaleVisible();
}

} // namespace tw::ui
