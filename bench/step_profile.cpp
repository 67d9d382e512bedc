// step_profile.cpp — where one Euler step's time goes (docs/performance.md, "bounds"):
// the parts of a step of the paper network's simulation (mnist-strong-dfc dynamics), each
// timed alone on one thread for one chunk of nc columns, next to the whole simulation:
//   gemm   the step's products: v_ff += W_l r_{l−1} (l = 2..L, W packed as in the engine),
//          v_fb = Q_l u (l = 1..L), Σ s_l r_{l−1}ᵀ (l = 2..L), Σ v_fb,l hᵀ (l = 1..L)
//   noise  the N(0,1) draws of the step (Σ n_l per column, default_noise)
//   tanh   φ(v_l) (hidden layers) and φ(v_ff,l) (l = 2..L−1)
// The rest of the whole-step time is the element-wise work (soma update, low-pass noise,
// s = r − φ(v_ff), row sums, controller, softmax error) and packing of the changing operands.
// If the non-GEMM parts cost nothing the simulation would run at the GEMM part's own rate;
// with them, sim/ceiling ≤ t_gemm / (t_gemm + t_noise + t_tanh) × (gemm part / ceiling).
#include <cstdio>

#include "../engine/src/packed_gemm.h"  // engine-private, header-only
#include "bench_util.h"
#include "sdfc/network.h"
#include "sdfc/presets.h"
#include "sdfc/trainer.h"

namespace sdfc::bench {
namespace {

template <class S>
double time_per_step(int steps, const std::function<void()>& f) {
  f();  // warm-up
  double best = 1e30;
  for (int t = 0; t < 3; ++t) {
    const double t0 = now_s();
    for (int k = 0; k < steps; ++k) f();
    best = std::min(best, (now_s() - t0) / steps);
  }
  return best;
}

}  // namespace

template <class S>
StepProfile step_profile(int nc) {
  const std::vector<int> sz{784, 256, 256, 256, 10};
  const int L = int(sz.size()) - 1, nL = sz.back();
  Rng rng(1, 0);
  const Network<S> net = Network<S>::init(sz, Activation::Tanh, rng);
  std::vector<Mat<S>> r(L), v(L), vff(L), vfb(L), s(L), xi(L), sum_sr(L), sum_vh(L);
  std::vector<PackedLhs<S>> Wp(L), Qp(L);
  typename PackedLhs<S>::Workspace ws;
  for (int l = 0; l < L; ++l) {
    for (auto* m : {&r[l], &v[l], &vff[l], &vfb[l], &s[l], &xi[l]})
      *m = Mat<S>::Random(sz[l + 1], nc) * S(0.5);
    sum_sr[l] = Mat<S>::Zero(sz[l + 1], sz[l]);
    sum_vh[l] = Mat<S>::Zero(sz[l + 1], nL);
    if (l > 0) Wp[l].pack(net.W[l], nc);
    Qp[l].pack(net.Q[l], nc);
  }
  const Mat<S> u = Mat<S>::Random(nL, nc), h = Mat<S>::Random(nL, nc);
  const int steps = 200;
  StepProfile p;
  p.nc = nc;
  p.gemm_s = time_per_step<S>(steps, [&] {
    for (int l = 0; l < L; ++l) {
      if (l > 0) Wp[l].add_product(r[l - 1], vff[l], ws);
      Qp[l].set_product(u, vfb[l], ws);
      if (l > 0) sum_sr[l].noalias() += s[l] * r[l - 1].transpose();
      sum_vh[l].noalias() += vfb[l] * h.transpose();
    }
  });
  const NoiseFn<S> noise = default_noise<S>(1, 0, nc);
  p.noise_s = time_per_step<S>(steps, [&] {
    for (int l = 0; l < L; ++l) noise(0, l, 0, xi[l]);
  });
  p.tanh_s = time_per_step<S>(steps, [&] {
    for (int l = 0; l + 1 < L; ++l) apply_phi<S>(Activation::Tanh, false, v[l], r[l]);
    for (int l = 1; l + 1 < L; ++l) apply_phi<S>(Activation::Tanh, false, vff[l], s[l]);
  });
  // the whole simulation, one thread: B = 2 nc is 2 chunks of nc, run one after the other
  const int B = 2 * nc;
  Mat<S> X = Mat<S>::Random(sz[0], B);
  Feedforward<S> ff;
  feedforward<S>(net, X, ff);
  std::vector<int> labels(B);
  for (int j = 0; j < B; ++j) labels[j] = j % nL;
  const Mat<S> T = soft_targets<S>(labels.data(), B, nL, 0.99);
  SimParams sp = Trainer<double>(preset("mnist-strong-dfc")).forward_sim_params();
  Simulator<S> sim(1);
  SimResult<S> res;
  double best = 1e30;
  for (int t = 0; t < 3; ++t) {
    const double t0 = now_s();
    sim.run(net, X, ff, T, sp, default_noise<S>(1, uint64_t(t), B), res);
    best = std::min(best, now_s() - t0);
  }
  p.step_s = best / (2.0 * res.steps);
  p.flops = 2.0 * macs_per_sample_step(sz, true, 1) * nc;
  p.ceiling_gflops = gemm_gflops<S>(nullptr, 256, 256, nc, false, false, 1, 0.15);
  return p;
}

template StepProfile step_profile<float>(int);
template StepProfile step_profile<double>(int);

}  // namespace sdfc::bench
