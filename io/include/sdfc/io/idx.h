// idx.h — the IDX format of MNIST / Fashion-MNIST (LeCun's "idx3-ubyte" files), raw or gzip.
//
// Layout: 0x00 0x00 <type> <ndims>, then ndims big-endian u32 sizes, then the elements in
// row-major order. Only type 0x08 (unsigned byte) is accepted — it is the only one the
// datasets use. The payload must be exactly the size the header implies.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace sdfc::io {

struct IdxArray {
  uint8_t dtype = 0x08;       // the type byte (always 0x08 = unsigned byte after a successful read)
  std::vector<int> dims;      // 1..4 sizes, each > 0
  std::vector<uint8_t> data;  // product(dims) bytes, row-major
};

// Parse IDX bytes; gzip input (magic 1f 8b) is inflated first (natively; the WebAssembly
// build throws). `name` prefixes every error: "<name>: <problem>". Throws sdfc::Error.
IdxArray parse_idx(const uint8_t* bytes, size_t n, const std::string& name);

// read_file + parse_idx. Throws sdfc::Error "<path>: …".
IdxArray read_idx(const std::string& path);

// The IDX encoding of `a` (uncompressed) — for tests and tools.
std::string idx_bytes(const IdxArray& a);

}  // namespace sdfc::io
