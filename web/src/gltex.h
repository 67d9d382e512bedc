// gltex.h — an RGBA texture for ImGui::Image (weights, digits, the drawing canvas).
// GL ES 3 (WebGL2) in the browser, OpenGL 3 on the desktop; nearest filtering so
// 28×28 digits stay crisp when scaled up.
#pragma once
#include <cstdint>
#include <vector>

#include "imgui.h"

namespace demo {

struct Texture {
  unsigned id = 0;
  int w = 0, h = 0;
  // Upload w×h RGBA8 pixels (re-allocates when the size changes).
  void upload(const uint32_t* rgba, int width, int height);
  ImTextureID tex() const { return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(id)); }
  void destroy();
};

}  // namespace demo
