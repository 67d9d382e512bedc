// trainer.h — one object that trains a network with any of the paper's methods
// of the method registry (method.h; single or two phase) and reports diagnostics.
// It is the engine's front door: the native trainer and the browser demo both
// drive training only through this interface. No file, terminal or window code.
//
// The epoch schedule of the reference (schedule.h, reference §4.4):
//   once:        init_fb_epochs of feedback pre-training (Q only, *_fb dynamics, lr_fb_init,
//                logit error — pre-training runs before the softmax error is switched on)
//   each epoch:  [two-phase only] one feedback epoch (Q only, lr_fb)
//                the forward epoch (single phase: W and Q from the same noisy simulation)
//                extra_fb_epochs feedback epochs
// run_epoch (the trainer's own shuffling) and scheduled_step (the caller's batches) both
// follow it.
#pragma once
#include <functional>
#include <memory>
#include <vector>

#include "sdfc/config.h"
#include "sdfc/data.h"
#include "sdfc/dynamics.h"
#include "sdfc/learning.h"
#include "sdfc/network.h"
#include "sdfc/schedule.h"

namespace sdfc {

// What one mini-batch step measured (feedforward values are before the update).
struct BatchStats {
  int B = 0;
  double loss = 0;       // mean cross-entropy of softmax(r_L^ff) against the target
  int correct = 0;       // argmax(r_L^ff) == label
  double H = 0;          // mean over samples of ||Q u_ss||² (0 for BP)
  double converged = 0;  // fraction of samples whose controller halved the output error:
                         //   ||e(T)|| ≤ ε ||e(0)||, ε = 0.5 (the reference's epsilon_di)
  double reached = 0;    // fraction whose controlled output r_L(T) is classified as the label
  int sim_steps = 0;     // Euler steps simulated (K − 1 unless stopped early)
};

// Accumulated over an epoch (or any number of batches).
struct EpochStats {
  int samples = 0, batches = 0;
  double loss_sum = 0, H_sum = 0, converged_sum = 0, reached_sum = 0;
  int correct = 0;
  void add(const BatchStats& s);
  double loss() const { return samples ? loss_sum / samples : 0; }
  double acc() const { return samples ? double(correct) / samples : 0; }
  double H() const { return samples ? H_sum / samples : 0; }
  double converged() const { return samples ? converged_sum / samples : 0; }
  double reached() const { return samples ? reached_sum / samples : 0; }
};

struct EvalResult {
  int n = 0;
  double loss = 0, acc = 0;
  std::vector<int> confusion;  // classes × classes, row = true label, column = prediction
};

// Diagnostics on one batch (reference §6.3).
struct Diagnostics {
  double condition_ratio = 0;        // mean_b ||P_J Q||_F / ||Q||_F, J at the feedforward state
  std::vector<double> angle_bp_deg;  // per layer: angle(−update, ∇_W L) of BP, degrees
  std::vector<double> angle_H_deg;   // per layer: angle(−update, ∇_W H) at the steady state
  double angle_bp_total_deg = 0, angle_H_total_deg = 0;
};

// One batch of the schedule (Trainer::scheduled_step).
struct ScheduledStep {
  BatchStats stats;
  Pass pass = Pass::Forward;  // which pass the batch belonged to
  bool pass_done = false, epoch_done = false;
};

// How trace() and control_needed() simulate (for front ends; nothing is learned).
struct TraceOptions {
  int time_factor = 1;  // simulate time_factor × the training horizon at the same dt (20 ≈ steady)
  bool layers = false;                 // trace(): also record v_l and v_fb,l per step
  bool noise = true;                   // the configured noise; false = noise-free and deterministic
  uint64_t noise_seed = ~uint64_t(0);  // ~0 = the config's random_seed
  uint64_t noise_stream = ~uint64_t(0) - 2;  // a stream no training step uses
};

// The control a batch needs (control_needed): per sample H = ||Q u(T)||² and the controlled
// output r_L(T).
template <class S>
struct Control {
  Vec<S> H;   // B
  Mat<S> rL;  // n_L × B
};

// Progress callback: called after every batch; return false to end the current pass early.
struct Progress {
  const char* phase;   // "pretrain" | "feedback" | "forward"
  int batch, batches;  // 1-based index, total in this pass
  int samples_done;
  const BatchStats* last;
  const EpochStats* running;
};
using ProgressFn = std::function<bool(const Progress&)>;

template <class S>
class Trainer {
 public:
  // Validates cfg and initialises the network from cfg.random_seed. `threads`: the
  // simulation's worker threads (0 = all cores); a runtime choice, results do not depend on it.
  explicit Trainer(Config cfg, int threads = 0);
  ~Trainer();
  Trainer(Trainer&&) noexcept;
  Trainer& operator=(Trainer&&) noexcept;

