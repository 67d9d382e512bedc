// demo_data.cpp — decoding and resampling the bundled digits (see demo_data.h).
#include "demo_data.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "sdfc/io/asset.h"

namespace demo {

std::vector<float> resample_image(const float* src, int a, int b) {
  std::vector<float> out(size_t(b * b));
  if (a == b) {
    std::copy(src, src + a * a, out.begin());
    return out;
  }
  float f = float(a) / float(b);
  for (int y = 0; y < b; ++y)
    for (int x = 0; x < b; ++x) {  // box average over the source footprint
      float x0 = x * f, y0 = y * f, acc = 0, w = 0;
      for (int sy = int(y0); sy < std::min(a, int(std::ceil(y0 + f))); ++sy)
        for (int sx = int(x0); sx < std::min(a, int(std::ceil(x0 + f))); ++sx) {
          acc += src[sy * a + sx];
          w += 1;
        }
      out[size_t(y * b + x)] = w > 0 ? acc / w : 0;
    }
  return out;
}

void DemoData::load(const std::vector<uint8_t>& asset, const std::vector<uint8_t>& weights_npz) {
  try {
    if (asset.empty())
      throw sdfc::Error(
          "the digit asset is missing (build it with sdfc_make_asset; see docs/demo.md)");
    sdfc::io::decode_digit_asset(asset.data(), asset.size(), train28, test28, "demo digits");
  } catch (const std::exception& e) {
    fatal = e.what();
    return;
  }
  if (!weights_npz.empty()) {
    try {
      pretrained = sdfc::io::parse_npz(weights_npz.data(), weights_npz.size(), "pretrained.npz");
      for (const sdfc::Tensor& t : pretrained)
        if (t.name == "meta_test_acc" && !t.data.empty()) {
          char b[96];
          std::snprintf(b, sizeof b, "%.1f %% test accuracy", t.data[0] * 100.0);
          pretrained_info = b;
        }
      pretrained.erase(
          std::remove_if(pretrained.begin(), pretrained.end(),
                         [](const sdfc::Tensor& t) { return t.name.rfind("meta_", 0) == 0; }),
          pretrained.end());
    } catch (const std::exception& e) {
      pretrained.clear();
      warnings.push_back(std::string("pretrained weights unusable: ") + e.what());
    }
  }
  train = train28;
  test = test28;
}

void DemoData::resample(int side) {
  if (!fatal.empty() || train.dim == side * side) return;
  auto conv = [&](const sdfc::Dataset& d) {
    if (side == 28) return d;
    sdfc::Dataset o = d;
    o.dim = side * side;
    o.x.assign(size_t(o.n) * size_t(o.dim), 0.0f);
    for (int i = 0; i < d.n; ++i) {
      std::vector<float> r = resample_image(&d.x[size_t(i) * 784], 28, side);
      std::copy(r.begin(), r.end(), o.x.begin() + size_t(i) * size_t(o.dim));
    }
    return o;
  };
  train = conv(train28);
  test = conv(test28);
}

bool DemoData::pretrained_fits(const std::vector<int>& sz) const {
  for (const sdfc::Tensor& t : pretrained)
    if (t.name == "W1")
      return t.shape.size() == 2 && t.shape[0] == sz[1] && t.shape[1] == sz[0] && sz.size() == 3;
  return false;
}

}  // namespace demo
