// diagnostics.h — the quantities that explain what the learning rule does
// (reference §2.5, §4.2, §6.3): the network Jacobian J, the analytic linearised
// steady state (`ssa`), the condition ratio ||P_J Q||_F/||Q||_F, the exact
// gradient of H at a controlled fixed point, and angles between updates.
// Computed in double precision whatever the network's scalar type.
#pragma once
#include <vector>

#include "sdfc/dynamics.h"
#include "sdfc/learning.h"

namespace sdfc {

// J = ∂r_L/∂v (n_L × N) of sample b at the voltages v[l] (n_l × B), all layers stacked:
//   J_L = φ_L'(v_L) = I,   J_l = J_{l+1} W_{l+1} diag(φ_l'(v_l))
template <class S>
Eigen::MatrixXd jacobian(const Network<S>& net, const std::vector<Mat<S>>& v, int b);

// Stacked Q = [Q_1; …; Q_L] (N × n_L).
template <class S>
Eigen::MatrixXd stacked_Q(const Network<S>& net);

// Mean over samples of ||P_J Q||_F / ||Q||_F with P_J = Jᵀ(J Jᵀ)⁻¹J, J at the states v.
template <class S>
double condition_ratio(const Network<S>& net, const std::vector<Mat<S>>& v);

// Analytic linearised steady state (`ssa`, weak DFC, reference §2.5), per sample:
//   u_ss = (J Q + α I)⁻¹ δ,  δ = r* − r_L^ff (logit error),  Δv = Q u_ss,
// then propagated nonlinearly: v̂_l = W_l r̂_{l−1} + b_l + Δv_l, r̂_l = φ(v̂_l).
// Outputs r̂ (r_hat[l] : n_l × B), Δv (delta_v[l]) and u_ss (n_L × B).
template <class S>
void analytic_steady_state(const Network<S>& net, CMatRef<S> X, const Feedforward<S>& ff,
                           CMatRef<S> target, double alpha, std::vector<Mat<S>>& r_hat,
                           std::vector<Mat<S>>& delta_v, Mat<S>& u_ss);

// Exact gradient of H̄ = (1/B) Σ_b ||Q u_ss,b||² at a controlled fixed point
// (reference §4.2, extended to the softmax error with its Jacobian S = diag(p) − ppᵀ):
//   F(u, θ) = r* − g(r_L(u, θ)) − α u = 0
//   ∂H_b/∂W_l = −2 γ_l r_{l−1}ᵀ,  γ = Jᵀ Sᵀ (S J Q + α I)⁻ᵀ Qᵀ Q u_ss
// with J, r, u at the simulated steady state `sim` (v, r, u of the last point).
template <class S>
void H_gradient(const Network<S>& net, CMatRef<S> X, const SimResult<S>& sim, ErrorForm form,
                double alpha, Grads<double>& g);

// Angle in degrees between two parameter sets (W and b of one layer, or all layers).
template <class A, class B>
double angle_deg(const Grads<A>& a, const Grads<B>& b, int layer /* −1 = all */);

}  // namespace sdfc
