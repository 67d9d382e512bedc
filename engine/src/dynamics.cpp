// dynamics.cpp — the controlled dynamics of spec §2, streamed: per Euler step one
// GEMM per layer over the batch, plus the learning rules' running sums.
//
// [SECTION] workspace   [SECTION] one chunk of columns   [SECTION] Simulator::run
#include "sdfc/dynamics.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <type_traits>
#include <vector>

#include "fast_math.h"
#include "packed_gemm.h"
#include "thread_pool.h"

namespace sdfc {

template <class S>
Vec<S> SimResult<S>::H_per_sample(const Network<S>& net) const {
  // H_b = ||Q u_ss,b||² = Σ_l ||Q_l u_ss,b||²
  Vec<S> H = Vec<S>::Zero(u.cols());
  for (const auto& Ql : net.Q) H += (Ql * u).colwise().squaredNorm().transpose();
  return H;
}

//-----------------------------------------------------------------------------
// [SECTION] workspace: everything one chunk of columns needs, allocated once
//-----------------------------------------------------------------------------
namespace {

template <class M>
void ensure(M& m, Eigen::Index r, Eigen::Index c) {
  if (m.rows() != r || m.cols() != c) m.resize(r, c);
}

template <class S>
struct Chunk {
  int c0 = 0, nc = 0;
  std::vector<Mat<S>> v, vff, vfb, r, phi_ff, s, noise, xi;  // [l] : n_l × nc
  Mat<S> u, u_int, e, ubar, h, u_prev;                       // n_L × nc
  std::vector<Mat<S>> sum_s_r, sum_vfb_h;                    // [l] : n_l × n_{l−1} | n_l × n_L
  std::vector<Vec<S>> sum_s;                                 // [l] : n_l
  Mat<S> sum_s1;  // n_1 × nc: Σ_k s_1[k] (r_0 = x constant)
  // W_l (l ≥ 2) and Q_l packed once per run (packed_gemm.h); shared by chunks of equal width
  const std::vector<PackedLhs<S>>* W_packed = nullptr;  // [l]
  const std::vector<PackedLhs<S>>* Q_packed = nullptr;  // [l]
  typename PackedLhs<S>::Workspace gemm_ws;             // B's packed block, per chunk
  int steps = 0;

  Eigen::Index n_units(int l) const { return v[l].size(); }  // n_l · nc

