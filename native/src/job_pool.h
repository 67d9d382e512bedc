// job_pool.h — `reproduce --jobs N`: run up to N training runs at once, each in its own
// forked process (its own engine threads, memory and signal state; a crash or divergence
// stays in that run). The parent only schedules: it starts the next run when one ends, and
// after SIGINT/SIGTERM (which reach the children too: they finish their batch, keep their
// last checkpoint and exit) it starts nothing new and waits for the others.
#pragma once
#include <functional>
#include <vector>

namespace sdfc::cli {

// Runs task(i) for i in [0, n) with at most `jobs` running at once; task returns an exit
// code. on_exit(i, code) is called in the parent as each ends (code 128+sig if killed).
// Returns the number of tasks not started because a stop was requested.
int run_jobs(int n, int jobs, const std::function<int(int)>& task,
             const std::function<void(int, int)>& on_exit);

}  // namespace sdfc::cli
