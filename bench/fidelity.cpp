// fidelity.cpp — `sdfc_bench --fidelity`: how far one forward step's update of a cheaper
// solver lies from the faithful float64 one, on the same weights and the same batch.
//
// For a preset and a weights source (the preset's initial weights for --seed, or the W, b, Q
// of a checkpoint / weights file: a trained network), every variant (float32 alone, the coarse
// step alone in float64, and the fast rule's solver, which is `--fast`'s except where --fast
// keeps the faithful one, fast_mode.h) computes the gradients of one train_step on
// each of --batches training batches (the first images of the training file, in order). Per
// layer l, over the batches (g = the forward gradient of W_l, before clipping):
//   rel_l    = Σ‖g_l − g_l,ref‖ / Σ‖g_l,ref‖     (dominated by the batches that learn most)
//   median_l = median of ‖g_l − g_l,ref‖ / ‖g_l,ref‖   (the typical batch)
//   cos_l    = Σ⟨g_l, g_l,ref⟩ / √(Σ‖g_l‖² Σ‖g_l,ref‖²)
//   0s       = batches whose g_l is exactly 0 where the faithful one is not (lost to rounding)
//   r*=r     = samples (of all batches) whose output target r* equals the feedforward output
//              r_ff exactly in this precision: no output error, nothing for them to learn
// The yardstick row is what a batch changes: the faithful gradient of the next batch against
// this one's. speed = the faithful train_steps' time / the variant's, same batches, same
// process (a ratio, not a time). Only the forward step is compared: the feedback phase (the
// coarse_steps_fb half of the fast mode) and the compounding over an epoch are not.
// Seconds to a minute; not in CI (docs/results.md, "Fast solver vs faithful").
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "bench_util.h"
#include "sdfc/fast_mode.h"
#include "sdfc/io/datasets.h"
#include "sdfc/io/npy.h"
#include "sdfc/presets.h"
#include "sdfc/trainer.h"

