// asset.cpp — the "SDFCDIG1" digit asset: encoder (zero-run-length) and validating decoder.
#include "sdfc/io/asset.h"

#include <cmath>
#include <cstring>

#include "sdfc/io/crc32.h"

namespace sdfc::io {
namespace {

constexpr char kMagic[8] = {'S', 'D', 'F', 'C', 'D', 'I', 'G', '1'};
constexpr uint32_t kVersion = 1, kRows = 28, kCols = 28, kPixels = kRows * kCols;
constexpr size_t kHeader = 32;
constexpr int kClasses = 10;

[[noreturn]] void fail(const std::string& name, const std::string& problem) {
  throw Error(name + ": " + problem);
}

void put32(std::string& s, uint32_t v) {
  for (int k = 0; k < 4; ++k) s.push_back(char((v >> (8 * k)) & 0xFF));
}
uint32_t le32(const uint8_t* p) {
  return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

void check_dataset(const Dataset& d, const char* which) {
  const std::string who = std::string("digit asset: ") + which + " set '" + d.name + "'";
  if (d.n < 0 || d.dim != int(kPixels))
    throw Error(who + ": needs 28 x 28 = 784 pixels per image, has " + std::to_string(d.dim));
  if (d.x.size() != size_t(d.n) * kPixels || d.y.size() != size_t(d.n))
    throw Error(who + ": sizes of x / y do not match n = " + std::to_string(d.n));
  for (int i = 0; i < d.n; ++i)
    if (d.y[size_t(i)] >= kClasses)
      throw Error(who + ": label out of range: label " + std::to_string(d.y[size_t(i)]) +
                  " at index " + std::to_string(i));
}

// One image: pairs (zero_run, literal_count, literal bytes …) until all 784 pixels are
// covered. A zero run longer than 255 is split as (255, 0) pairs.
void encode_image(const float* x, std::string& out) {
  uint8_t px[kPixels];
  for (uint32_t k = 0; k < kPixels; ++k) {
    const float v = std::round(std::fmin(std::fmax(x[k], 0.0f), 1.0f) * 255.0f);
    px[k] = uint8_t(v);
  }
  uint32_t k = 0;
  while (k < kPixels) {
    uint32_t zeros = 0;
    while (k + zeros < kPixels && px[k + zeros] == 0 && zeros < 255) ++zeros;
    k += zeros;
    uint32_t lits = 0;
    while (k + lits < kPixels && px[k + lits] != 0 && lits < 255) ++lits;
    out.push_back(char(zeros));
    out.push_back(char(lits));
    out.append(reinterpret_cast<const char*>(px + k), lits);
    k += lits;
  }
}

void decode_split(const uint8_t*& p, const uint8_t* end, const uint8_t* labels, uint32_t count,
                  uint32_t first_index, Dataset& d, const char* which, const std::string& name) {
  d = Dataset{};
  d.n = int(count);
  d.dim = int(kPixels);
  d.classes = kClasses;
  d.name = std::string("asset/") + which;
  d.y.assign(labels, labels + count);
  d.x.assign(size_t(count) * kPixels, 0.0f);
  for (uint32_t i = 0; i < count; ++i) {
    if (d.y[i] >= kClasses)
      fail(name, std::string("label out of range: label ") + std::to_string(d.y[i]) + " at " +
                     which + " index " + std::to_string(i));
    float* x = d.x.data() + size_t(i) * kPixels;
    uint32_t k = 0;
    while (k < kPixels) {
      if (end - p < 2)
        fail(name, "truncated: image " + std::to_string(first_index + i) + " ends early");
      const uint32_t zeros = p[0], lits = p[1];
      p += 2;
      if (zeros + lits == 0)
        fail(name, "corrupt run (0, 0) in image " + std::to_string(first_index + i));
      if (k + zeros + lits > kPixels)
        fail(name, "decoded size mismatch: image " + std::to_string(first_index + i) +
                       " has more than 784 pixels");
      if (uint32_t(end - p) < lits)
        fail(name, "truncated: image " + std::to_string(first_index + i) + " ends early");
      k += zeros;  // x was zero-filled
      // x = p / 255, as when loading the IDX files.
      for (uint32_t j = 0; j < lits; ++j) x[k + j] = float(p[j]) / 255.0f;
      p += lits;
      k += lits;
    }
  }
}

}  // namespace

std::string encode_digit_asset(const Dataset& train_in, const Dataset& test_in) {
  // sets loaded from IDX files are compact (1 byte per pixel): encode_image reads floats
  const Dataset train = train_in.compact() ? train_in.to_float() : train_in;
  const Dataset test = test_in.compact() ? test_in.to_float() : test_in;
  check_dataset(train, "train");
  check_dataset(test, "test");
  std::string payload(train.y.begin(), train.y.end());
  payload.append(test.y.begin(), test.y.end());
  for (const Dataset* d : {&train, &test})
    for (int i = 0; i < d->n; ++i) encode_image(d->x.data() + size_t(i) * kPixels, payload);
  std::string s(kMagic, 8);
  put32(s, kVersion);
  put32(s, uint32_t(train.n));
  put32(s, uint32_t(test.n));
  put32(s, kRows);
  put32(s, kCols);
  put32(s, crc32(payload));
  return s + payload;
}

void decode_digit_asset(const uint8_t* b, size_t n, Dataset& train, Dataset& test,
                        const std::string& name) {
  if (n < 8 || std::memcmp(b, kMagic, 8) != 0)
    fail(name, "not a digit asset (bad magic, expected SDFCDIG1); rebuild it with sdfc_make_asset");
  if (n < kHeader) fail(name, "truncated header (" + std::to_string(n) + " of 32 bytes)");
  const uint32_t version = le32(b + 8), n_train = le32(b + 12), n_test = le32(b + 16);
  const uint32_t rows = le32(b + 20), cols = le32(b + 24), crc = le32(b + 28);
  if (version != kVersion)
    fail(name, "unsupported version " + std::to_string(version) +
                   " (this build reads version 1); rebuild the asset with sdfc_make_asset");
  if (rows != kRows || cols != kCols)
    fail(name, "unsupported image size " + std::to_string(rows) + " x " + std::to_string(cols) +
                   " (expected 28 x 28)");
  const uint8_t* p = b + kHeader;
  const uint8_t* end = b + n;
  // Every sample costs at least 3 bytes (label + one run pair): reject impossible counts
  // before allocating anything.
  const uint64_t samples = uint64_t(n_train) + n_test;
  if (samples * 3 > uint64_t(n - kHeader) || samples > uint64_t(INT32_MAX) / kPixels)
    fail(name, "truncated: header says " + std::to_string(n_train) + " + " +
                   std::to_string(n_test) + " images, file has only " + std::to_string(n) +
                   " bytes");
  if (crc32(p, n - kHeader) != crc)
    fail(name, "CRC mismatch (file corrupt); rebuild it with sdfc_make_asset");
  const uint8_t* labels = p;
  p += samples;
  Dataset tr, te;  // the outputs are only touched once everything has been validated
  decode_split(p, end, labels, n_train, 0, tr, "train", name);
  decode_split(p, end, labels + n_train, n_test, n_train, te, "test", name);
  if (p != end)
    fail(name, "decoded size mismatch: " + std::to_string(end - p) +
                   " bytes left after the last image (file corrupt)");
  train = std::move(tr);
  test = std::move(te);
}

}  // namespace sdfc::io
