// test_trace.cpp — the front ends' views of the controller (Trainer::trace and
// Trainer::control_needed): independent checks of what they show, computed here from the
// recorded trajectory and the network's own matrices, and a property of the dynamics (a
// stable controller gets closer to its target the longer it runs).
#include <doctest/doctest.h>

#include "sdfc/backprop.h"
#include "sdfc/trainer.h"

using namespace sdfc;

namespace {
Config small_strong() {
  Config c;
  c.sizes = {12, 10, 4};
  c.method = "strong-dfc";
  c.random_seed = 4;
  c.forward.dt_di = 0.005, c.forward.tmax_di = 60, c.forward.time_constant_ratio = 0.01,
  c.forward.k_p = 2, c.forward.alpha_di = 1e-3;
  c.forward.sigma = 0.01, c.forward.sigma_output = 0.03, c.tau_noise = 0.05, c.tau_f = 0.5;
  return c;
}
}  // namespace

TEST_CASE("trace: the recording ends where control_needed's H and r_L are, noise off") {
  Trainer<double> tr(small_strong());
  Rng rng(5, 0);
  Eigen::MatrixXd X(12, 4);
  for (Eigen::Index i = 0; i < X.size(); ++i) X.data()[i] = rng.normal();
  const int labels[4] = {0, 1, 2, 3};
  TraceOptions o;
  o.noise = false;
  const SimResult<double> res = tr.trace(X, labels, o);
  const Control<double> ctrl = tr.control_needed(X, labels, o);
  REQUIRE(int(res.rec.u.size()) == 60);
  const Eigen::MatrixXd& u = res.rec.u.back();  // n_L × B
  for (int b = 0; b < 4; ++b) {
    // H_b = Σ_l ||Q_l u_b||², from the network's matrices and the recorded u
    double H = 0;
    for (const auto& Q : tr.net().Q) H += (Q * u.col(b)).squaredNorm();
    CHECK(ctrl.H(b) == doctest::Approx(H).epsilon(1e-12));
    CHECK((ctrl.rL.col(b) - res.rec.rL.back().col(b)).norm() < 1e-12);
  }
  CHECK_THROWS_AS(Trainer<double>([] {
                    Config c = small_strong();
                    c.method = "bp";
                    return c;
                  }())
                      .control_needed(X, labels),
                  Error);
}

TEST_CASE("trace: 20× the time brings the controlled output closer to the target") {
  Trainer<double> tr(small_strong());
  Rng rng(6, 0);
  Eigen::MatrixXd X(12, 4);
  for (Eigen::Index i = 0; i < X.size(); ++i) X.data()[i] = rng.normal();
  const int labels[4] = {3, 2, 1, 0};
  Feedforward<double> ff;
  feedforward<double>(tr.net(), X, ff);
  const Eigen::MatrixXd target = tr.output_target(ff, labels);
  TraceOptions shortrun, longrun;
  shortrun.noise = longrun.noise = false;
  longrun.time_factor = 20;
  const auto a = tr.control_needed(X, labels, shortrun), b = tr.control_needed(X, labels, longrun);
  // strong feedback: e = r* − softmax(r_L)
  const double e_short = (target - softmax<double>(a.rL)).norm();
  const double e_long = (target - softmax<double>(b.rL)).norm();
  const double e0 = (target - softmax<double>(ff.logits())).norm();
  MESSAGE("||e||: feedforward " << e0 << ", t = T " << e_short << ", t = 20 T " << e_long);
  CHECK(e_short < e0);
  CHECK(e_long < 0.5 * e_short);
}
