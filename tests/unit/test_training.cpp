// test_training.cpp — end-to-end behaviour of the Trainer on a synthetic 10-class
// problem (no files needed, so it also runs under node): BP, DFC and Strong-DFC learn
// (loss and H fall, accuracy rises); same seed ⇒ bit-identical weights, thread count
// irrelevant; state() / load_state() resumes exactly and rejects bad tensors without
// side effects; divergence is reported before any update is kept; Config validation
// names the flag.
#include <doctest/doctest.h>

#include <string>

#include "sdfc/trainer.h"
#include "test_numerics_util.h"

using namespace sdfc;

namespace {

// 10 random prototype "images" of 64 pixels in [0, 1] plus per-sample noise, clipped.
Dataset synthetic(int n, uint64_t seed, double noise = 0.25) {
  Rng proto_rng(1234, 0), rng(seed, 1);
  const int dim = 64, classes = 10;
  std::vector<double> proto(size_t(classes) * dim);
  for (auto& p : proto) p = proto_rng.uniform();
  Dataset d;
  d.n = n, d.dim = dim, d.classes = classes, d.name = "synthetic";
  d.x.resize(size_t(n) * dim);
  d.y.resize(n);
  for (int i = 0; i < n; ++i) {
    const int c = int(rng.below(classes));
    d.y[i] = uint8_t(c);
    for (int k = 0; k < dim; ++k) {
      const double v = proto[size_t(c) * dim + k] + noise * rng.normal();
      d.x[size_t(i) * dim + k] = float(std::min(1.0, std::max(0.0, v)));
    }
  }
  return d;
}

Config small(const std::string& m, bool single_phase = true) {
  Config c;
  c.sizes = {64, 32, 10};
  c.method = m;
  c.single_phase = single_phase;
  c.input_norm = InputNorm::None;
  c.batch_size = 32;
  c.random_seed = 5;
  c.opt.lr = 3e-3;
  c.opt.adam_beta1 = 0.9, c.opt.adam_beta2 = 0.999, c.opt.adam_epsilon = 1e-8;
  c.init_fb_epochs = 0;
  if (m == "strong-dfc") {
    c.forward.dt_di = 0.005, c.forward.tmax_di = 60, c.forward.time_constant_ratio = 0.01,
    c.forward.k_p = 2, c.forward.alpha_di = 1e-3;
    c.forward.sigma = 0.01, c.forward.sigma_output = 0.03, c.tau_noise = 0.05, c.tau_f = 0.5;
    c.opt_fb.lr = 1e-5, c.lr_fb_init = 1e-5, c.opt_fb.weight_decay = 0;
    c.target_class_value = 0.99;
  } else if (m == "dfc") {
    c.forward.dt_di = 0.02, c.forward.tmax_di = 60, c.forward.time_constant_ratio = 0.2,
    c.forward.k_p = 2, c.forward.alpha_di = 1e-3;
    c.target_stepsize = 0.05, c.forward.sigma = 0.01;
    c.feedback.dt_di = 0.005, c.feedback.tmax_di = 20, c.feedback.alpha_di = 0.5,
    c.feedback.k_p = 0.1;
    c.feedback.time_constant_ratio = 0.01, c.feedback.apical_time_constant = 0.05;
    c.opt_fb.lr = 1e-4, c.opt_fb.weight_decay = 0;
  }
  return c;
}

bool same_weights(const std::vector<Tensor>& a, const std::vector<Tensor>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].name != b[i].name || a[i].shape != b[i].shape || a[i].data != b[i].data) return false;
  return true;
}

// A fixed batch of a dataset (for direct train_step calls).
void batch(const Dataset& d, int start, int B, Eigen::MatrixXd& X, std::vector<int>& y) {
  std::vector<int> idx(B);
  for (int j = 0; j < B; ++j) idx[j] = (start + j) % d.n;
  X.resize(d.dim, B);
  y.resize(B);
  gather_batch<double>(d, idx.data(), B, InputNorm::None, X, y.data());
}

}  // namespace

