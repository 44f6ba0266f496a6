#pragma once

// tokenwatt-cli report: a PDF report on one or more scenarios, rendered offscreen. The only
// subcommand that needs Qt (Gui, Widgets, QCustomPlot), so it is not part of tokenwatt-cli,
// which links no Qt: reportCommand() is the program tokenwatt-report (app/report_main.cpp),
// which links the report renderer (ui/report) and creates a QApplication on the offscreen
// platform, and tokenwatt-cli hands `report` over to it (handOverToReport()).

#include <string>
#include <string_view>
#include <vector>

namespace tw::cli {

/// `report SCENARIO... --pdf OUT.pdf [--api PROVIDER/MODEL] [--title TEXT] [--seed N]`, where a
/// SCENARIO is SCENARIO.json, `--example NAME`, or FILE.tokenwatt followed by one or more
/// `--scenario NAME` (its only scenario without). Exit 0 on success, 2 on bad input, 3 when a
/// simulation stops at its budget.
int reportCommand(const std::vector<std::string> &args);

/// The help text of `report` (app/cli_report_usage.cpp: tokenwatt-cli prints it without the
/// renderer).
std::string reportUsage();

/// Replaces this process with the report renderer, tokenwatt-report, given @p args (the
/// arguments after `report`); its output and exit status become the command's. The renderer is
/// looked for beside this program (the build tree's bin/) and then in ../libexec/tokenwatt/
/// (an installed prefix). Returns only on failure, with an exit status, after saying why.
int handOverToReport(const std::vector<std::string> &args);

} // namespace tw::cli
