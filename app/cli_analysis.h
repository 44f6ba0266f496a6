#pragma once

// tokenwatt-cli subcommands that answer questions about a scenario or the catalog:
// `breakeven`, `capacity` and `catalog`.

#include <string>
#include <vector>

namespace tw::cli {

/// `breakeven (SCENARIO.json | --example NAME) --api PROVIDER/MODEL [--seed N] [--format F]`
int breakevenCommand(const std::vector<std::string> &args);
/// `capacity (SCENARIO.json | --example NAME) [--criterion attainment|p95] [--attainment SHARE]
/// [--tolerance REL] [--seed N] [--format F]`
int capacityCommand(const std::vector<std::string> &args);
/// `catalog gpus|models|prices|api-prices|regions [--format table|csv]`
int catalogCommand(const std::vector<std::string> &args);

} // namespace tw::cli
