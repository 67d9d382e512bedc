// fast_mode.h — the validated fast solver setting of `train --fast` / `reproduce --fast`.
//
// One rule for every method, so that a new preset gets a fast mode without a table entry:
//   precision   float32 (the paper runs in float64);
//   simulation  coarse_steps c    = the largest c ≤ 5 (≤ the row's own cap, method.h's
//                                   MethodVariant::fast_max_coarse_steps, where it has one)
//                                   that Config::resolve_and_validate accepts
//                                   (c·dt_di ≤ τ_v, τ_noise, τ_f: the explicit Euler step still
//                                   resolves the soma and the filters) and, where the noise is
//                                   low-pass filtered (single-phase runs), that still takes
//                                   ≥ 10 steps per noise correlation time: c·dt ≤ τ_noise / 10;
//   feedback    coarse_steps_fb c = the same rule for the feedback / pre-training simulation.
// The noise condition comes from a measurement: DFC (noise) with c·dt = 0.86 τ_noise learned
// visibly differently from its faithful run (docs/results.md, "DFC (noise)").
// Backprop simulates nothing: its fast mode is float32 alone. Weak-feedback DFC trained single
// phase with noise (DFC (noise)) is capped at coarse_steps 3: with 5 its run diverged, with 3 it
// learns, 0.3 pp above the faithful run at the best-validation epoch (within the paper's σ) and
// 0.6–1.5 pp above at the last epoch (docs/results.md, "DFC (noise)"). How close each method's fast
// mode comes to the faithful double run is measured, not assumed: docs/results.md.
// One exception, where no fast setting was found equivalent: the weak nudge with hard labels
// (OutputTarget::WeakNudge, target_class_value = 1; of the presets, MNIST DFC (no noise)) keeps
// the faithful float64 solver. Over 40 epochs its float32 run's test error lies 0.11–0.12 pp
// above the faithful run's on both paired seeds, and float64 with coarse_steps 5 as far
// (docs/results.md, "DFC (no noise)"): float32 rounds the nudge of confidently classified
// samples to 0 (results/fast-validation/fidelity.md).
#pragma once
#include <string>

#include "sdfc/config.h"

namespace sdfc {

constexpr int kFastMaxCoarseSteps = 5;
constexpr double kFastNoiseStepsPerTau = 10;  // filtered noise: ≥ 10 coarse steps per τ_noise

// Whether the rule leaves c as it is (the exception above).
bool fast_mode_is_faithful(const Config& c);

// What --fast does to c (before or after resolve_and_validate): the rule, or nothing where
// fast_mode_is_faithful(c). c stays valid.
void apply_fast_mode(Config& c);

// The rule alone, without the exception: the candidate that the exception was measured
// against (sdfc_bench --fidelity compares it with the faithful step).
void apply_fast_rule(Config& c);

// "float32, coarse_steps 5, coarse_steps_fb 2" — what apply_fast_mode chose.
std::string solver_description(const Config& c);

}  // namespace sdfc
