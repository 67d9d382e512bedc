// ui.cpp — layout of the demo: a left control column and a 3×2 grid of panels;
// `panel=NAME` shows one panel full-size; `embed=1` swaps the column for a toolbar.
#include "ui.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>

#include "imgui_internal.h"
#include "lesson.h"
#include "platform.h"
#include "theme.h"

namespace demo {

Fonts& fonts() {
  static Fonts f;
  return f;
}

void panel_title(const char* title, const char* help) {
  ImGui::PushFont(fonts().big);
  ImGui::TextUnformatted(title);
  ImGui::PopFont();
  if (help) item_tooltip(help);
}

void record_rect(App& app, const char* name) {
  ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  app.rects[name] = ImVec4(a.x, a.y, b.x - a.x, b.y - a.y);
}

bool fits_on_line(float w) {
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  return ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + w <= right;
}

void same_line_if_fits(float w) {
  if (fits_on_line(w)) ImGui::SameLine();
}

void caption(const char* text) {
  const float w = ImGui::GetContentRegionAvail().x;
  if (ImGui::CalcTextSize(text, nullptr, false, w).y > ImGui::GetContentRegionAvail().y) return;
  ImGui::PushTextWrapPos(0);
  text_coloured(col::kDim, "%s", text);
  ImGui::PopTextWrapPos();
}

int trace_playhead(const App& app) {
  const Trace& t = app.trace;
  if (!t.valid || t.K <= 1) return 0;
  double f = (app.now - t.created) / app.anim_duration;
  f = std::clamp(f, 0.0, 1.0);
  f = 1.0 - (1.0 - f) * (1.0 - f);  // ease out: fast start, settles on the steady state
  return std::clamp(int(std::lround(f * (t.K - 1))), 0, t.K - 1);
}

namespace {

using PanelFn = void (*)(App&);

struct PanelDef {
  const char* key;
  PanelFn fn;
};

void gallery_and_confusion(App& app) {
  if (ImGui::BeginTabBar("##gc")) {
    if (ImGui::BeginTabItem("Test digits")) {
      panel_gallery(app);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Confusion matrix")) {
      panel_confusion(app);
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
}

// Compact layout (slide sizes): two areas, each one panel at a time behind tabs.
struct Tab {
  const char* label;
  PanelFn fn;
};
void tabbed(App& app, const char* id, const Tab* tabs, int n) {
  if (ImGui::BeginTabBar(id, ImGuiTabBarFlags_FittingPolicyScroll)) {
    for (int i = 0; i < n; ++i)
      if (ImGui::BeginTabItem(tabs[i].label)) {
        ImGui::BeginChild("##tab", ImVec2(0, 0), false,
                          ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse |
                              ImGuiWindowFlags_NoBackground);
        tabs[i].fn(app);
        ImGui::EndChild();
        ImGui::EndTabItem();
      }
    ImGui::EndTabBar();
  }
}
void area_left(App& app) {
  static const Tab t[] = {
      {"Network", panel_network}, {"Dynamics", panel_dynamics}, {"Draw", panel_draw}};
  tabbed(app, "##left", t, 3);
}
void area_right(App& app) {
  static const Tab t[] = {{"Curves", panel_curves},
                          {"Weights", panel_weights},
                          {"Digits", panel_gallery},
                          {"Confusion", panel_confusion}};
  tabbed(app, "##right", t, 4);
}

// A child window as tall as its content was last frame (the phone column's blocks).
float auto_height_child(App& app, const char* id, float w, PanelFn fn, bool panel_bg) {
  static std::map<std::string, float> heights;
  float& h = heights[id];
  if (h <= 0) h = 200 * app.ui_scale;
  const float sc = app.ui_scale;
  if (panel_bg) ImGui::PushStyleColor(ImGuiCol_ChildBg, col::kPanel);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(10 * sc, 8 * sc));
  ImGui::BeginChild(id, ImVec2(w, h), false,
                    ImGuiWindowFlags_AlwaysUseWindowPadding | ImGuiWindowFlags_NoScrollbar |
                        ImGuiWindowFlags_NoScrollWithMouse);
  fn(app);
  h = ImGui::GetCursorPosY() + ImGui::GetStyle().WindowPadding.y;
  ImGui::EndChild();
  ImGui::PopStyleVar();
  if (panel_bg) ImGui::PopStyleColor();
  return h;
}

// Lesson mode: "◀ Step n of N · title ▶" and the step's sentence (keys n / p as well).
void lesson_bar(App& app) {
  const int n = app.s.lesson, N = lesson_count();
  const LessonStep& st = lesson_step(n);
  ImGuiIO& io = ImGui::GetIO();
  int go = 0;
  if (!io.WantTextInput)
    for (ImWchar c : io.InputQueueCharacters) go = c == 'n' ? 1 : c == 'p' ? -1 : go;
  ImGui::BeginDisabled(n <= 1);
  if (ImGui::Button("◀")) go = -1;
  ImGui::EndDisabled();
  record_rect(app, "lesson_prev");
  ImGui::SameLine();
  ImGui::PushFont(fonts().big);
  char b[160];
  std::snprintf(b, sizeof b, "%d / %d  %s", n, N, st.title);
  text_coloured(col::kText, "%s", b);
  ImGui::PopFont();
  ImGui::SameLine();
  ImGui::BeginDisabled(n >= N);
  if (ImGui::Button("▶")) go = 1;
  ImGui::EndDisabled();
  record_rect(app, "lesson_next");
  ImGui::PushTextWrapPos(0);
  text_coloured(col::kDim, "%s", st.sentence);
  ImGui::PopTextWrapPos();
  if (go != 0 && n + go >= 1 && n + go <= N) app.go_lesson(n + go);
}

void child_panel(App& app, const char* id, PanelFn fn, ImVec2 pos, ImVec2 size) {
  ImGui::SetCursorScreenPos(pos);
  ImGui::PushStyleColor(ImGuiCol_ChildBg, col::kPanel);
  ImGui::PushStyleVar(ImGuiStyleVar_ChildRounding, 6.0f * app.ui_scale);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(10 * app.ui_scale, 8 * app.ui_scale));
  ImGui::BeginChild(id, size, false,
                    ImGuiWindowFlags_AlwaysUseWindowPadding | ImGuiWindowFlags_NoScrollbar |
                        ImGuiWindowFlags_NoScrollWithMouse);
  fn(app);
  ImGui::EndChild();
  ImGui::PopStyleVar(2);
  ImGui::PopStyleColor();
}

void divergence_overlay(App& app) {
  const Run* bad = nullptr;
  for (const Run& r : app.runs)
    if (!r.failure.empty()) bad = &r;
  if (!bad) return;
  ImGuiIO& io = ImGui::GetIO();
  // Dim everything behind the message (a window, so the message itself stays bright).
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, col::rgb(0, 0, 0, 130));
  ImGui::Begin(
      "##dim", nullptr,
      ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoInputs | ImGuiWindowFlags_NoSavedSettings);
  ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
  ImGui::End();
  ImGui::PopStyleColor();
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.4f),
                          ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(io.DisplaySize.x * 0.9f, 520 * app.ui_scale), 0));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, col::rgb(48, 24, 28));
  ImGui::Begin("Training diverged", nullptr,
               ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize);
  ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
  ImGui::PushTextWrapPos(0);
  text_coloured(col::kWrong, "%s", bad->failure.c_str());
  ImGui::TextUnformatted("Training is paused. The network cannot recover by itself.");
  ImGui::PopTextWrapPos();
  if (ImGui::Button("Reset (random weights)")) {
    app.s.start = "random";
    app.rebuild();
  }
  record_rect(app, "diverged_reset");
  ImGui::SameLine();
  if (ImGui::Button("Reset with lr / 10")) {
    app.s.lr = std::max(1e-6f, app.s.lr * 0.1f);
    app.s.start = "random";
    app.rebuild();
  }
  ImGui::End();
  ImGui::PopStyleColor();
}

}  // namespace

