// test_thread_pool.cpp — the Simulator's persistent pool (engine/src/thread_pool.h): every task
// runs exactly once whatever the thread count, the pool is reusable, a task's exception
// reaches the caller after the other tasks have finished, and the process-wide shared pool
// serves concurrent and nested callers.
#include <doctest/doctest.h>

#include <atomic>
#include <stdexcept>
#ifndef __EMSCRIPTEN__
#include <thread>
#endif
#include <vector>

#include "../../engine/src/thread_pool.h"  // engine-private

using sdfc::ThreadPool;

TEST_CASE("num.thread_pool: each task once, reusable, exceptions reach the caller") {
  for (int threads : {1, 2, 3}) {
    CAPTURE(threads);
    ThreadPool pool(threads);
    for (int n : {0, 1, 2, 7, 64}) {
      CAPTURE(n);
      for (int rep = 0; rep < 3; ++rep) {
        std::vector<std::atomic<int>> hits(size_t(n) + 1);
        pool.run(n, [&](int i) { hits[size_t(i)].fetch_add(1); });
        int wrong = 0;
        for (int i = 0; i < n; ++i) wrong += hits[size_t(i)].load() != 1;
        CHECK(wrong == 0);
        CHECK(hits[size_t(n)].load() == 0);  // no index beyond the last task
      }
    }
    std::atomic<int> done{0};
    CHECK_THROWS_AS(pool.run(5,
                             [&](int i) {
                               done.fetch_add(1);
                               if (i == 3) throw std::runtime_error("task 3");
                             }),
                    std::runtime_error);
    CHECK(done.load() == 5);  // the other tasks still ran
    std::atomic<int> again{0};
    pool.run(4, [&](int) { again.fetch_add(1); });
    CHECK(again.load() == 4);
  }
}

TEST_CASE("num.thread_pool: one shared pool per thread count; concurrent and nested callers") {
  const auto a = ThreadPool::shared(2), b = ThreadPool::shared(2), c = ThreadPool::shared(3);
#ifndef __EMSCRIPTEN__
  CHECK(a.get() == b.get());  // the same workers for every simulator of the process
  CHECK(a.get() != c.get());
  CHECK(a->threads() == 2);
  CHECK(c->threads() == 3);
#else
  CHECK(a->threads() == 1);  // the browser build has no threads: every pool runs in the caller
  CHECK(c->threads() == 1);
#endif
  // a task that runs the pool again runs its inner tasks itself (no deadlock)
  std::vector<std::atomic<int>> hits(4 * 5);
  a->run(4, [&](int i) { a->run(5, [&](int j) { hits[size_t(i * 5 + j)].fetch_add(1); }); });
  int wrong = 0;
  for (auto& h : hits) wrong += h.load() != 1;
  CHECK(wrong == 0);
#ifndef __EMSCRIPTEN__
  // two callers at once: the second one's tasks run on its own thread, each exactly once
  std::vector<std::atomic<int>> x(200), y(200);
  std::thread other([&] {
    for (int r = 0; r < 50; ++r) a->run(4, [&](int i) { y[size_t(r * 4 + i)].fetch_add(1); });
  });
  for (int r = 0; r < 50; ++r) a->run(4, [&](int i) { x[size_t(r * 4 + i)].fetch_add(1); });
  other.join();
  wrong = 0;
  for (size_t i = 0; i < x.size(); ++i) wrong += x[i].load() != 1 || y[i].load() != 1;
  CHECK(wrong == 0);
#endif
}
