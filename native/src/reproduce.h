// reproduce.h — `reproduce`: the paper's table (spec §7): 5 methods × 2 datasets × N seeds.
// Each run lives in OUT/<dataset>/<method>/seed<k>/ (paper_table.h) and is written as it
// completes; --resume skips finished runs and continues partial ones from their
// checkpoints; --jobs N trains N runs at once with the cores split between them; the plan is
// printed first with an estimated time per run and in total (run_estimate.h). Then
// OUT/table.md, table.csv, curves.svg and control.svg are rebuilt from the records
// (--table-only --from DIR does only that). Under `mpirun … sdfc_train_mpi reproduce` rank r
// trains runs r, r+K, …; rank 0 writes the table. --slurm FILE writes a job-array script.
#pragma once
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace sdfc::cli {

struct ReproduceCli {
  int seeds = 1, first_seed = 1, epochs = 0, train_subset = 0, test_subset = 0, threads = 0;
  int jobs = 1;
  std::string out, from, compare_to, data, datasets = "mnist,fmnist", config_file, slurm,
                                           slurm_time = "48:00:00";
  std::string methods;  // comma list of table rows; empty = the five rows the paper published
  std::vector<std::string> set;  // KEY=VALUE hyperparameter overrides for every run
  bool table_only = false, quiet = false, float32 = false, fast = false, resume = false,
       no_estimate = false, dry_run = false;
};

void add_reproduce_options(CLI::App* sub, ReproduceCli& s);
int run_reproduce(const ReproduceCli& s, const std::vector<std::string>& argv,
                  const std::string& repo_root);

}  // namespace sdfc::cli
