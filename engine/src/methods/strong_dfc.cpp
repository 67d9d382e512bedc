// strong_dfc.cpp — Strong-DFC (the paper): the controller drives the output all the way
// to the label, e = t − softmax(r_L); forward weights learn to shrink the control
// H = ||Q u_ss||², Q learns from noise. Forward step: controller_rule.h.
#include "methods/controller_rule.h"

namespace sdfc {
namespace {

void resolve(Config& c) {
  // Strong feedback with hard labels is silently moved to c = 0.99 by the reference.
  if (c.target_class_value == 1.0) c.target_class_value = 0.99;
}

void validate(const Config& c) {
  if (c.forward_mode == ForwardMode::Analytic)
    throw Error(
        "--ssa: the analytic steady state is only valid for weak feedback (DFC); the reference "
        "refuses it with --strong_feedback");
}

}  // namespace

const MethodInfo& strong_dfc_method() {
  static const MethodInfo m = [] {
    MethodInfo m;
    m.name = "strong-dfc";
    m.aliases = {"sdfc", "strongdfc"};
    m.display = "Strong-DFC";
    m.blurb =
        "Strong-DFC: the controller drives the output all the way to the label; each neuron then "
        "learns to produce by itself what the feedback had to add (minimizing the control H).";
    m.colour = 0xFF9F40;  // orange
    m.uses_controller = true, m.learns_feedback = true;
    // e = t − softmax(r_L), r* = soft labels
    m.error = ErrorForm::Softmax, m.target = OutputTarget::SoftLabels;
    m.variants = {{"strong-dfc", "Strong-DFC (noise)", true},
                  {"strong-dfc-nonoise", "Strong-DFC (no noise)", false}};
    m.resolve = &resolve, m.validate = &validate;
    m.grads_f = &controller_forward_grads<float>, m.grads_d = &controller_forward_grads<double>;
    return m;
  }();
  return m;
}

}  // namespace sdfc
