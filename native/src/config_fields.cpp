// config_fields.cpp — the table of sdfc::Config fields (flag names of the reference code).
#include "config_fields.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <iomanip>
#include <sstream>

#include "exit_codes.h"
#include "sdfc/config_schema.h"

namespace sdfc::cli {
namespace {

ConfigField from_spec(const ConfigFieldSpec& s) {
  ConfigField f;
  f.name = s.name, f.help = s.help, f.group = s.group, f.is_bool = s.kind == FieldKind::Flag;
  // the JSON encoding of the field's value
  switch (s.kind) {
    case FieldKind::Number:
      f.get = [n = s.number](const Config& c) { return json(n(c)); };
      break;
    case FieldKind::Integer:
      f.get = [n = s.number](const Config& c) { return json(static_cast<int64_t>(n(c))); };
      break;
    case FieldKind::Flag:
      f.get = [n = s.number](const Config& c) { return json(n(c) != 0); };
      break;
    case FieldKind::Text:
      f.get = [t = s.text](const Config& c) { return json(t(c)); };
      break;
    case FieldKind::IntList:
      f.get = [l = s.list](const Config& c) { return json(l(c)); };
      break;
  }
  // the engine's parse errors name the flag; on the command line they are usage errors
  f.set = [set = s.set](Config& c, const std::string& v) {
    try {
      set(c, v);
    } catch (const Error& e) {
      throw UsageError(e.what());
    }
  };
  return f;
}

std::vector<ConfigField> make_fields() {
  std::vector<ConfigField> t;
  for (const auto& s : config_schema()) t.push_back(from_spec(s));
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
