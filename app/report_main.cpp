// tokenwatt-report: the PDF report renderer behind `tokenwatt-cli report`. It is the one
// headless program that links Qt (the report's charts are QCustomPlot widgets drawn offscreen),
// kept apart so that tokenwatt-cli runs without Qt. tokenwatt-cli hands `report` over to it
// with the same arguments; run directly, it takes the arguments of `tokenwatt-cli report`.

#include "app/cli_args.h"
#include "app/cli_report.h"

#include <string>
#include <vector>

int main(int argc, char **argv)
{
    return tw::cli::runReportingErrors([&] {
        return tw::cli::reportCommand(std::vector<std::string>(argv + 1, argv + argc));
    });
}
