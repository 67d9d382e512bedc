// dfa.cpp — Direct Feedback Alignment (Nøkland 2016, "Direct Feedback Alignment Provides
// Learning in Deep Neural Networks"): every hidden layer receives the output error directly
// through a fixed random matrix B_l — no controller, no learned feedback, no weight
// transport. Here B_l is the network's feedback matrix Q_l (n_l × n_L, Xavier-normal at
// initialisation, never updated); the output layer gets the error itself (Q_L = I).
//
//   e   = (softmax(r_L) − t)/B                       the output error (∂L/∂r_L of the mean CE)
//   δ_L = e,   δ_l = (Q_l e) ⊙ φ'(v_l)   (l < L)      instead of BP's (W_{l+1}ᵀ δ_{l+1}) ⊙ φ'(v_l)
//   g_W_l = δ_l r_{l−1}ᵀ,   g_b_l = Σ_b δ_l          (r_0 = x)
#include "methods/method_unit.h"

namespace sdfc {
namespace {

template <class S>
bool dfa_grads(StepContext<S>& ctx) {
  const Network<S>& net = ctx.net;
  const Feedforward<S>& ff = ctx.ff;
  const int L = net.depth(), B = int(ctx.X.cols());
  ctx.g.W.resize(L);
  ctx.g.b.resize(L);
  // e = (softmax(r_L) − t)/B   (n_L × B)
  const Mat<S> e = (softmax<S>(ff.logits()) - ctx.T) / S(B);
  Mat<S> delta, dphi;
  for (int l = 0; l < L; ++l) {
    if (l == L - 1) {
      delta = e;  // δ_L = e
    } else {
      // δ_l = (Q_l e) ⊙ φ'(v_l)   (n_l × B)
      dphi.resize(ff.vff[l].rows(), B);
      apply_dphi<S>(net.hidden, false, ff.vff[l], dphi);
      delta = (net.Q[l] * e).cwiseProduct(dphi);
    }
    // g_W_l = δ_l r_{l−1}ᵀ;  g_b_l = Σ_b δ_l
    if (l == 0)
      ctx.g.W[0].noalias() = delta * ctx.X.transpose();
    else
      ctx.g.W[l].noalias() = delta * ff.rff[l - 1].transpose();
    ctx.g.b[l] = delta.rowwise().sum();
  }
  return false;  // the feedback matrices stay fixed
}

}  // namespace

const MethodInfo& dfa_method() {
  static const MethodInfo m = [] {
    MethodInfo m;
    m.name = "dfa";
    m.aliases = {"direct-feedback-alignment"};
    m.display = "DFA";
    m.blurb =
        "Direct Feedback Alignment: every hidden layer receives the output error through a fixed "
        "random matrix; the forward weights come to align with it (Nøkland 2016).";
    m.colour = 0x4DD0E1;  // cyan
    m.variants = {{"dfa", "DFA", false}};
    m.grads_f = &dfa_grads<float>, m.grads_d = &dfa_grads<double>;
    return m;
  }();
  return m;
}

}  // namespace sdfc
