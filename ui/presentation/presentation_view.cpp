#include "ui/presentation/presentation_view.h"

#include "core/catalog/catalog.h"
#include "ui/charts/chart_style.h"
#include "ui/charts/charts_panel.h"
#include "ui/render/chart_copies.h"
#include "ui/presentation/plot_canvas.h"
#include "ui/report/equivalents.h"
#include "ui/scenario_document.h"
#include "ui/scenario_panel.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace tw::ui {
namespace {

/// The charts of the presentation, in the order of the story: cost, then speed, then
/// footprint; with the slide title each gets.
struct SlideChart
{
    ChartId chart;
    const char *title;
};

const SlideChart kSlides[] = {
        {ChartId::CostBreakdown,
         QT_TRANSLATE_NOOP("tw::ui::PresentationView", "Where the money goes")},
        {ChartId::CostCurve,
         QT_TRANSLATE_NOOP("tw::ui::PresentationView", "Cost per token as traffic changes")},
        {ChartId::LatencyDistribution,
         QT_TRANSLATE_NOOP("tw::ui::PresentationView", "How long users wait")},
        {ChartId::LatencyCurve,
         QT_TRANSLATE_NOOP("tw::ui::PresentationView", "Latency as traffic changes")},
        {ChartId::Traffic,
         QT_TRANSLATE_NOOP("tw::ui::PresentationView", "Traffic and queue over the hour")},
        {ChartId::Power, QT_TRANSLATE_NOOP("tw::ui::PresentationView", "Power drawn")},
        {ChartId::CarbonBreakdown,
         QT_TRANSLATE_NOOP("tw::ui::PresentationView", "Emissions per year")},
};

ChartStyle slideStyle(double scale)
{
    ChartStyle style;
    style.titlePointSize = 17.0 * scale; // under the slide's own, larger title
    style.labelPointSize = 15.0 * scale;
    style.tickPointSize = 13.5 * scale;
    return style;
}

} // namespace

