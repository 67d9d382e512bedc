// theme.h — the demo's colour language and ImGui style, plus tooltip helpers.
//
// Colour language (used by every panel, legends repeat it):
//   forward pass / basal input / feedforward prediction  = blue
//   feedback / controller u / control signal Q u / H     = orange
//   target / label / correct                             = green
//   wrong / diverged                                     = red
#pragma once
#include "imgui.h"

namespace demo {

namespace col {
constexpr ImU32 rgb(int r, int g, int b, int a = 255) {
  return (ImU32(a) << 24) | (ImU32(b) << 16) | (ImU32(g) << 8) | ImU32(r);
}
constexpr ImU32 kForward = rgb(74, 163, 255);   // blue
constexpr ImU32 kFeedback = rgb(255, 159, 64);  // orange
constexpr ImU32 kTarget = rgb(76, 217, 123);    // green
constexpr ImU32 kWrong = rgb(255, 92, 92);      // red
constexpr ImU32 kBP = rgb(190, 160, 255);       // violet: backprop in comparisons
constexpr ImU32 kText = rgb(230, 232, 238);
constexpr ImU32 kDim = rgb(140, 146, 160);
constexpr ImU32 kGrid = rgb(58, 63, 76);
constexpr ImU32 kPanel = rgb(24, 27, 34);
constexpr ImU32 kBg = rgb(18, 20, 26);
}  // namespace col

// Colour with a new alpha in [0, 1].
ImU32 with_alpha(ImU32 c, float a);
// Linear blend of two colours, t in [0, 1].
ImU32 mix(ImU32 a, ImU32 b, float t);
// Diverging map for signed values in [-1, 1]: orange-red (−) … background … blue (+).
ImU32 diverging(float v);
// ImVec4 from ImU32.
ImVec4 to_vec4(ImU32 c);

// Dark theme with rounded panels, sized for `scale` (device pixel ratio × user zoom).
void apply_style(float scale);

// A "(?)" marker; hovering it shows `text` (one sentence per term).
void help_marker(const char* text);
// Tooltip for the last item, shown on hover.
void item_tooltip(const char* text);
// Text in a colour.
void text_coloured(ImU32 c, const char* fmt, ...) IM_FMTARGS(2);

}  // namespace demo
