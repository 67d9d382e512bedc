// xoshiro.h — the one xoshiro256++ step (Blackman & Vigna 2019), for one stream or for several
// in lock-step: U is uint64_t (Rng::next_u64) or a GCC/Clang vector of uint64_t lanes (the
// double noise's 8 streams, noise.cpp), on which the same operators act lane by lane.
#pragma once
#include <cstdint>

namespace sdfc {

// rotl(x, k) = (x << k) | (x >> (64 − k)),  0 < k < 64
template <class U>
inline U rotl64(U x, int k) {
  return (x << k) | (x >> (64 - k));
}

// result = rotl(s0 + s3, 23) + s0;  then the state's linear update (t = s1 << 17):
//   s2 ^= s0, s3 ^= s1, s1 ^= s2, s0 ^= s3, s2 ^= t, s3 = rotl(s3, 45)
template <class U>
inline U xoshiro256pp_next(U& s0, U& s1, U& s2, U& s3) {
  const U result = rotl64(s0 + s3, 23) + s0;
  const U t = s1 << 17;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = rotl64(s3, 45);
  return result;
}

}  // namespace sdfc
