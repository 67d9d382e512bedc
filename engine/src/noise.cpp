// noise.cpp — default_noise (noise.h): one xoshiro256++ stream per column of the batch.
//
// double — the draws are exactly those of Rng::normal() on each column's own stream (so results
// do not depend on threading or on this code path), but xoshiro256++ is stepped for 8 streams in
// lock-step (xoshiro.h on a vector of 8 lanes) and only the ziggurat's rectangle test (~98.8 % of
// draws) is done for the 8 lanes at once; the rare tail/wedge draws finish in a scalar replica of
// Rng::normal (normal_finish). The ziggurat tables are rng.cpp's (ziggurat_tables()).
// tests/unit/test_rng.cpp checks these draws against Rng::normal() bit for bit.
// float — normal_column_float: inverse normal CDF of 32-bit halves (fast_normal.h).
#include "sdfc/noise.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <type_traits>
#include <vector>

#include "fast_normal.h"
#include "sdfc/rng.h"
// U64x8 values pass only between this file's inline functions, never across an ABI boundary,
// so the compilers' note that their passing convention depends on -mavx512f does not apply.
#pragma GCC diagnostic ignored "-Wpsabi"
#include "xoshiro.h"
#if defined(__AVX512F__) && defined(__AVX512VL__)
#include <immintrin.h>
#endif

