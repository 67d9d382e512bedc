// reproduce.cpp — the sweep of the paper's table: plan, estimates, runs (in-process, forked
// with --jobs, or spread over MPI ranks), the Slurm script, and the table (paper_table.h).
#include "reproduce.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>
#include <thread>

#include "cli_train.h"
#include "config_fields.h"
#include "exit_codes.h"
#include "job_pool.h"
#include "mpi_world.h"
#include "paper_table.h"
#include "run_dir.h"
#include "run_estimate.h"
#include "sdfc/fast_mode.h"
#include "sdfc/io/atomic_file.h"
#include "sdfc/io/datasets.h"
#include "sdfc/presets.h"
#include "signals.h"
#include "text_format.h"
#include "train_run.h"

namespace sdfc::cli {
namespace {

struct RunSpec {
  const TableMethod* method;
  const TableDataset* dataset;
  std::string preset;
  int seed;
  std::string dir;
  std::string tag() const {
    return std::string(dataset->key) + " " + method->key + " seed " + std::to_string(seed);
  }
};

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

std::vector<const TableDataset*> chosen_datasets(const ReproduceCli& s) {
  std::vector<const TableDataset*> ds;
  for (const auto& d : split_list(s.datasets)) {
    std::string n = d == "fashion-mnist" || d == "fashion_mnist" ? "fmnist" : d;
    const TableDataset* found = nullptr;
    for (const auto& c : table_datasets())
      if (n == c.key) found = &c;
    if (!found) throw UsageError("--datasets: unknown dataset '" + d + "' (use mnist,fmnist)");
    ds.push_back(found);
  }
  return ds;
}

std::vector<const TableMethod*> chosen_methods(const ReproduceCli& s) {
  std::vector<std::string> wanted = split_list(s.methods.empty() ? paper_method_keys() : s.methods);
  std::string all;
  for (const auto& m : table_methods()) all += (all.empty() ? "" : ", ") + std::string(m.key);
  for (const auto& w : wanted) {
    bool ok = false;
    for (const auto& m : table_methods()) ok |= w == m.key;
    if (!ok) throw UsageError("--methods: unknown method '" + w + "' (use " + all + ")");
  }
  std::vector<const TableMethod*> ms;  // always in the slide's row order
  for (const auto& m : table_methods())
    if (std::find(wanted.begin(), wanted.end(), m.key) != wanted.end()) ms.push_back(&m);
  return ms;
}

std::vector<RunSpec> plan_runs(const ReproduceCli& s, const std::string& out) {
  // seed-major: every cell gets its first seed before any cell gets its second, so that a
  // sweep stopped early (or spread over sittings) still covers the whole table
  std::vector<RunSpec> runs;
  for (int k = 0; k < s.seeds; ++k)
    for (const auto* d : chosen_datasets(s))
      for (const auto* m : chosen_methods(s)) {
        const int seed = s.first_seed + k;
        runs.push_back(
            {m, d, std::string(d->prefix) + m->key, seed, record_dir(out, *d, *m, seed)});
      }
  return runs;
}

// --set KEY=VALUE: KEY must be a hyperparameter flag (a clearer message than train's parser).
void check_set_overrides(const ReproduceCli& s) {
  for (const auto& kv : s.set) {
    auto eq = kv.find('=');
    std::string key = kv.substr(0, eq);
    if (key.rfind("--", 0) == 0) key = key.substr(2);
    if (eq == std::string::npos || !find_config_field(key))
      throw UsageError("--set " + kv +
                       ": expected KEY=VALUE with KEY a hyperparameter flag name "
                       "(e.g. --set tmax_di=20)");
  }
}

// The run's `train` arguments: what its plan is built from, and (quoted) its recorded
// command and the Slurm script's flags.
std::vector<std::string> train_args(const ReproduceCli& s, const RunSpec& r) {
  std::vector<std::string> a = {"--preset", r.preset, "--seed", std::to_string(r.seed)};
  if (s.fast) a.push_back("--fast");
  if (s.float32) a.push_back("--float32");
  if (s.epochs > 0) a.insert(a.end(), {"--epochs", std::to_string(s.epochs)});
  if (s.train_subset > 0) a.insert(a.end(), {"--train-subset", std::to_string(s.train_subset)});
  if (s.test_subset > 0) a.insert(a.end(), {"--test-subset", std::to_string(s.test_subset)});
  if (!s.config_file.empty()) a.insert(a.end(), {"--config", s.config_file});
  for (const auto& kv : s.set) a.push_back("--" + (kv.rfind("--", 0) == 0 ? kv.substr(2) : kv));
  return a;
}

// Adds to the table's rows and columns every (dataset, method) with records under tq.from,
// and the paper's five rows, in the slide's order.
void widen_to_records(TableRequest& tq) {
  const std::string paper = "," + paper_method_keys() + ",";
  auto has = [&](const TableDataset& d, const TableMethod& m) {
    return !find_records(tq.from, d, m).empty();
  };
  auto chosen = [](const auto& v, const auto* x) {
    return std::find(v.begin(), v.end(), x) != v.end();
  };
  std::vector<const TableDataset*> ds;
  for (const TableDataset& d : table_datasets()) {
    bool any = chosen(tq.datasets, &d);
    for (const TableMethod& m : table_methods()) any = any || has(d, m);
    if (any) ds.push_back(&d);
  }
  std::vector<const TableMethod*> ms;
  for (const TableMethod& m : table_methods()) {
    bool any = chosen(tq.methods, &m) || paper.find("," + std::string(m.key) + ",") != paper.npos;
    for (const TableDataset* d : ds) any = any || has(*d, m);
    if (any) ms.push_back(&m);
  }
  tq.datasets = ds, tq.methods = ms;
}

std::string train_flags(const ReproduceCli& s, const RunSpec& r) {
  return shell_join(train_args(s, r));
}

// One run's plan, by the same builder as `train` (plan_from_train_args) from its arguments.
TrainPlan make_plan(const ReproduceCli& s, const RunSpec& r, const std::string& data_dir,
                    int threads, const std::vector<std::string>& argv,
                    const std::string& repo_root) {
  std::vector<std::string> a = train_args(s, r);
  // the sweep checked --resume: a run dir without a checkpoint starts fresh
  a.insert(a.end(),
           {"--out", r.dir, "--resume", "--threads", std::to_string(threads), "--data", data_dir});
  if (s.quiet) a.push_back("--quiet");
  TrainPlan p;
  try {
    p = plan_from_train_args(a, repo_root);
  } catch (const UsageError& e) {
    throw UsageError(r.preset + ": " + e.what());
  }
  p.argv = argv;
  p.command = "./sdfc train " + train_flags(s, r) + " --out " + shell_quote(r.dir);
  return p;
}

// Wall time of running the estimates on `jobs` workers, longest first (list scheduling).
double makespan(std::vector<double> t, int jobs) {
  std::sort(t.rbegin(), t.rend());
  std::vector<double> load(std::max(1, jobs), 0.0);
  for (double x : t) *std::min_element(load.begin(), load.end()) += x;
  return *std::max_element(load.begin(), load.end());
}

// The plan, before any work: what runs, with which solver, how long (stderr).
void print_plan(const ReproduceCli& s, const std::vector<RunSpec>& runs,
                const std::vector<TrainPlan>& plans, const std::vector<bool>& finished, int threads,
                int ranks) {
  std::map<std::string, StepTimes> calibrated;  // one calibration per distinct configuration
  std::vector<double> todo;
  const std::string per_run =
      threads > 0 ? std::to_string(threads) + (threads == 1 ? " thread" : " threads") + " each"
                  : "all cores";
  std::fprintf(stderr, "reproduce: %zu runs, %d at a time (%s)%s\n", runs.size(), s.jobs * ranks,
               per_run.c_str(),
               ranks > 1 ? (" over " + std::to_string(ranks) + " MPI ranks").c_str() : "");
  for (size_t i = 0; i < runs.size(); ++i) {
    const TrainPlan& p = plans[i];
    std::string line = "  [" + std::to_string(i + 1) + "/" + std::to_string(runs.size()) + "] " +
                       runs[i].tag() + " — " + solver_description(p.cfg) + ", " +
                       std::to_string(p.cfg.epochs) + " epochs";
    if (finished[i]) {
      std::fprintf(stderr, "%s — finished, skipped\n", line.c_str());
      continue;
    }
    if (s.no_estimate) {
      std::fprintf(stderr, "%s\n", line.c_str());
      continue;
    }
    json key_json = config_to_json(p.cfg);  // the seed does not change the cost
    key_json.erase("random_seed");
    const std::string key = key_json.dump();
    auto it = calibrated.find(key);
    if (it == calibrated.end()) it = calibrated.emplace(key, calibrate_steps(p)).first;
    RunEstimate e = estimate_run(p, training_images(p), it->second);
    todo.push_back(e.seconds);
    std::fprintf(stderr, "%s — ≈ %s (%s)\n", line.c_str(), human_duration(e.seconds).c_str(),
                 e.basis.c_str());
  }
  if (!todo.empty()) {
    double sum = 0;
    for (double t : todo) sum += t;
    std::fprintf(stderr,
                 "reproduce: ≈ %s in total for %zu runs to do (%s of run time; estimates from "
                 "a calibration on this machine, evaluation not included)\n",
                 human_duration(makespan(todo, s.jobs * ranks)).c_str(), todo.size(),
                 human_duration(sum).c_str());
  }
}

// One line per finished run, from its summary.json.
void report_run(const std::string& tag, const RunSpec& r, int code) {
  if (code != kExitOk) {
    std::fprintf(stderr, "%s%s (exit %d)\n", tag.c_str(),
                 code == kExitDiverged      ? "diverged"
                 : code >= kExitInterrupted ? "stopped; continue with --resume"
                                            : "failed",
                 code);
    return;
  }
  try {
    json j = read_json_file(join_path(r.dir, "summary.json"));
    auto pct = [&](const char* k) {
      char b[32];
      std::snprintf(b, sizeof b, "%.2f %%", j[k].is_number() ? j[k].get<double>() : NAN);
      return std::string(b);
    };
    std::fprintf(stderr,
                 "%sdone: test error %s at the best-validation epoch %d, %s at the last; %s\n",
                 tag.c_str(), pct("test_err_val_best_pct").c_str(), j.value("best_val_epoch", 0),
                 pct("test_err_last_pct").c_str(),
                 human_duration(j["wall_s"].is_number() ? j["wall_s"].get<double>() : NAN).c_str());
  } catch (const std::exception&) {
    std::fprintf(stderr, "%sdone\n", tag.c_str());
  }
}

int run_one(const TrainPlan& p) {
  try {
    run_training(p);
    return kExitOk;
  } catch (const InterruptedError& e) {
    std::fprintf(stderr, "%s%s\n", p.log_prefix.c_str(), e.what());
    return e.exit_code;
  } catch (const DivergedError& e) {
    std::fprintf(stderr, "%s%s\n", p.log_prefix.c_str(), e.what());
    return kExitDiverged;
  } catch (const UsageError&) {
    throw;
  } catch (const Error& e) {
    std::fprintf(stderr, "%sfailed: %s\n", p.log_prefix.c_str(), e.what());
    return kExitRuntime;
  }
}

void write_slurm(const ReproduceCli& s, const std::string& out, const std::vector<RunSpec>& runs,
                 const std::string& data_dir) {
  std::error_code ec;
  std::string exe = std::filesystem::read_symlink("/proc/self/exe", ec).string();
  if (ec) exe = "sdfc_train";
  std::string abs_out = std::filesystem::absolute(out).string();
  std::ostringstream o;
  o << "#!/bin/bash\n";
  o << "# Slurm job array for the paper's table (" << runs.size() << " runs), written by\n";
  o << "#   sdfc_train reproduce --slurm … (docs/training.md). Submit with: sbatch " << s.slurm
    << "\n";
  o << "# Every task is resumable (train --resume): resubmitting continues partial runs and "
       "skips\n";
  o << "# finished ones. When all tasks are done, write the table with\n";
  o << "#   " << exe << " reproduce --table-only --from " << abs_out << "\n";
  o << "#SBATCH --job-name=sdfc-reproduce\n";
  o << "#SBATCH --array=0-" << (runs.empty() ? 0 : runs.size() - 1) << "\n";
  o << "#SBATCH --cpus-per-task=" << (s.threads > 0 ? s.threads : 8) << "\n";
  o << "#SBATCH --time=" << s.slurm_time << "\n";
  o << "#SBATCH --output=" << abs_out << "/slurm/%A_%a.log\n";
  o << "#SBATCH --requeue\n";
  o << "#SBATCH --signal=B:TERM@120\n";
  o << "set -euo pipefail\n";
  o << "mkdir -p " << shell_quote(abs_out + "/slurm") << "\n";
  o << "RUNS=(\n";
  for (const auto& r : runs)
    o << "  "
      << shell_quote(train_flags(s, r) + " --out " + std::filesystem::absolute(r.dir).string())
      << "\n";
  o << ")\n";
  o << "read -r -a FLAGS <<< \"${RUNS[$SLURM_ARRAY_TASK_ID]}\"\n";
  o << "exec " << shell_quote(exe) << " train \"${FLAGS[@]}\"";
  o << " --data " << shell_quote(std::filesystem::absolute(data_dir).string());
  o << " --threads \"${SLURM_CPUS_PER_TASK:-0}\" --resume\n";
  io::write_file_atomic(s.slurm, o.str());
  std::filesystem::permissions(
      s.slurm, std::filesystem::perms::owner_exec | std::filesystem::perms::group_exec,
      std::filesystem::perm_options::add, ec);
  std::fprintf(stderr, "reproduce: wrote %s (%zu array tasks); submit with: sbatch %s\n",
               s.slurm.c_str(), runs.size(), s.slurm.c_str());
}

std::string settings_line(const ReproduceCli& s) {
  std::ostringstream o;
  o << "`./sdfc reproduce";
  if (s.fast) o << " --fast";
  if (s.float32) o << " --float32";
  o << " --seeds " << s.seeds;
  if (s.first_seed != 1) o << " --first-seed " << s.first_seed;
  if (s.epochs > 0) o << " --epochs " << s.epochs;
  if (s.train_subset > 0) o << " --train-subset " << s.train_subset;
  if (s.test_subset > 0) o << " --test-subset " << s.test_subset;
  for (const auto& kv : s.set) o << " --set " << kv;
  if (!s.config_file.empty()) o << " --config " << s.config_file;
  o << "`";
  return o.str();
}

}  // namespace

void add_reproduce_options(CLI::App* sub, ReproduceCli& s) {
  sub->add_option("--seeds", s.seeds, "seeds per method and dataset")->check(CLI::Range(1, 1000));
  sub->add_option("--first-seed", s.first_seed,
                  "seeds are first-seed … first-seed+N-1 (default 1)");
  sub->add_option("--epochs", s.epochs,
                  "epochs per run (0 = the presets' 40); with --table-only: read every record "
                  "at its first N epochs (a 40-epoch run is also the N-epoch run)")
      ->check(CLI::Range(0, 100000));
  sub->add_option("--train-subset", s.train_subset, "first N of the 55,000 training images")
      ->check(CLI::Range(0, 60000));
  sub->add_option("--test-subset", s.test_subset, "first N of the 10,000 test images")
      ->check(CLI::Range(0, 10000));
  sub->add_option("--out", s.out,
                  "sweep dir: <dataset>/<method>/seed<k>/ run records, table.md, table.csv, "
                  "curves.svg, control.svg");
  sub->add_option("--from", s.from,
                  "with --table-only: rebuild the table from the records in this dir (default "
                  "--out; the table is written to --out, else here)");
  sub->add_option("--compare-to", s.compare_to,
                  "with --table-only: also write comparison.md, these records (e.g. fast) "
                  "against the baseline records in DIR (e.g. faithful double), seed by seed");
  sub->add_option("--data", s.data, "directory with the IDX files");
  sub->add_option("--datasets", s.datasets, "comma list: mnist,fmnist");
  std::string rows;
  for (const auto& m : table_methods()) rows += (rows.empty() ? "" : ",") + std::string(m.key);
  sub->add_option("--methods", s.methods,
                  "comma list in table order, of: " + rows + " (default: the paper's five, " +
                      paper_method_keys() + ")");
  sub->add_option("--config", s.config_file, "JSON hyperparameter overrides for every run");
  sub->add_option("--set", s.set,
                  "KEY=VALUE hyperparameter override for every run (repeatable), "
                  "e.g. --set tmax_di=20 --set tmax_di_fb=20");
  sub->add_option("--jobs", s.jobs,
                  "runs trained at once (each in its own process; the cores are split between "
                  "them unless --threads is given)")
      ->check(CLI::Range(1, 256));
  sub->add_option("--threads", s.threads, "threads per run (0 = cores / (jobs × MPI ranks))")
      ->check(CLI::Range(0, 1024));
  sub->add_flag("--fast", s.fast,
                "every run with the validated fast solver (train --fast: float32 and coarse "
                "Euler steps, or faithful where none is validated; docs/results.md)");
  sub->add_flag("--float32", s.float32, "train every run in float32");
  sub->add_flag("--resume", s.resume,
                "continue a sweep: skip finished runs, continue partial ones from their "
                "checkpoints");
  sub->add_flag("--no-estimate", s.no_estimate,
                "print the plan without the calibration that estimates run times");
  sub->add_flag("--dry-run", s.dry_run, "print the plan with its time estimates and stop");
  sub->add_flag("--quiet", s.quiet, "print only errors, one line per finished run and the table");
  sub->add_flag("--table-only", s.table_only,
                "do not train: rebuild the table and figures from the run records");
  sub->add_option("--slurm", s.slurm, "write a Slurm job-array script to FILE instead of training");
  sub->add_option("--slurm-time", s.slurm_time, "#SBATCH --time of each array task");
}

int run_reproduce(const ReproduceCli& s_in, const std::vector<std::string>& argv,
                  const std::string& repo_root) {
  ReproduceCli s = s_in;
  const World& w = mpi_world();
  if (s.out.empty() && !(s.table_only && !s.from.empty()))
    throw UsageError("reproduce needs --out DIR (or --table-only --from DIR)");
  if (s.from.empty()) s.from = s.out;
  if (s.out.empty()) s.out = s.from;
  if (s.jobs > 1 && w.size > 1)
    throw UsageError("--jobs " + std::to_string(s.jobs) +
                     " under mpirun: use one run per rank "
                     "(mpirun -np K) or --jobs without MPI, not both");
  if (!s.compare_to.empty() && !s.table_only)
    throw UsageError("--compare-to works with --table-only (compare finished records)");
  if (s.fast && s.float32) throw UsageError("--fast already trains in float32: drop --float32");

  TableRequest tq;
  tq.from = s.from, tq.out = s.out, tq.settings = settings_line(s);
  tq.datasets = chosen_datasets(s), tq.methods = chosen_methods(s);
  if (s.table_only) {  // from the records alone: every seed found counts
    if (!path_exists(s.from)) throw UsageError("--from " + s.from + ": no such directory");
    tq.settings.clear();
    tq.budget = s.epochs;
    if (w.rank == 0) {
      ensure_writable_dir(s.out);
      std::string md = write_paper_table(tq);
      if (!s.compare_to.empty()) {
        if (!path_exists(s.compare_to))
          throw UsageError("--compare-to " + s.compare_to + ": no such directory");
        md += "\n" + write_comparison(tq, s.compare_to);
      }
      if (!s.quiet) std::fprintf(stderr, "%s\n", md.c_str());
      std::printf("%s\n", json({{"table_md", join_path(s.out, "table.md")},
                                {"table_csv", join_path(s.out, "table.csv")},
                                {"curves_svg", join_path(s.out, "curves.svg")},
                                {"control_svg", join_path(s.out, "control.svg")}})
                              .dump()
                              .c_str());
    }
    return kExitOk;
  }

  std::vector<RunSpec> runs = plan_runs(s, s.out);
  if (runs.empty()) throw UsageError("reproduce: nothing to run (check --methods and --datasets)");
  const std::string data_dir = !s.data.empty() ? s.data : io::default_data_dir(repo_root);
  int threads = s.threads;
  if (threads == 0 && s.jobs * w.size > 1)
    threads =
        std::max(1, static_cast<int>(std::thread::hardware_concurrency()) / (s.jobs * w.size));
  check_set_overrides(s);
  std::vector<TrainPlan> plans;  // validates every preset + override before any work
  for (const auto& r : runs) plans.push_back(make_plan(s, r, data_dir, threads, argv, repo_root));
  for (const auto& r : runs) tq.expected[std::string(r.dataset->key) + "/" + r.method->key]++;

  if (!s.slurm.empty()) {
    if (w.rank == 0) {
      ensure_writable_dir(s.out);
      write_slurm(s, s.out, runs, data_dir);
    }
    return kExitOk;
  }
  if (!s.resume && !s.dry_run) {  // never touch an earlier sweep without being asked
    for (const auto& r : runs)
      if (!dir_is_empty(r.dir))
        throw UsageError("run dir " + r.dir +
                         " exists and is not empty: add --resume to continue the sweep "
                         "(finished runs are skipped, partial ones continue from their "
                         "checkpoints), or choose another --out (nothing was changed)");
  }
  if (w.rank == 0) ensure_writable_dir(s.out);
  mpi_barrier();

  std::vector<bool> finished;
  for (size_t i = 0; i < runs.size(); ++i) {
    finished.push_back(run_finished(runs[i].dir, plans[i].cfg.epochs));
    // A finished record is skipped only if it is the run planned here: one made with other
    // settings (another solver, preset or data selection) would silently join the cell.
    // (A partial one is checked by train --resume against its checkpoint.)
    const std::string rj = join_path(runs[i].dir, "run.json");
    if (!finished[i] || !io::file_exists(rj)) continue;
    const json was = read_json_file(rj);
    if (!was.contains("identity")) continue;
    const std::string diff = identity_diff(plans[i].identity(), was["identity"], true);
    if (!diff.empty())
      throw UsageError("finished run " + runs[i].dir + " was made with other settings: " + diff +
                       " — it is not the run this sweep plans; move it out of --out or choose "
                       "another --out (nothing was changed)");
  }
  if (w.rank == 0 && (!s.quiet || s.dry_run)) print_plan(s, runs, plans, finished, threads, w.size);
  if (s.dry_run) return kExitOk;

  std::vector<size_t> mine;  // this rank's runs that still need work
  for (size_t i = 0; i < runs.size(); ++i)
    if (static_cast<int>(i % w.size) == w.rank && !finished[i]) mine.push_back(i);
  int worst = kExitOk, done = 0, failed = 0;
  const int skipped =
      static_cast<int>(std::count(finished.begin(), finished.end(), true));  // over all ranks
  auto tag_of = [&](size_t i) {
    std::string t = "[" + std::to_string(i + 1) + "/" + std::to_string(runs.size()) + " " +
                    runs[i].tag() + "] ";
    return w.size > 1 ? "[rank " + std::to_string(w.rank) + "] " + t : t;
  };
  auto on_exit = [&](size_t i, int code) {
    report_run(tag_of(i), runs[i], code);
    if (code == kExitOk) {
      ++done;
    } else if (code < kExitInterrupted) {
      ++failed;
      worst = std::max(worst, static_cast<int>(kExitRuntime));
    }
  };
  for (size_t i : mine) {
    plans[i].log_prefix = tag_of(i);
    plans[i].plain_progress = s.jobs > 1;
  }
  if (s.jobs > 1) {
    for (size_t i : mine) training_images(plans[i]);  // load once; the forks share the pages
    run_jobs(
        static_cast<int>(mine.size()), s.jobs, [&](int k) { return run_one(plans[mine[k]]); },
        [&](int k, int code) { on_exit(mine[k], code); });
  } else {
    for (size_t i : mine) {
      if (stop_requested()) break;
      on_exit(i, run_one(plans[i]));
    }
  }
  mpi_barrier();
  worst = mpi_max(worst);
  if (w.rank == 0) {
    // The table of everything --out holds, not only of this invocation's runs: a partial
    // sweep into a shared folder (one cell, one lane) must not shrink its table.
    widen_to_records(tq);
    std::string md = write_paper_table(tq);
    if (!s.quiet) std::fprintf(stderr, "\n%s\n", md.c_str());
    json j = {{"table_md", join_path(s.out, "table.md")},
              {"table_csv", join_path(s.out, "table.csv")},
              {"curves_svg", join_path(s.out, "curves.svg")},
              {"control_svg", join_path(s.out, "control.svg")},
              {"runs", runs.size()},
              {"ranks", w.size},
              {"jobs", s.jobs},
              {"trained_here", done},
              {"skipped", skipped},
              {"failed_here", failed}};
    std::printf("%s\n", j.dump().c_str());
    std::fflush(stdout);
  }
  if (stop_requested()) {
    const int sig = stop_requested();
    throw InterruptedError(
        "reproduce interrupted: finished runs are kept; continue with the same "
        "command plus --resume",
        sig == 15 ? kExitTerminated : kExitInterrupted);
  }
  return worst;
}

}  // namespace sdfc::cli
