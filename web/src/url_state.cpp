// url_state.cpp — parsing and writing the key=value state (see url_state.h).
#include "url_state.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "lesson.h"
#include "sdfc/config_schema.h"
#include "sdfc/method.h"
#include "sdfc/types.h"

namespace demo {

const std::vector<NetChoice>& net_choices() {
  static const std::vector<NetChoice> v = {
      {"small", "web-small preset"},
      {"tiny", "784-32-10 (fastest)"},
      {"wide", "784-128-10"},
      {"deep", "784-64-64-10 (two hidden)"},
  };
  return v;
}

const std::vector<std::string>& panel_names() {
  static const std::vector<std::string> v = {"network", "dynamics", "curves",    "weights",
                                             "gallery", "draw",     "confusion", "compare"};
  return v;
}

namespace {

std::string decode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() &&
               std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += char(std::strtol(s.substr(i + 1, 2).c_str(), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string encode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == ',' || c == '~') {
      out += char(c);
    } else {
      char b[4];
      std::snprintf(b, sizeof b, "%%%02X", c);
      out += b;
    }
  }
  return out;
}

bool parse_float(const std::string& v, float lo, float hi, float& out) {
  char* end = nullptr;
  double d = std::strtod(v.c_str(), &end);
  if (v.empty() || end != v.c_str() + v.size() || !std::isfinite(d)) return false;
  out = float(std::clamp(d, double(lo), double(hi)));
  return true;
}

bool parse_int(const std::string& v, long lo, long hi, long& out) {
  char* end = nullptr;
  long long d = std::strtoll(v.c_str(), &end, 10);
  if (v.empty() || end != v.c_str() + v.size()) return false;
  out = long(std::clamp<long long>(d, lo, hi));
  return true;
}

bool parse_bool(const std::string& v, bool& out) {
  if (v == "1" || v == "true" || v == "on" || v == "yes" || v.empty()) return out = true, true;
  if (v == "0" || v == "false" || v == "off" || v == "no") return out = false, true;
  return false;
}

std::string fmt(float v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.4g", double(v));
  return b;
}

}  // namespace

namespace {

// Schema fields the demo's own settings own (their URL keys are the ones to use).
const char* owned_by_setting(const std::string& flag) {
  if (flag == "method" || flag == "single_phase") return "algo and noise";
  if (flag == "size_hidden") return "net";
  if (flag == "random_seed") return "seed";
  if (flag == "input_norm" || flag == "double_precision" || flag == "epochs")
    return "nothing (the demo fixes it)";
  return nullptr;
}

// An engine hyperparameter given by its flag name: parsed by the schema now (so a bad value
// is a warning here, not an error when training starts) and kept for make_config.
bool apply_config_field(Settings& s, const sdfc::ConfigFieldSpec& f, const std::string& value,
                        std::vector<std::string>& warnings) {
  if (const char* use = owned_by_setting(f.name)) {
    warnings.push_back("ignored " + f.name + "=" + value + " (the demo sets it from " + use + ")");
    return false;
  }
  try {
    sdfc::Config scratch;
    f.set(scratch, value);
  } catch (const sdfc::Error& e) {
    warnings.push_back(std::string("ignored ") + e.what());
    return false;
  }
  auto it = std::find_if(s.config.begin(), s.config.end(),
                         [&](const auto& kv) { return kv.first == f.name; });
  if (it != s.config.end()) s.config.erase(it);
  s.config.emplace_back(f.name, value);
  return true;
}

}  // namespace

bool apply_setting(Settings& s, const std::string& key, const std::string& value,
                   std::vector<std::string>& warnings) {
  bool ok = true;
  long i = 0;
  auto bad = [&]() {
    warnings.push_back("ignored " + key + "=" + value + " (invalid value)");
    return false;
  };
  if (key == "algo") {
    std::string v = value;
    std::transform(v.begin(), v.end(), v.begin(),
                   [](unsigned char ch) { return char(std::tolower(ch)); });
    try {
      s.algo = sdfc::method_info(v).name;  // a name or alias of the method registry
    } catch (const sdfc::Error&) {
      return bad();
    }
  } else if (key == "noise") {
    ok = parse_bool(value, s.noise);
  } else if (key == "sigma") {
    ok = parse_float(value, 0.0f, 1.0f, s.sigma);
  } else if (key == "lambda" || key == "target_stepsize") {
    ok = parse_float(value, 1e-5f, 1.0f, s.lambda);
  } else if (key == "lr") {
    ok = parse_float(value, 1e-6f, 1.0f, s.lr);
  } else if (key == "lr_fb") {
    ok = parse_float(value, 0.0f, 1.0f, s.lr_fb);
  } else if (key == "steps" || key == "tmax_di") {
    ok = parse_int(value, 2, 500, i);
    if (ok) s.steps = int(i);
  } else if (key == "batch" || key == "batch_size") {
    ok = parse_int(value, 1, 256, i);
    if (ok) s.batch = int(i);
  } else if (key == "net") {
    auto& v = net_choices();
    if (std::none_of(v.begin(), v.end(), [&](const NetChoice& c) { return value == c.key; }))
      return bad();
    s.net = value;
  } else if (key == "seed") {
    ok = parse_int(value, 0, 2147483647L, i);
    if (ok) s.seed = uint64_t(i);
  } else if (key == "speed") {
    ok = parse_float(value, 0.0f, 1e6f, s.speed);
  } else if (key == "start") {
    if (value != "random" && value != "trained") return bad();
    s.start = value;
  } else if (key == "autoplay") {
    ok = parse_bool(value, s.autoplay);
  } else if (key == "compare") {
    ok = parse_bool(value, s.compare);
  } else if (key == "embed") {
    ok = parse_bool(value, s.embed);
  } else if (key == "panel") {
    auto& v = panel_names();
    if (!value.empty() && value != "all" && std::find(v.begin(), v.end(), value) == v.end())
      return bad();
    s.panel = value == "all" ? "" : value;
  } else if (key == "zoom") {
    ok = parse_float(value, 0.5f, 3.0f, s.zoom);
  } else if (key == "lesson") {
    // No clamping: a step that does not exist is an error (a deck's slide would show the
    // wrong step otherwise).
    ok = parse_int(value, -1000, 1000, i) && i >= 0 && i <= lesson_count();
    if (ok) s.lesson = int(i);
    if (!ok) {
      warnings.push_back("ignored lesson=" + value + " (the lesson has steps 1 … " +
                         std::to_string(lesson_count()) + "; 0 = off)");
      return false;
    }
  } else if (key == "steady") {
    ok = parse_bool(value, s.steady);
  } else if (key == "lecture") {
    ok = parse_bool(value, s.lecture);
  } else if (key == "hide") {
    s.hide = value;
  } else if (const sdfc::ConfigFieldSpec* f = sdfc::find_config_spec(key)) {
    return apply_config_field(s, *f, value, warnings);
  } else {
    warnings.push_back("ignored unknown parameter '" + key + "'");
    return false;
  }
  if (!ok) return bad();
  return true;
}

