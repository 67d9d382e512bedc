// config.h — every hyperparameter of a run, named as in the authors' code
// (mariacer/strong_dfc, dfc/utils/args.py) so their command lines map 1:1.
//
// Defaults are the reference's defaults where a flag is absent (spec: reference §5.3),
// e.g. Adam β1 = β2 = 0.99. Presets (presets.h) fill in the paper's values.
#pragma once
#include <cstdint>
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
  int init_fb_epochs = 1;   // feedback pre-training epochs (Q only, *_fb dynamics)
  int extra_fb_epochs = 0;  // Q-only epochs after each forward epoch

  // --- forward-weight optimiser --------------------------------------------
  Optimizer optimizer = Optimizer::Adam;
  double lr = 0.1;
  double adam_beta1 = 0.99, adam_beta2 = 0.99, adam_epsilon = 1e-8;
  double momentum = 0.0, weight_decay = 0.0;

  // --- feedback-weight optimiser (Q) ---------------------------------------
  Optimizer optimizer_fb = Optimizer::Adam;
  double lr_fb = 0.1, lr_fb_init = 0.1;
  double adam_beta1_fb = 0.99, adam_beta2_fb = 0.99, adam_epsilon_fb = 1e-8;
  double momentum_fb = 0.0, weight_decay_fb = 0.01;

  // --- targets -----------------------------------------------------------------
  double target_class_value = 1.0;  // c: soft one-hot, c on the true class (1 = hard labels)
  double target_stepsize = 0.001;   // λ: weak-DFC nudge r* = r_ff − λ ∂L/∂r_L

  // --- forward (training) dynamics ------------------------------------------
  double dt_di = 0.1;
  int tmax_di = 10;                        // K = number of stored time points (K−1 Euler steps)
  double alpha_di = 0.001;                 // controller leak α (acts on the total u)
  double k_p = 0.0;                        // proportional gain
  double time_constant_ratio = 0.2;        // τ_v (soma), in units of τ_u
  double apical_time_constant = -1;        // τ_a; −1 means dt (instantaneous apical compartment)
  double sigma = 0.08, sigma_output = -1;  // noise σ, hidden / output (−1 → copy sigma)
  bool noisy_dynamics = false;  // noise in the forward simulation (forced on in single phase)

  // --- feedback-phase / pre-training dynamics (−1 → copy forward value) ---------
  double dt_di_fb = -1;
  int tmax_di_fb = -1;
  double alpha_di_fb = 0.5;
  double k_p_fb = -1;
  double time_constant_ratio_fb = -1;
  double apical_time_constant_fb = -1;
  double sigma_fb = -1, sigma_output_fb = -1;

  // --- filters --------------------------------------------------------------------
  double tau_f = 0.9;               // low-pass of u (high-pass for feedback learning)
  double tau_noise = 0.8;           // low-pass of the apical noise (single phase)
  bool scaling_fb_updates = false;  // layer scaling (1 + τ_v/τ_noise)^{L−i}

  // --- cheaper solvers (performance options; all off = faithful) -------------------
  int forward_stride = 1;       // accumulate the forward time average every `stride` steps
  double early_stop_tol = 0.0;  // stop the simulation when max|Δu|/dt < tol (0 = off)
  int coarse_steps = 1;         // c: the same horizon (K−1)·dt in (K−1)/c steps of c·dt
  int coarse_steps_fb = -1;     // the same for the feedback / pre-training simulation (−1 = copy)

  // --- runtime (not a hyperparameter; results do not depend on it) -----------------
  int threads = 0;  // simulation threads, 0 = all cores

  // Resolve the reference's "copy" rules (−1 → forward value) and validate every
  // field; throws Error naming the flag and the limit it broke.
  void resolve_and_validate();
  // The registry entry of `method` (throws Error for an unknown name).
  const MethodInfo& method_def() const;
  // The table row's name of the method + phase, e.g. "Strong-DFC (noise)".
  std::string method_label() const;
};

}  // namespace sdfc
