#include "ui/capacity_runner.h"

#include "core/common/cancellation.h"
#include "core/common/error.h"

#include <QtConcurrent/QtConcurrentRun>

namespace tw::ui {

CapacityRunner::CapacityRunner(QObject *parent)
    : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<CapacityFigure>::finished, this, [this] {
        if (m_watcher.isCanceled())
            return;
        const CapacityFigure figure = m_watcher.result();
        if (figure.generation == m_generation && !(m_cancel && m_cancel->isCancelled()))
            emit capacityReady(figure);
    });
}

CapacityRunner::~CapacityRunner()
{
    cancel();
    m_watcher.waitForFinished();
}

void CapacityRunner::cancel()
{
    if (m_cancel)
        m_cancel->cancel();
}

void CapacityRunner::request(const scenario::Scenario &scenario, std::uint64_t generation)
{
    // The cancelled search stops within a few thousand events on its own; it holds copies
    // of what it needs, so the GUI thread does not wait for it, and the watcher now follows
    // the new one only.
    cancel();
    m_cancel = std::make_shared<CancellationToken>();
    m_generation = generation;
    const std::shared_ptr<CancellationToken> token = m_cancel;
    m_watcher.setFuture(QtConcurrent::run([scenario, generation, token] {
        CapacityFigure figure;
        figure.generation = generation;
        if (const auto problems = sweep::capacityProblems(scenario); !problems.empty()) {
            figure.note = QString::fromStdString(problems.front().message);
            return figure;
        }
        sweep::CapacityOptions options;
        options.cancel = token.get();
        try {
            const sweep::CapacityResult result = sweep::findCapacity(scenario, options);
            if (!result.capacityRatePerSecond) {
                figure.note = QObject::tr("The SLO is missed even at the lowest traffic tried.");
                return figure;
            }
            figure.computed = true;
            figure.loadShare = result.loadShare;
            figure.capacityPerSecond = result.capacityArrivalRatePerSecond > 0.0
                                               ? result.capacityArrivalRatePerSecond
                                               : *result.capacityRatePerSecond;
            figure.lowerBound = result.capacityIsLowerBound;
        } catch (const std::exception &error) {
            figure.note = QString::fromStdString(error.what());
        }
        return figure;
    }));
}

} // namespace tw::ui
