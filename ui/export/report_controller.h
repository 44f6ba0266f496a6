#pragma once

#include "core/sweep/sensitivity.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <memory>

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

    using SensitivityPtr = std::shared_ptr<const sweep::SensitivityResult>;

    /// Writes the report on the output on screen to @p fileName, with @p sensitivity as its
    /// "what moves the cost" page; without one, the Sensitivity panel's result for this
    /// revision, else one computed here (blocking: seven runs or so). A plan the Plan panel
    /// made of this revision adds the "what to run" page. Returns the problem, or
    /// an empty string on success; @p pageCount receives the number of pages.
    QString writeReportTo(const QString &fileName, int *pageCount = nullptr,
                          SensitivityPtr sensitivity = nullptr) const;

private:
    void createReport();
    void write(const QString &file, const SensitivityPtr &sensitivity);
    /// The Sensitivity panel's result if it is of the document as it stands, else null.
    SensitivityPtr shownSensitivity() const;

    MainWindow *m_window;
    QAction *m_action = nullptr;
    /// The analysis for a report, run off the GUI thread before the report is written.
    QFutureWatcher<SensitivityPtr> m_analysis;
    QString m_pendingFile;
    quint64 m_pendingRevision = 0;
};

} // namespace tw::ui
