// cli_train.h — the options of `train` / `import` (CLI11) and their resolution into a
// TrainPlan: preset or reference runner → --config FILE.json → hyperparameter flags →
// reference booleans → validation. Later sources override earlier ones.
#pragma once
#include <CLI/CLI.hpp>
#include <map>
#include <string>
#include <vector>

#include "reference_flags.h"
#include "train_plan.h"

namespace sdfc::cli {

struct TrainCli {
  std::string preset, runner, config_file, data, out, init_weights;
  int train_subset = 0, test_subset = 0, threads = 0, diag_batch = 64, val_size = 5000;
  uint64_t split_seed = 42;
  double max_loss = 1e4;
  bool resume = false, quiet = false, float32 = false, float64 = false, print_config = false,
       fast = false;
  std::map<std::string, std::string> field_values;  // Config field → raw flag value
  std::map<std::string, CLI::Option*> field_opts;
  ReferenceFlags ref;
  CLI::App* app = nullptr;  // the subcommand: which options were given (count() > 0)
};

void add_train_options(CLI::App* sub, TrainCli& s, bool is_import);

// repo_root: for the default data dir and runs/ dir.
TrainPlan resolve_train_plan(const TrainCli& s, const std::vector<std::string>& argv,
                             const std::string& repo_root);

// The one run-plan builder for argument lists: `train`'s own options parsed from `args`
// (without the program and subcommand names) and resolved as above. `reproduce` builds each
// run's plan from exactly the `train` arguments it records as that run's command.
TrainPlan plan_from_train_args(const std::vector<std::string>& args, const std::string& repo_root);

// The reference runner's defaults (ARGS, strong_dfc_reference.md §5.3) for run_bp.py,
// run_dfc.py or run_dfc_single_phase.py (".py" optional).
Config runner_defaults(const std::string& runner, const std::string& dataset);

}  // namespace sdfc::cli
