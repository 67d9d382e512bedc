// text_format.cpp — see text_format.h.
#include "text_format.h"

#include <cmath>
#include <cstdio>

namespace sdfc::cli {

std::string human_duration(double s) {
  if (!std::isfinite(s)) return "—";
  char b[32];
  if (s < 120)
    std::snprintf(b, sizeof b, "%.0f s", s);
  else if (s < 7200)
    std::snprintf(b, sizeof b, "%.0f min", s / 60);
  else
    std::snprintf(b, sizeof b, "%.1f h", s / 3600);
  return b;
}

std::string shell_quote(const std::string& s) {
  if (!s.empty() && s.find_first_of(" '\"$\\*?;&|<>()`") == std::string::npos) return s;
  std::string r = "'";
  for (char c : s) r += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return r + "'";
}

std::string shell_join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + shell_quote(w);
  return out;
}

}  // namespace sdfc::cli
