// paper_table.cpp — the slide table's definition, its records, and table.md / table.csv /
// curves.svg / control.svg rebuilt from them (see paper_table.h).
#include "paper_table.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "config_fields.h"
#include "run_dir.h"
#include "sdfc/data.h"
#include "sdfc/fast_mode.h"
#include "sdfc/io/atomic_file.h"
#include "svg_chart.h"
#include "text_format.h"

namespace sdfc::cli {
namespace fs = std::filesystem;

namespace {
struct Published {
  const char* key;
  double mean[2], std[2];  // test error %, (MNIST, Fashion-MNIST)
};
// the seed slides "Strong-DFC: noise robustness" (spec §7), in the slide's row order
constexpr Published kPaper[] = {
    {"bp", {1.83, 10.60}, {0.11, 0.44}},
    {"strong-dfc", {2.19, 12.07}, {0.05, 0.16}},
    {"dfc", {15.15, 16.29}, {0.44, 0.41}},
    {"strong-dfc-nonoise", {1.98, 11.36}, {0.05, 0.17}},
    {"dfc-nonoise", {2.09, 11.31}, {0.10, 0.14}},
};
}  // namespace

const std::vector<TableMethod>& table_methods() {
  static const std::vector<TableMethod> rows = [] {
    std::vector<TableMethod> r;
    for (const Published& p : kPaper) {
      const MethodInfo* m = nullptr;
      const MethodVariant* v = find_variant(p.key, &m);
      r.push_back(
          {v->key, v->label, {p.mean[0], p.mean[1]}, {p.std[0], p.std[1]}, m->uses_controller});
    }
    for (const auto& [m, v] : method_rows()) {
      bool published = false;
      for (const Published& p : kPaper) published |= std::string(p.key) == v->key;
      if (!published) r.push_back({v->key, v->label, {NAN, NAN}, {NAN, NAN}, m->uses_controller});
    }
    return r;
  }();
  return rows;
}

std::string paper_method_keys() {
  std::string s;
  for (const Published& p : kPaper) s += (s.empty() ? "" : ",") + std::string(p.key);
  return s;
}

const std::vector<TableDataset>& table_datasets() {
  static const std::vector<TableDataset> d = {{"mnist", "mnist-", "MNIST"},
                                              {"fmnist", "fmnist-", "Fashion-MNIST"}};
  return d;
}

std::string record_dir(const std::string& root, const TableDataset& d, const TableMethod& m,
                       int seed) {
  return join_path(join_path(join_path(root, d.key), m.key), "seed" + std::to_string(seed));
}

bool run_finished(const std::string& dir, int epochs) {
  const std::string sp = join_path(dir, "summary.json");
  if (!io::file_exists(sp)) return false;
  try {
    return read_json_file(sp).value("epochs", -1) == epochs;
  } catch (const std::exception&) {
    return false;
  }
}

namespace {

RunRecord load_record(const std::string& dir, int seed, int budget) {
  RunRecord r;
  r.dir = dir, r.seed = seed;
  r.metrics = read_metrics_csv(join_path(dir, "metrics.csv"));
  if (budget > 0) {
    // The run read at its first `budget` epochs: what a `budget`-epoch run of the same command
    // records, since nothing in the schedule depends on the total number of epochs.
    const int ec = r.metrics.col("epoch");
    auto& rows = r.metrics.rows;
    rows.erase(std::remove_if(rows.begin(), rows.end(),
                              [&](const std::vector<double>& row) { return row[ec] > budget; }),
               rows.end());
  }
  r.result = summarize_metrics(r.metrics);
  const std::string rj_path = join_path(dir, "run.json");
  if (io::file_exists(rj_path)) {
    json rj = read_json_file(rj_path);
    r.target_epochs = rj.value("epochs", 0);
    // json::empty() is false for every string, "" included: test the string itself, so that a
    // run started with a blank `command` (a direct `sdfc_train train`) shows its argv instead.
    if (rj.contains("command") && rj["command"].is_string())
      r.command = rj["command"].get<std::string>();
    if (r.command.empty() && rj.contains("argv")) {
      auto argv = rj["argv"].get<std::vector<std::string>>();
      // the program as its file name: the path was the launching machine's (/tmp/…, runs/queue/…)
      if (!argv.empty()) argv[0] = argv[0].substr(argv[0].find_last_of('/') + 1);
      r.command = shell_join(argv);
    }
    if (rj.contains("config")) {
      Config c;
      try {
        apply_config_json(c, rj["config"], rj_path);
        r.solver = solver_description(c);
        r.loss_floor = soft_target_entropy(c.sizes.back(), c.target_class_value);
        const int passes = c.method_def().learns_feedback ? c.init_fb_epochs : 0;
        if (passes == 0)
          r.pretrain_s = 0;
        else if (rj.value("pretrain_passes_timed", -1) == passes)
          r.pretrain_s = rj["pretrain_s"].get<double>();
      } catch (const Error&) {
        r.solver = "?";
      }
    }
  }
  if (budget > 0) {  // finished at the budget when its epochs reach it
    r.target_epochs = budget;
    r.finished = r.result.epochs == budget;
  } else {
    r.finished = r.target_epochs > 0 && run_finished(dir, r.target_epochs);
  }
  return r;
}

// A run's time: its epochs (metrics.csv's wall_s) and the feedback pre-training before them;
// "42 min †" when the pre-training time was not recorded (kUntimedPretrainNote).
std::string run_time_md(double wall_s, double pretrain_s) {
  if (!std::isfinite(wall_s)) return "—";
  return std::isfinite(pretrain_s) ? human_duration(wall_s + pretrain_s)
                                   : human_duration(wall_s) + " †";
}
constexpr const char* kUntimedPretrainNote =
    "† The epochs only: the feedback pre-training passes before epoch 1 (`init_fb_epochs`) are "
    "timed in run.json (`pretrain_s`) only by runs started by a trainer of commit a1caed9 "
    "(2026-12-05) or later.";

// The line that says a table reads its records at a budget (reproduce --table-only --epochs N).
std::string budget_note(int budget) {
  if (budget <= 0) return "";
  return "**Budget: the first " + std::to_string(budget) + " epochs of every record** (`--epochs " +
         std::to_string(budget) + "`): a longer run counts as the " + std::to_string(budget) +
         "-epoch run of its command, whose epochs it shares (no part of the schedule depends "
         "on the total); its best-validation epoch is chosen among those epochs.\n\n";
}

std::string fmt(const char* f, double v) {
  char b[48];
  std::snprintf(b, sizeof b, f, v);
  return b;
}

std::string stat_md(const Stat& s) {
  if (s.n == 0) return "—";
  return fmt("%.2f", s.mean) + (s.n > 1 ? " ± " + fmt("%.2f", s.std) : "");
}

// The paper's "mean ± std" of a cell, or "—" where the paper has no value (extra rows).
std::string paper_md(double mean, double std) {
  return std::isfinite(mean) ? fmt("%.2f", mean) + " ± " + fmt("%.2f", std) : "—";
}

// Joins distinct values: "40" or "10, 40".
std::string distinct(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : "; ") + x;
  return s.empty() ? "—" : s;
}

struct CellData {
  const TableDataset* d;
  const TableMethod* m;
  int col;  // 0 MNIST, 1 FMNIST
  std::vector<RunRecord> runs, done;
  int expected = 0;
  Stat best, last;
};

// Mean ± std over runs per epoch of a metrics column (runs that reached the epoch).
Series band_series(const std::vector<RunRecord>& runs, const char* column, double scale,
                   const std::string& label, const std::string& colour) {
  Series s;
  s.label = label, s.color = colour;
  int max_epoch = 0;
  for (const auto& r : runs) max_epoch = std::max(max_epoch, r.result.epochs);
  for (int e = 1; e <= max_epoch; ++e) {
    std::vector<double> v;
    for (const auto& r : runs) {
      const auto ep = r.metrics.column("epoch"), y = r.metrics.column(column);
      for (size_t i = 0; i < ep.size(); ++i)
        if (static_cast<int>(ep[i]) == e && std::isfinite(y[i])) v.push_back(scale * y[i]);
    }
    Stat st = stat_of(v);
    s.x.push_back(e);
    s.y.push_back(st.mean);
    s.lo.push_back(st.n > 1 ? st.mean - st.std : NAN);
    s.hi.push_back(st.n > 1 ? st.mean + st.std : NAN);
  }
  return s;
}

// The zoom panel is for the cells that differ by tenths of a percent: a series whose mean over
// its plotted epochs is more than `factor` × the lowest series' mean is left out of it (the
// whole-run panel beside it shows it), and the title names it.
void drop_far_series(Panel& p, double factor) {
  std::vector<double> mean;  // [series]: mean of its finite y (NaN if none)
  for (const auto& s : p.series) {
    std::vector<double> v;
    for (double y : s.y)
      if (std::isfinite(y)) v.push_back(y);
    mean.push_back(stat_of(v).mean);
  }
  double lowest = INFINITY;
  for (double m : mean)
    if (std::isfinite(m)) lowest = std::min(lowest, m);
  std::vector<Series> kept;
  std::string off;
  for (size_t i = 0; i < p.series.size(); ++i) {
    if (mean[i] > factor * lowest) {
      off += (off.empty() ? "" : ", ") + p.series[i].label;
    } else {
      kept.push_back(std::move(p.series[i]));
    }
  }
  p.series = std::move(kept);
  if (!off.empty()) p.title += ", without " + off;
}

// Mean over the second half of the epochs two runs share of |test error a − test error b|
// (percentage points), appended to `out` (nothing if they share fewer than 2 epochs).
void push_mean_abs_diff(const RunRecord& a, const RunRecord& b, std::vector<double>& out) {
  const std::vector<double> ta = a.metrics.column("test_acc"), tb = b.metrics.column("test_acc");
  const size_t n = std::min(ta.size(), tb.size());
  if (n < 2) return;
  double sum = 0;
  for (size_t e = n / 2; e < n; ++e) sum += 100 * std::fabs(ta[e] - tb[e]);
  out.push_back(sum / double(n - n / 2));
}

}  // namespace

