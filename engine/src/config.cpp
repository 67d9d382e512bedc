// config.cpp — enum names, the reference's "copy" rules, and validation of every
// hyperparameter with a message that names the flag and the limit.
#include "sdfc/config.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <sstream>

#include "sdfc/config_schema.h"
#include "sdfc/method.h"

namespace sdfc {

const char* to_string(Activation a) {
  switch (a) {
    case Activation::Tanh:
      return "tanh";
    case Activation::ReLU:
      return "relu";
    case Activation::Linear:
      return "linear";
  }
  return "?";
}
Activation activation_from_string(const std::string& s) {
  if (s == "tanh") return Activation::Tanh;
  if (s == "relu") return Activation::ReLU;
  if (s == "linear") return Activation::Linear;
  throw Error("hidden_activation: unknown activation '" + s + "' (use tanh, relu or linear)");
}

const char* to_string(ForwardMode m) {
  switch (m) {
    case ForwardMode::Continuous:
      return "cont";
    case ForwardMode::SteadyState:
      return "ss";
    case ForwardMode::Analytic:
      return "ssa";
  }
  return "?";
}
ForwardMode forward_mode_from_string(const std::string& s) {
  if (s == "cont") return ForwardMode::Continuous;
  if (s == "ss") return ForwardMode::SteadyState;
  if (s == "ssa") return ForwardMode::Analytic;
  throw Error("forward mode: unknown mode '" + s + "' (use cont, ss or ssa)");
}

const char* to_string(Optimizer o) { return o == Optimizer::Adam ? "Adam" : "SGD"; }
Optimizer optimizer_from_string(const std::string& s) {
  std::string l = s;
  std::transform(l.begin(), l.end(), l.begin(), [](unsigned char c) { return std::tolower(c); });
  if (l == "adam") return Optimizer::Adam;
  if (l == "sgd") return Optimizer::SGD;
  throw Error("optimizer: unknown optimizer '" + s + "' (use Adam or SGD)");
}

namespace {
[[noreturn]] void fail(const std::string& flag, const std::string& why) {
  throw Error("--" + flag + ": " + why);
}
void finite(const std::string& flag, double v) {
  if (!std::isfinite(v)) fail(flag, "must be a finite number");
}
void positive(const std::string& flag, double v) {
  finite(flag, v);
  if (v <= 0) fail(flag, "must be > 0 (got " + std::to_string(v) + ")");
}
void nonneg(const std::string& flag, double v) {
  finite(flag, v);
  if (v < 0) fail(flag, "must be >= 0 (got " + std::to_string(v) + ")");
}
}  // namespace

void Config::resolve_and_validate() {
  // --- the reference's copy rules (ARGS:post_process_args) ---
  if (sigma_output < 0) sigma_output = sigma;
  if (dt_di_fb < 0) dt_di_fb = dt_di;
  if (tmax_di_fb < 0) tmax_di_fb = tmax_di;
  if (k_p_fb < 0) k_p_fb = k_p;
  if (time_constant_ratio_fb < 0) time_constant_ratio_fb = time_constant_ratio;
  if (sigma_fb < 0) sigma_fb = sigma;
  if (sigma_output_fb < 0) sigma_output_fb = sigma_fb;
  if (apical_time_constant < 0) apical_time_constant = dt_di;
  if (apical_time_constant_fb < 0) apical_time_constant_fb = dt_di_fb;
  if (coarse_steps_fb < 0) coarse_steps_fb = coarse_steps;
  const MethodInfo& m = sdfc::method_info(method);
  method = m.name;  // the canonical spelling of an alias
  if (m.resolve) m.resolve(*this);
  if (single_phase && m.uses_controller) noisy_dynamics = true;  // forced by the reference

  // --- network ---
  if (sizes.size() < 2) fail("size_hidden", "the network needs an input and an output layer");
  if (sizes.size() > 33) fail("size_hidden", "at most 32 layers are supported");
  for (size_t i = 0; i < sizes.size(); ++i)
    if (sizes[i] < 1 || sizes[i] > 65536)
      fail("size_hidden", "layer widths must be between 1 and 65536 (got " +
                              std::to_string(sizes[i]) + " at layer " + std::to_string(i) + ")");
  double params = 0;  // W, b and Q of every layer
  for (size_t i = 1; i < sizes.size(); ++i)
    params += double(sizes[i]) * (double(sizes[i - 1]) + 1.0 + double(sizes.back()));
  if (params > 2e8)
    fail("size_hidden",
         "the network would have " + std::to_string(params) + " parameters; the limit is 2e8");
  if (sizes.back() < 2) fail("size_hidden", "the output layer needs at least 2 classes");

  // --- training loop ---
  // every integer field's range, from the schema (the parser refuses the same values)
  for (const ConfigFieldSpec& f : config_schema())
    if (f.kind == FieldKind::Integer && f.hi > f.lo) {
      const double v = f.number(*this);
      if (v < double(f.lo) || v > double(f.hi))
        fail(f.name, "must be between " + std::to_string(f.lo) + " and " + std::to_string(f.hi) +
                         " (got " + std::to_string(static_cast<long long>(v)) + ")");
    }
  finite("clip_grad_norm", clip_grad_norm);

  // --- optimisers ---
  nonneg("lr", lr);
  nonneg("lr_fb", lr_fb);
  nonneg("lr_fb_init", lr_fb_init);
  for (auto [name, v] : {std::pair<const char*, double>{"adam_beta1", adam_beta1},
                         {"adam_beta2", adam_beta2},
                         {"adam_beta1_fb", adam_beta1_fb},
                         {"adam_beta2_fb", adam_beta2_fb}}) {
    finite(name, v);
    if (v < 0 || v >= 1) fail(name, "must be in [0, 1)");
  }
  positive("adam_epsilon", adam_epsilon);
  positive("adam_epsilon_fb", adam_epsilon_fb);
  nonneg("momentum", momentum);
  nonneg("momentum_fb", momentum_fb);
  nonneg("weight_decay", weight_decay);
  nonneg("weight_decay_fb", weight_decay_fb);

  // --- targets ---
  finite("target_class_value", target_class_value);
  if (target_class_value <= 0 || target_class_value > 1)
    fail("target_class_value", "must be in (0, 1]");
  nonneg("target_stepsize", target_stepsize);

  if (m.validate) m.validate(*this);
  if (!m.uses_controller) return;

  // --- dynamics (forward and feedback phase) ---
  auto dyn = [](const std::string& sfx, double dt, int K, double alpha, double kp, double tau_v,
                double tau_a, double sig, double sig_out) {
    positive("dt_di" + sfx, dt);
    if (K < 2 || K > 1000000)
      fail("tmax_di" + sfx,
           "must be between 2 and 1000000 stored time points (got " + std::to_string(K) + ")");
    nonneg("alpha_di" + sfx, alpha);
    nonneg("k_p" + sfx, kp);
    positive("time_constant_ratio" + sfx, tau_v);
    if (tau_v < dt * (1 - 1e-12))
      fail("time_constant_ratio" + sfx, "τ_v = " + std::to_string(tau_v) +
                                            " is smaller than dt = " + std::to_string(dt) +
                                            "; the Euler scheme is unstable (need τ_v ≥ dt)");
    positive("apical_time_constant" + sfx, tau_a);
    if (tau_a < dt * (1 - 1e-12)) fail("apical_time_constant" + sfx, "must be ≥ dt (−1 means dt)");
    nonneg("sigma" + sfx, sig);
    nonneg("sigma_output" + sfx, sig_out);
  };
  dyn("", dt_di, tmax_di, alpha_di, k_p, time_constant_ratio, apical_time_constant, sigma,
      sigma_output);
  dyn("_fb", dt_di_fb, tmax_di_fb, alpha_di_fb, k_p_fb, time_constant_ratio_fb,
      apical_time_constant_fb, sigma_fb, sigma_output_fb);
  positive("tau_f", tau_f);
  positive("tau_noise", tau_noise);
  if (dt_di > tau_f) fail("tau_f", "must be ≥ dt_di (the high-pass filter constant dt/τ_f ≤ 1)");
  if (dt_di > tau_noise) fail("tau_noise", "must be ≥ dt_di");
  if (forward_stride < 1 || forward_stride > tmax_di) fail("forward_stride", "must be 1 … tmax_di");
  nonneg("early_stop_tol", early_stop_tol);
  // coarse_steps c: c·dt must still resolve τ_v (explicit Euler) and the filters
  auto coarse = [&](const std::string& sfx, int c, double dt, int K, double tau_v) {
    const std::string flag = "coarse_steps" + sfx;
    if (c < 1) fail(flag, "must be ≥ 1 (1 = the faithful step dt_di" + sfx + ")");
    if (c == 1) return;
    const std::string hint =
        sfx.empty() ? "" : " (--coarse_steps_fb 1 keeps the feedback simulation's own step)";
    if ((K - 1) / c < 1)
      fail(flag, "leaves no Euler step of tmax_di" + sfx + " = " + std::to_string(K) + hint);
    if (c * dt > tau_v * (1 + 1e-12))
      fail(flag, std::to_string(c) + " × dt_di" + sfx + " = " + std::to_string(c * dt) +
                     " exceeds τ_v = time_constant_ratio" + sfx + " = " + std::to_string(tau_v) +
                     "; the Euler scheme would be unstable" + hint);
  };
  coarse("", coarse_steps, dt_di, tmax_di, time_constant_ratio);
  coarse("_fb", coarse_steps_fb, dt_di_fb, tmax_di_fb, time_constant_ratio_fb);
  if (coarse_steps * dt_di > tau_f) fail("coarse_steps", "coarse_steps × dt_di must be ≤ tau_f");
  if (coarse_steps * dt_di > tau_noise)
    fail("coarse_steps", "coarse_steps × dt_di must be ≤ tau_noise");
  if (forward_stride > (tmax_di - 1) / coarse_steps + 1)
    fail("forward_stride", "must not exceed the coarse simulation's time points");
  if (forward_mode == ForwardMode::Analytic && single_phase)
    fail("ssa", "the analytic steady state needs the two-phase runner (no noisy simulation)");
}

const MethodInfo& Config::method_def() const { return sdfc::method_info(method); }

std::string Config::method_label() const { return method_def().variant(single_phase).label; }

}  // namespace sdfc
