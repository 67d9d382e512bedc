// session.h — the training side of the demo: the runs (one, or Strong-DFC, DFC and BP
// side by side), the shuffled stream of mini-batches they share, their curves, and the
// speed limit. It runs off the UI thread — in a Web Worker (worker_main.cpp) or a
// desktop thread (trainer_host_thread.cpp) — takes commands and hands out Snapshots.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "demo_data.h"
#include "sdfc/trainer.h"
#include "snapshot.h"
#include "url_state.h"

namespace demo {

using Trainer = sdfc::Trainer<float>;

class Session {
 public:
  Session();
  ~Session();
  // The bundled digits and pretrained weights (bytes of the asset and of the npz).
  void load(const std::vector<uint8_t>& asset, const std::vector<uint8_t>& weights_npz);
  const std::string& fatal() const { return data_.fatal; }

  // Apply a command from the UI. `query` is the UI's whole state (to_query), verbs:
  //   rebuild  new runs from the settings (random init, or pretrained with start=trained)
  //   algo     keep the weights, switch the method (compare mode: switch the main run)
  //   hyper    new hyperparameters, no reset (lr, σ, steps, batch, speed …)
  //   play | pause | step (one mini-batch for every run) | poison (test hook: W1 → NaN)
  void command(uint32_t seq, const std::string& verb, const std::string& query);

  // Train for at most budget_ms while playing, within the speed limit (samples/s).
  // Returns the milliseconds the caller may sleep before the next call (0 = busy).
  double work(double budget_ms);
  bool playing() const { return playing_; }

  // A snapshot is due every period_s while training, and after every command.
  bool snapshot_due(double period_s) const;
  Snapshot snapshot();

  // For benchmarks: the main run's last test accuracy and samples.
  double test_acc() const;
  double samples() const;

 private:
  struct Run;
  void rebuild();
  void switch_algorithm(const std::string& algo);
  void apply_hyperparameters();
  void next_batch(std::vector<int>& idx);
  void train_batch(const std::vector<int>& idx);
  void add_curve_point(Run& r);
  bool diverged() const;
  // One pass of the schedule = one sweep over the demo's training set.
  int batches_per_pass() const;
  // The view's count of batches left in a Q-only pass (pre-training or feedback epoch).
  void update_q_only_left(Run& r) const;

  DemoData data_;
  Settings s_;
  std::vector<std::unique_ptr<Run>> runs_;
  int main_run_ = 0;
  bool playing_ = false;
  int batches_ = 0, epoch_ = 0;
  std::vector<int> order_;
  size_t cursor_ = 0;
  double credit_ = 0, last_work_ = -1;
  double rate_sps_ = 0, rate_t0_ = 0, rate_samples_ = 0, busy_ms_ = 0, busy_ = 0;
  int curve_every_ = 512;  // samples between curve points (and test evaluations)
  std::vector<std::pair<float, std::string>> events_;
  std::string last_error_;
  uint32_t cmd_seq_ = 0, generation_ = 0, sent_generation_ = 0, weights_version_ = 0;
  int last_batch_first_ = 0;
  std::vector<float> W1_start_;
  bool changed_ = true;   // a command arrived since the last snapshot
  bool trained_ = false;  // a batch was trained since the last snapshot
  double last_snapshot_ = -1e9;
};

// Seconds on a monotonic clock (also inside a Web Worker).
double clock_s();

}  // namespace demo
