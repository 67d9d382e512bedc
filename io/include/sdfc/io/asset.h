// asset.h — "SDFCDIG1", the browser demo's compact digit set (a few thousand MNIST digits).
//
// Little-endian header (32 bytes): magic "SDFCDIG1", u32 version = 1, u32 n_train,
// u32 n_test, u32 rows = 28, u32 cols = 28, u32 CRC-32 of the payload. Payload: the
// labels (one byte each, train then test), then every image as zero-run-length pairs
// (zero_run u8, literal_count u8, literal bytes …) covering exactly rows × cols pixels.
// Lossless for MNIST (pixels are bytes). Full description: io/README.md.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include "sdfc/data.h"

namespace sdfc::io {

// Pixels are quantised as round(x · 255) (exact for data loaded from IDX). Throws
// sdfc::Error on a Dataset whose sizes are inconsistent or whose dim is not 784.
std::string encode_digit_asset(const Dataset& train, const Dataset& test);

// Validates everything (magic, version, sizes, CRC, labels, run lengths) before trusting
// it; never reads out of bounds. `name` prefixes errors. Throws sdfc::Error.
void decode_digit_asset(const uint8_t* bytes, size_t n, Dataset& train, Dataset& test,
                        const std::string& name = "digit asset");

}  // namespace sdfc::io
