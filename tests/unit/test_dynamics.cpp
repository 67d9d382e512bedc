// test_dynamics.cpp — independent numerical oracles for the controlled dynamics
// (reference §2.5, §3, §9 T1–T4, T8, T9): the Jacobian against finite differences,
// exact fixed points, the closed-form linear system, the linearisation error, the
// trajectory bookkeeping, the filtered/white noise statistics, and that strong
// feedback drives the output to the target. Tiny networks, noiseless unless stated.
#include <doctest/doctest.h>

#include <algorithm>
#include <thread>

#include "../../engine/src/packed_gemm.h"  // header-only, engine-private
#include "../../engine/src/thread_pool.h"  // engine-private: ThreadPool::resolve
#include "test_numerics_util.h"

using namespace sdfc;
using numt::MatD;
using numt::Net;
using numt::VecD;

namespace {

// r_L as a function of the voltage v_l of one layer (sample b), the other layers'
// offsets c_m = v_m − W_m φ(v_{m−1}) − b_m held fixed (at a controlled state these
// offsets are the apical inputs Q_m u, which do not depend on v_l).
VecD rL_of_vl(const Net& net, const std::vector<MatD>& v0, int l, const VecD& vl, int b) {
  const int L = net.depth();
  VecD v = vl;
  for (int m = l + 1; m < L; ++m) {
    VecD r_prev(v.size()), r_prev0(v.size());
    for (int k = 0; k < v.size(); ++k) {
      r_prev(k) = numt::phi(net.hidden, m - 1 == L - 1, v(k));
      r_prev0(k) = numt::phi(net.hidden, m - 1 == L - 1, v0[m - 1](k, b));
    }
    // v_m = v0_m + W_m (φ(v_{m−1}) − φ(v0_{m−1}))
    v = v0[m].col(b) + net.W[m] * (r_prev - r_prev0);
  }
  return v;  // linear output: r_L = v_L
}

}  // namespace

TEST_CASE("num.T1 jacobian matches central finite differences of r_L w.r.t. v_l") {
  for (Activation act : {Activation::Tanh, Activation::ReLU, Activation::Linear}) {
    Net net = numt::make_net({5, 4, 4, 3}, act, 101);
    // arbitrary (controlled-looking) voltages, away from ReLU kinks
    std::vector<MatD> v;
    for (int l = 0; l < net.depth(); ++l) {
      MatD m = numt::randn(net.sizes[l + 1], 3, 200 + l, 0.8);
      for (Eigen::Index i = 0; i < m.size(); ++i)
        if (std::abs(m(i)) < 0.05) m(i) = 0.3;
      v.push_back(m);
    }
    double worst = 0;
    for (int b = 0; b < 3; ++b) {
      const MatD J = jacobian<double>(net, v, b);
      MatD Jfd(J.rows(), J.cols());
      const double h = 1e-6;
      for (int l = 0, col = 0; l < net.depth(); ++l)
        for (int i = 0; i < net.sizes[l + 1]; ++i, ++col) {
          VecD vp = v[l].col(b), vm = v[l].col(b);
          vp(i) += h;
          vm(i) -= h;
          Jfd.col(col) = (rL_of_vl(net, v, l, vp, b) - rL_of_vl(net, v, l, vm, b)) / (2 * h);
        }
      worst = std::max(worst, numt::rel_err(J, Jfd));
      // and against our own forward-mode Jacobian (exact algebra, different algorithm)
      CHECK(numt::rel_err(J, numt::jac_forward(net, v, b)) < 1e-13);
    }
    MESSAGE("T1 " << std::string(to_string(act)) << ": max rel err |J − J_fd|/|J_fd| = " << worst);
    CHECK(worst < 1e-7);
  }
}

