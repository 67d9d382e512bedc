// platform_native.cpp — desktop implementation of platform.h (GLFW).
#ifndef __EMSCRIPTEN__
#include <GLFW/glfw3.h>

#include "platform.h"

namespace demo::platform {

static GLFWwindow* g_window = nullptr;

bool is_web() { return false; }
void init(GLFWwindow* window) { g_window = window; }
void set_hash(const std::string&) {}
std::string page_url() { return ""; }
void copy_text(const std::string& text) {
  if (g_window) glfwSetClipboardString(g_window, text.c_str());
}
void set_title(const std::string& title) {
  if (g_window) glfwSetWindowTitle(g_window, title.c_str());
}
void open_url(const std::string&) {}
void loaded() {}

}  // namespace demo::platform
#endif
