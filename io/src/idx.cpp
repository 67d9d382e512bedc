// idx.cpp — IDX parsing (raw and, natively, gzip-compressed) with full validation.
#include "sdfc/io/idx.h"

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstring>

#include "sdfc/io/atomic_file.h"
#include "sdfc/types.h"

#ifdef SDFC_HAVE_ZLIB
#include <zlib.h>
#endif

namespace sdfc::io {
namespace {

// The largest payload we accept: Dataset indexes pixels with int.
constexpr uint64_t kMaxPayload = uint64_t(INT_MAX);

[[noreturn]] void fail(const std::string& name, const std::string& problem) {
  throw Error(name + ": " + problem);
}

const char* type_name(uint8_t t) {
  switch (t) {
    case 0x08:
      return "unsigned byte";
    case 0x09:
      return "signed byte";
    case 0x0B:
      return "int16";
    case 0x0C:
      return "int32";
    case 0x0D:
      return "float32";
    case 0x0E:
      return "float64";
    default:
      return "unknown";
  }
}

// First four bytes: 00 00 <type> <ndims>. Returns ndims.
int check_magic(const uint8_t* h, const std::string& name) {
  if (h[0] != 0 || h[1] != 0) {
    char s[160];
    std::snprintf(s, sizeof s,
                  "not an IDX file (starts with %02x %02x %02x %02x, expected 00 00 08 <ndims>)",
                  h[0], h[1], h[2], h[3]);
    fail(name, s);
  }
  if (h[2] != 0x08) {
    char s[160];
    std::snprintf(
        s, sizeof s,
        "unsupported IDX element type 0x%02X (%s); only 0x08 (unsigned byte) is supported", h[2],
        type_name(h[2]));
    fail(name, s);
  }
  if (h[3] < 1 || h[3] > 4)
    fail(name, "unsupported number of dimensions " + std::to_string(h[3]) + " (expected 1 to 4)");
  return h[3];
}

// ndims big-endian u32 sizes → dims; returns the payload size (overflow-safe).
uint64_t parse_dims(const uint8_t* p, int nd, std::vector<int>& dims, const std::string& name) {
  dims.clear();
  uint64_t total = 1;
  for (int i = 0; i < nd; ++i) {
    const uint32_t d = (uint32_t(p[4 * i]) << 24) | (uint32_t(p[4 * i + 1]) << 16) |
                       (uint32_t(p[4 * i + 2]) << 8) | uint32_t(p[4 * i + 3]);
    if (d == 0) fail(name, "dimension " + std::to_string(i) + " is 0 (every size must be > 0)");
    if (d > uint32_t(INT_MAX) || total > kMaxPayload / d)
      fail(name, "header sizes are too large (more than " + std::to_string(kMaxPayload) +
                     " bytes of data); the file is not a valid IDX file");
    total *= d;
    dims.push_back(int(d));
  }
  return total;
}

IdxArray parse_raw(const uint8_t* bytes, size_t n, const std::string& name) {
  if (n < 4)
    fail(name,
         "truncated: file has " + std::to_string(n) + " bytes, an IDX header needs at least 4");
  const int nd = check_magic(bytes, name);
  const size_t hs = 4 + 4 * size_t(nd);
  if (n < hs)
    fail(name,
         "truncated: header needs " + std::to_string(hs) + " bytes, file has " + std::to_string(n));
  IdxArray a;
  const uint64_t payload = parse_dims(bytes + 4, nd, a.dims, name);
  const uint64_t have = n - hs;
  if (have < payload)
    fail(name, "truncated: header says " + std::to_string(payload) + " bytes of data, file has " +
                   std::to_string(have));
  if (have > payload)
    fail(name, "trailing data: header says " + std::to_string(payload) +
                   " bytes of data, file has " + std::to_string(have) +
                   " (the file is corrupt or not this format)");
  a.dtype = bytes[2];
  a.data.assign(bytes + hs, bytes + n);
  return a;
}

#ifdef SDFC_HAVE_ZLIB
// A gzip member inflated on demand, so the output size is bounded by what the IDX header
// says (never "inflate everything"). read() returns fewer bytes than asked only at the end.
struct Gunzip {
  z_stream z{};
  const std::string& name;
  bool ended = false;

  Gunzip(const uint8_t* bytes, size_t n, const std::string& nm) : name(nm) {
    if (n > UINT_MAX) fail(name, "gzip file larger than 4 GiB is not supported");
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) fail(name, "cannot initialise zlib");
    z.next_in = const_cast<Bytef*>(bytes);
    z.avail_in = uInt(n);
  }
  ~Gunzip() { inflateEnd(&z); }
  Gunzip(const Gunzip&) = delete;
  Gunzip& operator=(const Gunzip&) = delete;