TEST_CASE("num.T2 exact fixed point after a long noiseless run (logit error)") {
  const double alpha = 0.1;
  SUBCASE("Q_L = I, small random Q_l (batch of 4)") {
    Net net = numt::make_net({5, 4, 4, 3}, Activation::Tanh, 202);
    for (int l = 0; l + 1 < net.depth(); ++l) net.Q[l] *= 0.2;
    const MatD X = numt::randn(5, 4, 1);
    const MatD T = numt::ff_of(net, X).logits() + numt::pm(3, 4, 0.5, 2);
    const auto res = numt::simulate(net, X, T, numt::quiet(4000, alpha, ErrorForm::Logit));
    const auto [e_res, v_res] = numt::fixed_point_residuals(net, X, T, res, alpha);
    MESSAGE("T2 (Q_L=I): ||e − αu||_∞ = " << e_res << ", ||v − (W r + b + Q u)||_∞ = " << v_res
                                          << ", |u|_∞ = " << res.u.cwiseAbs().maxCoeff());
    CHECK(e_res <= 1e-10);
    CHECK(v_res <= 1e-10);
    CHECK(res.u.cwiseAbs().maxCoeff() > 0.1);  // the controller did work
  }
  SUBCASE("Q = Jᵀ at the feedforward state (one sample)") {
    Net net = numt::make_net({5, 4, 4, 3}, Activation::Tanh, 203);
    const MatD X = numt::randn(5, 1, 3);
    const auto ff = numt::ff_of(net, X);
    numt::set_Q(net, numt::jac_forward(net, ff.vff, 0).transpose());
    const MatD T = ff.logits() + numt::pm(3, 1, 0.5, 4);
    const auto res = numt::simulate(net, X, T, numt::quiet(4000, alpha, ErrorForm::Logit));
    const auto [e_res, v_res] = numt::fixed_point_residuals(net, X, T, res, alpha);
    MESSAGE("T2 (Q=Jᵀ): ||e − αu||_∞ = " << e_res << ", ||v − (W r + b + Q u)||_∞ = " << v_res);
    CHECK(e_res <= 1e-10);
    CHECK(v_res <= 1e-10);
  }
}

TEST_CASE("num.T3 linear network, Q = Jᵀ: u = (JQ + αI)⁻¹δ and the closed-form fixed point") {
  Net net = numt::make_net({5, 4, 4, 3}, Activation::Linear, 303);
  for (auto& b : net.b) b = numt::randn(int(b.size()), 1, 31, 0.3);
  const MatD X = numt::randn(5, 1, 5);
  const auto ff = numt::ff_of(net, X);
  // J of a linear network by hand: J_L = I, J_l = W_L ⋯ W_{l+1}
  const int L = net.depth();
  std::vector<MatD> Jl(L);
  Jl[L - 1] = MatD::Identity(3, 3);
  for (int l = L - 2; l >= 0; --l) Jl[l] = Jl[l + 1] * net.W[l + 1];
  MatD J(3, net.n_stacked());
  for (int l = 0, o = 0; l < L; o += net.sizes[l + 1], ++l)
    J.middleCols(o, net.sizes[l + 1]) = Jl[l];
  numt::set_Q(net, J.transpose());
  const MatD delta = numt::pm(3, 1, 1.0, 6);
  const MatD T = ff.logits() + delta;
  for (double alpha : {0.1, 0.01, 0.001}) {
    const auto res = numt::simulate(net, X, T, numt::quiet(5000, alpha, ErrorForm::Logit));
    const MatD Q = J.transpose();
    const VecD u = (J * Q + alpha * MatD::Identity(3, 3)).fullPivLu().solve(VecD(delta.col(0)));
    const double du = (res.u.col(0) - u).cwiseAbs().maxCoeff() / u.cwiseAbs().maxCoeff();
    // closed form of the controlled linear system (σ = 0): v_l = W_l v_{l−1} + b_l + Q_l u
    double dv = 0;
    VecD vprev = X.col(0);
    for (int l = 0; l < L; ++l) {
      const VecD vl = net.W[l] * vprev + net.b[l] + net.Q[l] * u;
      dv = std::max(dv, (res.v[l].col(0) - vl).cwiseAbs().maxCoeff() / vl.cwiseAbs().maxCoeff());
      vprev = vl;
    }
    MESSAGE("T3 α=" << alpha << ": rel |u_sim − (JQ+αI)⁻¹δ|_∞ = " << du
                    << ", rel |v_sim − v_closed|_∞ = " << dv);
    CHECK(du <= 1e-10);
    CHECK(dv <= 1e-10);
  }
}

