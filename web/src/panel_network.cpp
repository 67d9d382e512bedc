// panel_network.cpp — the network diagram, animated along the recorded trace:
// the input digit, hidden neurons (a subsample of wide layers) coloured by their rate
// φ(v(t)), output neurons by softmax, forward connections in blue (strongest only),
// the controller box showing u(t), and orange feedback paths Q_i u(t) into every layer.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "theme.h"
#include "ui.h"

namespace demo {

namespace {

// Indices of at most `max_shown` neurons out of n, evenly spread.
std::vector<int> subsample(int n, int max_shown) {
  std::vector<int> idx;
  int m = std::min(n, max_shown);
  for (int i = 0; i < m; ++i) idx.push_back(int((long(i) * n) / m));
  return idx;
}

}  // namespace

void panel_network(App& app) {
  panel_title("Network and controller",
              "Blue: the forward pass. Orange: the controller's output u, sent back to every layer "
              "through feedback weights Q. Green: the target. Neuron colour = activity.");
  const Trace& t = app.trace;
  if (app.runs.empty() || !t.valid) return;
  const auto& net = app.view().net();
  const int L = net.depth(), nL = net.n_out();
  const int k = trace_playhead(app);
  const bool has_ctrl = method_of(app.main_algo()).uses_controller && t.K > 1;
  const float sc = app.ui_scale, fh = ImGui::GetFontSize();

  ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImVec2 avail = ImGui::GetContentRegionAvail();
  avail.y -= ImGui::GetTextLineHeightWithSpacing() * 2.2f;  // room for the t / ‖Qu‖² lines
  if (avail.x < 100 || avail.y < 100) return;
  ImGui::InvisibleButton("##net", avail);
  ImDrawList* dl = ImGui::GetWindowDrawList();

  // Columns: input | hidden layers … | output | controller.
  const int ncol = L + 2;
  const float top = p0.y + avail.y * 0.22f, bot = p0.y + avail.y - fh * 1.2f;
  const float left = p0.x + fh * 0.5f, right = p0.x + avail.x - fh * 0.5f;
  const float colw = (right - left) / float(ncol);
  auto col_x = [&](int c) { return left + colw * (c + 0.5f); };

  // --- input image ---
  const int side = app.input_side();
  const float img = std::min(colw * 0.9f, (bot - top) * 0.8f);
  ImVec2 ia(col_x(0) - img * 0.5f, (top + bot) * 0.5f - img * 0.5f);
  const float px = img / side;
  dl->AddRectFilled(ia, ImVec2(ia.x + img, ia.y + img), col::rgb(8, 9, 12));
  for (int y = 0; y < side; ++y)
    for (int x = 0; x < side; ++x) {
      float v = t.x[size_t(y * side + x)];
      if (v > 0.02f)
        dl->AddRectFilled(ImVec2(ia.x + x * px, ia.y + y * px),
                          ImVec2(ia.x + (x + 1) * px, ia.y + (y + 1) * px),
                          mix(col::rgb(8, 9, 12), col::rgb(235, 240, 255), v));
    }
  dl->AddRect(ia, ImVec2(ia.x + img, ia.y + img), col::kGrid);
  {
    const char* s = "input x";
    dl->AddText(ImVec2(col_x(0) - ImGui::CalcTextSize(s).x * 0.5f, ia.y + img + 0.3f * fh),
                col::kDim, s);
  }

  // --- neuron positions ---
  const int max_shown = std::max(6, int((bot - top) / (fh * 1.05f)));
  std::vector<std::vector<int>> shown(static_cast<size_t>(L));
  std::vector<std::vector<ImVec2>> pos(static_cast<size_t>(L));
  float radius = fh * 0.42f;
  for (int l = 0; l < L; ++l) {
    int n = net.sizes[size_t(l + 1)];
    shown[size_t(l)] = subsample(n, l == L - 1 ? n : max_shown);
    int m = int(shown[size_t(l)].size());
    float span = std::min(bot - top, m * fh * (l == L - 1 ? 2.0f : 1.25f));
    float y0 = (top + bot) * 0.5f - span * 0.5f;
    for (int i = 0; i < m; ++i)
      pos[size_t(l)].push_back(ImVec2(col_x(l + 1), y0 + span * (i + 0.5f) / m));
    radius = std::min(radius, span / m * 0.42f);
  }
  radius = std::max(radius, 2.5f * sc);

  // --- forward connections (strongest few per neuron, alpha ∝ |w|) ---
  for (int l = 0; l < L; ++l) {
    const auto& W = net.W[size_t(l)];
    const auto& to = shown[size_t(l)];
    if (l == 0) {  // from the image: a fan of faint lines
      for (size_t i = 0; i < to.size(); ++i)
        dl->AddLine(ImVec2(ia.x + img, (top + bot) * 0.5f), pos[0][i],
                    with_alpha(col::kForward, 0.12f), 1.0f * sc);
      continue;
    }
    const auto& from = shown[size_t(l - 1)];
    float wmax = 1e-6f;
    for (int a : to)
      for (int b : from) wmax = std::max(wmax, std::fabs(W(a, b)));
    for (size_t i = 0; i < to.size(); ++i)
      for (size_t j = 0; j < from.size(); ++j) {
        float w = W(to[i], from[j]) / wmax;
        if (std::fabs(w) < 0.3f) continue;
        dl->AddLine(pos[size_t(l - 1)][j], pos[size_t(l)][i],
                    w > 0 ? with_alpha(col::kForward, 0.15f + 0.5f * std::fabs(w))
                          : with_alpha(col::rgb(100, 120, 160), 0.1f + 0.25f * std::fabs(w)),
                    (0.6f + 1.4f * std::fabs(w)) * sc);
      }
  }

  // --- controller box (right of the output layer) ---
  const float cx = col_x(L + 1);
  const float bw = std::min(colw * 0.86f, fh * 7.5f),
              bh = std::min((bot - top) * 0.62f, fh * 11.0f);
  ImVec2 ca(cx - bw * 0.5f, (top + bot) * 0.5f - bh * 0.5f),
      cb(cx + bw * 0.5f, (top + bot) * 0.5f + bh * 0.5f);
  std::vector<float> uk(size_t(nL), 0.0f);
  float umax = 1e-6f;
  if (has_ctrl) {
    for (int j = 0; j < nL; ++j) {
      uk[size_t(j)] = t.u[size_t(j)][size_t(k)];
      for (int kk = 0; kk < t.K; ++kk) umax = std::max(umax, std::fabs(t.u[size_t(j)][size_t(kk)]));
    }
  }

  // --- feedback paths: controller → every layer, thickness ∝ ||Q_i u(t)|| ---
  if (has_ctrl) {
    float fmax = 1e-6f;
    for (const auto& f : t.fb_norm)
      for (float v : f) fmax = std::max(fmax, v);
    for (int l = 0; l < L; ++l) {
      float f = t.fb_norm[size_t(k)][size_t(l)] / fmax;
      ImVec2 a(cx, ca.y), b(col_x(l + 1), pos[size_t(l)].front().y - radius - 2 * sc);
      float lift = p0.y + fh * 1.2f + (L - 1 - l) * fh * 0.9f;
      ImU32 c = with_alpha(col::kFeedback, 0.25f + 0.75f * f);
      dl->AddBezierCubic(a, ImVec2(a.x, lift), ImVec2(b.x, lift), b, c, (1.0f + 5.0f * f) * sc);
      dl->AddTriangleFilled(ImVec2(b.x - 5 * sc, b.y - 7 * sc), ImVec2(b.x + 5 * sc, b.y - 7 * sc),
                            b, c);
      char lab[16];
      std::snprintf(lab, sizeof lab, "Q%d u", l + 1);
      ImVec2 ls = ImGui::CalcTextSize(lab);
      // Label at the top of the curve (the Bézier's midpoint).
      ImVec2 mid(0.5f * (a.x + b.x), 0.125f * (a.y + b.y) + 0.75f * lift);
      dl->AddText(ImVec2(mid.x - ls.x * 0.5f, mid.y - ls.y - 0.15f * fh), col::kFeedback, lab);
    }
  }

  // --- neurons ---
  for (int l = 0; l < L; ++l) {
    const bool out = l == L - 1;
    std::vector<float> fb;  // (Q_l u(t))_i for the shown neurons
    if (has_ctrl) {
      Eigen::VectorXf u = Eigen::Map<const Eigen::VectorXf>(uk.data(), nL);
      Eigen::VectorXf q = net.Q[size_t(l)] * u;
      float qm = 1e-6f;
      for (int kk = 0; kk < t.K; ++kk) {
        Eigen::VectorXf uu(nL);
        for (int j = 0; j < nL; ++j) uu(j) = t.u[size_t(j)][size_t(kk)];
        qm = std::max(qm, (net.Q[size_t(l)] * uu).cwiseAbs().maxCoeff());
      }
      for (int i : shown[size_t(l)]) fb.push_back(q(i) / qm);
    }
    const std::vector<float>& r = t.r[size_t(std::min(k, int(t.r.size()) - 1))][size_t(l)];
    std::vector<float> soft;
    if (out) soft = softmax(r.data(), nL);
    for (size_t i = 0; i < shown[size_t(l)].size(); ++i) {
      int n = shown[size_t(l)][i];
      ImVec2 c = pos[size_t(l)][i];
      ImU32 fill = out ? mix(col::rgb(30, 33, 42), n == t.label ? col::kTarget : col::kForward,
                             std::sqrt(soft[size_t(n)]))
                       : diverging(r[size_t(n)]);
      if (!fb.empty() && std::fabs(fb[i]) > 0.05f)
        dl->AddCircle(c, radius + 2.5f * sc, with_alpha(col::kFeedback, std::fabs(fb[i])), 0,
                      (1.0f + 2.5f * std::fabs(fb[i])) * sc);
      dl->AddCircleFilled(c, radius, fill);
      dl->AddCircle(c, radius, col::rgb(90, 96, 112), 0, 1.0f * sc);
      if (out) {
        char lab[32];
        std::snprintf(lab, sizeof lab, "%d", n);
        dl->AddText(ImVec2(c.x - radius - ImGui::CalcTextSize(lab).x - 3 * sc, c.y - fh * 0.5f),
                    n == t.label ? col::kTarget : col::kDim, lab);
        std::snprintf(lab, sizeof lab, "%.0f%%", soft[size_t(n)] * 100.0);
        if (soft[size_t(n)] > 0.05f)
          dl->AddText(ImVec2(c.x + radius + 3 * sc, c.y - fh * 0.5f), col::kText, lab);
        if (has_ctrl)  // error signal into the controller
          dl->AddLine(ImVec2(c.x + radius + fh * 2.4f, c.y),
                      ImVec2(ca.x, ca.y + bh * (n + 0.5f) / nL), with_alpha(col::kText, 0.12f),
                      1.0f * sc);
      }
    }
    char lab[48];
    int n = net.sizes[size_t(l + 1)], m = int(shown[size_t(l)].size());
    if (out)
      std::snprintf(lab, sizeof lab, "output r_L");
    else if (m < n)
      std::snprintf(lab, sizeof lab, "%d of %d", m, n);
    else
      std::snprintf(lab, sizeof lab, "%d neurons", n);
    ImVec2 ls = ImGui::CalcTextSize(lab);
    dl->AddText(ImVec2(col_x(l + 1) - ls.x * 0.5f, pos[size_t(l)].back().y + radius + 0.3f * fh),
                col::kDim, lab);
  }

  // --- controller box contents ---
  if (has_ctrl) {
    dl->AddRectFilled(ca, cb, col::rgb(44, 32, 20), 6 * sc);
    dl->AddRect(ca, cb, col::kFeedback, 6 * sc, 0, 2.0f * sc);
    const char* title =
        ImGui::CalcTextSize("controller u").x < bw - 0.4f * fh ? "controller u" : "u";
    ImVec2 ts = ImGui::CalcTextSize(title);
    dl->AddText(ImVec2(cx - ts.x * 0.5f, ca.y + 0.2f * fh), col::kFeedback, title);
    float y0 = ca.y + 1.5f * fh, rowh = (cb.y - y0 - 0.4f * fh) / nL, mid = cx;
    dl->AddLine(ImVec2(mid, y0), ImVec2(mid, cb.y - 0.3f * fh), with_alpha(col::kFeedback, 0.4f));
    for (int j = 0; j < nL; ++j) {
      float v = uk[size_t(j)] / umax, y = y0 + rowh * j;
      float x1 = mid + v * (bw * 0.42f);
      dl->AddRectFilled(ImVec2(std::min(mid, x1), y + rowh * 0.15f),
                        ImVec2(std::max(mid, x1), y + rowh * 0.85f),
                        j == t.label ? col::kFeedback : with_alpha(col::kFeedback, 0.55f));
    }
    // The target enters the controller from below.
    char lab[40];
    std::snprintf(lab, sizeof lab, "target: %d", t.label);
    ImVec2 ls = ImGui::CalcTextSize(lab);
    ImVec2 ta(cx - ls.x * 0.5f - 0.4f * fh, cb.y + 1.0f * fh);
    dl->AddRectFilled(ta, ImVec2(ta.x + ls.x + 0.8f * fh, ta.y + fh * 1.3f), col::rgb(20, 50, 32),
                      4 * sc);
    dl->AddText(ImVec2(ta.x + 0.4f * fh, ta.y + 0.15f * fh), col::kTarget, lab);
    dl->AddLine(ImVec2(cx, ta.y), ImVec2(cx, cb.y + 2 * sc), col::kTarget, 2.0f * sc);
  } else {
    const char* s = "no controller (backprop)";
    dl->AddText(ImVec2(cx - ImGui::CalcTextSize(s).x * 0.5f, (top + bot) * 0.5f), col::kDim, s);
  }

  // --- caption ---
  if (has_ctrl) {
    ImGui::Text("t = %.3f of %.3g%s", double(t.t[size_t(k)]), double(t.t.back()),
                t.steady ? " (steady state)" : "");
    char q[64];
    std::snprintf(q, sizeof q, "‖Q u(t)‖² = %.3g", double(t.Qu2[size_t(k)]));
    same_line_if_fits(ImGui::CalcTextSize(q).x);
    text_coloured(col::kFeedback, "%s", q);
    caption(
        "Orange rings: the feedback each neuron receives. Learning makes the network need less "
        "of it.");
  } else if (!t.note.empty()) {
    ImGui::PushTextWrapPos(0);
    text_coloured(col::kDim, "%s", t.note.c_str());
    ImGui::PopTextWrapPos();
  }
}

}  // namespace demo
