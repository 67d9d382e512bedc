// fuzz_common.h — small helpers shared by the libFuzzer targets in tests/fuzz/.
//
// A target may only let sdfc::Error escape its parser call (it is caught and the input is
// rejected). Anything else — another exception type, an ASan/UBSan report, a timeout, an
// allocation over -rss_limit_mb/-malloc_limit_mb, or a violated invariant (SDFC_FUZZ_CHECK) —
// is a finding and aborts the run with a reproducer.
#pragma once
#include <cstdio>
#include <cstdlib>

// Invariants of a successful parse. abort() so libFuzzer saves the input as a crash.
#define SDFC_FUZZ_CHECK(cond)                                                             \
  do {                                                                                    \
    if (!(cond)) {                                                                        \
      std::fprintf(stderr, "%s:%d: invariant violated: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                       \
    }                                                                                     \
  } while (0)
