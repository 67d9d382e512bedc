// app.h — the UI thread's state: the settings, the latest snapshot of the training
// session (runs, curves, the main run's weights), the recorded dynamics of the
// "spotlight" sample, the drawing canvas. Panels read and change it.
//
// The UI never trains: training runs in a Web Worker (browser) or a thread (desktop),
// see trainer_host.h and session.h. The UI sends commands and reads snapshots; from the
// snapshot's weights it simulates single samples for the panels (app.cpp: traces, the
// canvas, the gallery), with a copy of the engine of its own.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "demo_data.h"
#include "imgui.h"
#include "sdfc/dynamics.h"
#include "sdfc/trainer.h"
#include "snapshot.h"
#include "url_state.h"

namespace demo {

using Trainer = sdfc::Trainer<float>;
using MatF = sdfc::Mat<float>;

// One training run as the panels show it (a snapshot's RunView plus its colour).
struct Run : RunView {
  ImU32 colour = 0;
};
// The controlled dynamics of one sample, recorded for the panels.
struct Trace {
  bool valid = false;
  int index = -1, label = -1;                      // training-set index and its label
  int K = 0;                                       // stored time points
  std::vector<float> t;                            // K simulation times
  std::vector<std::vector<float>> u, soft, e;      // [unit][k]: u(t), softmax(r_L(t)), e(t)
  std::vector<float> Qu2;                          // [k] ||Q u(t)||² (incl. output layer)
  std::vector<std::vector<std::vector<float>>> r;  // [k][layer][neuron] rates φ(v(t))
  std::vector<std::vector<float>> fb_norm;         // [k][layer] ||Q_i u(t)||
  std::vector<float> x;                            // the input image (n_0, in [0,1])
  std::vector<float> ff_soft;                      // softmax of the feedforward output
  std::vector<float> target;                       // r* (what the controller pushes the output to)
  bool steady = false;  // simulated kSteadyFactor × the training's time (see App::set_steady)
  double created = 0;   // wall time (s) when computed: the animation starts here
  std::string note;     // e.g. "backprop has no controller"
};

// The drawing canvas (28×28, values in [0,1]) and what the network makes of it.
struct Canvas {
  std::vector<float> px = std::vector<float>(28 * 28, 0.0f);
  bool dirty = true;
  std::vector<float> ff_soft;      // feedforward prediction (softmax)
  std::vector<float> H_per_label;  // control needed to push the output to each label
  std::vector<float> ctrl_soft;    // softmax(r_L) after the controller pushed to `target`
  int target = -1;                 // chosen label (-1: the prediction)
  bool steady = false;             // ctrl_soft / H_per_label at the steady state
  double computed_at = -1;
};

struct App {
  // --- configuration -------------------------------------------------------------
  Settings s;                         // everything in the URL
  std::vector<std::string> warnings;  // bad URL parameters etc. (shown once)
  std::string page_url;               // base URL of the page (web) for "copy link"

  // --- data (the UI's own copy, for traces, the gallery and the canvas) --------------
  DemoData data;
  std::string pretrained_info;  // e.g. "91.8 % test accuracy"
  std::string fatal;            // data could not be loaded: the UI shows only this

  // --- the training session, as of its last snapshot --------------------------------
  std::vector<Run> runs;  // 1 run, or 3 in comparison mode
  MatF W1_start;          // first-layer weights at the last (re)start (for ΔW₁)
  int main_run = 0;       // the run the panels show
  bool playing = false;
  int batches = 0;  // mini-batches drawn from the stream
  int epoch = 0;
  double rate_sps = 0;    // measured samples per second (in the session)
  double busy = 0;        // fraction of the session's wall time spent training
  int curve_every = 512;  // samples between curve points (and test evaluations)
  std::vector<std::pair<float, std::string>> events;  // "→ DFC" markers on the curves
  int weights_version = 0;                            // increments whenever weights change
  int snapshots = 0;                                  // snapshots received
  std::string last_error;  // engine error from the last action (shown in controls)

