// test_numerics_util.h — small helpers for the independent numerical oracle tests
// (test_dynamics.cpp, test_learning.cpp, test_training.cpp): tiny networks, a noiseless
// simulation wrapper, our own forward-mode Jacobian (independent of sdfc::jacobian),
// Q = Jᵀ set-up, stacking and angle/relative-error helpers. Plain Eigen + engine only
// (the suite also runs under node/wasm).
#pragma once
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "sdfc/backprop.h"
#include "sdfc/data.h"
#include "sdfc/diagnostics.h"
#include "sdfc/dynamics.h"
#include "sdfc/learning.h"
#include "sdfc/network.h"
#include "sdfc/rng.h"

namespace numt {

using Net = sdfc::Network<double>;
using MatD = Eigen::MatrixXd;
using VecD = Eigen::VectorXd;

inline double kPi() { return std::acos(-1.0); }

// A network initialised by the engine (Xavier W, Q_L = I), from a fixed seed.
inline Net make_net(const std::vector<int>& sizes, sdfc::Activation act, uint64_t seed) {
  sdfc::Rng rng(seed, 7);
  return Net::init(sizes, act, rng);
}

// n × B matrix of N(0, scale²) entries from our RNG.
inline MatD randn(int n, int B, uint64_t seed, double scale = 1.0) {
  sdfc::Rng rng(seed, 11);
  MatD M(n, B);
  for (int j = 0; j < B; ++j)
    for (int i = 0; i < n; ++i) M(i, j) = scale * rng.normal();
  return M;
}

// ±s entries (deterministic sign pattern from the seed).
inline MatD pm(int n, int B, double s, uint64_t seed) {
  sdfc::Rng rng(seed, 13);
  MatD M(n, B);
  for (int j = 0; j < B; ++j)
    for (int i = 0; i < n; ++i) M(i, j) = rng.uniform() < 0.5 ? -s : s;
  return M;
}

inline double phi(sdfc::Activation a, bool out, double v) {
  if (out || a == sdfc::Activation::Linear) return v;
  if (a == sdfc::Activation::Tanh) return std::tanh(v);
  return v > 0 ? v : 0;
}
inline double dphi(sdfc::Activation a, bool out, double v) {
  if (out || a == sdfc::Activation::Linear) return 1;
  if (a == sdfc::Activation::Tanh) return 1 - std::tanh(v) * std::tanh(v);
  return v > 0 ? 1 : 0;
}

// Our own J = ∂r_L/∂v (n_L × N) at the voltages v[l].col(b), by forward-mode tangents:
// a unit perturbation of v_l propagates as dr_l = φ'(v_l) dv_l, dv_{l+1} = W_{l+1} dr_l …
// (a different algorithm from the engine's reverse recursion).
inline MatD jac_forward(const Net& net, const std::vector<MatD>& v, int b) {
  const int L = net.depth(), nL = net.n_out();
  MatD J(nL, net.n_stacked());
  int col = 0;
  for (int l = 0; l < L; ++l)
    for (int i = 0; i < net.sizes[l + 1]; ++i, ++col) {
      VecD dv = VecD::Zero(net.sizes[l + 1]);
      dv(i) = 1;
      for (int m = l;; ++m) {
        VecD dr(dv.size());
        for (int k = 0; k < dv.size(); ++k)
          dr(k) = dphi(net.hidden, m == L - 1, v[m](k, b)) * dv(k);
        if (m == L - 1) {
          J.col(col) = dr;
          break;
        }
        dv = net.W[m + 1] * dr;
      }
    }
  return J;
}

// Stack per-layer columns (sample b) into one N-vector, and split back.
inline VecD stack(const std::vector<MatD>& x, int b) {
  int N = 0;
  for (auto& m : x) N += int(m.rows());
  VecD s(N);
  for (int l = 0, o = 0; l < int(x.size()); o += int(x[l].rows()), ++l)
    s.segment(o, x[l].rows()) = x[l].col(b);
  return s;
}

// Q := M (N × n_L), split into the layer blocks Q_l.
inline void set_Q(Net& net, const MatD& M) {
  for (int l = 0, o = 0; l < net.depth(); o += net.sizes[l + 1], ++l)
    net.Q[l] = M.middleRows(o, net.sizes[l + 1]);
}
inline MatD get_Q(const Net& net) {
  MatD M(net.n_stacked(), net.n_out());
  for (int l = 0, o = 0; l < net.depth(); o += net.sizes[l + 1], ++l)
    M.middleRows(o, net.sizes[l + 1]) = net.Q[l];
  return M;
}

inline sdfc::Feedforward<double> ff_of(const Net& net, const MatD& X) {
  sdfc::Feedforward<double> ff;
  sdfc::feedforward<double>(net, X, ff);
  return ff;
}

// Noiseless simulation parameters (paper-like integrator: k_p = 2, dt = 0.02, τ_v = 0.2).
inline sdfc::SimParams quiet(int K, double alpha, sdfc::ErrorForm form, double dt = 0.02,
                             double tau_v = 0.2, double kp = 2.0) {
  sdfc::SimParams p;
  p.dt = dt, p.K = K, p.alpha = alpha, p.k_p = kp, p.tau_v = tau_v, p.tau_a = -1;
  p.error = form;
  p.noise = sdfc::NoiseKind::None;
  return p;
}

inline sdfc::SimResult<double> simulate(const Net& net, const MatD& X, const MatD& target,
                                        const sdfc::SimParams& p,
                                        const sdfc::NoiseFn<double>& noise = {}) {
  const auto ff = ff_of(net, X);
  sdfc::Simulator<double> sim(1);
  sdfc::SimResult<double> res;
  sim.run(net, X, ff, target, p, noise, res);
  return res;
}

// How far a simulation's last state is from the controlled fixed point (logit error):
// e_res = ||r* − r_L − αu||_∞ and v_res = max_l ||v_l − (W_l r_{l−1} + b_l + Q_l u)||_∞.
struct FixedPointResiduals {
  double e_res = 0, v_res = 0;
};
inline FixedPointResiduals fixed_point_residuals(const Net& net, const MatD& X, const MatD& target,
                                                 const sdfc::SimResult<double>& res, double alpha) {
  const int L = net.depth();
  FixedPointResiduals out;
  out.e_res = (target - res.r[L - 1] - alpha * res.u).cwiseAbs().maxCoeff();
  for (int l = 0; l < L; ++l) {
    MatD vff = net.W[l] * (l == 0 ? X : res.r[l - 1]);
    vff.colwise() += net.b[l];
    out.v_res = std::max(out.v_res, (res.v[l] - vff - net.Q[l] * res.u).cwiseAbs().maxCoeff());
  }
  return out;
}

// Flatten (W, b) of all layers into one vector (for angles and norms).
template <class S>
VecD flat(const sdfc::Grads<S>& g) {
  int n = 0;
  for (size_t l = 0; l < g.W.size(); ++l) n += int(g.W[l].size() + g.b[l].size());
  VecD out(n);
  int o = 0;
  for (size_t l = 0; l < g.W.size(); ++l) {
    for (Eigen::Index j = 0; j < g.W[l].cols(); ++j)
      for (Eigen::Index i = 0; i < g.W[l].rows(); ++i) out(o++) = double(g.W[l](i, j));
    for (Eigen::Index i = 0; i < g.b[l].size(); ++i) out(o++) = double(g.b[l](i));
  }
  return out;
}

// Our own angle in degrees between two vectors.
inline double angle(const VecD& a, const VecD& b) {
  const double c = a.dot(b) / (a.norm() * b.norm());
  return std::acos(std::max(-1.0, std::min(1.0, c))) * 180.0 / kPi();
}

inline double rel_err(const MatD& a, const MatD& b) { return (a - b).norm() / b.norm(); }

// Finite-difference gradient over every entry of W_l and b_l of a scalar f(net).
template <class F>
sdfc::Grads<double> fd_grad(const Net& net0, double h, F f) {
  sdfc::Grads<double> g;
  Net net = net0;
  for (int l = 0; l < net.depth(); ++l) {
    g.W.push_back(MatD::Zero(net.W[l].rows(), net.W[l].cols()));
    g.b.push_back(VecD::Zero(net.b[l].size()));
    for (Eigen::Index j = 0; j < net.W[l].cols(); ++j)
      for (Eigen::Index i = 0; i < net.W[l].rows(); ++i) {
        const double w = net.W[l](i, j);
        net.W[l](i, j) = w + h;
        const double fp = f(net);
        net.W[l](i, j) = w - h;
        const double fm = f(net);
        net.W[l](i, j) = w;
        g.W[l](i, j) = (fp - fm) / (2 * h);
      }
    for (Eigen::Index i = 0; i < net.b[l].size(); ++i) {
      const double w = net.b[l](i);
      net.b[l](i) = w + h;
      const double fp = f(net);
      net.b[l](i) = w - h;
      const double fm = f(net);
      net.b[l](i) = w;
      g.b[l](i) = (fp - fm) / (2 * h);
    }
  }
  return g;
}

}  // namespace numt
