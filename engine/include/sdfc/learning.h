// learning.h — the learning rules (spec §3–§5): forward-weight gradients from a
// simulation, feedback-weight gradients, per-group clipping, Adam and SGD.
//
// Convention (reference P8): g is a *gradient* handed to a minimiser, so the
// forward rule's update direction +s rᵀ appears here as g_W = −(2/(K·B)) Σ s rᵀ.
#pragma once
#include <vector>

#include "sdfc/config.h"
#include "sdfc/dynamics.h"
#include "sdfc/network.h"

namespace sdfc {

template <class S>
struct Grads {
  std::vector<Mat<S>> W;  // [l] : n_l × n_{l−1}
  std::vector<Vec<S>> b;  // [l] : n_l
  std::vector<Mat<S>> Q;  // [l] : n_l × n_L
};

// Continuous rule (time average over all K stored points, reference §4.1a):
//   g_W_l = −2/(K·B) Σ_k Σ_b s_l[k] r_{l−1}[k]ᵀ,   g_b_l = −2/(K·B) Σ_k Σ_b s_l[k]
template <class S>
void forward_grads_continuous(const SimResult<S>& sim, int K, Grads<S>& g);

// Steady-state rule (`--ss`, reference §4.1b) from the last simulated point:
//   ρ = r_{l−1}(T−1) (x for l = 1),  ṽ = W_l ρ + b_l,  δ = φ(ṽ + Δv_l) − φ(ṽ)
//   g_W_l = −(2/B) Σ_b δ ρᵀ,   g_b_l = −(2/B) Σ_b δ
// Also used by the analytic `ssa` rule with (Δv, r̂) from analytic_steady_state().
template <class S>
void forward_grads_last(const Network<S>& net, CMatRef<S> X, const std::vector<Mat<S>>& r_prev,
                        const std::vector<Mat<S>>& delta_v, Grads<S>& g);

// Feedback rule (reference §4.3):  g_Q_l = κ_l/((K−1)·B) Σ_j Σ_b v_fb_l[j] h[j]ᵀ,
//   κ_l = c_l / max(σ_l, 0.01)²,   c_l = (1 + τ_v/τ_noise)^{L−i}  (i = l+1, when scaling)
template <class S>
void feedback_grads(const SimResult<S>& sim, int K, const std::vector<double>& kappa, Grads<S>& g);
std::vector<double> feedback_kappa(int L, double sigma_hidden, double sigma_output, bool scaling,
                                   double tau_v, double tau_noise);

// clip_grad_norm_ per layer group: (g_W_l, g_b_l) jointly; g_Q_l alone.
//   factor = min(1, c/(‖g‖ + 1e-6)). Returns the norms before clipping.
template <class S>
std::vector<double> clip_forward(Grads<S>& g, double max_norm);
template <class S>
std::vector<double> clip_feedback(Grads<S>& g, double max_norm);

// One optimiser over a list of tensors (torch semantics: coupled L2 weight decay
// g ← g + wd·p before the moments; Adam bias corrections; SGD momentum buffers).
template <class S>
struct OptimizerState {
  Optimizer kind = Optimizer::Adam;
  double lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, momentum = 0, weight_decay = 0;
  long step = 0;
  std::vector<Mat<S>> m, v;  // Adam moments, or SGD momentum buffers in m
  // params[i] and grads[i] are matching tensors (vectors are n × 1 matrices).
  void apply(const std::vector<Eigen::Map<Mat<S>>>& params,
             const std::vector<Eigen::Map<const Mat<S>>>& grads);
};

}  // namespace sdfc
