// cli_train.cpp — `train` / `import` options and their resolution into a TrainPlan.
#include "cli_train.h"

#include <sstream>

#include "config_fields.h"
#include "exit_codes.h"
#include "run_dir.h"
#include "sdfc/fast_mode.h"
#include "sdfc/io/datasets.h"
#include "sdfc/presets.h"

namespace sdfc::cli {

namespace {

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) s += (i ? sep : "") + v[i];
  return s;
}

std::string strip_py(std::string r) {
  if (r.size() > 3 && r.substr(r.size() - 3) == ".py") r.resize(r.size() - 3);
  auto slash = r.find_last_of('/');
  if (slash != std::string::npos) r = r.substr(slash + 1);
  return r;
}

}  // namespace

Config runner_defaults(const std::string& runner_in, const std::string& dataset) {
  std::string runner = strip_py(runner_in);
  Config c;  // the engine's defaults are the reference's where a flag is absent …
  // … except these, which the reference defaults differently (ARGS: training_args,
  // optimizer_args, network_args, dataset_args).
  c.sizes = {784, 5, 10};
  c.hidden_activation = Activation::Linear;
  c.opt.kind = Optimizer::SGD;
  c.opt_fb.kind = Optimizer::SGD;
  c.epochs = 2;
  c.clip_grad_norm = -1;
  c.target_class_value = 1.0;
  c.double_precision = false;
  c.noisy_dynamics = false;
  c.forward_mode = ForwardMode::Continuous;
  c.input_norm = dataset == "mnist" ? InputNorm::MnistStandardize : InputNorm::None;
  if (runner == "run_bp") {
    c.method = "bp";
    c.single_phase = false;
  } else if (runner == "run_dfc") {
    c.method = "dfc";
    c.single_phase = false;
  } else if (runner == "run_dfc_single_phase") {
    c.method = "dfc";
    c.single_phase = true;
  } else {
    throw UsageError("--runner " + runner_in +
                     ": unknown reference runner (use run_bp.py, run_dfc.py or "
                     "run_dfc_single_phase.py)");
  }
  return c;
}

void add_train_options(CLI::App* sub, TrainCli& s, bool is_import) {
  const char* G = "Run";
  s.app = sub;
  auto names = preset_names();
  sub->add_option("--preset", s.preset, "preset: " + join(names, ", "))->group(G);
  sub->add_option("--runner", s.runner,
                  "start from the reference runner's defaults instead of a preset: run_bp.py, "
                  "run_dfc.py, run_dfc_single_phase.py (paste the authors' flags after it)")
      ->group(G);
  sub->add_option("--config", s.config_file,
                  "JSON object of hyperparameters {\"lr\": 1e-3, …} (or a run.json: its config)")
      ->group(G);
  sub->add_option("--data", s.data,
                  "directory with the IDX files (default: $SDFC_DATA or <repo>/data)")
      ->group(G);
  sub->add_option("--out", s.out, "run directory (default: <repo>/runs/<preset>-seed<S>-<time>)")
      ->group(G);
  sub->add_option("--train-subset", s.train_subset,
                  "train on the first N of the 55,000 training images (0 = all)")
      ->check(CLI::Range(0, 60000))
      ->group(G);
  sub->add_option("--test-subset", s.test_subset, "evaluate on the first N test images (0 = all)")
      ->check(CLI::Range(0, 10000))
      ->group(G);
  sub->add_option("--split-seed", s.split_seed,
                  "seed of the 55,000/5,000 train/validation split (default 42, independent "
                  "of --seed so every seed sees the same images)")
      ->group(G);
  sub->add_option("--val-size", s.val_size,
                  "training images held out for validation (default 5000 as in the paper; 0 = "
                  "none, like the reference's --no_val_set: the best epoch is then chosen on "
                  "the test set)")
      ->check(CLI::Range(0, 1000000))
      ->group(G);
  sub->add_flag("--resume", s.resume,
                "continue from --out DIR/checkpoint.npz (starts fresh if there is none yet)")
      ->group(G);
  sub->add_flag("--print-config", s.print_config,
                "print the resolved configuration as JSON on stdout and exit (nothing is trained)")
      ->group(G);
  sub->add_flag("--quiet", s.quiet, "print only errors (stdout keeps the final JSON line)")
      ->group(G);
  sub->add_flag("--float32", s.float32, "train in float32 (overrides --double_precision)")
      ->group(G);
  sub->add_flag("--double", s.float64, "train in float64")->group(G);
  sub->add_flag("--fast", s.fast,
                "the validated fast solver: float32 and the largest coarse_steps(_fb) ≤ 5 the "
                "dynamics allow; weak feedback with hard labels stays faithful (docs/results.md, "
                "fast vs faithful)")
      ->group(G);
  sub->add_option("--threads", s.threads, "worker threads (0 = all cores)")
      ->check(CLI::Range(0, 1024))
      ->group(G);
  sub->add_option("--max-loss", s.max_loss,
                  "a batch loss above this (or NaN/Inf) stops the run as diverged")
      ->group(G);
  sub->add_option("--diag-batch", s.diag_batch,
                  "samples for the per-epoch diagnostics (condition ratio, angle to BP; 0 = off)")
      ->check(CLI::Range(0, 5000))
      ->group(G);
  auto* iw =
      sub->add_option("--init-weights", s.init_weights,
                      "start from these weights (weights.npz or checkpoint.npz: W1.. b1.. Q1..)")
          ->group(G);
  if (is_import) iw->required();
  sub->get_option("--preset")->excludes(sub->get_option("--runner"));
  sub->get_option("--float32")->excludes(sub->get_option("--double"));
  sub->get_option("--fast")->excludes(sub->get_option("--double"));

  for (const auto& f : config_fields()) {
    std::string names = "--" + f.name;
    if (f.name == "random_seed") names += ",--seed";
    CLI::Option* o;
    if (f.is_bool) {
      // store_true as in the reference; "--x=false" also works.
      o = sub->add_flag(names, s.field_values[f.name], f.help);
    } else {
      o = sub->add_option(names, s.field_values[f.name], f.help);
    }
    o->group("Hyperparameters: " + f.group)->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    s.field_opts[f.name] = o;
  }
  add_reference_flags(sub, s.ref);
  sub->get_option("--out")->excludes(s.ref.opts.at("out_dir"));
}

