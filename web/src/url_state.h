// url_state.h — the demo's whole user-visible state as key=value pairs.
//
// The same C++ parses it everywhere:
//   web:    location.hash      #algo=strong-dfc&autoplay=1&embed=1&panel=dynamics&seed=1
//   native: command line       sdfc_demo --algo strong-dfc --autoplay 1 --seed 1
// and writes it back (the browser's address bar always holds a shareable link).
// Values are validated and clamped here; bad input becomes a warning, never a crash.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace demo {

// Network size choices (input is always the 28×28 digit unless the preset says otherwise).
struct NetChoice {
  const char* key;    // URL value
  const char* label;  // shown in the combo box
};
const std::vector<NetChoice>& net_choices();  // "small" is the web-small preset

struct Settings {
  // --- algorithm and hyperparameters (defaults are filled from preset("web-small")) ---
  std::string algo = "strong-dfc";  // a method name of sdfc::methods() (method.h)
  bool noise = true;                // single phase with noisy dynamics (the slide's "noise" rows)
  float sigma = 0.05f;              // σ of the apical noise (hidden layers)
  float lambda = 0.01f;             // λ = target_stepsize of weak DFC
  float lr = 1e-3f;                 // forward-weight learning rate
  float lr_fb = 1e-4f;              // feedback-weight learning rate
  int steps = 40;                   // tmax_di: simulation steps per sample
  int batch = 32;                   // mini-batch size
  std::string net = "small";        // see net_choices()
  uint64_t seed = 1;
  // --- session ---
  float speed = 600;             // target samples/s; 0 = no limit (docs/demo.md: why 600)
  std::string start = "random";  // random | trained
  bool autoplay = true;
  bool compare = false;  // train every method of the registry side by side
  bool embed = false;    // minimal chrome for iframes
  std::string panel;     // show one panel only (network, dynamics, curves, …)
  float zoom = 1.0f;     // UI/text scale on top of the device pixel ratio
  bool lecture = false;  // projector mode: text ≥ 28 px on a 1080-pixel-high screen
  std::string hide;      // comma list of control groups to hide (e.g. "algo,lr")
  bool steady = false;   // panels run the controller to its steady state (training does not)
  int lesson = 0;        // lesson mode: step 1 … lesson_count() (0 = off), see lesson.h
  // --- any other engine hyperparameter, by its flag name in sdfc::config_schema() ---
  // e.g. #alpha_di=0.01&k_p=1.5: applied on top of the settings above (run_config.cpp), in
  // the order given, and written back into the link.
  std::vector<std::pair<std::string, std::string>> config;
};

const std::vector<std::string>& panel_names();

// Apply one key=value; returns false (and appends to `warnings`) if the key is unknown
// or the value invalid (the setting keeps its previous value or is clamped).
bool apply_setting(Settings& s, const std::string& key, const std::string& value,
                   std::vector<std::string>& warnings);
// Parse "a=1&b=2" (a leading '#' or '?' is ignored; values are percent-decoded).
void apply_query(Settings& s, const std::string& query, std::vector<std::string>& warnings);
// Parse command-line pairs "--key value" or "--key=value". Keys in `native_keys`
// are not settings; their values are returned in `native_out` (same order).
void apply_args(Settings& s, int argc, char** argv, std::vector<std::string>& warnings,
                const std::vector<std::string>& native_keys, std::vector<std::string>& native_out);
// The state as "a=1&b=2", every key in a fixed order (percent-encoded).
std::string to_query(const Settings& s);
// The same as command-line arguments ("--algo strong-dfc --seed 1 …").
std::string to_args(const Settings& s);
// True if the control group `name` is listed in s.hide.
bool hidden(const Settings& s, const char* name);

}  // namespace demo
