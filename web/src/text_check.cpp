// text_check.cpp — cut-glyph detection (see text_check.h).
#include "text_check.h"

#include <algorithm>
#include <cstdio>

#include "imgui_internal.h"

namespace demo {

CutText find_cut_text(const ImDrawData* dd, float px) {
  CutText out;
  if (!dd) return out;
  const ImTextureID font = ImGui::GetIO().Fonts->TexID;
  const ImVec2 white = ImGui::GetIO().Fonts->TexUvWhitePixel;
  const float tol = 1.0f;  // pixels: anti-aliasing fringe
  for (int l = 0; l < dd->CmdListsCount; ++l) {
    const ImDrawList* dl = dd->CmdLists[l];
    const ImGuiWindow* win = dl->_OwnerName ? ImGui::FindWindowByName(dl->_OwnerName) : nullptr;
    const bool scrolls = win && win->ScrollMax.y > 0;
    for (const ImDrawCmd& c : dl->CmdBuffer) {
      if (c.UserCallback || c.TextureId != font) continue;
      // Glyphs are textured triangles (two per glyph); everything else is drawn with the
      // atlas's white pixel (theme.cpp turns off ImGui's textured lines for this).
      for (unsigned i = 0; i + 3 <= c.ElemCount; i += 3) {
        ImVec2 lo(1e30f, 1e30f), hi(-1e30f, -1e30f);
        bool glyph = false;
        for (unsigned k = 0; k < 3; ++k) {
          const ImDrawVert& v =
              dl->VtxBuffer[int(c.VtxOffset + dl->IdxBuffer[int(c.IdxOffset + i + k)])];
          lo.x = std::min(lo.x, v.pos.x), lo.y = std::min(lo.y, v.pos.y);
          hi.x = std::max(hi.x, v.pos.x), hi.y = std::max(hi.y, v.pos.y);
          if (v.uv.x != white.x || v.uv.y != white.y) glyph = true;
        }
        if (!glyph) continue;
        const ImVec4& r = c.ClipRect;
        const bool inside =
            lo.x >= r.x - tol && lo.y >= r.y - tol && hi.x <= r.z + tol && hi.y <= r.w + tol;
        const bool visible = hi.x > r.x && hi.y > r.y && lo.x < r.z && lo.y < r.w;
        if (inside || !visible) continue;
        // Cut only at the top or bottom edge of a window that scrolls (or of the screen):
        // content scrolled partly out of view, not cut.
        const ImVec2 disp = ImGui::GetIO().DisplaySize;
        const bool x_in = lo.x >= r.x - tol && hi.x <= r.z + tol;
        const bool at_edge = (hi.y > r.w + tol && (r.w >= disp.y - 0.5f || scrolls)) ||
                             (lo.y < r.y - tol && (r.y <= 0.5f || scrolls));
        if (x_in && at_edge) continue;
        if (out.where.size() < 16 && (i % 6) == 0) {
          char b[160];
          std::snprintf(b, sizeof b, "%s@%.0f,%.0f", dl->_OwnerName ? dl->_OwnerName : "?",
                        double(lo.x / px), double(lo.y / px));
          out.where.push_back(b);
        }
        ++out.glyphs;  // (counts triangles: about two per cut glyph)
      }
    }
  }
  return out;
}

}  // namespace demo
