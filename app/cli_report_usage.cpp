#include "app/cli_report.h"

namespace tw::cli {

std::string reportUsage()
{
    return R"(Usage: tokenwatt-cli report SCENARIO [SCENARIO ...] --pdf OUT.pdf [options]

Simulates each scenario (and a curve over its traffic, as the window does) and writes a
PDF report: title page, executive summary, key charts, for one scenario what moves its cost
(the tornado of `sensitivity`) and how sure it is (the table of `replicate`), a comparison when several scenarios are given, every parameter
and catalog figure used with its source, and the methodology.
Each SCENARIO is one of:
  SCENARIO.json                    a scenario file
  --example NAME                   a built-in example
  FILE.tokenwatt                   the only scenario of a workbook
  FILE.tokenwatt --scenario NAME   a scenario of a workbook; repeat --scenario for several

Options:
  --pdf FILE          Where to write the report (required)
  --api PROVIDER/MODEL
                      Compare costs with this API of the catalog (see `catalog api-prices`)
  --title TEXT        The report's title (default: the scenario's name)
  --seed N            Override every scenario's random seed
  --plan              One scenario only: add a "What to run" page with the cheapest
                      configurations within its SLO (the search of `plan`, with its defaults;
                      seconds to minutes)
  -h, --help          Show this help
)";
}

} // namespace tw::cli