TEST_CASE("num.training: BP, DFC and Strong-DFC learn a synthetic 10-class problem") {
  const Dataset train = synthetic(320, 1), test = synthetic(200, 2);
  struct Case {
    const char* name;
    Config cfg;
    int epochs;
  };
  const Case cases[] = {{"BP", small("bp"), 6},
                        {"DFC (no noise)", small("dfc", false), 6},
                        {"Strong-DFC (noise)", small("strong-dfc", true), 6}};
  for (const Case& cs : cases) {
    const std::string name = cs.name;
    CAPTURE(name);
    Trainer<double> tr(cs.cfg);
    const EvalResult e0 = tr.evaluate(test);
    double H_first = 0, H_last = 0;
    for (int e = 0; e < cs.epochs; ++e) {
      const EpochStats s = tr.run_epoch(train);
      if (e == 0) H_first = s.H();
      H_last = s.H();
    }
    const EvalResult e1 = tr.evaluate(test);
    MESSAGE(std::string(cs.name) << ": test loss " << e0.loss << " → " << e1.loss << ", acc "
                                 << e0.acc << " → " << e1.acc << ", H (epoch mean) " << H_first
                                 << " → " << H_last);
    CHECK(e0.acc < 0.3);
    CHECK(e1.acc > 0.6);
    CHECK(e1.loss < 0.7 * e0.loss);
    if (cs.cfg.method != "bp") CHECK(H_last < 0.7 * H_first);
  }
}

TEST_CASE("num.training determinism: seeds, threads") {
  const Dataset train = synthetic(128, 3);
  SUBCASE("same seed ⇒ bit-identical weights; different seed ⇒ different") {
    for (std::string m : {"bp", "dfc", "strong-dfc"}) {
      CAPTURE(m);
      Config c = small(m, m != "dfc");
      Trainer<double> a(c), b(c);
      a.run_epoch(train);
      b.run_epoch(train);
      CHECK(same_weights(a.state(), b.state()));
      c.random_seed = 6;
      Trainer<double> d(c);
      d.run_epoch(train);
      CHECK_FALSE(same_weights(a.weights(), d.weights()));
    }
  }
  SUBCASE("threads = 1 vs 2 ⇒ bit-identical at B = 32 and 64 (two column chunks)") {
    for (const int B : {32, 64}) {
      CAPTURE(B);
      Config c = small("strong-dfc");
      c.batch_size = B;
      Trainer<double> a(c, 1);
      Trainer<double> b(c, 2);
      for (int e = 0; e < 2; ++e) {
        a.run_epoch(train);
        b.run_epoch(train);
      }
      CHECK(same_weights(a.state(), b.state()));
    }
  }
}

TEST_CASE("num.training state round trip resumes exactly, bad tensors leave the trainer alone") {
  const Dataset train = synthetic(96, 4);
  for (std::string m : {"strong-dfc", "dfc"}) {
    CAPTURE(m);
    Config c = small(m, m == "strong-dfc");
    c.init_fb_epochs = 1;
    Trainer<double> a(c);
    a.run_epoch(train);
    const std::vector<Tensor> s = a.state();
    Trainer<double> b(c);
    b.load_state(s);
    CHECK(same_weights(b.state(), s));
    a.run_epoch(train);
    b.run_epoch(train);
    CHECK(same_weights(a.state(), b.state()));
    CHECK(b.epochs_done() == 2);

    // a wrong-shaped weight, then a wrong-shaped optimiser moment, in an *older* state (whose
    // optimiser moments, RNG and counters differ from the current ones): Error, nothing changes
    const std::vector<Tensor> before = b.state();
    for (const std::string bad : {"W1", "b2", "Q1", "opt_fw.m.W2"}) {
      CAPTURE(bad);
      std::vector<Tensor> t = s;
      bool found = false;
      for (auto& x : t)
        if (x.name == bad) {
          found = true;
          x.shape.back() += 1;
          x.data.resize(size_t(x.numel()), 0.5);
        }
      REQUIRE(found);
      CHECK_THROWS_AS(b.load_state(t), Error);
      CHECK(same_weights(b.state(), before));
    }
    // and a NaN weight
    std::vector<Tensor> t = s;
    t[0].data[0] = std::nan("");
    CHECK_THROWS_AS(b.load_state(t), Error);
    CHECK(same_weights(b.state(), before));
  }
}

