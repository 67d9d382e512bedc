// snapshot.h — what the training session (Web Worker / desktop thread) tells the UI:
// every run's curves and last evaluation, the main run's weights, the stream's
// position and speed. The UI only reads snapshots; it never trains.
//
// Snapshots travel as bytes (postMessage between a worker and the page has no shared
// memory): encode() / decode() below, a flat little-endian format with length prefixes.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sdfc/trainer.h"
#include "sdfc/types.h"

namespace demo {

// One training run as the UI sees it. Curves are a struct of arrays ready for plot():
// x = training samples seen, one point every curve_every samples.
struct RunView {
  std::string algo;  // strong-dfc | dfc | bp
  std::string name;  // "Strong-DFC" …
  std::vector<float> xs, loss, train_acc, test_acc, H;
  sdfc::EvalResult eval;  // last test-set evaluation (feedforward, no controller)
  double samples = 0;     // forward-phase training samples seen
  double last_H = 0, last_loss = 0;
  int pretrain_left = 0;  // batches left in the current Q-only pass (pre-training or feedback)
  std::string failure;    // non-empty once training diverged
};

struct Snapshot {
  uint32_t cmd_seq = 0;     // the last command the session has applied
  uint32_t generation = 0;  // increments on every rebuild (new initial weights)
  uint32_t weights_version = 0;
  bool playing = false;
  int batches = 0, epoch = 0, main_run = 0;
  int last_batch_first = 0;  // first training index of the last batch (spotlight sample)
  double rate_sps = 0;       // measured training samples per second
  double busy = 0;           // fraction of wall time the session spent training
  std::string last_error;    // engine error from the last command
  std::vector<std::pair<float, std::string>> events;  // "→ DFC" markers on the curves
  std::vector<RunView> runs;
  std::vector<sdfc::Tensor> weights;  // the main run's W1.. b1.. Q1..
  std::vector<float> W1_start;        // first-layer weights at the last rebuild (n_1·n_0)
};

std::vector<uint8_t> encode(const Snapshot& s);
// Throws sdfc::Error on a truncated or malformed buffer.
Snapshot decode(const uint8_t* p, size_t n);

}  // namespace demo
