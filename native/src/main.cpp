// main.cpp — `sdfc_train <command> …`: the command-line front end of the engine.
// Commands: train, import, eval, export, check, reproduce, plot, presets. Parsing is CLI11;
// every error ends as one line on stderr and an exit code from exit_codes.h.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "build_info.h"
#include "cli_train.h"
#include "config_fields.h"
#include "eval_cmds.h"
#include "exit_codes.h"
#include "mpi_world.h"
#include "plot.h"
#include "reproduce.h"
#include "run_dir.h"
#include "sdfc/presets.h"
#include "signals.h"
#include "summarize_cmd.h"
#include "train_run.h"

using namespace sdfc;
using namespace sdfc::cli;

namespace {

int run_presets() {
  for (const auto& n : preset_names())
    std::printf("%-28s %s\n", n.c_str(), preset_description(n).c_str());
  return kExitOk;
}

int run_train(const TrainCli& s, const std::vector<std::string>& argv, const std::string& root) {
  TrainPlan plan = resolve_train_plan(s, argv, root);
  if (s.print_config) {
    nlohmann::json j = {{"preset", plan.preset},
                        {"runner", plan.runner},
                        {"dataset", plan.dataset},
                        {"method", plan.cfg.method_label()},
                        {"precision", plan.use_double ? "float64" : "float32"},
                        {"config", config_to_json(plan.cfg)},
                        {"notes", plan.notes}};
    std::printf("%s\n", j.dump(2).c_str());
    return kExitOk;
  }
  TrainOutcome o = run_training(plan);
  std::printf("%s\n", outcome_json_line(plan, o).c_str());
  std::fflush(stdout);
  return kExitOk;
}

std::string one_line(std::string s) {
  for (auto& c : s)
    if (c == '\n') c = ' ';
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  mpi_init(&argc, &argv);
  install_stop_handlers();
  const std::vector<std::string> args(argv, argv + argc);
  const std::string root = find_repo_root();

  CLI::App app{
      "sdfc_train — train, evaluate and compare Strong-DFC / DFC / BP networks "
      "(ICML 2022, \"Minimizing Control for Credit Assignment with Strong Feedback\")"};
  app.name("sdfc_train");
  app.footer(std::string(exit_code_help()) + "\nDocs: docs/training.md");
  app.require_subcommand(1, 1);
  app.set_version_flag("--version", build_summary());

  TrainCli train_cli, import_cli;
  auto* train = app.add_subcommand("train", "train a network (preset or the reference's flags)");
  add_train_options(train, train_cli, false);
  auto* import = app.add_subcommand(
      "import", "train starting from given weights (= train --init-weights FILE)");
  add_train_options(import, import_cli, true);

  EvalCli eval_cli;
  auto* eval = app.add_subcommand("eval", "test accuracy of a weights/checkpoint file");
  add_eval_options(eval, eval_cli);
  ExportCli export_cli;
  auto* exp = app.add_subcommand("export", "extract the weights (W, b, Q) of a checkpoint");
  add_export_options(exp, export_cli);
  CheckCli check_cli;
  auto* check = app.add_subcommand("check", "verify that a run dir / checkpoint loads");
  add_check_options(check, check_cli);
  ReproduceCli repro_cli;
  auto* repro = app.add_subcommand(
      "reproduce", "run the paper's 5 methods × 2 datasets for N seeds and write the table");
  add_reproduce_options(repro, repro_cli);
  PlotCli plot_cli;
  auto* plot = app.add_subcommand("plot", "learning curves of runs as an SVG");
  add_plot_options(plot, plot_cli);
  SummarizeCli summarize_cli;
  auto* summarize = app.add_subcommand(
      "summarize", "rebuild finished runs' summary.json from their metrics.csv and run.json");
  add_summarize_options(summarize, summarize_cli);
  auto* presets = app.add_subcommand("presets", "list the presets");
  for (auto* sub : {train, import, eval, exp, check, repro, plot, summarize, presets})
    sub->footer(exit_code_help());

  int code = kExitOk;
  bool printed_help = false;  // --help / --version: print and stop, never run the command
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    code = app.exit(e), printed_help = true;
  } catch (const CLI::CallForAllHelp& e) {
    code = app.exit(e), printed_help = true;
  } catch (const CLI::CallForVersion& e) {
    code = app.exit(e), printed_help = true;
  } catch (const CLI::ParseError& e) {
    std::string cmd = "sdfc_train";
    for (auto* sub : app.get_subcommands()) cmd += " " + sub->get_name();
    std::fprintf(stderr, "%s: error: %s (see %s --help)\n", cmd.c_str(), one_line(e.what()).c_str(),
                 cmd.c_str());
    code = kExitUsage;
  }
  if (printed_help || app.get_subcommands().empty() || code != kExitOk || app.count("--version")) {
    mpi_finalize();
    return code;
  }

  const std::string cmd = app.get_subcommands().front()->get_name();
  try {
    if (cmd == "train")
      code = run_train(train_cli, args, root);
    else if (cmd == "import")
      code = run_train(import_cli, args, root);
    else if (cmd == "eval")
      code = run_eval(eval_cli, root);
    else if (cmd == "export")
      code = run_export(export_cli);
    else if (cmd == "check")
      code = run_check(check_cli);
    else if (cmd == "reproduce")
      code = run_reproduce(repro_cli, args, root);
    else if (cmd == "plot")
      code = run_plot(plot_cli);
    else if (cmd == "summarize")
      code = run_summarize(summarize_cli);
    else if (cmd == "presets")
      code = run_presets();
  } catch (const UsageError& e) {
    std::fprintf(stderr, "sdfc_train %s: error: %s\n", cmd.c_str(), one_line(e.what()).c_str());
    code = kExitUsage;
  } catch (const DivergedError& e) {
    std::fprintf(stderr, "sdfc_train %s: %s\n", cmd.c_str(), one_line(e.what()).c_str());
    code = kExitDiverged;
  } catch (const InterruptedError& e) {
    std::fprintf(stderr, "\nsdfc_train %s: %s\n", cmd.c_str(), one_line(e.what()).c_str());
    code = e.exit_code;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sdfc_train %s: error: %s\n", cmd.c_str(), one_line(e.what()).c_str());
    code = kExitRuntime;
  }
  mpi_finalize();
  return code;
}
