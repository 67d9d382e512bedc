// types.h — matrix aliases and small enums shared by the whole engine.
//
// Layout convention (as in MiniDNN): one sample per *column*. A mini-batch of
// B samples at layer i is an n_i × B matrix, so every simulation step is a GEMM
//   V_i = W_i R_{i-1}   (n_i × n_{i-1}) · (n_{i-1} × B).
// The reference code (PyTorch) stores B × n row-major, which is the same memory
// as our n × B column-major: oracle tensors load without a transpose.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "sdfc/eigen.h"  // <Eigen/Dense>

namespace sdfc {

template <class S>
using Mat = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;  // column-major
template <class S>
using Vec = Eigen::Matrix<S, Eigen::Dynamic, 1>;
template <class S>
using MatRef = Eigen::Ref<Mat<S>>;
template <class S>
using CMatRef = Eigen::Ref<const Mat<S>>;

// Hidden-layer nonlinearity φ. The output layer is always linear (r_L are logits).
enum class Activation { Tanh, ReLU, Linear };
const char* to_string(Activation a);
Activation activation_from_string(const std::string& s);  // "tanh" | "relu" | "linear"

// Every user-facing error of the engine is this type; the message says what is
// wrong and, where possible, what to do next.
struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// Training produced NaN/Inf. Thrown *before* the offending update is kept: the
// trainer's state (weights, optimiser moments) is what it was before the step.
struct DivergenceError : Error {
  using Error::Error;
};

// A named dense tensor in float64, row-major ("C order", as numpy saves it).
// The engine's state (weights, optimiser moments, RNG) is exported as a list of
// these; front ends decide how to store them (npz, checkpoint files …).
struct Tensor {
  std::string name;
  std::vector<int64_t> shape;
  std::vector<double> data;
  int64_t numel() const {
    int64_t n = 1;
    for (auto d : shape) n *= d;
    return n;
  }
};

}  // namespace sdfc
