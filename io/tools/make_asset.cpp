// make_asset.cpp — sdfc_make_asset: writes the browser demo's compact digit set (SDFCDIG1)
// from the first N MNIST training and first M test images.
//
//   sdfc_make_asset --data DIR --train 5000 --test 1000 --out build/wasm/digits.sdfcdig
#include <cstdio>
#include <cstdlib>
#include <string>

#include "sdfc/io/asset.h"
#include "sdfc/io/atomic_file.h"
#include "sdfc/io/datasets.h"

namespace {

const char kUsage[] =
    "usage: sdfc_make_asset [--data DIR] [--train N] [--test M] --out FILE\n"
    "  Writes the first N MNIST training and first M test digits (defaults 5000 / 1000)\n"
    "  as an SDFCDIG1 asset for the browser demo. DIR defaults to $SDFC_DATA or ./data.\n";

int parse_count(const std::string& flag, const char* v) {
  char* end = nullptr;
  const long n = std::strtol(v, &end, 10);
  if (*v == '\0' || *end != '\0' || n < 0 || n > 1000000)
    throw sdfc::Error(flag + ": expected a count between 0 and 1000000, got '" + v + "'");
  return int(n);
}

// The first `count` samples (deterministic; no shuffling).
sdfc::Dataset first(const sdfc::Dataset& d, int count, const std::string& flag) {
  if (count > d.n)
    throw sdfc::Error(flag + " " + std::to_string(count) + ": " + d.name + " has only " +
                      std::to_string(d.n) + " images");
  sdfc::Dataset h = d;
  h.n = count;
  h.x.resize(size_t(count) * size_t(d.dim));
  h.y.resize(size_t(count));
  return h;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    std::string data = sdfc::io::default_data_dir("."), out;
    int n_train = 5000, n_test = 1000;
    for (int i = 1; i < argc; ++i) {
      const std::string a = argv[i];
      if (a == "-h" || a == "--help") {
        std::fputs(kUsage, stdout);
        return 0;
      }
      if (i + 1 >= argc) throw sdfc::Error(a + ": missing value (see --help)");
      const char* v = argv[++i];
      if (a == "--data")
        data = v;
      else if (a == "--train")
        n_train = parse_count(a, v);
      else if (a == "--test")
        n_test = parse_count(a, v);
      else if (a == "--out")
        out = v;
      else
        throw sdfc::Error(a + ": unknown option (see --help)");
    }
    if (out.empty()) throw sdfc::Error("--out FILE is required (see --help)");
    const sdfc::Dataset train =
        first(sdfc::io::load_dataset(data, "mnist", "train"), n_train, "--train");
    const sdfc::Dataset test =
        first(sdfc::io::load_dataset(data, "mnist", "test"), n_test, "--test");
    const std::string bytes = sdfc::io::encode_digit_asset(train, test);
    sdfc::io::write_file_atomic(out, bytes);
    const size_t raw = size_t(n_train + n_test) * (784 + 1);
    std::printf("wrote %s: %d train + %d test digits, %zu bytes (%.1f%% of %zu raw bytes)\n",
                out.c_str(), n_train, n_test, bytes.size(),
                100.0 * double(bytes.size()) / double(raw), raw);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sdfc_make_asset: error: %s\n", e.what());
    return 1;
  }
}