namespace sdfc {
namespace {

constexpr int kLanes = 8;
// 8 streams' state words (or draws) side by side; +, ^, << and >> act lane by lane.
typedef uint64_t U64x8 __attribute__((vector_size(8 * kLanes)));

// The rest of Rng::normal() after its first 64-bit draw `u` missed the rectangle.
double normal_finish(const ZigguratTables& z, Rng& g, uint64_t u) {
  const int32_t hz = static_cast<int32_t>(u >> 32);
  const int iz = hz & 127;
  const double x = hz * z.wn[iz];
  if (iz == 0) {  // the tail beyond r
    const double r = 3.442619855899;
    double xt, yt;
    do {
      xt = -std::log(1.0 - g.uniform()) / r;
      yt = -std::log(1.0 - g.uniform());
    } while (yt + yt < xt * xt);
    return hz > 0 ? r + xt : -r - xt;
  }
  if (z.fn[iz] + g.uniform() * (z.fn[iz - 1] - z.fn[iz]) < std::exp(-0.5 * x * x)) return x;
  return g.normal();  // rejected: Rng::normal() starts over with a fresh draw
}

// The ziggurat's rectangle test for 8 draws u:  hz = int32(u >> 32), iz = hz & 127,
// x = hz · w[iz];  returns the lanes that missed (|hz| ≥ k[iz]) as bits.
#if defined(__AVX512F__) && defined(__AVX512VL__)
// In AVX-512 intrinsics (GCC does not vectorise the generic loop's gathers).
inline unsigned rectangle(const ZigguratTables& z, U64x8 u, double* x) {
  const __m256i hz = _mm512_cvtepi64_epi32(_mm512_srai_epi64((__m512i)u, 32));
  const __m256i iz = _mm256_and_si256(hz, _mm256_set1_epi32(127));
  const __m256i kn = _mm256_i32gather_epi32(reinterpret_cast<const int*>(z.kn), iz, 4);
  _mm512_store_pd(x, _mm512_mul_pd(_mm512_cvtepi32_pd(hz), _mm512_i32gather_pd(iz, z.wn, 8)));
  return _mm256_cmpge_epu32_mask(_mm256_abs_epi32(hz), kn);
}
#else
inline unsigned rectangle(const ZigguratTables& z, U64x8 u, double* x) {
  unsigned miss = 0;
  for (int j = 0; j < kLanes; ++j) {
    const int32_t hz = static_cast<int32_t>(u[j] >> 32);
    const int iz = hz & 127;
    const uint32_t ahz = static_cast<uint32_t>(hz < 0 ? -int64_t(hz) : int64_t(hz));
    x[j] = hz * z.wn[iz];
    miss |= unsigned(ahz >= z.kn[iz]) << j;
  }
  return miss;
}
#endif

// xi(i, j) ← N(0,1) from stream rngs[j], rows i in order, for kLanes columns (leading dim ld).
// Kept out of line: inlined into the noise callback, GCC spills the four state vectors.
template <class S>
__attribute__((noinline)) void normal_lanes(const ZigguratTables& z, Rng* rngs, S* xi,
                                            Eigen::Index rows, Eigen::Index ld) {
  U64x8 s0{}, s1{}, s2{}, s3{};
  for (int j = 0; j < kLanes; ++j)
    s0[j] = rngs[j].s[0], s1[j] = rngs[j].s[1], s2[j] = rngs[j].s[2], s3[j] = rngs[j].s[3];
  for (Eigen::Index i = 0; i < rows; ++i) {
    const U64x8 u = xoshiro256pp_next(s0, s1, s2, s3);  // one draw on each of the 8 streams
    alignas(64) double x[kLanes];
    if (const unsigned miss = rectangle(z, u, x))
      for (int j = 0; j < kLanes; ++j)
        if (miss & (1u << j)) {  // rare: finish this draw on the lane's own stream
          Rng& g = rngs[j];
          g.s = {s0[j], s1[j], s2[j], s3[j]};
          x[j] = normal_finish(z, g, u[j]);
          s0[j] = g.s[0], s1[j] = g.s[1], s2[j] = g.s[2], s3[j] = g.s[3];
        }
    for (int j = 0; j < kLanes; ++j) xi[i + j * ld] = static_cast<S>(x[j]);
  }
  for (int j = 0; j < kLanes; ++j) rngs[j].s = {s0[j], s1[j], s2[j], s3[j]};
}

// float32: z = √2 erfinv(2u − 1) from 32-bit halves of each column's xoshiro256++ draws
// (fast_normal.h): branch-free, two normals per 64-bit draw, vectorised over the column.
void normal_column_float(Rng& g, float* col, Eigen::Index rows) {
  constexpr Eigen::Index kBlock = 256;
  alignas(64) uint32_t bits[kBlock + 1];
  uint64_t s0 = g.s[0], s1 = g.s[1], s2 = g.s[2], s3 = g.s[3];
  for (Eigen::Index i0 = 0; i0 < rows; i0 += kBlock) {
    const Eigen::Index n = std::min(kBlock, rows - i0);
    for (Eigen::Index i = 0; i < n; i += 2) {
      const uint64_t r = xoshiro256pp_next(s0, s1, s2, s3);
      bits[i] = uint32_t(r >> 32), bits[i + 1] = uint32_t(r);
    }
    for (Eigen::Index i = 0; i < n; ++i) col[i0 + i] = fastmath::normal_from_bits(bits[i]);
  }
  g.s = {s0, s1, s2, s3};
}

}  // namespace

template <class S>
NoiseFn<S> default_noise(uint64_t seed, uint64_t stream, int B) {
  auto rngs = std::make_shared<std::vector<Rng>>();
  rngs->reserve(B);
  uint64_t x = seed ^ (stream * 0x9E3779B97F4A7C15ull);
  const uint64_t base = splitmix64(x);
  for (int j = 0; j < B; ++j) rngs->emplace_back(base, uint64_t(j) + 1);
  if constexpr (std::is_same_v<S, float>) {
    return [rngs](int, int, int col0, MatRef<S> xi) {
      for (Eigen::Index j = 0; j < xi.cols(); ++j)
        normal_column_float((*rngs)[col0 + j], xi.col(j).data(), xi.rows());
    };
  } else {
    // double: exactly Rng::normal() per column (the reference-reproducing precision);
    // 8 columns at a time, the rest (fewer than 8) one by one
    const ZigguratTables* z = &ziggurat_tables();
    return [rngs, z](int, int, int col0, MatRef<S> xi) {
      Eigen::Index j = 0;
      for (; j + kLanes <= xi.cols(); j += kLanes)
        normal_lanes<S>(*z, rngs->data() + col0 + j, xi.col(j).data(), xi.rows(), xi.outerStride());
      for (; j < xi.cols(); ++j) {
        Rng& g = (*rngs)[col0 + j];
        S* col = xi.col(j).data();
        for (Eigen::Index i = 0; i < xi.rows(); ++i) col[i] = static_cast<S>(g.normal());
      }
    };
  }
}

template NoiseFn<float> default_noise<float>(uint64_t, uint64_t, int);
template NoiseFn<double> default_noise<double>(uint64_t, uint64_t, int);

}  // namespace sdfc
