// thread_pool.cpp — see thread_pool.h.
#include "thread_pool.h"

#include <utility>

namespace sdfc {

// All tasks on the calling thread, with the pool's exception rule (the first one is rethrown
// once every task has run).
void ThreadPool::run_here(int n_tasks, const std::function<void(int)>& task) {
  std::exception_ptr first;
  for (int i = 0; i < n_tasks; ++i) {
    try {
      task(i);
    } catch (...) {
      if (!first) first = std::current_exception();
    }
  }
  if (first) std::rethrow_exception(first);
}

#ifdef __EMSCRIPTEN__
ThreadPool::ThreadPool(int) {}
ThreadPool::~ThreadPool() = default;
void ThreadPool::run(int n_tasks, const std::function<void(int)>& task) { run_here(n_tasks, task); }
#else
ThreadPool::ThreadPool(int threads) : threads_(threads < 1 ? 1 : threads) {
  for (int i = 1; i < threads_; ++i) workers_.emplace_back([this] { worker(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lk(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  for (auto& t : workers_) t.join();
}

void ThreadPool::drain() {
  for (int i = next_.fetch_add(1); i < n_tasks_; i = next_.fetch_add(1)) {
    try {
      (*task_)(i);
    } catch (...) {
      std::lock_guard<std::mutex> lk(mu_);
      if (!error_) error_ = std::current_exception();
    }
  }
}

void ThreadPool::worker() {
  unsigned seen = 0;
  for (;;) {
    {
      std::unique_lock<std::mutex> lk(mu_);
      wake_.wait(lk, [&] { return stop_ || generation_ != seen; });
      if (stop_) return;
      seen = generation_;
    }
    drain();
    {
      std::lock_guard<std::mutex> lk(mu_);
      if (--busy_ == 0) done_.notify_one();
    }
  }
}

void ThreadPool::run(int n_tasks, const std::function<void(int)>& task) {
  if (workers_.empty() || n_tasks <= 1) {
    run_here(n_tasks, task);
    return;
  }
  {
    std::lock_guard<std::mutex> lk(mu_);
    task_ = &task;
    n_tasks_ = n_tasks;
    next_.store(0);
    error_ = nullptr;
    busy_ = int(workers_.size());
    ++generation_;
  }
  wake_.notify_all();
  drain();
  std::unique_lock<std::mutex> lk(mu_);
  done_.wait(lk, [&] { return busy_ == 0; });
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
}
#endif

}  // namespace sdfc
