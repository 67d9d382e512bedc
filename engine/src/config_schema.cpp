// config_schema.cpp — the table of config_schema.h.
#include "sdfc/config_schema.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <type_traits>

namespace sdfc {
namespace {

[[noreturn]] void bad(const std::string& flag, const std::string& value, const std::string& why) {
  throw Error("--" + flag + "=" + value + ": " + why);
}

// The reference accepts per-layer lists for some rates ("0.1,0.2" or "[0.1,0.2]"); we do not.
void reject_list(const std::string& flag, const std::string& v) {
  if (v.find(',') != std::string::npos || v.find('[') != std::string::npos)
    bad(flag, v,
        "per-layer lists are not supported (one value for all layers; the paper's runs use one)");
}

double parse_double(const std::string& flag, const std::string& v) {
  reject_list(flag, v);
  const char* s = v.c_str();
  char* end = nullptr;
  errno = 0;
  double x = std::strtod(s, &end);
  if (v.empty() || end != s + v.size() || errno == ERANGE)
    bad(flag, v, "not a number (expected e.g. 0.001 or 1e-3)");
  return x;
}

long long parse_int(const std::string& flag, const std::string& v, long long lo, long long hi) {
  const char* s = v.c_str();
  char* end = nullptr;
  errno = 0;
  long long x = std::strtoll(s, &end, 10);
  if (v.empty() || end != s + v.size() || errno == ERANGE) {
    // The reference parses some counts as float ("10."): accept integral floats.
    double d = std::strtod(s, &end);
    if (v.empty() || end != s + v.size() || d != std::floor(d) || !std::isfinite(d))
      bad(flag, v, "not an integer");
    if (d < double(lo) || d > double(hi))  // before the cast: beyond long long it is undefined
      bad(flag, v, "out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
    x = static_cast<long long>(d);
  }
  if (x < lo || x > hi)
    bad(flag, v, "out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  return x;
}

bool parse_bool(const std::string& flag, const std::string& v) {
  if (v == "" || v == "1" || v == "true" || v == "True" || v == "on" || v == "yes") return true;
  if (v == "0" || v == "false" || v == "False" || v == "off" || v == "no") return false;
  bad(flag, v, "expected true or false");
}

ConfigFieldSpec dbl(const char* name, double Config::*m, const char* group, const char* help) {
  ConfigFieldSpec f;
  f.name = name, f.help = help, f.group = group, f.kind = FieldKind::Number;
  f.number = [m](const Config& c) { return c.*m; };
  std::string n = name;
  f.set = [m, n](Config& c, const std::string& v) { c.*m = parse_double(n, v); };
  return f;
}

ConfigFieldSpec integer(const char* name, int Config::*m, const char* group, const char* help,
                        long long lo = -1, long long hi = 100000000) {
  ConfigFieldSpec f;
  f.name = name, f.help = help, f.group = group, f.kind = FieldKind::Integer;
  f.lo = lo, f.hi = hi;
  f.number = [m](const Config& c) { return double(c.*m); };
  std::string n = name;
  f.set = [m, n, lo, hi](Config& c, const std::string& v) {
    c.*m = static_cast<int>(parse_int(n, v, lo, hi));
  };
  return f;
}

ConfigFieldSpec boolean(const char* name, bool Config::*m, const char* group, const char* help) {
  ConfigFieldSpec f;
  f.name = name, f.help = help, f.group = group, f.kind = FieldKind::Flag;
  f.number = [m](const Config& c) { return c.*m ? 1.0 : 0.0; };
  std::string n = name;
  f.set = [m, n](Config& c, const std::string& v) { c.*m = parse_bool(n, v); };
  return f;
}

// A number inside one of Config's parts (optimiser, solver): `part` then `m`.
template <class Part>
ConfigFieldSpec dbl_in(const char* name, Part Config::*part, double Part::*m, const char* group,
                       const char* help) {
  ConfigFieldSpec f;
  f.name = name, f.help = help, f.group = group, f.kind = FieldKind::Number;
  f.number = [part, m](const Config& c) { return c.*part.*m; };
  std::string n = name;
  f.set = [part, m, n](Config& c, const std::string& v) { c.*part.*m = parse_double(n, v); };
  return f;
}

// A field of a simulation phase (Config::forward or ::feedback): it reads as the resolved
// value (Config::forward_dynamics / feedback_dynamics) and stores what was given, the
// reference's −1 "copy" included.
template <class T>
ConfigFieldSpec phase_field(const std::string& name, bool fb, std::optional<T> Phase::*given,
                            T Dynamics::*resolved, const char* group, const char* help,
                            long long lo = -1, long long hi = 1000000) {
  ConfigFieldSpec f;
  f.name = name, f.help = help, f.group = group;
  f.kind = std::is_same_v<T, int> ? FieldKind::Integer : FieldKind::Number;
  if (f.kind == FieldKind::Integer) f.lo = lo, f.hi = hi;
  f.number = [fb, resolved](const Config& c) {
    return double((fb ? c.feedback_dynamics() : c.forward_dynamics()).*resolved);
  };
  const std::string n = name;
  f.set = [fb, given, n, lo, hi](Config& c, const std::string& v) {
    Phase& p = fb ? c.feedback : c.forward;
    if constexpr (std::is_same_v<T, int>) {
      p.*given = static_cast<int>(parse_int(n, v, lo, hi));
    } else {
      (void)lo, (void)hi;  // ranges are for integers
      p.*given = parse_double(n, v);
    }
  };
  return f;
}

// An engine parser (throws sdfc::Error) turned into an error naming the flag and value.
template <class Fn>
auto wrap(const std::string& flag, const std::string& v, Fn fn) {
  try {
    return fn(v);
  } catch (const Error& e) {
    bad(flag, v, e.what());
  }
}

std::vector<ConfigFieldSpec> make_fields() {
  std::vector<ConfigFieldSpec> t;
  const char* NET = "Network";
  const char* LOOP = "Training loop";
  const char* OPT = "Forward optimiser";
  const char* OPTFB = "Feedback optimiser (Q)";
  const char* TGT = "Targets";
  const char* DYN = "Forward dynamics";
  const char* DYNFB = "Feedback-phase / pre-training dynamics (-1 = copy the forward value)";
  const char* FLT = "Filters";
  const char* FAST = "Cheaper solvers (off = faithful)";

  // --- network ---------------------------------------------------------------
  {
    ConfigFieldSpec f;
    f.name = "size_hidden", f.group = NET, f.kind = FieldKind::IntList;
    f.help = "hidden layer widths, e.g. 256,256,256 (input and output come from the dataset)";
    f.list = [](const Config& c) {
      return std::vector<int>(c.sizes.begin() + 1, c.sizes.end() - 1);
    };
    f.set = [](Config& c, const std::string& v) {
      std::string s = v;
      if (!s.empty() && s.front() == '[') s = s.substr(1);
      if (!s.empty() && s.back() == ']') s.pop_back();
      std::vector<int> sizes{c.sizes.front()};
      std::stringstream ss(s);
      std::string item;
      while (std::getline(ss, item, ','))
        sizes.push_back(static_cast<int>(parse_int("size_hidden", item, 1, 65536)));
      sizes.push_back(c.sizes.back());
      c.sizes = sizes;
    };
    t.push_back(f);
  }
  {
    ConfigFieldSpec f;
    f.name = "hidden_activation", f.group = NET, f.help = "tanh | relu | linear";
    f.choices = {"tanh", "relu", "linear"};
    f.kind = FieldKind::Text;
    f.text = [](const Config& c) { return std::string(to_string(c.hidden_activation)); };
    f.set = [](Config& c, const std::string& v) {
      c.hidden_activation = wrap("hidden_activation", v, activation_from_string);
    };
    t.push_back(f);
  }
  {
    ConfigFieldSpec f;
    f.name = "input_norm", f.group = NET;
    f.help = "mnist = (x - 0.1307)/0.3081 | none = x in [0,1] (Fashion-MNIST); set by the dataset";
    f.choices = {"mnist", "none"};
    f.kind = FieldKind::Text;
    f.text = [](const Config& c) {
      return std::string(c.input_norm == InputNorm::MnistStandardize ? "mnist" : "none");
    };
    f.set = [](Config& c, const std::string& v) {
      if (v == "mnist")
        c.input_norm = InputNorm::MnistStandardize;
      else if (v == "none")
        c.input_norm = InputNorm::None;
      else
        bad("input_norm", v, "expected mnist or none");
    };
    t.push_back(f);
  }
  {
    ConfigFieldSpec f;
    f.name = "method", f.group = NET, f.help = method_names() + " (--strong_feedback = strong-dfc)";
    for (const MethodInfo* m : methods()) f.choices.push_back(m->name);
    f.kind = FieldKind::Text;
    f.text = [](const Config& c) { return c.method; };
    f.set = [](Config& c, const std::string& v) {
      c.method =
          wrap("method", v, [](const std::string& s) { return std::string(method_info(s).name); });
    };
    t.push_back(f);
  }
  t.push_back(boolean("single_phase", &Config::single_phase, NET,
                      "single-phase runner (run_dfc_single_phase.py): W and Q learn from one noisy "
                      "simulation; false = two-phase run_dfc.py"));
  {
    ConfigFieldSpec f;
    f.name = "forward_mode", f.group = NET;
    f.help = "cont | ss | ssa (the reference's --ss / --ssa flags set this too)";
    f.choices = {"cont", "ss", "ssa"};
    f.kind = FieldKind::Text;
    f.text = [](const Config& c) { return std::string(to_string(c.forward_mode)); };
    f.set = [](Config& c, const std::string& v) {
      c.forward_mode = wrap("forward_mode", v, forward_mode_from_string);
    };
    t.push_back(f);
  }
  t.push_back(boolean("double_precision", &Config::double_precision, NET,
                      "float64 (the paper's DFC runs); false = float32"));

  // --- training loop ---------------------------------------------------------
  t.push_back(integer("epochs", &Config::epochs, LOOP, "training epochs", 0, 100000));
  t.push_back(integer("batch_size", &Config::batch_size, LOOP, "mini-batch size", 1, 65536));
  t.push_back(dbl("clip_grad_norm", &Config::clip_grad_norm, LOOP,
                  "clip each layer group's gradient to this norm (<= 0 or -1: off)"));
  {
    ConfigFieldSpec f;
    f.name = "random_seed", f.group = LOOP, f.help = "seed of initialisation, shuffling and noise";
    f.kind = FieldKind::Integer;
    f.number = [](const Config& c) { return double(c.random_seed); };
    f.set = [](Config& c, const std::string& v) {
      c.random_seed = static_cast<uint64_t>(parse_int("random_seed", v, 0, (1LL << 53)));
    };
    t.push_back(f);
  }
  t.push_back(integer("init_fb_epochs", &Config::init_fb_epochs, LOOP,
                      "feedback pre-training epochs (Q only, *_fb dynamics, lr_fb_init)", 0,
                      10000));
  t.push_back(integer("extra_fb_epochs", &Config::extra_fb_epochs, LOOP,
                      "Q-only epochs after each forward epoch", 0, 10000));

  // --- optimisers ------------------------------------------------------------
  auto optimizer = [](const char* name, OptimizerSpec Config::*o, const char* group) {
    ConfigFieldSpec f;
    f.name = name, f.group = group, f.help = "Adam | SGD";
    f.choices = {"Adam", "SGD"};
    f.kind = FieldKind::Text;
    f.text = [o](const Config& c) { return std::string(to_string((c.*o).kind)); };
    std::string n = name;
    f.set = [o, n](Config& c, const std::string& v) {
      if (v == "RMSprop" || v == "rmsprop")
        throw Error("flag --" + n +
                    "=RMSprop is not supported (only Adam and SGD are "
                    "implemented; no paper run uses RMSprop)");
      (c.*o).kind = wrap(n, v, optimizer_from_string);
    };
    return f;
  };
  t.push_back(optimizer("optimizer", &Config::opt, OPT));
  t.push_back(dbl_in("lr", &Config::opt, &OptimizerSpec::lr, OPT, "learning rate of W, b"));
  t.push_back(dbl_in("adam_beta1", &Config::opt, &OptimizerSpec::adam_beta1, OPT,
                     "Adam beta1 (reference default 0.99)"));
  t.push_back(dbl_in("adam_beta2", &Config::opt, &OptimizerSpec::adam_beta2, OPT,
                     "Adam beta2 (reference default 0.99)"));
  t.push_back(
      dbl_in("adam_epsilon", &Config::opt, &OptimizerSpec::adam_epsilon, OPT, "Adam epsilon"));
  t.push_back(dbl_in("momentum", &Config::opt, &OptimizerSpec::momentum, OPT, "SGD momentum"));
  t.push_back(dbl_in("weight_decay", &Config::opt, &OptimizerSpec::weight_decay, OPT,
                     "L2 weight decay of W, b"));
  t.push_back(optimizer("optimizer_fb", &Config::opt_fb, OPTFB));
  t.push_back(dbl_in("lr_fb", &Config::opt_fb, &OptimizerSpec::lr, OPTFB, "learning rate of Q"));
  t.push_back(dbl("lr_fb_init", &Config::lr_fb_init, OPTFB, "learning rate of Q in pre-training"));
  t.push_back(dbl_in("adam_beta1_fb", &Config::opt_fb, &OptimizerSpec::adam_beta1, OPTFB,
                     "Adam beta1 for Q"));
  t.push_back(dbl_in("adam_beta2_fb", &Config::opt_fb, &OptimizerSpec::adam_beta2, OPTFB,
                     "Adam beta2 for Q"));
  t.push_back(dbl_in("adam_epsilon_fb", &Config::opt_fb, &OptimizerSpec::adam_epsilon, OPTFB,
                     "Adam epsilon for Q"));
  t.push_back(dbl_in("momentum_fb", &Config::opt_fb, &OptimizerSpec::momentum, OPTFB,
                     "SGD momentum for Q"));
  t.push_back(dbl_in("weight_decay_fb", &Config::opt_fb, &OptimizerSpec::weight_decay, OPTFB,
                     "L2 weight decay of Q (added to the gradient, torch-style)"));

  // --- targets ---------------------------------------------------------------
  t.push_back(dbl("target_class_value", &Config::target_class_value, TGT,
                  "soft one-hot value c of the true class (1 = hard labels)"));
  t.push_back(dbl("target_stepsize", &Config::target_stepsize, TGT,
                  "weak-DFC nudge lambda: r* = r_ff - lambda dL/dr"));

  // --- dynamics (forward phase, then the feedback phase's _fb twins) --------------
  struct PhaseFlag {
    const char* name;
    std::optional<double> Phase::*given;
    double Dynamics::*resolved;
    const char* help;
  };
  const PhaseFlag phase_flags[] = {
      {"dt_di", &Phase::dt_di, &Dynamics::dt_di, "Euler step dt"},
      {"alpha_di", &Phase::alpha_di, &Dynamics::alpha_di, "controller leak alpha"},
      {"k_p", &Phase::k_p, &Dynamics::k_p, "proportional gain"},
      {"time_constant_ratio", &Phase::time_constant_ratio, &Dynamics::time_constant_ratio,
       "soma tau_v"},
      {"apical_time_constant", &Phase::apical_time_constant, &Dynamics::apical_time_constant,
       "apical tau_a (-1 = dt: instantaneous)"},
      {"sigma", &Phase::sigma, &Dynamics::sigma, "noise std, hidden layers"},
      {"sigma_output", &Phase::sigma_output, &Dynamics::sigma_output,
       "noise std, output (-1 = sigma)"},
  };
  for (bool fb : {false, true}) {
    const char* group = fb ? DYNFB : DYN;
    const std::string sfx = fb ? "_fb" : "";
    auto name = [&](const char* base) { return base + sfx; };
    t.push_back(phase_field(name(phase_flags[0].name), fb, phase_flags[0].given,
                            phase_flags[0].resolved, group, phase_flags[0].help));
    t.push_back(phase_field(name("tmax_di"), fb, &Phase::tmax_di, &Dynamics::tmax_di, group,
                            "stored time points K (K-1 Euler steps)", -1, 1000000));
    for (size_t i = 1; i < std::size(phase_flags); ++i)
      t.push_back(phase_field(name(phase_flags[i].name), fb, phase_flags[i].given,
                              phase_flags[i].resolved, group, phase_flags[i].help));
    if (!fb)
      t.push_back(boolean("noisy_dynamics", &Config::noisy_dynamics, DYN,
                          "noise in the forward simulation (forced on in single phase)"));
  }

  // --- filters ---------------------------------------------------------------
  t.push_back(dbl("tau_f", &Config::tau_f, FLT, "low-pass of u (high-pass for feedback learning)"));
  t.push_back(dbl("tau_noise", &Config::tau_noise, FLT, "low-pass of the apical noise"));
  t.push_back(boolean("scaling_fb_updates", &Config::scaling_fb_updates, FLT,
                      "layer scaling (1 + tau_v/tau_noise)^(L-i) of the Q updates"));

  // --- cheaper solvers -------------------------------------------------------
  {
    ConfigFieldSpec f;
    f.name = "forward_stride", f.group = FAST, f.kind = FieldKind::Integer;
    f.help = "add every n-th step to the forward time average", f.lo = 1, f.hi = 1000000;
    f.number = [](const Config& c) { return double(c.solver.forward_stride); };
    f.set = [](Config& c, const std::string& v) {
      c.solver.forward_stride = static_cast<int>(parse_int("forward_stride", v, 1, 1000000));
    };
    t.push_back(f);
  }
  t.push_back(dbl_in("early_stop_tol", &Config::solver, &Solver::early_stop_tol, FAST,
                     "stop a simulation when max|du| per step < tol (0 = off)"));
  t.push_back(phase_field(
      "coarse_steps", false, &Phase::coarse_steps, &Dynamics::coarse_steps, FAST,
      "simulate the same horizon in 1/c as many steps of c*dt (1 = faithful)", 1, 1000000));
  t.push_back(phase_field("coarse_steps_fb", true, &Phase::coarse_steps, &Dynamics::coarse_steps,
                          FAST, "the same for the feedback simulation (-1 = coarse_steps)", -1,
                          1000000));
  return t;
}

}  // namespace

const std::vector<ConfigFieldSpec>& config_schema() {
  static const std::vector<ConfigFieldSpec> table = make_fields();
  return table;
}

const ConfigFieldSpec* find_config_spec(const std::string& name) {
  for (const auto& f : config_schema())
    if (f.name == name) return &f;
  return nullptr;
}

}  // namespace sdfc