TEST_CASE("num.training divergence is reported before the update is kept") {
  const Dataset train = synthetic(64, 5);
  Eigen::MatrixXd X;
  std::vector<int> y;
  batch(train, 0, 32, X, y);
  SUBCASE("absurd σ: NaN in the simulation ⇒ DivergenceError in the same step") {
    Config c = small("strong-dfc");
    c.forward.sigma = c.forward.sigma_output = 1e308;
    Trainer<double> tr(c);
    const auto w0 = tr.state();
    CHECK_THROWS_AS(tr.train_step(X, y.data()), DivergenceError);
    CHECK(same_weights(tr.weights(), Trainer<double>(c).weights()));
    // the optimiser moments were not touched either
    const auto w1 = tr.state();
    for (size_t i = 0; i < w0.size(); ++i)
      if (w0[i].name.rfind("opt_", 0) == 0) CHECK(w0[i].data == w1[i].data);
  }
  SUBCASE("absurd lr: an update that overflows throws in the same step and restores everything") {
    for (std::string m : {"bp", "strong-dfc"}) {
      CAPTURE(m);
      Config c = small(m);
      c.opt.lr = 1e308;
      c.opt.kind = Optimizer::SGD;
      c.clip_grad_norm = 0;
      Trainer<double> tr(c);
      const auto s0 = tr.state();
      const Eigen::MatrixXd Xbig = 1000 * X;  // large inputs ⇒ |g_W1| > 1.8 ⇒ W1 − lr·g = ∓Inf
      CHECK_THROWS_AS(tr.train_step(Xbig, y.data()), DivergenceError);
      const auto s1 = tr.state();
      REQUIRE(s0.size() == s1.size());
      for (size_t i = 0; i < s0.size(); ++i)
        if (s0[i].name.rfind("counter.", 0) != 0) CHECK(s0[i].data == s1[i].data);
    }
  }
  SUBCASE("absurd lr = 1e30 (Adam): never a NaN in the weights; if it throws, nothing changed") {
    for (std::string m : {"bp", "strong-dfc"}) {
      Config c = small(m);
      c.opt.lr = 1e30;
      Trainer<double> tr(c);
      std::vector<Tensor> before;
      int thrown_at = -1;
      double loss = 0;
      for (int step = 0; step < 4 && thrown_at < 0; ++step) {
        before = tr.weights();
        try {
          loss = tr.train_step(X, y.data()).loss;
        } catch (const DivergenceError&) {
          thrown_at = step;
          CHECK(same_weights(tr.weights(), before));
        }
      }
      MESSAGE(m << " lr = 1e30: "
                << (thrown_at >= 0
                        ? "DivergenceError at step " + std::to_string(thrown_at + 1)
                        : "no DivergenceError in 4 steps, loss " + std::to_string(loss)));
      long nonfinite = 0;
      for (const Tensor& t : tr.weights())
        for (double v : t.data) nonfinite += !std::isfinite(v);
      CHECK(nonfinite == 0);
    }
  }
}

TEST_CASE("num.config validation names the flag") {
  auto expect = [](Config c, const std::string& flag) {
    CAPTURE(flag);
    try {
      c.resolve_and_validate();
      FAIL("no error for " << flag);
    } catch (const Error& e) {
      const std::string msg = e.what();
      CAPTURE(msg);
      CHECK(msg.find(flag) != std::string::npos);
    }
    CHECK_THROWS_AS(Trainer<double>{c}, Error);
  };
  Config base = small("strong-dfc");
  CHECK_NOTHROW(Config(base).resolve_and_validate());
  Config c = base;
  c.sizes = {64};
  expect(c, "size_hidden");
  c = base, c.sizes = {64, 0, 10};
  expect(c, "size_hidden");
  c = base, c.sizes = {64, 100000, 10};
  expect(c, "size_hidden");
  c = base, c.sizes = {60000, 60000, 10};
  expect(c, "size_hidden");
  c = base, c.forward.tmax_di = -5;
  expect(c, "tmax_di");
  c = base, c.epochs = -1;
  expect(c, "epochs");
  c = base, c.forward.dt_di = 0;
  expect(c, "dt_di");
  c = base, c.forward.dt_di = -0.01;
  expect(c, "dt_di");
  c = base, c.forward.time_constant_ratio = 0.001;  // < dt = 0.005
  expect(c, "time_constant_ratio");
  c = base, c.batch_size = 0;
  expect(c, "batch_size");
  c = base, c.opt.lr = -1;
  expect(c, "lr");
  c = base, c.tau_noise = std::nan("");
  expect(c, "tau_noise");
}

