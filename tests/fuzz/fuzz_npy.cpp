// fuzz_npy.cpp — libFuzzer target for sdfc::io::parse_npy (NumPy .npy, any version/dtype).
//
// Oracle: a successful parse gives numel == data.size(), non-negative dims, and survives a
// round trip: npy_bytes → parse_npy gives the same shape and bit-identical values.
#include <cstdint>
#include <cstring>
#include <string>

#include "fuzz_common.h"
#include "sdfc/io/npy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sdfc::Tensor t;
  try {
    t = sdfc::io::parse_npy(data, size, "fuzz/W1.npy");
  } catch (const sdfc::Error&) {
    return 0;
  }
  for (auto d : t.shape) SDFC_FUZZ_CHECK(d >= 0);
  SDFC_FUZZ_CHECK(t.numel() >= 0 && size_t(t.numel()) == t.data.size());
  SDFC_FUZZ_CHECK(t.name == "W1");
  // Round trip through the writer (what checkpoints use).
  const std::string bytes = sdfc::io::npy_bytes(t);
  sdfc::Tensor u;
  try {
    u = sdfc::io::parse_npy(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(),
                            "roundtrip/W1.npy");
  } catch (const sdfc::Error& e) {
    std::fprintf(stderr, "round trip rejected: %s\n", e.what());
    std::abort();
  }
  SDFC_FUZZ_CHECK(u.shape == t.shape);
  SDFC_FUZZ_CHECK(u.data.size() == t.data.size());
  SDFC_FUZZ_CHECK(t.data.empty() ||
                  std::memcmp(u.data.data(), t.data.data(), t.data.size() * sizeof(double)) == 0);
  return 0;
}
