// test_schedule.cpp — the engine's schedule (schedule.h) against the reference's order
// (reference §4.4, train_utils.train): pre-training once, then per epoch [feedback] forward,
// extra feedback passes; and the batch-by-batch API (what the demo drives) against the
// epoch API (what the native trainer drives): the same batches give bit-identical weights.
#include <doctest/doctest.h>

#include <numeric>
#include <string>

#include "sdfc/trainer.h"

using namespace sdfc;

namespace {

Dataset random_set(int n, int dim, int classes) {
  Rng rng(77, 3);
  Dataset d;
  d.n = n, d.dim = dim, d.classes = classes, d.name = "random";
  d.x.resize(size_t(n) * dim);
  d.y.resize(size_t(n));
  for (auto& v : d.x) v = float(rng.uniform());
  for (auto& v : d.y) v = uint8_t(rng.below(uint64_t(classes)));
  return d;
}

// Two-phase weak DFC with pre-training and an extra feedback pass: every kind of pass.
Config two_phase() {
  Config c;
  c.sizes = {16, 8, 4};
  c.method = "dfc", c.single_phase = false;
  c.input_norm = InputNorm::None;
  c.batch_size = 10, c.random_seed = 9;
  c.init_fb_epochs = 1, c.extra_fb_epochs = 1;
  c.forward.dt_di = 0.02, c.forward.tmax_di = 12, c.forward.time_constant_ratio = 0.2,
  c.forward.k_p = 2, c.forward.alpha_di = 1e-3;
  c.feedback.dt_di = 0.005, c.feedback.tmax_di = 8, c.feedback.time_constant_ratio = 0.01;
  c.feedback.apical_time_constant = 0.05, c.forward.sigma = 0.01;
  return c;
}

std::string names(const std::vector<Pass>& ps) {
  std::string s;
  for (Pass p : ps) s += std::string(s.empty() ? "" : " ") + to_string(p);
  return s;
}

}  // namespace

TEST_CASE("schedule: the passes of an epoch follow the reference's order") {
  Config c = two_phase();
  c.resolve_and_validate();
  CHECK(names(epoch_passes(c)) == "feedback forward feedback");
  c.single_phase = true;
  CHECK(names(epoch_passes(c)) == "forward feedback");  // single phase: Q learns in forward
  c.extra_fb_epochs = 0;
  CHECK(names(epoch_passes(c)) == "forward");
  Config bp = c;
  bp.method = "bp", bp.extra_fb_epochs = 3;
  CHECK(names(epoch_passes(bp)) == "forward");  // no feedback weights to learn
}

TEST_CASE("schedule: run_epoch and scheduled_step give the same passes and the same weights") {
  const Dataset d = random_set(30, 16, 4);  // 3 batches of 10 per pass
  const Config c = two_phase();
  Trainer<double> by_epoch(c), by_batch(c);

  // run_epoch: the passes it reports, for two epochs
  std::vector<std::string> phases;
  for (int e = 0; e < 2; ++e)
    by_epoch.run_epoch(d, [&](const Progress& p) {
      if (p.batch == 1) phases.push_back(p.phase);
      return true;
    });
  std::string got;
  for (auto& p : phases) got += (got.empty() ? "" : " ") + p;
  CHECK(got == "pretrain feedback forward feedback feedback forward feedback");
  CHECK(by_epoch.epochs_done() == 2);

  // scheduled_step on the same batches: the trainer's shuffle re-done here (Fisher–Yates
  // with the data stream (seed, 1) once per pass, as the reference's DataLoader reshuffles)
  Rng rng(c.random_seed, 1);
  std::vector<int> order;
  int epochs_seen = 0, passes = 0;
  std::vector<std::string> steps;
  while (epochs_seen < 2) {
    order.resize(size_t(d.n));
    std::iota(order.begin(), order.end(), 0);
    for (int i = d.n - 1; i > 0; --i)
      std::swap(order[size_t(i)], order[rng.below(uint64_t(i) + 1)]);
    for (int b = 0; b < 3; ++b) {
      Eigen::MatrixXd X(d.dim, 10);
      std::vector<int> y(10);
      gather_batch<double>(d, order.data() + 10 * b, 10, InputNorm::None, X, y.data());
      const ScheduledStep s = by_batch.scheduled_step(X, y.data(), 3);
      if (b == 0) steps.push_back(to_string(s.pass));
      CHECK(s.pass_done == (b == 2));
      epochs_seen += s.epoch_done;
    }
    ++passes;
  }
  std::string got2;
  for (auto& p : steps) got2 += (got2.empty() ? "" : " ") + p;
  CHECK(got2 == got);
  CHECK(by_batch.epochs_done() == 2);
  CHECK(by_batch.position().pass == Pass::Feedback);  // the next epoch starts with feedback
  const auto wa = by_epoch.weights(), wb = by_batch.weights();
  REQUIRE(wa.size() == wb.size());
  for (size_t i = 0; i < wa.size(); ++i) CHECK(wa[i].data == wb[i].data);
}

TEST_CASE("schedule: skip_pretraining starts at the first epoch") {
  Trainer<double> tr(two_phase());
  CHECK(tr.position().pass == Pass::Pretrain);
  tr.skip_pretraining();
  CHECK(tr.position().pass == Pass::Feedback);
  CHECK(tr.pretraining_done());
}
