#pragma once

// tokenwatt-cli compare: two to four scenarios side by side.

#include <string>
#include <vector>

namespace tw::cli {

/// `compare ITEM ITEM [ITEM [ITEM]] [--format F] [--seed N] [--max-events N]`, where an ITEM is
/// SCENARIO.json, `--example NAME`, FILE.tokenwatt (its only scenario), `FILE.tokenwatt:NAME`,
/// or FILE.tokenwatt followed by one or more `--scenario NAME` (one ITEM each).
int compareCommand(const std::vector<std::string> &args);

} // namespace tw::cli
