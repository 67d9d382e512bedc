// panel_controls.cpp — the left control column (and the slim embed-mode toolbar):
// Play/Pause/Step/Reset, speed, algorithm, feedback strength, noise, learning rates,
// network size, sharing. Every term has a one-sentence tooltip.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "platform.h"
#include "theme.h"
#include "ui.h"

namespace demo {

namespace {

// Logarithmic float slider; returns true when edited.
bool log_slider(const char* label, float* v, float lo, float hi, const char* fmt) {
  return ImGui::SliderFloat(label, v, lo, hi, fmt, ImGuiSliderFlags_Logarithmic);
}

void section(const char* name) {
  ImGui::Dummy(ImVec2(0, ImGui::GetStyle().ItemSpacing.y * 0.5f));
  ImGui::PushFont(fonts().small);
  text_coloured(col::kDim, "%s", name);
  ImGui::PopFont();
  ImGui::Separator();
}

void transport(App& app, bool compact) {
  const float sc = app.ui_scale;
  const float w =
      compact ? 0 : (ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().ItemSpacing.x) / 3;
  ImGui::PushStyleColor(ImGuiCol_Button,
                        app.playing ? col::rgb(120, 70, 20) : col::rgb(30, 110, 60));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered,
                        app.playing ? col::rgb(150, 90, 30) : col::rgb(40, 140, 75));
  if (ImGui::Button(app.playing ? "▮▮ Pause" : "▶ Play", ImVec2(w, compact ? 0 : 34 * sc))) {
    app.set_playing(!app.playing);
  }
  ImGui::PopStyleColor(2);
  record_rect(app, "play");
  item_tooltip(
      "Train continuously: mini-batches from the 5000 bundled digits, in the background, as "
      "fast as the speed setting allows.");
  ImGui::SameLine();
  if (ImGui::Button("Step", ImVec2(w, compact ? 0 : 34 * sc))) {
    app.playing = false;
    app.s.autoplay = false;
    app.step_once();
  }
  record_rect(app, "step");
  item_tooltip(
      "Train on exactly one mini-batch and show the controller dynamics of its first digit.");
  ImGui::SameLine();
  if (ImGui::Button("Reset", ImVec2(w, compact ? 0 : 34 * sc))) {
    app.s.start = "random";
    app.rebuild();
  }
  record_rect(app, "reset");
  item_tooltip("Start again from random weights (same seed, same data order).");
}

// Text size, projector mode and the share buttons (near the top: visible without
// scrolling at 1280×800).
void view_and_share(App& app) {
  Settings& s = app.s;
  section("VIEW & SHARE");
  ImGui::SetNextItemWidth(-1);
  float z = s.zoom;
  if (ImGui::SliderFloat("##zoom", &z, 0.6f, 2.0f, "text size %.2f×")) s.zoom = z;
  if (ImGui::IsItemDeactivatedAfterEdit()) s.zoom = z;
  item_tooltip("Scale all text and widgets (for projectors).");
  ImGui::Checkbox("Projector mode", &s.lecture);
  record_rect(app, "lecture");
  item_tooltip(
      "For a lecture hall: text at least 28 px high on a 1080-line projector (#lecture=1); "
      "the layout then shows two panels, the others behind tabs.");
  static double copied_at = -10;
  static const char* copied_what = "";
  float bw = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
  if (ImGui::Button(platform::is_web() ? "Copy link" : "Copy args", ImVec2(bw, 0))) {
    platform::copy_text(platform::is_web() ? app.page_url + "#" + to_query(s)
                                           : "sdfc_demo " + to_args(s));
    copied_at = app.now, copied_what = "link";
  }
  record_rect(app, "copy_link");
  item_tooltip(
      "Copy a link that reproduces exactly this configuration (every setting is in the URL).");
  ImGui::SameLine();
  if (ImGui::Button("Copy iframe", ImVec2(bw, 0))) {
    Settings e = s;
    e.embed = true;
    std::string snippet =
        "<iframe src=\"" + app.page_url + "#" + to_query(e) +
        "\" width=\"960\" height=\"600\" style=\"border:0\" allow=\"clipboard-write\" "
        "title=\"Strong-DFC demo\"></iframe>";
    platform::copy_text(snippet);
    copied_at = app.now, copied_what = "iframe snippet";
  }
  item_tooltip(
      "Copy an <iframe> snippet for slides or a course page (embed mode: minimal chrome).");
  if (app.now - copied_at < 2.0) text_coloured(col::kTarget, "copied %s", copied_what);
}

}  // namespace

