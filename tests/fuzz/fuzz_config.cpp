// fuzz_config.cpp — libFuzzer target for sdfc::Config::resolve_and_validate and the trainer
// behind it.
//
// The input is a sequence of (selector byte, value) pairs. The selector's low 6 bits pick a
// field of the configuration schema (apply() below), its top 2 bits how the value is read: a raw
// 8-byte double, a small signed integer, a fraction in [0, 1], or a special value (NaN, ±Inf, −1,
// 0, 1e300 …). The value reaches the field through the schema's parser as text. Then
// resolve_and_validate(); if the config is accepted and small (∏ sizes < 1e4, tmax_di ≤ 50), a
// Trainer<double> is built and runs one train_step on a 2-sample batch (and a feedback_step if
// tmax_di_fb ≤ 50). Only sdfc::Error (incl. DivergenceError) may escape; anything else is a
// finding.
#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "fuzz_common.h"
#include "sdfc/config_schema.h"
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

// Field `field` of the schema (config_schema(), in its order) set through the schema's own
// parser from `v` written as text, so every flag the CLI, JSON files and run.json accept is
// reached; the parser refusing a value is a valid outcome and leaves the field as it was.
// The two indices past the table set the input and output widths, which come from the
// dataset rather than a flag; further indices skip the pair.
void apply(sdfc::Config& c, int field, double v) {
  const auto& schema = sdfc::config_schema();
  const int n = int(schema.size());  // ≤ 62, so that a 6-bit selector reaches every field
  SDFC_FUZZ_CHECK(n + 2 <= 64);
  if (field == n || field == n + 1) {
    int& width = field == n ? c.sizes.front() : c.sizes.back();
    width = sat<int>(v);
    return;
  }
  if (field > n + 1) return;
  const sdfc::ConfigFieldSpec& f = schema[size_t(field)];
  std::string text;
  char b[40];
  switch (f.kind) {
    case sdfc::FieldKind::Number:
    case sdfc::FieldKind::Integer:
      std::snprintf(b, sizeof b, "%.17g", v);  // nan, inf and 1e300 included
      text = b;
      break;
    case sdfc::FieldKind::Flag:
      text = v != 0 ? "true" : "false";
      break;
    case sdfc::FieldKind::Text: {
      // one of the choices, or (index = size) a name the parser must refuse
      const size_t i = size_t(pick<int>(v, int(f.choices.size()) + 1));
      text = i < f.choices.size() ? f.choices[i] : "none-such";
      break;
    }
    case sdfc::FieldKind::IntList: {
      // up to 40 hidden layers of widths around 3 (0 and negatives included)
      const long long k = sat<int>(v), layers = (k < 0 ? -k : k) % 41;
      for (long long i = 0; i < layers; ++i)
        text += (i ? "," : "") + std::to_string(k < 0 ? k % 5 : 1 + (k + i) % 4);
      break;
    }
  }
  try {
    f.set(c, text);
  } catch (const sdfc::Error&) {
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
  if (prod >= 1e4 || c.forward_dynamics().tmax_di > 50) return 0;
  try {
    sdfc::Trainer<double> tr(c);
    const int n0 = c.sizes.front(), B = 2;
    sdfc::Mat<double> X(n0, B);  // n_0 × B
    for (int j = 0; j < B; ++j)
      for (int i = 0; i < n0; ++i) X(i, j) = std::sin(0.7 * i + 1.3 * j);
    const int labels[2] = {0, 1};
    tr.train_step(X, labels);
    if (c.method_def().learns_feedback && c.feedback_dynamics().tmax_di <= 50)
      tr.feedback_step(X, labels, true);
    (void)tr.predict(X);
  } catch (const sdfc::Error&) {  // includes DivergenceError
  }
  return 0;
}
