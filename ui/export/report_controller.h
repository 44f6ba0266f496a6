#pragma once

#include "core/sweep/replicate.h"
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
    using ReplicationPtr = std::shared_ptr<const sweep::ReplicationResult>;
    /// The analyses a one-scenario report adds: what moves the cost, and how sure it is.
    struct Analyses
    {
        SensitivityPtr sensitivity;
        ReplicationPtr replication;
        /// Already tried: a part left null failed, and is not tried again (on the GUI thread).
        /// No member initialiser (a default argument of the enclosing class could not use
        /// one); `{}` makes it false.
        bool attempted;
    };

    /// Writes the report on the output on screen to @p fileName with @p analyses; what they
    /// lack is taken from the Sensitivity panel's result for this revision or computed here
    /// (blocking: about a dozen runs). A plan the Plan panel made of this revision adds the
    /// "what to run" page. Returns the problem, or an empty string on success; @p pageCount
    /// receives the number of pages.
    QString writeReportTo(const QString &fileName, int *pageCount = nullptr,
                          Analyses analyses = {}) const;

private:
    void createReport();
    void write(const QString &file, const Analyses &analyses);
    /// The Sensitivity panel's result if it is of the document as it stands, else null.
    SensitivityPtr shownSensitivity() const;

    MainWindow *m_window;
    QAction *m_action = nullptr;
    /// The analysis for a report, run off the GUI thread before the report is written.
    QFutureWatcher<Analyses> m_analysis;
    QString m_pendingFile;
    quint64 m_pendingRevision = 0;
};

} // namespace tw::ui