  // --- views ------------------------------------------------------------------------
  Trace trace;
  double trace_period = 1.6;   // seconds between spotlight samples while playing
  double anim_duration = 1.2;  // seconds to replay a trace
  Canvas canvas;
  std::vector<int> gallery;  // test indices shown in the gallery
  std::vector<int> gallery_pred;
  std::vector<float> gallery_conf;
  int gallery_version = -1;
  double now = 0;                       // seconds (monotonic)
  float ui_scale = 1.0f;                // device pixel ratio × zoom
  std::map<std::string, ImVec4> rects;  // widget rectangles for the browser tests (x, y, w, h)

  // --- lifecycle ---------------------------------------------------------------------
  // Decode the digit asset and the pretrained weights, and start the training session
  // with them (either may be empty).
  void load_data(const std::vector<uint8_t>& asset, const std::vector<uint8_t>& weights_npz);

  // --- commands to the training session (each sends the whole state) ----------------
  // New runs from s (random init, or the pretrained weights if s.start == "trained").
  void rebuild();
  // Keep the weights, change the algorithm.
  void switch_algorithm(const std::string& algo);
  // Push changed hyperparameters into every run (no reset).
  void apply_hyperparameters();
  void set_compare(bool on);
  void load_trained();
  void set_playing(bool on);
  // One mini-batch for every run (the Step button).
  void step_once();
  // Test hook: the session's first weight becomes NaN (the divergence path).
  void poison();
  // Panels (trace, canvas) simulate the controller for kSteadyFactor × the training's
  // simulated time, so that it reaches its steady state; training is not affected.
  static constexpr int kSteadyFactor = 20;
  void set_steady(bool on);
  // Lesson mode: go to step n (lesson.h) — its settings, new runs, its play state.
  void go_lesson(int n);

  // --- per frame ------------------------------------------------------------------------
  // Read the session's snapshots; refresh the trace, the canvas and the gallery.
  void tick(double now_s);
  // Re-run the recorded simulation for a training sample (current network).
  void compute_trace(int train_index);
  // Drawing canvas → predictions and control per label.
  void update_canvas();
  // Gallery predictions (test digits) for the current weights.
  void update_gallery();

  Run& main() { return runs[size_t(main_run)]; }
  const Run* main_ptr() const { return runs.empty() ? nullptr : &runs[size_t(main_run)]; }
  // The main run's method (the settings' before the first snapshot).
  const std::string& main_algo() const {
    return runs.empty() ? s.algo : runs[size_t(main_run)].algo;
  }
  // The UI's copy of the main run's network (weights of the last snapshot).
  Trainer& view() { return *view_; }
  bool has_view() const { return view_ != nullptr; }
  bool diverged() const;
  std::vector<int> sizes() const;
  bool pretrained_fits() const;
  // Input side length (28 for 784 inputs, 14 for 196 …).
  int input_side() const;
  // Normalised input batch (n_0 × B) from raw [0,1] pixels of the network's input size.
  MatF normalise(const std::vector<float>& pixels, int B) const;

 private:
  void send(const char* verb);
  void apply(const Snapshot& sn);
  void rebuild_view();
  std::unique_ptr<Trainer> view_;
  std::string view_algo_;
  std::vector<sdfc::Tensor> weights_;  // the last snapshot's weights (main run)
  uint32_t cmd_seq_ = 0, rebuild_seq_ = 0;
  uint32_t generation_ = 0;
  int last_batch_first_ = 0;
  uint64_t trace_stream_ = 1;
  double last_trace_time_ = -1e9;
  double last_samples_at_trace_ = -1;
  int canvas_version_ = -1;
  double gallery_at_ = -1e9;
};

// Human-readable name and colour of an algorithm key.
// The method registry entry of a demo algorithm name (sdfc::method_info).
const sdfc::MethodInfo& method_of(const std::string& algo);
// The first controller method of the registry whose output target is t (the feedback
// strength slider's ends: a label target = strong, a weak nudge = weak).
const sdfc::MethodInfo& controller_method(sdfc::OutputTarget t);
const char* algo_name(const std::string& algo);
ImU32 algo_colour(const std::string& algo);

// Softmax of a logit vector.
std::vector<float> softmax(const float* z, int n);

}  // namespace demo