void panel_toolbar(App& app) {
  // Items flow left to right and wrap to the next line when the toolbar is narrow.
  auto next = [](float w) {
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + w <= right) ImGui::SameLine();
  };
  transport(app, true);
  next(150 * app.ui_scale);
  ImGui::SetNextItemWidth(150 * app.ui_scale);
  if (ImGui::BeginCombo("##algo", algo_name(app.s.algo))) {
    for (const sdfc::MethodInfo* m : sdfc::methods())
      if (ImGui::Selectable(m->display, app.s.algo == m->name)) app.switch_algorithm(m->name);
    ImGui::EndCombo();
  }
  record_rect(app, "algo_combo");
  if (const Run* r = app.main_ptr()) {
    char b[64];
    std::snprintf(b, sizeof b, "%.0f samples", r->samples);
    next(ImGui::CalcTextSize(b).x);
    text_coloured(col::kDim, "%s", b);
    std::snprintf(b, sizeof b, "test %.1f %%",
                  r->test_acc.empty() ? 0.0 : r->test_acc.back() * 100.0);
    next(ImGui::CalcTextSize(b).x);
    text_coloured(col::kTarget, "%s", b);
    if (method_of(r->algo).uses_controller) {
      std::snprintf(b, sizeof b, "H %.3g", r->last_H);
      next(ImGui::CalcTextSize(b).x);
      text_coloured(col::kFeedback, "%s", b);
    }
  }
  if (platform::is_web() && app.s.embed) {
    const char* label = "Open full demo ↗";
    const float lw = ImGui::CalcTextSize(label).x + 2 * ImGui::GetStyle().FramePadding.x;
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetItemRectMax().x + 2 * ImGui::GetStyle().ItemSpacing.x + lw <= right)
      ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - lw);
    if (ImGui::SmallButton(label)) {
      Settings s = app.s;
      s.embed = false;
      s.panel.clear();
      platform::open_url(app.page_url + "#" + to_query(s));
    }
    item_tooltip("Open this configuration in a new tab with every panel and control.");
  }
  // Bad URL parameters (and engine errors) are visible in embed / one-panel views too.
  if (!app.warnings.empty() || !app.last_error.empty()) {
    char b[64];
    std::snprintf(b, sizeof b, "▲ %d warning%s", int(app.warnings.size() + !app.last_error.empty()),
                  app.warnings.size() + !app.last_error.empty() == 1 ? "" : "s");
    next(ImGui::CalcTextSize(b).x);
    text_coloured(col::kFeedback, "%s", b);
    if (ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      if (!app.last_error.empty()) text_coloured(col::kWrong, "%s", app.last_error.c_str());
      for (const std::string& w : app.warnings) ImGui::TextUnformatted(w.c_str());
      ImGui::EndTooltip();
    }
  }
}

