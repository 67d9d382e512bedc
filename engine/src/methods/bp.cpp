// bp.cpp — Backprop, the baseline: the exact gradient of the mean cross-entropy
// (backprop.h). No controller, no feedback weights.
#include "methods/method_unit.h"

namespace sdfc {
namespace {

template <class S>
bool bp_grads(StepContext<S>& ctx) {
  // ∂L/∂W_l, ∂L/∂b_l of L = −(1/B) Σ_b tᵀ log softmax(r_L)
  backprop_grads<S>(ctx.net, ctx.X, ctx.ff, ctx.T, ctx.g);
  return false;
}

}  // namespace

const MethodInfo& bp_method() {
  static const MethodInfo m = [] {
    MethodInfo m;
    m.name = "bp";
    m.aliases = {"backprop"};
    m.display = "Backprop";
    m.blurb =
        "Backpropagation: errors travel backwards through the transposed forward weights (not "
        "biologically plausible; the reference line).";
    m.colour = 0xBEA0FF;  // violet
    m.variants = {{"bp", "BP", false}};
    m.grads_f = &bp_grads<float>, m.grads_d = &bp_grads<double>;
    return m;
  }();
  return m;
}

}  // namespace sdfc
