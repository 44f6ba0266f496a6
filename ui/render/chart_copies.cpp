#include "ui/render/chart_copies.h"

#include "ui/charts/chart_style.h"
#include "ui/charts/charts_panel.h"

#include <qcustomplot.h>

#include <QLocale>

namespace tw::ui {
namespace {

QFont sized(const QFont &base, double points, bool bold = false)
{
    QFont font = base;
    font.setPointSizeF(points);
    font.setBold(bold);
    font.setStyleStrategy(QFont::PreferNoShaping); // no ligatures in text extracted from exports
    return font;
}

} // namespace

QString chartFooter(const QString &scenarioName, const QDateTime &when)
{
    const QString date
            = QLocale(QLocale::English).toString(when.date(), QStringLiteral("d MMM yyyy"));
    return QStringLiteral("%1 · %2 · TokenWatt").arg(scenarioName, date);
}

void applyChartStyle(QCustomPlot *plot, const ChartStyle &style)
{
    const charts::Theme &theme = charts::theme(false);
    charts::applyTheme(plot, theme);
    const QFont base = plot->font();
    for (QCPAxisRect *rect : plot->axisRects()) {
        for (QCPAxis *axis : rect->axes()) {
            axis->setLabelFont(sized(base, style.labelPointSize));
            axis->setTickLabelFont(sized(base, style.tickPointSize));
        }
    }
    plot->legend->setFont(sized(base, style.labelPointSize));
    QCPLayoutGrid *layout = plot->plotLayout();
    const auto elements = layout->elements(true);
    for (QCPLayoutElement *element : elements) {
        auto *text = qobject_cast<QCPTextElement *>(element);
        if (text == nullptr)
            continue;
        // The title is the element the chart code puts in the first row (charts::addTitle).
        const bool title = layout->rowCount() > 0 && layout->element(0, 0) == text;
        text->setFont(title ? sized(base, style.titlePointSize, true)
                            : sized(base, style.tickPointSize));
    }
    for (int i = 0; i < plot->itemCount(); ++i) {
        if (auto *item = qobject_cast<QCPItemText *>(plot->item(i)))
            item->setFont(sized(item->font(), style.tickPointSize - 0.5, item->font().bold()));
    }
    if (!style.footer.isEmpty()) {
        const int row = layout->rowCount();
        auto *footer
                = new QCPTextElement(plot, style.footer, sized(base, style.tickPointSize - 1.5));
        footer->setTextColor(theme.mutedForeground);
        footer->setTextFlags(Qt::AlignRight | Qt::AlignVCenter);
        footer->setMargins(QMargins(8, 6, 8, 4));
        layout->addElement(row, 0, footer);
        layout->setRowStretchFactor(row, 0.001);
    }
}

ChartCopies::ChartCopies(const RunOutputPtr &output, const ChartStyle &style)
    : m_panel(std::make_unique<ChartsPanel>())
{
    m_panel->setDarkTheme(false);
    m_panel->showOutput(output);
    for (QCustomPlot *plot : m_panel->plots())
        applyChartStyle(plot, style);
}

ChartCopies::~ChartCopies() = default;

QList<QCustomPlot *> ChartCopies::plots() const
{
    return m_panel->plots();
}

QCustomPlot *ChartCopies::plot(ChartId id) const
{
    return m_panel->plot(id);
}

} // namespace tw::ui