std::vector<RunRecord> find_records(const std::string& root, const TableDataset& d,
                                    const TableMethod& m, int budget) {
  std::vector<RunRecord> out;
  const fs::path cell = fs::path(root) / d.key / m.key;
  std::error_code ec;
  if (!fs::is_directory(cell, ec)) return out;
  for (const auto& e : fs::directory_iterator(cell, ec)) {
    const std::string name = e.path().filename().string();
    if (!e.is_directory() || name.rfind("seed", 0) != 0) continue;
    int seed = 0;
    try {
      seed = std::stoi(name.substr(4));
    } catch (const std::exception&) {
      continue;
    }
    if (!io::file_exists((e.path() / "metrics.csv").string())) continue;
    out.push_back(load_record(e.path().string(), seed, budget));
  }
  std::sort(out.begin(), out.end(),
            [](const RunRecord& a, const RunRecord& b) { return a.seed < b.seed; });
  return out;
}

std::string write_paper_table(const TableRequest& q) {
  std::vector<CellData> cells;
  for (const auto* d : q.datasets)
    for (const auto* m : q.methods) {
      CellData c{d, m, d == &table_datasets()[0] ? 0 : 1, {}, {}, 0, {}, {}};
      c.runs = find_records(q.from, *d, *m, q.budget);
      std::vector<double> best, last;
      for (const auto& r : c.runs)
        if (r.finished) {
          c.done.push_back(r);
          best.push_back(r.result.test_err_val_best());
          last.push_back(r.result.test_err_last());
        }
      auto it = q.expected.find(std::string(d->key) + "/" + m->key);
      // planned by this invocation, or found on disk (a shared folder holds more than one
      // invocation's runs)
      c.expected =
          std::max(it != q.expected.end() ? it->second : 0, static_cast<int>(c.runs.size()));
      c.best = stat_of(best), c.last = stat_of(last);
      cells.push_back(std::move(c));
    }

  std::ostringstream md, csv;
  md << "# Test error (%) — the paper's table, reproduced\n\n"
     << "**Metric**: test error at the epoch with the best validation accuracy (the authors' "
        "`acc_test_val_best`, the paper's metric), and for comparison at the last epoch. "
        "Mean ± sample standard deviation (ddof = 1, like pandas' `DataFrame.std` in the "
        "authors' seed-robustness script) over the finished seeds. Δ = (ours − paper) in units "
        "of the paper's std. Paper: seed slides \"Strong-DFC: noise robustness\" (spec §7; 40 "
        "epochs, full data).\n\n";
  if (!q.settings.empty()) md << "Runs: " << q.settings << "\n\n";
  md << budget_note(q.budget);
  md << "Records: `" << q.from << "/<dataset>/<method>/seed<k>/` (run.json, metrics.csv, "
     << "summary.json).\n";
  csv << "method,dataset,preset_method,n_finished,n_expected,err_val_best_mean,err_val_best_std,"
         "err_last_mean,err_last_std,paper_mean,paper_std,delta_paper_std,epochs,solver,"
         "wall_s_mean,seeds,pretrain_s_mean\n";
  bool untimed_pretrain = false;  // a cell's time leaves out pre-training: say so below it
  for (const auto* d : q.datasets) {
    md << "\n## " << d->label << "\n\n"
       << "| Method | test error @ best val | last epoch | paper | Δ (paper σ) | seeds | epochs "
          "| solver | time per run |\n"
       << "|---|---|---|---|---|---|---|---|---|\n";
    for (const auto& c : cells) {
      if (c.d != d) continue;
      const double pm = c.m->paper_mean[c.col], ps = c.m->paper_std[c.col];
      const double delta = c.best.n ? (c.best.mean - pm) / ps : NAN;
      std::vector<std::string> epochs, solvers, seeds;
      double wall = 0, pretrain = 0;  // pretrain: NaN once a run's is unknown
      for (const auto& r : c.done) {
        epochs.push_back(std::to_string(r.target_epochs));
        solvers.push_back(r.solver);
        seeds.push_back(std::to_string(r.seed));
        wall += r.result.wall_s, pretrain += r.pretrain_s;
      }
      wall = c.done.empty() ? NAN : wall / c.done.size();
      pretrain = c.done.empty() ? NAN : pretrain / c.done.size();
      untimed_pretrain = untimed_pretrain || (!c.done.empty() && !std::isfinite(pretrain));
      std::string n = std::to_string(c.done.size()) + "/" + std::to_string(c.expected);
      int running = static_cast<int>(c.runs.size() - c.done.size());
      if (running > 0) n += " (+" + std::to_string(running) + " partial)";
      md << "| " << c.m->label << " | " << (c.best.n ? "**" + stat_md(c.best) + "**" : "—") << " | "
         << stat_md(c.last) << " | " << paper_md(pm, ps) << " | "
         << (std::isfinite(delta) ? fmt("%+.1f", delta) : "—") << " | " << n << " | "
         << distinct(epochs) << " | " << distinct(solvers) << " | " << run_time_md(wall, pretrain)
         << " |\n";
      auto num = [](double v) { return std::isfinite(v) ? fmt("%.4f", v) : std::string(); };
      auto paper2 = [](double v) { return std::isfinite(v) ? fmt("%.2f", v) : std::string(); };
      std::string seed_list;
      for (const auto& s : seeds) seed_list += (seed_list.empty() ? "" : " ") + s;
      csv << "\"" << c.m->label << "\"," << d->label << "," << c.m->key << "," << c.done.size()
          << "," << c.expected << "," << num(c.best.mean) << "," << num(c.best.std) << ","
          << num(c.last.mean) << "," << num(c.last.std) << "," << paper2(pm) << "," << paper2(ps)
          << "," << num(delta) << ",\"" << distinct(epochs) << "\",\"" << distinct(solvers) << "\","
          << num(wall) << ",\"" << seed_list << "\"," << num(pretrain) << "\n";
    }
  }
  if (untimed_pretrain) md << "\n" << kUntimedPretrainNote << "\n";
  // How much the epoch-selection rule matters: the finished runs' test error under the
  // paper's rule and three others, among them the optimistic one that picks on the test set.
  md << "\n## Epoch selection\n\n"
     << "The finished runs' test error (%) when the epoch is chosen by the validation set (the "
        "paper's metric, the table's first column), taken at the last epoch, averaged over the "
        "last 5 epochs, or chosen by the test set itself (the lowest test error over all "
        "epochs, which the authors' run summaries also record, as `acc_test_best` next to "
        "`acc_test_val_best`: optimistic, shown to tell how much of a gap the choice of rule "
        "can make). Mean ± sample std over seeds.\n\n"
     << "| cell | seeds | best val epoch | last epoch | mean of the last 5 | lowest test "
        "error (`acc_test_best`, optimistic) | paper |\n|---|---|---|---|---|---|---|\n";
  for (const auto& c : cells) {
    if (c.done.empty()) continue;
    std::vector<double> last5, lowest;
    for (const auto& r : c.done) {
      const std::vector<double> acc = r.metrics.column("test_acc");
      if (acc.empty()) continue;
      double lo = INFINITY, sum = 0;
      const size_t k = std::min<size_t>(5, acc.size());
      for (size_t e = 0; e < acc.size(); ++e) {
        lo = std::min(lo, 100 * (1 - acc[e]));
        if (e + k >= acc.size()) sum += 100 * (1 - acc[e]);
      }
      lowest.push_back(lo), last5.push_back(sum / double(k));
    }
    const double pm = c.m->paper_mean[c.col], ps = c.m->paper_std[c.col];
    md << "| " << c.d->label << " " << c.m->label << " | " << c.done.size() << " | "
       << stat_md(c.best) << " | " << stat_md(c.last) << " | " << stat_md(stat_of(last5)) << " | "
       << stat_md(stat_of(lowest)) << " | " << paper_md(pm, ps) << " |\n";
  }
  // H = 0 ⇔ L = 0 on the records: H and the loss above its floor at the last epoch, and the
  // log–log slope of H against L − L_min after the first kSettle epochs (least squares per run).
  constexpr size_t kSettle = 5;
  std::ostringstream hmd;
  for (const auto& c : cells) {
    if (c.done.empty() || !c.m->controller) continue;
    std::vector<double> h_last, l_last, slope;
    for (const auto& r : c.done) {
      const std::vector<double> H = r.metrics.column("H"), L = r.metrics.column("train_loss");
      std::vector<double> x, y;
      for (size_t e = kSettle; e < std::min(H.size(), L.size()); ++e)
        if (H[e] > 0 && L[e] - r.loss_floor > 0)
          x.push_back(std::log(L[e] - r.loss_floor)), y.push_back(std::log(H[e]));
      if (H.empty() || L.empty()) continue;
      h_last.push_back(H.back()), l_last.push_back(L.back() - r.loss_floor);
      if (x.size() < 3) continue;
      double mx = 0, my = 0, sxy = 0, sxx = 0;
      for (size_t i = 0; i < x.size(); ++i)
        mx += x[i] / double(x.size()), my += y[i] / double(x.size());
      for (size_t i = 0; i < x.size(); ++i)
        sxy += (x[i] - mx) * (y[i] - my), sxx += (x[i] - mx) * (x[i] - mx);
      if (sxx > 0) slope.push_back(sxy / sxx);
    }
    auto sci = [](const Stat& st) {
      return st.n == 0 ? std::string("—")
                       : fmt("%.3g", st.mean) + (st.n > 1 ? " ± " + fmt("%.2g", st.std) : "");
    };
    hmd << "| " << c.d->label << " " << c.m->label << " | " << c.done.size() << " | "
        << fmt("%.3g", c.done.front().loss_floor) << " | " << sci(stat_of(l_last)) << " | "
        << sci(stat_of(h_last)) << " | " << stat_md(stat_of(slope)) << " |\n";
  }
  if (!hmd.str().empty())
    md << "\n## Amount of control against the loss\n\n"
       << "H = 0 exactly when the output sits on the target, i.e. when the training loss is at "
          "its floor L_min (the soft targets' entropy, 0 for hard labels). Per finished run: the "
          "last epoch's loss above that floor and its H, and the least-squares slope of log H "
          "against log(L − L_min) over epochs "
       << kSettle + 1 << " to the last (H ∝ (L − L_min)^slope); mean ± sample std over seeds.\n\n"
       << "| cell | seeds | L_min | L − L_min, last epoch | H, last epoch | log–log slope |\n"
       << "|---|---|---|---|---|---|\n"
       << hmd.str();
  // per run: both metrics, the best epoch and the command that made it
  md << "\n## Runs\n\n| cell | seed | epochs | best val epoch | test error @ best val | last "
        "epoch | time | command |\n|---|---|---|---|---|---|---|---|\n";
  for (const auto& c : cells)
    for (const auto& r : c.runs) {
      std::string ep = std::to_string(r.result.epochs) + "/" + std::to_string(r.target_epochs);
      // a run interrupted before its first epoch (e.g. in pre-training) has no metrics yet
      const bool any = r.result.epochs > 0;
      md << "| " << c.d->label << " " << c.m->label << " | " << r.seed << " | " << ep
         << (r.finished ? "" : " (partial)") << " | "
         << (any ? std::to_string(r.result.best_val_epoch) : "—") << " | "
         << (any ? fmt("%.2f", r.result.test_err_val_best()) : "—") << " | "
         << (any ? fmt("%.2f", r.result.test_err_last()) : "—") << " | "
         << (any ? run_time_md(r.result.wall_s, r.pretrain_s) : "—") << " | `" << r.command
         << "` |\n";
      untimed_pretrain = untimed_pretrain || (any && !std::isfinite(r.pretrain_s));
    }
  if (untimed_pretrain) md << "\n" << kUntimedPretrainNote << "\n";
  io::write_file_atomic(join_path(q.out, "table.md"), md.str());
  io::write_file_atomic(join_path(q.out, "table.csv"), csv.str());

  // curves.svg: test error vs epoch, mean ± std over seeds, per dataset the whole run and a
  // zoom on the epochs from kZoomFrom on (where the methods differ by tenths of a percent;
  // without a row more than kZoomOffScale × the best one's error, drop_far_series);
  // control.svg: H vs epoch and H against the training loss above its floor (controller methods).
  constexpr int kZoomFrom = 10;
  constexpr double kZoomOffScale = 2.0;
  Figure err, ctl;
  err.title = "Test error vs epoch (mean ± std over seeds)";
  ctl.title = "Amount of control H = ‖Q u_ss‖²";
  err.subtitle = ctl.subtitle = "records: " + q.from;
  err.cols = 2;
  ctl.cols = 2;
  for (const auto* d : q.datasets) {
    Panel pe{std::string(d->label) + ": test error", "epoch", "test error (%)", true, false, {}};
    Panel pz{std::string(d->label) + ": from epoch " + std::to_string(kZoomFrom),
             "epoch",
             "test error (%)",
             false,
             false,
             {}};
    Panel ph{std::string(d->label) + ": H vs epoch", "epoch", "H", true, false, {}};
    // H = 0 ⇔ L = 0 (the paper) for the loss that is 0 at the target: the cross-entropy minus
    // its floor L_min under soft targets, i.e. KL(t ‖ softmax(r_L)) (the epoch's mean).
    Panel pl{std::string(d->label) + ": H vs the loss above L_min",
             "training loss − L_min",
             "H",
             true,
             true,
             {}};
    pl.integer_x = false;
    for (const auto& c : cells) {
      if (c.d != d || c.runs.empty()) continue;
      const std::string colour = palette(static_cast<int>(c.m - table_methods().data()));
      Series s = band_series(c.runs, "test_acc", 1.0, c.m->label, colour);
      for (auto& y : s.y) y = 100.0 * (1.0 - y);
      for (size_t i = 0; i < s.lo.size(); ++i) {  // error = 1 − acc flips the band
        double lo = 100.0 * (1.0 - s.hi[i]), hi = 100.0 * (1.0 - s.lo[i]);
        s.lo[i] = lo, s.hi[i] = hi;
      }
      pe.series.push_back(s);
      Series z = s;
      for (size_t i = 0; i < z.x.size(); ++i)
        if (z.x[i] < kZoomFrom) z.y[i] = z.lo[i] = z.hi[i] = NAN;
      pz.series.push_back(z);
      Series h = band_series(c.runs, "H", 1.0, c.m->label, colour);
      bool has_h = false;
      for (double v : h.y) has_h |= std::isfinite(v) && v > 0;
      if (!has_h) continue;
      ph.series.push_back(h);
      double floor = 0;  // the cell's runs share their targets
      for (const auto& r : c.runs) floor = std::max(floor, r.loss_floor);
      Series loss = band_series(c.runs, "train_loss", 1.0, c.m->label, colour);
      Series hl;
      hl.label = c.m->label, hl.color = colour, hl.y = h.y;
      for (double v : loss.y) hl.x.push_back(v - floor);
      pl.series.push_back(hl);
    }
    drop_far_series(pz, kZoomOffScale);
    err.panels.push_back(pe);
    err.panels.push_back(pz);
    ctl.panels.push_back(ph);
    ctl.panels.push_back(pl);
  }
  for (const auto* m : q.methods) {
    const std::string colour = palette(static_cast<int>(m - table_methods().data()));
    err.legend.push_back({m->label, colour, false});
    if (m->controller) ctl.legend.push_back({m->label, colour, false});
  }
  io::write_file_atomic(join_path(q.out, "curves.svg"), render_svg(err));
  io::write_file_atomic(join_path(q.out, "control.svg"), render_svg(ctl));
  return md.str();
}

