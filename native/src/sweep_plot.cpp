// sweep_plot.cpp — final test error against a hyperparameter, from run records (sweep_plot.h).
#include "sweep_plot.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>

#include "exit_codes.h"
#include "run_dir.h"
#include "run_summary.h"
#include "sdfc/io/atomic_file.h"
#include "svg_chart.h"

namespace sdfc::cli {
namespace fs = std::filesystem;
namespace {

struct Point {
  std::vector<double> best, last;  // test error % per seed
};

std::string fmt(const char* f, double v) {
  char b[48];
  std::snprintf(b, sizeof b, f, v);
  return b;
}

}  // namespace

int write_sweep_plot(const std::string& dir, const std::string& param, const std::string& out,
                     const std::string& title, const std::vector<XMark>& marks) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw UsageError("--sweep " + dir + ": no such directory");
  std::map<std::string, std::map<double, Point>> by_method;  // method → x → seeds
  int used = 0, epochs = -1;
  bool mixed_epochs = false;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
    if (e.path().filename() != "summary.json") continue;
    const std::string run = e.path().parent_path().string();
    json rj = read_json_file(join_path(run, "run.json"));
    if (!rj.contains("config") || !rj["config"].contains(param) || !rj["config"][param].is_number())
      throw UsageError(run + "/run.json: no numeric hyperparameter '" + param +
                       "' (use a flag name, e.g. --param sigma)");
    const double x = rj["config"][param].get<double>();
    RunResult r = summarize_metrics(read_metrics_csv(join_path(run, "metrics.csv")));
    Point& p = by_method[rj.value("method", "?") + " · " + rj.value("dataset", "?")][x];
    p.best.push_back(r.test_err_val_best());
    p.last.push_back(r.test_err_last());
    if (epochs >= 0 && epochs != r.epochs) mixed_epochs = true;
    epochs = r.epochs;
    ++used;
  }
  if (used == 0) throw Error(dir + ": no finished run records (summary.json) below it");

  Panel pb{"Test error at the best-validation epoch", param, "test error (%)", true, false, {}};
  Panel pl{"Test error at the last epoch", param, "test error (%)", true, false, {}};
  Figure f;
  f.title = title;
  f.subtitle = std::to_string(used) + " runs from " + dir + "; mean ± std over seeds" +
               (mixed_epochs ? "" : ", " + std::to_string(epochs) + " epochs each");
  f.cols = 2;
  std::ostringstream md;
  md << "# " << title << "\n\nFrom the " << used << " finished run records under `" << dir
     << "` (test error %, mean ± sample std over seeds).\n\n| method | " << param
     << " | seeds | test error @ best val | last epoch |\n|---|---|---|---|---|\n";
  int k = 0;
  for (const auto& [method, points] : by_method) {
    Series sb, sl;
    sb.label = sl.label = method;
    sb.color = sl.color = palette(k++);
    for (const auto& [x, p] : points) {
      const Stat best = stat_of(p.best), last = stat_of(p.last);
      const double mb = best.mean, sdb = best.std, ml = last.mean, sdl = last.std;
      sb.x.push_back(x), sb.y.push_back(mb), sb.lo.push_back(mb - sdb), sb.hi.push_back(mb + sdb);
      sl.x.push_back(x), sl.y.push_back(ml), sl.lo.push_back(ml - sdl), sl.hi.push_back(ml + sdl);
      md << "| " << method << " | " << fmt("%.6g", x) << " | " << p.best.size() << " | "
         << fmt("%.2f", mb) << (std::isfinite(sdb) ? " ± " + fmt("%.2f", sdb) : "") << " | "
         << fmt("%.2f", ml) << (std::isfinite(sdl) ? " ± " + fmt("%.2f", sdl) : "") << " |\n";
    }
    pb.series.push_back(sb);
    pl.series.push_back(sl);
    f.legend.push_back({method, sb.color, false});
  }
  pb.integer_x = pl.integer_x = false;
  pb.x_marks = pl.x_marks = marks;
  f.panels = {pb, pl};
  io::write_file_atomic(out, render_svg(f));
  std::string md_path = out;
  if (md_path.size() > 4 && md_path.substr(md_path.size() - 4) == ".svg")
    md_path.resize(md_path.size() - 4);
  io::write_file_atomic(md_path + ".md", md.str());
  return used;
}

}  // namespace sdfc::cli