  size_t read(uint8_t* out, size_t want) {
    size_t got = 0;
    while (got < want && !ended) {
      const size_t chunk = std::min<size_t>(want - got, UINT_MAX);
      z.next_out = out + got;
      z.avail_out = uInt(chunk);
      const int rc = inflate(&z, Z_NO_FLUSH);
      got += chunk - z.avail_out;
      if (rc == Z_STREAM_END) {
        ended = true;
      } else if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT) {
        fail(name, std::string("corrupt gzip data (zlib: ") + (z.msg ? z.msg : "data error") +
                       "); delete the file and fetch it again (./sdfc setup)");
      } else if (rc == Z_MEM_ERROR) {
        fail(name, "out of memory while decompressing");
      } else if (rc == Z_BUF_ERROR && z.avail_in == 0) {
        fail(name,
             "truncated gzip stream (the compressed file ends early); delete the file and "
             "fetch it again (./sdfc setup)");
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        fail(name, "gzip error " + std::to_string(rc));
      }
    }
    return got;
  }
};

IdxArray parse_gzip(const uint8_t* bytes, size_t n, const std::string& name) {
  Gunzip gz(bytes, n, name);
  uint8_t h[20] = {};
  size_t got = gz.read(h, 4);
  if (got < 4)
    fail(name, "truncated: decompressed file has " + std::to_string(got) +
                   " bytes, an IDX header needs at least 4");
  const int nd = check_magic(h, name);
  got = gz.read(h + 4, 4 * size_t(nd));
  if (got < 4 * size_t(nd))
    fail(name, "truncated: header needs " + std::to_string(4 + 4 * nd) +
                   " bytes, decompressed file has " + std::to_string(4 + got));
  IdxArray a;
  a.dtype = h[2];
  const uint64_t payload = parse_dims(h + 4, nd, a.dims, name);
  // Grow in steps so that a tiny file with a huge header cannot allocate gigabytes up front.
  size_t have = 0;
  while (have < payload) {
    const size_t step = std::min<uint64_t>(payload - have, std::max<size_t>(have, 1 << 20));
    a.data.resize(have + step);
    const size_t r = gz.read(a.data.data() + have, step);
    have += r;
    if (r < step) break;
  }
  if (have < payload)
    fail(name, "truncated: header says " + std::to_string(payload) + " bytes of data, file has " +
                   std::to_string(have) + " (after gzip decompression)");
  uint8_t extra;
  if (gz.read(&extra, 1) != 0)
    fail(name, "trailing data: header says " + std::to_string(payload) +
                   " bytes of data, the decompressed file has more");
  if (gz.z.avail_in != 0)
    fail(name, "trailing bytes after the gzip stream (" + std::to_string(gz.z.avail_in) +
                   " bytes); the file is corrupt");
  return a;
}
#endif

}  // namespace

IdxArray parse_idx(const uint8_t* bytes, size_t n, const std::string& name) {
  if (n >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b) {
#ifdef SDFC_HAVE_ZLIB
    return parse_gzip(bytes, n, name);
#else
    fail(name,
         "gzip-compressed IDX is not supported in the WebAssembly build; decompress it "
         "first (gunzip)");
#endif
  }
  return parse_raw(bytes, n, name);
}

IdxArray read_idx(const std::string& path) {
  const std::string b = read_file(path);
  return parse_idx(reinterpret_cast<const uint8_t*>(b.data()), b.size(), path);
}

std::string idx_bytes(const IdxArray& a) {
  if (a.dims.empty() || a.dims.size() > 4) throw Error("idx_bytes: need 1 to 4 dimensions");
  std::string s = {0, 0, char(a.dtype), char(a.dims.size())};
  uint64_t total = 1;
  for (int d : a.dims) {
    if (d <= 0) throw Error("idx_bytes: every dimension must be > 0");
    total *= uint64_t(d);
    for (int k = 3; k >= 0; --k) s.push_back(char((uint32_t(d) >> (8 * k)) & 0xFF));
  }
  if (total != a.data.size())
    throw Error("idx_bytes: dims say " + std::to_string(total) + " bytes, data has " +
                std::to_string(a.data.size()));
  s.append(reinterpret_cast<const char*>(a.data.data()), a.data.size());
  return s;
}

}  // namespace sdfc::io
