// plot.h — a small multi-series line-plot widget drawn with ImDrawList
// (ImGui 1.86 has only single-series PlotLines without axes; implot is not packaged).
//
//   demo::PlotSpec spec; spec.title = "accuracy"; spec.y_min = 0; spec.y_max = 1;
//   demo::plot("##acc", spec, {{"test", col::kTarget, xs.data(), ys.data(), n}});
//
// Features: nice ticks with labels, axis titles, legend, optional log-y axis, a
// vertical marker (playhead), event lines, hover read-out of every series.
#pragma once
#include <cmath>
#include <string>
#include <vector>

#include "imgui.h"

namespace demo {

struct Series {
  const char* label = "";
  ImU32 colour = 0xFFFFFFFF;
  const float* x = nullptr;  // n values, ascending (nullptr: 0, 1, 2, …)
  const float* y = nullptr;  // n values (non-finite values break the line)
  int n = 0;
  float thickness = 2.0f;  // in unscaled pixels (multiplied by the UI scale)
  bool fill = false;       // fill the area down to the x axis (or the bottom)
  bool in_legend = true;
};

struct PlotEvent {
  float x;
  std::string text;
};

struct PlotSpec {
  const char* title = nullptr;  // drawn at the top left inside the frame
  const char* x_label = nullptr;
  const char* y_label = nullptr;
  float x_min = NAN, x_max = NAN;  // NAN = fit the data
  float y_min = NAN, y_max = NAN;
  bool log_y = false;             // log10 axis (non-positive values are skipped)
  bool percent_y = false;         // tick labels as percentages (values are fractions)
  float marker_x = NAN;           // vertical playhead
  std::vector<PlotEvent> events;  // labelled vertical lines (e.g. "→ DFC")
  ImVec2 size = ImVec2(0, 0);     // 0 = fill available width / height
  bool legend = true;
  bool legend_bottom = false;  // legend at the bottom-right instead of top-right
  const char* empty_text = "no data yet";
};

// Draws the plot and returns true if the mouse hovers it.
bool plot(const char* id, const PlotSpec& spec, const std::vector<Series>& series);

// "Nice" tick step for a span (1, 2, 5 × 10^k) giving about `target` ticks.
double nice_step(double span, int target);

// Format a number compactly (3 significant digits, k/M suffixes for large values).
std::string fmt_num(double v);

}  // namespace demo
