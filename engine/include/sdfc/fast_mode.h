// fast_mode.h — the validated fast solver setting of `train --fast` / `reproduce --fast`.
//
// One rule for every method, so that a new preset gets a fast mode without a table entry:
//   precision   float32 (the paper runs in float64);
//   simulation  coarse_steps c    = the largest c ≤ 5 that Config::resolve_and_validate accepts
//                                   (c·dt_di ≤ τ_v, τ_noise, τ_f: the explicit Euler step still
//                                   resolves the soma and the filters);
//   feedback    coarse_steps_fb c = the same rule for the feedback / pre-training simulation.
// Backprop simulates nothing: its fast mode is float32 alone. How close each method's fast
// mode comes to the faithful double run is measured, not assumed: docs/results.md.
#pragma once
#include <string>

#include "sdfc/config.h"

namespace sdfc {

constexpr int kFastMaxCoarseSteps = 5;

// Applies the rule to c (before or after resolve_and_validate); c stays valid.
void apply_fast_mode(Config& c);

// "float32, coarse_steps 5, coarse_steps_fb 2" — what apply_fast_mode chose.
std::string solver_description(const Config& c);

}  // namespace sdfc
