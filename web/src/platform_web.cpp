// platform_web.cpp — browser implementation of platform.h (small EM_JS snippets).
// The page's own JavaScript lives in web/shell/loader.js.
#ifdef __EMSCRIPTEN__
#include <emscripten.h>

#include <cstdlib>

#include "platform.h"

// clang-format off
EM_JS(void, js_set_hash, (const char* q), {
  var h = "#" + UTF8ToString(q);
  if (location.hash === h) return;
  try { history.replaceState(null, "", h); } catch (e) {}
  if (window.sdfcOnHash) window.sdfcOnHash(h);
});
EM_JS(char*, js_page_url, (), {
  var s = location.href.split("#")[0];
  var n = lengthBytesUTF8(s) + 1;
  var p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});
EM_JS(void, js_copy_text, (const char* t), {
  var s = UTF8ToString(t);
  var fallback = function() {
    var a = document.createElement("textarea");
    a.value = s; a.style.position = "fixed"; a.style.opacity = "0";
    document.body.appendChild(a); a.select();
    try { document.execCommand("copy"); } catch (e) {}
    document.body.removeChild(a);
  };
  if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(s).catch(fallback);
  else fallback();
});
EM_JS(void, js_set_title, (const char* t), { document.title = UTF8ToString(t); });
EM_JS(void, js_open_url, (const char* u), {
  var s = UTF8ToString(u);
  if (/^(https?|file):/.test(s)) window.open(s, "_blank", "noopener");
});
EM_JS(void, js_loaded, (), { if (window.sdfcLoaded) window.sdfcLoaded(); });
// clang-format on

namespace demo::platform {

bool is_web() { return true; }
void init(GLFWwindow*) {}
void set_hash(const std::string& q) { js_set_hash(q.c_str()); }
std::string page_url() {
  char* p = js_page_url();
  std::string s = p;
  std::free(p);
  return s;
}
void copy_text(const std::string& text) { js_copy_text(text.c_str()); }
void set_title(const std::string& title) { js_set_title(title.c_str()); }
void open_url(const std::string& url) { js_open_url(url.c_str()); }
void loaded() { js_loaded(); }

}  // namespace demo::platform
#endif
