// npy.h — NumPy's .npy and .npz formats for sdfc::Tensor (float64, C order).
//
// Reading accepts what numpy.save / numpy.savez / numpy.savez_compressed write for the
// dtypes <f8 <f4 <i8 <i4 <i2 <u2 <u4 <u8 |i1 |u1 |b1 (all converted to double), C or
// Fortran order (Fortran is transposed into C order), npy versions 1.0 / 2.0 / 3.0.
// Writing always produces '<f8', C order, version 1.0; npz entries are STORED (no
// compression) with their CRC-32, which is verified on read. DEFLATE entries are read
// natively (zlib); the WebAssembly build reports them as unsupported.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sdfc/types.h"

namespace sdfc::io {

// `name` prefixes every error ("<name>: <problem>"); the tensor's name is the last path
// component of `name` without ".npy" ("runs/x/W1.npy" → "W1").
Tensor parse_npy(const uint8_t* bytes, size_t n, const std::string& name);
Tensor read_npy(const std::string& path);
std::string npy_bytes(const Tensor& t);                    // '<f8', C order, version 1.0
void write_npy(const std::string& path, const Tensor& t);  // atomic

// One tensor per "<name>.npy" entry, in archive order; errors say "<name>: entry W1.npy: …".
std::vector<Tensor> parse_npz(const uint8_t* bytes, size_t n, const std::string& name);
std::vector<Tensor> read_npz(const std::string& path);
std::string npz_bytes(const std::vector<Tensor>& tensors);  // names must be unique, non-empty
void write_npz(const std::string& path, const std::vector<Tensor>& tensors);  // atomic

}  // namespace sdfc::io
