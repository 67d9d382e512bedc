// dfc.cpp — Deep Feedback Control with weak feedback (Meulemans et al. 2021): the
// controller nudges the output by r* = r_ff − λ ∂L/∂r_L; hidden layers receive the
// control signal through Q, which learns from noise. Forward step: controller_rule.h.
#include "methods/controller_rule.h"

namespace sdfc {

const MethodInfo& dfc_method() {
  static const MethodInfo m = [] {
    MethodInfo m;
    m.name = "dfc";
    m.display = "DFC (weak)";
    m.blurb =
        "Deep Feedback Control with weak feedback: the controller only nudges the output a small "
        "step λ towards lower loss.";
    m.colour = 0xF06292;  // pink
    m.uses_controller = true, m.learns_feedback = true;
    // e = r* − r_L with the weak nudge r* = r_ff − λ (softmax(r_ff) − t)
    m.error = ErrorForm::Logit, m.target = OutputTarget::WeakNudge;
    // DFC (noise): coarse_steps 5 diverges where 3 does not (docs/results.md, "DFC (noise)")
    m.variants = {{"dfc", "DFC (noise)", true, 3}, {"dfc-nonoise", "DFC (no noise)", false}};
    m.grads_f = &controller_forward_grads<float>, m.grads_d = &controller_forward_grads<double>;
    return m;
  }();
  return m;
}

}  // namespace sdfc
