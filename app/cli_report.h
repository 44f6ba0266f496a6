#pragma once

// tokenwatt-cli report: a PDF report on one or more scenarios, rendered offscreen. The only
// subcommand that needs Qt (Gui, Widgets, QCustomPlot): it links the window's report renderer
// (ui/report) and creates a QApplication on the offscreen platform; every other subcommand
// runs without one.

#include <string>
#include <string_view>
#include <vector>

namespace tw::cli {

/// `report SCENARIO... --pdf OUT.pdf [--api PROVIDER/MODEL] [--title TEXT] [--seed N]`, where a
/// SCENARIO is SCENARIO.json, `--example NAME`, or FILE.tokenwatt followed by one or more
/// `--scenario NAME` (its only scenario without). Exit 0 on success, 2 on bad input, 3 when a
/// simulation stops at its budget.
int reportCommand(const std::vector<std::string> &args);

/// The help text of `report`.
std::string reportUsage();

} // namespace tw::cli
