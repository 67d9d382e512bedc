// train_throughput.cpp — training throughput of one preset on one thread: the program that
// bench/wasm/run.mjs builds natively and for WebAssembly (with and without -msimd128) and
// runs side by side. Synthetic MNIST-like batches (timing only); Trainer::train_step, as the
// browser demo and the native trainer call it.
//
//   train_throughput PRESET float|double REPS
// prints one JSON line: {"preset": …, "precision": …, "B": …, "batch_s": best of REPS, …}
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "sdfc/presets.h"
#include "sdfc/trainer.h"

namespace {

double now_s() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

template <class S>
int run(const std::string& name, int reps) {
  sdfc::Config c = sdfc::preset(name);
  c.double_precision = sizeof(S) == 8;
  c.threads = 1;  // the browser build is single-threaded; the native build is held to one thread
  sdfc::Trainer<S> t(c);
  const int n0 = t.config().sizes.front(), B = t.config().batch_size;
  sdfc::Rng g(5, 7);
  sdfc::Mat<S> X(n0, B);
  std::vector<int> labels(B);
  for (int j = 0; j < B; ++j) {  // standardised MNIST-like pixels: mostly background
    for (int i = 0; i < n0; ++i) X(i, j) = S(g.uniform() < 0.8 ? -0.4242 : 2.8 * g.uniform());
    labels[j] = int(g.below(10));
  }
  t.train_step(X, labels.data());  // warm-up: allocates the workspace
  double best = 1e30;
  for (int r = 0; r < reps; ++r) {
    const double t0 = now_s();
    t.train_step(X, labels.data());
    best = std::min(best, now_s() - t0);
  }
  std::printf(
      "{\"preset\": \"%s\", \"precision\": \"%s\", \"B\": %d, \"K\": %d, \"batch_s\": %.6g, "
      "\"samples_per_s\": %.6g}\n",
      name.c_str(), sizeof(S) == 8 ? "double" : "float", B, t.forward_sim_params().K, best,
      B / best);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: train_throughput PRESET float|double REPS\n");
    return 2;
  }
  try {
    const std::string prec = argv[2];
    const int reps = std::max(1, std::atoi(argv[3]));
    return prec == "double" ? run<double>(argv[1], reps) : run<float>(argv[1], reps);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "train_throughput: %s\n", e.what());
    return 1;
  }
}
