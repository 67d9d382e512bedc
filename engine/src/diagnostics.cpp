// diagnostics.cpp — Jacobians, ssa, condition ratio, ∇H at the fixed point, angles.
#include "sdfc/diagnostics.h"

#include <cmath>

#include "sdfc/backprop.h"

namespace sdfc {

template <class S>
Eigen::MatrixXd jacobian(const Network<S>& net, const std::vector<Mat<S>>& v, int b) {
  const int L = net.depth(), nL = net.n_out(), N = net.n_stacked();
  Eigen::MatrixXd J(nL, N);
  // offsets of each layer's block in the stacked vector
  std::vector<int> off(L + 1, 0);
  for (int l = 0; l < L; ++l) off[l + 1] = off[l] + net.sizes[l + 1];
  Eigen::MatrixXd Jl = Eigen::MatrixXd::Identity(nL, nL);  // J_L = I (linear output)
  J.block(0, off[L - 1], nL, nL) = Jl;
  Mat<S> d;
  for (int l = L - 2; l >= 0; --l) {
    // J_l = J_{l+1} W_{l+1} diag(φ'(v_l))
    d.resize(net.sizes[l + 1], 1);
    apply_dphi<S>(net.hidden, false, v[l].col(b), d);
    Jl = (Jl * net.W[l + 1].template cast<double>()) * d.template cast<double>().asDiagonal();
    J.block(0, off[l], nL, net.sizes[l + 1]) = Jl;
  }
  return J;
}

template <class S>
Eigen::MatrixXd stacked_Q(const Network<S>& net) {
  Eigen::MatrixXd Q(net.n_stacked(), net.n_out());
  for (int l = 0, o = 0; l < net.depth(); o += net.sizes[l + 1], ++l)
    Q.middleRows(o, net.sizes[l + 1]) = net.Q[l].template cast<double>();
  return Q;
}

template <class S>
double condition_ratio(const Network<S>& net, const std::vector<Mat<S>>& v) {
  const Eigen::MatrixXd Q = stacked_Q(net);
  const double qn = Q.norm();
  const int B = int(v[0].cols());
  double sum = 0;
  for (int b = 0; b < B; ++b) {
    const Eigen::MatrixXd J = jacobian(net, v, b);
    // P_J Q = Jᵀ (J Jᵀ)⁻¹ J Q
    const Eigen::MatrixXd JQ = J * Q;
    const Eigen::MatrixXd PQ = J.transpose() * (J * J.transpose()).ldlt().solve(JQ);
    sum += PQ.norm() / qn;
  }
  return sum / B;
}

template <class S>
void analytic_steady_state(const Network<S>& net, CMatRef<S> X, const Feedforward<S>& ff,
                           CMatRef<S> target, double alpha, std::vector<Mat<S>>& r_hat,
                           std::vector<Mat<S>>& delta_v, Mat<S>& u_ss) {
  const int L = net.depth(), B = int(X.cols()), nL = net.n_out();
  const Eigen::MatrixXd Q = stacked_Q(net);
  u_ss.resize(nL, B);
  delta_v.assign(L, Mat<S>());
  for (int l = 0; l < L; ++l) delta_v[l].resize(net.sizes[l + 1], B);
  for (int b = 0; b < B; ++b) {
    const Eigen::MatrixXd J = jacobian(net, ff.vff, b);
    // u_ss = (J Q + α I)⁻¹ δ,  δ = r* − r_L^ff
    const Eigen::VectorXd delta = (target.col(b) - ff.logits().col(b)).template cast<double>();
    const Eigen::MatrixXd A = J * Q + alpha * Eigen::MatrixXd::Identity(nL, nL);
    const Eigen::VectorXd u = A.partialPivLu().solve(delta);
    u_ss.col(b) = u.template cast<S>();
    // Δv = Q u_ss
    const Eigen::VectorXd dv = Q * u;
    for (int l = 0, o = 0; l < L; o += net.sizes[l + 1], ++l)
      delta_v[l].col(b) = dv.segment(o, net.sizes[l + 1]).template cast<S>();
  }
  // v̂_l = W_l r̂_{l−1} + b_l + Δv_l;  r̂_l = φ(v̂_l)
  r_hat.assign(L, Mat<S>());
  Mat<S> vh;
  for (int l = 0; l < L; ++l) {
    if (l == 0)
      vh.noalias() = net.W[0] * X;
    else
      vh.noalias() = net.W[l] * r_hat[l - 1];
    vh.colwise() += net.b[l];
    vh += delta_v[l];
    r_hat[l].resize(vh.rows(), B);
    apply_phi<S>(net.hidden, l == L - 1, vh, r_hat[l]);
  }
}

template <class S>
void H_gradient(const Network<S>& net, CMatRef<S> X, const SimResult<S>& sim, ErrorForm form,
                double alpha, Grads<double>& g) {
  const int L = net.depth(), B = int(X.cols()), nL = net.n_out();
  const Eigen::MatrixXd Q = stacked_Q(net);
  g.W.assign(L, Eigen::MatrixXd());
  g.b.assign(L, Eigen::VectorXd());
  for (int l = 0; l < L; ++l) {
    g.W[l] = Eigen::MatrixXd::Zero(net.sizes[l + 1], net.sizes[l]);
    g.b[l] = Eigen::VectorXd::Zero(net.sizes[l + 1]);
  }
  for (int b = 0; b < B; ++b) {
    const Eigen::MatrixXd J = jacobian(net, sim.v, b);  // at the controlled steady state
    Eigen::MatrixXd Sm = Eigen::MatrixXd::Identity(nL, nL);
    if (form == ErrorForm::Softmax) {
      // S = diag(p) − p pᵀ, the softmax Jacobian at r_L,ss
      const Eigen::VectorXd z = sim.r[L - 1].col(b).template cast<double>();
      Eigen::VectorXd p = (z.array() - z.maxCoeff()).exp();
      p /= p.sum();
      Sm = Eigen::MatrixXd(p.asDiagonal()) - p * p.transpose();
    }
    const Eigen::VectorXd u = sim.u.col(b).template cast<double>();
    // γ = Jᵀ Sᵀ (S J Q + α I)⁻ᵀ Qᵀ Q u
    const Eigen::MatrixXd A = Sm * J * Q + alpha * Eigen::MatrixXd::Identity(nL, nL);
    const Eigen::VectorXd w = A.transpose().partialPivLu().solve(Q.transpose() * (Q * u));
    const Eigen::VectorXd gamma = J.transpose() * (Sm.transpose() * w);
    for (int l = 0, o = 0; l < L; o += net.sizes[l + 1], ++l) {
      const Eigen::VectorXd gl = gamma.segment(o, net.sizes[l + 1]);
      Eigen::VectorXd rprev;
      if (l == 0)
        rprev = X.col(b).template cast<double>();
      else
        rprev = sim.r[l - 1].col(b).template cast<double>();
      // ∂H_b/∂W_l = −2 γ_l r_{l−1}ᵀ, averaged over the batch
      g.W[l] -= (2.0 / B) * gl * rprev.transpose();
      g.b[l] -= (2.0 / B) * gl;
    }
  }
}

template <class A, class B>
double angle_deg(const Grads<A>& a, const Grads<B>& b, int layer) {
  double dot = 0, na = 0, nb = 0;
  const int L = int(a.W.size());
  for (int l = 0; l < L; ++l) {
    if (layer >= 0 && l != layer) continue;
    const Eigen::MatrixXd aw = a.W[l].template cast<double>(), bw = b.W[l].template cast<double>();
    const Eigen::VectorXd ab = a.b[l].template cast<double>(), bb = b.b[l].template cast<double>();
    dot += (aw.array() * bw.array()).sum() + ab.dot(bb);
    na += aw.squaredNorm() + ab.squaredNorm();
    nb += bw.squaredNorm() + bb.squaredNorm();
  }
  if (na == 0 || nb == 0) return 90.0;
  const double c = std::max(-1.0, std::min(1.0, dot / std::sqrt(na * nb)));
  return std::acos(c) * 180.0 / M_PI;
}

#define SDFC_INSTANTIATE(S)                                                                    \
  template Eigen::MatrixXd jacobian<S>(const Network<S>&, const std::vector<Mat<S>>&, int);    \
  template Eigen::MatrixXd stacked_Q<S>(const Network<S>&);                                    \
  template double condition_ratio<S>(const Network<S>&, const std::vector<Mat<S>>&);           \
  template void analytic_steady_state<S>(const Network<S>&, CMatRef<S>, const Feedforward<S>&, \
                                         CMatRef<S>, double, std::vector<Mat<S>>&,             \
                                         std::vector<Mat<S>>&, Mat<S>&);                       \
  template void H_gradient<S>(const Network<S>&, CMatRef<S>, const SimResult<S>&, ErrorForm,   \
                              double, Grads<double>&);                                         \
  template double angle_deg<S, double>(const Grads<S>&, const Grads<double>&, int);            \
  template double angle_deg<S, float>(const Grads<S>&, const Grads<float>&, int);
SDFC_INSTANTIATE(float)
SDFC_INSTANTIATE(double)

}  // namespace sdfc