TEST_CASE(
    "num.coarse_steps: the same horizon in 1/c steps reaches the same controlled fixed point") {
  // Euler's fixed points are the ODE's (e = αu, v = W r + b + Q u) whatever the step, so a
  // long noiseless run with 5× fewer, 5× longer steps must land on the same state.
  Config c = small("dfc", false);
  c.noisy_dynamics = false;
  c.forward.dt_di = 0.02, c.forward.tmax_di = 4001, c.forward.time_constant_ratio = 0.2,
  c.forward.alpha_di = 0.1, c.forward.k_p = 2;
  c.feedback.dt_di = 0.02, c.feedback.tmax_di = 4001, c.feedback.time_constant_ratio = 0.2;
  Config cc = c;
  cc.forward.coarse_steps = 5;
  const SimParams p1 = Trainer<double>(c).forward_sim_params();
  const SimParams p5 = Trainer<double>(cc).forward_sim_params();
  CHECK(p5.K == 801);  // (4001 − 1)/5 + 1: the horizon (K − 1)·dt = 80 is kept
  CHECK(p5.dt == doctest::Approx(5 * p1.dt));
  CHECK((p5.K - 1) * p5.dt == doctest::Approx((p1.K - 1) * p1.dt));
  const SimParams f5 = Trainer<double>(cc).feedback_sim_params(false);
  CHECK(f5.K == 801);
  CHECK(f5.dt == doctest::Approx(0.1));

  numt::Net net = numt::make_net({5, 4, 4, 3}, Activation::Tanh, 1717);
  for (int l = 0; l + 1 < net.depth(); ++l) net.Q[l] *= 0.2;
  const int B = 3;
  const numt::MatD X = numt::randn(5, B, 17);
  const numt::MatD T = numt::ff_of(net, X).logits() + numt::pm(3, B, 0.4, 18);
  const auto fine = numt::simulate(net, X, T, p1);
  const auto coarse = numt::simulate(net, X, T, p5);
  for (const auto* res : {&fine, &coarse}) {
    const auto [e_res, v_res] = numt::fixed_point_residuals(net, X, T, *res, p1.alpha);
    CHECK(e_res < 1e-10);
    CHECK(v_res < 1e-10);
  }
  const double du = (fine.u - coarse.u).cwiseAbs().maxCoeff();
  MESSAGE("coarse_steps 5: |u_fine − u_coarse|_∞ = " << du << ", |u|_∞ = "
                                                     << fine.u.cwiseAbs().maxCoeff());
  CHECK(du < 1e-9);
  CHECK(fine.u.cwiseAbs().maxCoeff() > 0.1);  // the controller did work

  // validation: a coarse step beyond τ_v, or no step left, is refused and names the flag
  Config bad = c;
  bad.forward.coarse_steps = 20;  // 20 × 0.02 = 0.4 > τ_v = 0.2
  CHECK_THROWS_WITH_AS(bad.resolve_and_validate(), doctest::Contains("coarse_steps"), Error);
  bad = c, bad.forward.coarse_steps = 0;
  CHECK_THROWS_WITH_AS(bad.resolve_and_validate(), doctest::Contains("coarse_steps"), Error);
  bad = c, bad.feedback.time_constant_ratio = 0.05;  // only the feedback simulation is too fine
  bad.forward.coarse_steps = 5;                      // coarse_steps_fb copies it: refused …
  CHECK_THROWS_WITH_AS(bad.resolve_and_validate(), doctest::Contains("coarse_steps_fb"), Error);
  bad.feedback.coarse_steps = 1;  // … unless the feedback simulation keeps its own step
  CHECK_NOTHROW(Config(bad).resolve_and_validate());
  const SimParams f1 = Trainer<double>(bad).feedback_sim_params(false);
  CHECK(f1.K == 4001);
  CHECK(Trainer<double>(bad).forward_sim_params().K == 801);
}
