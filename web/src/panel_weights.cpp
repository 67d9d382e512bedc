// panel_weights.cpp — first-layer weights W_1 as images: one tile per hidden neuron
// (its 784 input weights arranged 28×28), blue positive, red-orange negative.
#include <algorithm>
#include <cmath>

#include "gltex.h"
#include "theme.h"
#include "ui.h"

namespace demo {

namespace {
Texture g_tex;
int g_version = -1;
double g_at = -1;
int g_cols = 1, g_rows = 1, g_side = 28;
bool g_delta = true, g_delta_shown = true;
}  // namespace

void panel_weights(App& app) {
  panel_title(
      "First-layer weights W₁",
      "Each tile is one hidden neuron's 784 input weights drawn as a 28×28 image: what pattern "
      "of ink excites (blue) or inhibits (red) it.");
  if (app.runs.empty()) return;
  MatF W = app.view().net().W[0];  // n_1 × n_0
  if (g_delta && app.W1_start.rows() == W.rows() && app.W1_start.cols() == W.cols())
    W -= app.W1_start;
  const int n1 = int(W.rows()), side = app.input_side();
  if (side * side != W.cols()) return;
  // Re-upload at most 5× a second while training.
  if ((g_version != app.weights_version &&
       (app.now - g_at > 0.2 || g_tex.id == 0 || g_side != side)) ||
      g_delta != g_delta_shown) {
    g_delta_shown = g_delta;
    g_version = app.weights_version;
    g_at = app.now;
    g_side = side;
    ImVec2 avail = ImGui::GetContentRegionAvail();
    // Columns that make the tiles as large as possible in this panel.
    int best = 1;
    float best_s = 0;
    for (int c = 1; c <= n1; ++c) {
      int r = (n1 + c - 1) / c;
      float s = std::min(avail.x / c, (avail.y - ImGui::GetFontSize() * 1.5f) / r);
      if (s > best_s) best_s = s, best = c;
    }
    g_cols = best;
    g_rows = (n1 + best - 1) / best;
    const int tw = g_cols * (side + 1) - 1, th = g_rows * (side + 1) - 1;
    std::vector<uint32_t> px(size_t(tw) * size_t(th), col::kPanel);
    for (int i = 0; i < n1; ++i) {
      float m = std::max(1e-6f, W.row(i).cwiseAbs().maxCoeff());
      int ox = (i % g_cols) * (side + 1), oy = (i / g_cols) * (side + 1);
      for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x)
          px[size_t(oy + y) * size_t(tw) + size_t(ox + x)] = diverging(W(i, y * side + x) / m);
    }
    g_tex.upload(px.data(), tw, th);
  }
  if (g_tex.id == 0) return;
  ImVec2 avail = ImGui::GetContentRegionAvail();
  avail.y -= ImGui::GetFrameHeightWithSpacing();
  float s = std::min(avail.x / g_tex.w, avail.y / g_tex.h);
  ImVec2 size(g_tex.w * s, g_tex.h * s);
  ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::Image(g_tex.tex(), size);
  if (ImGui::IsItemHovered()) {
    ImVec2 m = ImGui::GetIO().MousePos;
    int cx = int((m.x - p.x) / (size.x / g_tex.w) / (g_side + 1)),
        cy = int((m.y - p.y) / (size.y / g_tex.h) / (g_side + 1));
    int i = cy * g_cols + cx;
    if (cx >= 0 && cx < g_cols && i >= 0 && i < n1) {
      ImGui::BeginTooltip();
      ImGui::Text("hidden neuron %d", i);
      float us = float(g_side + 1) / g_tex.w, vs = float(g_side + 1) / g_tex.h;
      ImGui::Image(
          g_tex.tex(), ImVec2(g_side * 6.0f * app.ui_scale, g_side * 6.0f * app.ui_scale),
          ImVec2(cx * us, cy * vs),
          ImVec2(cx * us + us * g_side / (g_side + 1), cy * vs + vs * g_side / (g_side + 1)));
      ImGui::EndTooltip();
    }
  }
  ImGui::Checkbox("learned change ΔW₁", &g_delta);
  item_tooltip(
      "On: what learning has added since the start (W₁ now − W₁ at the start), which shows the "
      "digit-like patterns early. Off: the raw weights, random initial values included.");
  // The legend only where it fits on the checkbox's line (the grid takes the rest).
  if (fits_on_line(ImGui::CalcTextSize("■ + ■ −").x + ImGui::GetStyle().ItemSpacing.x)) {
    ImGui::SameLine();
    text_coloured(col::rgb(120, 190, 255), "■ +");
    ImGui::SameLine();
    text_coloured(col::rgb(255, 120, 80), "■ −");
  }
  if (fits_on_line(ImGui::CalcTextSize("(per-tile scale)").x)) {
    ImGui::SameLine();
    text_coloured(col::kDim, "(per-tile scale)");
  }
}

}  // namespace demo
