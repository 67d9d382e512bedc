// demo_data.h — the digits bundled with the demo (5000 training + 1000 test MNIST
// digits, decoded from the digit asset), resampled to the network's input size, and
// the weights pretrained at build time. The training session and the UI each hold one.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sdfc/data.h"
#include "sdfc/io/npy.h"

namespace demo {

struct DemoData {
  sdfc::Dataset train28, test28;         // as bundled (784 pixels, [0,1])
  sdfc::Dataset train, test;             // resampled to the network's input side
  std::vector<sdfc::Tensor> pretrained;  // W1.. b1.. Q1.. of web-small (may be empty)
  std::string pretrained_info;           // e.g. "91.8 % test accuracy"
  std::string fatal;                     // the digits could not be decoded
  std::vector<std::string> warnings;     // the pretrained weights could not be read …

  // Decode both files (either may be empty: a missing asset is fatal, missing weights
  // only disable "Load trained network").
  void load(const std::vector<uint8_t>& asset, const std::vector<uint8_t>& weights_npz);
  // Resample train/test to side × side pixels (no-op if already that size).
  void resample(int side);
  // Do the pretrained weights fit a network of these layer sizes?
  bool pretrained_fits(const std::vector<int>& sizes) const;
};

// Box-filter resample of a square image (side a) to side b.
std::vector<float> resample_image(const float* src, int a, int b);

}  // namespace demo
