// exit_codes.h — the trainer's exit codes and the exceptions that carry them to main().
//   0 ok · 1 runtime error · 2 usage (bad flag, unknown preset, run dir conflict) ·
//   3 training diverged · 130 interrupted (SIGINT) · 143 terminated (SIGTERM)
#pragma once
#include <stdexcept>
#include <string>

#include "sdfc/types.h"

namespace sdfc::cli {

enum ExitCode : int {
  kExitOk = 0,
  kExitRuntime = 1,
  kExitUsage = 2,
  kExitDiverged = 3,
  kExitInterrupted = 130,
  kExitTerminated = 143,
};

// A mistake on the command line (or a run dir that must not be touched): exit 2.
struct UsageError : Error {
  using Error::Error;
};
// NaN/Inf or an exploding loss: exit 3.
struct DivergedError : Error {
  using Error::Error;
};
// SIGINT / SIGTERM arrived: the current batch finished, nothing partial was saved.
struct InterruptedError : Error {
  InterruptedError(const std::string& what, int code) : Error(what), exit_code(code) {}
  int exit_code;
};

// The text of --help's epilog and of docs/training.md's table.
inline const char* exit_code_help() {
  return "Exit codes: 0 ok, 1 runtime error (I/O, corrupt checkpoint, …), 2 usage error (bad "
         "flag, unknown preset, existing run dir without --resume), 3 training diverged "
         "(NaN/Inf or loss above --max-loss), 130 interrupted (SIGINT), 143 terminated (SIGTERM).";
}

}  // namespace sdfc::cli
