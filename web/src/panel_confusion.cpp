// panel_confusion.cpp — confusion matrix of the last test evaluation (500 digits,
// feedforward): rows = true label, columns = prediction; diagonal green, errors red.
#include <algorithm>
#include <cstdio>

#include "theme.h"
#include "ui.h"

namespace demo {

void panel_confusion(App& app) {
  if (app.runs.empty()) return;
  const sdfc::EvalResult& e = app.main().eval;
  const int C = 10;
  if (int(e.confusion.size()) != C * C) {
    text_coloured(col::kDim, "no evaluation yet");
    return;
  }
  ImGui::Text("test accuracy %.1f %% on %d digits", e.acc * 100.0, e.n);
  ImVec2 avail = ImGui::GetContentRegionAvail();
  const float fh = ImGui::GetFontSize();
  const float cell =
      std::max(8.0f, std::min((avail.x - 3.5f * fh) / (C + 1.6f), (avail.y - 2.6f * fh) / C));
  ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImVec2 o(p0.x + 2.4f * fh, p0.y + 1.3f * fh);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImGui::PushFont(fonts().small);
  const float sf = ImGui::GetFontSize();
  dl->AddText(ImVec2(o.x, p0.y), col::kDim, "predicted →");
  for (int r = 0; r < C; ++r) {
    int row_total = 0;
    for (int c = 0; c < C; ++c) row_total += e.confusion[size_t(r * C + c)];
    char t[16];
    std::snprintf(t, sizeof t, "%d", r);
    dl->AddText(ImVec2(o.x - sf * 0.9f, o.y + r * cell + (cell - sf) * 0.5f), col::kTarget, t);
    dl->AddText(ImVec2(o.x + r * cell + (cell - ImGui::CalcTextSize(t).x) * 0.5f, o.y - sf * 1.05f),
                col::kForward, t);
    for (int c = 0; c < C; ++c) {
      int v = e.confusion[size_t(r * C + c)];
      float f = row_total ? float(v) / row_total : 0.0f;
      ImU32 fill = r == c ? mix(col::rgb(26, 30, 38), col::kTarget, f)
                          : mix(col::rgb(26, 30, 38), col::kWrong, std::min(1.0f, f * 4.0f));
      ImVec2 a(o.x + c * cell, o.y + r * cell);
      dl->AddRectFilled(a, ImVec2(a.x + cell - 1, a.y + cell - 1), fill);
      if (v > 0 && cell > sf * 1.3f) {
        std::snprintf(t, sizeof t, "%d", v);
        ImVec2 ts = ImGui::CalcTextSize(t);
        dl->AddText(ImVec2(a.x + (cell - ts.x) * 0.5f, a.y + (cell - ts.y) * 0.5f),
                    f > 0.5f ? col::rgb(10, 12, 16) : col::kText, t);
      }
    }
    // per-class accuracy
    std::snprintf(t, sizeof t, "%.0f%%",
                  row_total ? 100.0 * e.confusion[size_t(r * C + r)] / row_total : 0.0);
    dl->AddText(ImVec2(o.x + C * cell + 0.3f * sf, o.y + r * cell + (cell - sf) * 0.5f), col::kDim,
                t);
  }
  dl->AddText(ImVec2(p0.x, o.y + C * cell + 0.2f * sf), col::kDim,
              "rows: true label · right: per-class accuracy");
  ImGui::PopFont();
  ImGui::Dummy(ImVec2(avail.x, C * cell + 2.6f * fh));
}

}  // namespace demo
