// main.cpp — window, GL context, fonts and the frame loop of the demo, for the
// browser (Emscripten: GLFW emulation + WebGL2) and the desktop (GLFW + OpenGL 3).
//
// Browser specifics handled here (Debian's Emscripten 3.1.6 / ImGui 1.86 lack them):
//   * high DPI: the canvas backing store follows its CSS size × devicePixelRatio every
//     frame (so it also follows an iframe/container); fonts and style scale with it;
//   * wheel, touch and keys arrive through loader.js, which stops GLFW's own handlers
//     (wheel: correct units, and page scrolling when the demo does not need the wheel;
//     touch: position before press; keys: slide navigation is left to the page).
// Desktop extras: --screenshot FILE --frames N renders N frames, writes the last as PNG.
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "app.h"
#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "imgui_internal.h"
#include "lesson.h"
#include "platform.h"
#include "run_config.h"
#include "text_check.h"
#include "theme.h"
#include "trainer_host.h"
#include "ui.h"

#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#else
#include <GL/gl.h>
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_IMAGE_WRITE_STATIC
#include <stb/stb_image_write.h>
#endif

extern const unsigned char sdfc_font_ttf[];
extern const unsigned int sdfc_font_ttf_size;

namespace {

using demo::App;

App g_app;
GLFWwindow* g_window = nullptr;
float g_font_scale = 0;  // scale the font atlas was built for
double g_t0 = 0;
long g_frame = 0;
std::string g_last_query, g_last_title;
double g_last_hash_time = 0;
// --- native only ---
std::string g_screenshot;
long g_frames = 0;
bool g_wheel_wanted = false;
// --- touch (web): loader.js reports the primary touch; applied after the backend -----
struct Touch {
  bool active = false, down = false, pressed = false;
  float x = 0, y = 0;
  float y0 = 0, last_y = 0;  // where the finger went down / was last frame
  bool scrolling = false;    // this touch is a swipe that scrolls the page
  int frames_up = 0;
} g_touch;
bool g_pointer_inside = true;
double g_last_frame = 0, g_frame_ms = 16.7;
demo::CutText g_cut;  // text drawn partly outside its clip rectangle (layout tests)

double now_s() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

std::vector<uint8_t> read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return {};
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

float device_pixel_ratio() {
#ifdef __EMSCRIPTEN__
  return float(emscripten_get_device_pixel_ratio());
#else
  float x = 1, y = 1;
  glfwGetWindowContentScale(g_window, &x, &y);
  return x;
#endif
}

// Glyphs: Latin-1, Greek (σ λ α τ), punctuation, super/subscripts, arrows, math, shapes.
const ImWchar kRanges[] = {0x0020, 0x00FF, 0x0370, 0x03FF, 0x2010, 0x2044, 0x2070, 0x209F,
                           0x2190, 0x21FF, 0x2200, 0x22FF, 0x25A0, 0x25FF, 0};

void build_fonts(float scale) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  ImFontConfig cfg;
  cfg.FontDataOwnedByAtlas = false;
  cfg.OversampleH = 2;
  cfg.OversampleV = 1;
  void* data = const_cast<unsigned char*>(sdfc_font_ttf);
  const int n = int(sdfc_font_ttf_size);
  demo::fonts().body =
      io.Fonts->AddFontFromMemoryTTF(data, n, std::round(15.0f * scale), &cfg, kRanges);
  demo::fonts().big =
      io.Fonts->AddFontFromMemoryTTF(data, n, std::round(19.0f * scale), &cfg, kRanges);
  demo::fonts().small =
      io.Fonts->AddFontFromMemoryTTF(data, n, std::round(12.5f * scale), &cfg, kRanges);
  io.Fonts->Build();
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
  demo::apply_style(scale);
  g_font_scale = scale;
}

