// fast_mode.cpp — the fast solver rule of fast_mode.h.
#include "sdfc/fast_mode.h"

#include "sdfc/method.h"
#include "sdfc/types.h"

namespace sdfc {
namespace {

// Largest c in [1, kFastMaxCoarseSteps] for which `set(copy, c)` still validates and the
// coarse step c·dt resolves the low-pass noise (single phase): c·dt ≤ τ_noise / 10.
template <class Set>
int largest_valid(const Config& base, double dt, Set set) {
  for (int c = kFastMaxCoarseSteps; c > 1; --c) {
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

void apply_fast_mode(Config& c) {
  // Rows whose fast settings did not come out equivalent to the faithful double run keep
  // the faithful solver (DFC (noise): docs/results.md, "DFC (noise)").
  const MethodInfo& m = c.method_def();
  if (m.variant(c.single_phase).fast_keeps_faithful) return;
  c.double_precision = false;
  if (!m.uses_controller) return;  // no simulation to coarsen
  // each phase's step chosen with the other phase at its faithful step
  const int fw = largest_valid(c, c.dt_di,
                               [](Config& t, int k) { t.coarse_steps = k, t.coarse_steps_fb = 1; });
  const int fb = largest_valid(c, c.dt_di_fb,
                               [](Config& t, int k) { t.coarse_steps = 1, t.coarse_steps_fb = k; });
  c.coarse_steps = fw, c.coarse_steps_fb = fb;
}

std::string solver_description(const Config& c) {
  std::string s = c.double_precision ? "float64" : "float32";
  if (!c.method_def().uses_controller) return s;
  const int fb = c.coarse_steps_fb < 0 ? c.coarse_steps : c.coarse_steps_fb;
  if (c.coarse_steps == 1 && fb == 1) return s + ", faithful steps";
  return s + ", coarse_steps " + std::to_string(c.coarse_steps) + ", coarse_steps_fb " +
         std::to_string(fb);
}

}  // namespace sdfc
