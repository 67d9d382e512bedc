// summarize_cmd.cpp — rebuild finished runs' summary.json from their records (see the header).
#include "summarize_cmd.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "config_fields.h"
#include "exit_codes.h"
#include "metrics.h"
#include "run_dir.h"
#include "run_summary.h"

namespace sdfc::cli {

namespace fs = std::filesystem;

namespace {

// Every summary.json below `dir` (symbolic links are not followed: a record linked into a
// second layout is the same record), sorted so that the output is stable.
std::vector<std::string> summaries_below(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw UsageError(dir + " is not a directory (summarize takes run record directories)");
  std::vector<std::string> found;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec))
    if (it->path().filename() == "summary.json" && it->is_regular_file())
      found.push_back(it->path().string());
  if (ec) throw Error(dir + ": cannot list it: " + ec.message());
  std::sort(found.begin(), found.end());
  return found;
}

// The summary `train` would have written at the end of this run, from its records. Two fields
// are kept from the old summary, because the records cannot rebuild them: the finish time, and
// the preset the finishing command named (run.json keeps the one the run was created with; a run
// resumed under a preset that now holds its configuration reports the later name).
json rebuilt_summary(const std::string& run_dir, const json& old) {
  const std::string rj_path = join_path(run_dir, "run.json");
  if (!path_exists(rj_path))
    throw Error(rj_path + " is missing: summarize needs the run's manifest next to summary.json");
  const json rj = read_json_file(rj_path);
  if (!rj.contains("config"))
    throw Error(rj_path + " has no \"config\": not a run manifest written by sdfc_train");
  Config cfg;
  apply_config_json(cfg, rj["config"], rj_path);
  cfg.resolve_and_validate();
  const RunResult r = summarize_metrics(read_metrics_csv(join_path(run_dir, "metrics.csv")));
  const int said = old.value("epochs", r.epochs);
  if (r.epochs != said)
    throw Error(join_path(run_dir, "metrics.csv") + " ends at epoch " + std::to_string(r.epochs) +
                " but summary.json says " + std::to_string(said) +
                " epochs: the records disagree, check the run before rebuilding its summary");
  return summary_json(r, cfg, old.value("preset", rj.value("preset", "")), rj.value("dataset", ""),
                      old.value("finished", ""));
}

// "+best_val_epoch +solver ~method": keys the rebuilt summary adds (+), changes (~), drops (-).
std::string key_changes(const json& old, const json& now) {
  std::string out;
  for (auto it = now.begin(); it != now.end(); ++it)
    if (!old.contains(it.key()))
      out += " +" + it.key();
    else if (old[it.key()] != it.value())
      out += " ~" + it.key();
  for (auto it = old.begin(); it != old.end(); ++it)
    if (!now.contains(it.key())) out += " -" + it.key();
  return out;
}

}  // namespace

void add_summarize_options(CLI::App* sub, SummarizeCli& s) {
  sub->add_option("dirs", s.dirs, "run record directories (searched recursively, e.g. results)")
      ->required();
  sub->add_flag("--check", s.check,
                "write nothing; exit 1 if a summary.json differs from its rebuilt version");
}

int run_summarize(const SummarizeCli& s) {
  int total = 0, stale = 0;
  for (const std::string& dir : s.dirs)
    for (const std::string& path : summaries_below(dir)) {
      ++total;
      const json old = read_json_file(path);
      const json now = rebuilt_summary(fs::path(path).parent_path().string(), old);
      if (now == old) continue;
      ++stale;
      std::printf("%s %s:%s\n", s.check ? "out of date" : "updated", path.c_str(),
                  key_changes(old, now).c_str());
      if (!s.check) write_json_atomic(path, now);
    }
  std::printf("summarize: %d run record(s), %d %s, %d already current\n", total, stale,
              s.check ? "out of date" : "updated", total - stale);
  if (s.check && stale > 0) {
    std::fprintf(stderr,
                 "summarize --check: %d summary.json file(s) out of date; run `sdfc_train "
                 "summarize` on the same directories to rebuild them\n",
                 stale);
    return kExitRuntime;
  }
  return kExitOk;
}

}  // namespace sdfc::cli
