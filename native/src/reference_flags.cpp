// reference_flags.cpp — accept / map / reject the reference code's non-Config flags.
#include "reference_flags.h"

#include "exit_codes.h"

namespace sdfc::cli {
namespace {

enum class Kind { Map, Always, Cosmetic, Reject };
struct RefFlag {
  const char* name;
  bool takes_value;
  Kind kind;
  const char* why;  // help text; for Reject the reason shown in the error
};

// clang-format off
const RefFlag kFlags[] = {
  // --- mapped onto Config -----------------------------------------------------------------
  {"strong_feedback", false, Kind::Map, "strong feedback: e = r* - softmax(r_L) with the label as target (= --method strong-dfc)"},
  {"error_as_loss_grad", false, Kind::Map, "error = -dL/dr_L (implied by --strong_feedback; the reference refuses it for weak DFC)"},
  {"ss", false, Kind::Map, "forward update from the last simulated step (= --forward_mode ss)"},
  {"ssa", false, Kind::Map, "forward update from the analytic linearised steady state (= --forward_mode ssa, weak DFC only)"},
  {"dataset", true, Kind::Map, "mnist | fashion_mnist (must agree with the preset)"},
  {"normalize_lr", false, Kind::Map, "use lr / target_stepsize as the forward learning rate"},
  {"out_dir", true, Kind::Map, "alias of --out"},
  {"no_val_set", false, Kind::Map, "no validation hold-out: train on all training images, pick the best epoch on the test set (= --val-size 0)"},
  // --- what our engine always does (every EXPERIMENTS.rst run sets these) -------------------
  {"proactive_controller", false, Kind::Always, "always on: the apical input at step k+1 uses u[k+1]"},
  {"inst_transmission", false, Kind::Always, "always on: layer i sees layer i-1's new value in the same step"},
  {"inst_transmission_fb", false, Kind::Always, "always on, feedback phase too"},
  {"initialization", true, Kind::Always, "only xavier_normal (the paper's) is implemented"},
  {"initialization_fb", true, Kind::Always, "only xavier_normal (the paper's) is implemented"},
  {"learning_rule", true, Kind::Always, "only nonlinear_difference (the paper's) is implemented"},
  {"sigma_init", true, Kind::Always, "only 0 (used with initialization_fb=weight_product only)"},
  {"min_acc", true, Kind::Always, "only 0 (never kill a run)"},
  {"epsilon_di", true, Kind::Cosmetic, "only feeds the reference's convergence counter"},
  {"compute_jacobian_at", true, Kind::Cosmetic, "stored but never used by the reference"},
  // --- logging / plotting of the reference: no effect on training ---------------------------
  {"save_df", false, Kind::Cosmetic, "reference logging"},
  {"save_condition_fb", false, Kind::Cosmetic, "reference logging (we always record condition_ratio)"},
  {"save_bp_angle", false, Kind::Cosmetic, "reference logging (we always record angle_bp_deg)"},
  {"save_H_angle", false, Kind::Cosmetic, "reference logging"},
  {"save_ndi_angle", false, Kind::Cosmetic, "reference logging"},
  {"save_lu_loss", false, Kind::Cosmetic, "reference logging"},
  {"save_ratio_ff_fb", false, Kind::Cosmetic, "reference logging"},
  {"save_fb_statistics_init", false, Kind::Cosmetic, "reference logging"},
  {"compare_with_ndi", false, Kind::Cosmetic, "reference diagnostics"},
  {"no_plots", false, Kind::Cosmetic, "reference plotting"},
  {"save_checkpoints", false, Kind::Cosmetic, "we always checkpoint every epoch"},
  {"checkpoint_interval", true, Kind::Cosmetic, "we always checkpoint every epoch"},
  {"epoch_summary_interval", true, Kind::Cosmetic, "reference logging"},
  {"no_cuda", false, Kind::Cosmetic, "CPU only anyway"},
  {"deterministic_run", false, Kind::Cosmetic, "our runs are always deterministic"},
  // --- would change the result, not implemented: refused ------------------------------------
  {"low_pass_filter_noise", false, Kind::Reject, "white noise filtering variants are not implemented (the paper's runs do not use it)"},
  {"low_pass_filter_u", false, Kind::Reject, "a low-passed controller signal in the dynamics is not implemented (no paper run uses it)"},
  {"inst_system_dynamics", false, Kind::Reject, "instantaneous somatic dynamics are not implemented (no paper run uses them)"},
  {"use_bp_updates", false, Kind::Reject, "debug mode of the reference; use --preset mnist-bp for backprop"},
  {"use_jacobian_as_fb", false, Kind::Reject, "Q = J^T feedback is not implemented"},
  {"freeze_fw_weights", false, Kind::Reject, "freezing the forward weights is not implemented"},
  {"freeze_fb_weights", false, Kind::Reject, "freezing Q (with weight_product init) is not implemented; use --lr_fb 0 --init_fb_epochs 0 to keep Q fixed"},
  {"freeze_fb_weights_output", false, Kind::Reject, "freezing Q_L is not implemented"},
  {"include_only_converged_samples", false, Kind::Reject, "dropping unconverged samples is not implemented (off in every paper run)"},
  {"no_bias", false, Kind::Reject, "networks without biases are not implemented"},
  {"pretrain_without_controller", false, Kind::Reject, "this pre-training variant is not implemented"},
  {"only_train_first_layer", false, Kind::Reject, "partial backprop baselines are not implemented"},
  {"only_train_last_layer", false, Kind::Reject, "partial backprop baselines are not implemented"},
  {"pretrained_net_dir", true, Kind::Reject, "the reference's torch checkpoints cannot be read; use --init-weights FILE.npz"},
  {"test", false, Kind::Reject, "the reference's debug shortcut; use --epochs 1 --train-subset 256 --test-subset 256"},
};
// clang-format on

}  // namespace

std::string normalize_dataset_name(const std::string& s) {
  if (s == "mnist") return "mnist";
  if (s == "fashion_mnist" || s == "fashion-mnist" || s == "fmnist") return "fashion-mnist";
  throw UsageError("--dataset=" + s +
                   ": unknown or unsupported dataset (use mnist or fashion_mnist; the reference's "
                   "cifar10, mnist_autoencoder and student_teacher are not implemented)");
}

void add_reference_flags(CLI::App* app, ReferenceFlags& r) {
  for (const auto& f : kFlags) {
    std::string group = f.kind == Kind::Reject ? "Reference flags (refused: would change results)"
                                               : "Reference-code flags";
    CLI::Option* o;
    if (f.takes_value) {
      o = app->add_option("--" + std::string(f.name), r.values[f.name], f.why);
    } else {
      // A store_true flag; --x=false is accepted and means "not given".
      o = app->add_flag("--" + std::string(f.name), r.counts[f.name], f.why);
    }
    o->group(group)->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    r.opts[f.name] = o;
  }
}

ReferenceEffects apply_reference_flags(const ReferenceFlags& r, Config& cfg,
                                       std::vector<std::string>& notes) {
  ReferenceEffects fx;
  auto given = [&](const std::string& n) {
    const CLI::Option* o = r.opts.at(n);
    if (o->count() == 0) return false;
    auto it = r.counts.find(n);
    return it == r.counts.end() || it->second > 0;
  };
  auto value = [&](const std::string& n) { return r.values.at(n); };

  for (const auto& f : kFlags) {
    if (!given(f.name)) continue;
    std::string flag = "--" + std::string(f.name);
    switch (f.kind) {
      case Kind::Reject:
        throw UsageError("flag " + flag + " is not supported (" + f.why + ")");
      case Kind::Cosmetic:
        notes.push_back(flag + " accepted and ignored: " + f.why);
        break;
      case Kind::Always:
        if (f.takes_value) {
          std::string v = value(f.name);
          std::string want = std::string(f.name) == "learning_rule" ? "nonlinear_difference"
                             : std::string(f.name).rfind("initialization", 0) == 0 ? "xavier_normal"
                                                                                   : "0";
          bool ok = v == want || (want == "0" && (v == "0.0" || v == "0." || v == "0e0"));
          if (!ok) throw UsageError("flag " + flag + "=" + v + " is not supported (" + f.why + ")");
        }
        notes.push_back(flag + " accepted: " + f.why);
        break;
      case Kind::Map:
        break;
    }
  }
  fx.saw_proactive = given("proactive_controller");
  fx.saw_inst_transmission = given("inst_transmission");

  if (given("strong_feedback")) {
    if (!cfg.method_def().uses_controller)
      throw UsageError(
          "flag --strong_feedback needs a DFC method (--preset …-dfc… or --runner "
          "run_dfc.py / run_dfc_single_phase.py), not backprop");
    cfg.method = "strong-dfc";
  }
  if (given("error_as_loss_grad") && cfg.method_def().error != ErrorForm::Softmax)
    throw UsageError(
        "flag --error_as_loss_grad is only supported with --strong_feedback (the "
        "reference raises NotImplementedError for weak feedback too)");
  if (given("ss") && given("ssa"))
    throw UsageError("flags --ss and --ssa exclude each other: pick one forward-update mode");
  if (given("ss")) cfg.forward_mode = ForwardMode::SteadyState;
  if (given("ssa")) cfg.forward_mode = ForwardMode::Analytic;
  if (given("dataset")) fx.dataset = normalize_dataset_name(value("dataset"));
  if (given("out_dir")) fx.out_dir = value("out_dir");
  fx.normalize_lr = given("normalize_lr");
  fx.no_val_set = given("no_val_set");
  return fx;
}

}  // namespace sdfc::cli
