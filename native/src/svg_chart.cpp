// svg_chart.cpp — rendering of svg_chart.h's figures.
#include "svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace sdfc::cli {
namespace {

constexpr double kPanelW = 390, kPanelH = 280;
constexpr double kMl = 64, kMr = 18, kMt = 34, kMb = 48;  // plot-area margins inside a panel
constexpr double kPad = 16;                               // figure padding
const char* kFont = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";

std::string num(double v, int prec = 6) {
  char b[48];
  std::snprintf(b, sizeof b, "%.*g", prec, v);
  return b;
}
std::string px(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.2f", v);
  return b;
}

// Text widths are estimated, not measured (no font metrics here): characters (UTF-8 code points)
// × an em fraction × the font size. Bold titles in DejaVu Sans (Debian's sans-serif) measure
// ≈ 0.57–0.6 em per character of mixed text, regular text ≈ 0.55, the narrower fonts of kFont
// less, so both estimates err on the wide side.
constexpr double kBoldEm = 0.62, kRegularEm = 0.58;
double chars_of(const std::string& text) {
  return static_cast<double>(
      std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// Font size at which `text` fits in `width` px, at most `size`: a title longer than its panel or
// figure is set smaller instead of running past the edge (SVG text does not wrap).
double fit_font(const std::string& text, double width, double size) {
  const double chars = chars_of(text);
  return chars > 0 ? std::min(size, width / (kBoldEm * chars)) : size;
}

double nice_num(double x, bool round) {
  double e = std::floor(std::log10(x)), f = x / std::pow(10, e), nf;
  if (round)
    nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
  else
    nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return nf * std::pow(10, e);
}

struct Axis {
  double lo = 0, hi = 1;
  bool log = false;
  std::vector<double> ticks;
  double map(double v, double a, double b) const {  // value → pixel between a (lo) and b (hi)
    double t = log ? (std::log10(v) - std::log10(lo)) / (std::log10(hi) - std::log10(lo))
                   : (v - lo) / (hi - lo);
    return a + t * (b - a);
  }
};

Axis linear_axis(double mn, double mx, int target_ticks, bool integer) {
  Axis a;
  if (!(mx > mn)) {
    double d = std::fabs(mn) > 0 ? std::fabs(mn) * 0.1 : 1;
    mn -= d, mx += d;
  }
  double step = nice_num(nice_num(mx - mn, false) / (target_ticks - 1), true);
  if (integer) step = std::max(1.0, std::round(step));
  a.lo = std::floor(mn / step) * step;
  a.hi = std::ceil(mx / step) * step;
  for (double t = a.lo; t <= a.hi + step * 1e-9; t += step)
    a.ticks.push_back(std::fabs(t) < step * 1e-9 ? 0 : t);
  return a;
}

Axis log_axis(double mn, double mx) {
  Axis a;
  a.log = true;
  double e0 = std::floor(std::log10(mn)), e1 = std::ceil(std::log10(mx));
  if (e1 <= e0) e1 = e0 + 1;
  a.lo = std::pow(10, e0), a.hi = std::pow(10, e1);
  const int decades = static_cast<int>(e1 - e0);
  const int stride = decades > 6 ? (decades + 5) / 6 : 1;
  for (double e = e0; e <= e1; e += stride) {
    a.ticks.push_back(std::pow(10, e));
    if (decades <= 2 && e < e1)
      for (int m : {2, 5}) a.ticks.push_back(m * std::pow(10, e));
  }
  std::sort(a.ticks.begin(), a.ticks.end());
  return a;
}

std::string tick_label(double v, bool log) {
  if (log) {
    double e = std::log10(v);
    if (std::fabs(e - std::round(e)) < 1e-9 && (e <= -4 || e >= 5))
      return "1e" + num(std::round(e));
  }
  return num(v, 4);
}

void render_panel(std::ostringstream& o, const Panel& p, double x0, double y0, int id) {
  const double L = x0 + kMl, R = x0 + kPanelW - kMr, T = y0 + kMt, B = y0 + kPanelH - kMb;
  // data ranges
  double xmn = INFINITY, xmx = -INFINITY, ymn = INFINITY, ymx = -INFINITY;
  bool all_pos = true, all_pos_x = true, any = false;
  for (const auto& s : p.series)
    for (size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) continue;
      any = true;
      xmn = std::min(xmn, s.x[i]), xmx = std::max(xmx, s.x[i]);
      ymn = std::min(ymn, s.y[i]), ymx = std::max(ymx, s.y[i]);
      all_pos &= s.y[i] > 0;
      all_pos_x &= s.x[i] > 0;
      for (const auto* band : {&s.lo, &s.hi})  // the band is part of the data range
        if (i < band->size() && std::isfinite((*band)[i]) && (!p.log_y || (*band)[i] > 0))
          ymn = std::min(ymn, (*band)[i]), ymx = std::max(ymx, (*band)[i]);
    }
  o << "<g class=\"panel\">\n";
  o << "<text x=\"" << px(L) << "\" y=\"" << px(y0 + 20) << "\" font-size=\""
    << px(fit_font(p.title, kPanelW - kMl, 14)) << "\" font-weight=\"600\" "
    << "fill=\"#111827\">" << xml_escape(p.title) << "</text>\n";
  o << "<rect x=\"" << px(L) << "\" y=\"" << px(T) << "\" width=\"" << px(R - L) << "\" height=\""
    << px(B - T) << "\" fill=\"#fbfbfd\" stroke=\"#d1d5db\"/>\n";
  if (!any) {
    o << "<text x=\"" << px((L + R) / 2) << "\" y=\"" << px((T + B) / 2)
      << "\" text-anchor=\"middle\" font-size=\"12\" fill=\"#9ca3af\">no data</text>\n</g>\n";
    return;
  }
  const bool use_log_x = p.log_x && all_pos_x && xmx / xmn > 20;
  Axis ax = use_log_x ? log_axis(xmn, xmx) : linear_axis(xmn, xmx, 6, p.integer_x);
  const bool use_log = p.log_y && all_pos && ymx / ymn > 20;
  Axis ay = use_log ? log_axis(ymn, ymx) : linear_axis(ymn, ymx, 6, false);

  // grid + ticks
  for (double t : ax.ticks) {
    double X = ax.map(t, L, R);
    o << "<line x1=\"" << px(X) << "\" y1=\"" << px(T) << "\" x2=\"" << px(X) << "\" y2=\"" << px(B)
      << "\" stroke=\"#eceef2\"/>\n";
    o << "<text x=\"" << px(X) << "\" y=\"" << px(B + 16) << "\" text-anchor=\"middle\" "
      << "font-size=\"11\" fill=\"#4b5563\">" << tick_label(t, use_log_x) << "</text>\n";
  }
  for (double t : ay.ticks) {
    double Y = ay.map(t, B, T);
    o << "<line x1=\"" << px(L) << "\" y1=\"" << px(Y) << "\" x2=\"" << px(R) << "\" y2=\"" << px(Y)
      << "\" stroke=\"#eceef2\"/>\n";
    o << "<text x=\"" << px(L - 6) << "\" y=\"" << px(Y + 4) << "\" text-anchor=\"end\" "
      << "font-size=\"11\" fill=\"#4b5563\">" << tick_label(t, use_log) << "</text>\n";
  }
  o << "<line x1=\"" << px(L) << "\" y1=\"" << px(B) << "\" x2=\"" << px(R) << "\" y2=\"" << px(B)
    << "\" stroke=\"#6b7280\"/>\n";
  o << "<line x1=\"" << px(L) << "\" y1=\"" << px(T) << "\" x2=\"" << px(L) << "\" y2=\"" << px(B)
    << "\" stroke=\"#6b7280\"/>\n";
  o << "<text x=\"" << px((L + R) / 2) << "\" y=\"" << px(B + 36) << "\" text-anchor=\"middle\" "
    << "font-size=\"12\" fill=\"#374151\">" << xml_escape(p.xlabel + (use_log_x ? " (log)" : ""))
    << "</text>\n";
  o << "<text transform=\"translate(" << px(x0 + 16) << "," << px((T + B) / 2) << ") rotate(-90)\" "
    << "text-anchor=\"middle\" font-size=\"12\" fill=\"#374151\">"
    << xml_escape(p.ylabel + (use_log ? " (log)" : "")) << "</text>\n";

  // reference lines under the series; their labels (bottom of the line, left of it near R) over
  // them, on a halo of the plot's background
  std::ostringstream mark_labels;
  for (const auto& m : p.x_marks) {
    if (!std::isfinite(m.x) || m.x < ax.lo || m.x > ax.hi || (use_log_x && m.x <= 0)) continue;
    const double X = ax.map(m.x, L, R);
    const bool left = X > R - 0.35 * (R - L);
    o << "<line x1=\"" << px(X) << "\" y1=\"" << px(T) << "\" x2=\"" << px(X) << "\" y2=\"" << px(B)
      << "\" stroke=\"#6b7280\" stroke-width=\"1.2\" stroke-dasharray=\"4 3\"/>\n";
    mark_labels << "<text x=\"" << px(left ? X - 4 : X + 4) << "\" y=\"" << px(B - 6)
                << "\" text-anchor=\"" << (left ? "end" : "start")
                << "\" font-size=\"11\" fill=\"#374151\" stroke=\"#fbfbfd\" stroke-width=\"3\" "
                << "paint-order=\"stroke\">" << xml_escape(m.label) << "</text>\n";
  }

  // series, clipped to the plot area
  o << "<clipPath id=\"clip" << id << "\"><rect x=\"" << px(L) << "\" y=\"" << px(T - 3)
    << "\" width=\"" << px(R - L + 3) << "\" height=\"" << px(B - T + 6) << "\"/></clipPath>\n";
  o << "<g clip-path=\"url(#clip" << id << ")\" fill=\"none\" stroke-linejoin=\"round\" "
    << "stroke-linecap=\"round\">\n";
  auto finite_y = [&](double v) { return std::isfinite(v) && (!use_log || v > 0); };
  for (const auto& s : p.series) {  // bands first, so that every line stays visible
    if (s.lo.size() != s.x.size() || s.hi.size() != s.x.size()) continue;
    std::vector<size_t> idx;
    for (size_t i = 0; i < s.x.size(); ++i)
      if (std::isfinite(s.x[i]) && finite_y(s.lo[i]) && finite_y(s.hi[i])) idx.push_back(i);
    if (idx.size() < 2) continue;
    o << "<polygon fill=\"" << s.color << "\" fill-opacity=\"0.18\" stroke=\"none\" points=\"";
    for (size_t i : idx) o << px(ax.map(s.x[i], L, R)) << "," << px(ay.map(s.hi[i], B, T)) << " ";
    for (auto it = idx.rbegin(); it != idx.rend(); ++it)
      o << px(ax.map(s.x[*it], L, R)) << "," << px(ay.map(s.lo[*it], B, T)) << " ";
    o << "\"/>\n";
  }
  for (const auto& s : p.series) {
    std::vector<std::vector<std::pair<double, double>>> segs(1);
    for (size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      bool ok = std::isfinite(s.x[i]) && std::isfinite(s.y[i]) && (!use_log || s.y[i] > 0) &&
                (!use_log_x || s.x[i] > 0);
      if (!ok) {
        if (!segs.back().empty()) segs.emplace_back();
        continue;
      }
      segs.back().push_back({ax.map(s.x[i], L, R), ay.map(s.y[i], B, T)});
    }
    size_t npts = 0;
    for (const auto& seg : segs) npts += seg.size();
    std::string style = "stroke=\"" + s.color + "\" stroke-width=\"" + num(s.width) + "\"" +
                        (s.opacity < 1 ? " stroke-opacity=\"" + num(s.opacity) + "\"" : "") +
                        (s.dashed ? " stroke-dasharray=\"6 4\"" : "");
    for (const auto& seg : segs) {
      if (seg.size() < 2) continue;
      o << "<polyline " << style << " points=\"";
      for (const auto& [X, Y] : seg) o << px(X) << "," << px(Y) << " ";
      o << "\"><title>" << xml_escape(s.label) << "</title></polyline>\n";
    }
    if (npts <= 60)
      for (const auto& seg : segs)
        for (const auto& [X, Y] : seg)
          o << "<circle cx=\"" << px(X) << "\" cy=\"" << px(Y) << "\" r=\"2.6\" fill=\"" << s.color
            << "\" stroke=\"none\""
            << (s.opacity < 1 ? " fill-opacity=\"" + num(s.opacity) + "\"" : "") << "/>\n";
  }
  o << "</g>\n" << mark_labels.str() << "</g>\n";
}

}  // namespace

const char* palette(int i) {
  static const char* k[] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                            "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
  return k[((i % 10) + 10) % 10];
}

std::string xml_escape(const std::string& s) {
  std::string r;
  for (char c : s) {
    switch (c) {
      case '<':
        r += "&lt;";
        break;
      case '>':
        r += "&gt;";
        break;
      case '&':
        r += "&amp;";
        break;
      case '"':
        r += "&quot;";
        break;
      default:
        r += c;
    }
  }
  return r;
}

std::string render_svg(const Figure& f) {
  const int cols = std::max(1, std::min<int>(f.cols, std::max<size_t>(1, f.panels.size())));
  const int rows = static_cast<int>((f.panels.size() + cols - 1) / cols);
  const double W = 2 * kPad + cols * kPanelW;
  const double head = f.title.empty() ? kPad : (f.subtitle.empty() ? 44 : 62);
  // legend layout: entries flow left to right, wrapping
  struct Placed {
    double x, y;
    const LegendEntry* e;
  };
  std::vector<Placed> placed;
  double lx = kPad + 8, ly = 0;
  for (const auto& e : f.legend) {
    // swatch 34 px, the label at 12 px, 18 px to the next entry
    double w = 34 + kRegularEm * 12 * chars_of(e.label) + 18;
    if (lx + w > W - kPad && lx > kPad + 8) lx = kPad + 8, ly += 22;
    placed.push_back({lx, ly, &e});
    lx += w;
  }
  const double legend_h = f.legend.empty() ? 0 : ly + 22 + 12;
  const double H = head + rows * kPanelH + legend_h + kPad;

  std::ostringstream o;
  o << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << px(W) << "\" height=\"" << px(H)
    << "\" viewBox=\"0 0 " << px(W) << " " << px(H) << "\" font-family=\"" << kFont << "\">\n";
  o << "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
  if (!f.title.empty())
    o << "<text x=\"" << px(kPad + 4) << "\" y=\"30\" font-size=\""
      << px(fit_font(f.title, W - 2 * kPad - 8, 18)) << "\" font-weight=\"700\" "
      << "fill=\"#111827\">" << xml_escape(f.title) << "</text>\n";
  if (!f.subtitle.empty())
    o << "<text x=\"" << px(kPad + 4) << "\" y=\"50\" font-size=\"12\" fill=\"#6b7280\">"
      << xml_escape(f.subtitle) << "</text>\n";
  for (size_t i = 0; i < f.panels.size(); ++i)
    render_panel(o, f.panels[i], kPad + (i % cols) * kPanelW, head + (i / cols) * kPanelH,
                 static_cast<int>(i));
  const double ly0 = head + rows * kPanelH + 8;
  for (const auto& p : placed) {
    double y = ly0 + p.y + 10;
    o << "<line x1=\"" << px(p.x) << "\" y1=\"" << px(y) << "\" x2=\"" << px(p.x + 26) << "\" y2=\""
      << px(y) << "\" stroke=\"" << p.e->color << "\" stroke-width=\"3\""
      << (p.e->dashed ? " stroke-dasharray=\"6 4\"" : "") << "/>\n";
    o << "<text x=\"" << px(p.x + 34) << "\" y=\"" << px(y + 4) << "\" font-size=\"12\" "
      << "fill=\"#1f2937\">" << xml_escape(p.e->label) << "</text>\n";
  }
  o << "</svg>\n";
  return o.str();
}

}  // namespace sdfc::cli
