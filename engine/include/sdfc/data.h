// data.h — an in-memory labelled image set and what the training loop needs of it
// (split, shuffling, normalisation, soft targets). No file access: the io module
// reads IDX files into this struct.
//
// Two pixel stores, read alike by gather_batch (the value is the same float either way):
//   float:   x, n × dim values in [0, 1] (synthetic sets, the demo's asset, resampled images);
//   compact: the IDX bytes p, 1 byte per pixel, x = p/255 (float32) converted per batch. The
//            bytes are shared by a set and its subsets (split_train_val, head): a subset holds
//            only its row indices, so MNIST's 60,000 images take 47 MB once, not 188 MB per copy.
#pragma once
#include <cstdint>
#include <memory>
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
  std::vector<float> x;    // float store: n × dim, row-major, pixels scaled to [0, 1]
  std::vector<uint8_t> y;  // n labels in [0, classes)
  std::string name;        // for messages ("mnist/train" …)

  // Compact store (when bytes is set; x is then empty): sample i is image rows[i] of bytes.
  std::shared_ptr<const std::vector<uint8_t>> bytes;  // images × dim, row-major, x = p/255
  std::vector<int> rows;                              // n image indices into bytes

  bool compact() const { return bytes != nullptr; }
  // Pixel k of sample i, in [0, 1], as float32 (either store).
  float pixel(int i, int k) const {
    return compact() ? float((*bytes)[size_t(rows[i]) * dim + k]) / 255.0f : x[size_t(i) * dim + k];
  }
  // A compact set over `images` images of dim bytes (rows = 0 … images − 1).
  static Dataset from_bytes(std::vector<uint8_t> pixels, int images, int dim);
  Dataset to_float() const;  // the same set in the float store (for writers that need floats)

  void check() const;                                 // throws Error on inconsistent sizes/labels
  Dataset subset(const std::vector<int>& idx) const;  // compact: shares the bytes
  Dataset head(int count) const;                      // first `count` samples
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

// The smallest mean cross-entropy against those targets, reached when softmax(r_L) = t:
//   L_min = −c log c − (1 − c) log((1 − c)/(n_L − 1))   (0 for hard labels, c = 1)
// so that L − L_min = KL(t ‖ softmax(r_L)) is the loss that is 0 exactly at the target.
double soft_target_entropy(int n_out, double c);

}  // namespace sdfc
