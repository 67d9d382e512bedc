// bench_util.h — small helpers shared by the benchmark's parts: a wall clock, peak
// memory, flop counts of the simulation, and a GEMM throughput probe (the local ceiling).
#pragma once
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "sdfc/dynamics.h"
#include "sdfc/types.h"

namespace sdfc::bench {

inline double now_s() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

// CPU time (user + system) of this process so far, all threads, in seconds.
inline double cpu_s() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         1e-6 * double(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

// Peak resident set size of this process so far, in MB (getrusage ru_maxrss is in KB on Linux).
inline double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_maxrss) / 1024.0;
}

// Multiply-adds per sample per Euler step that the issue counts as "simulation work":
// layers 2..L forward GEMMs (W_l r_{l−1}), Q u for every layer, and — when the forward
// sums are on — the accumulations Σ s_l r_{l−1}ᵀ of layers 2..L (every `stride`-th step).
inline double macs_per_sample_step(const std::vector<int>& sizes, bool forward_sums, int stride) {
  const int L = int(sizes.size()) - 1, nL = sizes.back();
  double w = 0, q = 0;
  for (int l = 2; l <= L; ++l) w += double(sizes[l]) * sizes[l - 1];
  for (int l = 1; l <= L; ++l) q += double(sizes[l]) * nL;
  return w + q + (forward_sums ? w / stride : 0.0);
}

// Achieved GEMM throughput (GFLOP/s) of C (m×n) [+]= A (m×k) · op(B), run concurrently on
// `threads` threads, each with its own operands (as the Simulator's column chunks are).
// transB: B is n×k and used transposed (the outer-product accumulation s rᵀ).
// Best of `trials` trials of at least `min_s` seconds each. Also returns (cpu_gflops) the
// rate per CPU-second × threads: insensitive to other processes time-sharing the cores.
template <class S>
double gemm_gflops(double* cpu_gflops, int m, int k, int n, bool accumulate, bool transB,
                   int threads, double min_s, int trials = 3) {
  struct Ops {
    Mat<S> A, B, C;
  };
  std::vector<Ops> ops(threads);
  for (auto& o : ops) {
    o.A = Mat<S>::Random(m, k);
    o.B = transB ? Mat<S>(Mat<S>::Random(n, k)) : Mat<S>(Mat<S>::Random(k, n));
    o.C = Mat<S>::Zero(m, n);
  }
  auto kernel = [&](Ops& o) {
    if (transB) {
      if (accumulate)
        o.C.noalias() += o.A * o.B.transpose();
      else
        o.C.noalias() = o.A * o.B.transpose();
    } else {
      if (accumulate)
        o.C.noalias() += o.A * o.B;
      else
        o.C.noalias() = o.A * o.B;
    }
  };
  const double flops1 = 2.0 * m * k * n;
  // calibrate the repetition count on one thread
  int reps = 1;
  for (;;) {
    const double t0 = now_s();
    for (int r = 0; r < reps; ++r) kernel(ops[0]);
    const double dt = now_s() - t0;
    if (dt > min_s / 4 || reps > (1 << 24)) {
      reps = std::max(1, int(reps * (min_s / std::max(dt, 1e-9))));
      break;
    }
    reps *= 2;
  }
  double best = 0, best_cpu = 0;
  for (int t = 0; t < trials; ++t) {
    const double t0 = now_s(), c0 = cpu_s();
    std::vector<std::thread> pool;
    for (int i = 1; i < threads; ++i)
      pool.emplace_back([&, i] {
        for (int r = 0; r < reps; ++r) kernel(ops[i]);
      });
    for (int r = 0; r < reps; ++r) kernel(ops[0]);
    for (auto& th : pool) th.join();
    const double dt = now_s() - t0, dc = cpu_s() - c0;
    best = std::max(best, flops1 * reps * threads / dt * 1e-9);
    best_cpu = std::max(best_cpu, flops1 * reps * threads / (dc / threads) * 1e-9);
  }
  if (cpu_gflops) *cpu_gflops = best_cpu;
  return best;
}

// Peak RSS of a child process that loads MNIST and trains the paper network (mnist_memory.cpp);
// peak_rss_mb < 0 when MNIST is not in data_dir (or the child failed).
struct MnistMemory {
  double peak_rss_mb = -1;    // ru_maxrss / 1024
  double data_mb = -1;        // the pixel bytes held (train + test images)
  double checkpoint_mb = -1;  // the epoch checkpoint's npz bytes
};
MnistMemory mnist_training_memory(const std::string& data_dir, int threads);
int mnist_memory_child(const std::string& data_dir, int threads);  // the child's side

// One Euler step of one chunk (nc columns, one thread), its parts timed alone
// (step_profile.cpp). Seconds per step; flops = the counted work of the step.
struct StepProfile {
  int nc = 0;
  double step_s = 0, gemm_s = 0, noise_s = 0, tanh_s = 0, flops = 0, ceiling_gflops = 0;
};
template <class S>
StepProfile step_profile(int nc);

// The studies beside the benchmark, one file each: add_*_options puts the study's mode flag
// (--tradeoff, --fidelity) and its options on sdfc_bench's command line (CLI11; the options
// need the flag) and returns the flag; run_* runs the study from the parsed options, with the
// MNIST / Fashion-MNIST folder of the common --data option.

// A study's command line: its mode flag, and a group of options that each need the flag.
struct StudyCli {
  CLI::Option* flag;
  CLI::Option_group* group;
  template <class T>
  CLI::Option* option(const std::string& name, T& value, const std::string& help) {
    return group->add_option(name, value, help)->capture_default_str()->needs(flag);
  }
};
inline StudyCli add_study(CLI::App& app, const std::string& flag, const std::string& help) {
  return {app.add_flag(flag, help), app.add_option_group(flag, "options of " + flag)};
}

// A seed: a decimal integer from 0 to 2^64 − 1 (CLI11 alone would wrap "-1" around).
inline const CLI::Validator kSeed(
    [](std::string& s) -> std::string {
      if (!s.empty() && s.size() <= 20 && s.find_first_not_of("0123456789") == std::string::npos)
        return "";
      return "a seed is an integer from 0 to 2^64 - 1, got '" + s + "'";
    },
    "SEED");

// tradeoff.cpp: trains mnist-strong-dfc variants on an MNIST subset.
struct TradeoffOpts {
  int n_train = 5000, epochs = 2;
  double early_tol = 0.5;
  std::vector<std::string> only;  // variant names (empty: all)
  std::vector<uint64_t> seeds;    // every variant once per seed (empty: each its own)
};
CLI::Option* add_tradeoff_options(CLI::App& app, TradeoffOpts& o);
int run_tradeoff(const std::string& data_dir, const TradeoffOpts& o);

// fidelity.cpp: one forward step of the cheaper solvers against the faithful float64 one.
struct FidelityOpts {
  std::string preset = "mnist-dfc-nonoise", weights;  // weights: "" = the seed's initial ones
  int batches = 8;
  uint64_t seed = 1;
};
CLI::Option* add_fidelity_options(CLI::App& app, FidelityOpts& o);
int run_fidelity(const std::string& data_dir, const FidelityOpts& o);

}  // namespace sdfc::bench
