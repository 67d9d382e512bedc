// train_run.h — one training run in a run directory: data, trainer, epochs, metrics,
// checkpoints, weights, divergence and interruption handling.
#pragma once
#include "train_plan.h"

namespace sdfc::cli {

// Throws UsageError (run-dir conflicts), DivergedError, InterruptedError or Error.
// Prints progress on stderr per plan.quiet / TTY; prints nothing on stdout.
TrainOutcome run_training(const TrainPlan& plan);

// Training images the run will see (after the validation hold-out and --train-subset).
// Loads the dataset into the process's cache (forked runs of `reproduce --jobs` share it).
int training_images(const TrainPlan& plan);

// The one-line JSON summary printed on stdout at the end of `train`.
std::string outcome_json_line(const TrainPlan& plan, const TrainOutcome& o);

}  // namespace sdfc::cli
