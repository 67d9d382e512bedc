// datasets.cpp — MNIST / Fashion-MNIST IDX pairs → sdfc::Dataset; locating the files.
#include "sdfc/io/datasets.h"

#include <cstdlib>

#include "sdfc/io/atomic_file.h"
#include "sdfc/io/idx.h"

namespace sdfc::io {
namespace {

constexpr int kRows = 28, kCols = 28, kClasses = 10;

std::string dims_text(const std::vector<int>& dims) {
  std::string s;
  for (size_t i = 0; i < dims.size(); ++i) s += (i ? " x " : "") + std::to_string(dims[i]);
  return s;
}

std::string join(const std::string& dir, const std::string& file) {
  if (dir.empty()) return file;
  return dir.back() == '/' ? dir + file : dir + "/" + file;
}

// The first existing candidate among dir/<dataset>/file[.gz], dir/file[.gz]; "" if none.
std::string find_file(const std::string& dir, const std::string& dataset, const std::string& file,
                      std::string& tried) {
  const std::string candidates[] = {join(join(dir, dataset), file),
                                    join(join(dir, dataset), file) + ".gz", join(dir, file),
                                    join(dir, file) + ".gz"};
  for (const auto& c : candidates)
    if (file_exists(c)) return c;
  tried = candidates[0];
  return "";
}

}  // namespace

Dataset load_idx_pair(const std::string& images_path, const std::string& labels_path,
                      const std::string& name) {
  IdxArray img = read_idx(images_path);
  if (img.dims.size() != 3 || img.dims[1] != kRows || img.dims[2] != kCols)
    throw Error(images_path + ": wrong dimensions: expected n x 28 x 28 images, found " +
                dims_text(img.dims) + " (is this an images file?)");
  const IdxArray lab = read_idx(labels_path);
  if (lab.dims.size() != 1)
    throw Error(labels_path + ": wrong dimensions: expected a 1-D list of labels, found " +
                dims_text(lab.dims) + " (is this a labels file?)");
  const int n = img.dims[0];
  if (lab.dims[0] != n)
    throw Error(labels_path + ": image/label count mismatch: " + std::to_string(n) + " images, " +
                std::to_string(lab.dims[0]) + " labels (in " + images_path + ")");
  for (int i = 0; i < n; ++i)
    if (lab.data[size_t(i)] >= kClasses)
      throw Error(labels_path + ": label out of range: label " +
                  std::to_string(lab.data[size_t(i)]) + " at index " + std::to_string(i) +
                  " (labels must be 0 to 9)");
  // Compact store: the bytes p as read; x = p / 255 (float), as torchvision's ToTensor, is
  // computed per batch (gather_batch).
  Dataset d = Dataset::from_bytes(std::move(img.data), n, kRows * kCols);
  d.classes = kClasses;
  d.name = name;
  d.y = lab.data;
  return d;
}

Dataset load_dataset(const std::string& data_dir, const std::string& dataset,
                     const std::string& split) {
  if (dataset != "mnist" && dataset != "fashion-mnist")
    throw Error("unknown dataset '" + dataset + "': use mnist or fashion-mnist");
  if (split != "train" && split != "test")
    throw Error("unknown split '" + split + "': use train or test");
  const std::string prefix = split == "train" ? "train" : "t10k";
  std::string paths[2], tried;
  const char* kinds[2] = {"-images-idx3-ubyte", "-labels-idx1-ubyte"};
  for (int k = 0; k < 2; ++k) {
    paths[k] = find_file(data_dir, dataset, prefix + kinds[k], tried);
    if (paths[k].empty())
      throw Error(tried + ": not found (nor .gz, nor directly in " + data_dir +
                  "/). Run ./sdfc setup to fetch MNIST and Fashion-MNIST, or pass --data DIR");
  }
  return load_idx_pair(paths[0], paths[1], dataset + "/" + split);
}

std::string default_data_dir(const std::string& repo_root) {
  const char* env = std::getenv("SDFC_DATA");
  if (env && *env) return env;
  return join(repo_root, "data");
}

}  // namespace sdfc::io
