// learning.cpp — forward and feedback gradients, clipping, Adam/SGD.
#include "sdfc/learning.h"

#include <algorithm>
#include <cmath>

namespace sdfc {

template <class S>
void forward_grads_continuous(const SimResult<S>& sim, int K, Grads<S>& g) {
  const int L = int(sim.sum_s_r.size());
  const S scale = S(-2.0 / (double(K) * sim.B));
  g.W.resize(L);
  g.b.resize(L);
  for (int l = 0; l < L; ++l) {
    // g_W = −2/(K B) Σ_k Σ_b s rᵀ ;  g_b = −2/(K B) Σ_k Σ_b s
    g.W[l] = scale * sim.sum_s_r[l];
    g.b[l] = scale * sim.sum_s[l];
  }
}

template <class S>
void forward_grads_last(const Network<S>& net, CMatRef<S> X, const std::vector<Mat<S>>& r_prev,
                        const std::vector<Mat<S>>& delta_v, Grads<S>& g) {
  const int L = net.depth(), B = int(X.cols());
  const S scale = S(-2.0 / B);
  g.W.resize(L);
  g.b.resize(L);
  Mat<S> vt, a, c;
  const Mat<S> x = X;
  for (int l = 0; l < L; ++l) {
    const Mat<S>& rho = l == 0 ? x : r_prev[l - 1];  // n_{l−1} × B
    // ṽ = W ρ + b;   δ = φ(ṽ + Δv) − φ(ṽ)
    vt.noalias() = net.W[l] * rho;
    vt.colwise() += net.b[l];
    a.resize(vt.rows(), vt.cols());
    c.resize(vt.rows(), vt.cols());
    apply_phi<S>(net.hidden, l == L - 1, vt + delta_v[l], a);
    apply_phi<S>(net.hidden, l == L - 1, vt, c);
    a -= c;
    g.W[l].noalias() = scale * a * rho.transpose();
    g.b[l] = scale * a.rowwise().sum();
  }
}

std::vector<double> feedback_kappa(int L, double sigma_hidden, double sigma_output, bool scaling,
                                   double tau_v, double tau_noise) {
  std::vector<double> k(L);
  for (int l = 0; l < L; ++l) {
    const double sig = std::max(l == L - 1 ? sigma_output : sigma_hidden, 0.01);
    const double c = scaling ? std::pow(1.0 + tau_v / tau_noise, L - 1 - l) : 1.0;
    k[l] = c / (sig * sig);
  }
  return k;
}

template <class S>
void feedback_grads(const SimResult<S>& sim, int K, const std::vector<double>& kappa, Grads<S>& g) {
  const int L = int(sim.sum_vfb_h.size());
  g.Q.resize(L);
  for (int l = 0; l < L; ++l)
    // g_Q = κ/((K−1) B) Σ_j Σ_b v_fb[j] h[j]ᵀ
    g.Q[l] = S(kappa[l] / (double(K - 1) * sim.B)) * sim.sum_vfb_h[l];
}

template <class S>
std::vector<double> clip_forward(Grads<S>& g, double max_norm) {
  std::vector<double> norms(g.W.size());
  for (size_t l = 0; l < g.W.size(); ++l) {
    const double n = std::sqrt(double(g.W[l].squaredNorm()) + double(g.b[l].squaredNorm()));
    norms[l] = n;
    if (max_norm > 0) {
      const double f = max_norm / (n + 1e-6);
      if (f < 1) {
        g.W[l] *= S(f);
        g.b[l] *= S(f);
      }
    }
  }
  return norms;
}

template <class S>
std::vector<double> clip_feedback(Grads<S>& g, double max_norm) {
  std::vector<double> norms(g.Q.size());
  for (size_t l = 0; l < g.Q.size(); ++l) {
    const double n = std::sqrt(double(g.Q[l].squaredNorm()));
    norms[l] = n;
    if (max_norm > 0) {
      const double f = max_norm / (n + 1e-6);
      if (f < 1) g.Q[l] *= S(f);
    }
  }
  return norms;
}

template <class S>
void OptimizerState<S>::apply(const std::vector<Eigen::Map<Mat<S>>>& params,
                              const std::vector<Eigen::Map<const Mat<S>>>& grads) {
  const size_t n = params.size();
  if (m.size() != n) {
    m.assign(n, Mat<S>());
    v.assign(n, Mat<S>());
    for (size_t i = 0; i < n; ++i) {
      m[i] = Mat<S>::Zero(params[i].rows(), params[i].cols());
      if (kind == Optimizer::Adam) v[i] = Mat<S>::Zero(params[i].rows(), params[i].cols());
    }
  }
  for (size_t i = 0; i < n; ++i) {
    const bool ok = m[i].rows() == params[i].rows() && m[i].cols() == params[i].cols() &&
                    grads[i].rows() == params[i].rows() && grads[i].cols() == params[i].cols() &&
                    (kind != Optimizer::Adam || (v.size() == n && v[i].rows() == params[i].rows() &&
                                                 v[i].cols() == params[i].cols()));
    if (!ok)
      throw Error("optimizer: state or gradient " + std::to_string(i) +
                  " does not match its parameter's shape (inconsistent checkpoint?)");
  }
  ++step;
  Mat<S> gw;
  for (size_t i = 0; i < n; ++i) {
    Eigen::Map<Mat<S>> p = params[i];  // a copy of the view, writable
    // coupled L2: g ← g + wd·p
    gw = grads[i];
    if (weight_decay != 0) gw += S(weight_decay) * p;
    if (kind == Optimizer::Adam) {
      // m ← β1 m + (1−β1) g;  v ← β2 v + (1−β2) g²
      m[i] = S(beta1) * m[i] + S(1 - beta1) * gw;
      v[i] = S(beta2) * v[i] + S(1 - beta2) * gw.cwiseProduct(gw);
      // p ← p − lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + ε)     (torch 1.13 order of operations)
      const double bc1 = 1 - std::pow(beta1, double(step));
      const double bc2_sqrt = std::sqrt(1 - std::pow(beta2, double(step)));
      const S step_size = S(lr / bc1);
      p.array() -= step_size * m[i].array() / (v[i].array().sqrt() / S(bc2_sqrt) + S(eps));
    } else {
      // SGD with momentum: buf ← μ buf + g (buf = g at the first step); p ← p − lr buf
      if (momentum != 0) {
        m[i] = step == 1 ? gw : Mat<S>(S(momentum) * m[i] + gw);
        p -= S(lr) * m[i];
      } else {
        p -= S(lr) * gw;
      }
    }
  }
}

#define SDFC_INSTANTIATE(S)                                                                      \
  template void forward_grads_continuous<S>(const SimResult<S>&, int, Grads<S>&);                \
  template void forward_grads_last<S>(const Network<S>&, CMatRef<S>, const std::vector<Mat<S>>&, \
                                      const std::vector<Mat<S>>&, Grads<S>&);                    \
  template void feedback_grads<S>(const SimResult<S>&, int, const std::vector<double>&,          \
                                  Grads<S>&);                                                    \
  template std::vector<double> clip_forward<S>(Grads<S>&, double);                               \
  template std::vector<double> clip_feedback<S>(Grads<S>&, double);                              \
  template struct OptimizerState<S>;
SDFC_INSTANTIATE(float)
SDFC_INSTANTIATE(double)

}  // namespace sdfc
