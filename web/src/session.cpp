// session.cpp — training runs, the mini-batch stream and the speed limit (see session.h).
// Every training call into the engine made by the demo lives here.
#include "session.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "run_config.h"

namespace demo {

double clock_s() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

namespace {

bool weights_finite(const Trainer& tr) {
  const auto& net = tr.net();
  for (size_t l = 0; l < net.W.size(); ++l)
    if (!net.W[l].allFinite() || !net.b[l].allFinite() || !net.Q[l].allFinite()) return false;
  return true;
}

}  // namespace

struct Session::Run {
  RunView v;
  std::unique_ptr<Trainer> tr;
  sdfc::EpochStats window;  // batches since the last curve point
};

Session::Session() : s_(default_settings()) {}
Session::~Session() = default;

void Session::load(const std::vector<uint8_t>& asset, const std::vector<uint8_t>& weights_npz) {
  data_.load(asset, weights_npz);
}

void Session::command(uint32_t seq, const std::string& verb, const std::string& query) {
  cmd_seq_ = seq;
  changed_ = true;
  Settings ns = default_settings();
  std::vector<std::string> warnings;  // the UI has already reported bad values
  apply_query(ns, query, warnings);
  const std::string old_algo = s_.algo;
  s_ = ns;
  if (!data_.fatal.empty()) return;
  if (verb == "rebuild" || runs_.empty()) {
    rebuild();
    playing_ = s_.autoplay;
  } else if (verb == "algo") {
    s_.algo = old_algo;
    switch_algorithm(ns.algo);
  } else if (verb == "hyper") {
    apply_hyperparameters();
  } else if (verb == "play") {
    playing_ = !diverged();
  } else if (verb == "pause") {
    playing_ = false;
  } else if (verb == "step") {
    playing_ = false;
    if (!diverged()) {
      std::vector<int> idx;
      next_batch(idx);
      train_batch(idx);
    }
  } else if (verb == "poison") {
    runs_[size_t(main_run_)]->tr->net().W[0](0, 0) = NAN;
  } else {
    last_error_ = "unknown command '" + verb + "' for the training session";
  }
}

int Session::batches_per_pass() const {
  const int B = std::max(1, s_.batch);
  return std::max(1, (data_.train.n + B - 1) / B);
}

void Session::update_q_only_left(Run& r) const {
  const sdfc::SchedulePosition p = r.tr->position();
  r.v.pretrain_left = p.pass == sdfc::Pass::Forward ? 0 : batches_per_pass() - p.batch_in_pass;
}

bool Session::diverged() const {
  for (const auto& r : runs_)
    if (!r->v.failure.empty()) return true;
  return false;
}

void Session::rebuild() {
  last_error_.clear();
  data_.resample(input_side(s_));
  runs_.clear();
  events_.clear();
  std::vector<std::string> algos;  // comparison: every method of the registry
  if (s_.compare)
    for (const sdfc::MethodInfo* m : sdfc::methods()) algos.push_back(m->name);
  else
    algos.push_back(s_.algo);
  const std::vector<int> sizes = net_sizes(s_);
  try {
    for (const std::string& a : algos) {
      auto r = std::make_unique<Run>();
      r->v.algo = a;
      r->v.name = sdfc::method_info(a).display;
      r->tr = std::make_unique<Trainer>(make_config(s_, a));
      const bool trained = s_.start == "trained" && data_.pretrained_fits(sizes);
      if (trained) {
        r->tr->load_weights(data_.pretrained);
        r->tr->skip_pretraining();
      }
      update_q_only_left(*r);
      runs_.push_back(std::move(r));
    }
  } catch (const std::exception& e) {
    last_error_ = e.what();
    runs_.clear();
    return;
  }
  main_run_ = 0;
  if (s_.compare)
    for (size_t i = 0; i < runs_.size(); ++i)
      if (runs_[i]->v.algo == s_.algo) main_run_ = int(i);
  // The stream restarts from the seed: the same settings replay the same run.
  sdfc::Rng rng(s_.seed, 7);
  order_.resize(size_t(data_.train.n));
  std::iota(order_.begin(), order_.end(), 0);
  sdfc::shuffle(order_.data(), order_.size(), rng);
  cursor_ = 0;
  epoch_ = 0;
  batches_ = 0;
  credit_ = 0;
  last_batch_first_ = order_.empty() ? 0 : order_[0];
  for (auto& r : runs_) add_curve_point(*r);
  const auto& W1 = runs_[size_t(main_run_)]->tr->net().W[0];
  W1_start_.assign(W1.data(), W1.data() + W1.size());
  ++generation_;
  ++weights_version_;
}

void Session::switch_algorithm(const std::string& algo) {
  if (algo == s_.algo) return;
  s_.algo = algo;
  if (s_.compare) {
    for (size_t i = 0; i < runs_.size(); ++i)
      if (runs_[i]->v.algo == algo) main_run_ = int(i);
    ++weights_version_;
    return;
  }
  Run& r = *runs_[0];
  try {
    auto w = r.tr->weights();
    auto tr = std::make_unique<Trainer>(make_config(s_, algo));
    tr->load_weights(w);
    tr->skip_pretraining();  // the weights carry on: no new pre-training
    r.tr = std::move(tr);
    r.v.algo = algo;
    r.v.name = sdfc::method_info(algo).display;
    update_q_only_left(r);
    r.window = {};
    events_.push_back({float(r.v.samples), std::string("→ ") + r.v.name});
    last_error_.clear();
  } catch (const std::exception& e) {
    last_error_ = e.what();
  }
  ++weights_version_;
}

void Session::apply_hyperparameters() {
  last_error_.clear();
  for (auto& rp : runs_) {
    Run& r = *rp;
    try {
      sdfc::Config c = make_config(s_, r.v.algo);
      try {
        r.tr->set_config(c);
      } catch (const sdfc::Error&) {
        // Structural change (e.g. single ↔ two phase): new trainer, same weights.
        auto w = r.tr->weights();
        auto tr = std::make_unique<Trainer>(c);
        tr->load_weights(w);
        tr->skip_pretraining();
        r.tr = std::move(tr);
      }
      update_q_only_left(r);
    } catch (const std::exception& e) {
      last_error_ = e.what();
    }
  }
  ++weights_version_;
}

void Session::next_batch(std::vector<int>& idx) {
  int B = std::max(1, s_.batch);
  idx.resize(size_t(B));
  for (int i = 0; i < B; ++i) {
    if (cursor_ >= order_.size()) {  // new epoch: reshuffle
      cursor_ = 0;
      ++epoch_;
      sdfc::Rng rng(s_.seed + uint64_t(epoch_) * 7919u, 7);
      sdfc::shuffle(order_.data(), order_.size(), rng);
    }
    idx[size_t(i)] = order_[cursor_++];
  }
}

void Session::train_batch(const std::vector<int>& idx) {
  const int B = int(idx.size());
  sdfc::Mat<float> X(data_.train.dim, B);
  std::vector<int> labels(static_cast<size_t>(B));
  ++batches_;
  for (auto& rp : runs_) {
    Run& r = *rp;
    if (!r.v.failure.empty()) continue;
    const sdfc::Config& c = r.tr->config();
    sdfc::gather_batch<float>(data_.train, idx.data(), B, c.input_norm, X, labels.data());
    try {
      // the engine's schedule (pre-training, feedback passes, forward passes) on the shared
      // mini-batches; a pass is one sweep over the demo's training set
      const sdfc::ScheduledStep step = r.tr->scheduled_step(X, labels.data(), batches_per_pass());
      update_q_only_left(r);
      if (step.pass != sdfc::Pass::Forward) continue;  // a Q-only pass: no forward sample
      const sdfc::BatchStats& st = step.stats;
      r.window.add(st);
      r.v.samples += B;
      r.v.last_H = st.H;
      r.v.last_loss = st.loss;
      if (!std::isfinite(st.loss) || !std::isfinite(st.H) ||
          (batches_ % 16 == 0 && !weights_finite(*r.tr))) {
        char b[200];
        std::snprintf(
            b, sizeof b,
            "%s diverged after %.0f samples: the loss or the weights are no longer finite "
            "numbers (learning rate %.3g too high?).",
            r.v.name.c_str(), r.v.samples, double(c.opt.lr));
        r.v.failure = b;
        playing_ = false;
      }
    } catch (const std::exception& e) {
      r.v.failure = e.what();
      playing_ = false;
    }
    if (r.v.failure.empty() && r.v.samples >= double(r.v.xs.size()) * curve_every_)
      add_curve_point(r);
  }
  rate_samples_ += B;
  ++weights_version_;
  trained_ = true;
  last_batch_first_ = idx.empty() ? 0 : idx[0];
}

void Session::add_curve_point(Run& r) {
  try {
    r.v.eval = r.tr->evaluate(data_.test, 500);
  } catch (const std::exception& e) {
    r.v.failure = e.what();
    return;
  }
  const bool bp = !r.tr->config().method_def().uses_controller;  // no H
  r.v.xs.push_back(float(r.v.samples));
  r.v.loss.push_back(float(r.window.samples ? r.window.loss() : r.v.eval.loss));
  r.v.train_acc.push_back(r.window.samples ? float(r.window.acc()) : NAN);
  r.v.test_acc.push_back(float(r.v.eval.acc));
  r.v.H.push_back(!bp && r.window.samples ? float(r.window.H()) : NAN);
  r.window = {};
  if (!std::isfinite(r.v.eval.loss) || !weights_finite(*r.tr)) {
    r.v.failure =
        r.v.name +
        " diverged: the test loss is not a finite number. Reset, or lower the learning rate.";
    playing_ = false;
  }
}

double Session::work(double budget_ms) {
  const double now = clock_s();
  const double dt = last_work_ < 0 ? 0.0 : std::clamp(now - last_work_, 0.0, 0.25);
  last_work_ = now;
  double wait_ms = 50;
  if (playing_ && !diverged() && !runs_.empty()) {
    const int B = std::max(1, s_.batch);
    // Speed limit: credit grows at `speed` samples/s (at most 0.1 s ahead); 0 = no limit.
    credit_ = s_.speed <= 0 ? 1e18 : std::min(credit_ + s_.speed * dt, double(B) + s_.speed * 0.1);
    const double t0 = clock_s();
    while (credit_ >= B && playing_ && !diverged()) {
      std::vector<int> idx;
      next_batch(idx);
      train_batch(idx);
      credit_ -= B;
      if ((clock_s() - t0) * 1e3 >= budget_ms) break;
    }
    busy_ms_ += (clock_s() - t0) * 1e3;
    if (s_.speed <= 0) {
      credit_ = 0;
      wait_ms = 0;
    } else {
      wait_ms = credit_ >= B ? 0 : std::clamp((B - credit_) / s_.speed * 1e3, 1.0, 50.0);
    }
  }
  if (now - rate_t0_ >= 0.5) {
    rate_sps_ = rate_samples_ / std::max(1e-3, now - rate_t0_);
    busy_ = busy_ms_ * 1e-3 / std::max(1e-3, now - rate_t0_);
    rate_t0_ = now;
    rate_samples_ = 0;
    busy_ms_ = 0;
  }
  return wait_ms;
}

bool Session::snapshot_due(double period_s) const {
  // Trained since the last one: every period while playing, at once when it stopped.
  return changed_ || (trained_ && (!playing_ || clock_s() - last_snapshot_ >= period_s));
}

Snapshot Session::snapshot() {
  changed_ = false;
  trained_ = false;
  last_snapshot_ = clock_s();
  Snapshot s;
  s.cmd_seq = cmd_seq_;
  s.generation = generation_;
  s.weights_version = weights_version_;
  s.playing = playing_;
  s.batches = batches_;
  s.epoch = epoch_;
  s.main_run = main_run_;
  s.last_batch_first = last_batch_first_;
  s.rate_sps = playing_ ? rate_sps_ : 0.0;
  s.busy = busy_;
  s.last_error = data_.fatal.empty() ? last_error_ : data_.fatal;
  s.events = events_;
  for (const auto& r : runs_) s.runs.push_back(r->v);
  if (!runs_.empty()) s.weights = runs_[size_t(main_run_)]->tr->weights();
  if (sent_generation_ != generation_) {  // the UI keeps W1_start until the next rebuild
    s.W1_start = W1_start_;
    sent_generation_ = generation_;
  }
  return s;
}

double Session::test_acc() const {
  if (runs_.empty() || runs_[size_t(main_run_)]->v.test_acc.empty()) return 0;
  return runs_[size_t(main_run_)]->v.test_acc.back();
}

double Session::samples() const { return runs_.empty() ? 0 : runs_[size_t(main_run_)]->v.samples; }

}  // namespace demo
