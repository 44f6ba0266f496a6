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
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
    const struct
    {
        ChartTab tab;
        const char *title;
    } tabs[] = {
            {ChartTab::OverTime, QT_TR_NOOP("Over time")},
            {ChartTab::AcrossLever, QT_TR_NOOP("Across the lever")},
            {ChartTab::Breakdown, QT_TR_NOOP("Breakdown")},
    };
    for (const auto &tab : tabs) {
        QList<QCustomPlot *> onTab;
        for (const ChartInfo &chart : kCharts)
            if (chart.tab == tab.tab) {
                QCustomPlot *plot = makePlot(tr(chart.name));
                m_plots[static_cast<std::size_t>(indexOf(chart.id))] = plot;
                onTab << plot;
            }
        const int index = m_tabs->addTab(gridPage(onTab, 2), tr(tab.title));
        if (tab.tab == ChartTab::AcrossLever)
            m_curveTab = index;
    }

    charts::setUpTimePlots(timePlots());
    charts::setUpCurvePlots(curvePlots());
    charts::setUpBreakdownPlots(breakdownPlots());
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
    return QList<QCustomPlot *>(m_plots.begin(), m_plots.end());
}

charts::TimePlots ChartsPanel::timePlots() const
{
    return {plot(ChartId::Traffic), plot(ChartId::LatencyOverTime), plot(ChartId::Power),
            plot(ChartId::Cumulative)};
}

charts::CurvePlots ChartsPanel::curvePlots() const
{
    return {plot(ChartId::CostCurve), plot(ChartId::LatencyCurve), plot(ChartId::EnergyCurve),
            plot(ChartId::CarbonCurve)};
}

charts::BreakdownPlots ChartsPanel::breakdownPlots() const
{
    return {plot(ChartId::CostBreakdown), plot(ChartId::CarbonBreakdown),
            plot(ChartId::LatencyDistribution)};
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
    const charts::TimePlots time = timePlots();
    const charts::CurvePlots curves = curvePlots();
    const charts::BreakdownPlots breakdown = breakdownPlots();
    if (!m_output) {
        const QString waiting = tr("Waiting for the first results…");
        charts::showTimePlaceholder(time, waiting, theme);
        for (const ChartInfo &chart : kCharts) {
            if (chart.tab == ChartTab::OverTime)
                continue;
            QCustomPlot *target = plot(chart.id);
            charts::clearContent(target);
            charts::addNote(target->xAxis, target->yAxis, waiting, theme);
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
