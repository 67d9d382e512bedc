// dynamics.h — the controlled network dynamics (spec §2; reference §3), simulated
// for a whole mini-batch at once, with the learning rules' running sums streamed
// alongside so no trajectory has to be stored.
//
// One Euler step k → k+1 (k = 0 … K−2), all samples in parallel (columns):
//   e[k]        = r* − g(r_L[k])                    g = softmax (strong) or identity (weak)
//   u_int[k+1]  = u_int[k] + dt·(e[k] − α·u[k])     (leak on the *total* u)
//   u[k+1]      = u_int[k+1] + k_p·e[k]             (proactive: used at step k+1)
//   for i = 1..L (bottom-up, same step: inst_transmission)
//     v_ff_i    = W_i r_{i−1}[k+1] + b_i
//     v_fb_i    = Q_i u[k+1]              (apical instantaneous)    or
//                 v_fb_i + dt/τ_a (Q_i u[k+1] − v_fb_i)   (apical filtered, two-phase)
//     v_fb_i   += σ_i · noise_i            (noise, if on)
//     v_i[k+1]  = v_i[k] + dt/τ_v · (v_ff_i + v_fb_i − v_i[k])
//     r_i[k+1]  = φ_i(v_i[k+1])
// Initial state: v = v_ff = feedforward pass, u = u_int = v_fb = noise = 0.
#pragma once
#include <functional>
#include <vector>

#include "sdfc/network.h"
#include "sdfc/noise.h"  // NoiseFn, default_noise

namespace sdfc {

enum class ErrorForm { Logit, Softmax };  // e = r* − r_L  |  e = r* − softmax(r_L)
enum class NoiseKind { None, LowPass, White };
enum class FeedbackRule { None, HighPass, Raw };

// The constants of one simulation (forward phase, feedback phase or pre-training).
struct SimParams {
  double dt = 0.001;
  int K = 500;  // stored time points; K − 1 Euler steps
  double alpha = 0.0, k_p = 0.0;
  double tau_v = 0.01;  // soma time constant (time_constant_ratio)
  double tau_a = -1;    // apical time constant; ≤ 0 or == dt → instantaneous
  ErrorForm error = ErrorForm::Softmax;

  // Noise on the apical compartment.
  //   LowPass (single phase):  n ← (a_n/√dt)·ξ + (1 − a_n)·n,  a_n = dt/τ_noise;  v_fb += σ·n
  //   White   (two-phase fb):  v_fb += σ·(√dt/τ_a)·ξ
  NoiseKind noise = NoiseKind::None;
  double sigma_hidden = 0.0, sigma_output = 0.0, tau_noise = 1.0;

  // Running sums for the learning rules.
  bool forward_sums = false;                   // Σ_k s_i[k] r_{i−1}[k]ᵀ and Σ_k s_i[k]
  FeedbackRule feedback = FeedbackRule::None;  // Σ_j v_fb_i[j] h[j]ᵀ (h = high-pass or raw u[j+1])
  double a_u = 0.002;                          // high-pass filter constant dt_di / τ_f

  // Cheaper solvers (off = faithful).
  int forward_stride = 1;       // add every `stride`-th step to the forward sums (scaled by stride)
  double early_stop_tol = 0.0;  // stop when max |u[k+1] − u[k]| < tol · dt (0 = never)

  // Trajectory recording for front ends and tests (off by default, cheap when off).
  bool record = false;         // u, r_L, e and ||Q u||² per step
  bool record_layers = false;  // also v_i and v_fb_i per step (tests)
};

// Per-step records (only when SimParams::record).
template <class S>
struct Recording {
  std::vector<Mat<S>> u, rL, e;             // [k] : n_L × B, k = 0 … K−1
  std::vector<Vec<S>> Qu2;                  // [k] : ||Q u[k]||² per sample (B)
  std::vector<std::vector<Mat<S>>> v, vfb;  // [k][l] : n_l × B (record_layers)
};

template <class S>
struct SimResult {
  int B = 0, steps = 0;  // steps = K − 1 unless stopped early
  // Last stored point (k = K−1, or the early-stop point).
  std::vector<Mat<S>> v, vff, vfb, r;  // [l] : n_l × B
  Mat<S> u;                            // n_L × B
  // Running sums (unscaled), when requested.
  std::vector<Mat<S>> sum_s_r;    // [l] : n_l × n_{l−1}   Σ_k Σ_b s_l r_{l−1}ᵀ
  std::vector<Vec<S>> sum_s;      // [l] : n_l             Σ_k Σ_b s_l
  std::vector<Mat<S>> sum_vfb_h;  // [l] : n_l × n_L       Σ_j Σ_b v_fb_l[j] h[j]ᵀ
  Recording<S> rec;

  // ||Q u_ss||² per sample (the amount of control H of spec §2), B entries.
  Vec<S> H_per_sample(const Network<S>& net) const;
};

// A reusable simulator: allocates every buffer once for (sizes, B) and then runs
// any number of simulations without heap allocation in the time loop. The batch
// is cut into column chunks (chunks_for: a function of B only), run as tasks of the process's
// persistent thread pool on min(threads, chunks) threads; results are bit-identical for every
// thread count.
template <class S>
class Simulator {
 public:
  // threads: 0 = all cores (std::thread::hardware_concurrency()), N = at most N threads
  // (1 in WebAssembly).
  explicit Simulator(int threads = 0);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  // X: n_0 × B inputs; target: n_L × B output target r*; ff: the feedforward pass of X.
  // noise: draws for the noisy simulations (default_noise(...) or injected).
  void run(const Network<S>& net, CMatRef<S> X, const Feedforward<S>& ff, CMatRef<S> target,
           const SimParams& p, const NoiseFn<S>& noise, SimResult<S>& out);

  int threads() const;  // the thread count as resolved (0 → the number of cores)

  // The number of column chunks a batch of B is cut into (a function of B only: 1 below
  // B = 32, else 2). Each chunk is one task for the thread pool.
  static int chunks_for(int B);

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace sdfc
