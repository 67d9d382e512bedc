// run_estimate.cpp — calibrated and measured run-time estimates (see run_estimate.h).
#include "run_estimate.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

#include "metrics.h"
#include "run_dir.h"
#include "sdfc/io/atomic_file.h"
#include "sdfc/rng.h"
#include "sdfc/trainer.h"

namespace sdfc::cli {
namespace {

using Clock = std::chrono::steady_clock;

template <class F>
double best_of(int n, F f) {  // fastest of n timed calls: the machine's rate, not its noise
  double best = INFINITY;
  for (int i = 0; i < n; ++i) {
    auto t0 = Clock::now();
    f();
    best = std::min(best, std::chrono::duration<double>(Clock::now() - t0).count());
  }
  return best;
}

template <class S>
StepTimes calibrate(const TrainPlan& p) {
  Config c = p.cfg;
  Trainer<S> tr(c, p.threads);
  const int B = c.batch_size, n0 = c.sizes.front(), nL = c.sizes.back();
  Rng rng(12345);
  Mat<S> X(n0, B);  // n_0 × B, pixels in [0, 1]
  for (int j = 0; j < B; ++j)
    for (int i = 0; i < n0; ++i) X(i, j) = static_cast<S>(rng.uniform());
  std::vector<int> labels(B);
  for (int j = 0; j < B; ++j) labels[j] = j % nL;
  StepTimes t;
  const bool controller = c.method_def().learns_feedback;
  if (controller && c.init_fb_epochs > 0)
    t.pretrain = best_of(2, [&] { tr.feedback_step(X, labels.data(), true); });
  t.forward = best_of(2, [&] { tr.train_step(X, labels.data()); });
  if (controller && (!c.single_phase || c.extra_fb_epochs > 0))
    t.feedback = best_of(2, [&] { tr.feedback_step(X, labels.data(), false); });
  return t;
}

}  // namespace

StepTimes calibrate_steps(const TrainPlan& p) {
  return p.use_double ? calibrate<double>(p) : calibrate<float>(p);
}

RunEstimate estimate_run(const TrainPlan& p, int n_train, const StepTimes& t) {
  const Config& c = p.cfg;
  const double batches = std::ceil(static_cast<double>(n_train) / c.batch_size);
  const int n_fb = c.extra_fb_epochs + (c.method_def().learns_feedback && !c.single_phase ? 1 : 0);
  const double per_epoch = batches * (t.forward + n_fb * t.feedback);
  RunEstimate e;
  // a partial run: its own recorded epochs are the best measure
  const std::string csv = join_path(p.out_dir, "metrics.csv");
  if (io::file_exists(csv)) {
    try {
      MetricsTable m = read_metrics_csv(csv);
      const auto wall = m.column("wall_s");
      const int done = static_cast<int>(m.rows.size());
      if (done >= 2 && std::isfinite(wall.back()) && std::isfinite(wall.front())) {
        const double epoch_s = (wall.back() - wall.front()) / (done - 1);
        e.seconds = std::max(0, c.epochs - done) * epoch_s;
        e.basis = "measured over its " + std::to_string(done) + " recorded epochs";
        return e;
      }
      if (done >= 1) {
        e.seconds = std::max(0, c.epochs - done) * per_epoch;
        e.basis = "calibrated (resumes after epoch " + std::to_string(done) + ")";
        return e;
      }
    } catch (const Error&) {
    }
  }
  e.seconds = batches * c.init_fb_epochs * t.pretrain + c.epochs * per_epoch;
  e.basis = "calibrated";
  return e;
}

}  // namespace sdfc::cli
