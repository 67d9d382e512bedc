// config_fields.cpp — the table of sdfc::Config fields (flag names of the reference code).
#include "config_fields.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <iomanip>
#include <sstream>

#include "exit_codes.h"

namespace sdfc::cli {
namespace {

[[noreturn]] void bad(const std::string& flag, const std::string& value, const std::string& why) {
  throw UsageError("--" + flag + "=" + value + ": " + why);
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

ConfigField dbl(const char* name, double Config::*m, const char* group, const char* help) {
  ConfigField f;
  f.name = name, f.help = help, f.group = group;
  f.get = [m](const Config& c) { return json(c.*m); };
  std::string n = name;
  f.set = [m, n](Config& c, const std::string& v) { c.*m = parse_double(n, v); };
  return f;
}

ConfigField integer(const char* name, int Config::*m, const char* group, const char* help,
                    long long lo = -1, long long hi = 100000000) {
  ConfigField f;
  f.name = name, f.help = help, f.group = group;
  f.get = [m](const Config& c) { return json(c.*m); };
  std::string n = name;
  f.set = [m, n, lo, hi](Config& c, const std::string& v) {
    c.*m = static_cast<int>(parse_int(n, v, lo, hi));
  };
  return f;
}

ConfigField boolean(const char* name, bool Config::*m, const char* group, const char* help) {
  ConfigField f;
  f.name = name, f.help = help, f.group = group, f.is_bool = true;
  f.get = [m](const Config& c) { return json(c.*m); };
  std::string n = name;
  f.set = [m, n](Config& c, const std::string& v) { c.*m = parse_bool(n, v); };
  return f;
}

// An engine parser (throws sdfc::Error) turned into a UsageError naming the flag.
template <class Fn>
auto wrap(const std::string& flag, const std::string& v, Fn fn) {
  try {
    return fn(v);
  } catch (const UsageError&) {
    throw;
  } catch (const Error& e) {
    bad(flag, v, e.what());
  }
}

std::vector<ConfigField> make_fields() {
  std::vector<ConfigField> t;
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
    ConfigField f;
    f.name = "size_hidden", f.group = NET;
    f.help = "hidden layer widths, e.g. 256,256,256 (input and output come from the dataset)";
    f.get = [](const Config& c) {
      return json(std::vector<int>(c.sizes.begin() + 1, c.sizes.end() - 1));
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
    ConfigField f;
    f.name = "hidden_activation", f.group = NET, f.help = "tanh | relu | linear";
    f.get = [](const Config& c) { return json(to_string(c.hidden_activation)); };
    f.set = [](Config& c, const std::string& v) {
      c.hidden_activation = wrap("hidden_activation", v, activation_from_string);
    };
    t.push_back(f);
  }
  {
    ConfigField f;
    f.name = "input_norm", f.group = NET;
    f.help = "mnist = (x - 0.1307)/0.3081 | none = x in [0,1] (Fashion-MNIST); set by the dataset";
    f.get = [](const Config& c) {
      return json(c.input_norm == InputNorm::MnistStandardize ? "mnist" : "none");
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
    ConfigField f;
    f.name = "method", f.group = NET, f.help = method_names() + " (--strong_feedback = strong-dfc)";
    f.get = [](const Config& c) { return json(c.method); };
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
    ConfigField f;
    f.name = "forward_mode", f.group = NET;
    f.help = "cont | ss | ssa (the reference's --ss / --ssa flags set this too)";
    f.get = [](const Config& c) { return json(to_string(c.forward_mode)); };
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
    ConfigField f;
    f.name = "random_seed", f.group = LOOP, f.help = "seed of initialisation, shuffling and noise";
    f.get = [](const Config& c) { return json(c.random_seed); };
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
    ConfigField f;
    f.name = name, f.group = group, f.help = "Adam | SGD";
    f.get = [m](const Config& c) { return json(to_string(c.*m)); };
    std::string n = name;
    f.set = [m, n](Config& c, const std::string& v) {
      if (v == "RMSprop" || v == "rmsprop")
        throw UsageError("flag --" + n +
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

const std::vector<ConfigField>& config_fields() {
  static const std::vector<ConfigField> table = make_fields();
  return table;
}

const ConfigField* find_config_field(const std::string& name) {
  for (const auto& f : config_fields())
    if (f.name == name) return &f;
  return nullptr;
}

json config_to_json(const Config& c) {
  json j = json::object();
  for (const auto& f : config_fields()) j[f.name] = f.get(c);
  return j;
}

std::string json_to_flag_string(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_array()) {
    std::string s;
    for (size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + json_to_flag_string(v[i]);
    return s;
  }
  return v.dump();  // numbers: the shortest text that reads back to the same double
}

void apply_config_json(Config& c, const json& j, const std::string& source) {
  if (!j.is_object())
    throw UsageError(source + ": expected a JSON object {\"lr\": 0.001, …} of hyperparameters");
  for (const auto& [key, value] : j.items()) {
    const ConfigField* f = find_config_field(key);
    if (!f)
      throw UsageError(source + ": unknown hyperparameter \"" + key +
                       "\" (names are the flag names, see sdfc_train train --help)");
    f->set(c, json_to_flag_string(value));
  }
}

std::string config_listing(const Config& c) {
  std::ostringstream o;
  std::string group;
  for (const auto& f : config_fields()) {
    if (f.group != group) {
      group = f.group;
      o << "  [" << group << "]\n";
    }
    o << "    " << std::left << std::setw(24) << f.name << " = " << json_to_flag_string(f.get(c))
      << "\n";
  }
  return o.str();
}

uint64_t fnv1a64(const std::string& s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char ch : s) {
    h ^= ch;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace sdfc::cli
