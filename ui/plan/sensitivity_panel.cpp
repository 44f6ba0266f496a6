#include "ui/plan/sensitivity_panel.h"

#include "core/common/cancellation.h"
#include "core/metrics/text_format.h"
#include "ui/charts/chart_hover.h"
#include "ui/charts/chart_items.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <exception>

namespace tw::ui {

SensitivityPanel::SensitivityPanel(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("sensitivityPanel"));
    auto *column = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    m_figure = new QComboBox(this);
    m_figure->setObjectName(QStringLiteral("sensitivityFigure"));
    for (const charts::TornadoFigure f :
         {charts::TornadoFigure::CostPerMillion, charts::TornadoFigure::E2eP95,
          charts::TornadoFigure::EnergyPerMonth, charts::TornadoFigure::CarbonPerMonth})
        m_figure->addItem(charts::tornadoFigureLabel(f), static_cast<int>(f));
    m_figure->setToolTip(tr("The figure whose swing the bars show"));
    auto *label = new QLabel(tr("&Figure"), this);
    label->setBuddy(m_figure);
    top->addWidget(label);
    top->addWidget(m_figure);
    top->addStretch(1);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("sensitivityStatus"));
    top->addWidget(m_status);
    column->addLayout(top);

    m_plot = new QCustomPlot(this);
    m_plot->setObjectName(QStringLiteral("tornadoPlot"));
    m_plot->setMinimumHeight(220);
    m_plot->setAccessibleName(tr("Sensitivity tornado chart"));
    charts::setUpTornado(m_plot);
    charts::applyTheme(m_plot, charts::theme(false));
    charts::installHoverTooltips(m_plot);
    column->addWidget(m_plot, 1);
    m_ranges = new QLabel(this);
    m_ranges->setObjectName(QStringLiteral("sensitivityRanges"));
    m_ranges->setWordWrap(true);
    m_ranges->setTextInteractionFlags(Qt::TextSelectableByMouse);
    column->addWidget(m_ranges);

    connect(m_figure, &QComboBox::currentIndexChanged, this, &SensitivityPanel::redraw);
    connect(&m_watcher, &QFutureWatcher<SensitivityOutcomePtr>::finished, this, [this] {
        const SensitivityOutcomePtr outcome = m_watcher.result();
        if (!outcome || outcome->revision != m_requested)
            return; // an older request, replaced (and cancelled) meanwhile
        m_outcome = outcome;
        redraw();
        emit analysisShown();
    });
}

SensitivityPanel::~SensitivityPanel()
{
    if (m_cancel)
        m_cancel->cancel();
    m_watcher.waitForFinished();
}

void SensitivityPanel::setDarkTheme(bool dark)
{
    m_dark = dark;
    redraw();
}

void SensitivityPanel::request(const scenario::Scenario &scenario, quint64 revision)
{
    if (revision == m_requested)
        return;
    if (m_cancel)
        m_cancel->cancel(); // the older analysis ends on its own; it owns its inputs
    m_cancel = std::make_shared<CancellationToken>();
    m_requested = revision;
    m_status->setText(tr("Analysing…"));
    const std::shared_ptr<CancellationToken> token = m_cancel;
    m_watcher.setFuture(QtConcurrent::run([scenario, revision, token] {
        auto outcome = std::make_shared<SensitivityOutcome>();
        outcome->revision = revision;
        sweep::SensitivityOptions options;
        options.cancel = token.get();
        try {
            outcome->result = sweep::sensitivity(scenario, options);
        } catch (const std::exception &error) {
            outcome->error = QString::fromStdString(error.what());
        }
        return SensitivityOutcomePtr(outcome);
    }));
}

void SensitivityPanel::redraw()
{
    const charts::Theme &theme = charts::theme(m_dark);
    charts::applyTheme(m_plot, theme);
    if (!m_outcome) {
        charts::queueReplot(m_plot);
        return;
    }
    if (!m_outcome->error.isEmpty()) {
        charts::clearContent(m_plot);
        charts::addNote(m_plot->yAxis, m_plot->xAxis, tr("Not analysed: %1").arg(m_outcome->error),
                        theme);
        m_status->setText(QString());
        m_ranges->clear();
        charts::queueReplot(m_plot);
        return;
    }
    const auto figure = static_cast<charts::TornadoFigure>(m_figure->currentData().toInt());
    const QStringList still = charts::fillTornado(m_plot, m_outcome->result, figure, theme);
    charts::queueReplot(m_plot);
    const sweep::SensitivityResult &r = m_outcome->result;
    m_status->setText(tr("Each input moved alone, %1 runs with the same seed; base %2 per 1M "
                         "output tokens")
                              .arg(r.simulations)
                              .arg(QString::fromStdString(
                                      metrics::formatUsd(r.base.usdPerMillionOutputTokens, 2))));
    QStringList lines;
    if (!still.isEmpty())
        lines << tr("Do not move this figure: %1")
                         .arg(still.join(QStringLiteral(", ")).toHtmlEscaped());
    for (const sweep::SensitivityRow &row : r.rows)
        lines << QStringLiteral("<b>%1</b>: %2")
                         .arg(QString::fromStdString(row.label).toHtmlEscaped(),
                              QString::fromStdString(row.basis).toHtmlEscaped());
    for (const std::string &why : r.skipped)
        lines << tr("Left out: %1").arg(QString::fromStdString(why).toHtmlEscaped());
    m_ranges->setText(QStringLiteral("<small>%1</small>").arg(lines.join(QStringLiteral("<br>"))));
}

} // namespace tw::ui
