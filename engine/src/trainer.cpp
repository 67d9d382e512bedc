// trainer.cpp — the training loop of the reference (utils/train_utils.py) over the
// engine's pieces: one simulation per mini-batch, forward and feedback updates,
// per-group clipping, Adam/SGD; epochs, evaluation, diagnostics, state.
//
// [SECTION] phase settings   [SECTION] steps   [SECTION] epochs
// [SECTION] evaluation and diagnostics   [SECTION] state
#include "sdfc/trainer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "methods/controller_rule.h"
#include "methods/method_unit.h"
#include "sdfc/backprop.h"
#include "sdfc/diagnostics.h"
#include "sdfc/learning.h"
#include "sdfc/method.h"

namespace sdfc {

void EpochStats::add(const BatchStats& s) {
  samples += s.B;
  batches += 1;
  loss_sum += s.loss * s.B;
  H_sum += s.H * s.B;
  converged_sum += s.converged * s.B;
  reached_sum += s.reached * s.B;
  correct += s.correct;
}

template <class S>
struct Trainer<S>::Impl {
  Config cfg;
  const MethodInfo* method;  // the registry entry of cfg.method
  Network<S> net;
  Simulator<S> sim;
  SimResult<S> res;
  Feedforward<S> ff;
  Grads<S> g;
  OptimizerState<S> opt_fw, opt_fb, opt_fb_init;
  Rng data_rng;
  uint64_t noise_counter = 0, steps = 0;
  int epochs_done = 0, pretrain_done = 0;
  int pass_in_epoch = 0, batch_in_pass = 0;  // position in the schedule (not in state(): both
                                             // are 0 between epochs, where checkpoints are made)
  NoiseFn<S> custom_noise;
  bool record = false, record_layers = false;
  Grads<S> g_raw;                        // last gradients before clipping
  std::vector<double> clip_fw, clip_fb;  // last per-group norms before clipping
  // backups so a diverging step leaves the state untouched
  Network<S> backup_net;
  OptimizerState<S> backup_opt;

  Impl(const Config& c, int threads) : cfg(c), method(&c.method_def()), sim(threads) {}

  // The start of every step: check X, feedforward pass, the batch's loss and accuracy.
  BatchStats begin_step(CMatRef<S> X, const int* labels, const char* who) {
    if (X.rows() != net.sizes[0])
      throw Error(std::string(who) + ": input has " + std::to_string(X.rows()) +
                  " rows, the network expects " + std::to_string(net.sizes[0]));
    ++steps;
    feedforward<S>(net, X, ff);
    const int B = int(X.cols());
    const Mat<S> T = soft_targets<S>(labels, B, net.n_out(), cfg.target_class_value);
    BatchStats st;
    st.B = B;
    st.loss = cross_entropy<S>(ff.logits(), T);
    st.correct = count_correct(ff.logits(), labels);
    return st;
  }

