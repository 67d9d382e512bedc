// reproduce.h — `reproduce`: the results table of the paper (spec §7): 5 methods × 2 datasets
// × N seeds, each run in OUT/runs/<preset>-seed<S> (completed runs skipped, partial ones
// resumed), then OUT/table.md, OUT/table.csv and OUT/curves.svg. Under `mpirun …
// sdfc_train_mpi reproduce` rank r trains runs r, r+K, …; rank 0 writes the table.
// With --slurm FILE it writes a Slurm job-array script instead of training.
#pragma once
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace sdfc::cli {

struct ReproduceCli {
  int seeds = 1, first_seed = 1, epochs = 0, train_subset = 0, test_subset = 0, threads = 0;
  std::string out, data, datasets = "mnist,fmnist", config_file, slurm, slurm_time = "48:00:00";
  std::string methods = "bp,strong-dfc,dfc,strong-dfc-nonoise,dfc-nonoise";
  std::vector<std::string> set;  // KEY=VALUE hyperparameter overrides for every run
  bool table_only = false, quiet = false, float32 = false;
};

void add_reproduce_options(CLI::App* sub, ReproduceCli& s);
int run_reproduce(const ReproduceCli& s, const std::vector<std::string>& argv,
                  const std::string& repo_root);

}  // namespace sdfc::cli