void apply_query(Settings& s, const std::string& query, std::vector<std::string>& warnings) {
  size_t pos = 0;
  if (!query.empty() && (query[0] == '#' || query[0] == '?')) pos = 1;
  while (pos < query.size()) {
    size_t amp = query.find('&', pos);
    if (amp == std::string::npos) amp = query.size();
    std::string kv = query.substr(pos, amp - pos);
    pos = amp + 1;
    if (kv.empty()) continue;
    size_t eq = kv.find('=');
    std::string k = decode(kv.substr(0, eq));
    std::string v = eq == std::string::npos ? "" : decode(kv.substr(eq + 1));
    apply_setting(s, k, v, warnings);
  }
}

void apply_args(Settings& s, int argc, char** argv, std::vector<std::string>& warnings,
                const std::vector<std::string>& native_keys, std::vector<std::string>& native_out) {
  native_out.assign(native_keys.size(), "");
  for (int a = 1; a < argc; ++a) {
    std::string arg = argv[a];
    if (arg.rfind("--", 0) != 0) {
      warnings.push_back("ignored argument '" + arg + "' (expected --key value)");
      continue;
    }
    std::string k = arg.substr(2), v;
    size_t eq = k.find('=');
    if (eq != std::string::npos) {
      v = k.substr(eq + 1);
      k = k.substr(0, eq);
    } else if (a + 1 < argc && std::string(argv[a + 1]).rfind("--", 0) != 0) {
      v = argv[++a];
    }
    std::replace(k.begin(), k.end(), '-', '_');
    auto it = std::find(native_keys.begin(), native_keys.end(), k);
    if (it != native_keys.end()) {
      native_out[size_t(it - native_keys.begin())] = v.empty() ? "1" : v;
      continue;
    }
    apply_setting(s, k, v, warnings);
  }
}

std::string to_query(const Settings& s) {
  std::string q;
  auto add = [&](const char* k, const std::string& v) {
    if (!q.empty()) q += '&';
    q += k;
    q += '=';
    q += encode(v);
  };
  add("algo", s.algo);
  add("noise", s.noise ? "1" : "0");
  add("sigma", fmt(s.sigma));
  if (sdfc::method_info(s.algo).target == sdfc::OutputTarget::WeakNudge)
    add("lambda", fmt(s.lambda));
  add("lr", fmt(s.lr));
  add("lr_fb", fmt(s.lr_fb));
  add("steps", std::to_string(s.steps));
  add("batch", std::to_string(s.batch));
  add("net", s.net);
  add("seed", std::to_string(s.seed));
  add("speed", fmt(s.speed));
  add("start", s.start);
  add("autoplay", s.autoplay ? "1" : "0");
  if (s.compare) add("compare", "1");
  if (s.embed) add("embed", "1");
  if (!s.panel.empty()) add("panel", s.panel);
  if (std::fabs(s.zoom - 1.0f) > 1e-3f) add("zoom", fmt(s.zoom));
  if (s.lecture) add("lecture", "1");
  if (s.steady) add("steady", "1");
  if (s.lesson > 0) add("lesson", std::to_string(s.lesson));
  if (!s.hide.empty()) add("hide", s.hide);
  for (const auto& [k, v] : s.config) add(k.c_str(), v);
  return q;
}

std::string to_args(const Settings& s) {
  std::string q = to_query(s), out;
  size_t pos = 0;
  while (pos < q.size()) {
    size_t amp = q.find('&', pos);
    if (amp == std::string::npos) amp = q.size();
    std::string kv = q.substr(pos, amp - pos);
    size_t eq = kv.find('=');
    if (!out.empty()) out += ' ';
    out += "--" + kv.substr(0, eq) + " " + decode(kv.substr(eq + 1));
    pos = amp + 1;
  }
  return out;
}

bool hidden(const Settings& s, const char* name) {
  std::string h = "," + s.hide + ",";
  return h.find("," + std::string(name) + ",") != std::string::npos;
}

}  // namespace demo
