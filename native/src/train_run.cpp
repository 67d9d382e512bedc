// train_run.cpp — the training loop around sdfc::Trainer (see train_run.h).
//
// Per epoch: trainer.run_epoch (pre-training first, on the first call) with a progress
// callback that polls SIGINT/SIGTERM and checks each batch loss → evaluate val and test →
// diagnose one validation batch → append the metrics row (fsynced) → write checkpoint.npz
// atomically. A kill at any moment leaves the last complete epoch's checkpoint; --resume
// cuts the metrics back to it and continues bit-identically.
#include "train_run.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <numeric>
#include <sstream>

#include "build_info.h"
#include "checkpoint.h"
#include "config_fields.h"
#include "exit_codes.h"
#include "metrics.h"
#include "progress.h"
#include "run_dir.h"
#include "run_summary.h"
#include "sdfc/io/atomic_file.h"
#include "sdfc/io/datasets.h"
#include "sdfc/io/npy.h"
#include "sdfc/trainer.h"
#include "signals.h"

namespace sdfc::cli {
namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

std::string hex64(uint64_t v) {
  char b[20];
  std::snprintf(b, sizeof b, "%016llx", static_cast<unsigned long long>(v));
  return b;
}

struct Data {
  Dataset train, val, test;
  json files = json::array();
};

// The files io::load_dataset reads (same search order), with their CRC-32, for run.json.
json dataset_files(const std::string& dir, const std::string& dataset) {
  json files = json::array();
  for (const char* base : {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                           "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
    for (const std::string& d : {join_path(dir, dataset), dir}) {
      std::string p = join_path(d, base), found;
      if (io::file_exists(p))
        found = p;
      else if (io::file_exists(p + ".gz"))
        found = p + ".gz";
      if (!found.empty()) {
        files.push_back({{"path", found}, {"crc32", io::crc32_hex(io::crc32_file(found))}});
        break;
      }
    }
  }
  return files;
}

// Loaded sets are kept for the process's lifetime: `reproduce` trains many runs in one
// process and should read and fingerprint each dataset once.
const Dataset& cached_dataset(const std::string& dir, const std::string& dataset,
                              const std::string& split) {
  static std::map<std::string, Dataset> cache;
  const std::string key = dir + "\n" + dataset + "\n" + split;
  auto it = cache.find(key);
  if (it == cache.end()) it = cache.emplace(key, io::load_dataset(dir, dataset, split)).first;
  return it->second;
}

const json& cached_files(const std::string& dir, const std::string& dataset) {
  static std::map<std::string, json> cache;
  const std::string key = dir + "\n" + dataset;
  auto it = cache.find(key);
  if (it == cache.end()) it = cache.emplace(key, dataset_files(dir, dataset)).first;
  return it->second;
}

}  // namespace

int training_images(const TrainPlan& p) {
  const Dataset& all = cached_dataset(p.data_dir, p.dataset, "train");
  int n = std::max(0, all.n - p.val_size);
  return p.train_subset > 0 ? std::min(n, p.train_subset) : n;
}

namespace {

Data load_data(const TrainPlan& p) {
  Data d;
  const Dataset& all = cached_dataset(p.data_dir, p.dataset, "train");
  if (all.n <= p.val_size)
    throw UsageError(all.name + ": only " + std::to_string(all.n) +
                     " training images, not more than the validation hold-out of " +
                     std::to_string(p.val_size) +
                     ": pass a smaller --val-size N (e.g. --val-size " +
                     std::to_string(all.n / 10) + ") or --no_val_set");
  if (p.val_size > 0) {
    split_train_val(all, p.val_size, p.split_seed, d.train, d.val);
  } else {  // --no_val_set / --val-size 0: every training image trains (reference)
    d.train = all;
    d.val = all.head(0);
  }
  if (p.train_subset > 0 && p.train_subset < d.train.n) d.train = d.train.head(p.train_subset);
  d.test = cached_dataset(p.data_dir, p.dataset, "test");
  if (p.test_subset > 0 && p.test_subset < d.test.n) d.test = d.test.head(p.test_subset);
  if (d.train.dim != p.cfg.sizes.front())
    throw Error(d.train.name + ": images have " + std::to_string(d.train.dim) +
                " pixels but the network's input layer has " + std::to_string(p.cfg.sizes.front()) +
                " units");
  d.files = cached_files(p.data_dir, p.dataset);
  return d;
}

json make_run_json(const TrainPlan& p, const Data& d) {
  return {
      {"format", "sdfc-run/1"},
      {"created", iso_now()},
      {"argv", p.argv},
      {"command", p.command},
      {"preset", p.preset},
      {"runner", p.runner},
      {"method", p.cfg.method_label()},
      {"dataset", p.dataset},
      {"seed", p.cfg.random_seed},
      {"epochs", p.cfg.epochs},
      {"options",
       {{"preset", p.preset},
        {"runner", p.runner},
        {"dataset", p.dataset},
        {"train_subset", p.train_subset},
        {"test_subset", p.test_subset},
        {"val_size", p.val_size},
        {"split_seed", p.split_seed},
        {"precision", p.use_double ? "float64" : "float32"},
        {"threads", p.threads},
        {"init_weights", p.init_weights},
        {"data_dir", p.data_dir},
        {"max_loss", p.max_loss},
        {"diag_batch", p.diag_batch}}},
      {"config", config_to_json(p.cfg)},
      {"identity", p.identity()},
      {"identity_hash", hex64(p.identity_hash())},
      {"data",
       {{"dir", p.data_dir},
        {"files", d.files},
        {"n_train", d.train.n},
        {"n_val", d.val.n},
        {"n_test", d.test.n}}},
      {"build", build_info()},
      {"notes", p.notes},
      {"resumes", json::array()},
      // feedback pre-training before epoch 1: its passes' time (train_with adds each pass)
      {"pretrain_s", 0.0},
      {"pretrain_passes_timed", 0},
  };
}

template <class S>
std::string nonfinite_tensor(const Network<S>& net) {
  for (int l = 0; l < net.depth(); ++l) {
    if (!net.W[l].allFinite()) return "W" + std::to_string(l + 1);
    if (!net.b[l].allFinite()) return "b" + std::to_string(l + 1);
    if (l < int(net.Q.size()) && !net.Q[l].allFinite()) return "Q" + std::to_string(l + 1);
  }
  return "";
}

template <class S>
TrainOutcome train_with(const TrainPlan& p) {
  const Config& cfg = p.cfg;
  OutputMode mode = detect_output_mode(p.quiet);
  if (p.plain_progress && mode == OutputMode::Tty) mode = OutputMode::Plain;
  ProgressBar bar(mode);
  auto say = [&](const std::string& s) { bar.print_line(p.log_prefix + s); };

  // --- run dir: refuse to overwrite, before anything is created ------------------------------
  const std::string dir = p.out_dir;
  const std::string ckpt_path = join_path(dir, "checkpoint.npz");
  const std::string run_json_path = join_path(dir, "run.json");
  if (!p.resume && !dir_is_empty(dir))
    throw UsageError("run dir " + dir +
                     " exists and is not empty: add --resume to continue it, or choose another "
                     "--out (nothing was changed)");
  const bool have_ckpt = p.resume && io::file_exists(ckpt_path);
  Checkpoint ck;
  if (have_ckpt) {
    ck = load_checkpoint(ckpt_path);  // CRC / format errors → "corrupt"
    if (ck.identity != p.identity_hash()) {
      std::string diff = "the configuration or data selection differs";
      if (io::file_exists(run_json_path)) {
        json rj = read_json_file(run_json_path);
        if (rj.contains("identity")) {
          const std::string d = identity_diff(p.identity(), rj["identity"]);
          if (!d.empty()) diff = d;
        }
      }
      throw UsageError("cannot resume " + dir + ": " + diff +
                       " — resume with the run's original flags (only --epochs may change)");
    }
  }

  Data data = load_data(p);
  ensure_writable_dir(dir);
  const RunDirLock lock(dir);  // until the run ends: no second process trains this dir

  // --- trainer and starting state --------------------------------------------------------------
  Trainer<S> trainer(cfg, p.threads);
  if (!p.init_weights.empty()) trainer.load_weights(read_weights_file(p.init_weights));
  int start_epoch = 0;
  if (have_ckpt) {
    trainer.load_state(ck.state);
    start_epoch = ck.epoch;
  }
  MetricsWriter metrics(dir);
  metrics.reset_to(start_epoch);
  double wall_base = metrics.wall_s_at(start_epoch);

  json rj;
  if (have_ckpt && io::file_exists(run_json_path)) {
    rj = read_json_file(run_json_path);
    rj["resumes"].push_back({{"at", iso_now()}, {"from_epoch", start_epoch}, {"argv", p.argv}});
    rj["epochs"] = cfg.epochs;
    rj["config"]["epochs"] = cfg.epochs;
  } else {
    rj = make_run_json(p, data);
  }
  write_json_atomic(run_json_path, rj);
  // A finished run continued with a larger --epochs: its summary.json described the earlier
  // end; without it the run counts as unfinished (reproduce --resume, queue --collect) until
  // the new end writes a new one.
  if (start_epoch < cfg.epochs) {
    std::error_code ec;
    std::filesystem::remove(join_path(dir, "summary.json"), ec);
  }

  // --- banner ------------------------------------------------------------------------------------
  if (bar.mode() != OutputMode::Quiet) {
    std::ostringstream b;
    b << p.log_prefix << "sdfc_train: " << (p.preset.empty() ? "runner " + p.runner : p.preset)
      << " — " << cfg.method_label() << " on " << p.dataset << ": " << data.train.n << " train / "
      << data.val.n << " val / " << data.test.n << " test, "
      << (p.use_double ? "float64" : "float32") << ", seed " << cfg.random_seed << ", "
      << cfg.epochs << " epochs\n";
    b << p.log_prefix << "  run dir " << dir
      << (have_ckpt ? "  (resuming after epoch " + std::to_string(start_epoch) + ")" : "") << "\n";
    b << p.log_prefix << "  " << build_summary() << "\n";
    if (!p.plain_progress)  // with several runs at once: the configuration is in run.json
      b << p.log_prefix << "  effective configuration:\n" << config_listing(cfg);
    for (const auto& n : p.notes) b << p.log_prefix << "  note: " << n << "\n";
    std::fprintf(stderr, "%s", b.str().c_str());
  }

  // --- feedback pre-training: a checkpoint after every pass (the DFC presets' 20 passes take
  // hours; a stopped session keeps the passes it finished) ----------------------------------------
  while (start_epoch < cfg.epochs && !trainer.pretraining_done()) {
    const auto t_pass = Clock::now();
    bool cut = false;
    ProgressFn pcb = [&](const Progress&) {
      cut = cut || stop_requested();
      return !cut;
    };
    try {
      trainer.pretrain_epoch(data.train, pcb);
    } catch (const DivergenceError& e) {
      throw DivergedError(std::string("diverged in feedback pre-training: ") + e.what() +
                          "; try a smaller --lr_fb_init");
    }
    if (cut) {
      const int sig = stop_requested();
      throw InterruptedError(
          "interrupted during feedback pre-training: the finished passes are saved; continue "
          "with --resume --out " +
              dir,
          sig == 15 ? kExitTerminated : kExitInterrupted);
    }
    save_checkpoint(ckpt_path, trainer.state(), start_epoch, p.identity_hash());
    // the pass's time in run.json: metrics.csv's wall_s counts from epoch 1 on
    const double pass_s = seconds_since(t_pass);
    rj["pretrain_s"] = rj.value("pretrain_s", 0.0) + pass_s;
    rj["pretrain_passes_timed"] = rj.value("pretrain_passes_timed", 0) + 1;
    write_json_atomic(run_json_path, rj);
    say("feedback pre-training pass " + std::to_string(trainer.position().pretrain_done) + "/" +
        std::to_string(cfg.init_fb_epochs) + ": " + fmt("%.1f s", pass_s) +
        " (checkpoint written)");
  }

  // --- epochs ------------------------------------------------------------------------------------
  TrainOutcome out;
  out.epochs_done = start_epoch;
  const bool is_bp = !cfg.method_def().uses_controller;
  for (int epoch = start_epoch + 1; epoch <= cfg.epochs; ++epoch) {
    const auto t_epoch = Clock::now();
    auto t_phase = t_epoch;
    std::string phase;
    int pass = 0, pretrain_pass = 0, last_batch = 0;
    double forward_time = 0;
    bool stopped = false;
    std::string diverged;
    const std::string epoch_label =
        "epoch " + std::to_string(epoch) + "/" + std::to_string(cfg.epochs);

    ProgressFn cb = [&](const Progress& pr) {
      if (pr.batch == 1) {  // a new pass over the data
        phase = pr.phase;
        ++pass;
        if (phase == "pretrain") ++pretrain_pass;
      }
      last_batch = pr.batch;
      const double el = seconds_since(t_phase);
      const double loss = pr.last->loss;
      if (!std::isfinite(loss) || !std::isfinite(pr.last->H))
        diverged = std::string("loss contains ") + (std::isnan(loss) ? "NaN" : "Inf");
      else if (loss > p.max_loss)
        diverged = "loss " + fmt("%.3g", loss) + " exceeds --max-loss " + fmt("%g", p.max_loss);
      std::string desc = phase == "pretrain" ? "pretrain " + std::to_string(pretrain_pass) + "/" +
                                                   std::to_string(cfg.init_fb_epochs)
                                             : epoch_label + " " + phase;
      std::string post = "loss=" + fmt("%.3f", pr.running->loss()) +
                         ", acc=" + fmt("%.1f%%", 100 * pr.running->acc());
      if (!is_bp) post += ", H=" + fmt("%.4g", pr.running->H());
      const bool final = pr.batch == pr.batches;
      bar.update(p.log_prefix + desc, pr.samples_done, data.train.n, el, post, final);
      if (final) {
        if (phase == "forward") forward_time = el;
        if (bar.mode() == OutputMode::Tty)
          bar.end_line();
        else if (phase != "forward")
          say(desc + ": " + fmt("%.1f s", el) + ", loss " + fmt("%.4f", pr.running->loss()));
        t_phase = Clock::now();
      }
      if (stop_requested()) stopped = true;
      return !(stopped || !diverged.empty());
    };

    EpochStats st;
    try {
      st = trainer.run_epoch(data.train, cb);
    } catch (const DivergenceError& e) {
      diverged = e.what();
      ++last_batch;
    }
    bar.clear();
    const std::string keep = have_ckpt || epoch > 1
                                 ? " — last good checkpoint kept in " + ckpt_path
                                 : " — no checkpoint was written (it diverged in the first epoch)";
    if (!diverged.empty())
      throw DivergedError("diverged at epoch " + std::to_string(epoch) + " batch " +
                          std::to_string(last_batch) + " (" + (phase.empty() ? "?" : phase) +
                          "): " + diverged + keep + "; try a smaller --lr");
    if (stopped && (phase != "forward" || st.samples < data.train.n || pass == 0)) {
      int sig = stop_requested();
      throw InterruptedError(
          "interrupted during epoch " + std::to_string(epoch) +
              ": nothing of this epoch was saved; continue with --resume --out " + dir,
          sig == 15 ? kExitTerminated : kExitInterrupted);
    }
    if (std::string bad = nonfinite_tensor(trainer.net()); !bad.empty())
      throw DivergedError("diverged at epoch " + std::to_string(epoch) + " batch " +
                          std::to_string(last_batch) + ": " + bad + " contains NaN/Inf" + keep +
                          "; try a smaller --lr");

    // --- evaluation and diagnostics ---
    EpochRow row;
    row.epoch = epoch;
    row.train_loss = st.loss();
    row.train_acc = st.acc();
    row.H = is_bp ? NAN : st.H();
    row.converged = is_bp ? NAN : st.converged();
    if (data.val.n > 0) {  // without a validation set the columns stay empty
      EvalResult ev = trainer.evaluate(data.val);
      row.val_loss = ev.loss, row.val_acc = ev.acc;
    }
    EvalResult et = trainer.evaluate(data.test);
    row.test_loss = et.loss, row.test_acc = et.acc;
    if (!is_bp && p.diag_batch > 0) {
      const Dataset& dset = data.val.n > 0 ? data.val : data.test;
      int B = std::min(p.diag_batch, dset.n);
      std::vector<int> idx(B), labels(B);
      std::iota(idx.begin(), idx.end(), 0);
      Mat<S> X(dset.dim, B);
      gather_batch<S>(dset, idx.data(), B, cfg.input_norm, X, labels.data());
      Diagnostics dg = trainer.diagnose(X, labels.data());
      row.condition_ratio = dg.condition_ratio;
      row.angle_bp_deg = dg.angle_bp_total_deg;
      row.extra["angle_bp_deg_layers"] = dg.angle_bp_deg;
      row.extra["angle_H_deg_layers"] = dg.angle_H_deg;
      row.extra["angle_H_deg"] = dg.angle_H_total_deg;
    }
    const double epoch_s = seconds_since(t_epoch);
    row.wall_s = wall_base + epoch_s;
    wall_base = row.wall_s;
    row.samples_per_s = forward_time > 0 ? st.samples / forward_time : NAN;
    row.extra["epoch_s"] = epoch_s;
    row.extra["train_samples"] = st.samples;

    // --- persist: metrics first, then the checkpoint (see metrics.h) ---
    metrics.append(row);
    save_checkpoint(ckpt_path, trainer.state(), epoch, p.identity_hash());

    std::string line = epoch_label + "  train loss " + fmt("%.4f", row.train_loss) + " acc " +
                       fmt("%.2f%%", 100 * row.train_acc) + "  val acc " +
                       fmt("%.2f%%", 100 * row.val_acc) + "  test acc " +
                       fmt("%.2f%%", 100 * row.test_acc);
    if (!is_bp) line += "  H " + fmt("%.4g", row.H);
    if (std::isfinite(row.condition_ratio))
      line +=
          "  cond " + fmt("%.3f", row.condition_ratio) + "  ∠BP " + fmt("%.1f°", row.angle_bp_deg);
    line += "  " + fmt("%.1f s", epoch_s) + " (" + fmt("%.0f samples/s", row.samples_per_s) + ")";
    say(line);
    out.epochs_done = epoch;

    if (stopped) {  // the signal came after the last batch: the epoch is complete and saved
      int sig = stop_requested();
      throw InterruptedError("interrupted after epoch " + std::to_string(epoch) +
                                 " (saved); continue with --resume --out " + dir,
                             sig == 15 ? kExitTerminated : kExitInterrupted);
    }
  }

  // --- final weights and summary ---------------------------------------------------------------
  io::write_npz(join_path(dir, "weights.npz"), trainer.weights());
  const RunResult res = summarize_metrics(read_metrics_csv(join_path(dir, "metrics.csv")));
  out.test_acc = res.test_acc_last, out.test_loss = res.test_loss_last;
  out.val_acc = res.val_acc_last, out.wall_s = res.wall_s;
  out.test_acc_val_best = res.test_acc_val_best, out.best_val_epoch = res.best_val_epoch;
  write_json_atomic(join_path(dir, "summary.json"),
                    summary_json(res, cfg, p.preset, p.dataset, iso_now()));
  if (start_epoch >= cfg.epochs)
    say("run already complete (" + std::to_string(cfg.epochs) + " epochs): " + dir);
  return out;
}

}  // namespace

TrainOutcome run_training(const TrainPlan& plan) {
  return plan.use_double ? train_with<double>(plan) : train_with<float>(plan);
}

std::string outcome_json_line(const TrainPlan& plan, const TrainOutcome& o) {
  json j = {{"run_dir", plan.out_dir},
            {"preset", plan.preset},
            {"method", plan.cfg.method_label()},
            {"dataset", plan.dataset},
            {"seed", plan.cfg.random_seed},
            {"epochs", o.epochs_done},
            {"test_acc", std::isfinite(o.test_acc) ? json(o.test_acc) : json()},
            {"test_loss", std::isfinite(o.test_loss) ? json(o.test_loss) : json()},
            {"val_acc", std::isfinite(o.val_acc) ? json(o.val_acc) : json()},
            {"best_val_epoch", o.best_val_epoch},
            {"test_acc_val_best",
             std::isfinite(o.test_acc_val_best) ? json(o.test_acc_val_best) : json()},
            {"wall_s", std::isfinite(o.wall_s) ? json(o.wall_s) : json()}};
  return j.dump();
}

}  // namespace sdfc::cli
