// eval_cmds.cpp — eval / export / check.
#include "eval_cmds.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "checkpoint.h"
#include "config_fields.h"
#include "exit_codes.h"
#include "reference_flags.h"
#include "run_dir.h"
#include "sdfc/io/atomic_file.h"
#include "sdfc/io/datasets.h"
#include "sdfc/io/npy.h"
#include "sdfc/presets.h"
#include "sdfc/trainer.h"

namespace sdfc::cli {
namespace {

std::string sizes_str(const std::vector<int>& s) {
  std::string r;
  for (size_t i = 0; i < s.size(); ++i) r += (i ? "-" : "") + std::to_string(s[i]);
  return r;
}

// run.json of the run a weights/checkpoint file belongs to (same directory), or null.
nlohmann::json sibling_run_json(const std::string& file) {
  std::string rj = join_path(parent_dir(file), "run.json");
  if (!io::file_exists(rj)) return nullptr;
  try {
    return read_json_file(rj);
  } catch (const Error&) {
    return nullptr;
  }
}

void print_confusion(const EvalResult& r, int classes) {
  std::fprintf(stderr, "confusion matrix (rows = true label, columns = prediction):\n      ");
  for (int j = 0; j < classes; ++j) std::fprintf(stderr, "%6d", j);
  std::fprintf(stderr, "   recall\n");
  for (int i = 0; i < classes; ++i) {
    std::fprintf(stderr, "%6d", i);
    long row = 0;
    for (int j = 0; j < classes; ++j) {
      int v = r.confusion[size_t(i) * classes + j];
      row += v;
      std::fprintf(stderr, "%6d", v);
    }
    int diag = r.confusion[size_t(i) * classes + i];
    std::fprintf(stderr, "   %5.1f%%\n", row ? 100.0 * diag / row : 0.0);
  }
}

}  // namespace

void add_eval_options(CLI::App* sub, EvalCli& s) {
  sub->add_option("--weights", s.weights, "weights.npz or checkpoint.npz (W1.. b1.. Q1..)")
      ->required();
  sub->add_option("--data", s.data, "directory with the IDX files (default: <repo>/data)");
  sub->add_option("--preset", s.preset, "take dataset and activation from this preset");
  sub->add_option("--dataset", s.dataset, "mnist | fashion-mnist (default: the run's, else mnist)");
  sub->add_option("--split", s.split, "test | val (the 5,000 held-out training images)")
      ->check(CLI::IsMember({"test", "val"}));
  sub->add_option("--subset", s.subset, "evaluate on the first N images only (0 = all)")
      ->check(CLI::Range(0, 60000));
  sub->add_option("--hidden_activation", s.activation, "tanh | relu | linear (default: the run's)");
  sub->get_option("--preset")->excludes(sub->get_option("--dataset"));
}

int run_eval(const EvalCli& s, const std::string& repo_root) {
  std::vector<Tensor> w = weights_only(io::read_npz(s.weights));
  std::vector<int> sizes = sizes_from_weights(w, s.weights);

  Config cfg;
  std::string dataset = "mnist", source = "default";
  nlohmann::json rj = sibling_run_json(s.weights);
  if (!s.preset.empty()) {
    try {
      cfg = preset(s.preset);
    } catch (const Error& e) {
      throw UsageError(std::string("--preset: ") + e.what());
    }
    dataset = preset_dataset(s.preset), source = "preset " + s.preset;
  } else if (!rj.is_null() && rj.contains("config")) {
    apply_config_json(cfg, rj["config"], "run.json");
    dataset = rj.value("dataset", "mnist"), source = "run.json";
  }
  if (!s.dataset.empty()) {
    dataset = normalize_dataset_name(s.dataset), source = "--dataset";
    cfg.input_norm = dataset == "mnist" ? InputNorm::MnistStandardize : InputNorm::None;
  }
  if (!s.activation.empty()) find_config_field("hidden_activation")->set(cfg, s.activation);
  cfg.sizes = sizes;
  cfg.method = "bp";  // evaluation is the plain feedforward pass
  cfg.resolve_and_validate();

  Trainer<double> trainer(cfg);
  trainer.load_weights(w);
  std::string data_dir = !s.data.empty() ? s.data : io::default_data_dir(repo_root);
  Dataset d;
  if (s.split == "val") {
    Dataset all = io::load_dataset(data_dir, dataset, "train"), tr;
    split_train_val(all, 5000, 42, tr, d);
  } else {
    d = io::load_dataset(data_dir, dataset, "test");
  }
  if (s.subset > 0 && s.subset < d.n) d = d.head(s.subset);
  if (d.dim != sizes.front())
    throw Error(s.weights + ": the network expects " + std::to_string(sizes.front()) +
                " inputs but " + d.name + " has " + std::to_string(d.dim) + " pixels");
  EvalResult r = trainer.evaluate(d);
  std::fprintf(stderr, "eval: %s (%s, %s) on %s [%s], n=%d\n", s.weights.c_str(),
               sizes_str(sizes).c_str(), to_string(cfg.hidden_activation), d.name.c_str(),
               source.c_str(), r.n);
  if (int(r.confusion.size()) == sizes.back() * sizes.back()) print_confusion(r, sizes.back());
  std::printf("%s_acc=%.4f %s_loss=%.6f n=%d\n", s.split.c_str(), r.acc, s.split.c_str(), r.loss,
              r.n);
  std::fflush(stdout);
  return kExitOk;
}

void add_export_options(CLI::App* sub, ExportCli& s) {
  sub->add_option("--checkpoint", s.checkpoint,
                  "RUN/checkpoint.npz (or any npz with W1.. b1.. Q1..)")
      ->required();
  sub->add_option("--out", s.out, "weights file to write (npz)")->required();
}

int run_export(const ExportCli& s) {
  std::vector<Tensor> w = weights_only(io::read_npz(s.checkpoint));
  std::vector<int> sizes = sizes_from_weights(w, s.checkpoint);
  io::write_npz(s.out, w);
  std::fprintf(stderr, "export: wrote %s (%zu tensors, network %s)\n", s.out.c_str(), w.size(),
               sizes_str(sizes).c_str());
  return kExitOk;
}

void add_check_options(CLI::App* sub, CheckCli& s) {
  sub->add_option("path", s.path, "a run dir, checkpoint.npz or weights.npz")->required();
}

int run_check(const CheckCli& s) {
  std::string file = s.path;
  if (path_exists(join_path(s.path, "checkpoint.npz")))
    file = join_path(s.path, "checkpoint.npz");
  else if (path_exists(join_path(s.path, "weights.npz")))
    file = join_path(s.path, "weights.npz");
  std::vector<Tensor> all;
  try {
    all = io::read_npz(file);
  } catch (const Error& e) {
    throw Error(file + " is corrupt or unreadable: " + e.what());
  }
  bool is_ckpt = false;
  for (const auto& t : all) is_ckpt |= t.name == "meta_epoch";
  std::vector<Tensor> w = weights_only(all);
  std::vector<int> sizes = sizes_from_weights(w, file);
  std::string what = "weights";
  int epoch = -1;
  if (is_ckpt) {
    Checkpoint c = load_checkpoint(file);
    epoch = c.epoch;
    what = "checkpoint";
    // With the run's config at hand, load the full state as a resume would.
    nlohmann::json rj = sibling_run_json(file);
    if (!rj.is_null() && rj.contains("config")) {
      Config cfg;
      apply_config_json(cfg, rj["config"], "run.json");
      cfg.resolve_and_validate();
      if (cfg.double_precision)
        Trainer<double>(cfg).load_state(c.state);
      else
        Trainer<float>(cfg).load_state(c.state);
      what = "checkpoint (state loads into the run's trainer)";
    }
  }
  std::printf("ok: %s: %s, %zu tensors, network %s%s\n", file.c_str(), what.c_str(), all.size(),
              sizes_str(sizes).c_str(),
              epoch >= 0 ? (", epoch " + std::to_string(epoch)).c_str() : "");
  return kExitOk;
}

}  // namespace sdfc::cli
