// config_schema.cpp — the table of config_schema.h.
#include "sdfc/config_schema.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>

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
  auto optimizer = [](const char* name, Optimizer Config::*m, const char* group) {
    ConfigFieldSpec f;
    f.name = name, f.group = group, f.help = "Adam | SGD";
    f.kind = FieldKind::Text;
    f.text = [m](const Config& c) { return std::string(to_string(c.*m)); };
    std::string n = name;
    f.set = [m, n](Config& c, const std::string& v) {
      if (v == "RMSprop" || v == "rmsprop")
        throw Error("flag --" + n +
                    "=RMSprop is not supported (only Adam and SGD are "
                    "implemented; no paper run uses RMSprop)");
      c.*m = wrap(n, v, optimizer_from_string);
    };
    return f;
  };
  t.push_back(optimizer("optimizer", &Config::optimizer, OPT));
  t.push_back(dbl("lr", &Config::lr, OPT, "learning rate of W, b"));
  t.push_back(dbl("adam_beta1", &Config::adam_beta1, OPT, "Adam beta1 (reference default 0.99)"));
  t.push_back(dbl("adam_beta2", &Config::adam_beta2, OPT, "Adam beta2 (reference default 0.99)"));
  t.push_back(dbl("adam_epsilon", &Config::adam_epsilon, OPT, "Adam epsilon"));
  t.push_back(dbl("momentum", &Config::momentum, OPT, "SGD momentum"));
  t.push_back(dbl("weight_decay", &Config::weight_decay, OPT, "L2 weight decay of W, b"));
  t.push_back(optimizer("optimizer_fb", &Config::optimizer_fb, OPTFB));
  t.push_back(dbl("lr_fb", &Config::lr_fb, OPTFB, "learning rate of Q"));
  t.push_back(dbl("lr_fb_init", &Config::lr_fb_init, OPTFB, "learning rate of Q in pre-training"));
  t.push_back(dbl("adam_beta1_fb", &Config::adam_beta1_fb, OPTFB, "Adam beta1 for Q"));
  t.push_back(dbl("adam_beta2_fb", &Config::adam_beta2_fb, OPTFB, "Adam beta2 for Q"));
  t.push_back(dbl("adam_epsilon_fb", &Config::adam_epsilon_fb, OPTFB, "Adam epsilon for Q"));
  t.push_back(dbl("momentum_fb", &Config::momentum_fb, OPTFB, "SGD momentum for Q"));
  t.push_back(dbl("weight_decay_fb", &Config::weight_decay_fb, OPTFB,
                  "L2 weight decay of Q (added to the gradient, torch-style)"));

  // --- targets ---------------------------------------------------------------
  t.push_back(dbl("target_class_value", &Config::target_class_value, TGT,
                  "soft one-hot value c of the true class (1 = hard labels)"));
  t.push_back(dbl("target_stepsize", &Config::target_stepsize, TGT,
                  "weak-DFC nudge lambda: r* = r_ff - lambda dL/dr"));

  // --- dynamics --------------------------------------------------------------
  t.push_back(dbl("dt_di", &Config::dt_di, DYN, "Euler step dt"));
  t.push_back(integer("tmax_di", &Config::tmax_di, DYN, "stored time points K (K-1 Euler steps)",
                      -1, 1000000));
  t.push_back(dbl("alpha_di", &Config::alpha_di, DYN, "controller leak alpha"));
  t.push_back(dbl("k_p", &Config::k_p, DYN, "proportional gain"));
  t.push_back(dbl("time_constant_ratio", &Config::time_constant_ratio, DYN, "soma tau_v"));
  t.push_back(dbl("apical_time_constant", &Config::apical_time_constant, DYN,
                  "apical tau_a (-1 = dt: instantaneous)"));
  t.push_back(dbl("sigma", &Config::sigma, DYN, "noise std, hidden layers"));
  t.push_back(dbl("sigma_output", &Config::sigma_output, DYN, "noise std, output (-1 = sigma)"));
  t.push_back(boolean("noisy_dynamics", &Config::noisy_dynamics, DYN,
                      "noise in the forward simulation (forced on in single phase)"));
  t.push_back(dbl("dt_di_fb", &Config::dt_di_fb, DYNFB, "Euler step"));
  t.push_back(integer("tmax_di_fb", &Config::tmax_di_fb, DYNFB, "stored time points", -1, 1000000));
  t.push_back(dbl("alpha_di_fb", &Config::alpha_di_fb, DYNFB, "controller leak"));
  t.push_back(dbl("k_p_fb", &Config::k_p_fb, DYNFB, "proportional gain"));
  t.push_back(dbl("time_constant_ratio_fb", &Config::time_constant_ratio_fb, DYNFB, "soma tau_v"));
  t.push_back(
      dbl("apical_time_constant_fb", &Config::apical_time_constant_fb, DYNFB, "apical tau_a"));
  t.push_back(dbl("sigma_fb", &Config::sigma_fb, DYNFB, "noise std, hidden layers"));
  t.push_back(dbl("sigma_output_fb", &Config::sigma_output_fb, DYNFB, "noise std, output"));

  // --- filters ---------------------------------------------------------------
  t.push_back(dbl("tau_f", &Config::tau_f, FLT, "low-pass of u (high-pass for feedback learning)"));
  t.push_back(dbl("tau_noise", &Config::tau_noise, FLT, "low-pass of the apical noise"));
  t.push_back(boolean("scaling_fb_updates", &Config::scaling_fb_updates, FLT,
                      "layer scaling (1 + tau_v/tau_noise)^(L-i) of the Q updates"));

  // --- cheaper solvers -------------------------------------------------------
  t.push_back(integer("forward_stride", &Config::forward_stride, FAST,
                      "add every n-th step to the forward time average", 1, 1000000));
  t.push_back(dbl("early_stop_tol", &Config::early_stop_tol, FAST,
                  "stop a simulation when max|du| per step < tol (0 = off)"));
  t.push_back(integer("coarse_steps", &Config::coarse_steps, FAST,
                      "simulate the same horizon in 1/c as many steps of c*dt (1 = faithful)", 1,
                      1000000));
  t.push_back(integer("coarse_steps_fb", &Config::coarse_steps_fb, FAST,
                      "the same for the feedback simulation (-1 = coarse_steps)", -1, 1000000));
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
