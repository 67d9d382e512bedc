// pretrain.cpp — sdfc_pretrain: trains the demo's network (preset web-small,
// Strong-DFC with noise, float32) natively on the digit asset's training digits and
// writes the weights as npz for the demo's "Load trained network" button.
//
//   sdfc_pretrain --asset digits.sdfcdig --out pretrained.npz [--epochs 4] [--seed 1]
//
// Besides W1.. b1.. Q1.. the npz holds meta_test_acc and meta_epochs (1-element
// arrays) so the demo can say how good the network is. Prints one line per epoch.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "sdfc/io/asset.h"
#include "sdfc/io/npy.h"
#include "sdfc/presets.h"
#include "sdfc/trainer.h"

int main(int argc, char** argv) {
  std::string asset, out;
  int epochs = 4;
  unsigned long seed = 1;
  try {
    for (int i = 1; i < argc; ++i) {
      std::string a = argv[i];
      if (a == "-h" || a == "--help") {
        std::printf("usage: sdfc_pretrain --asset FILE --out FILE.npz [--epochs N] [--seed S]\n");
        return 0;
      }
      if (i + 1 >= argc) throw sdfc::Error(a + ": missing value (see --help)");
      std::string v = argv[++i];
      if (a == "--asset")
        asset = v;
      else if (a == "--out")
        out = v;
      else if (a == "--epochs")
        epochs = std::max(1, std::atoi(v.c_str()));
      else if (a == "--seed")
        seed = std::strtoul(v.c_str(), nullptr, 10);
      else
        throw sdfc::Error(a + ": unknown option (see --help)");
    }
    if (asset.empty() || out.empty())
      throw sdfc::Error("--asset FILE and --out FILE are required (see --help)");
    std::ifstream f(asset, std::ios::binary);
    if (!f)
      throw sdfc::Error(asset + ": cannot open the digit asset (build it with sdfc_make_asset)");
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(f)),
                               std::istreambuf_iterator<char>());
    sdfc::Dataset train, test;
    sdfc::io::decode_digit_asset(bytes.data(), bytes.size(), train, test, asset);

    sdfc::Config cfg = sdfc::preset("web-small");
    cfg.random_seed = seed;
    sdfc::Trainer<float> tr(cfg);
    auto t0 = std::chrono::steady_clock::now();
    sdfc::EvalResult ev;
    for (int e = 1; e <= epochs; ++e) {
      sdfc::EpochStats st = tr.run_epoch(train);
      ev = tr.evaluate(test);
      double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::printf(
          "sdfc_pretrain: epoch %d/%d  train loss %.4f acc %.2f %%  H %.4g  test acc %.2f %%  "
          "(%.1f s)\n",
          e, epochs, st.loss(), st.acc() * 100, st.H(), ev.acc * 100, s);
      std::fflush(stdout);
    }
    std::vector<sdfc::Tensor> w = tr.weights();
    w.push_back({"meta_test_acc", {1}, {ev.acc}});
    w.push_back({"meta_epochs", {1}, {double(epochs)}});
    sdfc::io::write_npz(out, w);
    std::printf(
        "sdfc_pretrain: wrote %s (web-small, %d epochs on %d digits, test accuracy %.2f %% on "
        "%d)\n",
        out.c_str(), epochs, train.n, ev.acc * 100, ev.n);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sdfc_pretrain: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
