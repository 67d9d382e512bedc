// data.cpp — dataset checks, the 55k/5k split, batch gathering, soft targets.
#include "sdfc/data.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace sdfc {

Dataset Dataset::from_bytes(std::vector<uint8_t> pixels, int images, int dim) {
  Dataset d;
  d.n = images;
  d.dim = dim;
  d.bytes = std::make_shared<const std::vector<uint8_t>>(std::move(pixels));
  d.rows.resize(size_t(std::max(images, 0)));
  std::iota(d.rows.begin(), d.rows.end(), 0);
  return d;
}

Dataset Dataset::to_float() const {
  Dataset d;
  d.n = n, d.dim = dim, d.classes = classes, d.name = name, d.y = y;
  d.x.resize(size_t(n) * dim);
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < dim; ++k) d.x[size_t(i) * dim + k] = pixel(i, k);
  return d;
}

void Dataset::check() const {
  if (n < 0 || dim <= 0) throw Error(name + ": empty or malformed dataset");
  if (compact()) {
    const size_t images = bytes->size() / size_t(dim);
    if (bytes->size() % size_t(dim) != 0 || rows.size() != size_t(n) || !x.empty())
      throw Error(name + ": compact pixel store of " + std::to_string(bytes->size()) +
                  " bytes does not hold " + std::to_string(n) + " images of " +
                  std::to_string(dim) + " pixels");
    for (int i = 0; i < n; ++i)
      if (rows[i] < 0 || size_t(rows[i]) >= images)
        throw Error(name + ": image index " + std::to_string(rows[i]) + " out of range at " +
                    std::to_string(i));
  } else if (x.size() != size_t(n) * dim)
    throw Error(name + ": pixel buffer has " + std::to_string(x.size()) + " values, expected " +
                std::to_string(size_t(n) * dim));
  if (y.size() != size_t(n))
    throw Error(name + ": " + std::to_string(y.size()) + " labels for " + std::to_string(n) +
                " images");
  for (int i = 0; i < n; ++i)
    if (y[i] >= classes)
      throw Error(name + ": label out of range: " + std::to_string(y[i]) + " at index " +
                  std::to_string(i));
}

Dataset Dataset::subset(const std::vector<int>& idx) const {
  Dataset d;
  d.n = static_cast<int>(idx.size());
  d.dim = dim;
  d.classes = classes;
  d.name = name;
  d.bytes = bytes;  // compact: shared, only the row indices are copied
  if (compact())
    d.rows.resize(d.n);
  else
    d.x.resize(size_t(d.n) * dim);
  d.y.resize(d.n);
  for (int i = 0; i < d.n; ++i) {
    if (idx[i] < 0 || idx[i] >= n) throw Error(name + ": subset index out of range");
    if (compact())
      d.rows[i] = rows[idx[i]];
    else
      std::copy_n(x.begin() + size_t(idx[i]) * dim, dim, d.x.begin() + size_t(i) * dim);
    d.y[i] = y[idx[i]];
  }
  return d;
}

Dataset Dataset::head(int count) const {
  std::vector<int> idx(std::min(count, n));
  std::iota(idx.begin(), idx.end(), 0);
  return subset(idx);
}

void split_train_val(const Dataset& all, int n_val, uint64_t seed, Dataset& train, Dataset& val) {
  if (n_val < 0 || n_val >= all.n)
    throw Error(all.name + ": cannot hold out " + std::to_string(n_val) + " of " +
                std::to_string(all.n) + " samples for validation");
  std::vector<int> perm(all.n);
  std::iota(perm.begin(), perm.end(), 0);
  Rng rng(seed, 0x5EED5A17ull);
  shuffle(perm.data(), perm.size(), rng);
  std::vector<int> v(perm.begin(), perm.begin() + n_val), t(perm.begin() + n_val, perm.end());
  std::sort(v.begin(), v.end());
  std::sort(t.begin(), t.end());
  train = all.subset(t);
  val = all.subset(v);
  train.name = all.name + "/train";
  val.name = all.name + "/val";
}

namespace {
// MNIST: x ← (x − 0.1307)/0.3081 in float32, as torchvision's Normalize does.
inline float normalise(InputNorm norm, float x) {
  return norm == InputNorm::MnistStandardize ? (x - 0.1307f) / 0.3081f : x;
}
}  // namespace

template <class S>
void gather_batch(const Dataset& d, const int* idx, int B, InputNorm norm, MatRef<S> X,
                  int* labels) {
  if (d.compact()) {
    // x = p/255 (float32, as when the IDX bytes were converted at load), normalised: one
    // table of the 256 possible values, the same floats as converting pixel by pixel.
    S table[256];
    for (int p = 0; p < 256; ++p) table[p] = static_cast<S>(normalise(norm, float(p) / 255.0f));
    for (int j = 0; j < B; ++j) {
      const uint8_t* px = d.bytes->data() + size_t(d.rows[idx[j]]) * d.dim;
      for (int i = 0; i < d.dim; ++i) X(i, j) = table[px[i]];  // n_0 × B
      if (labels) labels[j] = d.y[idx[j]];
    }
    return;
  }
  for (int j = 0; j < B; ++j) {
    const float* px = d.x.data() + size_t(idx[j]) * d.dim;
    for (int i = 0; i < d.dim; ++i) X(i, j) = static_cast<S>(normalise(norm, px[i]));
    if (labels) labels[j] = d.y[idx[j]];
  }
}

template <class S>
Mat<S> soft_targets(const int* labels, int B, int n_out, double c) {
  // t_y = c, t_{k≠y} = (1 − c)/(n_L − 1)   (computed in double, like the reference)
  Mat<S> T = Mat<S>::Constant(n_out, B, static_cast<S>((1.0 - c) / (n_out - 1)));
  for (int j = 0; j < B; ++j) T(labels[j], j) = static_cast<S>(c);
  return T;
}

double soft_target_entropy(int n_out, double c) {
  // x log x → 0 as x → 0: hard labels (c = 1) and a one-class net (n_L = 1) have L_min = 0
  auto xlogx = [](double x) { return x > 0 ? x * std::log(x) : 0.0; };
  const double h = n_out < 2 ? -xlogx(c) : -xlogx(c) - (n_out - 1) * xlogx((1.0 - c) / (n_out - 1));
  return h == 0 ? 0.0 : h;  // +0, not −0, for hard labels
}

template void gather_batch<float>(const Dataset&, const int*, int, InputNorm, MatRef<float>, int*);
template void gather_batch<double>(const Dataset&, const int*, int, InputNorm, MatRef<double>,
                                   int*);
template Mat<float> soft_targets<float>(const int*, int, int, double);
template Mat<double> soft_targets<double>(const int*, int, int, double);

}  // namespace sdfc
