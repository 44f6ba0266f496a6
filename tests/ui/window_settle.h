#pragma once

// Waiting for the window to show the results of its latest request, shared by the widget tests.

#include "ui/main_window.h"
#include "ui/simulation_runner.h"

#include <QTest>

namespace tw::test {

/// Waits until @p window shows the full (not preview) output of the runner's latest request
/// and the runner is idle; returns that output, or null after @p timeoutMs (generous: CI
/// machines are shared and busy).
inline ui::RunOutputPtr settle(ui::MainWindow &window, int timeoutMs = 240'000)
{
    const auto settled = [&] {
        const ui::RunOutputPtr shown = window.shownOutput();
        return !window.runner()->isBusy() && shown && !shown->preview
               && shown->generation == window.runner()->latestGeneration();
    };
    return QTest::qWaitFor(settled, timeoutMs) ? window.shownOutput() : ui::RunOutputPtr();
}

} // namespace tw::test