void panel_controls(App& app) {
  Settings& s = app.s;
  ImGui::PushFont(fonts().big);
  text_coloured(col::kText, "Strong-DFC");
  ImGui::PopFont();
  ImGui::PushTextWrapPos(0);
  text_coloured(col::kDim,
                "A controller pushes the output to the label; learning makes that push shrink.");
  ImGui::PopTextWrapPos();
  ImGui::Spacing();
  transport(app, false);

  if (ImGui::Button(app.pretrained_fits() ? "Load trained network" : "Load trained network (n/a)",
                    ImVec2(-1, 0)) &&
      app.pretrained_fits())
    app.load_trained();
  record_rect(app, "load_trained");
  item_tooltip(
      app.pretrained_fits()
          ? "Start from weights trained at build time (web-small, natively) instead of random ones."
          : "Pretrained weights exist for the web-small network size only.");
  if (!app.pretrained_info.empty() && app.pretrained_fits()) {
    ImGui::PushFont(fonts().small);
    text_coloured(col::kDim, "pretrained: %s", app.pretrained_info.c_str());
    ImGui::PopFont();
  }

  // Status.
  if (const Run* r = app.main_ptr()) {
    ImGui::Spacing();
    ImGui::Text("epoch %d · %.0f samples", app.epoch + 1, r->samples);
    ImGui::Text("%.0f samples/s", app.playing ? app.rate_sps : 0.0);
    item_tooltip("Training samples processed per second of wall time (all runs together).");
    if (r->pretrain_left > 0)
      text_coloured(col::kFeedback,
                    "learning Q only (pre-training or feedback pass): %d batches left",
                    r->pretrain_left);
  }
  if (!s.config.empty()) {
    // the link's engine hyperparameters (url_state.h): shown, so a shared run explains itself
    text_coloured(col::kFeedback, "from the link:");
    for (const auto& [k, v] : s.config)
      text_coloured(col::kFeedback, "  %s = %s", k.c_str(), v.c_str());
    item_tooltip(
        "Engine hyperparameters set by name in the link (#alpha_di=0.01 …), on top "
        "of the preset. Reset drops them and restarts.");
    if (ImGui::SmallButton("reset to preset")) {
      s.config.clear();
      s.start = "random";
      app.rebuild();
    }
  }

  // Speed: log slider, right end = no limit (the training worker uses its whole core).
  view_and_share(app);

  section("SPEED");
  {
    float v = s.speed <= 0 ? 5.0f : std::log10(std::max(s.speed, 10.0f));
    char label[48];
    if (s.speed <= 0)
      std::snprintf(label, sizeof label, "max");
    else
      std::snprintf(label, sizeof label, "%.0f samples/s", double(s.speed));
    ImGui::SetNextItemWidth(-1);
    if (ImGui::SliderFloat("##speed", &v, 1.0f, 5.0f, label)) {
      s.speed = v >= 4.95f ? 0.0f : std::pow(10.0f, v);
      app.apply_hyperparameters();
    }
    record_rect(app, "speed");
    item_tooltip(
        "Samples per second to train (log scale). Training runs in the background (a Web "
        "Worker in the browser, a thread on the desktop); 'max' gives it a whole CPU core.");
  }

  if (!hidden(s, "algo")) {
    section("ALGORITHM");
    std::string all;  // "Strong-DFC, DFC (weak) and Backprop"
    const auto& ms = sdfc::methods();
    for (size_t i = 0; i < ms.size(); ++i) {
      if (ImGui::RadioButton(ms[i]->display, s.algo == ms[i]->name))
        app.switch_algorithm(ms[i]->name);
      record_rect(app, ms[i]->name);
      item_tooltip(ms[i]->blurb);
      all += (i == 0 ? "" : i + 1 == ms.size() ? " and " : ", ") + std::string(ms[i]->display);
    }
    bool cmp = s.compare;
    if (ImGui::Checkbox("Compare all side by side", &cmp)) app.set_compare(cmp);
    record_rect(app, "compare");
    item_tooltip(("Train " + all +
                  " on the same mini-batches at once; the curves panel then shows their "
                  "accuracy and H together (the paper's table, live).")
                     .c_str());

    const sdfc::MethodInfo& m = method_of(s.algo);
    if (m.uses_controller || s.compare) {
      // Feedback strength: weak DFC with target step λ … strong feedback (target = label).
      float v = m.uses_controller && m.target == sdfc::OutputTarget::SoftLabels
                    ? 1.0f
                    : std::clamp((std::log10(s.lambda) + 4.0f) / 4.0f * 0.9f, 0.0f, 0.9f);
      char label[48];
      if (v >= 0.95f)
        std::snprintf(label, sizeof label, "strong (r* = label)");
      else
        std::snprintf(label, sizeof label, "weak, λ = %.2g", double(s.lambda));
      ImGui::Text("Feedback strength");
      help_marker(
          "How far the controller pushes the output: weak DFC nudges it by a step λ down the loss "
          "gradient; strong feedback pushes it all the way to the label (Strong-DFC).");
      ImGui::SetNextItemWidth(-1);
      if (ImGui::SliderFloat("##strength", &v, 0.0f, 1.0f, label)) {
        // the two ends are the controller methods with a label target and a weak nudge
        const sdfc::MethodInfo& strong = controller_method(sdfc::OutputTarget::SoftLabels);
        const sdfc::MethodInfo& weak = controller_method(sdfc::OutputTarget::WeakNudge);
        if (v >= 0.95f) {
          app.switch_algorithm(strong.name);
        } else {
          s.lambda = std::pow(10.0f, std::min(v, 0.9f) / 0.9f * 4.0f - 4.0f);
          if (s.algo != weak.name)
            app.switch_algorithm(weak.name);
          else
            app.apply_hyperparameters();
        }
      }
      record_rect(app, "strength");
    }
  }

  if (!hidden(s, "noise")) {
    section("NOISE");
    bool noise = s.noise;
    if (ImGui::Checkbox("Noisy dynamics (single phase)", &noise)) {
      s.noise = noise;
      app.apply_hyperparameters();
    }
    record_rect(app, "noise");
    item_tooltip(
        "On: the neurons' apical input is noisy and W and Q learn from the same simulation (the "
        "paper's 'noise' rows). Off: a noiseless forward phase and a separate noisy phase for Q.");
    ImGui::BeginDisabled(!s.noise);
    ImGui::SetNextItemWidth(-1);
    if (log_slider("##sigma", &s.sigma, 1e-4f, 0.3f, "σ = %.2g")) app.apply_hyperparameters();
    item_tooltip(
        "σ: standard deviation of the noise on the apical (feedback) compartment of every hidden "
        "neuron; the output layer gets proportionally more.");
    ImGui::EndDisabled();
  }

  if (!hidden(s, "lr")) {
    section("LEARNING");
    ImGui::SetNextItemWidth(-1);
    if (log_slider("##lr", &s.lr, 1e-5f, 0.1f, "lr = %.2g")) app.apply_hyperparameters();
    record_rect(app, "lr");
    item_tooltip("Learning rate of the forward weights W and biases b (Adam).");
    ImGui::SetNextItemWidth(-1);
    if (log_slider("##lrfb", &s.lr_fb, 1e-9f, 1e-2f, "lr Q = %.2g")) app.apply_hyperparameters();
    item_tooltip(
        "Learning rate of the feedback weights Q, which carry the control signal u to every layer "
        "(the paper's value is tiny: Q barely moves).");
    ImGui::SetNextItemWidth(-1);
    if (ImGui::SliderInt("##steps", &s.steps, 10, 300, "%d simulation steps"))
      app.apply_hyperparameters();
    item_tooltip(
        "How many Euler steps of the controlled dynamics are simulated per sample (more = closer "
        "to the steady state, slower).");
    ImGui::SetNextItemWidth(-1);
    if (ImGui::SliderInt("##batch", &s.batch, 1, 128, "batch %d")) app.apply_hyperparameters();
    item_tooltip("Mini-batch size: samples simulated together per weight update.");
  }

  if (!hidden(s, "net")) {
    section("NETWORK");
    ImGui::SetNextItemWidth(-1);
    std::string cur;
    for (const NetChoice& c : net_choices())
      if (s.net == c.key) cur = c.label;
    if (ImGui::BeginCombo("##net", cur.c_str())) {
      for (const NetChoice& c : net_choices())
        if (ImGui::Selectable(c.label, s.net == c.key)) {
          s.net = c.key;
          s.start = "random";
          app.rebuild();
        }
      ImGui::EndCombo();
    }
    item_tooltip(
        "Layer sizes (input 28×28 = 784 pixels, 10 output classes). Changing it restarts from "
        "random weights.");
    int seed = int(s.seed);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("seed");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    if (ImGui::InputInt("##seed", &seed)) {
      s.seed = uint64_t(std::max(0, seed));
      s.start = "random";
      app.rebuild();
    }
    item_tooltip(
        "Random seed: initial weights, data order and noise. Same seed and settings = same run.");
  }

  section("COLOURS");
  text_coloured(col::kForward, "■ forward pass");
  ImGui::SameLine();
  text_coloured(col::kFeedback, "■ feedback / control");
  text_coloured(col::kTarget, "■ target / correct");
  ImGui::SameLine();
  text_coloured(col::kWrong, "■ wrong");

  if (!app.last_error.empty()) {
    ImGui::PushTextWrapPos(0);
    text_coloured(col::kWrong, "%s", app.last_error.c_str());
    ImGui::PopTextWrapPos();
  }
  if (!app.warnings.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::PushFont(fonts().small);
    for (const std::string& w : app.warnings) text_coloured(col::kFeedback, "%s", w.c_str());
    ImGui::PopFont();
    ImGui::PopTextWrapPos();
    if (ImGui::SmallButton("dismiss")) app.warnings.clear();
  }
}

}  // namespace demo
