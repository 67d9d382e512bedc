// plot.cpp — learning curves from run dirs' metrics.csv rendered with svg_chart.
#include "plot.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "exit_codes.h"
#include "run_dir.h"
#include "sdfc/io/atomic_file.h"
#include "sweep_plot.h"

namespace sdfc::cli {

void add_plot_options(CLI::App* sub, PlotCli& s) {
  auto* runs =
      sub->add_option("--runs", s.runs, "run directories (each with metrics.csv)")->expected(1, -1);
  auto* sweep = sub->add_option("--sweep", s.sweep,
                                "instead of --runs: every finished run record below DIR, final "
                                "test error against --param (e.g. the noise sweep)");
  sub->add_option("--param", s.param, "with --sweep: the hyperparameter on the x axis (flag name)");
  sub->add_option("--labels", s.labels,
                  "with --runs: one legend name per run, in order (default: each run dir's name)")
      ->expected(1, -1)
      ->needs(runs);
  sub->add_option("--from-epoch", s.from_epoch,
                  "with --runs: add a panel of the test error from epoch N on, on a linear "
                  "scale (a zoom where the runs differ by tenths of a percent)")
      ->check(CLI::Range(1, 100000))
      ->needs(runs);
  sub->add_option("--mark-x", s.mark_x,
                  "VALUE=LABEL: a labelled dashed line at x = VALUE on every panel (repeatable; "
                  "e.g. --mark-x 0.00428='preset σ' on a noise sweep)")
      ->expected(1, -1);
  runs->excludes(sweep);
  sub->add_option("--out", s.out, "SVG file to write")->required();
  sub->add_option("--title", s.title, "figure title");
}

std::vector<XMark> parse_x_marks(const std::vector<std::string>& items) {
  std::vector<XMark> marks;
  for (const auto& item : items) {
    const size_t eq = item.find('=');
    XMark m;
    size_t used = 0;
    bool ok = eq != std::string::npos && eq > 0;
    if (ok) {
      try {
        m.x = std::stod(item.substr(0, eq), &used);
      } catch (const std::exception&) {
        ok = false;
      }
    }
    if (!ok || used != eq || !std::isfinite(m.x))
      throw UsageError("--mark-x '" + item +
                       "': expected VALUE=LABEL with a number before '=', e.g. --mark-x "
                       "0.00428='preset σ'");
    m.label = item.substr(eq + 1);
    marks.push_back(m);
  }
  return marks;
}

RunCurves load_run_curves(const std::string& dir) {
  RunCurves r;
  r.dir = dir;
  r.label = base_name(dir);
  r.metrics = read_metrics_csv(join_path(dir, "metrics.csv"));
  std::string rj = join_path(dir, "run.json");
  if (io::file_exists(rj)) {
    try {
      json j = read_json_file(rj);
      r.method = j.value("method", "");
      r.dataset = j.value("dataset", "");
    } catch (const Error&) {
      // labels only
    }
  }
  return r;
}

std::vector<Panel> curve_panels(const std::vector<RunCurves>& runs, const std::string& prefix,
                                const std::vector<std::string>& colours,
                                const std::vector<double>& opacity) {
  Panel acc{prefix + "Test accuracy", "epoch", "test accuracy (%)", false, false, {}};
  Panel loss{prefix + "Training loss", "epoch", "cross-entropy", true, false, {}};
  Panel H{prefix + "Amount of control H", "epoch", "H = ‖Q u‖²", true, false, {}};
  for (size_t i = 0; i < runs.size(); ++i) {
    const auto& t = runs[i].metrics;
    Series s;
    s.label = runs[i].label;
    s.color = colours[i];
    s.opacity = opacity[i];
    s.x = t.column("epoch");
    s.y = t.column("test_acc");
    for (auto& v : s.y) v *= 100;
    acc.series.push_back(s);
    s.y = t.column("train_loss");
    loss.series.push_back(s);
    s.y = t.column("H");
    bool has_h = false;
    for (double v : s.y) has_h |= std::isfinite(v);
    if (has_h) H.series.push_back(s);
  }
  return {acc, loss, H};
}

int run_plot(const PlotCli& s) {
  const std::vector<XMark> marks = parse_x_marks(s.mark_x);  // both forms draw them
  if (!s.sweep.empty()) {
    if (s.param.empty()) throw UsageError("--sweep needs --param NAME (e.g. --param sigma)");
    const std::string title = s.title == "Learning curves" ? "Test error vs " + s.param : s.title;
    int n = write_sweep_plot(s.sweep, s.param, s.out, title, marks);
    std::fprintf(stderr, "plot: wrote %s (%d runs)\n", s.out.c_str(), n);
    return kExitOk;
  }
  if (s.runs.empty()) throw UsageError("plot needs --runs DIR… or --sweep DIR --param NAME");
  if (!s.labels.empty() && s.labels.size() != s.runs.size())
    throw UsageError("--labels: " + std::to_string(s.labels.size()) + " names for " +
                     std::to_string(s.runs.size()) + " runs (give one per --runs dir, in order)");
  std::vector<RunCurves> runs;
  for (const auto& d : s.runs) runs.push_back(load_run_curves(d));
  for (size_t i = 0; i < s.labels.size(); ++i) runs[i].label = s.labels[i];
  Figure f;
  f.title = s.title;
  f.subtitle = std::to_string(runs.size()) + " run" + (runs.size() == 1 ? "" : "s");
  std::vector<std::string> colours;
  std::vector<double> opacity(runs.size(), 1.0);
  for (size_t i = 0; i < runs.size(); ++i) {
    colours.push_back(palette(static_cast<int>(i)));
    std::string label = runs[i].label;
    if (!runs[i].method.empty()) label += " (" + runs[i].method + ")";
    f.legend.push_back({label, colours.back(), false});
  }
  f.panels = curve_panels(runs, "", colours, opacity);
  if (s.from_epoch > 0) {
    // the zoom: test error (%) at the epochs ≥ N, each run in its colour; 2 × 2 panels
    Panel z{"Test error from epoch " + std::to_string(s.from_epoch),
            "epoch",
            "test error (%)",
            false,
            false,
            {}};
    for (size_t i = 0; i < runs.size(); ++i) {
      Series t;
      t.label = runs[i].label, t.color = colours[i];
      const std::vector<double> ep = runs[i].metrics.column("epoch"),
                                acc = runs[i].metrics.column("test_acc");
      for (size_t k = 0; k < ep.size(); ++k)
        if (ep[k] >= s.from_epoch) t.x.push_back(ep[k]), t.y.push_back(100.0 * (1.0 - acc[k]));
      if (!t.x.empty()) z.series.push_back(t);
    }
    f.panels.push_back(z);
    f.cols = 2;
  }
  for (auto& p : f.panels) p.x_marks = marks;
  io::write_file_atomic(s.out, render_svg(f));
  std::fprintf(stderr, "plot: wrote %s (%zu runs)\n", s.out.c_str(), runs.size());
  return kExitOk;
}

}  // namespace sdfc::cli
