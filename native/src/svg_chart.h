// svg_chart.h — a small self-contained SVG line-chart writer (no external tools): a grid of
// panels with nice ticks (linear or log y), grid lines, axis labels, colored series with
// markers, and a shared legend. Used by `plot` and by `reproduce` (curves.svg).
#pragma once
#include <string>
#include <vector>

namespace sdfc::cli {

struct Series {
  std::string label, color;
  std::vector<double> x, y;    // NaN y values break the line
  std::vector<double> lo, hi;  // optional band (e.g. mean ± std), drawn under the line
  bool dashed = false;
  double width = 2.0, opacity = 1.0;
};

// A labelled vertical reference line at x (e.g. the preset's value of a swept hyperparameter).
struct XMark {
  double x = 0;
  std::string label;
};

struct Panel {
  std::string title, xlabel, ylabel;
  bool log_y = false;  // used only when every finite y > 0
  bool log_x = false;  // likewise for x (e.g. H against the training loss)
  std::vector<Series> series;
  bool integer_x = true;  // x ticks on integers (epochs); false for a hyperparameter axis
  // drawn dashed under the series; a mark off the x axis is skipped
  std::vector<XMark> x_marks = {};
};

struct LegendEntry {
  std::string label, color;
  bool dashed = false;
};

struct Figure {
  std::string title, subtitle;
  int cols = 3;
  std::vector<Panel> panels;
  std::vector<LegendEntry> legend;
};

std::string render_svg(const Figure& f);
// A colour-blind-friendly categorical palette (Tableau 10), cycling.
const char* palette(int i);
std::string xml_escape(const std::string& s);

}  // namespace sdfc::cli
