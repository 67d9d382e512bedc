// sdfc_bench.cpp — the performance benchmark (docs/performance.md).
//
//   sdfc_bench            full run: GEMM ceiling, simulation throughput (float/double,
//                         B = 32/128/256), per-batch and per-epoch training times of the MNIST
//                         presets, peak memory, scaling with width/depth/batch/steps
//   sdfc_bench --quick    the headline numbers only (< 1 min): B = 32 and 128, the per-step
//                         profile, training rows, memory (also with MNIST loaded, in a fresh
//                         process); last line is a JSON object
//   sdfc_bench --tradeoff accuracy/speed of the cheaper solvers (trains on MNIST; minutes)
//   sdfc_bench --fidelity one forward step's update of the cheaper solvers against the
//                         faithful float64 one, same weights and batch (fidelity.cpp)
//
// The machine is shared and noisy, so every figure is printed next to a ratio measured in
// the same run (simulation GFLOP/s ÷ GEMM GFLOP/s of the same shapes and precision).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <map>
#include <string>
#include <vector>

#include "bench_util.h"
#include "sdfc/data.h"
#include "sdfc/dynamics.h"
#include "sdfc/eigen.h"
#include "sdfc/io/datasets.h"
#include "sdfc/network.h"
#include "sdfc/presets.h"
#include "sdfc/trainer.h"

