#include "ui/plan/plan_runner.h"

#include "core/common/cancellation.h"

#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

#include <chrono>
#include <exception>

namespace tw::ui {

PlanRunner::PlanRunner(QObject *parent)
    : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<PlanOutcomePtr>::finished, this, [this] {
        const PlanOutcomePtr outcome = m_watcher.result();
        if (m_cancel && m_cancel->isCancelled())
            emit cancelled();
        else if (outcome)
            emit finished(outcome);
    });
}

PlanRunner::~PlanRunner()
{
    cancel();
    m_watcher.waitForFinished();
}

void PlanRunner::cancel()
{
    if (m_cancel)
        m_cancel->cancel();
}

void PlanRunner::start(const scenario::Scenario &scenario, const sweep::PlanOptions &options,
                       quint64 revision)
{
    cancel();
    // A plan still running was just told to stop; it stops within one simulation, and the
    // watcher waits for it so that one plan at a time holds the cores.
    m_watcher.waitForFinished();
    m_cancel = std::make_shared<CancellationToken>();
    const quint64 run = ++m_run;
    const std::shared_ptr<CancellationToken> token = m_cancel;
    const QPointer<PlanRunner> self(this);
    m_watcher.setFuture(QtConcurrent::run([scenario, options, revision, token, run, self] {
        auto outcome = std::make_shared<PlanOutcome>();
        outcome->scenario = scenario;
        outcome->options = options;
        outcome->revision = revision;
        sweep::PlanOptions running = options;
        running.slo.cancel = token.get();
        running.progress = [self, run](double fraction) {
            // Queued to the GUI thread; dropped there if the runner is gone or restarted.
            QMetaObject::invokeMethod(
                    self.data(),
                    [self, run, fraction] {
                        if (self && self->m_run == run)
                            emit self->progressChanged(fraction);
                    },
                    Qt::QueuedConnection);
        };
        const auto started = std::chrono::steady_clock::now();
        try {
            outcome->result = sweep::plan(scenario, running);
        } catch (const std::exception &error) {
            outcome->error = QString::fromStdString(error.what());
        }
        outcome->seconds
                = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        return PlanOutcomePtr(outcome);
    }));
}

} // namespace tw::ui
