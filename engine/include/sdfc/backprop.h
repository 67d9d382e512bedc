// backprop.h — the baseline: exact gradients of the mean cross-entropy by backprop.
//   L = −(1/B) Σ_b Σ_c t_{c,b} log softmax(r_L,b)_c
//   δ_L = (softmax(r_L) − t)/B;   δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ φ'(v_l);   ∂L/∂W_l = δ_l r_{l−1}ᵀ
#pragma once
#include "sdfc/learning.h"

namespace sdfc {

// Mean cross-entropy of softmax(logits) against targets T (n_L × B).
template <class S>
double cross_entropy(CMatRef<S> logits, CMatRef<S> T);
// Column-wise softmax.
template <class S>
Mat<S> softmax(CMatRef<S> logits);
// ∂L/∂W, ∂L/∂b into g (g.Q untouched); returns L. `ff` must be the feedforward pass of X.
template <class S>
double backprop_grads(const Network<S>& net, CMatRef<S> X, const Feedforward<S>& ff, CMatRef<S> T,
                      Grads<S>& g);

}  // namespace sdfc
