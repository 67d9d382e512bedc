// job_pool.cpp — fork-per-run scheduling for `reproduce --jobs N` (see job_pool.h).
#include "job_pool.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>

#include "exit_codes.h"
#include "signals.h"

namespace sdfc::cli {

int run_jobs(int n, int jobs, const std::function<int(int)>& task,
             const std::function<void(int, int)>& on_exit) {
  std::map<pid_t, int> running;  // pid → task index
  int next = 0;
  while (next < n || !running.empty()) {
    while (next < n && static_cast<int>(running.size()) < jobs && !stop_requested()) {
      std::fflush(nullptr);  // nothing buffered may be written twice
      const pid_t pid = fork();
      if (pid < 0)
        throw Error(std::string("reproduce --jobs: fork failed: ") + std::strerror(errno));
      if (pid == 0) {  // the child: one run, then leave without the parent's atexit work
        int code = kExitRuntime;
        try {
          code = task(next);
        } catch (const std::exception& e) {
          std::fprintf(stderr, "%s\n", e.what());
        }
        std::fflush(nullptr);
        _exit(code);
      }
      running[pid] = next++;
    }
    if (running.empty()) break;  // stop requested before the rest could start
    int status = 0;
    const pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;
      throw Error(std::string("reproduce --jobs: waitpid failed: ") + std::strerror(errno));
    }
    auto it = running.find(pid);
    if (it == running.end()) continue;
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    const int idx = it->second;
    running.erase(it);
    on_exit(idx, code);
  }
  return n - next;
}

}  // namespace sdfc::cli
