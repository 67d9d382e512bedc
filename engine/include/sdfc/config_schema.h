// config_schema.h — the one table of sdfc::Config's fields under the reference code's flag
// names (dfc/utils/args.py): group, help text, kind, and how to read and set each from text.
// The native CLI's flags, JSON config files, run.json and the printed configuration are
// generated from it (native/src/config_fields.cpp adds only the JSON encoding).
// Adding a hyperparameter: the member in config.h, its check in Config::resolve_and_validate,
// and one line here.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "sdfc/config.h"

namespace sdfc {

enum class FieldKind {
  Number,   // double
  Integer,  // int or uint64 (exact below 2^53)
  Flag,     // bool: a store_true flag (--x, --x=true, --x=false)
  Text,     // a name (method, activation, optimiser …)
  IntList,  // hidden layer widths
};

struct ConfigFieldSpec {
  std::string name;   // flag name without "--", e.g. "lr_fb"
  std::string group;  // help section
  std::string help;
  FieldKind kind = FieldKind::Number;
  long long lo = 0, hi = 0;  // Integer: the accepted range (parse and validation both use it)
  std::vector<std::string> choices;                     // Text: the accepted values (aliases aside)
  std::function<double(const Config&)> number;          // Number, Integer, Flag (1 or 0)
  std::function<std::string(const Config&)> text;       // Text
  std::function<std::vector<int>(const Config&)> list;  // IntList
  // Parse and store; throws Error "--name=value: why" (range, type, unknown name …).
  std::function<void(Config&, const std::string&)> set;
};

// Every field, in help order.
const std::vector<ConfigFieldSpec>& config_schema();
// By flag name, or nullptr.
const ConfigFieldSpec* find_config_spec(const std::string& name);

}  // namespace sdfc
