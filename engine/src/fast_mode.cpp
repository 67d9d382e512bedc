// fast_mode.cpp — the fast solver rule of fast_mode.h.
#include "sdfc/fast_mode.h"

#include "sdfc/method.h"
#include "sdfc/types.h"

namespace sdfc {
namespace {

// Largest c in [1, max_c] for which `set(copy, c)` still validates and the coarse step c·dt
// resolves the low-pass noise (single phase): c·dt ≤ τ_noise / 10.
template <class Set>
int largest_valid(const Config& base, double dt, int max_c, Set set) {
  for (int c = max_c; c > 1; --c) {
    if (base.single_phase && c * dt > base.tau_noise / kFastNoiseStepsPerTau * (1 + 1e-12))
      continue;
    Config t = base;
    set(t, c);
    try {
      t.resolve_and_validate();
      return c;
    } catch (const Error&) {
    }
  }
  return 1;
}

}  // namespace

bool fast_mode_is_faithful(const Config& c) {
  // r* − r_ff = −λ (softmax(r_ff) − t): with hard labels (t one-hot) the nudge of a confidently
  // classified sample is below float32's resolution of r_ff, and the coarse step does not
  // recover the curve either (docs/results.md, "The fast solver" and "DFC (no noise)")
  return c.method_def().target == OutputTarget::WeakNudge && c.target_class_value == 1.0;
}

void apply_fast_mode(Config& c) {
  if (!fast_mode_is_faithful(c)) apply_fast_rule(c);
}

void apply_fast_rule(Config& c) {
  const MethodInfo& m = c.method_def();
  c.double_precision = false;
  if (!m.uses_controller) return;  // no simulation to coarsen
  // each phase's step chosen with the other phase at its faithful step
  auto set = [](Config& t, int fw, int fb) {
    t.forward.coarse_steps = fw, t.feedback.coarse_steps = fb;
  };
  // a row's own cap (DFC (noise): 3, docs/results.md), else the rule's limit
  const int cap = m.variant(c.single_phase).fast_max_coarse_steps;
  const int max_c = cap > 0 ? cap : kFastMaxCoarseSteps;
  const int fw =
      largest_valid(c, c.forward_dynamics().dt_di, max_c, [&](Config& t, int k) { set(t, k, 1); });
  const int fb =
      largest_valid(c, c.feedback_dynamics().dt_di, max_c, [&](Config& t, int k) { set(t, 1, k); });
  set(c, fw, fb);
}

std::string solver_description(const Config& c) {
  std::string s = c.double_precision ? "float64" : "float32";
  if (!c.method_def().uses_controller) return s;
  const int fw = c.forward_dynamics().coarse_steps, fb = c.feedback_dynamics().coarse_steps;
  if (fw == 1 && fb == 1) return s + ", faithful steps";
  return s + ", coarse_steps " + std::to_string(fw) + ", coarse_steps_fb " + std::to_string(fb);
}

}  // namespace sdfc
