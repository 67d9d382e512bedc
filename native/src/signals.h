// signals.h — SIGINT/SIGTERM become a flag that the training loop polls after every batch
// (a second SIGINT kills immediately, as usual).
#pragma once

namespace sdfc::cli {

void install_stop_handlers();
// 0 if no stop was requested, else the signal number (SIGINT or SIGTERM).
int stop_requested();

}  // namespace sdfc::cli
