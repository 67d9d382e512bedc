// thread_pool.h — a persistent pool of worker threads for the Simulator's column chunks.
//
// run(n, f) calls f(0) … f(n − 1), each exactly once, spread over the workers and the calling
// thread, and returns when all are done (if a task throws, the first exception is rethrown
// by run once every task has finished). Which thread runs which task is not fixed; callers
// make every task write only its own outputs, so results do not depend on the thread count.
// Workers are started once and sleep on a condition variable between runs (no thread is
// created per simulation). In WebAssembly (no threads) every task runs on the caller.
#pragma once
#include <atomic>
#include <exception>
#include <functional>
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

 private:
  static void run_here(int n_tasks, const std::function<void(int)>& task);
  int threads_ = 1;
#ifndef __EMSCRIPTEN__
  void worker();
  void drain();  // take tasks until none are left

  std::vector<std::thread> workers_;
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
