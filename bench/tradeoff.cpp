// tradeoff.cpp — `sdfc_bench --tradeoff`: speed and accuracy of the cheaper solvers.
//
// Trains mnist-strong-dfc on the first N MNIST training images for E epochs (after its
// feedback pre-training epoch, as the trainer schedules it) with the faithful solver and
// with the cheaper options (forward_stride, early_stop_tol, float32, coarser time steps over
// the same simulated horizon), then evaluates on the 10,000 test images. Same seed for all
// but "double-seed43", so the variants see the same batches and noise streams, and the
// seed-43 run shows how far two faithful runs land apart. Heavy (minutes): not in CI.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "bench_util.h"
#include "sdfc/io/datasets.h"
#include "sdfc/presets.h"
#include "sdfc/trainer.h"

namespace sdfc::bench {
namespace {

struct Variant {
  std::string name;
  bool dbl;
  int stride;
  double early_tol;
  int coarsen = 1;     // K / c stored points at c × dt (same simulated horizon K·dt)
  uint64_t seed = 42;  // another seed of the faithful run measures run-to-run spread
};

struct Outcome {
  double seconds = 0, pretrain_s = 0, train_s = 0, acc = 0, mean_steps = 0;
};

template <class S>
Outcome train_variant(Config c, const Dataset& train, const Dataset& test, int epochs) {
  Trainer<S> t(c);
  Outcome o;
  double steps_sum = 0;
  int batches = 0;
  const ProgressFn cb = [&](const Progress& p) {
    if (std::string(p.phase) == "forward") {
      steps_sum += p.last->sim_steps;
      ++batches;
    }
    return true;
  };
  const double t0 = now_s();
  t.pretrain_epoch(train);
  const double t1 = now_s();
  for (int e = 0; e < epochs; ++e) t.run_epoch(train, cb);
  const double t2 = now_s();
  o.pretrain_s = t1 - t0;
  o.train_s = t2 - t1;
  o.seconds = t2 - t0;
  o.acc = t.evaluate(test).acc;
  o.mean_steps = batches ? steps_sum / batches : 0;
  return o;
}

}  // namespace

CLI::Option* add_tradeoff_options(CLI::App& app, TradeoffOpts& o) {
  StudyCli cli =
      add_study(app, "--tradeoff",
                "accuracy and speed of the cheaper solvers: trains mnist-strong-dfc (minutes)");
  cli.option("--train", o.n_train, "the first N MNIST training images")->check(CLI::PositiveNumber);
  cli.option("--epochs", o.epochs, "epochs after the feedback pre-training epoch")
      ->check(CLI::PositiveNumber);
  cli.option("--early-tol", o.early_tol, "early_stop_tol of the double-earlystop variant")
      ->check(CLI::NonNegativeNumber);
  cli.option("--only", o.only, "these variants only (comma-separated names)")->delimiter(',');
  cli.option("--seeds", o.seeds, "every variant once per seed (comma-separated)")
      ->delimiter(',')
      ->check(kSeed);
  return cli.flag;
}

int run_tradeoff(const std::string& data_dir, const TradeoffOpts& opt) {
  const int epochs = opt.epochs;
  const std::vector<uint64_t>& seeds = opt.seeds;
  const std::vector<Variant> variants = {
      {"double-faithful", true, 1, 0.0},
      {"double-seed43", true, 1, 0.0, 1, 43},
      {"double-stride4", true, 4, 0.0},
      {"double-stride8", true, 8, 0.0},
      {"double-earlystop", true, 1, opt.early_tol},
      {"double-coarse5", true, 1, 0.0, 5},
      {"float-faithful", false, 1, 0.0},
      {"float-stride8", false, 8, 0.0},
      {"float-coarse5", false, 1, 0.0, 5},
      {"float-coarse5-stride4", false, 4, 0.0, 5},
      {"float-coarse10", false, 1, 0.0, 10},
  };
  std::string names;  // for the error below
  for (const Variant& v : variants) names += (names.empty() ? "" : ", ") + v.name;
  for (const std::string& name : opt.only)
    if (std::none_of(variants.begin(), variants.end(),
                     [&](const Variant& v) { return v.name == name; }))
      throw Error("--tradeoff --only: no variant named '" + name + "'; the variants: " + names);
  const Dataset train_all = io::load_dataset(data_dir, "mnist", "train");
  const Dataset test = io::load_dataset(data_dir, "mnist", "test");
  const Dataset train = train_all.head(std::min(opt.n_train, train_all.n));
  std::printf(
      "tradeoff: mnist-strong-dfc, %d training images, %d epoch(s) after 1 pre-training "
      "epoch, test on %d images, seed 42 unless --seeds\n",
      train.n, epochs, test.n);
  std::printf("%-26s | %8s %8s %8s | %8s %8s %6s | %8s %9s\n", "variant", "total s", "pretr s",
              "train s", "speedup", "vs ref", "steps", "test acc", "delta pp");
  double base_train = 0, base_acc = 0;
  std::ostringstream js;
  js << "{";
  bool first = true;
  std::vector<std::pair<std::string, std::vector<double>>> accs;  // per variant, per seed
  for (const Variant& v : variants) {
    if (!opt.only.empty() && std::find(opt.only.begin(), opt.only.end(), v.name) == opt.only.end())
      continue;
    const std::vector<uint64_t> run_seeds = seeds.empty() ? std::vector<uint64_t>{v.seed} : seeds;
    accs.push_back({v.name, {}});
    for (uint64_t seed : run_seeds) {
      Config c = preset("mnist-strong-dfc");
      c.double_precision = v.dbl;
      c.solver.forward_stride = v.stride;
      c.solver.early_stop_tol = v.early_tol;
      c.random_seed = seed;
      c.forward.coarse_steps = v.coarsen;  // forward and feedback simulations: same horizon
      Outcome o;
      const std::string name = seeds.empty() ? v.name : v.name + "/" + std::to_string(seed);
      try {
        o = v.dbl ? train_variant<double>(c, train, test, epochs)
                  : train_variant<float>(c, train, test, epochs);
      } catch (const Error& e) {  // e.g. divergence of a too coarse step: report, go on
        std::printf("%-26s | failed: %s\n", name.c_str(), e.what());
        std::fflush(stdout);
        continue;
      }
      if (base_train == 0) base_train = o.train_s, base_acc = o.acc;
      accs.back().second.push_back(o.acc);
      // the epoch of 55,000 samples this rate gives, against the reference's 1,650 s
      const double epoch_s = o.train_s / epochs * 55000.0 / train.n;
      std::printf("%-26s | %8.1f %8.1f %8.1f | %7.2fx %7.1fx %6.1f | %7.2f%% %+9.2f\n",
                  name.c_str(), o.seconds, o.pretrain_s, o.train_s, base_train / o.train_s,
                  1650.0 / epoch_s, o.mean_steps, 100 * o.acc, 100 * (o.acc - base_acc));
      std::fflush(stdout);
      js << (first ? "" : ", ") << "\"" << name << "\": {\"train_s\": " << o.train_s
         << ", \"epoch_s\": " << epoch_s << ", \"acc\": " << o.acc
         << ", \"steps\": " << o.mean_steps << "}";
      first = false;
    }
  }
  if (seeds.size() > 1) {  // mean ± standard deviation over the seeds, Δ of the means
    std::printf("\n%-26s | %9s %7s | %9s\n", "variant (over seeds)", "mean acc", "sd pp",
                "delta pp");
    double base_mean = 0;
    for (size_t i = 0; i < accs.size(); ++i) {
      const auto& a = accs[i].second;
      if (a.empty()) continue;
      double m = 0, v = 0;
      for (double x : a) m += x / double(a.size());
      for (double x : a) v += (x - m) * (x - m) / std::max<double>(1, double(a.size()) - 1);
      if (i == 0) base_mean = m;
      std::printf("%-26s | %8.2f%% %7.2f | %+9.2f\n", accs[i].first.c_str(), 100 * m,
                  100 * std::sqrt(v), 100 * (m - base_mean));
    }
  }
  js << "}";
  std::printf("%s\n", js.str().c_str());
  return 0;
}

}  // namespace sdfc::bench