std::string write_comparison(const TableRequest& q, const std::string& baseline) {
  std::ostringstream md;
  md << "# " << q.from << " against " << baseline << "\n\n"
     << "Cell by cell, on the seeds finished in both (paired): test error (%) at the "
        "best-validation epoch and at the last epoch, mean ± sample std over those seeds; Δ = "
        "mean of (ours − baseline) per seed; \"within\" = |Δ| ≤ the paper's std of the cell; "
        "speed-up = mean baseline wall time / mean of ours (as recorded: runs made at different "
        "times under different loads compare the loads too).\n\n"
     << budget_note(q.budget)
     << "| cell | seeds | epochs | baseline @ best val | ours @ best val | Δ best val | within "
        "paper σ | baseline last | ours last | Δ last | speed-up | solvers (baseline → ours) "
        "|\n|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (const auto* d : q.datasets)
    for (const auto* m : q.methods) {
      const int col = d == &table_datasets()[0] ? 0 : 1;
      std::map<int, RunRecord> base;
      for (auto& r : find_records(baseline, *d, *m, q.budget))
        if (r.finished) base[r.seed] = r;
      std::vector<double> b_best, o_best, b_last, o_last, d_best, d_last;
      double b_wall = 0, o_wall = 0;
      std::vector<std::string> seeds, epochs, solvers;
      for (auto& r : find_records(q.from, *d, *m, q.budget)) {
        auto it = base.find(r.seed);
        if (!r.finished || it == base.end() || it->second.result.epochs != r.result.epochs)
          continue;
        const RunResult &o = r.result, &b = it->second.result;
        b_best.push_back(b.test_err_val_best()), o_best.push_back(o.test_err_val_best());
        b_last.push_back(b.test_err_last()), o_last.push_back(o.test_err_last());
        d_best.push_back(o.test_err_val_best() - b.test_err_val_best());
        d_last.push_back(o.test_err_last() - b.test_err_last());
        b_wall += b.wall_s, o_wall += o.wall_s;
        seeds.push_back(std::to_string(r.seed));
        epochs.push_back(std::to_string(o.epochs));
        solvers.push_back(it->second.solver + " → " + r.solver);
      }
      if (seeds.empty()) continue;
      const Stat db = stat_of(d_best), dl = stat_of(d_last);
      const double ps = m->paper_std[col];
      std::string seed_list;
      for (const auto& x : seeds) seed_list += (seed_list.empty() ? "" : ", ") + x;
      md << "| " << d->label << " " << m->label << " | " << seed_list << " | " << distinct(epochs)
         << " | " << stat_md(stat_of(b_best)) << " | " << stat_md(stat_of(o_best)) << " | "
         << fmt("%+.2f", db.mean) << " | "
         << (!std::isfinite(ps)         ? std::string("— (not in the paper)")
             : std::fabs(db.mean) <= ps ? "yes (σ " + fmt("%.2f", ps) + ")"
                                        : "**no** (σ " + fmt("%.2f", ps) + ")")
         << " | " << stat_md(stat_of(b_last)) << " | " << stat_md(stat_of(o_last)) << " | "
         << fmt("%+.2f", dl.mean) << " | " << (o_wall > 0 ? fmt("%.1f×", b_wall / o_wall) : "—")
         << " | " << distinct(solvers) << " |\n";
    }
  // Epoch by epoch, partial runs included: evidence before the slow baseline has finished.
  md << "\n## Epoch by epoch (partial runs included)\n\n"
     << "Every seed present in both, over the epochs both have recorded: test error (%) of "
        "the baseline and ours at each of those epochs, and the time per epoch ratio "
        "(baseline / ours, from the records' cumulative wall time).\n\n"
     << "| cell | seed | epochs compared | baseline test error by epoch | ours | mean Δ | "
        "time per epoch, baseline / ours |\n|---|---|---|---|---|---|---|\n";
  for (const auto* d : q.datasets)
    for (const auto* m : q.methods) {
      std::map<int, RunRecord> base;
      for (auto& r : find_records(baseline, *d, *m, q.budget)) base[r.seed] = r;
      for (auto& r : find_records(q.from, *d, *m, q.budget)) {
        auto it = base.find(r.seed);
        if (it == base.end()) continue;
        const std::vector<double> bt = it->second.metrics.column("test_acc"),
                                  ot = r.metrics.column("test_acc"),
                                  bw = it->second.metrics.column("wall_s"),
                                  ow = r.metrics.column("wall_s");
        const size_t n = std::min(bt.size(), ot.size());
        if (n == 0) continue;
        std::string bl, ol;
        double sum = 0;
        for (size_t e = 0; e < n; ++e) {
          bl += (e ? " " : "") + fmt("%.2f", 100 * (1 - bt[e]));
          ol += (e ? " " : "") + fmt("%.2f", 100 * (1 - ot[e]));
          sum += 100 * ((1 - ot[e]) - (1 - bt[e]));
        }
        const bool walls = bw.size() >= n && ow.size() >= n && ow[n - 1] > 0;
        md << "| " << d->label << " " << m->label << " | " << r.seed << " | 1–" << n << " | " << bl
           << " | " << ol << " | " << fmt("%+.2f", sum / double(n)) << " | "
           << (walls ? fmt("%.1f×", bw[n - 1] / ow[n - 1]) : std::string("—")) << " |\n";
      }
    }
  // Is the solver's effect larger than a change of seed? Same seed (ours vs baseline) against
  // different seeds (baseline vs baseline, ours vs ours), per-epoch |Δ test error| over the
  // second half of the epochs both runs of a pair have recorded (after the fast initial fall).
  md << "\n## Solver difference against seed difference\n\n"
     << "Mean over epochs of |Δ test error| (pp), over the second half of the epochs both runs "
        "of a pair have recorded: ours against the baseline on the same seed (what the solver "
        "changes), and two different seeds of the same solver (what a seed changes; every pair, "
        "partial runs included). A solver change smaller than a seed change is within the "
        "spread the table's mean ± std already reports.\n\n"
     << "| cell | same seed, ours vs baseline | different seeds, baseline | different seeds, "
        "ours | pairs (same / baseline / ours) |\n|---|---|---|---|---|\n";
  for (const auto* d : q.datasets)
    for (const auto* m : q.methods) {
      std::vector<RunRecord> b_runs = find_records(baseline, *d, *m, q.budget),
                             o_runs = find_records(q.from, *d, *m, q.budget);
      std::vector<double> same, b_seeds, o_seeds;
      for (const auto& o : o_runs)
        for (const auto& b : b_runs)
          if (o.seed == b.seed) push_mean_abs_diff(o, b, same);
      auto seed_pairs = [](const std::vector<RunRecord>& runs, std::vector<double>& out) {
        for (size_t i = 0; i < runs.size(); ++i)
          for (size_t j = i + 1; j < runs.size(); ++j) push_mean_abs_diff(runs[i], runs[j], out);
      };
      seed_pairs(b_runs, b_seeds), seed_pairs(o_runs, o_seeds);
      if (same.empty()) continue;
      auto cell = [](const std::vector<double>& v) {
        return v.empty() ? std::string("—") : fmt("%.2f", stat_of(v).mean);
      };
      md << "| " << d->label << " " << m->label << " | " << cell(same) << " | " << cell(b_seeds)
         << " | " << cell(o_seeds) << " | " << same.size() << " / " << b_seeds.size() << " / "
         << o_seeds.size() << " |\n";
    }
  io::write_file_atomic(join_path(q.out, "comparison.md"), md.str());
  return md.str();
}

}  // namespace sdfc::cli
