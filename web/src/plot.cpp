// plot.cpp — the multi-series line plot of plot.h.
#include "plot.h"

#include <algorithm>
#include <cfloat>
#include <cstdio>

#include "theme.h"

namespace demo {

double nice_step(double span, int target) {
  if (!(span > 0) || !std::isfinite(span)) return 1.0;
  double raw = span / std::max(1, target);
  double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double f = raw / mag;
  double nice = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
  return nice * mag;
}

std::string fmt_num(double v) {
  char buf[32];
  double a = std::fabs(v);
  if (v == 0) return "0";
  if (a >= 1e3 && a < 1e4 && std::fabs(v - std::round(v)) < 1e-9)
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else if (a >= 1e6)
    std::snprintf(buf, sizeof buf, "%.3gM", v / 1e6);
  else if (a >= 1e4)
    std::snprintf(buf, sizeof buf, "%.3gk", v / 1e3);
  else if (a >= 0.01)
    std::snprintf(buf, sizeof buf, "%.3g", v);
  else {  // small: "5e-4" rather than "0.0005"
    int e = int(std::floor(std::log10(a)));
    std::snprintf(buf, sizeof buf, "%.2ge%d", v / std::pow(10.0, e), e);
  }
  return buf;
}

namespace {

struct Axis {
  double lo = 0, hi = 1;
  bool log = false;
  double t(double v) const {  // data → [0, 1]
    if (log) v = v > 0 ? std::log10(v) : -1e30;
    return (v - lo) / (hi - lo);
  }
};

// Data range of all series along one coordinate.
void data_range(const std::vector<Series>& ss, bool use_y, bool log, double& lo, double& hi) {
  lo = DBL_MAX;
  hi = -DBL_MAX;
  for (const Series& s : ss)
    for (int i = 0; i < s.n; ++i) {
      double v = use_y ? s.y[i] : (s.x ? s.x[i] : i);
      if (!std::isfinite(v) || (log && v <= 0)) continue;
      if (log) v = std::log10(v);
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
}

}  // namespace

bool plot(const char* id, const PlotSpec& spec, const std::vector<Series>& series) {
  ImGui::PushID(id);
  const float s = ImGui::GetFontSize() / 15.0f;  // UI scale relative to the 15 px design size
  ImVec2 avail = ImGui::GetContentRegionAvail();
  ImVec2 size(spec.size.x > 0 ? spec.size.x : avail.x, spec.size.y > 0 ? spec.size.y : avail.y);
  size.x = std::max(size.x, 60.0f * s);
  size.y = std::max(size.y, 50.0f * s);
  ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##plot", size);
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float fh = ImGui::GetFontSize();

  // Frame and inner plot rectangle (room for tick labels on the left and below).
  dl->AddRectFilled(p0, ImVec2(p0.x + size.x, p0.y + size.y), col::rgb(20, 22, 29), 4.0f * s);
  const float left = fh * (spec.y_label ? 3.6f : 2.8f);
  const float bottom = fh * (spec.x_label ? 2.4f : 1.5f);
  const float top = fh * (spec.title ? 1.5f : 0.6f);
  ImVec2 a(p0.x + left, p0.y + top), b(p0.x + size.x - 0.8f * fh, p0.y + size.y - bottom);
  // Legend size; in a low plot (the legend would cover > 40 % of its height) the legend
  // goes to the right of the plot area instead of over the curves.
  float legend_w = 0;
  int legend_n = 0;
  for (const Series& se : series)
    if (spec.legend && se.in_legend && se.label && *se.label) {
      legend_w = std::max(legend_w, ImGui::CalcTextSize(se.label).x);
      ++legend_n;
    }
  const float legend_line = fh * 1.15f, legend_sw = fh * 1.2f;
  const float legend_box = legend_w + legend_sw + 0.9f * fh;
  const bool legend_outside = legend_n > 0 &&
                              legend_n * legend_line + 0.5f * fh > 0.4f * (b.y - a.y) &&
                              b.x - a.x > 3.0f * legend_box;
  if (legend_outside) b.x -= legend_box;
  if (b.x - a.x < 10 || b.y - a.y < 10) {
    ImGui::PopID();
    return hovered;
  }
  if (spec.title) dl->AddText(ImVec2(p0.x + 0.5f * fh, p0.y + 0.2f * fh), col::kText, spec.title);

  // Ranges.
  Axis ax, ay;
  ay.log = spec.log_y;
  double xlo, xhi, ylo, yhi;
  data_range(series, false, false, xlo, xhi);
  data_range(series, true, spec.log_y, ylo, yhi);
  bool empty = xlo > xhi;
  if (empty) xlo = 0, xhi = 1, ylo = 0, yhi = 1;
  if (std::isfinite(spec.x_min)) xlo = spec.x_min;
  if (std::isfinite(spec.x_max)) xhi = spec.x_max;
  auto ly = [&](float v) { return spec.log_y ? std::log10(std::max(v, 1e-30f)) : double(v); };
  if (std::isfinite(spec.y_min)) ylo = ly(spec.y_min);
  if (std::isfinite(spec.y_max)) yhi = ly(spec.y_max);
  if (xhi - xlo < 1e-12) xhi = xlo + 1;
  if (yhi - ylo < 1e-12) {
    double pad = spec.log_y ? 0.5 : std::max(1e-6, std::fabs(yhi) * 0.1);
    ylo -= pad, yhi += pad;
  } else if (!std::isfinite(spec.y_min) || !std::isfinite(spec.y_max)) {
    double pad = 0.06 * (yhi - ylo);
    if (!std::isfinite(spec.y_min)) ylo -= pad;
    if (!std::isfinite(spec.y_max)) yhi += pad;
  }
  ax.lo = xlo, ax.hi = xhi;
  ay.lo = ylo, ay.hi = yhi;
  auto X = [&](double v) { return float(a.x + ax.t(v) * (b.x - a.x)); };
  auto Y = [&](double v) { return float(b.y - ay.t(v) * (b.y - a.y)); };

  // Grid and tick labels.
  char buf[48];
  {
    double st = nice_step(xhi - xlo, std::max(2, int((b.x - a.x) / (fh * 5.5f))));
    for (double v = std::ceil(xlo / st) * st; v <= xhi + 1e-9 * st; v += st) {
      float x = X(v);
      dl->AddLine(ImVec2(x, a.y), ImVec2(x, b.y), col::kGrid, 1.0f);
      std::string t = fmt_num(std::fabs(v) < 1e-9 * st ? 0 : v);
      ImVec2 ts = ImGui::CalcTextSize(t.c_str());
      dl->AddText(ImVec2(x - ts.x * 0.5f, b.y + 0.2f * fh), col::kDim, t.c_str());
    }
    int ny = std::max(2, int((b.y - a.y) / (fh * 2.2f)));
    if (spec.log_y) {
      // Decades; within a narrow range also 2× and 5× (labelled as plain numbers).
      const bool narrow = yhi - ylo < 2.0;
      double st2 = std::max(1.0, std::ceil((yhi - ylo) / ny));
      for (double e = std::floor(ylo / st2) * st2; e <= yhi + 1e-9; e += st2)
        for (double m : {1.0, 2.0, 5.0}) {
          if (!narrow && m != 1.0) continue;
          double lv = e + std::log10(m);
          if (lv < ylo - 1e-9 || lv > yhi + 1e-9) continue;
          float y = float(b.y - (lv - ylo) / (yhi - ylo) * (b.y - a.y));
          dl->AddLine(ImVec2(a.x, y), ImVec2(b.x, y), col::kGrid, 1.0f);
          if (narrow)
            std::snprintf(buf, sizeof buf, "%s", fmt_num(std::pow(10.0, lv)).c_str());
          else
            std::snprintf(buf, sizeof buf, "1e%d", int(std::lround(e)));
          ImVec2 ts = ImGui::CalcTextSize(buf);
          dl->AddText(ImVec2(a.x - ts.x - 0.3f * fh, y - ts.y * 0.5f), col::kDim, buf);
        }
    } else {
      double st2 = nice_step(yhi - ylo, ny);
      for (double v = std::ceil(ylo / st2) * st2; v <= yhi + 1e-9 * st2; v += st2) {
        float y = Y(v);
        dl->AddLine(ImVec2(a.x, y), ImVec2(b.x, y), col::kGrid, 1.0f);
        if (spec.percent_y)
          std::snprintf(buf, sizeof buf, "%g%%", std::round(v * 1000) / 10);
        else
          std::snprintf(buf, sizeof buf, "%s", fmt_num(std::fabs(v) < 1e-9 * st2 ? 0 : v).c_str());
        ImVec2 ts = ImGui::CalcTextSize(buf);
        dl->AddText(ImVec2(a.x - ts.x - 0.3f * fh, y - ts.y * 0.5f), col::kDim, buf);
      }
    }
  }
  dl->AddRect(a, b, col::rgb(70, 76, 92), 0.0f, 0, 1.0f);
  if (spec.x_label) {
    ImVec2 ts = ImGui::CalcTextSize(spec.x_label);
    dl->AddText(ImVec2((a.x + b.x - ts.x) * 0.5f, b.y + 1.2f * fh), col::kDim, spec.x_label);
  }
  if (spec.y_label) {  // ImGui cannot rotate text: put the unit above the axis.
    dl->AddText(ImVec2(p0.x + 0.3f * fh, a.y - 1.25f * fh + (spec.title ? 0.0f : 0.6f * fh)),
                col::kDim, spec.y_label);
  }

  // Event lines and the playhead.
  dl->PushClipRect(a, b, true);
  for (const PlotEvent& e : spec.events) {
    if (e.x < xlo || e.x > xhi) continue;
    float x = X(e.x);
    dl->AddLine(ImVec2(x, a.y), ImVec2(x, b.y), with_alpha(col::kText, 0.35f), 1.0f * s);
    dl->AddText(ImVec2(x + 0.25f * fh, a.y + 0.1f * fh), col::kDim, e.text.c_str());
  }

  // Series (decimated to about two points per pixel column).
  std::vector<ImVec2> pts;
  for (const Series& se : series) {
    if (se.n <= 0) continue;
    int stride = std::max(1, int(se.n / std::max(1.0f, 2.0f * (b.x - a.x))));
    pts.clear();
    auto flush = [&]() {
      if (pts.size() >= 2) {
        if (se.fill) {
          float base = b.y;
          for (size_t i = 0; i + 1 < pts.size(); ++i) {
            ImVec2 q[4] = {pts[i], pts[i + 1], ImVec2(pts[i + 1].x, base), ImVec2(pts[i].x, base)};
            dl->AddConvexPolyFilled(q, 4, with_alpha(se.colour, 0.18f));
          }
        }
        dl->AddPolyline(pts.data(), int(pts.size()), se.colour, 0, se.thickness * s);
      } else if (pts.size() == 1) {
        dl->AddCircleFilled(pts[0], 2.0f * s * se.thickness * 0.6f, se.colour);
      }
      pts.clear();
    };
    for (int i = 0; i < se.n; i += stride) {
      double xv = se.x ? se.x[i] : i, yv = se.y[i];
      if (!std::isfinite(yv) || (spec.log_y && yv <= 0)) {
        flush();
        continue;
      }
      float yy = std::clamp(Y(yv), a.y - 2.0f, b.y + 2.0f);
      pts.push_back(ImVec2(X(xv), yy));
    }
    if (stride > 1 && (se.n - 1) % stride != 0) {  // always include the newest point
      double xv = se.x ? se.x[se.n - 1] : se.n - 1, yv = se.y[se.n - 1];
      if (std::isfinite(yv) && !(spec.log_y && yv <= 0)) pts.push_back(ImVec2(X(xv), Y(yv)));
    }
    flush();
  }
  if (std::isfinite(spec.marker_x)) {
    float x = X(spec.marker_x);
    dl->AddLine(ImVec2(x, a.y), ImVec2(x, b.y), with_alpha(col::kText, 0.7f), 1.5f * s);
  }
  dl->PopClipRect();
  if (empty && spec.empty_text) {
    ImVec2 ts = ImGui::CalcTextSize(spec.empty_text);
    dl->AddText(ImVec2((a.x + b.x - ts.x) * 0.5f, (a.y + b.y - ts.y) * 0.5f), col::kDim,
                spec.empty_text);
  }

  // Legend (inside, top- or bottom-right; or right of the plot area, see above).
  if (legend_n > 0) {
    const float line = legend_line, sw = legend_sw;
    const int n = legend_n;
    ImVec2 l0 = legend_outside
                    ? ImVec2(b.x + 0.6f * fh, a.y)
                    : ImVec2(b.x - legend_w - sw - 0.9f * fh,
                             spec.legend_bottom ? b.y - n * line - 0.5f * fh : a.y + 0.3f * fh);
    if (!legend_outside)
      dl->AddRectFilled(ImVec2(l0.x - 0.3f * fh, l0.y - 0.15f * fh),
                        ImVec2(b.x - 0.2f * fh, l0.y + n * line + 0.1f * fh),
                        col::rgb(20, 22, 29, 215), 3.0f * s);
    int k = 0;
    for (const Series& se : series) {
      if (!se.in_legend || !se.label || !*se.label) continue;
      float y = l0.y + k * line + line * 0.5f;
      dl->AddLine(ImVec2(l0.x, y), ImVec2(l0.x + sw * 0.8f, y), se.colour, 3.0f * s);
      dl->AddText(ImVec2(l0.x + sw, y - fh * 0.5f), col::kText, se.label);
      ++k;
    }
  }

  // Hover read-out: nearest point of every series at the mouse x.
  if (hovered && !empty) {
    ImVec2 m = ImGui::GetIO().MousePos;
    if (m.x >= a.x && m.x <= b.x) {
      double xv = xlo + (m.x - a.x) / (b.x - a.x) * (xhi - xlo);
      dl->AddLine(ImVec2(m.x, a.y), ImVec2(m.x, b.y), with_alpha(col::kText, 0.25f), 1.0f);
      ImGui::BeginTooltip();
      ImGui::Text("%s = %s", spec.x_label ? spec.x_label : "x", fmt_num(xv).c_str());
      for (const Series& se : series) {
        if (se.n <= 0 || !se.label || !*se.label) continue;
        int best = 0;
        double bd = DBL_MAX;
        for (int i = 0; i < se.n; ++i) {
          double d = std::fabs((se.x ? se.x[i] : i) - xv);
          if (d < bd) bd = d, best = i;
        }
        ImGui::PushStyleColor(ImGuiCol_Text, se.colour);
        if (spec.percent_y)
          ImGui::Text("%s: %.1f%%", se.label, se.y[best] * 100.0);
        else
          ImGui::Text("%s: %.4g", se.label, double(se.y[best]));
        ImGui::PopStyleColor();
      }
      ImGui::EndTooltip();
    }
  }
  ImGui::PopID();
  return hovered;
}

}  // namespace demo
