// plot.h — `plot --runs DIR… --out FILE.svg`: learning curves (test accuracy, training loss,
// amount of control H vs epoch) of runs, one colour per run; and the grouped variant that
// `reproduce` writes as curves.svg (one row per dataset, one colour per method).
#pragma once
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "metrics.h"
#include "svg_chart.h"

namespace sdfc::cli {

struct PlotCli {
  std::vector<std::string> runs;
  std::vector<std::string> labels;  // --labels: one legend name per run (default: the dir's name)
  std::string out, title = "Learning curves";
  std::string sweep, param;  // --sweep DIR --param NAME: final error vs a hyperparameter
  int from_epoch = 0;        // --from-epoch N: a fourth panel, the test error from epoch N on
  std::vector<std::string> mark_x;  // --mark-x VALUE=LABEL: a labelled line at x on every panel
};
void add_plot_options(CLI::App* sub, PlotCli& s);
int run_plot(const PlotCli& s);

struct RunCurves {
  std::string dir, label, method, dataset;
  MetricsTable metrics;
};
// --mark-x's "VALUE=LABEL" items as reference lines. Throws UsageError naming the item.
std::vector<XMark> parse_x_marks(const std::vector<std::string>& items);

// Reads DIR/metrics.csv (+ run.json for the labels). Throws Error naming the file.
RunCurves load_run_curves(const std::string& dir);

// Panels for a set of runs: colour_of(i) / legend_of(i) pick colour and legend label.
std::vector<Panel> curve_panels(const std::vector<RunCurves>& runs, const std::string& prefix,
                                const std::vector<std::string>& colours,
                                const std::vector<double>& opacity);

}  // namespace sdfc::cli