// Keep the canvas backing store at CSS size × devicePixelRatio (web) and the UI scale
// at devicePixelRatio × zoom.
void update_scale() {
  float dpr = device_pixel_ratio();
#ifdef __EMSCRIPTEN__
  double cw = 0, ch = 0;
  emscripten_get_element_css_size("#canvas", &cw, &ch);
  int w = std::max(1, int(std::lround(cw * dpr))), h = std::max(1, int(std::lround(ch * dpr)));
  int cur_w = 0, cur_h = 0;
  glfwGetWindowSize(g_window, &cur_w, &cur_h);
  // GLFW's emulation requests fullscreen when asked for exactly the screen size.
  if (w == EM_ASM_INT({ return screen.width; }) && h == EM_ASM_INT({ return screen.height; })) --h;
  if (w != cur_w || h != cur_h) glfwSetWindowSize(g_window, w, h);
#endif
  // Projector mode: body text (15 px × zoom) ≥ 28 px on a 1080-line screen, i.e. zoom ≥ 1.9 (1.95:
  // margin) scaled with the display's height in CSS pixels.
  float zoom = g_app.s.zoom;
  if (g_app.s.lecture) {
    int fw = 0, fh = 0;
    glfwGetFramebufferSize(g_window, &fw, &fh);
    zoom = std::max(zoom, 1.95f * float(fh) / dpr / 1080.0f);
  }
  float scale = std::clamp(dpr * zoom, 0.5f, 6.0f);
  g_app.ui_scale = scale;
  if (std::fabs(scale - g_font_scale) > 1e-3f) build_fonts(scale);
}

void apply_touch() {
  ImGuiIO& io = ImGui::GetIO();
  if (g_touch.active) {
    io.MousePos = ImVec2(g_touch.x, g_touch.y);
    io.MouseDown[0] = g_touch.down || g_touch.pressed;
    g_touch.pressed = false;
    if (!g_touch.down && ++g_touch.frames_up > 2) {
      g_touch.active = false;  // finger lifted: no hanging hover
      io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    }
  } else if (!g_pointer_inside && !ImGui::IsAnyMouseDown()) {
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  }
}

// Swipe scrolling (the phone layout's one column): a finger that moves vertically without
// holding a widget (a slider, the drawing canvas …) scrolls the page.
void touch_scroll() {
  ImGuiContext& g = *ImGui::GetCurrentContext();
  ImGuiWindow* root = ImGui::FindWindowByName("##root");
  if (!g_touch.active || !g_touch.down || !root || root->ScrollMax.y <= 0) return;
  const bool on_widget =
      g.ActiveId != 0 && !(g.ActiveIdWindow && g.ActiveId == g.ActiveIdWindow->MoveId);
  if (!on_widget && std::fabs(g_touch.y - g_touch.y0) > 10.0f * device_pixel_ratio())
    g_touch.scrolling = true;
  if (g_touch.scrolling) ImGui::SetScrollY(root, root->Scroll.y - (g_touch.y - g_touch.last_y));
  g_touch.last_y = g_touch.y;
}

float root_scroll_y() {
  ImGuiWindow* root = ImGui::GetCurrentContext() ? ImGui::FindWindowByName("##root") : nullptr;
  return root ? root->Scroll.y : 0.0f;
}

// Does the hovered window want the mouse wheel (a scrollable region)?
bool wheel_wanted() {
  ImGuiContext& g = *ImGui::GetCurrentContext();
  for (ImGuiWindow* w = g.HoveredWindow; w; w = w->ParentWindow)
    if (w->ScrollMax.y > 0.0f && !(w->Flags & ImGuiWindowFlags_NoScrollWithMouse)) return true;
  return false;
}

void write_screenshot(int w, int h) {
#ifndef __EMSCRIPTEN__
  std::vector<unsigned char> px(size_t(w) * size_t(h) * 4), flip(px.size());
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
  for (int y = 0; y < h; ++y)
    std::memcpy(&flip[size_t(y) * w * 4], &px[size_t(h - 1 - y) * w * 4], size_t(w) * 4);
  if (!stbi_write_png(g_screenshot.c_str(), w, h, 4, flip.data(), w * 4))
    std::fprintf(stderr, "sdfc_demo: error: could not write screenshot %s\n", g_screenshot.c_str());
  else
    std::fprintf(stderr, "sdfc_demo: wrote %s (%dx%d)\n", g_screenshot.c_str(), w, h);
#else
  (void)w, (void)h;
#endif
}