Layout layout_of(const App& app, float W, float H) {
  const float w = W / app.ui_scale, h = H / app.ui_scale;  // in layout pixels
  if (w < 700) return Layout::Column;
  if (w < 1180 || h < 660) return Layout::Compact;
  return Layout::Full;
}

void draw_ui(App& app) {
  ImGuiIO& io = ImGui::GetIO();
  const float sc = app.ui_scale;
  const float W = io.DisplaySize.x, H = io.DisplaySize.y;
  const float pad = 6.0f * sc;
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, col::kBg);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::Begin("##root", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
  ImGui::PopStyleVar();

  if (!app.fatal.empty()) {
    ImGui::SetCursorPos(ImVec2(40 * sc, 40 * sc));
    ImGui::PushFont(fonts().big);
    text_coloured(col::kWrong, "The demo cannot start");
    ImGui::PopFont();
    ImGui::SetCursorPosX(40 * sc);
    ImGui::PushTextWrapPos(W - 40 * sc);
    ImGui::TextUnformatted(app.fatal.c_str());
    ImGui::PopTextWrapPos();
    ImGui::End();
    ImGui::PopStyleColor();
    return;
  }

  static const PanelDef defs[] = {
      {"network", panel_network}, {"dynamics", panel_dynamics},   {"curves", panel_curves},
      {"compare", panel_curves},  {"weights", panel_weights},     {"gallery", panel_gallery},
      {"draw", panel_draw},       {"confusion", panel_confusion},
  };

  float top = 0;
  const bool embed = app.s.embed;
  const Layout layout = layout_of(app, W, H);
  if (app.s.lesson > 0) {
    ImGui::SetCursorScreenPos(ImVec2(pad, top + pad));
    top += pad + auto_height_child(app, "##lesson", W - 2 * pad, lesson_bar, true);
  }
  if (!app.s.panel.empty() || (embed && layout != Layout::Column)) {
    // Slim toolbar (embed mode, or a one-panel view).
    ImGui::SetCursorScreenPos(ImVec2(pad, top + pad));
    top += pad + auto_height_child(app, "##toolbar", W - 2 * pad, panel_toolbar, false);
  }

  if (!app.s.panel.empty()) {
    for (const PanelDef& d : defs)
      if (app.s.panel == d.key)
        child_panel(app, d.key, d.fn, ImVec2(pad, top + pad),
                    ImVec2(W - 2 * pad, H - top - 2 * pad));
  } else if (layout == Layout::Column) {
    // Phones: toolbar, the panels one below the other, then every control; the page
    // scrolls (wheel, or a swipe that does not start on a widget: main.cpp).
    float gw = W - 2 * pad, y = pad;
    ImGui::SetCursorScreenPos(ImVec2(pad, y));
    y += auto_height_child(app, "##toolbar", gw, panel_toolbar, false) + pad;
    const float ph = std::max(360 * sc, gw * 1.05f);
    PanelFn col1[] = {panel_network, panel_dynamics, panel_curves,
                      panel_draw,    panel_weights,  gallery_and_confusion};
    const char* ids[] = {"network", "dynamics", "curves", "draw", "weights", "gallery"};
    for (int i = 0; i < 6; ++i, y += ph + pad)
      child_panel(app, ids[i], col1[i], ImVec2(pad, y), ImVec2(gw, ph));
    ImGui::SetCursorScreenPos(ImVec2(pad, y));
    auto_height_child(app, "##controls", gw, panel_controls, true);
    ImGui::Dummy(ImVec2(1, pad));
  } else {
    const bool compact = layout == Layout::Compact;
    float x0 = pad;
    if (!embed) {
      float cw = compact ? std::clamp(W * 0.27f, 220 * sc, 300 * sc)
                         : std::clamp(W * 0.2f, 250 * sc, 330 * sc);
      ImGui::SetCursorScreenPos(ImVec2(pad, pad));
      ImGui::PushStyleColor(ImGuiCol_ChildBg, col::kPanel);
      ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(10 * sc, 10 * sc));
      ImGui::BeginChild("##controls", ImVec2(cw, H - 2 * pad), false,
                        ImGuiWindowFlags_AlwaysUseWindowPadding);
      panel_controls(app);
      ImGui::EndChild();
      ImGui::PopStyleVar();
      ImGui::PopStyleColor();
      x0 = cw + 2 * pad;
    }
    float gw = W - x0 - pad, gh = H - top - 2 * pad;
    if (compact) {  // slide sizes: two panels, the others one tab away
      float w1 = std::floor((gw - pad) * 0.5f), w2 = gw - pad - w1, y1 = top + pad;
      child_panel(app, "left", area_left, ImVec2(x0, y1), ImVec2(w1, gh));
      child_panel(app, "right", area_right, ImVec2(x0 + w1 + pad, y1), ImVec2(w2, gh));
    } else {
      float h1 = std::floor(gh * 0.56f), h2 = gh - h1 - pad;
      float w1 = std::floor((gw - 2 * pad) * 0.38f), w2 = std::floor((gw - 2 * pad) * 0.31f);
      float w3 = gw - 2 * pad - w1 - w2;
      float y1 = top + pad, y2 = y1 + h1 + pad;
      child_panel(app, "network", panel_network, ImVec2(x0, y1), ImVec2(w1, h1));
      child_panel(app, "dynamics", panel_dynamics, ImVec2(x0 + w1 + pad, y1), ImVec2(w2, h1));
      child_panel(app, "curves", panel_curves, ImVec2(x0 + w1 + w2 + 2 * pad, y1), ImVec2(w3, h1));
      float v1 = std::floor((gw - 2 * pad) * 0.30f), v2 = std::floor((gw - 2 * pad) * 0.33f);
      float v3 = gw - 2 * pad - v1 - v2;
      child_panel(app, "weights", panel_weights, ImVec2(x0, y2), ImVec2(v1, h2));
      child_panel(app, "gallery", gallery_and_confusion, ImVec2(x0 + v1 + pad, y2), ImVec2(v2, h2));
      child_panel(app, "draw", panel_draw, ImVec2(x0 + v1 + v2 + 2 * pad, y2), ImVec2(v3, h2));
    }
  }
  ImGui::End();
  ImGui::PopStyleColor();
  divergence_overlay(app);
}

}  // namespace demo