  void allocate(const std::vector<int>& sz, int nc_) {
    nc = nc_;
    const int L = int(sz.size()) - 1, nL = sz.back();
    for (auto* vecs : {&v, &vff, &vfb, &r, &phi_ff, &s, &noise, &xi}) {
      vecs->resize(L);
      for (int l = 0; l < L; ++l) ensure((*vecs)[l], sz[l + 1], nc);
    }
    for (auto* m : {&u, &u_int, &e, &ubar, &h, &u_prev}) ensure(*m, nL, nc);
    sum_s_r.resize(L);
    sum_vfb_h.resize(L);
    sum_s.resize(L);
    for (int l = 0; l < L; ++l) {
      // layer 1's Σ s_1 xᵀ is formed once from sum_s1 (Simulator::run), never per chunk
      ensure(sum_s_r[l], l == 0 ? 0 : sz[l + 1], l == 0 ? 0 : sz[l]);
      ensure(sum_vfb_h[l], sz[l + 1], nL);
      if (sum_s[l].size() != sz[l + 1]) sum_s[l].resize(sz[l + 1]);
    }
    ensure(sum_s1, sz[1], nc);
  }
};

// Columns per group of the element-wise passes: a multiple of the noise generator's 8 lanes;
// 8 × 256 doubles = 16 KB per array, so a group's arrays fit in L1 together.
constexpr int kGroup = 8;

// Gains of the per-step element-wise update (soma_update).
template <class S>
struct SomaGains {
  S in_gain, keep;  // low-pass noise: n ← in_gain ξ + keep n
  S sig;            // σ of this layer (low-pass: v_fb += σ n)
  S sig_white;      // white noise: v_fb += σ √dt/τ_a ξ
  S dt_tv;          // dt/τ_v
};

// One pass over a layer's n units (n_l·nc, contiguous), fusing what would be three Eigen
// loops over memory that no longer fits in L1:
//   low-pass: n ← (a_n/√dt) ξ + (1 − a_n) n;  v_fb += σ n      white: v_fb += σ (√dt/τ_a) ξ
//   soma:     v  += dt/τ_v (v_ff + v_fb − v)
template <class S>
void soma_update(NoiseKind kind, Eigen::Index n, const S* __restrict xi, S* __restrict noise,
                 S* __restrict vfb, const S* __restrict vff, S* __restrict v, SomaGains<S> g) {
  if (kind == NoiseKind::LowPass) {
    for (Eigen::Index i = 0; i < n; ++i) {
      noise[i] = g.in_gain * xi[i] + g.keep * noise[i];
      vfb[i] += g.sig * noise[i];
      v[i] += g.dt_tv * (vff[i] + vfb[i] - v[i]);
    }
  } else if (kind == NoiseKind::White) {
    for (Eigen::Index i = 0; i < n; ++i) {
      vfb[i] += g.sig_white * xi[i];
      v[i] += g.dt_tv * (vff[i] + vfb[i] - v[i]);
    }
  } else {
    for (Eigen::Index i = 0; i < n; ++i) v[i] += g.dt_tv * (vff[i] + vfb[i] - v[i]);
  }
}

// e = r* − g(r_L), g = softmax (column-wise) or the identity.
template <class S>
void output_error(ErrorForm form, CMatRef<S> target, CMatRef<S> rL, MatRef<S> e) {
  if (form == ErrorForm::Logit) {
    e = target - rL;
    return;
  }
  for (Eigen::Index j = 0; j < rL.cols(); ++j) {
    const S m = rL.col(j).maxCoeff();
    e.col(j) = (rL.col(j).array() - m).exp().matrix();
    e.col(j) /= e.col(j).sum();
  }
  e = target - e;
}

//-----------------------------------------------------------------------------
// [SECTION] one chunk of columns: the whole time loop
//-----------------------------------------------------------------------------
template <class S>
void run_chunk(Chunk<S>& c, const Network<S>& net, const Feedforward<S>& ff, CMatRef<S> target,
               const SimParams& p, const NoiseFn<S>& noise, SimResult<S>& out) {
  const int L = net.depth(), K = p.K, c0 = c.c0, nc = c.nc;
  const S dt = S(p.dt), alpha = S(p.alpha), kp = S(p.k_p), dt_tv = S(p.dt / p.tau_v);
  const bool inst_apical = p.tau_a <= 0 || std::abs(p.tau_a - p.dt) <= 1e-15 * p.dt;
  const S dt_ta = inst_apical ? S(1) : S(p.dt / p.tau_a);
  const double a_n = p.dt / p.tau_noise;
  const S in_gain = S(a_n / std::sqrt(p.dt)), keep = S(1 - a_n);
  const S white_gain = S(std::sqrt(p.dt) / (p.tau_a > 0 ? p.tau_a : p.dt));
  const S a_u = S(p.a_u);

  // Initial state: v = v_ff = feedforward pass, r = r_ff, u = u_int = v_fb = noise = 0.
  for (int l = 0; l < L; ++l) {
    c.v[l] = ff.vff[l].middleCols(c0, nc);
    c.vff[l] = c.v[l];
    c.r[l] = ff.rff[l].middleCols(c0, nc);
    c.vfb[l].setZero();
    c.noise[l].setZero();
    c.sum_s_r[l].setZero();
    c.sum_vfb_h[l].setZero();
    c.sum_s[l].setZero();
  }
  c.sum_s1.setZero();
  c.u.setZero();
  c.u_int.setZero();
  c.ubar.setZero();

  auto record = [&](int k) {
    Recording<S>& rec = out.rec;
    rec.u[k].middleCols(c0, nc) = c.u;
    rec.rL[k].middleCols(c0, nc) = c.r[L - 1];
    rec.e[k].middleCols(c0, nc) = c.e;
    rec.Qu2[k].segment(c0, nc).setZero();
    for (int l = 0; l < L; ++l)
      rec.Qu2[k].segment(c0, nc) += (net.Q[l] * c.u).colwise().squaredNorm().transpose();
    if (p.record_layers)
      for (int l = 0; l < L; ++l) {
        rec.v[k][l].middleCols(c0, nc) = c.v[l];
        rec.vfb[k][l].middleCols(c0, nc) = c.vfb[l];
      }
  };

  // double tanh layers: φ is fused into the element-wise passes (fast_math.h's tanh, as
  // apply_phi uses); float keeps Eigen's packet tanh of whole layers.
  const bool fuse_tanh = std::is_same_v<S, double> && net.hidden == Activation::Tanh;

  // φ(v_ff,1) is constant over the run (v_ff,1 = W_1 x + b_1): it is the feedforward rate.
  c.phi_ff[0] = ff.rff[0].middleCols(c0, nc);

  // s_l = φ(v_l) − φ(v_ff,l) at the current point, added to the forward sums with weight w.
  auto accumulate_forward = [&](S w) {
    for (int l = 0; l < L; ++l) {
      if (fuse_tanh && l > 0 && l < L - 1) {
        if constexpr (std::is_same_v<S, double>) {
          // s_l = w (r_l − tanh v_ff,l) in one pass (the same arithmetic as the two below)
          const S* r = c.r[l].data();
          const S* vff = c.vff[l].data();
          S* sl = c.s[l].data();
          const Eigen::Index n = c.n_units(l);
          if (w != S(1))
            for (Eigen::Index i = 0; i < n; ++i) sl[i] = w * (r[i] - fastmath::tanh_scalar(vff[i]));
          else
            for (Eigen::Index i = 0; i < n; ++i) sl[i] = r[i] - fastmath::tanh_scalar(vff[i]);
        }
      } else {
        if (l > 0) apply_phi<S>(net.hidden, l == L - 1, c.vff[l], c.phi_ff[l]);
        if (w != S(1))
          c.s[l] = w * (c.r[l] - c.phi_ff[l]);  // n_l × nc
        else
          c.s[l] = c.r[l] - c.phi_ff[l];
      }
      if (l == 0) {
        c.sum_s1 += c.s[0];  // Σ_k s_1[k]; the outer product with x is taken once at the end
      } else {
        // Σ_k s_l[k] r_{l−1}[k]ᵀ   (n_l × nc)·(nc × n_{l−1})
        c.sum_s_r[l].noalias() += c.s[l] * c.r[l - 1].transpose();
        c.sum_s[l] += c.s[l].rowwise().sum();
      }
    }
  };

  const auto tgt = target.middleCols(c0, nc);
  int k = 0;
  for (; k < K - 1; ++k) {
    // e[k] = r* − g(r_L[k])
    output_error<S>(p.error, tgt, c.r[L - 1], c.e);
    if (p.record) record(k);
    if (p.early_stop_tol > 0) c.u_prev = c.u;

    // PI controller, leak on the total u:  u_int += dt (e − α u);  u = u_int + k_p e
    if (kp > S(0)) {
      c.u_int += dt * (c.e - alpha * c.u);
      c.u = c.u_int + kp * c.e;
    } else {
      c.u += dt * (c.e - alpha * c.u);
    }

    // Feedback rule: Σ_j v_fb[j] h[j]ᵀ with h[j] the high-passed (or raw) u[j+1].
    // v_fb[0] = 0, so the first pairing contributes nothing.
    if (p.feedback == FeedbackRule::HighPass) {
      // ū[0] = u[1];  ū[j] = a_u u[j+1] + (1 − a_u) ū[j−1];  h = u − ū
      if (k == 0)
        c.ubar = c.u;
      else
        c.ubar = a_u * c.u + (S(1) - a_u) * c.ubar;
      c.h = c.u - c.ubar;
      if (k > 0)
        for (int l = 0; l < L; ++l) c.sum_vfb_h[l].noalias() += c.vfb[l] * c.h.transpose();
    } else if (p.feedback == FeedbackRule::Raw && k > 0) {
      for (int l = 0; l < L; ++l) c.sum_vfb_h[l].noalias() += c.vfb[l] * c.u.transpose();
    }

    for (int l = 0; l < L; ++l) {
      // v_ff = b + W r_{l−1}[k+1]   (layer 1: W x + b is constant, from the feedforward pass;
      // starting from b and accumulating spares the GEMM's zero-fill and a bias pass)
      if (l > 0) {
        c.vff[l].colwise() = net.b[l];
        (*c.W_packed)[l].add_product(c.r[l - 1], c.vff[l], c.gemm_ws);  // += W_l r_{l−1}
      }
      // apical: v_fb = Q u[k+1]  (instantaneous)  or  v_fb += dt/τ_a (Q u − v_fb)
      if (inst_apical) {
        (*c.Q_packed)[l].set_product(c.u, c.vfb[l], c.gemm_ws);  // n_l × nc
      } else {
        (*c.Q_packed)[l].set_product(c.u, c.xi[l], c.gemm_ws);
        c.vfb[l] += dt_ta * (c.xi[l] - c.vfb[l]);
      }
      const S sig = S(l == L - 1 ? p.sigma_output : p.sigma_hidden);
      const SomaGains<S> gains{in_gain, keep, sig, sig * white_gain, dt_tv};
      // Noise draws, apical noise, soma (and, in double, r = tanh v) in groups of kGroup
      // columns, so each group's arrays stay in L1 between the three passes; per column the
      // draws and the arithmetic are those of whole-layer passes (bit-identical).
      const bool fused_tanh = fuse_tanh && l < L - 1;
      const Eigen::Index rows = c.v[l].rows();
      for (int j0 = 0; j0 < nc; j0 += kGroup) {
        const int w = std::min(kGroup, nc - j0);
        const Eigen::Index off = j0 * rows, n = w * rows;  // the group: n contiguous values
        if (p.noise != NoiseKind::None) noise(k, l, c0 + j0, c.xi[l].middleCols(j0, w));
        soma_update<S>(p.noise, n, c.xi[l].data() + off, c.noise[l].data() + off,
                       c.vfb[l].data() + off, c.vff[l].data() + off, c.v[l].data() + off, gains);
        // r = φ(v)
        if constexpr (std::is_same_v<S, double>)
          if (fused_tanh) fastmath::tanh_inplace(c.v[l].data() + off, c.r[l].data() + off, n);
      }
      if (!fused_tanh) apply_phi<S>(net.hidden, l == L - 1, c.v[l], c.r[l]);
    }

    if (p.forward_sums && (k + 1) % p.forward_stride == 0) accumulate_forward(S(p.forward_stride));

    if (p.early_stop_tol > 0 && k + 2 < K &&
        (c.u - c.u_prev).cwiseAbs().maxCoeff() < S(p.early_stop_tol * p.dt)) {
      // Converged: the remaining K − 2 − k points equal this one; add them in one go.
      const int remaining = K - 2 - k;
      if (p.forward_sums) accumulate_forward(S(remaining));
      ++k;
      break;
    }
  }
  c.steps = k;
  // the last stored point: its error (for records and the caller)
  output_error<S>(p.error, tgt, c.r[L - 1], c.e);
  if (p.record) {
    record(k);
    for (int kk = k + 1; kk < K; ++kk) record(kk);  // early stop: hold the final state
  }
  if (p.forward_sums) {
    // layer 1: Σ_k s_1[k] xᵀ = (Σ_k s_1[k]) xᵀ
    c.sum_s[0] = c.sum_s1.rowwise().sum();
  }
  for (int l = 0; l < L; ++l) {
    out.v[l].middleCols(c0, nc) = c.v[l];
    out.vff[l].middleCols(c0, nc) = c.vff[l];
    out.vfb[l].middleCols(c0, nc) = c.vfb[l];
    out.r[l].middleCols(c0, nc) = c.r[l];
  }
  out.u.middleCols(c0, nc) = c.u;
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Simulator::run — split the batch into chunks (a function of B), run, reduce
//-----------------------------------------------------------------------------
template <class S>
struct Simulator<S>::Impl {
  int threads = 1;                   // as resolved: ≥ 1
  std::shared_ptr<ThreadPool> pool;  // the process's pool (ThreadPool::shared), at first need
  std::vector<Chunk<S>> chunks;
  // W_l, Q_l packed for the chunks' widths (at most 2 distinct: ⌈B/2⌉ and ⌊B/2⌋)
  std::vector<std::vector<PackedLhs<S>>> W_packed, Q_packed;
};

template <class S>
Simulator<S>::Simulator(int threads) : impl_(new Impl) {
  impl_->threads = ThreadPool::resolve(threads);
}

template <class S>
int Simulator<S>::threads() const {
  return impl_->threads;
}

template <class S>
int Simulator<S>::chunks_for(int B) {
  // A function of B only, never of the thread count: each chunk's sums (Σ_b s rᵀ, Σ_b v_fb hᵀ
  // over its columns) are added in chunk order and the GEMMs block by the chunk's width, so
  // another chunking would round differently. At least kMinChunkCols columns per chunk
  // (narrower GEMMs lose more than a second core gains), at most kMaxChunks (the machine this
  // is tuned for has 2 cores; changing either constant changes the numbers of every run).
  constexpr int kMinChunkCols = 16, kMaxChunks = 2;
  return std::max(1, std::min(kMaxChunks, B / kMinChunkCols));
}

template <class S>
Simulator<S>::~Simulator() {
  delete impl_;
}

template <class S>
void Simulator<S>::run(const Network<S>& net, CMatRef<S> X, const Feedforward<S>& ff,
                       CMatRef<S> target, const SimParams& p, const NoiseFn<S>& noise,
                       SimResult<S>& out) {
  const int L = net.depth(), B = int(X.cols()), nL = net.n_out();
  if (p.K < 2) throw Error("simulation: K (tmax_di) must be ≥ 2");
  if (!(p.dt > 0) || !(p.tau_v > 0)) throw Error("simulation: dt and τ_v must be > 0");
  if (p.noise != NoiseKind::None && !noise)
    throw Error("simulation: noisy run without a noise source");
  if (p.forward_stride < 1) throw Error("simulation: forward_stride must be ≥ 1");

  // Fixed chunking (a function of B only), so results do not depend on the thread count.
  const int n_chunks = chunks_for(B);
  auto& chunks = impl_->chunks;
  chunks.resize(n_chunks);
  for (int i = 0, c0 = 0; i < n_chunks; ++i) {
    const int nc = B / n_chunks + (i < B % n_chunks ? 1 : 0);
    chunks[i].c0 = c0;
    chunks[i].allocate(net.sizes, nc);
    c0 += nc;
  }

  out.B = B;
  out.v.resize(L);
  out.vff.resize(L);
  out.vfb.resize(L);
  out.r.resize(L);
  for (int l = 0; l < L; ++l)
    for (auto* m : {&out.v[l], &out.vff[l], &out.vfb[l], &out.r[l]})
      ensure(*m, net.sizes[l + 1], B);
  ensure(out.u, nL, B);
  if (p.record) {
    Recording<S>& rec = out.rec;
    for (auto* m : {&rec.u, &rec.rL, &rec.e}) {
      m->resize(p.K);
      for (auto& x : *m) ensure(x, nL, B);
    }
    rec.Qu2.resize(p.K);
    for (auto& x : rec.Qu2)
      if (x.size() != B) x.resize(B);
    if (p.record_layers) {
      rec.v.assign(p.K, std::vector<Mat<S>>(L));
      rec.vfb.assign(p.K, std::vector<Mat<S>>(L));
      for (int k = 0; k < p.K; ++k)
        for (int l = 0; l < L; ++l) {
          rec.v[k][l].resize(net.sizes[l + 1], B);
          rec.vfb[k][l].resize(net.sizes[l + 1], B);
        }
    }
  }

  // W_l (l ≥ 2) and Q_l are constant over the run: packed once for the K − 1 steps' products,
  // one set per distinct chunk width (the packing's blocking depends on it).
  auto& Wp = impl_->W_packed;
  auto& Qp = impl_->Q_packed;
  Wp.resize(n_chunks);
  Qp.resize(n_chunks);
  for (int i = 0; i < n_chunks; ++i) {
    const int same = i > 0 && chunks[i].nc == chunks[0].nc ? 0 : i;
    chunks[i].W_packed = &Wp[same];
    chunks[i].Q_packed = &Qp[same];
    if (same != i) continue;
    Wp[i].resize(L);
    Qp[i].resize(L);
    for (int l = 0; l < L; ++l) {
      if (l > 0) Wp[i][l].pack(net.W[l], chunks[i].nc);
      Qp[i][l].pack(net.Q[l], chunks[i].nc);
    }
  }

  // Each chunk runs the whole time loop on its own columns, without synchronisation, on
  // min(threads, chunks) threads (a thread beyond the chunk count would have no work).
  const int threads = std::min(impl_->threads, n_chunks);
  if (threads > 1 && (!impl_->pool || impl_->pool->threads() != threads))
    impl_->pool = ThreadPool::shared(threads);
  const std::function<void(int)> work = [&](int i) {
    run_chunk<S>(chunks[i], net, ff, target, p, noise, out);
  };
  if (threads > 1)
    impl_->pool->run(n_chunks, work);
  else
    for (int i = 0; i < n_chunks; ++i) work(i);

  // Reduce the chunks' sums in chunk order (deterministic).
  out.steps = chunks[0].steps;
  for (auto& c : chunks) out.steps = std::max(out.steps, c.steps);
  if (p.forward_sums) {
    out.sum_s_r.resize(L);
    out.sum_s.resize(L);
    for (int l = 0; l < L; ++l) {
      ensure(out.sum_s_r[l], net.sizes[l + 1], net.sizes[l]);
      out.sum_s_r[l].setZero();
      out.sum_s[l].setZero(net.sizes[l + 1]);
      for (auto& c : chunks) {
        if (l == 0)  // Σ_k s_1 xᵀ over the chunk's columns
          out.sum_s_r[0].noalias() += c.sum_s1 * X.middleCols(c.c0, c.nc).transpose();
        else
          out.sum_s_r[l] += c.sum_s_r[l];
        out.sum_s[l] += c.sum_s[l];
      }
    }
  }
  if (p.feedback != FeedbackRule::None) {
    out.sum_vfb_h.resize(L);
    for (int l = 0; l < L; ++l) {
      ensure(out.sum_vfb_h[l], net.sizes[l + 1], nL);
      out.sum_vfb_h[l].setZero();
      for (auto& c : chunks) out.sum_vfb_h[l] += c.sum_vfb_h[l];
    }
  }
}

template struct SimResult<float>;
template struct SimResult<double>;
template class Simulator<float>;
template class Simulator<double>;

}  // namespace sdfc
