// rng.h — our own seeded generator, identical natively and in WebAssembly.
//
// std::normal_distribution is not specified bit-for-bit by the C++ standard
// (libstdc++ and Emscripten's libc++ differ), so we never use it. Uniforms come
// from xoshiro256++ (Blackman & Vigna); normals from a 128-layer ziggurat
// (Marsaglia & Tsang 2000) whose tables are built once from double arithmetic.
// The ziggurat's rare tail/wedge branches call std::exp/std::log, which may differ
// in the last bit between libms; everything else is integer-exact.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>

namespace sdfc {

// splitmix64: seeds streams from (seed, stream id) — one stream per sample, so the
// noise a sample sees does not depend on how the batch is split across threads.
inline uint64_t splitmix64(uint64_t& x) {
  uint64_t z = (x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// The ziggurat's tables, built once from double arithmetic; shared by Rng::normal and the
// batched sampler of the simulation's default noise (dynamics.cpp).
struct ZigguratTables {
  uint32_t kn[128];
  double wn[128], fn[128];
  ZigguratTables();
};
const ZigguratTables& ziggurat_tables();

struct Rng {
  std::array<uint64_t, 4> s{};

  Rng() { seed(0); }
  explicit Rng(uint64_t seed_value, uint64_t stream = 0) { seed(seed_value, stream); }
  void seed(uint64_t seed_value, uint64_t stream = 0);

  uint64_t next_u64();
  double uniform();            // [0, 1), 53 random bits
  double normal();             // N(0, 1), ziggurat
  uint64_t below(uint64_t n);  // uniform integer in [0, n), unbiased
};

// Fisher–Yates: a uniformly random permutation of a[0 … n) in place,
//   for i = n−1 … 1: a[i] ↔ a[j], j uniform in [0, i]
// (the one shuffle of the engine and its front ends: epochs, the validation split, the demo).
template <class T>
void shuffle(T* a, size_t n, Rng& rng) {
  for (size_t i = n; i > 1; --i) std::swap(a[i - 1], a[rng.below(i)]);
}

}  // namespace sdfc
