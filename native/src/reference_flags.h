// reference_flags.h — the authors' flags that are not plain Config fields, so that their
// command lines (dfc/EXPERIMENTS.rst) paste in unchanged:
//   * meaningful booleans (--strong_feedback, --ss, --ssa, --error_as_loss_grad …) → Config;
//   * flags that describe what our engine always does (--proactive_controller,
//     --inst_transmission …) or only affect the reference's logging (--save_df …) → accepted,
//     listed as notes in run.json;
//   * flags that would change the result and are not implemented → rejected with the reason.
#pragma once
#include <CLI/CLI.hpp>
#include <map>
#include <string>
#include <vector>

#include "sdfc/config.h"

namespace sdfc::cli {

struct ReferenceFlags {
  std::map<std::string, CLI::Option*> opts;   // flag name → option
  std::map<std::string, std::string> values;  // flag name → value (for options with a value)
  std::map<std::string, int64_t> counts;      // flag name → count (booleans)
};

void add_reference_flags(CLI::App* app, ReferenceFlags& r);

struct ReferenceEffects {
  std::string dataset;        // from --dataset ("" if absent): "mnist" | "fashion-mnist"
  std::string out_dir;        // from --out_dir
  bool normalize_lr = false;  // lr ← lr / target_stepsize (after all other flags)
  bool no_val_set = false;    // --no_val_set: val_size = 0
  bool saw_proactive = false, saw_inst_transmission = false;
};

// Applies the booleans to cfg, throws UsageError for unsupported flags, appends notes.
ReferenceEffects apply_reference_flags(const ReferenceFlags& r, Config& cfg,
                                       std::vector<std::string>& notes);

// "mnist" | "fashion_mnist" | "fashion-mnist" | "fmnist" → "mnist" | "fashion-mnist".
std::string normalize_dataset_name(const std::string& s);

}  // namespace sdfc::cli