TEST_CASE("num.T4 tanh net, Q = Jᵀ: the linearisation error shrinks linearly with |δ|") {
  Net net = numt::make_net({5, 4, 4, 3}, Activation::Tanh, 404);
  const MatD X = numt::randn(5, 1, 7);
  const auto ff = numt::ff_of(net, X);
  const MatD J = numt::jac_forward(net, ff.vff, 0);
  numt::set_Q(net, J.transpose());
  const double alpha = 0.01;
  const MatD A = J * J.transpose() + alpha * MatD::Identity(3, 3);
  std::vector<double> errs;
  for (double s : {0.1, 0.01, 0.001}) {
    const MatD delta = numt::pm(3, 1, s, 8);
    const auto res =
        numt::simulate(net, X, ff.logits() + delta, numt::quiet(4000, alpha, ErrorForm::Logit));
    const VecD u_lin = A.ldlt().solve(VecD(delta.col(0)));
    errs.push_back((res.u.col(0) - u_lin).norm() / u_lin.norm());
  }
  MESSAGE("T4 ||u_sim − u_lin||/||u_lin|| for δ = 0.1, 0.01, 0.001: " << errs[0] << ", " << errs[1]
                                                                      << ", " << errs[2]);
  CHECK(errs[0] / errs[1] > 5);
  CHECK(errs[1] / errs[2] > 5);
  CHECK(errs[0] / errs[1] < 20);
  CHECK(errs[1] / errs[2] < 20);
}

TEST_CASE("num.T8 trajectory bookkeeping: K points, point 0 = feedforward, exact recursions") {
  Net net = numt::make_net({5, 4, 4, 3}, Activation::Tanh, 808);
  const int B = 3, L = net.depth(), K = 40;
  const MatD X = numt::randn(5, B, 9);
  const auto ff = numt::ff_of(net, X);
  const MatD T = softmax<double>(ff.logits()) + 0.2 * numt::pm(3, B, 1.0, 10);
  for (double ratio_tau_a : {1.0, 5.0}) {
    for (double ratio_tau_v : {1.0, 4.0}) {
      CAPTURE(ratio_tau_a);
      CAPTURE(ratio_tau_v);
      SimParams p = numt::quiet(K, 0.05, ErrorForm::Softmax, 0.02, 0.02 * ratio_tau_v, 1.5);
      p.tau_a = 0.02 * ratio_tau_a;
      p.record = p.record_layers = true;
      const auto res = numt::simulate(net, X, T, p);
      REQUIRE(int(res.rec.u.size()) == K);
      REQUIRE(int(res.rec.v.size()) == K);
      CHECK(res.steps == K - 1);
      // point 0 is the feedforward pass: s = 0, v_fb = 0, u = 0
      CHECK(res.rec.u[0].isZero(0));
      CHECK((res.rec.rL[0] - ff.logits()).isZero(0));
      for (int l = 0; l < L; ++l) {
        CHECK((res.rec.v[0][l] - ff.vff[l]).isZero(0));
        CHECK(res.rec.vfb[0][l].isZero(0));
      }
      double worst_soma = 0, worst_apical = 0, worst_ctrl = 0, worst_err = 0;
      MatD u_int = MatD::Zero(3, B);
      for (int k = 0; k + 1 < K; ++k) {
        const MatD& uk = res.rec.u[k];
        const MatD& uk1 = res.rec.u[k + 1];
        // e[k] = r* − softmax(r_L[k])
        worst_err = std::max(
            worst_err, (res.rec.e[k] - (T - softmax<double>(res.rec.rL[k]))).cwiseAbs().maxCoeff());
        // u_int[k+1] = u_int[k] + dt (e[k] − α u[k]);  u[k+1] = u_int[k+1] + k_p e[k]
        u_int += p.dt * (res.rec.e[k] - p.alpha * uk);
        worst_ctrl =
            std::max(worst_ctrl, (uk1 - (u_int + p.k_p * res.rec.e[k])).cwiseAbs().maxCoeff());
        for (int l = 0; l < L; ++l) {
          // apical: v_fb[k+1] = v_fb[k] + dt/τ_a (Q u[k+1] − v_fb[k])  (= Q u[k+1] when τ_a = dt)
          const MatD vfb =
              res.rec.vfb[k][l] + (p.dt / p.tau_a) * (net.Q[l] * uk1 - res.rec.vfb[k][l]);
          worst_apical =
              std::max(worst_apical, (res.rec.vfb[k + 1][l] - vfb).cwiseAbs().maxCoeff());
          if (ratio_tau_a == 1.0)
            CHECK((res.rec.vfb[k + 1][l] - net.Q[l] * uk1).cwiseAbs().maxCoeff() <= 1e-15);
          // soma, bottom-up in the same step: v_ff = W r_{l−1}[k+1] + b
          MatD rprev = X;
          if (l > 0) {
            rprev = res.rec.v[k + 1][l - 1];
            for (Eigen::Index i = 0; i < rprev.size(); ++i) rprev(i) = std::tanh(rprev(i));
          }
          MatD vff = net.W[l] * rprev;
          vff.colwise() += net.b[l];
          const MatD v =
              res.rec.v[k][l] + (p.dt / p.tau_v) * (vff + res.rec.vfb[k + 1][l] - res.rec.v[k][l]);
          worst_soma = std::max(worst_soma, (res.rec.v[k + 1][l] - v).cwiseAbs().maxCoeff());
          if (ratio_tau_v == 1.0)  // dt = τ_v: instantaneous soma v = v_ff + v_fb
            CHECK((res.rec.v[k + 1][l] - vff - res.rec.vfb[k + 1][l]).cwiseAbs().maxCoeff() <=
                  1e-14);
        }
      }
      CHECK(worst_err <= 1e-14);
      CHECK(worst_ctrl <= 1e-13);
      CHECK(worst_apical <= 1e-14);
      CHECK(worst_soma <= 1e-14);
      CHECK((res.rec.u[K - 1] - res.u).isZero(0));
      CHECK((res.rec.rL[K - 1] - res.r[L - 1]).isZero(0));
      // ||Q u[k]||² per sample
      const MatD Qs = numt::get_Q(net);
      CHECK((res.rec.Qu2[K - 1] - (Qs * res.u).colwise().squaredNorm().transpose()).norm() <=
            1e-13);
    }
  }
}