namespace sdfc::bench {
namespace {

struct Variant {
  std::string name;
  std::function<void(Config&)> set;  // the reference configuration → this variant's
};

struct Step {
  std::vector<Mat<double>> g;  // [l]: the forward gradient of W_l
  double seconds = 0;          // wall time of the train_step
  int still = 0;               // samples whose output target r* equals r_ff exactly (no error)
};

// The forward gradients of W_l of one train_step from `weights` (empty: the seed's own).
template <class S>
Step step_grads(const Config& c, const std::vector<Tensor>& weights, const Dataset& d, int first,
                int B) {
  Trainer<S> t(c, 1);
  if (!weights.empty()) t.load_weights(weights);
  std::vector<int> idx(static_cast<size_t>(B)), labels(static_cast<size_t>(B));
  for (int j = 0; j < B; ++j) idx[size_t(j)] = first + j;
  Mat<S> X(d.dim, B);
  gather_batch<S>(d, idx.data(), B, c.input_norm, X, labels.data());
  Step out;
  // r* − r_ff per sample: the controller's whole input; 0 = this sample teaches nothing
  Feedforward<S> ff;
  feedforward<S>(t.net(), X, ff);
  const Mat<S> nudge = t.output_target(ff, labels.data()) - ff.logits();
  for (int j = 0; j < B; ++j) out.still += nudge.col(j).cwiseAbs().maxCoeff() == S(0);
  const double t0 = now_s();
  t.train_step(X, labels.data());
  out.seconds = now_s() - t0;
  for (const Mat<S>& w : t.last_gradients().W) out.g.push_back(w.template cast<double>());
  return out;
}

Step grads(const Config& c, const std::vector<Tensor>& w, const Dataset& d, int first, int B) {
  return c.double_precision ? step_grads<double>(c, w, d, first, B)
                            : step_grads<float>(c, w, d, first, B);
}

}  // namespace

CLI::Option* add_fidelity_options(CLI::App& app, FidelityOpts& o) {
  StudyCli cli =
      add_study(app, "--fidelity",
                "one forward step of the cheaper solvers against the faithful float64 one");
  cli.option("--preset", o.preset, "a controller preset (sdfc_train presets)");
  cli.option("--weights", o.weights, "W, b, Q of a checkpoint or weights file (.npz)");
  cli.option("--seed", o.seed, "without --weights: the initial weights of this seed")->check(kSeed);
  cli.option("--batches", o.batches, "training batches compared (the first images, in order)")
      ->check(CLI::Range(2, 1 << 20));
  return cli.flag;
}

int run_fidelity(const std::string& data, const FidelityOpts& o) {
  const std::string& preset_name = o.preset;
  const std::string& weights_path = o.weights;
  const int batches = o.batches;
  const uint64_t seed = o.seed;
  Config ref = preset(preset_name);
  ref.random_seed = seed;
  ref.resolve_and_validate();
  if (!ref.method_def().uses_controller)
    throw Error("--fidelity: " + preset_name + " simulates nothing; there is no solver to compare");
  // Trainer::load_weights picks W1, b1, Q1 … by name, so a checkpoint (which also holds the
  // optimiser's moments and the RNG) loads as it is
  const std::vector<Tensor> w =
      weights_path.empty() ? std::vector<Tensor>{} : io::read_npz(weights_path);
  const Dataset train = io::load_dataset(data, preset_dataset(preset_name), "train");
  const int B = ref.batch_size;
  if (train.n < (batches + 1) * B)
    throw Error("--fidelity: the training set is too small for --batches");

  Config fast = ref;
  apply_fast_rule(fast);
  fast.resolve_and_validate();
  const int c_fw = fast.forward_dynamics().coarse_steps;
  // "--fast: …", or where --fast keeps the faithful solver, the rule's candidate it replaced
  const std::string fast_name =
      (fast_mode_is_faithful(ref) ? "fast rule (--fast: faithful here): " : "--fast: ") +
      solver_description(fast);
  const std::vector<Variant> variants = {
      {"float32, faithful steps", [](Config& c) { c.double_precision = false; }},
      {"float64, coarse_steps " + std::to_string(c_fw),
       [&](Config& c) { c.forward.coarse_steps = c_fw; }},
      {fast_name, [](Config& c) { apply_fast_rule(c); }},
  };

  std::printf("fidelity: %s, %s, %d batches of %d (training images 0–%d), forward step only\n",
              preset_name.c_str(),
              weights_path.empty() ? ("initial weights of seed " + std::to_string(seed)).c_str()
                                   : weights_path.c_str(),
              batches, B, batches * B - 1);
  // the faithful gradients of every batch (and of one more, for the batch-to-batch yardstick)
  std::vector<std::vector<Mat<double>>> g_ref;
  double t_ref = 0;  // seconds of the faithful train_steps of batches 0 … batches − 1
  int still_ref = 0;
  for (int k = 0; k <= batches; ++k) {
    Step st = grads(ref, w, train, k * B, B);
    if (k < batches) t_ref += st.seconds, still_ref += st.still;
    g_ref.push_back(std::move(st.g));
  }
  const size_t L = g_ref[0].size();

  int nw = 44;  // the name column: as wide as the longest variant's name
  for (const Variant& v : variants) nw = std::max(nw, static_cast<int>(v.name.size()));
  // the columns of the header comment, a = the variant's gradient, r = the faithful one
  // speed = the faithful steps' time / this variant's, on the same batches in this process
  auto report = [&](const std::string& name, const std::vector<std::vector<Mat<double>>>& g,
                    bool next_batch, double speed, int still) {
    std::printf("%-*s %6.1fx %5d", nw, name.c_str(), speed, still);
    for (size_t l = 0; l < L; ++l) {
      double d = 0, nr = 0, dot = 0, aa = 0, rr = 0;
      int zero = 0;
      std::vector<double> per_batch;  // ‖a_k − r_k‖ / ‖r_k‖
      for (int k = 0; k < batches; ++k) {
        const Mat<double>& a = g[size_t(k) + (next_batch ? 1 : 0)][l];
        const Mat<double>& r = g_ref[size_t(k)][l];
        d += (a - r).norm(), nr += r.norm();
        dot += a.cwiseProduct(r).sum(), aa += a.squaredNorm(), rr += r.squaredNorm();
        zero += a.squaredNorm() == 0 && r.squaredNorm() > 0;
        per_batch.push_back((a - r).norm() / r.norm());
      }
      std::nth_element(per_batch.begin(), per_batch.begin() + batches / 2, per_batch.end());
      std::printf(" | %8.1e %8.1e %9.6f %3d", d / nr, per_batch[size_t(batches / 2)],
                  dot / std::sqrt(aa * rr), zero);
    }
    std::printf("\n");
    std::fflush(stdout);
  };
  std::printf("%-*s %7s %5s", nw, "gradient of W_l against the faithful one:", "speed", "r*=r");
  for (size_t l = 0; l < L; ++l)
    std::printf(" | W%zu rel %8s %9s %3s", l + 1, "median", "cos", "0s");
  std::printf("\n");
  std::printf("%-*s %7s %5d\n", nw, "faithful (float64, faithful steps)", "1.0x", still_ref);
  report("yardstick: faithful, the next batch", g_ref, true, 1.0, still_ref);
  for (const Variant& v : variants) {
    Config c = ref;
    v.set(c);
    c.resolve_and_validate();
    std::vector<std::vector<Mat<double>>> g;
    double t = 0;
    int still = 0;
    for (int k = 0; k < batches; ++k) {
      Step st = grads(c, w, train, k * B, B);
      t += st.seconds, still += st.still;
      g.push_back(std::move(st.g));
    }
    report(v.name, g, false, t_ref / t, still);
  }
  return 0;
}

}  // namespace sdfc::bench
