#pragma once

// tokenwatt-cli subcommands that answer questions about a scenario or the catalog:
// `breakeven`, `capacity`, `catalog`, `plan`, `sensitivity` and `replicate`.

#include "app/cli_args.h"
#include "core/sweep/capacity.h"

#include <string>
#include <vector>

namespace tw::cli {

/// Reads --criterion and --attainment (capacity, plan) into @p options.
void readSloCriterion(const ParsedArgs &parsed, sweep::CapacityOptions &options);
/// "90.0 % of requests within TTFT 2,000 ms and TPOT 100 ms", or the p95 criterion's words.
std::string sloCriterionText(const sweep::CapacityOptions &options, const scenario::Slo &slo);

/// `breakeven (SCENARIO.json | --example NAME) --api PROVIDER/MODEL [--seed N] [--format F]`
int breakevenCommand(const std::vector<std::string> &args);
/// `tokenwatt-cli goal-seek`: the parameter value at which a metric reaches a target.
int goalSeekCommand(const std::vector<std::string> &args);
/// `capacity (SCENARIO.json | --example NAME) [--criterion attainment|p95] [--attainment SHARE]
/// [--tolerance REL] [--seed N] [--format F]`
int capacityCommand(const std::vector<std::string> &args);
/// `catalog gpus|models|prices|api-prices|regions [--format table|csv]`
int catalogCommand(const std::vector<std::string> &args);
/// `plan (SCENARIO.json | --example NAME) [--slo ttft=S,tpot=S] [search and output options]`
/// (cli_plan.cpp)
int planCommand(const std::vector<std::string> &args);
/// `sensitivity (SCENARIO.json | --example NAME) [range options] [--seed N] [--threads N]
/// [--format F]` (cli_sensitivity.cpp)
int sensitivityCommand(const std::vector<std::string> &args);
/// `replicate (SCENARIO.json | --example NAME) [--replications N|auto] [--target F]
/// [--max-replications N] [--seed N] [--threads N] [--format F]` (cli_replicate.cpp)
int replicateCommand(const std::vector<std::string> &args);

} // namespace tw::cli
