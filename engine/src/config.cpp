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

namespace {
// One phase with its unset fields inherited from `parent` (the feedback phase's parent is the
// forward phase; the forward phase has none). As in the reference, any negative value is the
// "copy" spelling; with nothing to copy from it stays, and validation rejects it.
Dynamics resolve_phase(const Phase& p, const Dynamics* parent) {
  auto get = [&](const std::optional<double>& v, double Dynamics::*m) {
    if (v && (*v >= 0 || !parent)) return *v;
    return parent ? parent->*m : -1.0;
  };
  auto get_int = [&](const std::optional<int>& v, int Dynamics::*m) {
    if (v && (*v >= 0 || !parent)) return *v;
    return parent ? parent->*m : -1;
  };
  // within the phase: σ_output ← σ, τ_a ← dt (both phases, as the reference)
  auto or_own = [](const std::optional<double>& v, double own) { return v && *v >= 0 ? *v : own; };
  Dynamics d;
  d.dt_di = get(p.dt_di, &Dynamics::dt_di);
  d.tmax_di = get_int(p.tmax_di, &Dynamics::tmax_di);
  d.alpha_di = p.alpha_di.value_or(-1.0);  // never inherited (the feedback default is 0.5)
  d.k_p = get(p.k_p, &Dynamics::k_p);
  d.time_constant_ratio = get(p.time_constant_ratio, &Dynamics::time_constant_ratio);
  d.sigma = get(p.sigma, &Dynamics::sigma);
  d.coarse_steps = get_int(p.coarse_steps, &Dynamics::coarse_steps);
  d.sigma_output = or_own(p.sigma_output, d.sigma);
  d.apical_time_constant = or_own(p.apical_time_constant, d.dt_di);
  return d;
}

// Every field of `p` set to its resolved value.
void pin(Phase& p, const Dynamics& d) {
  p.dt_di = d.dt_di, p.tmax_di = d.tmax_di, p.alpha_di = d.alpha_di, p.k_p = d.k_p;
  p.time_constant_ratio = d.time_constant_ratio;
  p.apical_time_constant = d.apical_time_constant;
  p.sigma = d.sigma, p.sigma_output = d.sigma_output, p.coarse_steps = d.coarse_steps;
}
}  // namespace

Dynamics Config::forward_dynamics() const { return resolve_phase(forward, nullptr); }

Dynamics Config::feedback_dynamics() const {
  const Dynamics fw = forward_dynamics();
  return resolve_phase(feedback, &fw);
}

void Config::resolve_and_validate() {
  // --- the reference's copy rules (ARGS:post_process_args) ---
  const Dynamics fwd = forward_dynamics(), fbd = feedback_dynamics();
  pin(forward, fwd);
  pin(feedback, fbd);
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
  nonneg("lr", opt.lr);
  nonneg("lr_fb", opt_fb.lr);
  nonneg("lr_fb_init", lr_fb_init);
  for (auto [name, v] : {std::pair<const char*, double>{"adam_beta1", opt.adam_beta1},
                         {"adam_beta2", opt.adam_beta2},
                         {"adam_beta1_fb", opt_fb.adam_beta1},
                         {"adam_beta2_fb", opt_fb.adam_beta2}}) {
    finite(name, v);
    if (v < 0 || v >= 1) fail(name, "must be in [0, 1)");
  }
  positive("adam_epsilon", opt.adam_epsilon);
  positive("adam_epsilon_fb", opt_fb.adam_epsilon);
  nonneg("momentum", opt.momentum);
  nonneg("momentum_fb", opt_fb.momentum);
  nonneg("weight_decay", opt.weight_decay);
  nonneg("weight_decay_fb", opt_fb.weight_decay);

  // --- targets ---
  finite("target_class_value", target_class_value);
  if (target_class_value <= 0 || target_class_value > 1)
    fail("target_class_value", "must be in (0, 1]");
  nonneg("target_stepsize", target_stepsize);

  if (m.validate) m.validate(*this);
  if (!m.uses_controller) return;

  // --- dynamics (forward and feedback phase) ---
  auto dyn = [](const std::string& sfx, const Dynamics& d) {
    positive("dt_di" + sfx, d.dt_di);
    if (d.tmax_di < 2 || d.tmax_di > 1000000)
      fail("tmax_di" + sfx, "must be between 2 and 1000000 stored time points (got " +
                                std::to_string(d.tmax_di) + ")");
    nonneg("alpha_di" + sfx, d.alpha_di);
    nonneg("k_p" + sfx, d.k_p);
    const double dt = d.dt_di, tau_v = d.time_constant_ratio, tau_a = d.apical_time_constant;
    positive("time_constant_ratio" + sfx, tau_v);
    if (tau_v < dt * (1 - 1e-12))
      fail("time_constant_ratio" + sfx, "τ_v = " + std::to_string(tau_v) +
                                            " is smaller than dt = " + std::to_string(dt) +
                                            "; the Euler scheme is unstable (need τ_v ≥ dt)");
    positive("apical_time_constant" + sfx, tau_a);
    if (tau_a < dt * (1 - 1e-12)) fail("apical_time_constant" + sfx, "must be ≥ dt (−1 means dt)");
    nonneg("sigma" + sfx, d.sigma);
    nonneg("sigma_output" + sfx, d.sigma_output);
  };
  dyn("", fwd);
  dyn("_fb", fbd);
  positive("tau_f", tau_f);
  positive("tau_noise", tau_noise);
  if (fwd.dt_di > tau_f)
    fail("tau_f", "must be ≥ dt_di (the high-pass filter constant dt/τ_f ≤ 1)");
  if (fwd.dt_di > tau_noise) fail("tau_noise", "must be ≥ dt_di");
  const int stride = solver.forward_stride;
  if (stride < 1 || stride > fwd.tmax_di) fail("forward_stride", "must be 1 … tmax_di");
  nonneg("early_stop_tol", solver.early_stop_tol);
  // coarse_steps c: c·dt must still resolve τ_v (explicit Euler) and the filters
  auto coarse = [&](const std::string& sfx, const Dynamics& d) {
    const std::string flag = "coarse_steps" + sfx;
    const int c = d.coarse_steps, K = d.tmax_di;
    const double dt = d.dt_di, tau_v = d.time_constant_ratio;
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
  coarse("", fwd);
  coarse("_fb", fbd);
  const double coarse_dt = fwd.coarse_steps * fwd.dt_di;
  if (coarse_dt > tau_f) fail("coarse_steps", "coarse_steps × dt_di must be ≤ tau_f");
  if (coarse_dt > tau_noise) fail("coarse_steps", "coarse_steps × dt_di must be ≤ tau_noise");
  if (stride > (fwd.tmax_di - 1) / fwd.coarse_steps + 1)
    fail("forward_stride", "must not exceed the coarse simulation's time points");
  if (forward_mode == ForwardMode::Analytic && single_phase)
    fail("ssa", "the analytic steady state needs the two-phase runner (no noisy simulation)");
}

const MethodInfo& Config::method_def() const { return sdfc::method_info(method); }

std::string Config::method_label() const { return method_def().variant(single_phase).label; }

}  // namespace sdfc
