// thread_pool.h — a persistent pool of worker threads for the Simulator's column chunks.
//
// run(n, f) calls f(0) … f(n − 1), each exactly once, spread over the workers and the calling
// thread, and returns when all are done (if a task throws, the first exception is rethrown
// by run once every task has finished). Which thread runs which task is not fixed; callers
// make every task write only its own outputs, so results do not depend on the thread count.
// Workers are started once and sleep on a condition variable between runs (no thread is
// created per simulation). shared(n) hands every Simulator of the process the same pool of n
// threads, so short-lived simulators (Trainer::diagnose) start no threads of their own. If a
// second caller runs while the pool is busy, its tasks run on that caller (same results).
// In WebAssembly (no threads) every task runs on the caller.
#pragma once
#include <atomic>
#include <exception>
#include <functional>
#include <memory>
#include <vector>
#ifndef __EMSCRIPTEN__
#include <condition_variable>
#include <mutex>
#include <thread>
#endif

namespace sdfc {

class ThreadPool {
 public:
  explicit ThreadPool(int threads);  // threads in total, the caller included (≥ 1)
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int threads() const { return threads_; }
  void run(int n_tasks, const std::function<void(int)>& task);

  // The process's pool of `threads` threads (≥ 1), started at the first request and stopped
  // when its last holder releases it.
  static std::shared_ptr<ThreadPool> shared(int threads);

  // threads ≤ 0 → all cores (std::thread::hardware_concurrency(), at least 1); else threads.
  // Always 1 in WebAssembly.
  static int resolve(int threads);

 private:
  static void run_here(int n_tasks, const std::function<void(int)>& task);
  int threads_ = 1;
#ifndef __EMSCRIPTEN__
  void worker();
  void drain();  // take tasks until none are left

  std::vector<std::thread> workers_;
  std::mutex run_mu_;  // held by the caller whose tasks the workers are running
  std::mutex mu_;
  std::condition_variable wake_, done_;
  const std::function<void(int)>* task_ = nullptr;
  int n_tasks_ = 0;
  std::atomic<int> next_{0};  // the next task index to take
  std::exception_ptr error_;  // the first exception a task threw in this run
  int busy_ = 0;              // workers still inside this generation's drain()
  unsigned generation_ = 0;
  bool stop_ = false;
#endif
};

}  // namespace sdfc