TEST_CASE("num.T9 filtered and white apical noise: stationary std and lag-1 autocorrelation") {
  // Q = 0: v_fb = σ n exactly (low-pass), so the recorded v_fb is the noise state itself.
  Net net = numt::make_net({3, 8, 8}, Activation::Tanh, 909);
  for (auto& Q : net.Q) Q.setZero();
  const int B = 40, K = 1000, burn = 200;
  const MatD X = numt::randn(3, B, 11);
  const MatD T = numt::ff_of(net, X).logits();
  auto stats = [&](const sdfc::SimResult<double>& res, double& sd, double& rho, double& mean) {
    double s1 = 0, s2 = 0, s11 = 0;
    long n = 0;
    for (int k = burn; k + 1 < K; ++k)
      for (int l = 0; l < net.depth(); ++l) {
        const MatD& a = res.rec.vfb[k][l];
        const MatD& b = res.rec.vfb[k + 1][l];
        s1 += a.sum();
        s2 += a.squaredNorm();
        s11 += (a.array() * b.array()).sum();
        n += a.size();
      }
    mean = s1 / n;
    sd = std::sqrt(s2 / n - mean * mean);
    rho = (s11 / n - mean * mean) / (sd * sd);
  };
  SUBCASE("low-pass (single phase)") {
    SimParams p = numt::quiet(K, 0.1, ErrorForm::Logit, 0.01, 0.01, 2.0);
    p.noise = NoiseKind::LowPass;
    p.sigma_hidden = p.sigma_output = 1.0;
    p.tau_noise = 0.1;  // a = dt/τ_ε = 0.1
    p.record = p.record_layers = true;
    const auto res = numt::simulate(net, X, T, p, default_noise<double>(12345, 0, B));
    const double a = p.dt / p.tau_noise, want = std::sqrt(a / (p.dt * (2 - a)));
    double sd, rho, mean;
    stats(res, sd, rho, mean);
    MESSAGE("T9 low-pass: std " << sd << " (want " << want << "), lag-1 autocorr " << rho
                                << " (want " << 1 - a << "), mean " << mean);
    CHECK(std::abs(sd / want - 1) < 0.02);
    CHECK(std::abs(rho - (1 - a)) < 0.01);
    CHECK(std::abs(mean) < 0.05 * want);
  }
  SUBCASE("white (two-phase feedback), filtered apical compartment") {
    SimParams p = numt::quiet(K, 0.1, ErrorForm::Logit, 0.01, 0.01, 2.0);
    p.noise = NoiseKind::White;
    p.sigma_hidden = p.sigma_output = 1.0;
    p.tau_a = 0.05;  // c = dt/τ_a = 0.2: v_fb ← (1 − c) v_fb + σ (√dt/τ_a) ξ
    p.record = p.record_layers = true;
    const auto res = numt::simulate(net, X, T, p, default_noise<double>(777, 3, B));
    const double c = p.dt / p.tau_a, want = std::sqrt(1.0 / (p.tau_a * (2 - c)));
    double sd, rho, mean;
    stats(res, sd, rho, mean);
    MESSAGE("T9 white: std " << sd << " (want " << want << "), lag-1 autocorr " << rho << " (want "
                             << 1 - c << ")");
    CHECK(std::abs(sd / want - 1) < 0.02);
    CHECK(std::abs(rho - (1 - c)) < 0.01);
  }
}

