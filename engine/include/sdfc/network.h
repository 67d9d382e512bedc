// network.h — the multi-compartment network: forward weights W_i, biases b_i,
// feedback weights Q_i, and the plain feedforward pass.
//
//   v_i^ff = W_i r_{i-1} + b_i,   r_i = φ_i(v_i^ff),   r_0 = x,   φ_L = identity.
//
// Layers are 0-based in code: layer l = 0..L-1 is the paper's layer i = l+1.
#pragma once
#include <vector>

#include "sdfc/rng.h"
#include "sdfc/types.h"

namespace sdfc {

template <class S>
struct Network {
  std::vector<int> sizes;  // n_0 … n_L
  Activation hidden = Activation::Tanh;
  std::vector<Mat<S>> W;  // W[l]: n_{l+1} × n_l
  std::vector<Vec<S>> b;  // b[l]: n_{l+1}
  std::vector<Mat<S>> Q;  // Q[l]: n_{l+1} × n_L ; Q[L-1] = I at init

  int depth() const { return static_cast<int>(W.size()); }  // L
  int n_out() const { return sizes.back(); }
  int n_stacked() const;  // N = Σ_{i≥1} n_i

  // Xavier-normal W and Q (std √(2/(fan_in+fan_out))), b = 0, Q_L = I.
  static Network init(const std::vector<int>& sizes, Activation hidden, Rng& rng);
  // Throws Error if the shapes of W, b, Q do not chain (used after loading weights).
  void check_shapes() const;
  template <class T>
  Network<T> cast() const;
};

// φ for layer l (identity on the output layer), applied element-wise, in place allowed.
template <class S>
void apply_phi(Activation a, bool is_output, CMatRef<S> v, MatRef<S> r);
// φ'(v) element-wise.
template <class S>
void apply_dphi(Activation a, bool is_output, CMatRef<S> v, MatRef<S> d);

// The feedforward pass of a batch X (n_0 × B). vff[l], rff[l] are n_{l+1} × B.
template <class S>
struct Feedforward {
  std::vector<Mat<S>> vff, rff;
  const Mat<S>& logits() const { return rff.back(); }
};
template <class S>
void feedforward(const Network<S>& net, CMatRef<S> X, Feedforward<S>& out);

}  // namespace sdfc
