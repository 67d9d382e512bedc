// checkpoint.cpp — checkpoint and weights files (npz via sdfc::io).
#include "checkpoint.h"

#include <algorithm>
#include <cstdlib>

#include "sdfc/io/npy.h"

namespace sdfc::cli {
namespace {

constexpr double kFormat = 1;

// "W12" → ('W', 12); anything else → ('\0', 0).
std::pair<char, int> weight_key(const std::string& name) {
  if (name.size() < 2 || (name[0] != 'W' && name[0] != 'b' && name[0] != 'Q')) return {0, 0};
  for (size_t i = 1; i < name.size(); ++i)
    if (name[i] < '0' || name[i] > '9') return {0, 0};
  return {name[0], std::atoi(name.c_str() + 1)};
}

Tensor scalar(const std::string& name, double v) { return Tensor{name, {1}, {v}}; }

}  // namespace

void save_checkpoint(const std::string& path, const std::vector<Tensor>& state, int epoch,
                     uint64_t identity) {
  std::vector<Tensor> all = state;
  all.push_back(scalar("meta_format", kFormat));
  all.push_back(scalar("meta_epoch", epoch));
  // A 64-bit hash does not fit a double exactly: two 32-bit halves.
  all.push_back(
      Tensor{"meta_identity", {2}, {double(identity >> 32), double(identity & 0xffffffffu)}});
  io::write_npz(path, all);
}

Checkpoint load_checkpoint(const std::string& path) {
  std::vector<Tensor> all;
  try {
    all = io::read_npz(path);
  } catch (const Error& e) {
    throw Error(path + " is corrupt or unreadable (" + e.what() +
                "): refusing to resume from it. Delete the run dir to start over (or keep it and "
                "choose a new --out)");
  }
  Checkpoint c;
  bool have_epoch = false, have_id = false;
  for (auto& t : all) {
    if (t.name == "meta_epoch" && t.data.size() == 1) {
      c.epoch = static_cast<int>(t.data[0]);
      have_epoch = true;
    } else if (t.name == "meta_identity" && t.data.size() == 2) {
      c.identity = (uint64_t(t.data[0]) << 32) | uint64_t(t.data[1]);
      have_id = true;
    } else if (t.name.rfind("meta_", 0) != 0) {
      c.state.push_back(std::move(t));
    }
  }
  if (!have_epoch || !have_id)
    throw Error(path +
                " is not a sdfc_train checkpoint (no meta_epoch/meta_identity entries): "
                "refusing to resume (it may be corrupt, or a weights file)");
  return c;
}

std::vector<Tensor> weights_only(const std::vector<Tensor>& tensors) {
  std::vector<Tensor> w;
  for (const auto& t : tensors)
    if (weight_key(t.name).first) w.push_back(t);
  std::stable_sort(w.begin(), w.end(), [](const Tensor& a, const Tensor& b) {
    auto ka = weight_key(a.name), kb = weight_key(b.name);
    auto rank = [](char c) { return c == 'W' ? 0 : c == 'b' ? 1 : 2; };
    return rank(ka.first) != rank(kb.first) ? rank(ka.first) < rank(kb.first)
                                            : ka.second < kb.second;
  });
  return w;
}

std::vector<int> sizes_from_weights(const std::vector<Tensor>& weights, const std::string& what) {
  auto find = [&](char kind, int l) -> const Tensor* {
    for (const auto& t : weights)
      if (weight_key(t.name) == std::make_pair(kind, l)) return &t;
    return nullptr;
  };
  int L = 0;
  while (find('W', L + 1)) ++L;
  if (L == 0) throw Error(what + ": no weights W1, W2, … found (is it a weights/checkpoint file?)");
  std::vector<int> sizes;
  for (int l = 1; l <= L; ++l) {
    const Tensor* W = find('W', l);
    if (W->shape.size() != 2) throw Error(what + ": W" + std::to_string(l) + " is not a matrix");
    if (l == 1) sizes.push_back(static_cast<int>(W->shape[1]));
    if (W->shape[1] != sizes.back())
      throw Error(what + ": W" + std::to_string(l) + " has " + std::to_string(W->shape[1]) +
                  " columns but layer " + std::to_string(l - 1) + " has " +
                  std::to_string(sizes.back()) + " units");
    sizes.push_back(static_cast<int>(W->shape[0]));
    const Tensor* b = find('b', l);
    if (!b || b->numel() != W->shape[0])
      throw Error(what + ": b" + std::to_string(l) + " is missing or does not match W" +
                  std::to_string(l));
  }
  for (int l = 1; l <= L; ++l) {
    const Tensor* Q = find('Q', l);
    if (Q && (Q->shape.size() != 2 || Q->shape[0] != sizes[l] || Q->shape[1] != sizes.back()))
      throw Error(what + ": Q" + std::to_string(l) + " should be " + std::to_string(sizes[l]) +
                  " × " + std::to_string(sizes.back()));
  }
  return sizes;
}

std::vector<Tensor> read_weights_file(const std::string& path) {
  auto w = weights_only(io::read_npz(path));
  sizes_from_weights(w, path);
  return w;
}

}  // namespace sdfc::cli
