// summarize_cmd.h — `summarize DIR…`: rebuild the summary.json of every finished run below the
// given directories from the run's own metrics.csv and run.json, with the code `train` uses at
// a run's end (summary_json in run_summary.h). Records written before summary.json held the
// best-validation metric gain it; current ones come out unchanged. `--check` writes nothing and
// exits 1 when a summary is out of date (CI runs it on the committed results/).
#pragma once
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace sdfc::cli {

struct SummarizeCli {
  std::vector<std::string> dirs;
  bool check = false;
};
void add_summarize_options(CLI::App* sub, SummarizeCli& s);
int run_summarize(const SummarizeCli& s);

}  // namespace sdfc::cli
