// mnist_memory.cpp — peak memory of training the paper network with MNIST loaded, measured
// in a fresh process (ru_maxrss only ever grows, so the benchmark's own buffers must not
// count; sdfc_bench runs itself with --mnist-memory-child): load MNIST train + test as the trainer
// does (55,000 / 5,000 split, compact 1-byte store), train mnist-strong-dfc (double, B = 128) on a
// few mini-batches, evaluate the validation and test sets, and build the epoch checkpoint's bytes
// (state → npz) — the moments of an epoch where the CLI's memory peaks.
#include <unistd.h>

#include <cstdio>

#include "bench_util.h"
#include "sdfc/data.h"
#include "sdfc/io/datasets.h"
#include "sdfc/io/npy.h"
#include "sdfc/presets.h"
#include "sdfc/trainer.h"

namespace sdfc::bench {

// The measurement itself, in the fresh process (sdfc_bench --mnist-memory-child DIR THREADS).
int mnist_memory_child(const std::string& data_dir, int threads) {
  try {
    const Dataset all = io::load_dataset(data_dir, "mnist", "train");
    const Dataset test = io::load_dataset(data_dir, "mnist", "test");
    Dataset train, val;
    split_train_val(all, 5000, 42, train, val);
    Config c = preset("mnist-strong-dfc");
    Trainer<double> t(c, threads);
    t.forward_epoch(train.head(2 * c.batch_size));
    t.evaluate(val);
    t.evaluate(test);
    const std::string ckpt = io::npz_bytes(t.state());
    std::printf("%.3f %.3f %.3f\n", peak_rss_mb(),
                double(all.bytes->size() + test.bytes->size()) / (1024.0 * 1024.0),
                double(ckpt.size()) / (1024.0 * 1024.0));
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "memory: %s\n", e.what());
    return 1;
  }
}

MnistMemory mnist_training_memory(const std::string& data_dir, int threads) {
  // A new process (not a fork: a forked child would start with this one's resident pages).
  MnistMemory m;
  // this binary's path (inside the popen shell, /proc/self/exe would be /bin/sh)
  char exe[4096];
  const ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (len <= 0) return m;
  exe[len] = '\0';
  const std::string cmd = "'" + std::string(exe) + "' --mnist-memory-child '" + data_dir + "' " +
                          std::to_string(threads) + " 2>/dev/null";
  FILE* f = popen(cmd.c_str(), "r");
  if (!f) return m;
  double a = -1, b = -1, c = -1;
  const int got = std::fscanf(f, "%lf %lf %lf", &a, &b, &c);
  if (pclose(f) == 0 && got == 3) m.peak_rss_mb = a, m.data_mb = b, m.checkpoint_mb = c;
  return m;
}

}  // namespace sdfc::bench
