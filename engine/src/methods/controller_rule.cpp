// controller_rule.cpp — see controller_rule.h.
#include "methods/controller_rule.h"

#include "sdfc/diagnostics.h"

namespace sdfc {

template <class S>
void forward_rule_of_simulation(const Config& c, const Network<S>& net, CMatRef<S> X,
                                const SimResult<S>& res, int K, Grads<S>& g) {
  const int L = net.depth();
  if (c.forward_mode == ForwardMode::Continuous) {
    // g_W_l = −2/(K·B) Σ_k Σ_b s_l[k] r_{l−1}[k]ᵀ  (time average, streamed by the simulator)
    forward_grads_continuous<S>(res, K, g);
  } else {  // steady state (--ss): Δv = v − v_ff at the last point
    std::vector<Mat<S>> dv(L);
    for (int l = 0; l < L; ++l) dv[l] = res.v[l] - res.vff[l];
    forward_grads_last<S>(net, X, res.r, dv, g);
  }
}

template <class S>
bool controller_forward_grads(StepContext<S>& ctx) {
  const Config& c = ctx.cfg;
  const Network<S>& net = ctx.net;
  const MethodInfo& m = method_info(c.method);
  const int B = int(ctx.X.cols()), L = net.depth();
  // e(0) = r* − g(r_L^ff): the controller's error before it acts
  const Mat<S> e0 = controller_error<S>(m.error, ctx.target, ctx.ff.logits());
  if (c.forward_mode == ForwardMode::Analytic) {
    // linearised steady state, no simulation (weak feedback only; `--ssa`)
    std::vector<Mat<S>> r_hat, dv;
    Mat<S> u_ss;
    analytic_steady_state<S>(net, ctx.X, ctx.ff, ctx.target, c.forward_dynamics().alpha_di, r_hat,
                             dv, u_ss);
    forward_grads_last<S>(net, ctx.X, r_hat, dv, ctx.g);
    // H = ||Q u_ss||² per sample
    Vec<S> H = Vec<S>::Zero(B);
    for (const auto& Ql : net.Q) H += (Ql * u_ss).colwise().squaredNorm().transpose();
    ctx.st.H = double(H.mean());
    ctx.st.converged = 1.0;
    return false;
  }
  const SimParams& p = ctx.sim_params;
  const SimResult<S>& res = ctx.simulate(ctx.target, p);
  ctx.st.sim_steps = res.steps;
  ctx.st.H = double(res.H_per_sample(net).mean());
  ctx.st.converged =
      converged_fraction<S>(e0, controller_error<S>(m.error, ctx.target, res.r[L - 1]));
  ctx.st.reached = double(count_correct(res.r[L - 1], ctx.labels)) / B;
  forward_rule_of_simulation<S>(c, net, ctx.X, res, p.K, ctx.g);
  if (!c.single_phase) return false;
  // single phase: Q learns from the same noisy simulation,
  //   g_Q_l = κ_l/((K−1)·B) Σ_j Σ_b v_fb_l[j] h[j]ᵀ
  const Dynamics d = c.forward_dynamics();
  feedback_grads<S>(res, p.K,
                    feedback_kappa(L, d.sigma, d.sigma_output, c.scaling_fb_updates,
                                   d.time_constant_ratio, c.tau_noise),
                    ctx.g);
  return true;
}

template bool controller_forward_grads<float>(StepContext<float>&);
template bool controller_forward_grads<double>(StepContext<double>&);
template void forward_rule_of_simulation<float>(const Config&, const Network<float>&,
                                                CMatRef<float>, const SimResult<float>&, int,
                                                Grads<float>&);
template void forward_rule_of_simulation<double>(const Config&, const Network<double>&,
                                                 CMatRef<double>, const SimResult<double>&, int,
                                                 Grads<double>&);

}  // namespace sdfc
