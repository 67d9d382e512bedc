// train_plan.cpp — the identity of a run (what decides its weights) and its hash.
#include "train_plan.h"

#include "config_fields.h"
#include "sdfc/io/crc32.h"

namespace sdfc::cli {

nlohmann::json TrainPlan::identity() const {
  nlohmann::json cfgj = config_to_json(cfg);
  cfgj.erase("epochs");  // extending a run is allowed
  nlohmann::json id = {{"config", cfgj},
                       {"dataset", dataset},
                       {"train_subset", train_subset},
                       {"val_size", val_size},
                       {"split_seed", split_seed},
                       {"precision", use_double ? "float64" : "float32"}};
  if (!init_weights.empty()) id["init_weights_crc32"] = io::crc32_hex(io::crc32_file(init_weights));
  return id;
}

uint64_t TrainPlan::identity_hash() const { return fnv1a64(identity().dump()); }

std::string identity_diff(const nlohmann::json& now, const nlohmann::json& was, bool skip_absent) {
  std::string out;
  auto add = [&](const std::string& what, const nlohmann::json* w, const nlohmann::json& n) {
    out += (out.empty() ? "" : ", ") + what + " (was " + (w ? w->dump() : "absent") + ", now " +
           n.dump() + ")";
  };
  for (const auto& [k, v] : now.items()) {
    if (!was.contains(k)) {
      if (!skip_absent) out += (out.empty() ? "" : ", ") + k;
    } else if (k == "config" && v.is_object()) {
      for (const auto& [ck, cv] : v.items()) {
        const bool has = was[k].contains(ck);
        if (has ? was[k][ck] != cv : !skip_absent) add("--" + ck, has ? &was[k][ck] : nullptr, cv);
      }
    } else if (was[k] != v) {
      add(k, &was[k], v);
    }
  }
  return out;
}

}  // namespace sdfc::cli
