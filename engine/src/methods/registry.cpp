// registry.cpp — the table of learning methods. A new method is one unit in this folder
// plus one line here.
#include <algorithm>

#include "sdfc/method.h"
#include "sdfc/types.h"

namespace sdfc {

const MethodInfo& bp_method();
const MethodInfo& strong_dfc_method();
const MethodInfo& dfc_method();
const MethodInfo& dfa_method();

const std::vector<const MethodInfo*>& methods() {
  static const std::vector<const MethodInfo*> table = {
      &strong_dfc_method(),
      &dfc_method(),
      &bp_method(),
      &dfa_method(),
  };
  return table;
}

std::string method_names() {
  std::string s;
  for (const MethodInfo* m : methods()) s += (s.empty() ? "" : ", ") + std::string(m->name);
  return s;
}

const MethodInfo& method_info(const std::string& name) {
  for (const MethodInfo* m : methods())
    if (name == m->name ||
        std::find(m->aliases.begin(), m->aliases.end(), name) != m->aliases.end())
      return *m;
  throw Error("method: unknown method '" + name + "' (use " + method_names() + ")");
}

const MethodVariant& MethodInfo::variant(bool single_phase) const {
  if (variants.size() == 1) return variants.front();
  for (const MethodVariant& v : variants)
    if (v.single_phase == single_phase) return v;
  return variants.front();
}

const MethodVariant* find_variant(const std::string& key, const MethodInfo** method) {
  for (const MethodInfo* m : methods())
    for (const MethodVariant& v : m->variants)
      if (key == v.key) {
        if (method) *method = m;
        return &v;
      }
  return nullptr;
}

std::vector<std::pair<const MethodInfo*, const MethodVariant*>> method_rows() {
  std::vector<std::pair<const MethodInfo*, const MethodVariant*>> rows;
  for (const MethodInfo* m : methods())
    for (const MethodVariant& v : m->variants) rows.push_back({m, &v});
  return rows;
}

}  // namespace sdfc
