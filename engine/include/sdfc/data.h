// data.h — an in-memory labelled image set and what the training loop needs of it
// (split, shuffling, normalisation, soft targets). No file access: the io module
// reads IDX files into this struct.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sdfc/config.h"
#include "sdfc/rng.h"
#include "sdfc/types.h"

namespace sdfc {

struct Dataset {
  int n = 0;    // number of samples
  int dim = 0;  // pixels per sample (784)
  int classes = 10;
  std::vector<float> x;    // n × dim, row-major, pixels scaled to [0, 1]
  std::vector<uint8_t> y;  // n labels in [0, classes)
  std::string name;        // for messages ("mnist/train" …)

  void check() const;  // throws Error on inconsistent sizes/labels
  Dataset subset(const std::vector<int>& idx) const;
  Dataset head(int count) const;  // first `count` samples
};

// Random split of a training set into (train, validation) — the reference keeps
// 55,000 / 5,000 of MNIST's 60,000 (reference §4.4). Deterministic in `seed`.
void split_train_val(const Dataset& all, int n_val, uint64_t seed, Dataset& train, Dataset& val);

// Gather a batch into an n_0 × B matrix, applying the input normalisation.
//   MnistStandardize: x ← (x − 0.1307) / 0.3081 (computed in float32, like the reference)
template <class S>
void gather_batch(const Dataset& d, const int* idx, int B, InputNorm norm, MatRef<S> X,
                  int* labels);

// Soft one-hot targets (n_L × B): c on the true class, (1 − c)/(n_L − 1) elsewhere.
template <class S>
Mat<S> soft_targets(const int* labels, int B, int n_out, double c);

}  // namespace sdfc
