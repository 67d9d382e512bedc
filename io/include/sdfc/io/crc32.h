// crc32.h — CRC-32 (IEEE 802.3, the one of zip/gzip/PNG), own table: no zlib needed, so
// it is identical natively and in WebAssembly. Used by npz entries, the demo asset and
// run manifests (a cheap fingerprint of the data files a run used).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace sdfc::io {

// Continue a CRC: crc32(b, n) == crc32(b + k, n - k, crc32(b, k)). crc32("123456789") ==
// 0xCBF43926.
uint32_t crc32(const uint8_t* bytes, size_t n, uint32_t crc = 0);
inline uint32_t crc32(const std::string& bytes, uint32_t crc = 0) {
  return crc32(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), crc);
}

// CRC-32 of a file's bytes (streamed). Throws sdfc::Error "<path>: cannot read: …".
uint32_t crc32_file(const std::string& path);

// "1a2b3c4d": the form used in manifests and messages.
std::string crc32_hex(uint32_t crc);

}  // namespace sdfc::io
