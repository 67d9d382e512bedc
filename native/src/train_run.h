// train_run.h — one training run in a run directory: data, trainer, epochs, metrics,
// checkpoints, weights, divergence and interruption handling.
#pragma once
#include "train_plan.h"

namespace sdfc::cli {

// Throws UsageError (run-dir conflicts), DivergedError, InterruptedError or Error.
// Prints progress on stderr per plan.quiet / TTY; prints nothing on stdout.
TrainOutcome run_training(const TrainPlan& plan);

// The one-line JSON summary printed on stdout at the end of `train`.
std::string outcome_json_line(const TrainPlan& plan, const TrainOutcome& o);

}  // namespace sdfc::cli
