// panel_gallery.cpp — test digits with the network's prediction (feedforward, no
// controller): green frame = correct, red = wrong; hover shows the top-3 classes.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gltex.h"
#include "theme.h"
#include "ui.h"

namespace demo {

namespace {
Texture g_atlas;  // all gallery digits side by side (static: built once)
int g_n = 0, g_side = 0;
}  // namespace

void panel_gallery(App& app) {
  if (app.gallery.empty() || app.gallery_pred.size() != app.gallery.size()) {
    text_coloured(col::kDim, "no predictions yet");
    return;
  }
  const int n = int(app.gallery.size()), side = app.input_side();
  if (g_atlas.id == 0 || g_n != n || g_side != side) {
    std::vector<uint32_t> px(size_t(n * side) * size_t(side));
    for (int i = 0; i < n; ++i)
      for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x) {
          float v =
              app.data.test
                  .x[size_t(app.gallery[size_t(i)]) * size_t(side * side) + size_t(y * side + x)];
          uint32_t g = uint32_t(std::clamp(v, 0.0f, 1.0f) * 235.0f + 12.0f);
          px[size_t(y) * size_t(n * side) + size_t(i * side + x)] =
              0xFF000000u | (g << 16) | (g << 8) | g;
        }
    g_atlas.upload(px.data(), n * side, side);
    g_n = n, g_side = side;
  }
  int correct = 0;
  for (int i = 0; i < n; ++i)
    correct += app.gallery_pred[size_t(i)] == app.data.test.y[size_t(app.gallery[size_t(i)])];
  ImGui::Text("%d of %d correct", correct, n);
  if (fits_on_line(ImGui::CalcTextSize("(corner: prediction)").x)) {
    ImGui::SameLine();
    text_coloured(col::kDim, "(corner: prediction)");
  }

  ImVec2 avail = ImGui::GetContentRegionAvail();
  int cols = 1;
  float cell = 0;
  for (int c = 1; c <= n; ++c) {  // largest cells that fit
    int r = (n + c - 1) / c;
    float s = std::min(avail.x / c, avail.y / r);
    if (s > cell) cell = s, cols = c;
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImVec2 p0 = ImGui::GetCursorScreenPos();
  const float pad = std::max(2.0f, cell * 0.06f);
  ImGui::PushFont(fonts().small);
  for (int i = 0; i < n; ++i) {
    int label = app.data.test.y[size_t(app.gallery[size_t(i)])], pred = app.gallery_pred[size_t(i)];
    ImVec2 a(p0.x + (i % cols) * cell + pad, p0.y + (i / cols) * cell + pad);
    ImVec2 b(a.x + cell - 2 * pad, a.y + cell - 2 * pad);
    float u0 = float(i) / n, u1 = float(i + 1) / n;
    dl->AddImage(g_atlas.tex(), a, b, ImVec2(u0, 0), ImVec2(u1, 1));
    ImU32 c = pred == label ? col::kTarget : col::kWrong;
    dl->AddRect(ImVec2(a.x - 1, a.y - 1), ImVec2(b.x + 1, b.y + 1), c, 3.0f, 0,
                std::max(1.5f, cell * 0.04f));
    char t[8];
    std::snprintf(t, sizeof t, "%d", pred);
    dl->AddRectFilled(ImVec2(b.x - ImGui::GetFontSize() * 0.85f, a.y),
                      ImVec2(b.x, a.y + ImGui::GetFontSize()), with_alpha(c, 0.85f), 2.0f);
    dl->AddText(ImVec2(b.x - ImGui::GetFontSize() * 0.7f, a.y), col::rgb(10, 12, 16), t);
    ImGui::SetCursorScreenPos(a);
    ImGui::PushID(i);
    ImGui::InvisibleButton("##d", ImVec2(b.x - a.x, b.y - a.y));
    if (ImGui::IsItemHovered()) {
      // top-3 on hover (one feedforward pass)
      std::vector<float> px(
          app.data.test.x.begin() + size_t(app.gallery[size_t(i)]) * size_t(side * side),
          app.data.test.x.begin() + size_t(app.gallery[size_t(i)] + 1) * size_t(side * side));
      MatF z = app.view().predict(app.normalise(px, 1));
      std::vector<float> p = softmax(z.data(), int(z.rows()));
      std::vector<int> idx(p.size());
      for (size_t j = 0; j < idx.size(); ++j) idx[j] = int(j);
      std::sort(idx.begin(), idx.end(), [&](int x, int y) { return p[size_t(x)] > p[size_t(y)]; });
      ImGui::BeginTooltip();
      ImGui::Text("test digit #%d, label %d", app.gallery[size_t(i)], label);
      for (int j = 0; j < 3; ++j) {
        int q = idx[size_t(j)];
        text_coloured(q == label ? col::kTarget : col::kForward, "%d  %5.1f %%", q,
                      p[size_t(q)] * 100.0);
      }
      ImGui::EndTooltip();
    }
    ImGui::PopID();
  }
  ImGui::PopFont();
  ImGui::SetCursorScreenPos(ImVec2(p0.x, p0.y + ((n + cols - 1) / cols) * cell));
}

}  // namespace demo
