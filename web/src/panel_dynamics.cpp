// panel_dynamics.cpp — the controller at work on one sample, over simulation time:
// softmax(r_L(t)) climbing to the label, the control signal u(t) per output unit,
// and the amount of control ||Q u(t)||². A playhead replays each new trace.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "plot.h"
#include "theme.h"
#include "ui.h"

namespace demo {

void panel_dynamics(App& app) {
  panel_title(
      "Controller dynamics",
      "One training digit, simulated: the controller output u(t) feeds back into every layer "
      "until the network's output matches the target.");
  const Trace& t = app.trace;
  if (!t.valid) {
    text_coloured(col::kDim, "%s", t.note.empty() ? "waiting for a sample…" : t.note.c_str());
    return;
  }
  const int pred = int(std::max_element(t.ff_soft.begin(), t.ff_soft.end()) - t.ff_soft.begin());
  char b[64];
  std::snprintf(b, sizeof b, "digit #%d", t.index);
  same_line_if_fits(ImGui::CalcTextSize(b).x);
  text_coloured(col::kDim, "%s", b);
  ImGui::Text("label");
  ImGui::SameLine();
  text_coloured(col::kTarget, "%d", t.label);
  same_line_if_fits(ImGui::CalcTextSize("· network alone says").x);
  ImGui::Text("· network alone says");
  std::snprintf(b, sizeof b, "%d (%.0f %%)", pred, t.ff_soft[size_t(pred)] * 100.0);
  same_line_if_fits(ImGui::CalcTextSize(b).x);
  text_coloured(pred == t.label ? col::kForward : col::kWrong, "%s", b);
  same_line_if_fits(ImGui::CalcTextSize("next digit").x + 2 * ImGui::GetStyle().FramePadding.x);
  if (ImGui::SmallButton("next digit"))
    app.compute_trace((t.index + 1) % std::max(1, app.data.train.n));
  record_rect(app, "next_digit");
  bool steady = app.s.steady;
  same_line_if_fits(ImGui::GetFrameHeight() + ImGui::CalcTextSize("steady state").x +
                    2 * ImGui::GetStyle().ItemInnerSpacing.x);
  if (ImGui::Checkbox("steady state", &steady)) app.set_steady(steady);
  record_rect(app, "steady");
  item_tooltip(
      "Run the controller 20× longer than training does, until it settles: the output reaches "
      "the target and ‖Q u‖² becomes H = ‖Q u_ss‖², the quantity the theory is about. Training "
      "keeps its own, shorter simulation.");
  if (t.steady && !t.t.empty())
    text_coloured(col::kFeedback, "steady state: t = %.1f (training simulates t = %.2g)",
                  double(t.t.back()), double(t.t.back()) / App::kSteadyFactor);
  if (!t.note.empty() || t.K <= 1) {
    ImGui::PushTextWrapPos(0);
    text_coloured(col::kDim, "%s", t.note.c_str());
    ImGui::PopTextWrapPos();
    return;
  }
  const int k = trace_playhead(app);
  const float tk = t.t[size_t(k)];
  const float h = (ImGui::GetContentRegionAvail().y - 2 * ImGui::GetStyle().ItemSpacing.y) / 3.0f;
  const int nL = int(t.soft.size());

  // 1. softmax(r_L(t)): the label climbs to the target.
  {
    std::vector<Series> ss;
    std::vector<float> tgt(t.t.size(), t.target.empty() ? 1.0f : t.target[size_t(t.label)]);
    for (int j = 0; j < nL; ++j) {
      if (j == t.label || j == pred) continue;
      ss.push_back({"", col::rgb(120, 128, 145), t.t.data(), t.soft[size_t(j)].data(), t.K, 1.0f,
                    false, false});
    }
    if (pred != t.label)
      ss.push_back(
          {"prediction", col::kForward, t.t.data(), t.soft[size_t(pred)].data(), t.K, 2.0f});
    ss.push_back(
        {"label class", col::kTarget, t.t.data(), t.soft[size_t(t.label)].data(), t.K, 3.0f});
    Series target{
        "target r*", with_alpha(col::kTarget, 0.5f), t.t.data(), tgt.data(), int(tgt.size()), 1.0f};
    if (method_of(app.main_algo()).target == sdfc::OutputTarget::SoftLabels) ss.push_back(target);
    PlotSpec p;
    p.title = "output softmax(r_L(t))";
    p.y_min = 0;
    p.y_max = 1;
    p.marker_x = tk;
    p.size = ImVec2(0, h);
    p.legend_bottom = false;
    plot("##soft", p, ss);
  }
  // 2. u(t): the control signal, one line per output unit.
  {
    std::vector<Series> ss;
    for (int j = 0; j < nL; ++j)
      if (j != t.label)
        ss.push_back({"", with_alpha(col::kFeedback, 0.35f), t.t.data(), t.u[size_t(j)].data(), t.K,
                      1.0f, false, false});
    ss.push_back(
        {"u of label unit", col::kFeedback, t.t.data(), t.u[size_t(t.label)].data(), t.K, 3.0f});
    ss.push_back({"other units", with_alpha(col::kFeedback, 0.35f), nullptr, nullptr, 0, 1.0f});
    PlotSpec p;
    p.title = "controller u(t)";
    p.marker_x = tk;
    p.size = ImVec2(0, h);
    plot("##u", p, ss);
  }
  // 3. ||Q u(t)||²: the amount of control.
  {
    char title[96];
    std::snprintf(title, sizeof title, "amount of control ‖Q u(t)‖²   (H = %.3g)",
                  double(t.Qu2.back()));
    PlotSpec p;
    p.title = title;
    p.x_label = "simulation time t";
    p.y_min = 0;
    p.marker_x = tk;
    plot("##qu", p, {{"‖Q u‖²", col::kFeedback, t.t.data(), t.Qu2.data(), t.K, 2.5f, true}});
  }
}

}  // namespace demo