PresentationView::PresentationView(ScenarioDocument *document, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_document(document)
    , m_levers(new QScrollArea(this))
    , m_title(new QLabel(this))
    , m_pages(new QStackedWidget(this))
    , m_position(new QLabel(this))
    , m_leversButton(new QPushButton(tr("Levers (L)"), this))
{
    setObjectName(QStringLiteral("presentationView"));
    setWindowTitle(tr("TokenWatt — presentation"));
    setFocusPolicy(Qt::StrongFocus);
    setAutoFillBackground(true);
    QPalette white = palette();
    white.setColor(QPalette::Window, Qt::white);
    white.setColor(QPalette::WindowText, charts::theme(false).foreground);
    setPalette(white);

    m_levers->setWidget(new ScenarioPanel(document));
    m_levers->setWidgetResizable(true);
    m_levers->setFixedWidth(360);
    m_levers->setVisible(false);
    m_levers->setAutoFillBackground(true);

    auto *previous = new QPushButton(tr("◀ Back"), this);
    auto *next = new QPushButton(tr("Next ▶"), this);
    auto *exit = new QPushButton(tr("Exit (Esc)"), this);
    // Buttons never take the focus: Space must turn the page, not press the last button.
    for (QPushButton *button : {previous, next, exit, m_leversButton}) {
        button->setFocusPolicy(Qt::NoFocus);
        button->setFlat(true);
    }
    m_leversButton->setCheckable(true);
    connect(previous, &QPushButton::clicked, this, &PresentationView::previous);
    connect(next, &QPushButton::clicked, this, &PresentationView::next);
    connect(exit, &QPushButton::clicked, this, &QWidget::close);
    connect(m_leversButton, &QPushButton::toggled, this, &PresentationView::setLeversVisible);

    m_navigation = {previous, next, exit, m_leversButton, m_position};
    auto *bar = new QHBoxLayout;

    bar->addWidget(m_leversButton);
    bar->addStretch(1);
    bar->addWidget(previous);
    bar->addWidget(m_position);
    bar->addWidget(next);
    bar->addStretch(1);
    bar->addWidget(exit);
    auto *stage = new QVBoxLayout;
    stage->setContentsMargins(48, 28, 48, 12);
    stage->addWidget(m_title);
    stage->addWidget(m_pages, 1);
    stage->addLayout(bar);
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(0);
    row->addWidget(m_levers);
    row->addLayout(stage, 1);
    m_title->setStyleSheet(QStringLiteral("color: #1F3A5F;"));
    buildPages();
}

PresentationView::~PresentationView() = default;

void PresentationView::buildPages()
{
    m_kpiPage = new KpiPage(m_pages);
    m_pages->addWidget(m_kpiPage);
    m_titles << tr("At a glance");
    for (const SlideChart &slide : kSlides) {
        auto *canvas = new PlotCanvas(m_pages);
        m_canvases.push_back(canvas);
        m_pages->addWidget(canvas);
        m_titles << tr(slide.title);
    }
    m_comparisonPage = new ComparisonPage(m_pages);
    m_pages->addWidget(m_comparisonPage);
    m_titles << tr("Now against the start");
    goTo(0);
}

void PresentationView::showOutput(const RunOutputPtr &output)
{
    if (!output || (m_output && output->generation < m_output->generation))
        return;
    // The first full output is the reference; a preview before it stands in until it comes.
    if (!m_first || (m_first->preview && !output->preview)) {
        m_first = output;
        m_firstScenario = m_document->scenario();
    }
    m_output = output;
    refresh();
}

void PresentationView::refresh()
{
    if (!m_output)
        return;
    m_charts = std::make_unique<ChartCopies>(m_output, slideStyle(m_type.scale));
    for (std::size_t i = 0; i < m_canvases.size(); ++i)
        m_canvases[i]->setPlot(m_charts->plot(kSlides[i].chart));

    const catalog::Catalog &catalog = catalog::Catalog::builtIn();
    const report::ReportScenario now{QString::fromStdString(m_output->current.scenarioName),
                                     m_document->scenario(), m_output};
    const report::ScenarioFacts facts = report::factsOf(now, catalog);
    const QStringList sentences
            = report::summarySentences(facts, report::Equivalents::fromCatalog(catalog));
    const std::vector<report::KpiCard> cards = report::kpiCards(facts, m_output->current);
    m_kpiPage->setFigures(sentences.value(0), cards);
    m_kpiPage->setType(m_type);

    const report::ReportScenario start{now.label, m_firstScenario, m_first};
    const report::ScenarioFacts before = report::factsOf(start, catalog);
    m_comparisonPage->setType(m_type);
    m_comparisonPage->setFigures(report::kpiCards(before, m_first->current), cards,
                                 tr("At the start"), tr("Now"));
}

int PresentationView::pageCount() const
{
    return m_pages->count();
}

int PresentationView::currentPage() const
{
    return m_pages->currentIndex();
}

QString PresentationView::pageTitle(int index) const
{
    return m_titles.value(index);
}

PlotCanvas *PresentationView::canvas(int index) const
{
    const int chart = index - 1;
    return chart >= 0 && chart < static_cast<int>(m_canvases.size())
                   ? m_canvases[static_cast<std::size_t>(chart)]
                   : nullptr;
}

void PresentationView::goTo(int index)
{
    m_pages->setCurrentIndex(std::clamp(index, 0, pageCount() - 1));
    updateNavigation();
}

void PresentationView::updateNavigation()
{
    m_title->setText(pageTitle(currentPage()));
    m_position->setText(tr("%1 / %2").arg(currentPage() + 1).arg(pageCount()));
}

bool PresentationView::leversVisible() const
{
    return m_levers->isVisibleTo(this);
}

void PresentationView::setLeversVisible(bool visible)
{
    m_levers->setVisible(visible);
    if (m_leversButton->isChecked() != visible)
        m_leversButton->setChecked(visible);
    if (!visible)
        setFocus(); // the keys go back to turning pages
}

void PresentationView::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Right:
    case Qt::Key_Down:
    case Qt::Key_PageDown:
    case Qt::Key_Space:
        next();
        break;
    case Qt::Key_Left:
    case Qt::Key_Up:
    case Qt::Key_PageUp:
    case Qt::Key_Backspace:
        previous();
        break;
    case Qt::Key_Home:
        goTo(0);
        break;
    case Qt::Key_End:
        goTo(pageCount() - 1);
        break;
    case Qt::Key_L:
        setLeversVisible(!leversVisible());
        break;
    case Qt::Key_Escape:
    case Qt::Key_F5:
        close();
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

void PresentationView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // Type follows the screen: the sizes below are for a 1080-pixel-high display.
    const double scale = std::clamp(height() / 1080.0, 0.55, 2.5);
    if (m_typeSet && std::abs(scale - m_type.scale) < 0.02)
        return;
    m_typeSet = true;
    m_type.scale = scale;
    QFont font = m_title->font();
    font.setPointSizeF(m_type.pt(30));
    font.setBold(true);
    m_title->setFont(font);
    for (QWidget *control : m_navigation) {
        QFont small = control->font();
        small.setPointSizeF(m_type.pt(13));
        control->setFont(small);
    }
    refresh();
}

void PresentationView::closeEvent(QCloseEvent *event)
{
    QWidget::closeEvent(event);
    emit closed();
}

} // namespace tw::ui
