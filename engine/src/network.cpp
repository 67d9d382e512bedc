// network.cpp — initialisation, shape checks, φ and the feedforward pass.
#include "sdfc/network.h"

#include <cmath>
#include <type_traits>

#include "fast_math.h"

namespace sdfc {

template <class S>
int Network<S>::n_stacked() const {
  int n = 0;
  for (size_t i = 1; i < sizes.size(); ++i) n += sizes[i];
  return n;
}

template <class S>
Network<S> Network<S>::init(const std::vector<int>& sizes, Activation hidden, Rng& rng) {
  Network net;
  net.sizes = sizes;
  net.hidden = hidden;
  const int L = static_cast<int>(sizes.size()) - 1, nL = sizes.back();
  // Xavier-normal: std = √(2 / (fan_in + fan_out)), gain 1 (reference: LI:init_layer).
  auto xavier = [&rng](int rows, int cols) {
    Mat<S> M(rows, cols);
    const double std = std::sqrt(2.0 / (rows + cols));
    for (int j = 0; j < cols; ++j)
      for (int i = 0; i < rows; ++i) M(i, j) = static_cast<S>(std * rng.normal());
    return M;
  };
  for (int l = 0; l < L; ++l) {
    net.W.push_back(xavier(sizes[l + 1], sizes[l]));  // n_{l+1} × n_l
    net.b.push_back(Vec<S>::Zero(sizes[l + 1]));
  }
  for (int l = 0; l < L; ++l)  // Q_l: n_{l+1} × n_L; the output layer's Q_L is the identity
    net.Q.push_back(l == L - 1 ? Mat<S>(Mat<S>::Identity(nL, nL)) : xavier(sizes[l + 1], nL));
  return net;
}

template <class S>
void Network<S>::check_shapes() const {
  const int L = static_cast<int>(sizes.size()) - 1;
  if (L < 1) throw Error("network: needs at least one layer");
  if (int(W.size()) != L || int(b.size()) != L || int(Q.size()) != L)
    throw Error("network: expected " + std::to_string(L) + " layers of W, b and Q");
  for (int l = 0; l < L; ++l) {
    auto shape = [](long r, long c) { return std::to_string(r) + "×" + std::to_string(c); };
    if (W[l].rows() != sizes[l + 1] || W[l].cols() != sizes[l])
      throw Error("network: W" + std::to_string(l + 1) + " is " + shape(W[l].rows(), W[l].cols()) +
                  ", expected " + shape(sizes[l + 1], sizes[l]));
    if (b[l].size() != sizes[l + 1])
      throw Error("network: b" + std::to_string(l + 1) + " has " + std::to_string(b[l].size()) +
                  " entries, expected " + std::to_string(sizes[l + 1]));
    if (Q[l].rows() != sizes[l + 1] || Q[l].cols() != sizes.back())
      throw Error("network: Q" + std::to_string(l + 1) + " is " + shape(Q[l].rows(), Q[l].cols()) +
                  ", expected " + shape(sizes[l + 1], sizes.back()));
  }
}

template <class S>
template <class T>
Network<T> Network<S>::cast() const {
  Network<T> o;
  o.sizes = sizes;
  o.hidden = hidden;
  for (auto& m : W) o.W.push_back(m.template cast<T>());
  for (auto& v : b) o.b.push_back(v.template cast<T>());
  for (auto& m : Q) o.Q.push_back(m.template cast<T>());
  return o;
}

namespace {
// r = tanh(v). Eigen vectorises tanh for float only; double uses fastmath::tanh (≈ 1 ulp,
// auto-vectorised) instead of scalar std::tanh. Column by column if not contiguous.
template <class S>
void tanh_into(CMatRef<S> v, MatRef<S> r) {
  if constexpr (std::is_same_v<S, double>) {
    const long rows = long(v.rows()), cols = long(v.cols());
    if (v.outerStride() == rows && r.outerStride() == rows) {
      fastmath::tanh_inplace(v.data(), r.data(), rows * cols);
    } else {
      for (long j = 0; j < cols; ++j)
        fastmath::tanh_inplace(v.col(j).data(), r.col(j).data(), rows);
    }
  } else {
    r = v.array().tanh();
  }
}
}  // namespace

template <class S>
void apply_phi(Activation a, bool is_output, CMatRef<S> v, MatRef<S> r) {
  if (is_output || a == Activation::Linear) {
    r = v;
  } else if (a == Activation::Tanh) {
    tanh_into<S>(v, r);
  } else {
    r = v.array().max(S(0));
  }
}

template <class S>
void apply_dphi(Activation a, bool is_output, CMatRef<S> v, MatRef<S> d) {
  if (is_output || a == Activation::Linear) {
    d.setOnes();
  } else if (a == Activation::Tanh) {
    // φ'(v) = 1 − tanh²(v)
    tanh_into<S>(v, d);
    d = S(1) - d.array().square();
  } else {
    d = (v.array() > S(0)).template cast<S>();
  }
}

template <class S>
void feedforward(const Network<S>& net, CMatRef<S> X, Feedforward<S>& out) {
  const int L = net.depth();
  out.vff.resize(L);
  out.rff.resize(L);
  for (int l = 0; l < L; ++l) {
    // v_ff = W r_{l-1} + b
    if (l == 0)
      out.vff[0].noalias() = net.W[0] * X;
    else
      out.vff[l].noalias() = net.W[l] * out.rff[l - 1];
    out.vff[l].colwise() += net.b[l];
    out.rff[l].resize(out.vff[l].rows(), out.vff[l].cols());
    apply_phi<S>(net.hidden, l == L - 1, out.vff[l], out.rff[l]);
  }
}

#define SDFC_INSTANTIATE(S)                                             \
  template struct Network<S>;                                           \
  template Network<float> Network<S>::cast<float>() const;              \
  template Network<double> Network<S>::cast<double>() const;            \
  template void apply_phi<S>(Activation, bool, CMatRef<S>, MatRef<S>);  \
  template void apply_dphi<S>(Activation, bool, CMatRef<S>, MatRef<S>); \
  template void feedforward<S>(const Network<S>&, CMatRef<S>, Feedforward<S>&);
SDFC_INSTANTIATE(float)
SDFC_INSTANTIATE(double)

}  // namespace sdfc
