// noise.h — the N(0,1) draws ξ of the simulation's apical noise (spec §2; dynamics.h).
//
// A noise source fills xi (n_l × nc: columns col0 … col0+nc−1 of the batch) with the draws used
// to compute step k+1 of layer l. Swappable, so tests can inject the reference's recorded draws.
#pragma once
#include <cstdint>
#include <functional>

#include "sdfc/types.h"

namespace sdfc {

template <class S>
using NoiseFn = std::function<void(int k, int layer, int col0, MatRef<S> xi)>;

// Default noise: one independent xoshiro256++ stream per sample (column), seeded by
// (seed, stream, column index), so results do not depend on threading. B = batch size.
// double: exactly Rng::normal() (ziggurat) per column; float: the branch-free inverse-CDF
// transform of fast_normal.h (two normals per 64-bit draw), several times cheaper.
template <class S>
NoiseFn<S> default_noise(uint64_t seed, uint64_t stream, int B);

}  // namespace sdfc
