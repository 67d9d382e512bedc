// eval_cmds.h — commands that read weights: `eval` (test accuracy + confusion matrix),
// `export` (checkpoint → weights.npz) and `check` (is a checkpoint / run dir loadable?).
#pragma once
#include <CLI/CLI.hpp>
#include <string>

namespace sdfc::cli {

struct EvalCli {
  std::string weights, data, preset, dataset, split = "test", activation;
  int subset = 0;
};
void add_eval_options(CLI::App* sub, EvalCli& s);
int run_eval(const EvalCli& s, const std::string& repo_root);

struct ExportCli {
  std::string checkpoint, out;
};
void add_export_options(CLI::App* sub, ExportCli& s);
int run_export(const ExportCli& s);

struct CheckCli {
  std::string path;
};
void add_check_options(CLI::App* sub, CheckCli& s);
int run_check(const CheckCli& s);

}  // namespace sdfc::cli