void frame() {
  update_scale();
#ifndef __EMSCRIPTEN__
  glfwPollEvents();
#endif
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  apply_touch();
  ImGui::NewFrame();

  // Training runs in the worker / thread: the frame only reads its snapshots.
  const double t_frame = now_s();
  g_app.tick(t_frame - g_t0);
  demo::draw_ui(g_app);
  touch_scroll();
  g_wheel_wanted = wheel_wanted();

  ImGui::Render();
  if (g_frame % 8 == 0)  // the layout tests read it; no need for every frame
    g_cut = demo::find_cut_text(ImGui::GetDrawData(), device_pixel_ratio());
  int w = 0, h = 0;
  glfwGetFramebufferSize(g_window, &w, &h);
  glViewport(0, 0, w, h);
  ImVec4 bg = demo::to_vec4(demo::col::kBg);
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  ++g_frame;
  // Frame interval, smoothed (the state JSON reports it; the tests print it).
  if (g_last_frame > 0) g_frame_ms = 0.9 * g_frame_ms + 0.1 * (t_frame - g_last_frame) * 1e3;
  g_last_frame = t_frame;
  if (!g_screenshot.empty() && g_frame == g_frames) write_screenshot(w, h);
#ifndef __EMSCRIPTEN__
  glfwSwapBuffers(g_window);
#endif
  if (g_frame == 2) demo::platform::loaded();

  // Address bar / window title follow the state (at most 4× a second).
  double t = now_s();
  if (t - g_last_hash_time > 0.25) {
    g_last_hash_time = t;
    std::string q = demo::to_query(g_app.s);
    if (q != g_last_query) {
      g_last_query = q;
      demo::platform::set_hash(q);
    }
    const demo::Run* r = g_app.main_ptr();
    char title[160];
    std::snprintf(title, sizeof title, "Strong-DFC demo · %s · %.0f samples · test %.1f %%",
                  r ? r->name.c_str() : "-", r ? r->samples : 0.0,
                  r && !r->test_acc.empty() ? r->test_acc.back() * 100.0 : 0.0);
    if (title != g_last_title) {
      g_last_title = title;
      demo::platform::set_title(title);
    }
  }
}

void print_help() {
  std::printf(
      "sdfc_demo — Strong-DFC learning digits live (desktop build of the browser demo)\n\n"
      "Settings (same keys as the web page's #hash, see docs/embedding.md):\n"
      "  --algo strong-dfc|dfc|bp  --noise 0|1  --sigma S  --lambda L  --lr LR  --lr_fb LR\n"
      "  --steps K  --batch B  --net small|tiny|wide|deep  --seed N  --speed SAMPLES_PER_S\n"
      "  --start random|trained  --autoplay 0|1  --compare 0|1  --panel NAME  --zoom Z\n"
      "  --lecture 0|1 (projector mode: text >= 28 px on a 1080-line screen)  --steady 0|1\n"
      "  --lesson N (lesson mode, steps 1-6; keys n / p or the arrows on screen)\n"
      "Desktop only:\n"
      "  --asset FILE      digit asset (default: the one built with the demo)\n"
      "  --weights FILE    pretrained npz (default: the one built with the demo)\n"
      "  --width W --height H   window size (default 1600x900)\n"
      "  --screenshot FILE --frames N   render N frames, save the last as PNG, exit\n");
}

}  // namespace

