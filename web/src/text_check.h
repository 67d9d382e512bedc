// text_check.h — finds cut text in a rendered frame, for the layout tests: a glyph whose
// quad reaches outside the clip rectangle it is drawn with is shown only in part (ImGui
// drops glyphs entirely outside, so a string cut at a panel's edge always leaves one).
#pragma once
#include <string>
#include <vector>

#include "imgui.h"

namespace demo {

struct CutText {
  int glyphs = 0;                  // glyphs drawn partly outside their clip rectangle
  std::vector<std::string> where;  // up to 8: "window@x,y" (CSS pixels / scale)
};

// Scan the frame's draw data (the font atlas texture only); `px` divides positions.
CutText find_cut_text(const ImDrawData* dd, float px);

}  // namespace demo
