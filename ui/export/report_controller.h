#pragma once

#include <QObject>
#include <QString>

class QAction;

namespace tw::ui {

class MainWindow;

/// File > Create report…: a PDF report (ui/report/report_writer.h) on the scenario on screen,
/// from the output the window already shows, so nothing is simulated again and the report
/// agrees with the window to the digit. GUI thread only.
class ReportController : public QObject
{
    Q_OBJECT

public:
    explicit ReportController(MainWindow *window);

    QAction *action() const { return m_action; }

    /// Writes the report on the output on screen to @p fileName. Returns the problem, or an
    /// empty string on success; @p pageCount receives the number of pages.
    QString writeReportTo(const QString &fileName, int *pageCount = nullptr) const;

private:
    void createReport();

    MainWindow *m_window;
    QAction *m_action = nullptr;
};

} // namespace tw::ui