namespace sdfc::bench {
namespace {

constexpr int kEpochSamples = 55000;
// The reference (PyTorch, best-tuned, these 2 cores, batch 128): seconds per mini-batch.
constexpr double kRefBatchDouble = 3.83, kRefBatchFloat = 1.88;
constexpr double kRefEpochDouble = 1650.0;  // ≈ 3.83 s × 430 batches

struct Opts {
  bool quick = false;
  int threads = 0;
  std::string data_dir;  // MNIST for the memory row (--data)
};

template <class S>
const char* prec() {
  return sizeof(S) == 8 ? "double" : "float";
}

// Synthetic MNIST-like batch: standardised pixels, random labels (timing only).
template <class S>
void synthetic_batch(int n0, int B, uint64_t seed, Mat<S>& X, std::vector<int>& labels) {
  Rng g(seed, 7);
  X.resize(n0, B);
  labels.resize(B);
  for (int j = 0; j < B; ++j) {
    for (int i = 0; i < n0; ++i) X(i, j) = S(g.uniform() < 0.8 ? -0.4242 : 2.8 * g.uniform());
    labels[j] = int(g.below(10));
  }
}

// --- GEMM ceiling ----------------------------------------------------------------------------
struct Ceiling {
  double dyn = 0;  // W r: 256×256 · 256×nc, on the simulator's threads
  double acc = 0;  // Σ s rᵀ: 256×nc · nc×256 accumulated (the per-step outer-product shape)
  double dyn_cpu = 0, acc_cpu = 0;  // the same per CPU-second × threads
  int threads = 1;
};

template <class S>
Ceiling measure_ceiling(int B, int width, double min_s) {
  const int chunks = Simulator<S>::chunks_for(B), nc = B / chunks;
  Ceiling c;
  c.threads = chunks;
  c.dyn = gemm_gflops<S>(&c.dyn_cpu, width, width, nc, false, false, chunks, min_s);
  c.acc = gemm_gflops<S>(&c.acc_cpu, width, nc, width, true, true, chunks, min_s);
  return c;
}

// --- simulation throughput -----------------------------------------------------------------------
struct SimRate {
  double seconds = 0, sample_steps_per_s = 0, gflops = 0;
  double cpu_seconds = 0;  // CPU time (all threads) of the best run
  int steps = 0;
};

template <class S>
SimRate measure_sim(const std::vector<int>& sizes, int B, SimParams p, int threads, int reps) {
  Rng rng(1, 0);
  Network<S> net = Network<S>::init(sizes, Activation::Tanh, rng);
  Mat<S> X;
  std::vector<int> labels;
  synthetic_batch<S>(sizes[0], B, 3, X, labels);
  Feedforward<S> ff;
  feedforward<S>(net, X, ff);
  const Mat<S> T = soft_targets<S>(labels.data(), B, sizes.back(), 0.99);
  Simulator<S> sim(threads);
  SimResult<S> res;
  // warm-up: allocates the workspace
  SimParams pw = p;
  pw.K = 3;
  sim.run(net, X, ff, T, pw, default_noise<S>(1, 0, B), res);
  SimRate r;
  r.seconds = 1e30;
  for (int i = 0; i < reps; ++i) {
    const double t0 = now_s(), c0 = cpu_s();
    sim.run(net, X, ff, T, p, default_noise<S>(1, uint64_t(i) + 1, B), res);
    const double dt = now_s() - t0;
    if (dt < r.seconds) r.seconds = dt, r.cpu_seconds = cpu_s() - c0;
  }
  r.steps = res.steps;
  r.sample_steps_per_s = double(B) * res.steps / r.seconds;
  r.gflops = 2.0 * macs_per_sample_step(sizes, p.forward_sums, p.forward_stride) *
             r.sample_steps_per_s * 1e-9;
  return r;
}

SimParams strong_forward_params() {
  return Trainer<double>(preset("mnist-strong-dfc")).forward_sim_params();
}

// --- training steps ----------------------------------------------------------------------------
struct StepTime {
  double forward_s = 0;      // one forward-epoch mini-batch (train_step)
  double forward_cpu_s = 0;  // its CPU time (all threads)
  double feedback_s = 0;     // one feedback mini-batch (two-phase epochs and pre-training)
  int B = 0, batches = 0;
  double epoch_s = 0;     // forward (+ feedback for two phase) epoch of 55,000 samples
  double pretrain_s = 0;  // one-time feedback pre-training (init_fb_epochs epochs)
  double rss_mb = 0;
};

template <class S>
StepTime measure_training(Config c, int reps, int threads) {
  Trainer<S> t(c, threads);
  const Config& cc = t.config();
  Mat<S> X;
  std::vector<int> labels;
  synthetic_batch<S>(cc.sizes[0], cc.batch_size, 5, X, labels);
  StepTime st;
  st.B = cc.batch_size;
  st.batches = (kEpochSamples + st.B - 1) / st.B;
  st.forward_s = 1e30;
  for (int i = 0; i < reps; ++i) {
    const double t0 = now_s(), c0 = cpu_s();
    t.train_step(X, labels.data());
    const double dt = now_s() - t0;
    if (dt < st.forward_s) st.forward_s = dt, st.forward_cpu_s = cpu_s() - c0;
  }
  st.rss_mb = peak_rss_mb();
  if (cc.method_def().learns_feedback) {
    st.feedback_s = 1e30;
    for (int i = 0; i < std::max(1, reps / 2); ++i) {
      const double t0 = now_s();
      t.feedback_step(X, labels.data(), false);
      st.feedback_s = std::min(st.feedback_s, now_s() - t0);
    }
    st.pretrain_s = cc.init_fb_epochs * st.batches * st.feedback_s;
  }
  const bool fb_epoch = cc.method_def().learns_feedback && !cc.single_phase;
  st.epoch_s =
      st.batches * (st.forward_s + (fb_epoch ? st.feedback_s : 0.0) +
                    (cc.method_def().learns_feedback ? cc.extra_fb_epochs * st.feedback_s : 0.0));
  return st;
}

// --- accuracy of the engine's double tanh (apply_phi) against std::tanh ------------------------
double tanh_max_rel_error() {
  std::vector<double> xs;
  for (double x = -40; x <= 40; x += 1e-4) xs.push_back(x);
  Rng g(11, 0);
  for (int i = 0; i < 400000; ++i)  // log-uniform magnitudes in [1e-8, 1], both signs
    xs.push_back((g.uniform() < 0.5 ? -1 : 1) * std::pow(10.0, -8.0 * g.uniform()));
  Mat<double> v = Eigen::Map<Mat<double>>(xs.data(), Eigen::Index(xs.size()), 1), r(v.rows(), 1);
  apply_phi<double>(Activation::Tanh, false, v, r);
  double worst = 0;
  for (Eigen::Index i = 0; i < v.rows(); ++i) {
    const double ref = std::tanh(v(i));
    const double e = ref == 0 ? std::abs(r(i)) : std::abs(r(i) - ref) / std::abs(ref);
    worst = std::max(worst, e);
  }
  return worst;
}

// --- output
// ------------------------------------------------------------------------------------------
void rule(const char* title) { std::printf("\n== %s ==\n", title); }

int run(const Opts& o) {
  const int hw = int(std::thread::hardware_concurrency());
  std::printf("sdfc_bench%s — Eigen %d.%d.%d, SIMD: %s, %d hardware threads\n",
              o.quick ? " --quick" : "", EIGEN_WORLD_VERSION, EIGEN_MAJOR_VERSION,
              EIGEN_MINOR_VERSION, Eigen::SimdInstructionSetsInUse(), hw);
  std::printf("(shared machine: absolute times are noisy; ratios are measured in the same run)\n");
  const std::vector<int> paper{784, 256, 256, 256, 10};
  const double gemm_s = o.quick ? 0.15 : 0.4;
  const SimParams sp = strong_forward_params();
  std::map<std::string, double> J;
  J["tanh_max_rel_err"] = tanh_max_rel_error();
  std::printf("double tanh (apply_phi) vs std::tanh: max relative error %.2e over %s\n",
              J["tanh_max_rel_err"], "[-40, 40] step 1e-4 + 4e5 log-uniform points");

  // 1 + 2: ceiling and simulation throughput, side by side per precision and batch
  rule("simulation throughput vs GEMM ceiling (784-256-256-256-10, mnist-strong-dfc dynamics)");
  std::printf("K = %d (%d Euler steps), low-pass noise, forward + feedback sums on.\n", sp.K,
              sp.K - 1);
  std::printf("work counted: 2 flops/MAC of W_l r (l = 2..L) + Q u + sum s r^T (l = 2..L)\n");
  std::printf(
      "ceiling: Eigen GEMM 256x256 * 256x(B/chunks) on the same threads (dyn), and the\n"
      "per-step outer product 256x(B/chunks) * (B/chunks)x256 accumulated (acc)\n\n");
  std::printf("cpu: the same ratio with both rates per CPU-second (robust to time-sharing)\n\n");
  std::printf("%-7s %4s | %12s %9s | %9s %9s | %9s %9s | %9s %9s\n", "prec", "B", "ksample-st/s",
              "GFLOP/s", "dyn GF/s", "acc GF/s", "sim/dyn", "sim/acc", "cpu s/dyn", "cpu s/acc");
  const std::vector<int> batches =
      o.quick ? std::vector<int>{32, 128} : std::vector<int>{32, 128, 256};
  auto sim_row = [&](auto tag, int B) {
    using S = decltype(tag);
    const Ceiling c = measure_ceiling<S>(B, 256, gemm_s);
    const SimRate r = measure_sim<S>(paper, B, sp, o.threads, o.quick ? 2 : 3);
    const double sim_cpu = r.gflops * r.seconds / (r.cpu_seconds / c.threads);
    std::printf("%-7s %4d | %12.1f %9.2f | %9.2f %9.2f | %8.0f%% %8.0f%% | %8.0f%% %8.0f%%\n",
                prec<S>(), B, r.sample_steps_per_s * 1e-3, r.gflops, c.dyn, c.acc,
                100 * r.gflops / c.dyn, 100 * r.gflops / c.acc, 100 * sim_cpu / c.dyn_cpu,
                100 * sim_cpu / c.acc_cpu);
    std::fflush(stdout);
    const std::string p = sizeof(S) == 8 ? "" : "_float";
    if (B == 32) {
      J["sim_gflops_b32" + p] = r.gflops;
      J["gemm_gflops_b32" + p] = c.dyn;
      J["sim_vs_gemm_b32" + p] = r.gflops / c.dyn;
      J["sim_vs_gemm_cpu_b32" + p] = sim_cpu / c.dyn_cpu;
    }
    if (B == 128) {
      J["sim_gflops" + p] = r.gflops;
      J["gemm_gflops" + p] = c.dyn;
      J["gemm_acc_gflops" + p] = c.acc;
      J["sim_vs_gemm" + p] = r.gflops / c.dyn;
      J["sim_vs_gemm_cpu" + p] = sim_cpu / c.dyn_cpu;
      J["sim_batch_s" + p] = r.seconds;
    }
  };
  for (int B : batches) {
    sim_row(double{}, B);
    sim_row(float{}, B);
  }

  // 2b: where a step's time goes (one thread, one chunk), and the bound it implies
  rule("where one Euler step's time goes (one thread, one chunk of nc columns, paper network)");
  std::printf(
      "parts timed alone: gemm = the step's products (W packed), noise = its N(0,1) draws,\n"
      "tanh = phi(v), phi(v_ff); rest = element-wise work and packing of the changing operands.\n"
      "bound: sim/ceiling if the rest cost nothing; gemm-only: if noise and tanh were free too.\n"
      "bytes: operands a step must stream (W packed; the sum s r^T accumulators, read + "
      "written;\n8 state arrays of n_l x nc) -- flop/byte = arithmetic intensity\n\n");
  std::printf(
      "%-7s %3s | %7s | %6s %4s | %6s %4s | %6s %4s | %6s %4s | %6s %7s %6s %6s | %6s %5s\n",
      "prec", "nc", "step us", "gemm", "%", "noise", "%", "tanh", "%", "rest", "%", "ceil",
      "sim/ceil", "bound", "gemm", "KB", "fl/B");
  auto prof_row = [&](auto tag, int nc) {
    using S = decltype(tag);
    const StepProfile q = step_profile<S>(nc);
    const double rest = std::max(0.0, q.step_s - q.gemm_s - q.noise_s - q.tanh_s);
    const double gf = q.flops / q.step_s * 1e-9, ceil = q.ceiling_gflops;
    const double bound = q.flops / (q.gemm_s + q.noise_s + q.tanh_s) * 1e-9 / ceil;
    const double gemm_only = q.flops / q.gemm_s * 1e-9 / ceil;
    // bytes: W_l (l ≥ 2) once, Σ s rᵀ accumulators twice, 8 state arrays of Σ n_l × nc
    const double w = 256.0 * 256 * 2 + 10.0 * 256, units = 256.0 * 3 + 10;
    const double bytes = sizeof(S) * (w + 2 * w + 8 * units * nc);
    auto pc = [&](double t) { return 100 * t / q.step_s; };
    std::printf(
        "%-7s %3d | %7.1f | %6.1f %3.0f%% | %6.1f %3.0f%% | %6.1f %3.0f%% | %6.1f %3.0f%% | %6.1f "
        "%6.0f%% %5.0f%% %5.0f%% | %6.0f %5.1f\n",
        prec<S>(), nc, 1e6 * q.step_s, 1e6 * q.gemm_s, pc(q.gemm_s), 1e6 * q.noise_s, pc(q.noise_s),
        1e6 * q.tanh_s, pc(q.tanh_s), 1e6 * rest, pc(rest), ceil, 100 * gf / ceil, 100 * bound,
        100 * gemm_only, bytes / 1024, q.flops / bytes);
    std::fflush(stdout);
    const std::string k =
        std::string("_nc") + std::to_string(nc) + (sizeof(S) == 8 ? "" : "_float");
    J["step_share_gemm" + k] = q.gemm_s / q.step_s;
    J["step_bound_vs_gemm" + k] = bound;
  };
  for (int nc : {16, 64}) {
    prof_row(double{}, nc);
    prof_row(float{}, nc);
  }

  // 3: training steps of the presets
  rule("training: time per mini-batch and extrapolated epoch (55,000 samples)");
  std::printf(
      "fwd/fb s/b: wall seconds per forward (train_step) / feedback mini-batch; epoch s:\n"
      "forward (+ feedback for two-phase) epoch of 55,000; cpu-est: the epoch from CPU time\n"
      "/ %d threads (what an idle machine would take); vs ref: 1650 s / epoch\n\n",
      std::min(hw, 2));
  std::printf("%-26s %-6s %4s | %8s %8s | %8s %8s %10s | %6s %6s %7s\n", "preset", "prec", "B",
              "fwd s/b", "fb s/b", "epoch s", "cpu-est", "pretrain s", "vs ref", "(cpu)", "GF/s");
  const int reps = o.quick ? 3 : 5;  // best of reps: the machine is shared
  auto train_row = [&](const std::string& name, bool dbl, const char* key, int coarse = 1,
                       int stride = 1, int batch = 0) {
    Config c = preset(name);
    c.double_precision = dbl;
    if (batch > 0) c.batch_size = batch;
    // the same-precision ceiling, measured right before the row (the machine's speed drifts)
    double ceiling = 0;
    if (name == "mnist-strong-dfc")
      ceiling = dbl ? measure_ceiling<double>(c.batch_size, 256, gemm_s).dyn
                    : measure_ceiling<float>(c.batch_size, 256, gemm_s).dyn;
    c.forward.coarse_steps = coarse, c.solver.forward_stride = stride;
    StepTime st = dbl ? measure_training<double>(c, reps, o.threads)
                      : measure_training<float>(c, reps, o.threads);
    std::string vs = "-", vs_cpu = "-";
    double gf = 0;
    const double cpu_epoch = st.epoch_s * (st.forward_cpu_s / std::min(hw, 2)) / st.forward_s;
    if (name == "mnist-strong-dfc") {
      char buf[32];
      if (batch == 0) {  // the reference's figure is at B = 128
        std::snprintf(buf, sizeof buf, "%.1fx", kRefEpochDouble / st.epoch_s);
        vs = buf;
        std::snprintf(buf, sizeof buf, "%.1fx", kRefEpochDouble / cpu_epoch);
        vs_cpu = buf;
      }
      const SimParams p = Trainer<double>(c).forward_sim_params();
      gf = 2.0 * macs_per_sample_step(c.sizes, true, p.forward_stride) * st.B * (p.K - 1) /
           st.forward_s * 1e-9;
    }
    std::string label = name;
    if (coarse > 1) label += " c" + std::to_string(coarse);
    if (stride > 1) label += " s" + std::to_string(stride);
    std::printf("%-26s %-6s %4d | %8.3f %8.3f | %8.1f %8.1f %10.1f | %6s %6s %7.2f\n",
                label.c_str(), dbl ? "double" : "float", st.B, st.forward_s, st.feedback_s,
                st.epoch_s, cpu_epoch, st.pretrain_s, vs.c_str(), vs_cpu.c_str(), gf);
    std::fflush(stdout);
    if (key) {
      J[std::string("batch_s_") + key] = st.forward_s;
      J[std::string("epoch_s_") + key] = st.epoch_s;
      J[std::string("epoch_s_cpu_est_") + key] = cpu_epoch;
      if (gf > 0) J[std::string("train_gflops_") + key] = gf;
      if (ceiling > 0) J[std::string("train_ceiling_gflops_") + key] = ceiling;
    }
    return st;
  };
  const StepTime sd = train_row("mnist-strong-dfc", true, "strong_double");
  J["peak_rss_mb_b128"] = sd.rss_mb;
  const StepTime sf = train_row("mnist-strong-dfc", false, "strong_float");
  // the cheaper solver that matched the faithful accuracy (docs/performance.md, trade-offs)
  const StepTime sc = train_row("mnist-strong-dfc", false, "strong_float_coarse5", 5);
  // the paper network's step at the DFC presets' batch size (both cores: 2 chunks of 16)
  train_row("mnist-strong-dfc", true, "strong_double_b32", 1, 1, 32);
  train_row("mnist-strong-dfc", false, "strong_float_b32", 1, 1, 32);
  train_row("mnist-bp", false, "bp");
  // single-phase DFC at batch 32: the spec's reading of DFC (noise) (mnist-dfc itself is now the
  // strong_double run with weak feedback, the same cost); the key stays "dfc" for comparisons
  train_row("mnist-dfc-spec", true, "dfc");
  train_row("mnist-dfc-nonoise", true, "dfc_nonoise");
  if (!o.quick) train_row("mnist-strong-dfc-nonoise", true, "strong_nonoise");

  J["speedup_vs_reference"] = kRefEpochDouble / sd.epoch_s;
  J["speedup_vs_reference_cpu_est"] = kRefEpochDouble / J["epoch_s_cpu_est_strong_double"];
  J["speedup_float_vs_reference_double_cpu_est"] =
      kRefEpochDouble / J["epoch_s_cpu_est_strong_float"];
  J["speedup_float_vs_reference_double"] = kRefEpochDouble / sf.epoch_s;
  J["speedup_float_coarse5_vs_reference"] = kRefEpochDouble / sc.epoch_s;
  J["speedup_float_vs_reference_float"] = kRefBatchFloat / sf.forward_s;
  J["speedup_double_vs_reference_batch"] = kRefBatchDouble / sd.forward_s;
  // simulation + update (train_step) against the ceiling measured just before each row
  J["train_vs_gemm"] = J["train_gflops_strong_double"] / J["train_ceiling_gflops_strong_double"];
  J["train_vs_gemm_float"] =
      J["train_gflops_strong_float"] / J["train_ceiling_gflops_strong_float"];
  J["train_vs_gemm_b32"] =
      J["train_gflops_strong_double_b32"] / J["train_ceiling_gflops_strong_double_b32"];
  J["train_vs_gemm_b32_float"] =
      J["train_gflops_strong_float_b32"] / J["train_ceiling_gflops_strong_float_b32"];
  std::printf(
      "\nreference (PyTorch, best-tuned, 2 cores, B = 128): %.2f s/batch double (%.0f s/epoch),"
      " %.2f s/batch float32\n",
      kRefBatchDouble, kRefEpochDouble, kRefBatchFloat);
  std::printf(
      "speed-up vs reference: double %.1fx per epoch; float %.1fx vs the double epoch, "
      "%.1fx vs float32 per batch; float + coarse_steps 5: %.1fx per epoch\n",
      J["speedup_vs_reference"], J["speedup_float_vs_reference_double"],
      J["speedup_float_vs_reference_float"], J["speedup_float_coarse5_vs_reference"]);
  std::printf(
      "simulation+update / GEMM ceiling: B = 128 double %.0f%%, float %.0f%%; B = 32 double "
      "%.0f%%, float %.0f%%\n",
      100 * J["train_vs_gemm"], 100 * J["train_vs_gemm_float"], 100 * J["train_vs_gemm_b32"],
      100 * J["train_vs_gemm_b32_float"]);

  // 4: memory
  rule("memory");
  std::printf("peak RSS after training the paper network at B = 128 (double): %.0f MB (%s 1 GB)\n",
              sd.rss_mb, sd.rss_mb <= 1024 ? "within" : "ABOVE");
  const std::string& data_dir = o.data_dir;
  const MnistMemory mm = mnist_training_memory(data_dir, o.threads);
  if (mm.peak_rss_mb > 0) {
    J["peak_rss_mb_mnist"] = mm.peak_rss_mb;
    std::printf(
        "peak RSS with MNIST loaded (fresh process: 60,000 + 10,000 images, 55,000/5,000 split,\n"
        "2 mini-batches of mnist-strong-dfc double B = 128, evaluation, checkpoint bytes):\n"
        "  %.0f MB (%s 128 MB); pixels held %.1f MB (1 byte each), checkpoint %.1f MB\n",
        mm.peak_rss_mb, mm.peak_rss_mb <= 128 ? "within" : "ABOVE", mm.data_mb, mm.checkpoint_mb);
  } else {
    std::printf("peak RSS with MNIST loaded: skipped (no MNIST in %s; ./sdfc setup fetches it)\n",
                data_dir.c_str());
  }

  // 5: scaling (full only)
  if (!o.quick) {
    rule("scaling (double, simulation only, K - 1 steps, time per run and per sample-step)");
    std::printf("cpu columns: CPU time / min(threads, 2) — the idle-machine estimate\n");
    std::printf("%-30s %4s %5s | %8s %8s %10s %9s\n", "network", "B", "K", "s/run", "cpu s",
                "cpu us/s-s", "cpu GF/s");
    auto scale_row = [&](const std::vector<int>& sizes, int B, int K) {
      SimParams p = sp;
      p.K = K;
      const SimRate r = measure_sim<double>(sizes, B, p, o.threads, 1);
      std::string name;
      for (size_t i = 0; i < sizes.size(); ++i) name += (i ? "-" : "") + std::to_string(sizes[i]);
      const int thr = std::min(B >= 64 ? 2 : 1, std::min(hw, 2));
      const double cpu = r.cpu_seconds / thr;
      std::printf("%-30s %4d %5d | %8.3f %8.3f %10.3f %9.2f\n", name.c_str(), B, K, r.seconds, cpu,
                  1e6 * cpu / (double(B) * r.steps), r.gflops * r.seconds / cpu);
      std::fflush(stdout);
    };
    std::printf("-- width (3 hidden layers, B = 128, K = 200)\n");
    for (int w : {64, 128, 256, 512, 1024}) scale_row({784, w, w, w, 10}, 128, 200);
    std::printf("-- depth (hidden width 256, B = 128, K = 200)\n");
    for (int d : {1, 2, 3, 4, 6}) {
      std::vector<int> s{784};
      for (int i = 0; i < d; ++i) s.push_back(256);
      s.push_back(10);
      scale_row(s, 128, 200);
    }
    std::printf("-- batch (784-256-256-256-10, K = 200)\n");
    for (int B : {16, 32, 64, 128, 256, 512}) scale_row(paper, B, 200);
    std::printf("-- simulation steps (784-256-256-256-10, B = 128)\n");
    for (int K : {50, 100, 250, 500, 1000}) scale_row(paper, 128, K);
  }

  // last line: JSON
  J["peak_rss_mb"] = peak_rss_mb();
  J["reference_epoch_s"] = kRefEpochDouble;
  std::string js = "{";
  bool first = true;
  for (const auto& [k, v] : J) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%s\"%s\": %.6g", first ? "" : ", ", k.c_str(), v);
    js += buf;
    first = false;
  }
  js += ", \"batch\": 128, \"precision\": \"double\", \"quick\": ";
  js += o.quick ? "true}" : "false}";
  std::printf("\n%s\n", js.c_str());
  return 0;
}

}  // namespace
}  // namespace sdfc::bench

