// rng.cpp — xoshiro256++ uniforms and a 128-layer ziggurat for N(0,1).
#include "sdfc/rng.h"

#include <cmath>
#include <cstdlib>

#include "xoshiro.h"

namespace sdfc {

// Ziggurat tables (Marsaglia & Tsang 2000, 128 layers).
ZigguratTables::ZigguratTables() {
  const double m1 = 2147483648.0, vn = 9.91256303526217e-3;
  double dn = 3.442619855899, tn = dn;
  const double q = vn / std::exp(-0.5 * dn * dn);
  kn[0] = static_cast<uint32_t>((dn / q) * m1);
  kn[1] = 0;
  wn[0] = q / m1;
  wn[127] = dn / m1;
  fn[0] = 1.0;
  fn[127] = std::exp(-0.5 * dn * dn);
  for (int i = 126; i >= 1; --i) {
    dn = std::sqrt(-2.0 * std::log(vn / dn + std::exp(-0.5 * dn * dn)));
    kn[i + 1] = static_cast<uint32_t>((dn / tn) * m1);
    tn = dn;
    fn[i] = std::exp(-0.5 * dn * dn);
    wn[i] = dn / m1;
  }
}

const ZigguratTables& ziggurat_tables() {
  static const ZigguratTables z;
  return z;
}

void Rng::seed(uint64_t seed_value, uint64_t stream) {
  uint64_t x = seed_value ^ (stream * 0xD1B54A32D192ED03ull);
  for (auto& w : s) w = splitmix64(x);
  if ((s[0] | s[1] | s[2] | s[3]) == 0) s[0] = 1;  // all-zero state is a fixed point
}

uint64_t Rng::next_u64() { return xoshiro256pp_next(s[0], s[1], s[2], s[3]); }

double Rng::uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

uint64_t Rng::below(uint64_t n) {
  // Rejection, then x mod n (no multiply-shift): limit = the largest multiple of n that is
  // ≤ 2^64 − 1; draws x ≥ limit (at most n values) are redrawn, so every residue of [0, n)
  // has limit / n preimages — exactly uniform, and portable.
  const uint64_t limit = (~uint64_t(0)) - ((~uint64_t(0)) % n);
  uint64_t x;
  do x = next_u64();
  while (x >= limit);
  return x % n;
}

double Rng::normal() {
  const ZigguratTables& z = ziggurat_tables();
  for (;;) {
    const int32_t hz = static_cast<int32_t>(next_u64() >> 32);
    const int iz = hz & 127;
    const uint32_t ahz = static_cast<uint32_t>(hz < 0 ? -int64_t(hz) : int64_t(hz));
    const double x = hz * z.wn[iz];
    if (ahz < z.kn[iz]) return x;  // inside the rectangle: ~98.8 % of draws
    if (iz == 0) {                 // the tail beyond r
      const double r = 3.442619855899;
      double xt, yt;
      do {
        xt = -std::log(1.0 - uniform()) / r;
        yt = -std::log(1.0 - uniform());
      } while (yt + yt < xt * xt);
      return hz > 0 ? r + xt : -r - xt;
    }
    // the wedge
    if (z.fn[iz] + uniform() * (z.fn[iz - 1] - z.fn[iz]) < std::exp(-0.5 * x * x)) return x;
  }
}

}  // namespace sdfc