  // One controlled simulation of the batch (into res) with this step's noise stream.
  const SimResult<S>& simulate(CMatRef<S> X, const Mat<S>& target, SimParams p) {
    p.record = record, p.record_layers = record_layers;
    const int B = int(X.cols());
    const NoiseFn<S> noise =
        custom_noise ? custom_noise : default_noise<S>(cfg.random_seed, noise_counter, B);
    ++noise_counter;
    sim.run(net, X, ff, target, p, noise, res);
    return res;
  }
};

namespace {

template <class S>
void configure_optimizers(const Config& c, OptimizerState<S>& fw, OptimizerState<S>& fb,
                          OptimizerState<S>& fb_init) {
  auto set = [](OptimizerState<S>& o, const OptimizerSpec& spec, double lr) {
    o.kind = spec.kind, o.lr = lr, o.beta1 = spec.adam_beta1, o.beta2 = spec.adam_beta2;
    o.eps = spec.adam_epsilon, o.momentum = spec.momentum, o.weight_decay = spec.weight_decay;
  };
  set(fw, c.opt, c.opt.lr);
  set(fb, c.opt_fb, c.opt_fb.lr);
  set(fb_init, c.opt_fb, c.lr_fb_init);  // pre-training: Q's optimiser at its own rate
}

template <class S>
std::vector<Eigen::Map<Mat<S>>> forward_params(Network<S>& net) {
  std::vector<Eigen::Map<Mat<S>>> p;
  for (int l = 0; l < net.depth(); ++l) {
    p.emplace_back(net.W[l].data(), net.W[l].rows(), net.W[l].cols());
    p.emplace_back(net.b[l].data(), net.b[l].size(), 1);
  }
  return p;
}
template <class S>
std::vector<Eigen::Map<const Mat<S>>> forward_grads(const Grads<S>& g) {
  std::vector<Eigen::Map<const Mat<S>>> p;
  for (size_t l = 0; l < g.W.size(); ++l) {
    p.emplace_back(g.W[l].data(), g.W[l].rows(), g.W[l].cols());
    p.emplace_back(g.b[l].data(), g.b[l].size(), 1);
  }
  return p;
}
template <class S>
std::vector<Eigen::Map<Mat<S>>> feedback_params(Network<S>& net) {
  std::vector<Eigen::Map<Mat<S>>> p;
  for (auto& Q : net.Q) p.emplace_back(Q.data(), Q.rows(), Q.cols());
  return p;
}
template <class S>
std::vector<Eigen::Map<const Mat<S>>> feedback_grads_of(const Grads<S>& g) {
  std::vector<Eigen::Map<const Mat<S>>> p;
  for (auto& Q : g.Q) p.emplace_back(Q.data(), Q.rows(), Q.cols());
  return p;
}

// Name of the first tensor among W, b (and Q) with a NaN/Inf or an entry beyond
// `limit` in magnitude, or "" if all are fine. Parameters beyond 1e8 mean the run has
// blown up (an absurd learning rate moves Adam's weights by lr per step without ever
// producing a NaN), so they are treated like NaN.
template <class S>
std::string first_nonfinite(const std::vector<Mat<S>>* W, const std::vector<Vec<S>>* b,
                            const std::vector<Mat<S>>* Q, const char* prefix,
                            double limit = std::numeric_limits<double>::infinity()) {
  auto bad = [limit](const auto& m) {
    return !m.allFinite() || (m.size() && double(m.cwiseAbs().maxCoeff()) > limit);
  };
  for (size_t l = 0; W && l < W->size(); ++l)
    if (bad((*W)[l])) return std::string(prefix) + "W" + std::to_string(l + 1);
  for (size_t l = 0; b && l < b->size(); ++l)
    if (bad((*b)[l])) return std::string(prefix) + "b" + std::to_string(l + 1);
  for (size_t l = 0; Q && l < Q->size(); ++l)
    if (bad((*Q)[l])) return std::string(prefix) + "Q" + std::to_string(l + 1);
  return "";
}
constexpr double kMaxParam = 1e8;

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] construction and phase settings
//-----------------------------------------------------------------------------
template <class S>
Trainer<S>::Trainer(Config cfg, int threads) {
  cfg.resolve_and_validate();
  impl_ = std::make_unique<Impl>(cfg, threads);
  Rng init_rng(cfg.random_seed, 0);
  impl_->net = Network<S>::init(cfg.sizes, cfg.hidden_activation, init_rng);
  impl_->data_rng.seed(cfg.random_seed, 1);
  configure_optimizers(cfg, impl_->opt_fw, impl_->opt_fb, impl_->opt_fb_init);
}
template <class S>
Trainer<S>::~Trainer() = default;
template <class S>
Trainer<S>::Trainer(Trainer&&) noexcept = default;
template <class S>
Trainer<S>& Trainer<S>::operator=(Trainer&&) noexcept = default;

template <class S>
const Config& Trainer<S>::config() const {
  return impl_->cfg;
}
template <class S>
Network<S>& Trainer<S>::net() {
  return impl_->net;
}
template <class S>
const Network<S>& Trainer<S>::net() const {
  return impl_->net;
}
template <class S>
int Trainer<S>::epochs_done() const {
  return impl_->epochs_done;
}
template <class S>
bool Trainer<S>::pretraining_done() const {
  return !impl_->method->learns_feedback || impl_->pretrain_done >= impl_->cfg.init_fb_epochs;
}
template <class S>
void Trainer<S>::set_noise(NoiseFn<S> fn) {
  impl_->custom_noise = std::move(fn);
}
template <class S>
void Trainer<S>::set_recording(bool on, bool layers) {
  impl_->record = on;
  impl_->record_layers = on && layers;
}
template <class S>
const SimResult<S>& Trainer<S>::last_simulation() const {
  return impl_->res;
}
template <class S>
const Grads<S>& Trainer<S>::last_gradients() const {
  return impl_->g_raw;
}
template <class S>
const std::vector<double>& Trainer<S>::last_clip_norms(bool feedback) const {
  return feedback ? impl_->clip_fb : impl_->clip_fw;
}

template <class S>
void Trainer<S>::set_config(const Config& c_in) {
  Config c = c_in;
  c.resolve_and_validate();
  const Config& old = impl_->cfg;
  if (c.sizes != old.sizes || c.method != old.method ||
      c.hidden_activation != old.hidden_activation)
    throw Error(
        "set_config: the network size, activation and method cannot change without a reset");
  impl_->cfg = c;
  impl_->method = &impl_->cfg.method_def();
  // a changed phase setting may shorten the epoch's pass list: restart the epoch's passes
  if (impl_->pass_in_epoch >= int(epoch_passes(c).size())) impl_->pass_in_epoch = 0;
  configure_optimizers(c, impl_->opt_fw, impl_->opt_fb, impl_->opt_fb_init);
}

namespace {
// coarse_steps = c: the same horizon (K−1)·dt in (K−1)/c Euler steps of c·dt. An apical
// time constant below the coarse step is taken as instantaneous (as the faithful τ_a = dt).
void coarsen(SimParams& p, int c) {
  if (c <= 1) return;
  p.K = (p.K - 1) / c + 1;
  p.dt *= c;
  if (p.tau_a > 0 && p.tau_a < p.dt * (1 + 1e-12)) p.tau_a = -1;
}
}  // namespace

template <class S>
SimParams Trainer<S>::forward_sim_params() const {
  const Config& c = impl_->cfg;
  const Dynamics d = c.forward_dynamics();
  SimParams p;
  p.dt = d.dt_di, p.K = d.tmax_di, p.alpha = d.alpha_di, p.k_p = d.k_p;
  p.tau_v = d.time_constant_ratio;
  p.error = impl_->method->error;
  p.sigma_hidden = d.sigma, p.sigma_output = d.sigma_output, p.tau_noise = c.tau_noise;
  p.forward_sums = c.forward_mode == ForwardMode::Continuous;
  p.forward_stride = c.solver.forward_stride, p.early_stop_tol = c.solver.early_stop_tol;
  if (c.single_phase) {
    // single phase: instantaneous apical compartment, low-pass noise, and the feedback
    // rule's high-pass sums from the same simulation
    p.tau_a = -1;
    p.noise = NoiseKind::LowPass;
    p.feedback = FeedbackRule::HighPass;
    p.a_u = d.coarse_steps * d.dt_di / c.tau_f;  // dt/τ_f at the (coarse) step
  } else {
    p.tau_a = d.apical_time_constant;
    p.noise = c.noisy_dynamics ? NoiseKind::White : NoiseKind::None;
    p.feedback = FeedbackRule::None;
  }
  coarsen(p, d.coarse_steps);
  return p;
}

template <class S>
SimParams Trainer<S>::feedback_sim_params(bool pretraining) const {
  const Config& c = impl_->cfg;
  const Dynamics d = c.feedback_dynamics();
  SimParams p;
  p.dt = d.dt_di, p.K = d.tmax_di, p.alpha = d.alpha_di, p.k_p = d.k_p;
  p.tau_v = d.time_constant_ratio;
  // Quirk (reference P7): pre-training runs before the softmax error is switched on.
  p.error = (impl_->method->error == ErrorForm::Softmax && !pretraining) ? ErrorForm::Softmax
                                                                         : ErrorForm::Logit;
  p.sigma_hidden = d.sigma, p.sigma_output = d.sigma_output, p.tau_noise = c.tau_noise;
  if (c.single_phase) {
    p.tau_a = -1;
    p.noise = NoiseKind::LowPass;
    p.feedback = FeedbackRule::HighPass;
    // quirk (P9): the forward dt, even with dt_di_fb (× this simulation's coarse factor)
    p.a_u = d.coarse_steps * c.forward_dynamics().dt_di / c.tau_f;
  } else {
    p.tau_a = d.apical_time_constant;
    p.noise = NoiseKind::White;
    p.feedback = FeedbackRule::Raw;
  }
  coarsen(p, d.coarse_steps);
  return p;
}

template <class S>
Mat<S> Trainer<S>::output_target(const Feedforward<S>& ff, const int* labels) const {
  const Config& c = impl_->cfg;
  const int B = int(ff.logits().cols());
  Mat<S> t = soft_targets<S>(labels, B, impl_->net.n_out(), c.target_class_value);
  if (impl_->method->target == OutputTarget::SoftLabels) return t;
  // weak nudge: r* = r_ff − λ (softmax(r_ff) − t)   (per-sample CE gradient, reference P19)
  return ff.logits() - S(c.target_stepsize) * (softmax<S>(ff.logits()) - t);
}

//-----------------------------------------------------------------------------
// [SECTION] steps
//-----------------------------------------------------------------------------
template <class S>
BatchStats Trainer<S>::train_step(CMatRef<S> X, const int* labels) {
  Impl& m = *impl_;
  const Config& c = m.cfg;
  Network<S>& net = m.net;
  const int B = int(X.cols());
  BatchStats st = m.begin_step(X, labels, "train_step");
  if (!std::isfinite(st.loss))
    throw DivergenceError("diverged at step " + std::to_string(m.steps) +
                          ": the feedforward loss is " + std::to_string(st.loss) +
                          " (weights or inputs contain NaN/Inf)");

  // the method's gradients (and whether this step also learns Q)
  const Mat<S> T = soft_targets<S>(labels, B, net.n_out(), c.target_class_value);
  const Mat<S> target = m.method->uses_controller ? output_target(m.ff, labels) : T;
  const SimParams p = m.method->uses_controller ? forward_sim_params() : SimParams();
  StepContext<S> ctx{c,
                     net,
                     X,
                     labels,
                     m.ff,
                     T,
                     target,
                     p,
                     [&](const Mat<S>& t, const SimParams& sp) -> const SimResult<S>& {
                       return m.simulate(X, t, sp);
                     },
                     m.g,
                     st};
  const bool update_Q = method_grads<S>(*m.method, ctx);

  // NaN/Inf in a gradient: report it before anything changes.
  const std::string bad = first_nonfinite<S>(&m.g.W, &m.g.b, update_Q ? &m.g.Q : nullptr, "g");
  if (!bad.empty())
    throw DivergenceError("diverged at step " + std::to_string(m.steps) + ": gradient " + bad +
                          " contains NaN/Inf (state kept as before the step; try a smaller --lr "
                          "or --sigma)");

  m.g_raw = m.g;
  m.clip_fw = clip_forward<S>(m.g, c.clip_grad_norm);
  if (update_Q) m.clip_fb = clip_feedback<S>(m.g, c.clip_grad_norm);
  m.backup_net = net;
  m.backup_opt = m.opt_fw;
  OptimizerState<S> backup_fb = update_Q ? m.opt_fb : OptimizerState<S>();
  m.opt_fw.apply(forward_params(net), forward_grads(m.g));
  if (update_Q) m.opt_fb.apply(feedback_params(net), feedback_grads_of(m.g));
  const std::string badw = first_nonfinite<S>(&net.W, &net.b, &net.Q, "", kMaxParam);
  if (!badw.empty()) {
    net = m.backup_net;
    m.opt_fw = m.backup_opt;
    if (update_Q) m.opt_fb = backup_fb;
    throw DivergenceError("diverged at step " + std::to_string(m.steps) + ": " + badw +
                          " became NaN/Inf or exceeded 1e8 after the update (state restored to "
                          "before the step; try a smaller --lr)");
  }
  return st;
}

template <class S>
BatchStats Trainer<S>::feedback_step(CMatRef<S> X, const int* labels, bool pretraining) {
  Impl& m = *impl_;
  const Config& c = m.cfg;
  Network<S>& net = m.net;
  const int L = net.depth();
  if (!m.method->learns_feedback)
    throw Error(std::string("feedback_step: ") + m.method->display +
                " has no feedback weights to learn");
  BatchStats st = m.begin_step(X, labels, "feedback_step");

  // Target: single phase pre-training uses the training target; the two-phase feedback
  // phase uses the labels (strong) or the feedforward output itself (weak).
  Mat<S> target;
  if (c.single_phase || m.method->target == OutputTarget::SoftLabels)
    target = output_target(m.ff, labels);
  else
    target = m.ff.logits();
  const SimParams p = feedback_sim_params(pretraining);
  m.simulate(X, target, p);
  st.sim_steps = m.res.steps;
  st.H = double(m.res.H_per_sample(net).mean());
  // κ: single phase uses the forward τ_v for the layer scaling (quirk P9)
  const Dynamics fbd = c.feedback_dynamics();
  const double tau_v_scale =
      c.single_phase ? c.forward_dynamics().time_constant_ratio : fbd.time_constant_ratio;
  feedback_grads<S>(m.res, p.K,
                    feedback_kappa(L, fbd.sigma, fbd.sigma_output, c.scaling_fb_updates,
                                   tau_v_scale, c.tau_noise),
                    m.g);
  const std::string bad = first_nonfinite<S>(nullptr, nullptr, &m.g.Q, "g");
  if (!bad.empty())
    throw DivergenceError("diverged at step " + std::to_string(m.steps) + ": gradient " + bad +
                          " contains NaN/Inf in the feedback phase (try a smaller --sigma_fb)");
  m.g_raw.Q = m.g.Q;
  m.clip_fb = clip_feedback<S>(m.g, c.clip_grad_norm);
  OptimizerState<S>& opt = pretraining ? m.opt_fb_init : m.opt_fb;
  const std::vector<Mat<S>> Q_before = net.Q;
  const OptimizerState<S> opt_before = opt;
  opt.apply(feedback_params(net), feedback_grads_of(m.g));
  const std::string badq = first_nonfinite<S>(nullptr, nullptr, &net.Q, "", kMaxParam);
  if (!badq.empty()) {
    net.Q = Q_before;
    opt = opt_before;
    throw DivergenceError(
        "diverged at step " + std::to_string(m.steps) + ": " + badq +
        " became NaN/Inf or exceeded 1e8 (state restored; try a smaller --lr_fb)");
  }
  return st;
}

//-----------------------------------------------------------------------------
// [SECTION] epochs
//-----------------------------------------------------------------------------
namespace {
template <class S, class Step>
EpochStats run_pass(const Dataset& d, const Config& c, Rng& rng, const char* phase,
                    const ProgressFn& cb, Step step) {
  d.check();
  if (d.n == 0) throw Error(d.name + ": no training samples");
  std::vector<int> perm(d.n);
  std::iota(perm.begin(), perm.end(), 0);
  shuffle(perm.data(), perm.size(), rng);
  const int bs = c.batch_size, batches = (d.n + bs - 1) / bs;
  EpochStats stats;
  Mat<S> X;
  std::vector<int> labels(bs);
  for (int bi = 0; bi < batches; ++bi) {
    const int start = bi * bs, B = std::min(bs, d.n - start);  // the last partial batch is kept
    X.resize(d.dim, B);
    gather_batch<S>(d, perm.data() + start, B, c.input_norm, X, labels.data());
    const BatchStats s = step(X, labels.data());
    stats.add(s);
    if (cb) {
      Progress pr{phase, bi + 1, batches, stats.samples, &s, &stats};
      if (!cb(pr)) break;
    }
  }
  return stats;
}
}  // namespace

template <class S>
EpochStats Trainer<S>::pretrain_epoch(const Dataset& train, const ProgressFn& cb) {
  auto s = run_pass<S>(train, impl_->cfg, impl_->data_rng, "pretrain", cb,
                       [this](const Mat<S>& X, const int* y) { return feedback_step(X, y, true); });
  ++impl_->pretrain_done;
  return s;
}

template <class S>
EpochStats Trainer<S>::feedback_epoch(const Dataset& train, const ProgressFn& cb) {
  return run_pass<S>(train, impl_->cfg, impl_->data_rng, "feedback", cb,
                     [this](const Mat<S>& X, const int* y) { return feedback_step(X, y, false); });
}

template <class S>
EpochStats Trainer<S>::forward_epoch(const Dataset& train, const ProgressFn& cb) {
  return run_pass<S>(train, impl_->cfg, impl_->data_rng, "forward", cb,
                     [this](const Mat<S>& X, const int* y) { return train_step(X, y); });
}

namespace {
// The step of a pass on one batch.
template <class S>
BatchStats step_of(Trainer<S>& tr, Pass p, CMatRef<S> X, const int* labels) {
  if (p == Pass::Forward) return tr.train_step(X, labels);
  return tr.feedback_step(X, labels, p == Pass::Pretrain);
}
}  // namespace

template <class S>
SchedulePosition Trainer<S>::position() const {
  const Impl& m = *impl_;
  SchedulePosition p;
  p.pass = pretraining_done() ? epoch_passes(m.cfg)[size_t(m.pass_in_epoch)] : Pass::Pretrain;
  p.batch_in_pass = m.batch_in_pass;
  p.pretrain_done = m.pretrain_done;
  p.epochs_done = m.epochs_done;
  return p;
}

template <class S>
void Trainer<S>::skip_pretraining() {
  impl_->pretrain_done = std::max(impl_->pretrain_done, impl_->cfg.init_fb_epochs);
}

namespace {
// A pass ended: move the schedule on; true when it closed an epoch.
bool finish_pass(Pass p, const Config& c, int& pretrain_done, int& pass_in_epoch,
                 int& batch_in_pass, int& epochs_done) {
  batch_in_pass = 0;
  if (p == Pass::Pretrain) {
    ++pretrain_done;
    return false;
  }
  if (++pass_in_epoch < int(epoch_passes(c).size())) return false;
  pass_in_epoch = 0;
  ++epochs_done;
  return true;
}
}  // namespace

template <class S>
EpochStats Trainer<S>::run_epoch(const Dataset& train, const ProgressFn& cb) {
  Impl& m = *impl_;
  EpochStats forward;
  for (;;) {
    const Pass p = position().pass;
    const EpochStats s = run_pass<S>(
        train, m.cfg, m.data_rng, to_string(p), cb,
        [this, p](const Mat<S>& X, const int* y) { return step_of<S>(*this, p, X, y); });
    if (p == Pass::Forward) forward = s;
    if (finish_pass(p, m.cfg, m.pretrain_done, m.pass_in_epoch, m.batch_in_pass, m.epochs_done))
      return forward;
  }
}

template <class S>
ScheduledStep Trainer<S>::scheduled_step(CMatRef<S> X, const int* labels, int batches_per_pass) {
  Impl& m = *impl_;
  ScheduledStep r;
  r.pass = position().pass;
  r.stats = step_of<S>(*this, r.pass, X, labels);
  if (++m.batch_in_pass >= std::max(1, batches_per_pass)) {
    r.pass_done = true;
    r.epoch_done = finish_pass(r.pass, m.cfg, m.pretrain_done, m.pass_in_epoch, m.batch_in_pass,
                               m.epochs_done);
  }
  return r;
}

//-----------------------------------------------------------------------------
// [SECTION] evaluation and diagnostics
//-----------------------------------------------------------------------------
template <class S>
Mat<S> Trainer<S>::predict(CMatRef<S> X) const {
  Feedforward<S> ff;
  feedforward<S>(impl_->net, X, ff);
  return ff.logits();
}

template <class S>
EvalResult Trainer<S>::evaluate(const Dataset& d, int batch) const {
  d.check();
  const Config& c = impl_->cfg;
  const int nL = impl_->net.n_out();
  EvalResult r;
  r.n = d.n;
  r.confusion.assign(size_t(nL) * nL, 0);
  Mat<S> X;
  std::vector<int> idx, labels;
  double loss = 0;
  int correct = 0;
  Feedforward<S> ff;
  for (int start = 0; start < d.n; start += batch) {
    const int B = std::min(batch, d.n - start);
    idx.resize(B);
    labels.resize(B);
    std::iota(idx.begin(), idx.end(), start);
    X.resize(d.dim, B);
    gather_batch<S>(d, idx.data(), B, c.input_norm, X, labels.data());
    feedforward<S>(impl_->net, X, ff);
    const Mat<S> T = soft_targets<S>(labels.data(), B, nL, c.target_class_value);
    loss += cross_entropy<S>(ff.logits(), T) * B;
    for (int j = 0; j < B; ++j) {
      Eigen::Index arg;
      ff.logits().col(j).maxCoeff(&arg);
      correct += int(arg) == labels[j];
      if (labels[j] < nL) r.confusion[size_t(labels[j]) * nL + arg] += 1;
    }
  }
  r.loss = d.n ? loss / d.n : 0;
  r.acc = d.n ? double(correct) / d.n : 0;
  return r;
}

template <class S>
Diagnostics Trainer<S>::diagnose(CMatRef<S> X, const int* labels) const {
  const Config& c = impl_->cfg;
  const Network<S>& net = impl_->net;
  const int B = int(X.cols()), L = net.depth();
  Diagnostics d;
  Feedforward<S> ff;
  feedforward<S>(net, X, ff);
  const Mat<S> T = soft_targets<S>(labels, B, net.n_out(), c.target_class_value);
  Grads<S> gbp;
  backprop_grads<S>(net, X, ff, T, gbp);
  const MethodInfo& m = *impl_->method;
  if (!m.uses_controller) {
    // the update this method would make on this batch, against BP's (0° for BP itself)
    Grads<S> gupd;
    BatchStats st;
    const SimParams none;
    StepContext<S> ctx{c,
                       net,
                       X,
                       labels,
                       ff,
                       T,
                       T,
                       none,
                       [](const Mat<S>&, const SimParams&) -> const SimResult<S>& {
                         throw Error("diagnose: this method has no controller to simulate");
                       },
                       gupd,
                       st};
    method_grads<S>(m, ctx);
    for (int l = 0; l < L; ++l) d.angle_bp_deg.push_back(angle_deg(gupd, gbp, l));
    d.angle_bp_total_deg = angle_deg(gupd, gbp, -1);
    return d;
  }
  d.condition_ratio = condition_ratio<S>(net, ff.vff);
  // the update this method would make on this batch (noise from a fixed stream)
  const Mat<S> target = output_target(ff, labels);
  SimParams p = forward_sim_params();
  Simulator<S> sim(impl_->sim.threads());
  SimResult<S> res;
  sim.run(net, X, ff, target, p, default_noise<S>(c.random_seed, ~uint64_t(0) - 1, B), res);
  Grads<S> gupd;
  forward_rule_of_simulation<S>(c, net, X, res, p.K, gupd);
  Grads<double> gH;
  H_gradient<S>(net, X, res, m.error, c.forward_dynamics().alpha_di, gH);
  for (int l = 0; l < L; ++l) {
    d.angle_bp_deg.push_back(angle_deg(gupd, gbp, l));
    d.angle_H_deg.push_back(angle_deg(gupd, gH, l));
  }
  d.angle_bp_total_deg = angle_deg(gupd, gbp, -1);
  d.angle_H_total_deg = angle_deg(gupd, gH, -1);
  return d;
}

namespace {
// The forward phase's simulation for viewing: no learning sums, full horizon × time_factor.
SimParams view_params(SimParams p, const TraceOptions& o, bool record) {
  p.record = record;
  p.record_layers = record && o.layers;
  p.forward_sums = false;
  p.feedback = FeedbackRule::None;
  p.early_stop_tol = 0;
  if (o.time_factor > 1) p.K = (p.K - 1) * o.time_factor + 1;  // same dt, longer time
  if (!o.noise) p.noise = NoiseKind::None;
  return p;
}
}  // namespace

// The forward phase's simulation of a batch for viewing (trace, control_needed): r* from the
// labels, view_params, the noise stream of the options (or the injected noise, if asked).
template <class S>
SimResult<S> Trainer<S>::view_simulation(const char* who, CMatRef<S> X, const int* labels,
                                         const TraceOptions& o, bool record,
                                         bool injected_noise) const {
  const Network<S>& net = impl_->net;
  if (!impl_->method->uses_controller)
    throw Error(std::string(who) + ": " + impl_->method->display +
                " has no controller to simulate");
  Feedforward<S> ff;
  feedforward<S>(net, X, ff);
  const Mat<S> target = output_target(ff, labels);
  const SimParams p = view_params(forward_sim_params(), o, record);
  Simulator<S> sim(1);
  SimResult<S> res;
  const uint64_t seed = o.noise_seed == ~uint64_t(0) ? impl_->cfg.random_seed : o.noise_seed;
  const NoiseFn<S> noise = injected_noise && impl_->custom_noise
                               ? impl_->custom_noise
                               : default_noise<S>(seed, o.noise_stream, int(X.cols()));
  sim.run(net, X, ff, target, p, noise, res);
  return res;
}

template <class S>
SimResult<S> Trainer<S>::trace(CMatRef<S> X, const int* labels, const TraceOptions& o) const {
  return view_simulation("trace", X, labels, o, true, true);
}

template <class S>
Control<S> Trainer<S>::control_needed(CMatRef<S> X, const int* labels,
                                      const TraceOptions& o) const {
  const SimResult<S> res = view_simulation("control_needed", X, labels, o, false, false);
  // H_b = ||Q u_b(T)||² per sample
  return {res.H_per_sample(impl_->net), res.r.back()};
}

//-----------------------------------------------------------------------------
// [SECTION] state: weights, optimiser moments, RNG, counters
//-----------------------------------------------------------------------------
namespace {
template <class S, class M>
Tensor to_tensor(const std::string& name, const M& m, bool vector) {
  Tensor t;
  t.name = name;
  if (vector)
    t.shape = {int64_t(m.size())};
  else
    t.shape = {int64_t(m.rows()), int64_t(m.cols())};
  t.data.resize(size_t(m.size()));
  for (Eigen::Index i = 0, k = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j) t.data[k++] = double(m(i, j));  // row-major
  return t;
}
const Tensor& find(const std::vector<Tensor>& ts, const std::string& name) {
  for (auto& t : ts)
    if (t.name == name) return t;
  throw Error("missing tensor '" + name + "'");
}
bool has(const std::vector<Tensor>& ts, const std::string& name) {
  for (auto& t : ts)
    if (t.name == name) return true;
  return false;
}
template <class S, class M>
void from_tensor(const Tensor& t, M& m, Eigen::Index rows, Eigen::Index cols) {
  const bool ok = (t.shape.size() == 2 && t.shape[0] == rows && t.shape[1] == cols) ||
                  (cols == 1 && t.shape.size() == 1 && t.shape[0] == rows);
  if (!ok || t.data.size() != size_t(rows * cols)) {
    std::string s;
    for (auto d : t.shape) s += (s.empty() ? "" : "×") + std::to_string(d);
    throw Error("tensor '" + t.name + "' has shape " + s + ", expected " + std::to_string(rows) +
                (cols == 1 ? "" : "×" + std::to_string(cols)));
  }
  m.resize(rows, cols);
  for (Eigen::Index i = 0, k = 0; i < rows; ++i)
    for (Eigen::Index j = 0; j < cols; ++j) m(i, j) = S(t.data[k++]);
}
Tensor scalar(const std::string& name, double v) { return Tensor{name, {1}, {v}}; }

// An integer stored in a float64 tensor entry: finite, integral and in [0, max],
// else a clear error (a corrupt checkpoint must never reach an undefined conversion).
uint64_t checked_uint(const Tensor& t, size_t i, double max) {
  if (i >= t.data.size())
    throw Error("state: tensor '" + t.name + "' has " + std::to_string(t.data.size()) +
                " entries, expected at least " + std::to_string(i + 1));
  const double v = t.data[i];
  if (!std::isfinite(v) || v < 0 || v > max || v != std::floor(v))
    throw Error("state: tensor '" + t.name + "' entry " + std::to_string(i) +
                " is not an integer in [0, " + std::to_string(max) + "] (corrupt checkpoint?)");
  return uint64_t(v);
}
constexpr double kMaxWord = 4294967295.0;  // 2^32 − 1

template <class S>
void put_optimizer(std::vector<Tensor>& out, const std::string& prefix, const OptimizerState<S>& o,
                   const std::vector<std::string>& names) {
  out.push_back(scalar(prefix + ".step", double(o.step)));
  for (size_t i = 0; i < o.m.size() && i < names.size(); ++i) {
    out.push_back(to_tensor<S>(prefix + ".m." + names[i], o.m[i], false));
    if (i < o.v.size() && o.v[i].size())
      out.push_back(to_tensor<S>(prefix + ".v." + names[i], o.v[i], false));
  }
}
template <class S>
void get_optimizer(const std::vector<Tensor>& in, const std::string& prefix, OptimizerState<S>& o,
                   const std::vector<std::pair<std::string, std::pair<int, int>>>& names) {
  o.step = long(checked_uint(find(in, prefix + ".step"), 0, 9.0e15));
  o.m.clear();
  o.v.clear();
  if (o.step == 0) return;
  for (auto& [n, shape] : names) {
    Mat<S> mm, vv;
    from_tensor<S>(find(in, prefix + ".m." + n), mm, shape.first, shape.second);
    if (!mm.allFinite()) throw Error("tensor '" + prefix + ".m." + n + "' contains NaN/Inf");
    o.m.push_back(mm);
    if (o.kind == Optimizer::Adam && !has(in, prefix + ".v." + n))
      throw Error("missing tensor '" + prefix + ".v." + n + "' (Adam's second moment)");
    if (o.kind == Optimizer::Adam) {
      from_tensor<S>(find(in, prefix + ".v." + n), vv, shape.first, shape.second);
      if (!vv.allFinite() || (vv.array() < S(0)).any())
        throw Error("tensor '" + prefix + ".v." + n + "' contains NaN/Inf or negative values");
      o.v.push_back(vv);
    } else {
      o.v.push_back(Mat<S>());
    }
  }
}
}  // namespace

template <class S>
std::vector<Tensor> Trainer<S>::weights() const {
  const Network<S>& net = impl_->net;
  std::vector<Tensor> out;
  for (int l = 0; l < net.depth(); ++l)
    out.push_back(to_tensor<S>("W" + std::to_string(l + 1), net.W[l], false));
  for (int l = 0; l < net.depth(); ++l)
    out.push_back(to_tensor<S>("b" + std::to_string(l + 1), net.b[l], true));
  for (int l = 0; l < net.depth(); ++l)
    out.push_back(to_tensor<S>("Q" + std::to_string(l + 1), net.Q[l], false));
  return out;
}

template <class S>
void Trainer<S>::load_weights(const std::vector<Tensor>& t) {
  Network<S> net = impl_->net;
  const auto& sz = net.sizes;
  try {
    for (int l = 0; l < net.depth(); ++l) {
      const std::string i = std::to_string(l + 1);
      from_tensor<S>(find(t, "W" + i), net.W[l], sz[l + 1], sz[l]);
      from_tensor<S>(find(t, "b" + i), net.b[l], sz[l + 1], 1);
      if (has(t, "Q" + i)) from_tensor<S>(find(t, "Q" + i), net.Q[l], sz[l + 1], sz.back());
    }
  } catch (const Error& e) {
    std::string s;
    for (auto n : sz) s += (s.empty() ? "" : "-") + std::to_string(n);
    throw Error(std::string("weights: ") + e.what() + " (the network is " + s + ")");
  }
  const std::string bad = first_nonfinite<S>(&net.W, &net.b, &net.Q, "");
  if (!bad.empty()) throw Error("weights: " + bad + " contains NaN/Inf");
  impl_->net = std::move(net);
}

template <class S>
std::vector<Tensor> Trainer<S>::state() const {
  const Impl& m = *impl_;
  std::vector<Tensor> out = weights();
  std::vector<std::string> fw, fb;
  for (int l = 0; l < m.net.depth(); ++l) {
    fw.push_back("W" + std::to_string(l + 1));
    fw.push_back("b" + std::to_string(l + 1));
    fb.push_back("Q" + std::to_string(l + 1));
  }
  put_optimizer(out, "opt_fw", m.opt_fw, fw);
  put_optimizer(out, "opt_fb", m.opt_fb, fb);
  put_optimizer(out, "opt_fb_init", m.opt_fb_init, fb);
  // RNG: four 64-bit words as eight exact 32-bit halves
  Tensor rng{"rng.data", {8}, {}};
  for (auto w : m.data_rng.s) {
    rng.data.push_back(double(w >> 32));
    rng.data.push_back(double(w & 0xFFFFFFFFull));
  }
  out.push_back(rng);
  auto u64 = [](const std::string& n, uint64_t v) {
    return Tensor{n, {2}, {double(v >> 32), double(v & 0xFFFFFFFFull)}};
  };
  out.push_back(u64("counter.noise", m.noise_counter));
  out.push_back(u64("counter.steps", m.steps));
  out.push_back(scalar("counter.epochs", m.epochs_done));
  out.push_back(scalar("counter.pretrain_epochs", m.pretrain_done));
  return out;
}

template <class S>
void Trainer<S>::load_state(const std::vector<Tensor>& t) {
  // Parse everything into temporaries first: a bad file leaves the trainer untouched.
  Impl& m = *impl_;
  const auto& sz = m.net.sizes;
  std::vector<std::pair<std::string, std::pair<int, int>>> fw, fb;
  for (int l = 0; l < m.net.depth(); ++l) {
    const std::string i = std::to_string(l + 1);
    fw.push_back({"W" + i, {sz[l + 1], sz[l]}});
    fw.push_back({"b" + i, {sz[l + 1], 1}});
    fb.push_back({"Q" + i, {sz[l + 1], sz.back()}});
  }
  OptimizerState<S> opt_fw = m.opt_fw, opt_fb = m.opt_fb, opt_fb_init = m.opt_fb_init;
  try {
    get_optimizer(t, "opt_fw", opt_fw, fw);
    get_optimizer(t, "opt_fb", opt_fb, fb);
    get_optimizer(t, "opt_fb_init", opt_fb_init, fb);
  } catch (const Error& e) {
    throw Error(std::string("state: ") + e.what());
  }
  const Tensor& rng = find(t, "rng.data");
  if (rng.data.size() != 8) throw Error("state: rng.data must have 8 entries");
  Rng data_rng;
  for (int i = 0; i < 4; ++i)
    data_rng.s[i] =
        (checked_uint(rng, 2 * i, kMaxWord) << 32) | checked_uint(rng, 2 * i + 1, kMaxWord);
  if ((data_rng.s[0] | data_rng.s[1] | data_rng.s[2] | data_rng.s[3]) == 0)
    throw Error("state: rng.data is all zero (corrupt checkpoint?)");
  auto u64 = [&](const std::string& n) {
    const Tensor& x = find(t, n);
    if (x.data.size() != 2) throw Error("state: " + n + " must have 2 entries");
    return (checked_uint(x, 0, kMaxWord) << 32) | checked_uint(x, 1, kMaxWord);
  };
  const uint64_t noise_counter = u64("counter.noise"), steps = u64("counter.steps");
  const int epochs = int(checked_uint(find(t, "counter.epochs"), 0, 1e9));
  const int pretrain = int(checked_uint(find(t, "counter.pretrain_epochs"), 0, 1e9));
  load_weights(t);  // validates shapes and finiteness; commits the network
  m.opt_fw = std::move(opt_fw);
  m.opt_fb = std::move(opt_fb);
  m.opt_fb_init = std::move(opt_fb_init);
  m.data_rng = data_rng;
  m.noise_counter = noise_counter;
  m.steps = steps;
  m.epochs_done = epochs;
  m.pretrain_done = pretrain;
  m.pass_in_epoch = 0, m.batch_in_pass = 0;
}

template class Trainer<float>;
template class Trainer<double>;

}  // namespace sdfc