int main(int argc, char** argv) {
  using namespace sdfc::bench;
  CLI::App app{
      "sdfc_bench — the performance benchmark and the solver studies (docs/performance.md)"};
  app.footer(
      "Without a study flag: the benchmark (GEMM ceiling, simulation throughput, training "
      "times, memory); exit 0 ok, 1 runtime error, 2 usage error.");
  Opts o;
  o.data_dir = sdfc::io::default_data_dir(SDFC_SOURCE_DIR);
  app.add_flag("--quick", o.quick, "the headline numbers only (< 1 min); last line is JSON");
  app.add_option("--threads", o.threads, "threads of the parallel rows (0 = all cores)")
      ->check(CLI::Range(0, 1024));
  app.add_option("--data", o.data_dir, "folder with mnist/ and fashion-mnist/")
      ->capture_default_str();
  std::vector<std::string> child;  // internal: the fresh process of mnist_memory.cpp
  app.add_option("--mnist-memory-child", child)->expected(2)->group("");
  TradeoffOpts tradeoff_opts;
  FidelityOpts fidelity_opts;
  CLI::Option* tradeoff = add_tradeoff_options(app, tradeoff_opts);
  CLI::Option* fidelity = add_fidelity_options(app, fidelity_opts);
  tradeoff->excludes(fidelity);
  for (CLI::Option* study : {tradeoff, fidelity}) study->excludes("--quick");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string msg = e.what();  // one line: CLI11's messages may span several
    std::replace(msg.begin(), msg.end(), '\n', ' ');
    std::fprintf(stderr, "sdfc_bench: %s (see sdfc_bench --help)\n", msg.c_str());
    return 2;
  }
  if (!child.empty()) return mnist_memory_child(child[0], std::atoi(child[1].c_str()));
  try {
    if (*tradeoff) return run_tradeoff(o.data_dir, tradeoff_opts);
    if (*fidelity) return run_fidelity(o.data_dir, fidelity_opts);
    return run(o);
  } catch (const std::exception& e) {  // sdfc::Error: a missing file, a bad preset, …
    std::fprintf(stderr, "sdfc_bench: %s\n", e.what());
    return *tradeoff || *fidelity ? 2 : 1;
  }
}