TEST_CASE("num.strong feedback drives softmax(r_L) to the soft label") {
  Net net = numt::make_net({8, 6, 4}, Activation::Tanh, 1111);  // Q at init: Q_L = I, Q_1 Xavier
  const int B = 8;
  const MatD X = numt::randn(8, B, 13);
  std::vector<int> labels(B);
  for (int j = 0; j < B; ++j) labels[j] = j % 4;
  const MatD T = soft_targets<double>(labels.data(), B, 4, 0.9);
  const auto ff = numt::ff_of(net, X);
  SimParams p = numt::quiet(2500, 1e-3, ErrorForm::Softmax, 0.02, 0.1, 2.0);
  const auto res = numt::simulate(net, X, T, p);
  const double before = (softmax<double>(ff.logits()) - T).norm();
  const double after = (softmax<double>(res.r[1]) - T).norm();
  MESSAGE("strong feedback: ||softmax(r_L) − r*|| " << before << " → " << after << " ("
                                                    << 100 * after / before << " %)");
  CHECK(after < 0.05 * before);
}

namespace {
// One noisy simulation with every running sum on, on a simulator of `threads` threads.
template <class S>
SimResult<S> noisy_run(Simulator<S>& sim, const Network<S>& net, const Mat<S>& X, int B,
                       uint64_t seed) {
  Feedforward<S> ff;
  feedforward<S>(net, X, ff);
  std::vector<int> labels(B);
  for (int j = 0; j < B; ++j) labels[j] = j % 4;
  const Mat<S> T = soft_targets<S>(labels.data(), B, 4, 0.99);
  SimParams p = numt::quiet(60, 1e-3, ErrorForm::Softmax, 0.005, 0.01, 2.0);
  p.noise = NoiseKind::LowPass;
  p.sigma_hidden = 0.05, p.sigma_output = 0.1, p.tau_noise = 0.05;
  p.forward_sums = true;
  p.feedback = FeedbackRule::HighPass;
  SimResult<S> r;
  sim.run(net, X, ff, T, p, default_noise<S>(seed, 0, B), r);
  return r;
}

template <class S>
bool identical(const SimResult<S>& a, const SimResult<S>& b) {
  bool same = a.u == b.u;
  for (size_t l = 0; l < a.v.size(); ++l)
    same = same && a.v[l] == b.v[l] && a.r[l] == b.r[l] && a.sum_s_r[l] == b.sum_s_r[l] &&
           a.sum_s[l] == b.sum_s[l] && a.sum_vfb_h[l] == b.sum_vfb_h[l];
  return same;
}

template <class S>
void check_thread_counts() {
  // The batch is cut into Simulator::chunks_for(B) column chunks (1 below B = 32, else 2),
  // whatever the thread count; 1 thread runs them one after the other, 2 or more concurrently
  // on the shared pool, and every thread count must give the same bits.
  const Network<S> net = numt::make_net({6, 5, 4}, Activation::Tanh, 1212).cast<S>();
  for (const int B : {8, 32, 70, 128}) {
    CAPTURE(B);
    CHECK(Simulator<S>::chunks_for(B) == (B < 32 ? 1 : 2));
    const Mat<S> X = numt::randn(6, B, 14).cast<S>();
    Simulator<S> s1(1);
    const SimResult<S> r1 = noisy_run(s1, net, X, B, 5);
    for (const int threads : {2, 4, 0}) {
      CAPTURE(threads);
      Simulator<S> sn(threads);
      CHECK(sn.threads() == ThreadPool::resolve(threads));
      CHECK(identical(r1, noisy_run(sn, net, X, B, 5)));
      // the persistent pool is reused: a second run on the same simulator agrees again
      CHECK(identical(r1, noisy_run(sn, net, X, B, 5)));
    }
    // and a different noise seed does change the result
    CHECK_FALSE(identical(r1, noisy_run(s1, net, X, B, 6)));
  }
}
}  // namespace

