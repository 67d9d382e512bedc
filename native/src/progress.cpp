// progress.cpp — rendering of the tqdm-style bar.
#include "progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>

namespace sdfc::cli {
namespace {

int terminal_width() {
  winsize w{};
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &w) == 0 && w.ws_col > 20) return w.ws_col;
  return 100;
}

// Display width of a UTF-8 string (every code point counts as one cell).
int display_width(const std::string& s) {
  int n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string bar_cells(double frac, int width) {
  static const char* kPartial[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
  frac = std::fmin(std::fmax(frac, 0.0), 1.0);
  double filled = frac * width;
  int full = static_cast<int>(filled);
  int part = static_cast<int>((filled - full) * 8);
  std::string s;
  for (int i = 0; i < full; ++i) s += "█";
  int used = full;
  if (full < width && part > 0) {
    s += kPartial[part];
    ++used;
  }
  s.append(width - used, ' ');
  return s;
}

}  // namespace

OutputMode detect_output_mode(bool quiet) {
  if (quiet) return OutputMode::Quiet;
  return isatty(STDERR_FILENO) ? OutputMode::Tty : OutputMode::Plain;
}

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  long s = std::lround(seconds);
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%02ld:%02ld", s / 60, s % 60);
  return buf;
}

void ProgressBar::update(const std::string& desc, long done, long total, double elapsed_s,
                         const std::string& postfix, bool force) {
  if (mode_ != OutputMode::Tty) return;
  auto now = std::chrono::steady_clock::now();
  if (!force && shown_ && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;

  double frac = total > 0 ? double(done) / total : 0;
  double rate = elapsed_s > 0 ? done / elapsed_s : 0;
  double remaining = rate > 0 ? (total - done) / rate : NAN;
  char pct[16], counts[64], rates[64];
  std::snprintf(pct, sizeof pct, "%3d%%", static_cast<int>(frac * 100));
  std::snprintf(counts, sizeof counts, " %ld/%ld", done, total);
  std::snprintf(rates, sizeof rates, "%.1f samples/s", rate);
  std::string right = std::string(counts) + " [" + format_duration(elapsed_s) + "<" +
                      format_duration(remaining) + ", " + rates +
                      (postfix.empty() ? "" : ", " + postfix) + "]";
  std::string left = desc + " " + pct + "|";
  int width = terminal_width() - 1;
  int bar = width - display_width(left) - display_width(right) - 1;
  bar = bar > 30 ? 30 : bar;
  std::string line = left + (bar >= 5 ? bar_cells(frac, bar) : bar_cells(frac, 5)) + "|" + right;
  std::fprintf(stderr, "\r%s\x1b[K", line.c_str());
  std::fflush(stderr);
  shown_ = true;
}

void ProgressBar::end_line() {
  if (shown_) {
    std::fputc('\n', stderr);
    std::fflush(stderr);
  }
  shown_ = false;
}

void ProgressBar::clear() {
  if (shown_) {
    std::fputs("\r\x1b[K", stderr);
    std::fflush(stderr);
  }
  shown_ = false;
}

void ProgressBar::print_line(const std::string& s) {
  if (mode_ == OutputMode::Quiet) return;
  clear();
  std::fprintf(stderr, "%s\n", s.c_str());
  std::fflush(stderr);
}

}  // namespace sdfc::cli
