// make_state_seed.cpp — writes the fuzz_npz seed corpus/npz/state_4_3_2.npz: the full state
// (weights, Adam moments, RNG, counters) of the tiny 4-3-2 trainer after one train_step.
// Built as fuzz_make_state_seed by tests/fuzz/CMakeLists.txt; usage: fuzz_make_state_seed OUT
#include <cstdio>

#include "sdfc/io/npy.h"
#include "sdfc/trainer.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUT.npz\n", argv[0]);
    return 2;
  }
  sdfc::Config c;
  c.sizes = {4, 3, 2};
  c.batch_size = 2;
  c.forward.tmax_di = 5;
  c.feedback.tmax_di = 5;
  c.resolve_and_validate();
  sdfc::Trainer<double> tr(c);
  sdfc::Mat<double> X(4, 2);  // 4 × 2
  X << 0.1, -0.2, 0.3, 0.0, -0.5, 0.25, 0.9, -0.1;
  const int labels[2] = {0, 1};
  tr.train_step(X, labels);
  sdfc::io::write_npz(argv[1], tr.state());
  return 0;
}
