// theme.cpp — style setup and small colour helpers (see theme.h).
#include "theme.h"

#include <algorithm>
#include <cmath>
#include <cstdarg>

namespace demo {

ImVec4 to_vec4(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

ImU32 with_alpha(ImU32 c, float a) {
  a = std::clamp(a, 0.0f, 1.0f);
  return (c & 0x00FFFFFFu) | (ImU32(a * 255.0f + 0.5f) << 24);
}

ImU32 mix(ImU32 a, ImU32 b, float t) {
  t = std::clamp(t, 0.0f, 1.0f);
  ImVec4 x = to_vec4(a), y = to_vec4(b);
  return ImGui::ColorConvertFloat4ToU32(ImVec4(x.x + (y.x - x.x) * t, x.y + (y.y - x.y) * t,
                                               x.z + (y.z - x.z) * t, x.w + (y.w - x.w) * t));
}

ImU32 diverging(float v) {
  if (!std::isfinite(v)) return col::kWrong;
  v = std::clamp(v, -1.0f, 1.0f);
  const ImU32 zero = col::rgb(30, 33, 42);
  // sqrt keeps small weights visible without saturating large ones.
  float t = std::sqrt(std::fabs(v));
  return v >= 0 ? mix(zero, col::rgb(120, 190, 255), t) : mix(zero, col::rgb(255, 120, 80), t);
}

void apply_style(float scale) {
  ImGuiStyle style;  // fresh copy so repeated scaling does not compound
  ImGui::StyleColorsDark(&style);
  // Lines as geometry with the white pixel, not as atlas textures: then every textured
  // triangle is a glyph (text_check.cpp finds cut text that way).
  style.AntiAliasedLinesUseTex = false;
  style.WindowRounding = 6.0f;
  style.ChildRounding = 4.0f;
  style.FrameRounding = 4.0f;
  style.GrabRounding = 4.0f;
  style.PopupRounding = 4.0f;
  style.TabRounding = 4.0f;
  style.WindowBorderSize = 0.0f;
  style.FrameBorderSize = 0.0f;
  style.WindowPadding = ImVec2(10, 8);
  style.FramePadding = ImVec2(7, 4);
  style.ItemSpacing = ImVec2(8, 6);
  style.ItemInnerSpacing = ImVec2(6, 4);
  style.ScrollbarSize = 12.0f;
  style.GrabMinSize = 10.0f;
  style.WindowTitleAlign = ImVec2(0.0f, 0.5f);
  style.TouchExtraPadding = ImVec2(2, 2);
  ImVec4* c = style.Colors;
  c[ImGuiCol_WindowBg] = to_vec4(col::kPanel);
  c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_PopupBg] = ImVec4(0.10f, 0.11f, 0.14f, 0.97f);
  c[ImGuiCol_TitleBg] = ImVec4(0.11f, 0.12f, 0.16f, 1.0f);
  c[ImGuiCol_TitleBgActive] = ImVec4(0.13f, 0.15f, 0.20f, 1.0f);
  c[ImGuiCol_TitleBgCollapsed] = c[ImGuiCol_TitleBg];
  c[ImGuiCol_FrameBg] = ImVec4(0.17f, 0.19f, 0.24f, 1.0f);
  c[ImGuiCol_FrameBgHovered] = ImVec4(0.22f, 0.25f, 0.32f, 1.0f);
  c[ImGuiCol_FrameBgActive] = ImVec4(0.25f, 0.29f, 0.37f, 1.0f);
  c[ImGuiCol_Button] = ImVec4(0.20f, 0.23f, 0.30f, 1.0f);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.26f, 0.36f, 0.50f, 1.0f);
  c[ImGuiCol_ButtonActive] = ImVec4(0.29f, 0.46f, 0.68f, 1.0f);
  c[ImGuiCol_Header] = ImVec4(0.20f, 0.23f, 0.30f, 1.0f);
  c[ImGuiCol_HeaderHovered] = ImVec4(0.26f, 0.36f, 0.50f, 1.0f);
  c[ImGuiCol_HeaderActive] = ImVec4(0.29f, 0.46f, 0.68f, 1.0f);
  c[ImGuiCol_SliderGrab] = to_vec4(col::kForward);
  c[ImGuiCol_SliderGrabActive] = ImVec4(0.6f, 0.8f, 1.0f, 1.0f);
  c[ImGuiCol_CheckMark] = to_vec4(col::kTarget);
  c[ImGuiCol_Tab] = ImVec4(0.15f, 0.17f, 0.22f, 1.0f);
  c[ImGuiCol_TabHovered] = ImVec4(0.26f, 0.36f, 0.50f, 1.0f);
  c[ImGuiCol_TabActive] = ImVec4(0.22f, 0.30f, 0.42f, 1.0f);
  c[ImGuiCol_TabUnfocusedActive] = c[ImGuiCol_TabActive];
  c[ImGuiCol_Separator] = to_vec4(col::kGrid);
  c[ImGuiCol_Text] = to_vec4(col::kText);
  c[ImGuiCol_TextDisabled] = to_vec4(col::kDim);
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;
}

void help_marker(const char* text) {
  ImGui::SameLine();
  ImGui::TextDisabled("(?)");
  item_tooltip(text);
}

void item_tooltip(const char* text) {
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 26.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

void text_coloured(ImU32 c, const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  ImGui::PushStyleColor(ImGuiCol_Text, c);
  ImGui::TextV(fmt, args);
  ImGui::PopStyleColor();
  va_end(args);
}

}  // namespace demo
