// signals.cpp — async-signal-safe stop flag for SIGINT / SIGTERM.
#include "signals.h"

#include <csignal>

namespace sdfc::cli {
namespace {
volatile std::sig_atomic_t g_stop = 0;

extern "C" void on_stop_signal(int sig) {
  g_stop = sig;
  std::signal(sig, SIG_DFL);  // the second Ctrl-C terminates at once
}
}  // namespace

void install_stop_handlers() {
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
}

int stop_requested() { return g_stop; }

}  // namespace sdfc::cli
