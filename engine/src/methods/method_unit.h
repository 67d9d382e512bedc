// method_unit.h — what the trainer hands a method's forward step (StepContext), and the
// small helpers every method's statistics share. Internal to the engine.
#pragma once
#include <functional>

#include "sdfc/backprop.h"
#include "sdfc/config.h"
#include "sdfc/learning.h"
#include "sdfc/method.h"
#include "sdfc/trainer.h"

namespace sdfc {

template <class S>
struct StepContext {
  const Config& cfg;
  const Network<S>& net;
  CMatRef<S> X;                 // n_0 × B inputs
  const int* labels;            // B labels
  const Feedforward<S>& ff;     // the feedforward pass of X (before the update)
  const Mat<S>& T;              // n_L × B soft one-hot targets (c on the true class)
  const Mat<S>& target;         // n_L × B r* of the forward step (T, or the weak nudge)
  const SimParams& sim_params;  // the forward phase's simulation constants
  // The trainer's controlled simulation of this batch with this step's noise stream
  // (recorded when the front end asked for it).
  std::function<const SimResult<S>&(const Mat<S>& target, const SimParams& p)> simulate;
  Grads<S>& g;     // out: g.W, g.b (and g.Q when the step learns Q)
  BatchStats& st;  // out: H, converged, reached, sim_steps
};

template <class S>
bool method_grads(const MethodInfo& m, StepContext<S>& ctx);
template <>
inline bool method_grads<float>(const MethodInfo& m, StepContext<float>& ctx) {
  return m.grads_f(ctx);
}
template <>
inline bool method_grads<double>(const MethodInfo& m, StepContext<double>& ctx) {
  return m.grads_d(ctx);
}

// Samples whose argmax equals the label.
template <class S>
int count_correct(const Mat<S>& logits, const int* labels) {
  int c = 0;
  for (Eigen::Index j = 0; j < logits.cols(); ++j) {
    Eigen::Index arg;
    logits.col(j).maxCoeff(&arg);
    c += int(arg) == labels[j];
  }
  return c;
}

// The controller's output error e = r* − g(r_L), g = softmax or identity.
template <class S>
Mat<S> controller_error(ErrorForm form, const Mat<S>& target, const Mat<S>& rL) {
  return form == ErrorForm::Softmax ? Mat<S>(target - softmax<S>(rL)) : Mat<S>(target - rL);
}

// Fraction of samples whose controller error shrank to ε = 1/2 of its initial norm
// (the reference's epsilon_di = 0.5; its check_convergence also demands a fixed point,
// which the paper's short Strong-DFC simulations never reach).
template <class S>
double converged_fraction(const Mat<S>& e0, const Mat<S>& e1) {
  int n = 0;
  for (Eigen::Index j = 0; j < e0.cols(); ++j) n += e1.col(j).norm() <= S(0.5) * e0.col(j).norm();
  return e0.cols() ? double(n) / e0.cols() : 0.0;
}

// Both precisions of a method's templated forward step, for MethodInfo::grads_f/grads_d.
#define SDFC_METHOD_GRADS(fn) &fn<float>, &fn<double>

}  // namespace sdfc
