// method.h — the learning methods as one table. Each method is one unit in
// engine/src/methods/<name>.cpp that fills a MethodInfo; registry.cpp lists them.
// Trainer, config validation, presets and every front end read what a method is from
// here: no method name is compared as a string anywhere else.
//
// A method's forward step is
//   feedforward → grads (this table) → clip → optimiser step        (trainer.cpp)
// and, when it learns feedback weights Q, its pre-training and feedback epochs use the
// controller's noisy dynamics (reference §4.3), which the trainer runs for every such method.
#pragma once
#include <string>
#include <vector>

#include "sdfc/dynamics.h"

namespace sdfc {

struct Config;
template <class S>
struct StepContext;  // engine/src/methods/method_unit.h: what a step hands a method

// Where the controller drives the output (reference P19).
enum class OutputTarget {
  SoftLabels,  // r* = soft one-hot labels (c on the true class)
  WeakNudge,   // r* = r_ff − λ ∂L/∂r_L (weak feedback)
};

// One row of the paper's table: the method in one phase setting.
struct MethodVariant {
  const char* key = "";    // preset stem and record folder: "<dataset>-<key>", e.g. "dfc-nonoise"
  const char* label = "";  // the table's row name: "DFC (no noise)"
  bool single_phase = false;  // Config::single_phase of this row (ignored by methods with one row)
  // `--fast` takes at most this coarse step factor for this row (0 = the rule's own limit,
  // fast_mode.h): a row whose run is measured to need a finer step than the rule's
  // (docs/results.md, fast vs faithful).
  int fast_max_coarse_steps = 0;
};

struct MethodInfo {
  const char* name = "";             // Config::method and --method, e.g. "strong-dfc"
  std::vector<std::string> aliases;  // other accepted spellings ("sdfc", "backprop" …)
  const char* display = "";          // short name for legends and pickers: "Strong-DFC"
  const char* blurb = "";            // one sentence for the demo's picker
  unsigned colour = 0x888888;        // 0xRRGGBB: the method's colour in plots and the demo
  bool uses_controller = false;      // simulates the controlled dynamics to learn
  bool learns_feedback = false;      // Q learns: pre-training, feedback epochs, single-phase Q rule
  ErrorForm error = ErrorForm::Logit;              // controller output error e = r* − g(r_L)
  OutputTarget target = OutputTarget::SoftLabels;  // r* of the forward step
  std::vector<MethodVariant> variants;             // its rows of the table, in table order

  // Method-specific copy rules and checks, run inside Config::resolve_and_validate
  // (null = none). validate throws Error naming the flag.
  void (*resolve)(Config&) = nullptr;
  void (*validate)(const Config&) = nullptr;

  // The forward step: gradients of W, b (and of Q when this step also learns Q) into
  // ctx.g, and the step's statistics into ctx.st. Returns whether Q is updated.
  bool (*grads_f)(StepContext<float>&) = nullptr;
  bool (*grads_d)(StepContext<double>&) = nullptr;

  // The row of this method for a config's phase setting.
  const MethodVariant& variant(bool single_phase) const;
};

// The registry (strong-dfc, dfc, bp, then additions): the demo's picker order.
const std::vector<const MethodInfo*>& methods();
// By name or alias; throws Error listing the valid names.
const MethodInfo& method_info(const std::string& name);
// The table row with this key ("strong-dfc-nonoise") and its method, or nullptr.
const MethodVariant* find_variant(const std::string& key, const MethodInfo** method = nullptr);
// Every row of every method, in table order.
std::vector<std::pair<const MethodInfo*, const MethodVariant*>> method_rows();
// "bp, strong-dfc, dfc, …" — for help texts and error messages.
std::string method_names();

}  // namespace sdfc
