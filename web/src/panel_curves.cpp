// panel_curves.cpp — training curves: test/train accuracy, loss and the amount of
// control H against samples seen. In comparison mode: every method's test
// accuracy and H on shared axes, plus the live version of the paper's table.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "plot.h"
#include "theme.h"
#include "ui.h"

namespace demo {

namespace {

std::vector<PlotEvent> events(const App& app) {
  std::vector<PlotEvent> ev;
  for (const auto& [x, text] : app.events) ev.push_back({x, text});
  return ev;
}

// What the comparison shows, and the switch to see the other half of the paper's table.
const char* kWithNoise =
    "With noise: DFC's weak feedback, a small nudge λ towards the label, is smaller than the "
    "noise, so DFC learns little — the paper's point. Strong feedback (target = the label) stays "
    "above the noise.";
const char* kWithoutNoise =
    "Without noise (noiseless forward phase): weak feedback learns too, close to backprop. "
    "Noise is what strong feedback is for.";

void compare_view(App& app) {
  const float h = ImGui::GetContentRegionAvail().y;
  const float table_h = ImGui::GetTextLineHeightWithSpacing() * 4.6f;
  const char* explain = app.s.noise ? kWithNoise : kWithoutNoise;
  const float explain_h =
      ImGui::CalcTextSize(explain, nullptr, false, ImGui::GetContentRegionAvail().x).y +
      ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
  const float ph = std::max((h - table_h - explain_h - 3 * ImGui::GetStyle().ItemSpacing.y) / 2,
                            3 * ImGui::GetFontSize());
  {
    std::vector<Series> ss;
    for (const Run& r : app.runs)
      ss.push_back(
          {r.name.c_str(), r.colour, r.xs.data(), r.test_acc.data(), int(r.xs.size()), 2.5f});
    PlotSpec p;
    p.title = "test accuracy (feedforward, no controller)";
    p.y_min = 0;
    p.y_max = 1;
    p.percent_y = true;
    p.size = ImVec2(0, ph);
    p.legend_bottom = true;
    plot("##cmp_acc", p, ss);
  }
  {
    std::vector<Series> ss;
    for (const Run& r : app.runs)
      if (method_of(r.algo).uses_controller)
        ss.push_back({r.name.c_str(), r.colour, r.xs.data(), r.H.data(), int(r.xs.size()), 2.5f});
    PlotSpec p;
    p.title = "amount of control H = ‖Q u_ss‖²";
    p.log_y = true;
    p.x_label = "training samples";
    p.size = ImVec2(0, ph);
    plot("##cmp_H", p, ss);
  }
  if (ImGui::BeginTable("##cmp", 4, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg)) {
    ImGui::TableSetupColumn("method");
    ImGui::TableSetupColumn("test error");
    ImGui::TableSetupColumn("H");
    ImGui::TableSetupColumn("samples");
    ImGui::TableHeadersRow();
    for (const Run& r : app.runs) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      text_coloured(r.colour, "%s", r.name.c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%.1f %%", r.test_acc.empty() ? 100.0 : (1.0 - r.test_acc.back()) * 100.0);
      ImGui::TableNextColumn();
      if (!method_of(r.algo).uses_controller)
        text_coloured(col::kDim, "—");
      else
        ImGui::Text("%.3g",
                    r.H.empty() || !std::isfinite(r.H.back()) ? r.last_H : double(r.H.back()));
      ImGui::TableNextColumn();
      ImGui::Text("%.0f", r.samples);
    }
    ImGui::EndTable();
  }
  ImGui::PushTextWrapPos(0);
  text_coloured(col::kDim, "%s", explain);
  ImGui::PopTextWrapPos();
  if (ImGui::SmallButton(app.s.noise ? "Compare without noise" : "Compare with noise")) {
    app.s.noise = !app.s.noise;
    app.rebuild();  // every method restarts from the same initial weights
  }
  record_rect(app, "compare_noise");
}

}  // namespace

void panel_curves(App& app) {
  // the legends and the table below name the methods; the title only counts them (it must
  // fit the panel's width in the large font)
  char title[48] = "Training curves";
  if (app.s.compare)
    std::snprintf(title, sizeof title, "Comparison of %d methods", int(app.runs.size()));
  panel_title(title,
              "Measured every 512 training samples: accuracy on 500 test digits (network alone, no "
              "controller), training loss, and the amount of control H the controller needed.");
  if (app.runs.empty()) return;
  if (app.s.compare) return compare_view(app);
  const Run& r = app.main();
  const int n = int(r.xs.size());
  const float ph = (ImGui::GetContentRegionAvail().y - 2 * ImGui::GetStyle().ItemSpacing.y) / 3;
  const auto ev = events(app);
  {
    PlotSpec p;
    char title[80];
    std::snprintf(title, sizeof title, "accuracy — test %.1f %%",
                  r.test_acc.empty() ? 0.0 : r.test_acc.back() * 100.0);
    p.title = title;
    p.y_min = 0;
    p.y_max = 1;
    p.percent_y = true;
    p.size = ImVec2(0, ph);
    p.events = ev;
    p.legend_bottom = true;
    plot("##acc", p,
         {{"train (running)", with_alpha(col::kForward, 0.8f), r.xs.data(), r.train_acc.data(), n,
           1.5f},
          {"test", col::kTarget, r.xs.data(), r.test_acc.data(), n, 2.5f}});
  }
  {
    PlotSpec p;
    p.title = "loss (cross-entropy)";
    p.y_min = 0;
    p.size = ImVec2(0, ph);
    p.events = ev;
    plot("##loss", p, {{"train loss", col::kForward, r.xs.data(), r.loss.data(), n, 2.0f}});
  }
  {
    PlotSpec p;
    p.title = "amount of control H = ‖Q u_ss‖²";
    p.x_label = "training samples";
    p.log_y = true;
    p.events = ev;
    p.empty_text =
        method_of(r.algo).uses_controller ? "no data yet" : "this method uses no controller";
    plot("##H", p, {{"H", col::kFeedback, r.xs.data(), r.H.data(), n, 2.5f}});
  }
}

}  // namespace demo
