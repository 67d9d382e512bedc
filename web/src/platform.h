// platform.h — the few things that differ between the browser and the desktop:
// URL/hash, clipboard, window title, the loading screen. platform_web.cpp implements
// them with small JavaScript snippets (EM_JS); platform_native.cpp with GLFW.
#pragma once
#include <string>

struct GLFWwindow;

namespace demo::platform {

bool is_web();
void init(GLFWwindow* window);
// Replace the page's location.hash without adding a history entry (web only).
void set_hash(const std::string& query);
// The page address without the hash (web), or "" natively.
std::string page_url();
void copy_text(const std::string& text);
void set_title(const std::string& title);
// Open a link in a new tab (web) — used by embed mode's "open full demo".
void open_url(const std::string& url);
// First frame drawn: hide the loading screen (web).
void loaded();

}  // namespace demo::platform
