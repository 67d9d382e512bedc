// test_thread_pool.cpp — the Simulator's persistent pool (engine/src/thread_pool.h): every task
// runs exactly once whatever the thread count, the pool is reusable, and a task's exception
// reaches the caller after the other tasks have finished.
#include <doctest/doctest.h>

#include <atomic>
#include <stdexcept>
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
