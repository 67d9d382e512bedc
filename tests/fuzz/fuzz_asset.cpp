// fuzz_asset.cpp — libFuzzer target for sdfc::io::decode_digit_asset ("SDFCDIG1").
//
// Each input is decoded as given, and once more with the header CRC (offset 28) fixed up
// to match the payload — otherwise almost every mutation would stop at the CRC check and
// the label / run-length decoder behind it would never be reached. Oracle for a
// successful decode: consistent sizes, labels < 10, pixels in [0, 1].
#include <cstdint>
#include <string>

#include "fuzz_common.h"
#include "sdfc/io/asset.h"
#include "sdfc/io/crc32.h"

namespace {

void check(const sdfc::Dataset& d) {
  SDFC_FUZZ_CHECK(d.n >= 0);
  SDFC_FUZZ_CHECK(d.dim == 784);
  SDFC_FUZZ_CHECK(d.x.size() == size_t(d.n) * size_t(d.dim));
  SDFC_FUZZ_CHECK(d.y.size() == size_t(d.n));
  for (auto y : d.y) SDFC_FUZZ_CHECK(y < 10);
  for (float x : d.x) SDFC_FUZZ_CHECK(x >= 0.0f && x <= 1.0f);
  try {
    d.check();
  } catch (const sdfc::Error& e) {
    std::fprintf(stderr, "decoded dataset fails Dataset::check: %s\n", e.what());
    std::abort();
  }
}

void decode(const uint8_t* data, size_t n) {
  sdfc::Dataset train, test;
  try {
    sdfc::io::decode_digit_asset(data, n, train, test, "fuzz.bin");
  } catch (const sdfc::Error&) {
    return;
  }
  check(train);
  check(test);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  decode(data, size);
  if (size >= 32) {
    std::string fixed(reinterpret_cast<const char*>(data), size);
    const uint32_t crc =
        sdfc::io::crc32(reinterpret_cast<const uint8_t*>(fixed.data()) + 32, size - 32);
    for (int i = 0; i < 4; ++i) fixed[28 + i] = char((crc >> (8 * i)) & 0xff);
    decode(reinterpret_cast<const uint8_t*>(fixed.data()), fixed.size());
  }
  return 0;
}
