// thread_pool.cpp — see thread_pool.h.
#include "thread_pool.h"

#include <algorithm>
#include <map>
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
int ThreadPool::resolve(int) { return 1; }
std::shared_ptr<ThreadPool> ThreadPool::shared(int) { return std::make_shared<ThreadPool>(1); }
ThreadPool::ThreadPool(int) {}
ThreadPool::~ThreadPool() = default;
void ThreadPool::run(int n_tasks, const std::function<void(int)>& task) { run_here(n_tasks, task); }
#else
int ThreadPool::resolve(int threads) {
  return threads > 0 ? threads : std::max(1, int(std::thread::hardware_concurrency()));
}

std::shared_ptr<ThreadPool> ThreadPool::shared(int threads) {
  threads = threads < 1 ? 1 : threads;
  static std::mutex mu;
  static std::map<int, std::weak_ptr<ThreadPool> > pools;  // by thread count
  std::lock_guard<std::mutex> lk(mu);
  std::shared_ptr<ThreadPool> p = pools[threads].lock();
  if (!p) pools[threads] = p = std::make_shared<ThreadPool>(threads);
  return p;
}

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
  std::unique_lock<std::mutex> run_lk(run_mu_, std::try_to_lock);
  if (workers_.empty() || n_tasks <= 1 || !run_lk.owns_lock()) {  // (busy: another caller's run)
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
