// train_plan.h — everything one training run needs, resolved from the command line (or built
// by `reproduce`): the hyperparameters, the data selection, the run dir and the output mode.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sdfc/config.h"

namespace sdfc::cli {

struct TrainPlan {
  // --- what to train -----------------------------------------------------------
  std::string preset;        // preset name, or "" when started from --runner
  std::string runner;        // reference runner (run_bp.py …) when no preset
  std::string dataset;       // "mnist" | "fashion-mnist"
  Config cfg;                // resolved and validated
  bool use_double = true;    // Trainer<double> or Trainer<float>
  int threads = 0;           // 0 = engine default (all cores)
  std::string init_weights;  // start from these weights (import)

  // --- data --------------------------------------------------------------------
  std::string data_dir;
  int train_subset = 0;      // first N of the 55,000 after the split (0 = all)
  int test_subset = 0;       // first N of the 10,000 test images (0 = all)
  int val_size = 5000;       // held out of the 60,000 training images (0 = none: --no_val_set)
  uint64_t split_seed = 42;  // the split does not depend on --seed (same images for every seed)

  // --- run dir & behaviour -----------------------------------------------------
  std::string out_dir;
  bool resume = false;
  bool quiet = false;
  double max_loss = 1e4;           // a batch loss above this counts as divergence
  int diag_batch = 64;             // samples for diagnose() each epoch (0 = off)
  std::string log_prefix;          // e.g. "[3/10] " in reproduce
  std::vector<std::string> argv;   // as typed, for run.json
  std::string command;             // the equivalent `sdfc train …` line (reproduce), for run.json
  bool plain_progress = false;     // never draw a live bar (several runs share the terminal)
  std::vector<std::string> notes;  // accepted-but-ignored reference flags etc.

  // What decides the weights (config minus epochs, data selection, precision): a resumed
  // run must match the checkpoint's hash.
  nlohmann::json identity() const;
  uint64_t identity_hash() const;
};

// The entries of identity `now` that differ from `was` (a record's run.json "identity"), as
// "--coarse_steps (was 1, now 3), precision (was …)"; "" when none. skip_absent ignores
// entries one side lacks (a record written by a build with fewer configuration fields).
std::string identity_diff(const nlohmann::json& now, const nlohmann::json& was,
                          bool skip_absent = false);

// Result of one run (for reproduce and the final stdout line).
struct TrainOutcome {
  int exit_code = 0;  // see exit_codes.h
  int epochs_done = 0;
  double test_acc = 0, test_loss = 0, val_acc = 0, wall_s = 0;  // last epoch
  double test_acc_val_best = 0;  // test accuracy at the best-validation epoch (the paper's)
  int best_val_epoch = 0;
  std::string message;  // error text when exit_code != 0
};

}  // namespace sdfc::cli
