// panel_draw.cpp — draw a digit (mouse or finger). Blue bars: what the network says
// on its own (feedforward softmax). Orange bars: how much control H the controller
// needs to make the network say each label — the smallest is the network's belief.
// Click a label to see the controlled output pushed there (green).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gltex.h"
#include "theme.h"
#include "ui.h"

namespace demo {

namespace {

Texture g_tex;
ImVec2 g_last(-1, -1);

// Soft round brush at (x, y) in pixel units of the 28×28 canvas.
void stamp(std::vector<float>& px, float x, float y, float radius) {
  for (int yy = int(y - radius - 1); yy <= int(y + radius + 1); ++yy)
    for (int xx = int(x - radius - 1); xx <= int(x + radius + 1); ++xx) {
      if (xx < 0 || yy < 0 || xx >= 28 || yy >= 28) continue;
      float d = std::hypot(xx + 0.5f - x, yy + 0.5f - y);
      float v = std::clamp(1.0f - (d - radius * 0.5f) / (radius * 0.8f), 0.0f, 1.0f);
      float& p = px[size_t(yy * 28 + xx)];
      p = std::max(p, v);
    }
}

// Ten vertical bars (0–9) with values in [0, vmax]; returns the clicked class or -1.
int bars(const char* id, const std::vector<float>& v, float vmax, ImU32 colour, int highlight,
         ImU32 hl_colour, float height, const char* fmt, bool lowest_marked) {
  ImGui::PushID(id);
  ImVec2 p0 = ImGui::GetCursorScreenPos();
  float w = ImGui::GetContentRegionAvail().x;
  ImGui::InvisibleButton("##bars", ImVec2(w, height));
  int clicked = -1;
  const float fh = ImGui::GetFontSize();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const int n = int(v.size());
  if (n == 0) {
    ImGui::PopID();
    return -1;
  }
  int lowest = int(std::min_element(v.begin(), v.end()) - v.begin());
  float bw = w / n, base = p0.y + height - fh * 1.1f, top = p0.y + fh * 1.0f;
  for (int j = 0; j < n; ++j) {
    float f = std::clamp(v[size_t(j)] / std::max(vmax, 1e-9f), 0.0f, 1.0f);
    ImVec2 a(p0.x + j * bw + bw * 0.15f, base - f * (base - top)),
        b(p0.x + (j + 1) * bw - bw * 0.15f, base);
    ImU32 c = j == highlight ? hl_colour : colour;
    dl->AddRectFilled(ImVec2(a.x, top), b, col::rgb(30, 33, 42), 2.0f);
    dl->AddRectFilled(a, b, c, 2.0f);
    char t[16];
    std::snprintf(t, sizeof t, "%d", j);
    ImVec2 ts = ImGui::CalcTextSize(t);
    dl->AddText(ImVec2((a.x + b.x - ts.x) * 0.5f, base + 0.05f * fh),
                j == highlight ? hl_colour : col::kDim, t);
    if (lowest_marked && j == lowest)
      dl->AddText(ImVec2((a.x + b.x) * 0.5f - fh * 0.3f, a.y - fh * 1.05f), col::kText, "▼");
    if (ImGui::IsItemHovered() && ImGui::GetIO().MousePos.x >= p0.x + j * bw &&
        ImGui::GetIO().MousePos.x < p0.x + (j + 1) * bw) {
      ImGui::SetTooltip(fmt, j, double(v[size_t(j)]));
      if (ImGui::IsItemClicked()) clicked = j;
    }
  }
  ImGui::PopID();
  return clicked;
}

}  // namespace

void panel_draw(App& app) {
  panel_title(
      "Draw a digit",
      "Draw with the mouse or a finger. The drawing is centred like MNIST digits before the "
      "network sees it.");
  Canvas& cv = app.canvas;
  ImVec2 avail = ImGui::GetContentRegionAvail();
  const float fh = ImGui::GetFontSize();
  const float side = std::max(
      60.0f, std::min(avail.x * 0.45f, avail.y - ImGui::GetFrameHeightWithSpacing() * 1.2f));
  // --- canvas ---
  ImGui::BeginGroup();
  ImVec2 a = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##canvas", ImVec2(side, side));
  record_rect(app, "canvas");
  if (ImGui::IsItemActive()) {
    ImVec2 m = ImGui::GetIO().MousePos;
    ImVec2 q((m.x - a.x) / side * 28.0f, (m.y - a.y) / side * 28.0f);
    ImVec2 from = g_last.x < 0 ? q : g_last;
    float dist = std::hypot(q.x - from.x, q.y - from.y);
    int steps = std::max(1, int(dist * 3));
    for (int i = 0; i <= steps; ++i) {
      float f = float(i) / steps;
      stamp(cv.px, from.x + (q.x - from.x) * f, from.y + (q.y - from.y) * f, 1.5f);
    }
    g_last = q;
    cv.dirty = true;
    cv.target = -1;
  } else {
    g_last = ImVec2(-1, -1);
  }
  {
    std::vector<uint32_t> px(28 * 28);
    for (int i = 0; i < 28 * 28; ++i) {
      uint32_t g = uint32_t(std::clamp(cv.px[size_t(i)], 0.0f, 1.0f) * 240.0f + 10.0f);
      px[size_t(i)] = 0xFF000000u | (g << 16) | (g << 8) | g;
    }
    g_tex.upload(px.data(), 28, 28);
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddImage(g_tex.tex(), a, ImVec2(a.x + side, a.y + side));
  dl->AddRect(a, ImVec2(a.x + side, a.y + side), col::kGrid, 0, 0, 1.5f);
  bool empty = std::none_of(cv.px.begin(), cv.px.end(), [](float v) { return v > 0.05f; });
  if (empty) {
    const char* s = "draw here";
    ImVec2 ts = ImGui::CalcTextSize(s);
    dl->AddText(ImVec2(a.x + (side - ts.x) * 0.5f, a.y + (side - ts.y) * 0.5f), col::kDim, s);
  }
  if (ImGui::Button("Clear")) {
    std::fill(cv.px.begin(), cv.px.end(), 0.0f);
    cv.dirty = true;
    cv.target = -1;
  }
  record_rect(app, "clear");
  ImGui::SameLine();
  if (ImGui::Button("Test digit") && app.data.test28.n > 0) {
    static int next = 100;
    next = (next + 37) % app.data.test28.n;
    std::copy(app.data.test28.x.begin() + size_t(next) * 784,
              app.data.test28.x.begin() + size_t(next + 1) * 784, cv.px.begin());
    cv.dirty = true;
    cv.target = -1;
  }
  item_tooltip("Load a real test digit into the canvas (then draw over it).");
  ImGui::EndGroup();

  // --- predictions ---
  ImGui::SameLine();
  ImGui::BeginGroup();
  const float bh = (avail.y - 6.4f * fh) / 2.0f;
  if (cv.ff_soft.empty()) {
    ImGui::PushTextWrapPos(0);
    text_coloured(
        col::kDim,
        "Draw a digit: the network's own guess appears in blue, and the control needed to make it "
        "say each label in orange.");
    ImGui::PopTextWrapPos();
  } else {
    int pred = int(std::max_element(cv.ff_soft.begin(), cv.ff_soft.end()) - cv.ff_soft.begin());
    text_coloured(col::kForward, "network alone: %d (%.0f %%)", pred,
                  cv.ff_soft[size_t(pred)] * 100.0);
    bars("ff", cv.ff_soft, 1.0f, with_alpha(col::kForward, 0.55f), pred, col::kForward, bh,
         "%d: %.3f", false);
    if (!cv.H_per_label.empty()) {
      int tgt = cv.target >= 0 ? cv.target : pred;
      float hmax = *std::max_element(cv.H_per_label.begin(), cv.H_per_label.end());
      text_coloured(col::kFeedback, "control H to say each label");
      help_marker(
          "H = ‖Q u_ss‖²: how hard the controller must push the network so that it outputs that "
          "label. "
          "The smallest H (▼) is the label the network already believes. Click a bar to choose it "
          "as the target.");
      int c = bars("H", cv.H_per_label, hmax, with_alpha(col::kFeedback, 0.5f), tgt, col::kTarget,
                   bh, "%d: H = %.3g", true);
      if (c >= 0) {
        cv.target = c;
        cv.dirty = true;
      }
      record_rect(app, "H_bars");
      if (!cv.ctrl_soft.empty()) {
        int got =
            int(std::max_element(cv.ctrl_soft.begin(), cv.ctrl_soft.end()) - cv.ctrl_soft.begin());
        text_coloured(col::kTarget, "pushed to %d: output says %d (%.0f %%)", tgt, got,
                      cv.ctrl_soft[size_t(got)] * 100.0);
      }
      bool steady = app.s.steady;
      if (ImGui::Checkbox(cv.steady ? "steady state (20× training's time)" : "steady state",
                          &steady))
        app.set_steady(steady);
      record_rect(app, "draw_steady");
      item_tooltip(
          "Off: the controller runs as long as in training (t = 0.5), which pushes the output "
          "towards the target but not always onto it. On: 20× longer, until it settles — the "
          "output says the target, and H is the steady state's ‖Q u_ss‖².");
    } else if (!method_of(app.main_algo()).uses_controller) {
      text_coloured(col::kDim, "(%s has no controller)", method_of(app.main_algo()).display);
    }
  }
  ImGui::EndGroup();
}

}  // namespace demo
