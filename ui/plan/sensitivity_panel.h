#pragma once

#include "core/scenario/scenario.h"
#include "core/sweep/sensitivity.h"
#include "ui/charts/tornado_chart.h"

#include <QFutureWatcher>
#include <QWidget>

#include <memory>

class QComboBox;
class QCustomPlot;
class QLabel;

namespace tw {
class CancellationToken;
}

namespace tw::ui {

/// What a finished sensitivity analysis hands to the panel.
struct SensitivityOutcome
{
    sweep::SensitivityResult result;
    quint64 revision = 0;
    QString error; ///< non-empty: refused or failed
};
using SensitivityOutcomePtr = std::shared_ptr<const SensitivityOutcome>;

/// Tools > Sensitivity: the tornado of the document's scenario (sweep::sensitivity), for the
/// figure chosen (cost per 1M output tokens, p95 latency, energy, carbon). It analyses the
/// scenario shown whenever the window presents a full output while the panel is visible, on
/// a worker thread; a newer request cancels the older, whose result is dropped. GUI thread
/// only; the destructor cancels and waits.
class SensitivityPanel : public QWidget
{
    Q_OBJECT

public:
    explicit SensitivityPanel(QWidget *parent = nullptr);
    ~SensitivityPanel() override;

    /// Analyses @p scenario (of document revision @p revision) unless that revision is the one
    /// shown or running.
    void request(const scenario::Scenario &scenario, quint64 revision);
    bool isRunning() const { return m_watcher.isRunning(); }
    void setDarkTheme(bool dark);

    SensitivityOutcomePtr outcome() const { return m_outcome; }
    QCustomPlot *plot() const { return m_plot; }
    QComboBox *figureChoice() const { return m_figure; }
    QLabel *status() const { return m_status; }
    QLabel *ranges() const { return m_ranges; }

signals:
    void analysisShown();

private:
    void redraw();

    QComboBox *m_figure = nullptr;
    QCustomPlot *m_plot = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_ranges = nullptr; ///< where each range comes from, and what was left out
    QFutureWatcher<SensitivityOutcomePtr> m_watcher;
    std::shared_ptr<CancellationToken> m_cancel;
    SensitivityOutcomePtr m_outcome;
    quint64 m_requested = 0; ///< the revision asked for last (0 = none)
    bool m_dark = false;
};

} // namespace tw::ui
