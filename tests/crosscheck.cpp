// crosscheck.cpp — a small deterministic computation whose numbers must agree between
// the native build and the WebAssembly build (run under node). scripts/test.sh runs
// both and compares them with a tolerance: summation order and FMA differ between
// targets, so not bit for bit (toolchain.md, pitfall 8).
//
// Output: one "name value" line per number (%.17g).
#include <cstdio>

#include "sdfc/data.h"
#include "sdfc/trainer.h"

using namespace sdfc;

int main() {
  // a tiny synthetic 4-class problem from our own portable RNG
  const int n0 = 16, B = 16;
  Rng rng(7, 0);
  Mat<double> X(n0, B);
  std::vector<int> y(B);
  for (int j = 0; j < B; ++j) {
    y[j] = j % 4;
    for (int i = 0; i < n0; ++i) X(i, j) = (i % 4 == y[j] ? 1.0 : 0.0) + 0.3 * rng.normal();
  }
  for (const char* m : {"strong-dfc", "dfc", "bp"}) {
    Config c;
    c.sizes = {n0, 12, 4};
    c.method = m;
    c.single_phase = true;
    c.batch_size = B;
    c.opt.lr = 0.01, c.opt_fb.lr = 1e-4, c.init_fb_epochs = 0;
    c.forward.dt_di = 0.01, c.forward.tmax_di = 40, c.forward.time_constant_ratio = 0.02,
    c.forward.k_p = 2, c.forward.alpha_di = 0.01;
    c.forward.sigma = 0.01, c.forward.sigma_output = 0.02, c.tau_noise = 0.1, c.tau_f = 0.5;
    c.target_stepsize = 0.1;
    c.random_seed = 42;
    Trainer<double> t(c);
    double loss = 0, H = 0;
    for (int s = 0; s < 5; ++s) {
      const BatchStats st = t.train_step(X, y.data());
      loss += st.loss, H += st.H;
    }
    std::printf("%s.loss %.17g\n%s.H %.17g\n", m, loss, m, H);
    for (const Tensor& w : t.weights()) {
      double sum = 0, sq = 0;
      for (double v : w.data) sum += v, sq += v * v;
      std::printf("%s.%s.sum %.17g\n%s.%s.sq %.17g\n", m, w.name.c_str(), sum, m, w.name.c_str(),
                  sq);
    }
  }
  // the generator itself: must be identical (integer arithmetic; tables from exp/log)
  Rng g(123, 4);
  double s = 0;
  for (int i = 0; i < 100000; ++i) s += g.normal();
  std::printf("rng.normal.sum %.17g\n", s);
  return 0;
}
