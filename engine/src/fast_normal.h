// fast_normal.h — float32 N(0, 1) from 32 random bits, branch-free so that a loop over a
// column auto-vectorises (AVX-512 natively, simd128 in WebAssembly).
//
//   u = (2k + 1) / 2^24,  k = the top 23 bits      (exact in float, never 0 or 1)
//   z = √2 · erfinv(2u − 1)                        (the inverse normal CDF at u)
//   erfinv: M. Giles, "Approximating the erfinv function" (GPU Computing Gems, 2011),
//           single-precision version, with w = −ln(1 − x²) = −ln(4u(1 − u)) computed
//           without cancellation;  ln: Cephes' logf (as in sse_mathfun).
//
// Used for the noise of float32 simulations: the ziggurat of Rng::normal() needs two table
// gathers and a rare data-dependent branch per draw, which made noise a quarter of a float
// training step. |z| ≤ 5.3 (u ≥ 2^-24). Accuracy is checked against the exact inverse CDF
// in tests/unit/test_rng.cpp.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>

namespace sdfc::fastmath {

// ln x for normal positive floats (Cephes logf: x = m·2^e, m ∈ [√½, √2), degree-8 polynomial).
inline float log_float(float x) {
  uint32_t bits;
  std::memcpy(&bits, &x, 4);
  float e = float(int32_t(bits >> 23) - 126);
  bits = (bits & 0x007fffffu) | 0x3f000000u;  // mantissa in [0.5, 1)
  float m;
  std::memcpy(&m, &bits, 4);
  const bool small = m < 0.707106781186547524f;
  e = small ? e - 1.0f : e;
  m = (small ? m + m : m) - 1.0f;
  const float z = m * m;
  float y = 7.0376836292E-2f;
  y = y * m - 1.1514610310E-1f;
  y = y * m + 1.1676998740E-1f;
  y = y * m - 1.2420140846E-1f;
  y = y * m + 1.4249322787E-1f;
  y = y * m - 1.6668057665E-1f;
  y = y * m + 2.0000714765E-1f;
  y = y * m - 2.4999993993E-1f;
  y = y * m + 3.3333331174E-1f;
  y = y * m * z;
  y += -2.12194440e-4f * e;
  y -= 0.5f * z;
  return m + y + 0.693359375f * e;
}

// N(0, 1) from 32 random bits (the low 9 bits are unused).
inline float normal_from_bits(uint32_t bits) {
  const int32_t odd = int32_t((bits >> 9) << 1) + 1;                // 2k + 1 ∈ [1, 2^24)
  const float u = float(odd) * 5.9604644775390625e-8f;              // (2k + 1)/2^24
  const float x = float(odd - (1 << 23)) * 1.1920928955078125e-7f;  // 2u − 1, exact
  const float w = -log_float(4.0f * u * (1.0f - u));  // −ln(1 − x²) ∈ (0, 15.3]
  // central region (w < 5)
  const float a = w - 2.5f;
  float p = 2.81022636e-08f;
  p = 3.43273939e-07f + p * a;
  p = -3.5233877e-06f + p * a;
  p = -4.39150654e-06f + p * a;
  p = 0.00021858087f + p * a;
  p = -0.00125372503f + p * a;
  p = -0.00417768164f + p * a;
  p = 0.246640727f + p * a;
  p = 1.50140941f + p * a;
  // tails (w ≥ 5)
  const float b = std::sqrt(w) - 3.0f;
  float q = -0.000200214257f;
  q = 0.000100950558f + q * b;
  q = 0.00134934322f + q * b;
  q = -0.00367342844f + q * b;
  q = 0.00573950773f + q * b;
  q = -0.0076224613f + q * b;
  q = 0.00943887047f + q * b;
  q = 1.00167406f + q * b;
  q = 2.83297682f + q * b;
  return 1.41421356237309505f * (w < 5.0f ? p : q) * x;
}

}  // namespace sdfc::fastmath
