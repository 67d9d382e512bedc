// run_estimate.h — how long a planned run will take, from measured rates: the remaining
// epochs of a partial run at its own recorded epoch time, else a short calibration (a few
// mini-batches of this run's exact configuration and thread count, timed on this machine)
// scaled by the reference's epoch schedule (trainer.h):
//   T ≈ batches · [init_fb_epochs · t_pretrain + epochs · (t_forward + n_fb · t_feedback)]
// with n_fb = extra_fb_epochs (+1 for two-phase runs). Evaluation passes are not counted.
#pragma once
#include <string>

#include "train_plan.h"

namespace sdfc::cli {

struct StepTimes {
  double forward = 0, feedback = 0, pretrain = 0;  // seconds per mini-batch
};
// Times train_step / feedback_step on random inputs (the engine's cost does not depend on
// the pixel values). Takes about 3 steps of each kind the configuration uses.
StepTimes calibrate_steps(const TrainPlan& p);

struct RunEstimate {
  double seconds = 0;
  std::string basis;  // "measured: 3 epochs of this run" | "calibrated"
};
// n_train: training images of the run (after the split and --train-subset).
RunEstimate estimate_run(const TrainPlan& p, int n_train, const StepTimes& t);

}  // namespace sdfc::cli