  const Config& config() const;
  // Change hyperparameters without a reset (learning rates, σ, dynamics …); sizes and
  // method must stay the same (throws Error otherwise).
  void set_config(const Config& cfg);

  Network<S>& net();
  const Network<S>& net() const;

  // --- single steps ----------------------------------------------------------
  // The forward epoch's work on one batch: simulation, updates, clipping, optimiser step.
  BatchStats train_step(CMatRef<S> X, const int* labels);
  // One Q-only step: pretraining = true uses lr_fb_init and the pre-training quirks.
  BatchStats feedback_step(CMatRef<S> X, const int* labels, bool pretraining);

  // --- whole passes over a dataset (shuffled with the trainer's own RNG) ---------
  EpochStats pretrain_epoch(const Dataset& train, const ProgressFn& cb = {});
  EpochStats feedback_epoch(const Dataset& train, const ProgressFn& cb = {});
  EpochStats forward_epoch(const Dataset& train, const ProgressFn& cb = {});
  // Runs pre-training first if not done yet, then the rest of the current epoch of the
  // schedule (schedule.h). Stats are the forward pass's.
  EpochStats run_epoch(const Dataset& train, const ProgressFn& cb = {});
  int epochs_done() const;
  bool pretraining_done() const;

  // --- the schedule one batch at a time, on the caller's batches (front ends with their own
  // data stream, e.g. the demo's shared mini-batches): runs the step of the current pass
  // (pre-training, feedback or forward); a pass ends after `batches_per_pass` batches.
  ScheduledStep scheduled_step(CMatRef<S> X, const int* labels, int batches_per_pass);
  SchedulePosition position() const;
  // Mark pre-training as done (weights that were trained already).
  void skip_pretraining();

  // Feedforward loss/accuracy/confusion (no controller at test time).
  EvalResult evaluate(const Dataset& d, int batch = 1000) const;
  // Feedforward logits for a batch (n_L × B).
  Mat<S> predict(CMatRef<S> X) const;
  // Diagnostics on a batch (expensive: Jacobians per sample). Does not change state.
  Diagnostics diagnose(CMatRef<S> X, const int* labels) const;

  // Simulate the controlled dynamics for a batch with recording on, without learning
  // (for front ends: watch u(t), r_L(t), e(t), ||Q u(t)||²). Uses the forward-phase
  // settings (target r* from the labels) with the configured noise unless o.noise is false.
  SimResult<S> trace(CMatRef<S> X, const int* labels, const TraceOptions& o = {}) const;
  // How much control each sample needs to reach its label's target (the drawing canvas:
  // one copy of a drawing per label). No recording; noise-free unless o.noise.
  Control<S> control_needed(CMatRef<S> X, const int* labels, const TraceOptions& o = {}) const;

  // The SimParams of each phase, derived from the config (reference §5, quirks included).
  SimParams forward_sim_params() const;
  SimParams feedback_sim_params(bool pretraining) const;
  // Output target r* for a batch in the forward phase (soft labels, or the weak nudge).
  Mat<S> output_target(const Feedforward<S>& ff, const int* labels) const;

  // --- state -----------------------------------------------------------------
  std::vector<Tensor> weights() const;              // W1.. b1.. Q1.. (1-based names)
  void load_weights(const std::vector<Tensor>& t);  // validates names and shapes
  std::vector<Tensor> state() const;                // weights + optimiser moments + RNG + counters
  void load_state(const std::vector<Tensor>& t);    // exact resume

  // Replace the noise source (tests inject recorded draws). Empty = default streams.
  void set_noise(NoiseFn<S> fn);

  // --- introspection of the last step (front ends, tests) ------------------------
  // Record the trajectories of the training simulations (u, r_L, e, ||Qu||²; with
  // `layers` also v_l and v_fb,l per step). Off by default.
  void set_recording(bool on, bool layers = false);
  const SimResult<S>& last_simulation() const;  // the last step's simulation
  const Grads<S>& last_gradients() const;       // the last step's gradients, before clipping
  const std::vector<double>& last_clip_norms(bool feedback) const;  // per layer group

 private:
  // trace() and control_needed(): one simulation of the forward phase, nothing learned.
  SimResult<S> view_simulation(const char* who, CMatRef<S> X, const int* labels,
                               const TraceOptions& o, bool record, bool injected_noise) const;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sdfc
