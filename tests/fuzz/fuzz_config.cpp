// fuzz_config.cpp — libFuzzer target for sdfc::Config::resolve_and_validate and the trainer
// behind it.
//
// The input is a sequence of (selector byte, value) pairs. The selector's low 6 bits pick a
// Config field (table below), its top 2 bits how the value is read: a raw 8-byte double, a
// small signed integer, a fraction in [0, 1], or a special value (NaN, ±Inf, −1, 0, 1e300 …).
// Integer fields get the value saturated to their range (the harness never does an
// undefined double → int conversion itself). Then resolve_and_validate(); if the config is
// accepted and small (∏ sizes < 1e4, tmax_di ≤ 50), a Trainer<double> is built and runs one
// train_step on a 2-sample batch (and a feedback_step if tmax_di_fb ≤ 50). Only sdfc::Error
// (incl. DivergenceError) may escape; anything else is a finding.
#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "fuzz_common.h"
#include "sdfc/trainer.h"

namespace {

template <class I>
I sat(double v) {
  if (std::isnan(v)) return 0;
  if (v <= double(std::numeric_limits<I>::min())) return std::numeric_limits<I>::min();
  if (v >= double(std::numeric_limits<I>::max())) return std::numeric_limits<I>::max();
  return I(v);
}

template <class E>
E pick(double v, int n) {
  int i = sat<int>(v) % n;
  return E(i < 0 ? i + n : i);
}

double read_value(FuzzedDataProvider& p, int kind) {
  static const double special[] = {std::numeric_limits<double>::quiet_NaN(),
                                   std::numeric_limits<double>::infinity(),
                                   -std::numeric_limits<double>::infinity(),
                                   -1.0,
                                   0.0,
                                   -0.0,
                                   1.0,
                                   1e300,
                                   -1e300,
                                   4.9e-324,
                                   1e-12,
                                   0.1,
                                   0.2,
                                   0.99,
                                   2.0,
                                   65536.0,
                                   65537.0,
                                   1e6};
  switch (kind) {
    case 0:
      return p.ConsumeFloatingPoint<double>();
    case 1:
      return double(p.ConsumeIntegral<int8_t>());
    case 2:
      return double(p.ConsumeIntegral<uint8_t>()) / 255.0;
    default:
      return special[p.ConsumeIntegralInRange<size_t>(0, sizeof special / sizeof special[0] - 1)];
  }
}

void apply(sdfc::Config& c, int field, double v) {
  using sdfc::Config;
  switch (field) {
    case 0:
      c.sizes.resize(size_t(std::min(40, std::max(0, sat<int>(v)))), 3);
      break;
    case 1:
    case 2:
    case 3:
    case 4:
    case 5:
      if (size_t(field - 1) < c.sizes.size()) c.sizes[size_t(field - 1)] = sat<int>(v);
      break;
    case 6:
      c.hidden_activation = pick<sdfc::Activation>(v, 3);
      break;
    case 7:
      c.input_norm = pick<sdfc::InputNorm>(v, 2);
      break;
    case 8:
      c.method = sdfc::methods()[size_t(pick<int>(v, int(sdfc::methods().size())))]->name;
      break;
    case 9:
      c.single_phase = v != 0;
      break;
    case 10:
      c.forward_mode = pick<sdfc::ForwardMode>(v, 3);
      break;
    case 11:
      c.double_precision = v != 0;
      break;
    case 12:
      c.epochs = sat<int>(v);
      break;
    case 13:
      c.batch_size = sat<int>(v);
      break;
    case 14:
      c.clip_grad_norm = v;
      break;
    case 15:
      c.random_seed = sat<uint64_t>(v);
      break;
    case 16:
      c.init_fb_epochs = sat<int>(v);
      break;
    case 17:
      c.extra_fb_epochs = sat<int>(v);
      break;
    case 18:
      c.opt.kind = pick<sdfc::Optimizer>(v, 2);
      break;
    case 19:
      c.opt.lr = v;
      break;
    case 20:
      c.opt.adam_beta1 = v;
      break;
    case 21:
      c.opt.adam_beta2 = v;
      break;
    case 22:
      c.opt.adam_epsilon = v;
      break;
    case 23:
      c.opt.momentum = v;
      break;
    case 24:
      c.opt.weight_decay = v;
      break;
    case 25:
      c.opt_fb.kind = pick<sdfc::Optimizer>(v, 2);
      break;
    case 26:
      c.opt_fb.lr = v;
      break;
    case 27:
      c.lr_fb_init = v;
      break;
    case 28:
      c.opt_fb.adam_beta1 = v;
      break;
    case 29:
      c.opt_fb.adam_beta2 = v;
      break;
    case 30:
      c.opt_fb.adam_epsilon = v;
      break;
    case 31:
      c.opt_fb.momentum = v;
      break;
    case 32:
      c.opt_fb.weight_decay = v;
      break;
    case 33:
      c.target_class_value = v;
      break;
    case 34:
      c.target_stepsize = v;
      break;
    case 35:
      c.forward.dt_di = v;
      break;
    case 36:
      c.forward.tmax_di = sat<int>(v);
      break;
    case 37:
      c.forward.alpha_di = v;
      break;
    case 38:
      c.forward.k_p = v;
      break;
    case 39:
      c.forward.time_constant_ratio = v;
      break;
    case 40:
      c.forward.apical_time_constant = v;
      break;
    case 41:
      c.forward.sigma = v;
      break;
    case 42:
      c.forward.sigma_output = v;
      break;
    case 43:
      c.noisy_dynamics = v != 0;
      break;
    case 44:
      c.feedback.dt_di = v;
      break;
    case 45:
      c.feedback.tmax_di = sat<int>(v);
      break;
    case 46:
      c.feedback.alpha_di = v;
      break;
    case 47:
      c.feedback.k_p = v;
      break;
    case 48:
      c.feedback.time_constant_ratio = v;
      break;
    case 49:
      c.feedback.apical_time_constant = v;
      break;
    case 50:
      c.feedback.sigma = v;
      break;
    case 51:
      c.feedback.sigma_output = v;
      break;
    case 52:
      c.tau_f = v;
      break;
    case 53:
      c.tau_noise = v;
      break;
    case 54:
      c.scaling_fb_updates = v != 0;
      break;
    case 55:
      c.solver.forward_stride = sat<int>(v);
      break;
    case 56:
      c.solver.early_stop_tol = v;
      break;
    case 57:
      c.forward.coarse_steps = sat<int>(v);
      break;
    case 58:
      c.feedback.coarse_steps = sat<int>(v);
      break;
    default:
      break;  // 59–63: no field (lets the fuzzer skip a pair)
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider p(data, size);
  sdfc::Config c;
  c.sizes = {4, 3, 2};  // small start so most inputs reach the trainer
  c.forward.tmax_di = 5;
  while (p.remaining_bytes() > 0) {
    const uint8_t sel = p.ConsumeIntegral<uint8_t>();
    apply(c, sel & 63, read_value(p, sel >> 6));
  }
  try {
    c.resolve_and_validate();
  } catch (const sdfc::Error&) {
    return 0;
  }
  // Validated: the documented ranges hold.
  SDFC_FUZZ_CHECK(c.sizes.size() >= 2 && c.sizes.back() >= 2);
  SDFC_FUZZ_CHECK(c.batch_size >= 1);
  double prod = 1;
  for (int s : c.sizes) {
    SDFC_FUZZ_CHECK(s >= 1);
    prod *= s;
  }
  if (prod >= 1e4 || c.forward.tmax_di > 50) return 0;
  try {
    sdfc::Trainer<double> tr(c);
    const int n0 = c.sizes.front(), B = 2;
    sdfc::Mat<double> X(n0, B);  // n_0 × B
    for (int j = 0; j < B; ++j)
      for (int i = 0; i < n0; ++i) X(i, j) = std::sin(0.7 * i + 1.3 * j);
    const int labels[2] = {0, 1};
    tr.train_step(X, labels);
    if (c.method_def().learns_feedback && c.feedback.tmax_di <= 50)
      tr.feedback_step(X, labels, true);
    (void)tr.predict(X);
  } catch (const sdfc::Error&) {  // includes DivergenceError
  }
  return 0;
}
