// oracle_util.h — helpers for comparing engine tensors with the reference's
// recorded .npy files (llm.c style: print the max diff per tensor, then assert).
#pragma once
#include <dirent.h>
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "sdfc/io/npy.h"
#include "sdfc/types.h"

namespace oracle {

inline std::string dir() {
  if (const char* e = std::getenv("SDFC_ORACLES"); e && *e) return e;
  return std::string(SDFC_SOURCE_DIR) + "/../shared/oracles";
}
inline bool exists(const std::string& p) {
  struct stat st;
  return ::stat(p.c_str(), &st) == 0;
}

// The cases under root: every folder with a manifest.json, by name (empty if root is missing).
inline std::vector<std::string> cases(const std::string& root) {
  std::vector<std::string> names;
  if (DIR* d = opendir(root.c_str())) {
    while (dirent* e = readdir(d)) {
      const std::string n = e->d_name;
      if (n[0] != '.' && exists(root + "/" + n + "/manifest.json")) names.push_back(n);
    }
    closedir(d);
  }
  std::sort(names.begin(), names.end());
  return names;
}

// Max |a − b| relative to max |b| (the oracle) over a tensor; `data` is the engine's
// values in the same row-major order as the oracle.
inline double rel_diff(const std::vector<double>& a, const sdfc::Tensor& b, double* abs_out) {
  double mx = 0, mb = 0;
  for (size_t i = 0; i < b.data.size(); ++i) {
    mx = std::max(mx, std::abs(a[i] - b.data[i]));
    mb = std::max(mb, std::abs(b.data[i]));
  }
  if (abs_out) *abs_out = mx;
  return mb > 0 ? mx / mb : mx;
}

// Row-major values of an Eigen matrix as the reference stores it: an n × B engine
// matrix is a B × n row-major array, i.e. the same memory — flattened column-major.
template <class M>
std::vector<double> flat_colmajor(const M& m) {
  std::vector<double> v(size_t(m.size()));
  for (Eigen::Index j = 0, k = 0; j < m.cols(); ++j)
    for (Eigen::Index i = 0; i < m.rows(); ++i) v[k++] = double(m(i, j));
  return v;
}
// Row-major flattening (weights: n_i × n_{i−1} as PyTorch's out × in).
template <class M>
std::vector<double> flat_rowmajor(const M& m) {
  std::vector<double> v(size_t(m.size()));
  for (Eigen::Index i = 0, k = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j) v[k++] = double(m(i, j));
  return v;
}

struct Checker {
  std::string case_dir;
  int compared = 0;
  bool has(const std::string& name) const { return exists(case_dir + "/" + name + ".npy"); }
  sdfc::Tensor load(const std::string& name) const {
    return sdfc::io::read_npy(case_dir + "/" + name + ".npy");
  }
  // rel: tolerance relative to max|oracle|; abs_tol: absolute tolerance (either passes)
  void check(const std::string& name, const std::vector<double>& got, double rel,
             double abs_tol = 0) {
    if (!has(name)) return;
    const sdfc::Tensor ref = load(name);
    REQUIRE_MESSAGE(got.size() == ref.data.size(),
                    name << ": engine has " << got.size() << " values, oracle " << ref.data.size());
    double ad;
    const double rd = rel_diff(got, ref, &ad);
    const bool ok = rd <= rel || ad <= abs_tol;
    std::printf("  %-22s max|diff| %.3e  rel %.3e  %s\n", name.c_str(), ad, rd,
                ok ? "OK" : "NOT OK");
    CHECK_MESSAGE(ok, case_dir << "/" << name << ": rel diff " << rd << " abs " << ad);
    ++compared;
  }
};

}  // namespace oracle