TEST_CASE("num.simulator: bit-identical results for 1, 2, 4 and all threads, B = 8 … 128") {
  check_thread_counts<double>();
  check_thread_counts<float>();
  CHECK(ThreadPool::resolve(0) >= 1);
#ifndef __EMSCRIPTEN__
  CHECK(ThreadPool::resolve(0) == std::max(1, int(std::thread::hardware_concurrency())));
  CHECK(ThreadPool::resolve(3) == 3);
#endif
}

TEST_CASE("num.early stop: the held final state reproduces the full run's fixed point and sums") {
  Net net = numt::make_net({5, 4, 4, 3}, Activation::Tanh, 1414);
  for (int l = 0; l + 1 < net.depth(); ++l) net.Q[l] *= 0.2;  // J Q ≈ I: fast convergence
  const int B = 3, L = net.depth();
  const MatD X = numt::randn(5, B, 15);
  const MatD T = numt::ff_of(net, X).logits() + numt::pm(3, B, 0.3, 16);
  SimParams p = numt::quiet(5000, 0.1, ErrorForm::Logit);
  p.forward_sums = true;
  const auto full = numt::simulate(net, X, T, p);
  p.early_stop_tol = 1e-7;  // stop when |Δu| < 2e-9 per step
  const auto early = numt::simulate(net, X, T, p);
  double dsum = 0;
  for (int l = 0; l < L; ++l) {
    dsum = std::max(dsum, numt::rel_err(early.sum_s_r[l], full.sum_s_r[l]));
    dsum = std::max(dsum, numt::rel_err(early.sum_s[l], full.sum_s[l]));
  }
  const double du = (early.u - full.u).cwiseAbs().maxCoeff();
  MESSAGE("early stop after " << early.steps << " of " << full.steps << " steps: |Δu|_∞ " << du
                              << ", rel diff of the forward sums " << dsum);
  CHECK(early.steps < full.steps / 2);
  CHECK(du < 1e-5);
  CHECK(dsum < 1e-5);
}

// packed_gemm.h: W and Q packed once per simulation. The products must be bit-identical to
// Eigen's own `C.noalias() += A * B` (an independent implementation of the same algorithm) for
// the simulation's shapes, for shapes that need several blocks, and for the fallbacks.
template <class S>
void check_packed_products() {
  struct Shape {
    int m, k, n;
  };
  const Shape shapes[] = {{256, 256, 16}, {256, 256, 32}, {256, 256, 64}, {256, 256, 128},
                          {10, 256, 64},  {256, 10, 64},  {10, 10, 16},   {1000, 700, 300},
                          {5, 3, 4},      {256, 256, 1},  {1, 256, 64},   {3, 2, 2}};
  for (const Shape& sh : shapes) {
    CAPTURE(sh.m);
    CAPTURE(sh.k);
    CAPTURE(sh.n);
    const Mat<S> A = numt::randn(sh.m, sh.k, 21).template cast<S>();
    const Mat<S> B = numt::randn(sh.k, sh.n, 22).template cast<S>();
    const Mat<S> C0 = numt::randn(sh.m, sh.n, 23).template cast<S>();
    PackedLhs<S> P;
    P.pack(A, sh.n);
    typename PackedLhs<S>::Workspace ws;
    Mat<S> want = C0, got = C0;
    want.noalias() += A * B;
    P.add_product(B, got, ws);
    CHECK((want.array() == got.array()).all());
    P.add_product(B, got, ws);  // the packed blocks are reused
    want.noalias() += A * B;
    CHECK((want.array() == got.array()).all());
    Mat<S> set = C0;
    want.noalias() = A * B;
    P.set_product(B, set, ws);
    CHECK((want.array() == set.array()).all());
  }
}

TEST_CASE("num.packed_gemm: pre-packed products are bit-identical to Eigen's") {
  check_packed_products<double>();
  check_packed_products<float>();
}
