// config_fields.h — one table describing every field of sdfc::Config under the reference
// code's flag name (dfc/utils/args.py): its help text, how to read it as JSON and how to set
// it from a command-line string or a JSON value. The CLI flags, --config FILE.json, run.json
// and the printed effective configuration are all generated from this table.
#pragma once
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sdfc/config.h"

namespace sdfc::cli {

using nlohmann::json;

struct ConfigField {
  std::string name;  // flag name without "--", e.g. "lr_fb"
  std::string help;
  bool is_bool = false;  // a store_true flag (accepts --x, --x=true, --x=false)
  std::string group;     // help section
  std::function<json(const Config&)> get;
  std::function<void(Config&, const std::string&)> set;  // throws UsageError naming the flag
};

const std::vector<ConfigField>& config_fields();
const ConfigField* find_config_field(const std::string& name);

// {"lr": 0.0003, "size_hidden": [256,256,256], …}: every field, in table order.
json config_to_json(const Config& c);
// Apply {"field": value, …}; unknown keys are a UsageError naming `source`.
void apply_config_json(Config& c, const json& j, const std::string& source);
// A JSON scalar/array as the string a flag would have received ("256,256,256", "true" …).
std::string json_to_flag_string(const json& v);

// Multi-line "  lr                     = 0.00030959" listing for the start-of-run banner.
std::string config_listing(const Config& c);

// FNV-1a 64 of a string (config hashes, file fingerprints).
uint64_t fnv1a64(const std::string& s);

}  // namespace sdfc::cli
