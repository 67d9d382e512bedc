// crc32.cpp — table-driven CRC-32 (reflected polynomial 0xEDB88320), no zlib.
#include "sdfc/io/crc32.h"

#include <array>
#include <cstdio>
#include <fstream>
#include <vector>

#include "sdfc/types.h"

namespace sdfc::io {
namespace {

std::array<uint32_t, 256> make_table() {
  std::array<uint32_t, 256> t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1u) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    t[i] = c;
  }
  return t;
}

}  // namespace

uint32_t crc32(const uint8_t* bytes, size_t n, uint32_t crc) {
  static const std::array<uint32_t, 256> table = make_table();
  uint32_t c = ~crc;
  for (size_t i = 0; i < n; ++i) c = table[(c ^ bytes[i]) & 0xFFu] ^ (c >> 8);
  return ~c;
}

uint32_t crc32_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error(path + ": cannot read: file missing or not readable");
  std::vector<char> buf(1 << 16);
  uint32_t crc = 0;
  while (f) {
    f.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    const auto got = f.gcount();
    if (got > 0) crc = crc32(reinterpret_cast<const uint8_t*>(buf.data()), size_t(got), crc);
  }
  if (f.bad()) throw Error(path + ": cannot read: I/O error");
  return crc;
}

std::string crc32_hex(uint32_t crc) {
  char s[9];
  std::snprintf(s, sizeof s, "%08x", crc);
  return s;
}

}  // namespace sdfc::io
