// checkpoint.h — checkpoint.npz = the trainer's full state (weights, optimiser moments, RNG,
// counters) + metadata tensors (meta_format, meta_epoch, meta_identity: the hash of what
// decides the weights), written atomically with io::write_npz (CRC-checked on read).
// Also: picking the weights (W1.. b1.. Q1..) out of a state and checking their shapes.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sdfc/types.h"

namespace sdfc::cli {

struct Checkpoint {
  int epoch = 0;
  uint64_t identity = 0;
  std::vector<Tensor> state;  // without the meta_* tensors
};

void save_checkpoint(const std::string& path, const std::vector<Tensor>& state, int epoch,
                     uint64_t identity);
// Throws Error "… is corrupt …" if the file fails its CRC / format checks or lacks metadata.
Checkpoint load_checkpoint(const std::string& path);

// The W<l>, b<l>, Q<l> tensors of a state or weights file, in the order W1.. b1.. Q1...
std::vector<Tensor> weights_only(const std::vector<Tensor>& tensors);
// n_0 … n_L from the weights; throws Error naming `what` if the shapes do not chain.
std::vector<int> sizes_from_weights(const std::vector<Tensor>& weights, const std::string& what);
// Reads weights.npz or checkpoint.npz and returns its (validated) weights.
std::vector<Tensor> read_weights_file(const std::string& path);

}  // namespace sdfc::cli
