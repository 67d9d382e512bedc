// fuzz_idx.cpp — libFuzzer target for sdfc::io::parse_idx (MNIST IDX files, raw or gzip).
//
// Each input is parsed twice: as given (raw bytes, or gzip if it starts with 1f 8b), and
// wrapped in a valid gzip stream made here with zlib, so the inflate path sees every
// payload the raw parser sees. Oracle: both parses agree (both reject, or give the same
// array), and a successful parse satisfies the format's invariants.
#include <zlib.h>

#include <cstdint>
#include <string>

#include "fuzz_common.h"
#include "sdfc/io/idx.h"
#include "sdfc/types.h"

namespace {

std::string gzip(const uint8_t* data, size_t n) {
  z_stream zs{};
  // windowBits 15 + 16: gzip wrapper; level 1 keeps the fuzzer fast.
  if (deflateInit2(&zs, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) std::abort();
  std::string out(deflateBound(&zs, uLong(n)) + 32, '\0');
  zs.next_in = const_cast<Bytef*>(data);
  zs.avail_in = uInt(n);
  zs.next_out = reinterpret_cast<Bytef*>(&out[0]);
  zs.avail_out = uInt(out.size());
  if (deflate(&zs, Z_FINISH) != Z_STREAM_END) std::abort();
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

bool parse(const uint8_t* data, size_t n, sdfc::io::IdxArray& out) {
  try {
    out = sdfc::io::parse_idx(data, n, "fuzz.idx");
  } catch (const sdfc::Error&) {
    return false;
  }
  SDFC_FUZZ_CHECK(out.dtype == 0x08);
  SDFC_FUZZ_CHECK(out.dims.size() >= 1 && out.dims.size() <= 4);
  size_t numel = 1;
  for (int d : out.dims) {
    SDFC_FUZZ_CHECK(d > 0);
    numel *= size_t(d);
  }
  SDFC_FUZZ_CHECK(numel == out.data.size());
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sdfc::io::IdxArray raw, gz;
  const bool ok_raw = parse(data, size, raw);
#ifdef SDFC_HAVE_ZLIB
  // A gzip input would be inflated to itself-inside-gzip; the comparison only makes sense
  // for non-gzip input (gzip input is still parsed above, natively through zlib).
  const bool is_gzip = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
  if (!is_gzip && size <= (1u << 20)) {
    const std::string z = gzip(data, size);
    const bool ok_gz = parse(reinterpret_cast<const uint8_t*>(z.data()), z.size(), gz);
    SDFC_FUZZ_CHECK(ok_raw == ok_gz);
    if (ok_raw) SDFC_FUZZ_CHECK(raw.dims == gz.dims && raw.data == gz.data);
  }
#endif
  (void)ok_raw;
  return 0;
}
