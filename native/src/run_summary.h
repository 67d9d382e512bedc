// run_summary.h — what a finished (or partial) run reports, computed from its metrics.csv.
//
// The paper's table reports, like the authors' seed-robustness script (`acc_test_val_best`,
// reference §6.1), the test accuracy at the epoch with the best validation accuracy (the
// first such epoch on ties, as `if val_acc > best` does). We also keep the last epoch's.
// Without a validation set (--no_val_set / --val-size 0) there is no best-validation epoch:
// as in the authors' code (utils/sim_utils.py leaves acc_test_val_best at −1), that metric
// is undefined (null in summary.json, "—" in the table) and only the last epoch is reported.
#pragma once
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "metrics.h"
#include "sdfc/config.h"

namespace sdfc::cli {

struct RunResult {
  int epochs = 0;          // complete epochs in metrics.csv
  int best_val_epoch = 0;  // 1-based; 0 without rows or without a validation set
  double val_acc_best = NAN, test_acc_val_best = NAN;  // at best_val_epoch
  double test_acc_last = NAN, val_acc_last = NAN, test_loss_last = NAN;
  double H_last = NAN, wall_s = NAN;
  double test_err_val_best() const { return 100.0 * (1.0 - test_acc_val_best); }
  double test_err_last() const { return 100.0 * (1.0 - test_acc_last); }
};

RunResult summarize_metrics(const MetricsTable& t);

// Mean ± sample std (ddof = 1, NaN for fewer than 2 values) over runs, e.g. seeds.
struct Stat {
  int n = 0;
  double mean = NAN, std = NAN;
};
Stat stat_of(const std::vector<double>& v);
// summary.json's metric part (both metrics, the best epoch, errors in %).
nlohmann::json result_json(const RunResult& r);
// The whole summary.json of a finished run: result_json plus what was run (preset, method,
// dataset, seed, solver) and when it finished (ISO time). `train` writes it at a run's end,
// `summarize` rebuilds it from the run's metrics.csv and run.json.
nlohmann::json summary_json(const RunResult& r, const Config& cfg, const std::string& preset,
                            const std::string& dataset, const std::string& finished);

}  // namespace sdfc::cli
