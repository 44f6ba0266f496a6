#pragma once

#include "core/scenario/scenario.h"
#include "ui/presentation/presentation_pages.h"
#include "ui/render/run_output.h"

#include <QWidget>

#include <memory>
#include <vector>

class QLabel;
class QPushButton;
class QScrollArea;
class QStackedWidget;

namespace tw::ui {

class ChartCopies;
class PlotCanvas;
class ScenarioDocument;

/// Presentation mode: one idea per page in large type on the whole screen. The headline and
/// KPI cards first, then the key charts one by one, then the KPIs now against when the
/// presentation started. Right, Down, Page Down and Space go forward; Left, Up, Page Up and
/// Backspace back; Home and End to the ends; Esc (or F5) leaves. L shows the scenario's levers
/// at the side (the window's ScenarioPanel on the same document), so a presenter can change
/// traffic live: every new output updates the pages. GUI thread only.
class PresentationView : public QWidget
{
    Q_OBJECT

public:
    explicit PresentationView(ScenarioDocument *document, QWidget *parent = nullptr);
    ~PresentationView() override;

    /// Shows @p output on every page; the first output is also the "before" of the comparison.
    void showOutput(const RunOutputPtr &output);

    int pageCount() const;
    int currentPage() const;
    QString pageTitle(int index) const;
    void goTo(int index);
    void next() { goTo(currentPage() + 1); }
    void previous() { goTo(currentPage() - 1); }

    bool leversVisible() const;
    void setLeversVisible(bool visible);

    KpiPage *kpiPage() const { return m_kpiPage; }
    ComparisonPage *comparisonPage() const { return m_comparisonPage; }
    /// The canvas of chart page @p index (1 .. pageCount() - 2), or null.
    PlotCanvas *canvas(int index) const;

signals:
    /// The presentation was left (Esc, F5, the Exit button or closing the window).
    void closed();

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void buildPages();
    void refresh();
    void updateNavigation();

    ScenarioDocument *m_document;
    QScrollArea *m_levers = nullptr;
    QLabel *m_title = nullptr;
    QStackedWidget *m_pages = nullptr;
    QLabel *m_position = nullptr;
    QPushButton *m_leversButton = nullptr;
    KpiPage *m_kpiPage = nullptr;
    ComparisonPage *m_comparisonPage = nullptr;
    std::vector<PlotCanvas *> m_canvases;
    QStringList m_titles;
    std::unique_ptr<ChartCopies> m_charts;
    RunOutputPtr m_output;
    RunOutputPtr m_first;               ///< the "before" of the comparison page
    scenario::Scenario m_firstScenario; ///< its scenario
    PresentationType m_type;
    bool m_typeSet = false;              ///< type sizes applied for the current height
    std::vector<QWidget *> m_navigation; ///< the bottom bar's buttons and page number
};

} // namespace tw::ui
