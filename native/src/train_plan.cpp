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

}  // namespace sdfc::cli
