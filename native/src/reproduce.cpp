// reproduce.cpp — runs of the paper's table, the table itself, curves.svg, and the Slurm script.
#include "reproduce.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <thread>

#include "config_fields.h"
#include "exit_codes.h"
#include "metrics.h"
#include "mpi_world.h"
#include "plot.h"
#include "reference_flags.h"
#include "run_dir.h"
#include "sdfc/io/atomic_file.h"
#include "sdfc/io/datasets.h"
#include "sdfc/presets.h"
#include "signals.h"
#include "svg_chart.h"
#include "train_run.h"

namespace sdfc::cli {
namespace {

// The slide table's rows, in its order (spec §7), with the paper's numbers (test error %).
struct MethodRow {
  const char* key;    // preset suffix
  const char* label;  // slide row
  double mnist_mean, mnist_std, fmnist_mean, fmnist_std;
};
const MethodRow kMethods[] = {
    {"bp", "BP", 1.83, 0.11, 10.60, 0.44},
    {"strong-dfc", "Strong-DFC (noise)", 2.19, 0.05, 12.07, 0.16},
    {"dfc", "DFC (noise)", 15.15, 0.44, 16.29, 0.41},
    {"strong-dfc-nonoise", "Strong-DFC (no noise)", 1.98, 0.05, 11.36, 0.17},
    {"dfc-nonoise", "DFC (no noise)", 2.09, 0.10, 11.31, 0.14},
};

struct DatasetCol {
  const char* key;     // --datasets entry
  const char* prefix;  // preset prefix
  const char* label;
};
const DatasetCol kDatasets[] = {{"mnist", "mnist-", "MNIST"},
                                {"fmnist", "fmnist-", "Fashion-MNIST"}};

struct RunSpec {
  const MethodRow* method;
  const DatasetCol* dataset;
  std::string preset;
  int seed;
  std::string dir;
};

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

std::vector<RunSpec> plan_runs(const ReproduceCli& s, const std::string& out) {
  std::vector<const DatasetCol*> ds;
  for (const auto& d : split_list(s.datasets)) {
    std::string n = d == "fashion-mnist" || d == "fashion_mnist" ? "fmnist" : d;
    const DatasetCol* found = nullptr;
    for (const auto& c : kDatasets)
      if (n == c.key) found = &c;
    if (!found) throw UsageError("--datasets: unknown dataset '" + d + "' (use mnist,fmnist)");
    ds.push_back(found);
  }
  std::vector<std::string> wanted = split_list(s.methods);
  for (const auto& m : wanted) {
    bool ok = false;
    for (const auto& r : kMethods) ok |= m == r.key;
    if (!ok)
      throw UsageError("--methods: unknown method '" + m +
                       "' (use bp, strong-dfc, dfc, strong-dfc-nonoise, dfc-nonoise)");
  }
  std::vector<RunSpec> runs;
  for (const auto* d : ds)
    for (const auto& m : kMethods) {
      if (std::find(wanted.begin(), wanted.end(), m.key) == wanted.end()) continue;
      for (int k = 0; k < s.seeds; ++k) {
        RunSpec r{&m, d, std::string(d->prefix) + m.key, s.first_seed + k, ""};
        r.dir = join_path(join_path(out, "runs"), r.preset + "-seed" + std::to_string(r.seed));
        runs.push_back(r);
      }
    }
  return runs;
}

// Hyperparameter overrides shared by every run: --config FILE then --set KEY=VALUE.
void apply_overrides(const ReproduceCli& s, Config& c) {
  if (!s.config_file.empty()) {
    json j = read_json_file(s.config_file);
    if (j.is_object() && j.contains("config") && j["config"].is_object()) j = j["config"];
    apply_config_json(c, j, s.config_file);
  }
  for (const auto& kv : s.set) {
    auto eq = kv.find('=');
    std::string key = kv.substr(0, eq);
    if (key.rfind("--", 0) == 0) key = key.substr(2);
    const ConfigField* f = find_config_field(key);
    if (eq == std::string::npos || !f)
      throw UsageError("--set " + kv +
                       ": expected KEY=VALUE with KEY a hyperparameter flag name "
                       "(e.g. --set tmax_di=20)");
    f->set(c, kv.substr(eq + 1));
  }
}

TrainPlan make_plan(const ReproduceCli& s, const RunSpec& r, const std::string& data_dir,
                    int threads, const std::vector<std::string>& argv) {
  TrainPlan p;
  Config c = preset(r.preset);
  apply_overrides(s, c);
  if (s.epochs > 0) c.epochs = s.epochs;
  c.random_seed = static_cast<uint64_t>(r.seed);
  if (s.float32) c.double_precision = false;
  c.threads = threads;
  try {
    c.resolve_and_validate();
  } catch (const Error& e) {
    throw UsageError(r.preset + ": " + e.what());
  }
  p.cfg = c;
  p.use_double = c.double_precision;
  p.threads = threads;
  p.preset = r.preset;
  p.dataset = preset_dataset(r.preset);
  p.data_dir = data_dir;
  p.train_subset = s.train_subset;
  p.test_subset = s.test_subset;
  p.out_dir = r.dir;
  p.resume = true;  // continue a partial run; start fresh when there is no checkpoint
  p.quiet = s.quiet;
  p.argv = argv;
  return p;
}

// test_acc of a finished run (summary.json with the requested epochs), else NaN.
double finished_acc(const RunSpec& r, int epochs) {
  std::string sp = join_path(r.dir, "summary.json");
  if (!io::file_exists(sp) || !io::file_exists(join_path(r.dir, "weights.npz"))) return NAN;
  try {
    json j = read_json_file(sp);
    if (j.value("epochs", -1) != epochs || !j["test_acc"].is_number()) return NAN;
    return j["test_acc"].get<double>();
  } catch (const std::exception&) {
    return NAN;
  }
}

std::string fmt2(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.2f", v);
  return b;
}

struct Cell {
  int n = 0, expected = 0;
  double mean = NAN, std = NAN;
};

Cell summarise(const std::vector<double>& errs, int expected) {
  Cell c;
  c.expected = expected;
  c.n = static_cast<int>(errs.size());
  if (c.n == 0) return c;
  double s = 0;
  for (double e : errs) s += e;
  c.mean = s / c.n;
  if (c.n > 1) {
    double ss = 0;
    for (double e : errs) ss += (e - c.mean) * (e - c.mean);
    c.std = std::sqrt(ss / (c.n - 1));  // sample std over seeds
  }
  return c;
}

std::string cell_md(const Cell& c) {
  if (c.n == 0) return c.expected ? "— (0/" + std::to_string(c.expected) + " runs)" : "—";
  std::string s = fmt2(c.mean);
  s += c.n > 1 ? " ± " + fmt2(c.std) + " (n=" + std::to_string(c.n) + ")" : " (n=1)";
  if (c.n < c.expected)
    s += " [" + std::to_string(c.n) + "/" + std::to_string(c.expected) + " runs]";
  return s;
}

int epochs_of(const ReproduceCli& s, const RunSpec& r) {
  if (s.epochs > 0) return s.epochs;
  Config c = preset(r.preset);
  apply_overrides(s, c);
  return c.epochs;
}

void write_table(const ReproduceCli& s, const std::string& out, const std::vector<RunSpec>& runs) {
  std::vector<const DatasetCol*> cols;
  for (const auto& d : kDatasets)
    for (const auto& r : runs)
      if (r.dataset == &d) {
        cols.push_back(&d);
        break;
      }
  int epochs_used = runs.empty() ? 0 : epochs_of(s, runs.front());
  std::ostringstream md, csv;
  md << "# Test error (%) — Strong-DFC reproduction\n\n";
  md << "Mean ± sample standard deviation over seeds of the test error after the last epoch "
        "(ours), next to the paper's numbers (seed slides, spec §7: 40 epochs, full data).\n\n";
  md << "Settings used: epochs " << (s.epochs > 0 ? std::to_string(s.epochs) : "preset (40)")
     << ", seeds " << s.seeds << " (" << s.first_seed << "…" << s.first_seed + s.seeds - 1 << ")"
     << ", train subset "
     << (s.train_subset > 0 ? std::to_string(s.train_subset) + " of 55,000" : "all 55,000")
     << ", test subset "
     << (s.test_subset > 0 ? std::to_string(s.test_subset) + " of 10,000" : "all 10,000");
  if (s.float32) md << ", float32";
  for (const auto& kv : s.set) md << ", " << kv;
  if (!s.config_file.empty()) md << ", config " << s.config_file;
  md << ".\n\n| Method |";
  for (const auto* c : cols) md << " " << c->label << " (ours) | " << c->label << " (paper) |";
  md << "\n|---|";
  for (size_t i = 0; i < cols.size(); ++i) md << "---|---|";
  md << "\n";
  csv << "method,dataset,preset,n,expected,err_mean,err_std,paper_mean,paper_std,epochs,seeds,"
         "train_subset,test_subset\n";
  for (const auto& m : kMethods) {
    bool any = false;
    for (const auto& r : runs) any |= r.method == &m;
    if (!any) continue;
    md << "| " << m.label << " |";
    for (const auto* c : cols) {
      std::vector<double> errs;
      int expected = 0;
      std::string preset_name;
      for (const auto& r : runs) {
        if (r.method != &m || r.dataset != c) continue;
        ++expected;
        preset_name = r.preset;
        double acc = finished_acc(r, epochs_of(s, r));
        if (std::isfinite(acc)) errs.push_back(100.0 * (1.0 - acc));
      }
      Cell cell = summarise(errs, expected);
      bool is_mnist = std::string(c->key) == "mnist";
      double pm = is_mnist ? m.mnist_mean : m.fmnist_mean,
             ps = is_mnist ? m.mnist_std : m.fmnist_std;
      md << " " << cell_md(cell) << " | " << fmt2(pm) << " ± " << fmt2(ps) << " |";
      auto n = [](double v) { return std::isfinite(v) ? fmt2(v) : std::string(); };
      csv << "\"" << m.label << "\"," << c->label << "," << preset_name << "," << cell.n << ","
          << expected << "," << n(cell.mean) << "," << n(cell.std) << "," << fmt2(pm) << ","
          << fmt2(ps) << "," << epochs_used << "," << s.seeds << "," << s.train_subset << ","
          << s.test_subset << "\n";
    }
    md << "\n";
  }
  md << "\nRun directories: `" << join_path(out, "runs") << "/<preset>-seed<S>`; learning curves: "
     << "`curves.svg`.\n";
  io::write_file_atomic(join_path(out, "table.md"), md.str());
  io::write_file_atomic(join_path(out, "table.csv"), csv.str());

  // curves.svg: one row per dataset, one colour per method (seeds share it)
  Figure f;
  f.title = "Learning curves — reproduction of the paper's table";
  f.subtitle = std::to_string(runs.size()) + " runs; colour = method";
  for (const auto* c : cols) {
    std::vector<RunCurves> rc;
    std::vector<std::string> colours;
    std::vector<double> opacity;
    for (const auto& r : runs) {
      if (r.dataset != c || !io::file_exists(join_path(r.dir, "metrics.csv"))) continue;
      try {
        RunCurves x = load_run_curves(r.dir);
        x.label = std::string(r.method->label) + " seed " + std::to_string(r.seed);
        rc.push_back(x);
        colours.push_back(palette(static_cast<int>(r.method - kMethods)));
        opacity.push_back(s.seeds > 1 ? 0.75 : 1.0);
      } catch (const Error&) {
      }
    }
    for (auto& p : curve_panels(rc, std::string(c->label) + ": ", colours, opacity))
      f.panels.push_back(p);
  }
  for (const auto& m : kMethods) {
    bool any = false;
    for (const auto& r : runs) any |= r.method == &m;
    if (any) f.legend.push_back({m.label, palette(static_cast<int>(&m - kMethods)), false});
  }
  io::write_file_atomic(join_path(out, "curves.svg"), render_svg(f));
  std::fprintf(stderr, "\n%s\n", md.str().c_str());
}

std::string shell_quote(const std::string& s) {
  std::string r = "'";
  for (char c : s) r += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return r + "'";
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
  o << "# finished ones. When all tasks are done, write the table with the same arguments plus\n";
  o << "#   --table-only  (e.g. " << exe << " reproduce --out " << abs_out << " --table-only …)\n";
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
  for (const auto& r : runs) o << "  \"" << r.preset << " " << r.seed << "\"\n";
  o << ")\n";
  o << "read -r PRESET SEED <<< \"${RUNS[$SLURM_ARRAY_TASK_ID]}\"\n";
  o << "exec " << shell_quote(exe) << " train --preset \"$PRESET\" --seed \"$SEED\"";
  if (s.epochs > 0) o << " --epochs " << s.epochs;
  if (s.train_subset > 0) o << " --train-subset " << s.train_subset;
  if (s.test_subset > 0) o << " --test-subset " << s.test_subset;
  if (s.float32) o << " --float32";
  if (!s.config_file.empty())
    o << " --config " << shell_quote(std::filesystem::absolute(s.config_file).string());
  for (const auto& kv : s.set)
    o << " " << shell_quote("--" + (kv.rfind("--", 0) == 0 ? kv.substr(2) : kv));
  o << " --data " << shell_quote(std::filesystem::absolute(data_dir).string());
  o << " --threads \"${SLURM_CPUS_PER_TASK:-0}\"";
  o << " --out " << shell_quote(abs_out + "/runs") << "/\"${PRESET}-seed${SEED}\" --resume\n";
  io::write_file_atomic(s.slurm, o.str());
  std::filesystem::permissions(
      s.slurm, std::filesystem::perms::owner_exec | std::filesystem::perms::group_exec,
      std::filesystem::perm_options::add, ec);
  std::fprintf(stderr, "reproduce: wrote %s (%zu array tasks); submit with: sbatch %s\n",
               s.slurm.c_str(), runs.size(), s.slurm.c_str());
}

}  // namespace

void add_reproduce_options(CLI::App* sub, ReproduceCli& s) {
  sub->add_option("--seeds", s.seeds, "seeds per method and dataset")->check(CLI::Range(1, 1000));
  sub->add_option("--first-seed", s.first_seed,
                  "seeds are first-seed … first-seed+N-1 (default 1)");
  sub->add_option("--epochs", s.epochs, "epochs per run (0 = the presets' 40)")
      ->check(CLI::Range(0, 100000));
  sub->add_option("--train-subset", s.train_subset, "first N of the 55,000 training images")
      ->check(CLI::Range(0, 60000));
  sub->add_option("--test-subset", s.test_subset, "first N of the 10,000 test images")
      ->check(CLI::Range(0, 10000));
  sub->add_option("--out", s.out, "output dir (runs/, table.md, table.csv, curves.svg)")
      ->required();
  sub->add_option("--data", s.data, "directory with the IDX files");
  sub->add_option("--datasets", s.datasets, "comma list: mnist,fmnist");
  sub->add_option("--methods", s.methods,
                  "comma list, table order: bp,strong-dfc,dfc,strong-dfc-nonoise,dfc-nonoise");
  sub->add_option("--config", s.config_file, "JSON hyperparameter overrides for every run");
  sub->add_option("--set", s.set,
                  "KEY=VALUE hyperparameter override for every run (repeatable), "
                  "e.g. --set tmax_di=20 --set tmax_di_fb=20");
  sub->add_option("--threads", s.threads, "threads per run (0 = all cores / cores per MPI rank)")
      ->check(CLI::Range(0, 1024));
  sub->add_flag("--float32", s.float32, "train every run in float32");
  sub->add_flag("--quiet", s.quiet, "print only errors and the table");
  sub->add_flag("--table-only", s.table_only,
                "do not train: gather the run dirs and write the table");
  sub->add_option("--slurm", s.slurm, "write a Slurm job-array script to FILE instead of training");
  sub->add_option("--slurm-time", s.slurm_time, "#SBATCH --time of each array task");
}

int run_reproduce(const ReproduceCli& s, const std::vector<std::string>& argv,
                  const std::string& repo_root) {
  const World& w = mpi_world();
  std::vector<RunSpec> runs = plan_runs(s, s.out);
  if (runs.empty()) throw UsageError("reproduce: nothing to run (check --methods and --datasets)");
  const std::string data_dir = !s.data.empty() ? s.data : io::default_data_dir(repo_root);
  for (const auto& r : runs) {  // validate every preset + override before any work
    Config c = preset(r.preset);
    apply_overrides(s, c);
  }
  if (!s.slurm.empty()) {
    if (w.rank == 0) {
      ensure_writable_dir(s.out);
      write_slurm(s, s.out, runs, data_dir);
    }
    return kExitOk;
  }
  if (w.rank == 0) ensure_writable_dir(s.out);
  mpi_barrier();

  int threads = s.threads;
  if (threads == 0 && w.size > 1)
    threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency()) / w.size);

  int worst = kExitOk, done = 0, skipped = 0, failed = 0;
  if (!s.table_only) {
    for (size_t i = 0; i < runs.size(); ++i) {
      if (static_cast<int>(i % w.size) != w.rank) continue;
      const RunSpec& r = runs[i];
      std::string tag = "[" + std::to_string(i + 1) + "/" + std::to_string(runs.size()) + " " +
                        r.preset + " seed " + std::to_string(r.seed) + "] ";
      if (w.size > 1) tag = "[rank " + std::to_string(w.rank) + "] " + tag;
      if (std::isfinite(finished_acc(r, epochs_of(s, r)))) {
        ++skipped;
        if (!s.quiet) std::fprintf(stderr, "%salready complete, skipped\n", tag.c_str());
        continue;
      }
      TrainPlan p = make_plan(s, r, data_dir, threads, argv);
      p.log_prefix = tag;
      try {
        run_training(p);
        ++done;
      } catch (const InterruptedError&) {
        throw;
      } catch (const DivergedError& e) {
        ++failed;
        worst = std::max<int>(worst, kExitRuntime);
        std::fprintf(stderr, "%s%s\n", tag.c_str(), e.what());
      } catch (const UsageError&) {
        throw;
      } catch (const Error& e) {
        ++failed;
        worst = std::max<int>(worst, kExitRuntime);
        std::fprintf(stderr, "%sfailed: %s\n", tag.c_str(), e.what());
      }
      if (stop_requested()) break;
    }
  }
  mpi_barrier();
  worst = mpi_max(worst);
  if (w.rank == 0) {
    write_table(s, s.out, runs);
    json j = {{"table_md", join_path(s.out, "table.md")},
              {"table_csv", join_path(s.out, "table.csv")},
              {"curves_svg", join_path(s.out, "curves.svg")},
              {"runs", runs.size()},
              {"ranks", w.size},
              {"trained_here", done},
              {"skipped_here", skipped},
              {"failed_here", failed}};
    std::printf("%s\n", j.dump().c_str());
    std::fflush(stdout);
  }
  return worst;
}

}  // namespace sdfc::cli