// --- functions called from loader.js (web) -------------------------------------------
extern "C" {
#ifdef __EMSCRIPTEN__
#define SDFC_EXPORT EMSCRIPTEN_KEEPALIVE
#else
#define SDFC_EXPORT
#endif
SDFC_EXPORT int sdfc_wants_wheel() { return g_wheel_wanted ? 1 : 0; }
SDFC_EXPORT int sdfc_wants_text() {
  return ImGui::GetCurrentContext() && ImGui::GetIO().WantTextInput ? 1 : 0;
}
// Wheel in "notches" (loader.js converts pixel/line/page deltas); positive = scroll up.
SDFC_EXPORT void sdfc_wheel(float dx, float dy) {
  if (!ImGui::GetCurrentContext()) return;
  ImGui::GetIO().MouseWheelH += dx;
  ImGui::GetIO().MouseWheel += dy;
}
// Primary touch in CSS pixels relative to the canvas; phase 0 start, 1 move, 2 end.
SDFC_EXPORT void sdfc_touch(int phase, float x, float y) {
  float dpr = device_pixel_ratio();
  g_touch.x = x * dpr;
  g_touch.y = y * dpr;
  g_touch.active = true;
  if (phase == 0) {
    g_touch.down = g_touch.pressed = true, g_touch.frames_up = 0;
    g_touch.y0 = g_touch.last_y = g_touch.y, g_touch.scrolling = false;
  }
  if (phase == 2) g_touch.down = false;
}
// From the embedding slide deck (sdfc-deck.js): "play" or "pause".
SDFC_EXPORT void sdfc_control(const char* action) {
  const std::string a = action ? action : "";
  if (a == "play" || a == "pause") g_app.set_playing(a == "play");
}
SDFC_EXPORT void sdfc_pointer_inside(int inside) { g_pointer_inside = inside != 0; }
// The page's hash changed (user edited the address): apply it.
SDFC_EXPORT void sdfc_set_hash(const char* hash) {
  std::string h = hash ? hash : "";
  if (!h.empty() && h[0] == '#') h.erase(0, 1);
  if (h == g_last_query) return;
  demo::Settings before = g_app.s;
  demo::apply_query(g_app.s, h, g_app.warnings);
  if (g_app.s.lesson > 0 && g_app.s.lesson != before.lesson) {  // a new lesson step
    g_app.go_lesson(g_app.s.lesson);
    g_last_query = demo::to_query(g_app.s);
    return;
  }
  g_last_query = demo::to_query(g_app.s);
  const demo::Settings& s = g_app.s;
  if (s.net != before.net || s.seed != before.seed || s.start != before.start ||
      s.compare != before.compare) {
    g_app.rebuild();
  } else if (s.algo != before.algo) {
    const std::string algo = s.algo;  // switch_algorithm compares against the current one
    g_app.s.algo = before.algo;
    g_app.switch_algorithm(algo);
  } else {
    g_app.apply_hyperparameters();
  }
  if (s.autoplay != before.autoplay) g_app.set_playing(s.autoplay);
}
static int draw_controlled() {
  const std::vector<float>& p = g_app.canvas.ctrl_soft;
  return p.empty() ? -1 : int(std::max_element(p.begin(), p.end()) - p.begin());
}
// Test hook: choose the drawing panel's target label (as a click on its H bar does).
SDFC_EXPORT void sdfc_debug_draw_target(int k) {
  g_app.canvas.target = k;
  g_app.canvas.dirty = true;
}
SDFC_EXPORT void sdfc_debug_steady(int on) { g_app.set_steady(on != 0); }
static int draw_prediction() {
  const std::vector<float>& p = g_app.canvas.ff_soft;
  return p.empty() ? -1 : int(std::max_element(p.begin(), p.end()) - p.begin());
}
// State for tests and tools, as JSON (rectangles in CSS pixels).
SDFC_EXPORT const char* sdfc_state_json() {
  static std::string out;
  const demo::Run* r = g_app.main_ptr();
  float dpr = device_pixel_ratio();
  char b[512];
  std::snprintf(
      b, sizeof b,
      "{\"frame\":%ld,\"algo\":\"%s\",\"playing\":%d,\"samples\":%.0f,\"batches\":%d,"
      "\"test_acc\":%.4f,\"H\":%.6g,\"rate\":%.1f,\"diverged\":%d,\"runs\":%d,\"embed\":%d,"
      "\"panel\":\"%s\",\"scale\":%.3f,\"dpr\":%.3f,\"fatal\":%d,\"warnings\":%d,"
      "\"draw_pred\":%d,\"trainer\":\"%s\",\"snapshots\":%d,\"busy\":%.3f,"
      "\"frame_ms\":%.2f,\"rects\":{",
      g_frame, g_app.s.algo.c_str(), g_app.playing ? 1 : 0, r ? r->samples : 0.0, g_app.batches,
      r && !r->test_acc.empty() ? double(r->test_acc.back()) : 0.0, r ? r->last_H : 0.0,
      g_app.rate_sps, g_app.diverged() ? 1 : 0, int(g_app.runs.size()), g_app.s.embed ? 1 : 0,
      g_app.s.panel.c_str(), double(g_app.ui_scale), double(dpr), g_app.fatal.empty() ? 0 : 1,
      int(g_app.warnings.size()), draw_prediction(), demo::host::kind(), g_app.snapshots,
      g_app.busy, g_frame_ms);
  out = b;
  bool first = true;
  for (auto& [name, v] : g_app.rects) {
    std::snprintf(b, sizeof b, "%s\"%s\":[%.1f,%.1f,%.1f,%.1f]", first ? "" : ",", name.c_str(),
                  double(v.x / dpr), double(v.y / dpr), double(v.z / dpr), double(v.w / dpr));
    out += b;
    first = false;
  }
  std::snprintf(b, sizeof b,
                "},\"draw_ctrl\":%d,\"draw_target\":%d,\"draw_steady\":%d,\"lesson\":%d,"
                "\"steady\":%d,\"noise\":%d",
                draw_controlled(), g_app.canvas.target, g_app.canvas.steady ? 1 : 0, g_app.s.lesson,
                g_app.s.steady ? 1 : 0, g_app.s.noise ? 1 : 0);
  out += b;
  std::snprintf(
      b, sizeof b, ",\"body_px\":%.1f,\"scroll_y\":%.1f,\"layout\":%d",
      demo::fonts().body ? double(demo::fonts().body->FontSize / dpr) : 0.0,
      double(root_scroll_y() / dpr),
      int(demo::layout_of(g_app, ImGui::GetIO().DisplaySize.x, ImGui::GetIO().DisplaySize.y)));
  out += b;
  out += ",\"cut\":" + std::to_string(g_cut.glyphs) + ",\"cut_where\":[";
  for (size_t i = 0; i < g_cut.where.size(); ++i) out += (i ? ",\"" : "\"") + g_cut.where[i] + "\"";
  out += "]}";
  return out.c_str();
}
// Test hook: make the first weight NaN, as a diverging run would (exercises the NaN path).
SDFC_EXPORT void sdfc_debug_poison_weights() { g_app.poison(); }
SDFC_EXPORT double sdfc_steps() { return g_app.batches; }
SDFC_EXPORT double sdfc_samples() { return g_app.main_ptr() ? g_app.main_ptr()->samples : 0; }
SDFC_EXPORT double sdfc_test_acc() {
  const demo::Run* r = g_app.main_ptr();
  return r && !r->test_acc.empty() ? r->test_acc.back() : 0;
}
}

