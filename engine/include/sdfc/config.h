// config.h — every hyperparameter of a run, named as in the authors' code
// (mariacer/strong_dfc, dfc/utils/args.py) so their command lines map 1:1.
//
// Defaults are the reference's defaults where a flag is absent (spec: reference §5.3),
// e.g. Adam β1 = β2 = 0.99. Presets (presets.h) fill in the paper's values.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sdfc/method.h"
#include "sdfc/types.h"

namespace sdfc {

// Which trajectory values the forward rule uses (reference §3.5).
enum class ForwardMode {
  Continuous,   // time average over all K stored points (single phase; weak DFC default)
  SteadyState,  // last simulated point only (`--ss`)
  Analytic,     // linearised steady state, no simulation (`--ssa`, weak DFC only)
};
const char* to_string(ForwardMode m);
ForwardMode forward_mode_from_string(const std::string& s);  // "cont" | "ss" | "ssa"

enum class Optimizer { Adam, SGD };
const char* to_string(Optimizer o);
Optimizer optimizer_from_string(const std::string& s);  // "Adam" | "SGD" (case-insensitive)

// Input pixel normalisation applied to [0,1] pixels (reference: MNIST is standardised,
// Fashion-MNIST is only /255).
enum class InputNorm { None, MnistStandardize };

// One simulation phase's dynamics and its Euler step, under the reference's flag names (the
// feedback / pre-training phase's flags add the suffix _fb: --dt_di_fb, …). An unset field
// (std::nullopt; the reference spells it −1) is inherited: a feedback-phase field takes the
// forward phase's value, and within either phase apical_time_constant falls back to that
// phase's dt_di (an instantaneous apical compartment) and sigma_output to its sigma.
// Config::resolve_and_validate sets every field; forward_dynamics() / feedback_dynamics()
// give the resolved values at any time.
struct Phase {
  std::optional<double> dt_di;                 // Euler step dt
  std::optional<int> tmax_di;                  // K = number of stored time points (K−1 steps)
  std::optional<double> alpha_di;              // controller leak α (acts on the total u)
  std::optional<double> k_p;                   // proportional gain
  std::optional<double> time_constant_ratio;   // τ_v (soma), in units of τ_u
  std::optional<double> apical_time_constant;  // τ_a (unset: dt_di, instantaneous)
  std::optional<double> sigma, sigma_output;   // noise σ, hidden / output (unset: sigma)
  std::optional<int> coarse_steps;  // c: the same horizon (K−1)·dt in (K−1)/c steps of c·dt
};

// A phase with every field resolved: what the simulator is configured from.
struct Dynamics {
  double dt_di = 0;
  int tmax_di = 0;
  double alpha_di = 0, k_p = 0, time_constant_ratio = 0, apical_time_constant = 0;
  double sigma = 0, sigma_output = 0;
  int coarse_steps = 1;
};

// The optimiser of one group of weights (--optimizer, --lr, --adam_beta1 …; the feedback
// weights' flags add _fb). lr_fb_init, Q's rate in pre-training, is Config's own.
struct OptimizerSpec {
  Optimizer kind = Optimizer::Adam;
  double lr = 0.1;
  double adam_beta1 = 0.99, adam_beta2 = 0.99, adam_epsilon = 1e-8;
  double momentum = 0.0, weight_decay = 0.0;
};

// Cheaper-solver options of the forward simulation (all off = faithful; the coarse step is
// per phase, Phase::coarse_steps).
struct Solver {
  int forward_stride = 1;       // accumulate the forward time average every `stride` steps
  double early_stop_tol = 0.0;  // stop the simulation when max|Δu|/dt < tol (0 = off)
};

struct Config {
  // --- network -------------------------------------------------------------
  std::vector<int> sizes{784, 256, 256, 256, 10};  // n_0 … n_L (input first, output last)
  Activation hidden_activation = Activation::Tanh;
  InputNorm input_norm = InputNorm::MnistStandardize;
  // The learning method: a name in the registry (method.h: bp, strong-dfc, dfc, …).
  // The slide table's rows are (method, single_phase), e.g. Strong-DFC (noise) =
  // strong-dfc single phase (W and Q from one noisy simulation), Strong-DFC (no noise) =
  // strong-dfc two phase (noiseless forward phase + noisy feedback phase).
  std::string method = "strong-dfc";
  bool single_phase = true;  // run_dfc_single_phase.py (true) or run_dfc.py (false)
  ForwardMode forward_mode = ForwardMode::Continuous;
  bool double_precision = true;  // the paper's DFC runs use float64

  // --- training loop -------------------------------------------------------
  int epochs = 40;
  int batch_size = 128;
  double clip_grad_norm = 1.0;  // per layer group; <= 0 disables
  uint64_t random_seed = 42;
  int init_fb_epochs = 1;   // feedback pre-training epochs (Q only, feedback dynamics)
  int extra_fb_epochs = 0;  // Q-only epochs after each forward epoch

  // --- optimisers: forward weights W, b and feedback weights Q ----------------
  OptimizerSpec opt;
  OptimizerSpec opt_fb{Optimizer::Adam, 0.1, 0.99, 0.99, 1e-8, 0.0, 0.01};
  double lr_fb_init = 0.1;  // Q's learning rate in pre-training

  // --- targets -----------------------------------------------------------------
  double target_class_value = 1.0;  // c: soft one-hot, c on the true class (1 = hard labels)
  double target_stepsize = 0.001;   // λ: weak-DFC nudge r* = r_ff − λ ∂L/∂r_L

  // --- dynamics: the forward (training) phase and the feedback / pre-training phase --
  Phase forward{0.1, 10, 0.001, 0.0, 0.2, std::nullopt, 0.08, std::nullopt, 1};
  Phase feedback{std::nullopt, std::nullopt, 0.5,          std::nullopt, std::nullopt,
                 std::nullopt, std::nullopt, std::nullopt, std::nullopt};  // all inherited but α
  bool noisy_dynamics = false;  // noise in the forward simulation (forced on in single phase)

  // --- filters --------------------------------------------------------------------
  double tau_f = 0.9;               // low-pass of u (high-pass for feedback learning)
  double tau_noise = 0.8;           // low-pass of the apical noise (single phase)
  bool scaling_fb_updates = false;  // layer scaling (1 + τ_v/τ_noise)^{L−i}

  // --- cheaper solvers (performance options; all off = faithful) -------------------
  Solver solver;

  // The phases with the reference's inheritance applied (ARGS:post_process_args); a
  // forward field left unset resolves to −1, which validation rejects.
  Dynamics forward_dynamics() const;
  Dynamics feedback_dynamics() const;
  // Resolve the reference's "copy" rules (every Phase field set) and validate every field;
  // throws Error naming the flag and the limit it broke.
  void resolve_and_validate();
  // The registry entry of `method` (throws Error for an unknown name).
  const MethodInfo& method_def() const;
  // The table row's name of the method + phase, e.g. "Strong-DFC (noise)".
  std::string method_label() const;
};

}  // namespace sdfc
