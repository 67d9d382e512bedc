// schedule.h — the reference's order of passes over the training set (reference §4.4,
// utils/train_utils.py: train). The Trainer owns it; front ends drive it batch by batch
// (Trainer::scheduled_step) or epoch by epoch (Trainer::run_epoch) and get the same order.
//
//   once:        init_fb_epochs × Pretrain     (Q only, *_fb dynamics, lr_fb_init)
//   each epoch:  [Feedback]                    (two-phase methods that learn Q)
//                Forward                       (W, and Q too in single phase)
//                extra_fb_epochs × Feedback    (methods that learn Q)
#pragma once
#include <vector>

#include "sdfc/config.h"

namespace sdfc {

enum class Pass { Pretrain, Feedback, Forward };
const char* to_string(Pass p);  // "pretrain" | "feedback" | "forward"

// The passes of one epoch after pre-training, in order.
std::vector<Pass> epoch_passes(const Config& c);

// Where a trainer is in its schedule.
struct SchedulePosition {
  Pass pass = Pass::Forward;  // the pass the next batch belongs to
  int batch_in_pass = 0;      // batches of it already done (scheduled_step only)
  int pretrain_done = 0;      // pre-training passes finished
  int epochs_done = 0;        // epochs finished
};

}  // namespace sdfc
