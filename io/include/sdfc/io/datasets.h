// datasets.h — MNIST / Fashion-MNIST from IDX files into sdfc::Dataset, and where to find them.
#pragma once
#include <string>

#include "sdfc/data.h"
#include "sdfc/io/crc32.h"  // crc32_file: fingerprints of the data files for run manifests

namespace sdfc::io {

// Images (n × 28 × 28 IDX) + labels (n IDX, each < 10) → Dataset with x = pixel / 255 (float).
// Errors name the offending file: wrong dimensions, count mismatch, label out of range.
Dataset load_idx_pair(const std::string& images_path, const std::string& labels_path,
                      const std::string& name);

// dataset: "mnist" | "fashion-mnist"; split: "train" | "test" (files train-… / t10k-…).
// Looks in data_dir/<dataset>/ then data_dir/, each for the raw file and then for `.gz`.
// A missing file says how to get it ("Run ./sdfc setup … or pass --data DIR").
Dataset load_dataset(const std::string& data_dir, const std::string& dataset,
                     const std::string& split);

// The data directory: $SDFC_DATA if set and non-empty, else repo_root + "/data".
std::string default_data_dir(const std::string& repo_root);

}  // namespace sdfc::io
