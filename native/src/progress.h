// progress.h — a tqdm-style live progress bar on stderr:
//   epoch 3/40 forward  45%|████▌     | 24960/55000 [00:12<00:15, 2013.4 samples/s, loss=0.310]
// redrawn at most every 0.1 s on a terminal; when stderr is not a TTY nothing is drawn
// (the caller prints one plain line per epoch instead); --quiet prints nothing.
#pragma once
#include <chrono>
#include <string>

namespace sdfc::cli {

enum class OutputMode { Tty, Plain, Quiet };
OutputMode detect_output_mode(bool quiet);  // Tty if stderr is a terminal

std::string format_duration(double seconds);  // "00:12", "1:02:03"

class ProgressBar {
 public:
  explicit ProgressBar(OutputMode mode) : mode_(mode) {}
  ~ProgressBar() { end_line(); }

  // Draw the bar for `done` of `total` (rate-limited unless `force`).
  void update(const std::string& desc, long done, long total, double elapsed_s,
              const std::string& postfix, bool force = false);
  void end_line();                        // keep the bar, move to a new line
  void clear();                           // erase the bar (TTY)
  void print_line(const std::string& s);  // a full line on stderr (not in Quiet mode)
  OutputMode mode() const { return mode_; }

 private:
  OutputMode mode_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace sdfc::cli
