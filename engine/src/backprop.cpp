// backprop.cpp — cross-entropy, softmax and backprop gradients (the BP baseline).
#include "sdfc/backprop.h"

#include <cmath>

namespace sdfc {

template <class S>
Mat<S> softmax(CMatRef<S> logits) {
  Mat<S> p(logits.rows(), logits.cols());
  for (Eigen::Index j = 0; j < logits.cols(); ++j) {
    const S m = logits.col(j).maxCoeff();
    p.col(j) = (logits.col(j).array() - m).exp().matrix();
    p.col(j) /= p.col(j).sum();
  }
  return p;
}

template <class S>
double cross_entropy(CMatRef<S> logits, CMatRef<S> T) {
  double total = 0;
  for (Eigen::Index j = 0; j < logits.cols(); ++j) {
    // log softmax = z − max − log Σ exp(z − max)
    const double m = double(logits.col(j).maxCoeff());
    double lse = 0;
    for (Eigen::Index i = 0; i < logits.rows(); ++i) lse += std::exp(double(logits(i, j)) - m);
    lse = m + std::log(lse);
    for (Eigen::Index i = 0; i < logits.rows(); ++i)
      total -= double(T(i, j)) * (double(logits(i, j)) - lse);
  }
  return total / double(logits.cols());
}

template <class S>
double backprop_grads(const Network<S>& net, CMatRef<S> X, const Feedforward<S>& ff, CMatRef<S> T,
                      Grads<S>& g) {
  const int L = net.depth(), B = int(X.cols());
  g.W.resize(L);
  g.b.resize(L);
  // δ_L = (softmax(r_L) − t)/B   (n_L × B)
  Mat<S> delta = (softmax<S>(ff.logits()) - T) / S(B), dphi;
  for (int l = L - 1; l >= 0; --l) {
    // ∂L/∂W_l = δ_l r_{l−1}ᵀ;  ∂L/∂b_l = Σ_b δ_l
    if (l == 0)
      g.W[0].noalias() = delta * X.transpose();
    else
      g.W[l].noalias() = delta * ff.rff[l - 1].transpose();
    g.b[l] = delta.rowwise().sum();
    if (l > 0) {
      // δ_{l−1} = (W_lᵀ δ_l) ⊙ φ'(v_{l−1})
      dphi.resize(ff.vff[l - 1].rows(), B);
      apply_dphi<S>(net.hidden, false, ff.vff[l - 1], dphi);
      Mat<S> up = net.W[l].transpose() * delta;
      delta = up.cwiseProduct(dphi);
    }
  }
  return cross_entropy<S>(ff.logits(), T);
}

#define SDFC_INSTANTIATE(S)                                                               \
  template Mat<S> softmax<S>(CMatRef<S>);                                                 \
  template double cross_entropy<S>(CMatRef<S>, CMatRef<S>);                               \
  template double backprop_grads<S>(const Network<S>&, CMatRef<S>, const Feedforward<S>&, \
                                    CMatRef<S>, Grads<S>&);
SDFC_INSTANTIATE(float)
SDFC_INSTANTIATE(double)

}  // namespace sdfc