int main(int argc, char** argv) {
  const std::vector<std::string> native_keys = {"screenshot", "frames", "asset", "weights",
                                                "width",      "height", "help"};
  std::vector<std::string> native;
  // Defaults from the engine's web-small preset.
  try {
    g_app.s = demo::default_settings();
  } catch (const std::exception& e) {
    g_app.warnings.push_back(e.what());
  }
  demo::apply_args(g_app.s, argc, argv, g_app.warnings, native_keys, native);
  if (g_app.s.lesson > 0) {  // the step's state, then the explicit parameters again on top
    demo::apply_lesson(g_app.s, g_app.s.lesson);
    std::vector<std::string> again;
    demo::apply_args(g_app.s, argc, argv, again, native_keys, native);
  }
  if (!native[6].empty()) {
    print_help();
    return 0;
  }
  for (const std::string& w : g_app.warnings) std::fprintf(stderr, "sdfc_demo: %s\n", w.c_str());
#ifdef __EMSCRIPTEN__
  std::string asset_path = "/assets/digits.sdfcdig", weights_path = "/assets/pretrained.npz";
#else
  std::string asset_path = native[2].empty() ? SDFC_DEMO_ASSET_PATH : native[2];
  std::string weights_path = native[3].empty() ? SDFC_DEMO_WEIGHTS_PATH : native[3];
  g_screenshot = native[0];
  g_frames = native[1].empty() ? (g_screenshot.empty() ? 0 : 120) : std::atol(native[1].c_str());
#endif

  if (!glfwInit()) {
    std::fprintf(stderr,
                 "sdfc_demo: error: could not initialise GLFW (no display? try xvfb-run -a)\n");
    return 1;
  }
#ifdef __EMSCRIPTEN__
  const char* glsl = "#version 300 es";
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  int win_w = 1280, win_h = 800;
#else
  const char* glsl = "#version 150";
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 2);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GL_TRUE);
  int win_w = native[4].empty() ? 1600 : std::max(320, std::atoi(native[4].c_str()));
  int win_h = native[5].empty() ? 900 : std::max(240, std::atoi(native[5].c_str()));
#endif
  g_window = glfwCreateWindow(win_w, win_h, "Strong-DFC demo", nullptr, nullptr);
  if (!g_window) {
    std::fprintf(stderr, "sdfc_demo: error: could not create an OpenGL 3 window\n");
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(g_window);
#ifndef __EMSCRIPTEN__
  glfwSwapInterval(g_screenshot.empty() ? 1 : 0);
#endif
  demo::platform::init(g_window);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the URL is the saved state
  ImGui_ImplGlfw_InitForOpenGL(g_window, true);
  ImGui_ImplOpenGL3_Init(glsl);

  g_app.page_url = demo::platform::page_url();
  g_app.load_data(read_file(asset_path), read_file(weights_path));
  g_app.playing = g_app.s.autoplay;
  g_app.rebuild();
  g_t0 = now_s();
  g_app.now = 0;
  update_scale();

#ifdef __EMSCRIPTEN__
  emscripten_set_main_loop(frame, 0, 1);
#else
  while (!glfwWindowShouldClose(g_window)) {
    frame();
    if (g_frames > 0 && g_frame >= g_frames) break;
  }
  if (!g_screenshot.empty())  // the smoke test checks that the thread trained
    std::fprintf(stderr, "sdfc_demo: trainer %s: %.0f samples in %ld frames\n", demo::host::kind(),
                 g_app.main_ptr() ? g_app.main_ptr()->samples : 0.0, g_frame);
  demo::host::stop();
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(g_window);
  glfwTerminate();
#endif
  return 0;
}
