// paper_table.h — the paper's slide table ("Strong-DFC: noise robustness", spec §7): its
// rows (methods) and columns (datasets) with the published numbers, where each run's record
// lives, and the table and figures rebuilt from the records alone.
//
// Record layout (text only, commit-able): <root>/<dataset>/<method>/seed<k>/ with run.json,
// metrics.csv, metrics.jsonl, summary.json (weights.npz and checkpoint.npz are optional).
// The table reports the test error at the best-validation epoch (the authors'
// `acc_test_val_best`) and at the last epoch, mean ± sample std (ddof = 1, as pandas'
// DataFrame.std in the authors' seed-robustness script) over seeds.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "metrics.h"
#include "run_summary.h"

namespace sdfc::cli {

struct TableMethod {
  const char* key;                     // preset suffix and record folder: "strong-dfc"
  const char* label;                   // slide row: "Strong-DFC (noise)" (method registry)
  double paper_mean[2], paper_std[2];  // test error %, per dataset column; NaN: not in the paper
  bool controller;                     // the method simulates a controller (H is defined)
};
struct TableDataset {
  const char* key;     // record folder and --datasets entry: "mnist" | "fmnist"
  const char* prefix;  // preset prefix: "mnist-" | "fmnist-"
  const char* label;   // "MNIST" | "Fashion-MNIST"
};
// The slide's rows in its order, then every further row of the method registry.
const std::vector<TableMethod>& table_methods();
// "bp,strong-dfc,dfc,strong-dfc-nonoise,dfc-nonoise": the rows the paper published.
std::string paper_method_keys();
const std::vector<TableDataset>& table_datasets();  // the slide's column order

std::string record_dir(const std::string& root, const TableDataset& d, const TableMethod& m,
                       int seed);

// One run's record as found on disk.
struct RunRecord {
  std::string dir, command, solver;
  int seed = 0, target_epochs = 0;
  bool finished = false;  // summary.json written for the run's target epochs
  double loss_floor = 0;  // L_min: the smallest training loss its soft targets allow
  // feedback pre-training before epoch 1 (run.json "pretrain_s"; 0 without pre-training): NaN
  // when not every pass was timed (runs started before it was recorded, a1caed9)
  double pretrain_s = NAN;
  RunResult result;
  MetricsTable metrics;
};
// Every seed<k>/ under <root>/<dataset>/<method>/ that has a metrics.csv, by seed. With
// budget > 0 each record is read at its first `budget` epochs: finished when it has them all,
// whatever its own number of epochs (a 40-epoch record is also the 10-epoch run).
std::vector<RunRecord> find_records(const std::string& root, const TableDataset& d,
                                    const TableMethod& m, int budget = 0);
// Does <dir> hold a finished run of `epochs` epochs (summary.json)?
bool run_finished(const std::string& dir, int epochs);

struct TableRequest {
  std::string from;  // record root
  std::string out;   // where table.md, table.csv, curves.svg, control.svg go
  std::vector<const TableDataset*> datasets;
  std::vector<const TableMethod*> methods;
  std::map<std::string, int> expected;  // "<dataset>/<method>" → planned runs (absent: found)
  std::string settings;                 // one line on how the runs were made
  int budget = 0;                       // > 0: every record read at its first `budget` epochs
};
// Writes the files and returns table.md's text.
std::string write_paper_table(const TableRequest& r);

// comparison.md in r.out: the records of r.from (e.g. the fast solver) against those of
// `baseline` (e.g. the faithful double runs) cell by cell, on the seeds both have finished:
// both metrics, the mean paired difference, whether it is within the paper's std of the cell,
// and the speed-up (baseline wall time / ours). Returns its text.
std::string write_comparison(const TableRequest& r, const std::string& baseline);

}  // namespace sdfc::cli
