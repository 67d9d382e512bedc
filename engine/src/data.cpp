// data.cpp — dataset checks, the 55k/5k split, batch gathering, soft targets.
#include "sdfc/data.h"

#include <numeric>

namespace sdfc {

void Dataset::check() const {
  if (n < 0 || dim <= 0) throw Error(name + ": empty or malformed dataset");
  if (x.size() != size_t(n) * dim)
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
  d.x.resize(size_t(d.n) * dim);
  d.y.resize(d.n);
  for (int i = 0; i < d.n; ++i) {
    if (idx[i] < 0 || idx[i] >= n) throw Error(name + ": subset index out of range");
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
  for (int i = all.n - 1; i > 0; --i) std::swap(perm[i], perm[rng.below(uint64_t(i) + 1)]);
  std::vector<int> v(perm.begin(), perm.begin() + n_val), t(perm.begin() + n_val, perm.end());
  std::sort(v.begin(), v.end());
  std::sort(t.begin(), t.end());
  train = all.subset(t);
  val = all.subset(v);
  train.name = all.name + "/train";
  val.name = all.name + "/val";
}

template <class S>
void gather_batch(const Dataset& d, const int* idx, int B, InputNorm norm, MatRef<S> X,
                  int* labels) {
  for (int j = 0; j < B; ++j) {
    const float* px = d.x.data() + size_t(idx[j]) * d.dim;
    for (int i = 0; i < d.dim; ++i) {
      // MNIST: x ← (x − 0.1307)/0.3081 in float32, as torchvision's Normalize does.
      const float v = norm == InputNorm::MnistStandardize ? (px[i] - 0.1307f) / 0.3081f : px[i];
      X(i, j) = static_cast<S>(v);
    }
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

template void gather_batch<float>(const Dataset&, const int*, int, InputNorm, MatRef<float>, int*);
template void gather_batch<double>(const Dataset&, const int*, int, InputNorm, MatRef<double>,
                                   int*);
template Mat<float> soft_targets<float>(const int*, int, int, double);
template Mat<double> soft_targets<double>(const int*, int, int, double);

}  // namespace sdfc