TrainPlan resolve_train_plan(const TrainCli& s, const std::vector<std::string>& argv,
                             const std::string& repo_root) {
  TrainPlan p;
  p.argv = argv;
  p.quiet = s.quiet;
  p.resume = s.resume;
  p.threads = s.threads;
  p.max_loss = s.max_loss;
  p.diag_batch = s.diag_batch;
  p.train_subset = s.train_subset;
  p.test_subset = s.test_subset;
  p.split_seed = s.split_seed;
  p.val_size = s.val_size;
  p.init_weights = s.init_weights;

  std::string out = s.out;
  if (out.empty() && s.ref.opts.at("out_dir")->count()) out = s.ref.values.at("out_dir");

  // --- base configuration: preset, runner, or (on --resume) the run's own run.json --------
  Config cfg;
  json saved_opts;
  bool from_run_json = false;
  if (!s.preset.empty()) {
    try {
      cfg = preset(s.preset);
    } catch (const Error& e) {
      throw UsageError(std::string("--preset: ") + e.what());
    }
    p.preset = s.preset;
    p.dataset = preset_dataset(s.preset);
  } else if (!s.runner.empty()) {
    std::string ds = "mnist";
    if (s.ref.opts.at("dataset")->count()) ds = normalize_dataset_name(s.ref.values.at("dataset"));
    cfg = runner_defaults(s.runner, ds);
    p.runner = s.runner;
    p.dataset = ds;
  } else if (s.resume && !out.empty() && path_exists(join_path(out, "run.json"))) {
    json rj = read_json_file(join_path(out, "run.json"));
    apply_config_json(cfg, rj.at("config"), join_path(out, "run.json"));
    saved_opts = rj.value("options", json::object());
    p.preset = saved_opts.value("preset", "");
    p.runner = saved_opts.value("runner", "");
    p.dataset = saved_opts.value("dataset", "mnist");
    from_run_json = true;
  } else {
    throw UsageError("train needs --preset NAME (one of: " + join(preset_names(), ", ") +
                     ") or --runner run_dfc.py|run_dfc_single_phase.py|run_bp.py");
  }
  if (from_run_json) {
    // Options the user did not repeat come from the run being resumed.
    auto pick = [&](const char* key, auto& field, bool given) {
      if (!given && saved_opts.contains(key))
        field = saved_opts[key].get<std::decay_t<decltype(field)>>();
    };
    auto given = [&](const char* flag) { return s.app->get_option(flag)->count() > 0; };
    pick("train_subset", p.train_subset, given("--train-subset"));
    pick("test_subset", p.test_subset, given("--test-subset"));
    pick("split_seed", p.split_seed, given("--split-seed"));
    pick("val_size", p.val_size, given("--val-size"));
    pick("init_weights", p.init_weights, given("--init-weights"));
    pick("diag_batch", p.diag_batch, given("--diag-batch"));
    pick("max_loss", p.max_loss, given("--max-loss"));
  }

  // --- overrides: --config file, then flags ------------------------------------------------
  if (!s.config_file.empty()) {
    json j = read_json_file(s.config_file);
    if (j.is_object() && j.contains("config") && j["config"].is_object()) j = j["config"];
    apply_config_json(cfg, j, s.config_file);
  }
  for (const auto& f : config_fields()) {
    const CLI::Option* o = s.field_opts.at(f.name);
    if (o->count() == 0) continue;
    f.set(cfg, s.field_values.at(f.name));
  }
  ReferenceEffects fx = apply_reference_flags(s.ref, cfg, p.notes);
  if (!fx.dataset.empty() && fx.dataset != p.dataset) {
    if (!p.preset.empty())
      throw UsageError("--dataset=" + s.ref.values.at("dataset") + " conflicts with preset " +
                       p.preset + " (trains on " + p.dataset + "): pick the matching preset");
    throw UsageError("--dataset=" + s.ref.values.at("dataset") +
                     " differs from the dataset of the run being resumed (" + p.dataset + ")");
  }
  if (!p.runner.empty()) {
    // ARGS:post_process_args copy rules for values the reference defaults to None.
    auto given = [&](const char* n) { return s.field_opts.at(n)->count() > 0; };
    if (!given("optimizer_fb")) cfg.opt_fb.kind = cfg.opt.kind;
    if (!given("momentum_fb")) cfg.opt_fb.momentum = cfg.opt.momentum;
    if (!given("lr_fb_init")) cfg.lr_fb_init = cfg.opt_fb.lr;
    if (cfg.method_def().uses_controller && (!fx.saw_proactive || !fx.saw_inst_transmission))
      p.notes.push_back(
          "our engine always simulates with --proactive_controller --inst_transmission "
          "(every EXPERIMENTS.rst run sets them); the command line did not");
  }
  if (fx.no_val_set) {
    if (s.app->get_option("--val-size")->count() > 0 && s.val_size != 0)
      throw UsageError("--no_val_set conflicts with --val-size " + std::to_string(s.val_size) +
                       ": give one of them");
    p.val_size = 0;
  }
  if (fx.normalize_lr) {
    if (cfg.target_stepsize <= 0) throw UsageError("--normalize_lr needs --target_stepsize > 0");
    cfg.opt.lr /= cfg.target_stepsize;
    p.notes.push_back("--normalize_lr: lr = lr / target_stepsize = " + std::to_string(cfg.opt.lr));
  }

  // --- precision -----------------------------------------------------------------------------
  if (s.float32) cfg.double_precision = false;
  if (s.float64) cfg.double_precision = true;
  if (s.fast) apply_fast_mode(cfg);
  if (from_run_json && !s.float32 && !s.float64 && !s.fast && saved_opts.contains("precision"))
    cfg.double_precision = saved_opts["precision"] == "float64";
  p.use_double = cfg.double_precision;

  try {
    cfg.resolve_and_validate();
  } catch (const UsageError&) {
    throw;
  } catch (const Error& e) {
    throw UsageError(e.what());
  }
  p.cfg = cfg;

  // --- paths ---------------------------------------------------------------------------------
  p.data_dir = !s.data.empty() ? s.data
               : (from_run_json && saved_opts.contains("data_dir"))
                   ? saved_opts["data_dir"].get<std::string>()
                   : io::default_data_dir(repo_root);
  if (out.empty()) {
    if (s.resume) throw UsageError("--resume needs --out DIR (the run to continue)");
    std::string name = !p.preset.empty() ? p.preset : strip_py(p.runner);
    out = join_path(join_path(repo_root, "runs"),
                    name + "-seed" + std::to_string(cfg.random_seed) + "-" + timestamp_compact());
  }
  p.out_dir = out;
  return p;
}

TrainPlan plan_from_train_args(const std::vector<std::string>& args, const std::string& repo_root) {
  CLI::App app("sdfc");
  CLI::App* sub = app.add_subcommand("train");
  TrainCli s;
  add_train_options(sub, s, false);
  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 parses from the back
  reversed.push_back("train");
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    std::string line;
    for (const auto& a : args) line += " " + a;
    throw UsageError(std::string("train") + line + ": " + e.what());
  }
  return resolve_train_plan(s, args, repo_root);
}

}  // namespace sdfc::cli
