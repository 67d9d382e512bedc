// fuzz_npz.cpp — libFuzzer target for sdfc::io::parse_npz (checkpoints and weights) and for
// the engine's Trainer<double>::load_state / load_weights, which validate what they load.
//
// Per input, three things happen (each may only throw sdfc::Error):
//  1. parse_npz on the raw bytes (ZIP structure, zip64, CRC, DEFLATE); any tensors it gives
//     are loaded into a fresh tiny trainer (sizes 4-3-2) with load_state and load_weights.
//  2. The bytes wrapped here as the single entry "W1.npy" of a well-formed zip, STORED and
//     DEFLATE, with the right CRC (so the npy parser behind the CRC check is reached):
//     parse_npz must agree with parse_npy on the same bytes.
//  3. A structured mutation of the trainer's own state() / weights() (values incl. NaN/Inf,
//     shapes, names, missing and duplicated tensors) driven by the bytes, then
//     load_state / load_weights. After a successful load_state, one train_step must either
//     work or throw sdfc::Error / DivergenceError.
#include <fuzzer/FuzzedDataProvider.h>
#include <zlib.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "fuzz_common.h"
#include "sdfc/io/npy.h"
#include "sdfc/trainer.h"

namespace {

sdfc::Config tiny_config() {
  sdfc::Config c;
  c.sizes = {4, 3, 2};
  c.batch_size = 2;
  c.forward.tmax_di = 5;
  c.feedback.tmax_di = 5;
  c.resolve_and_validate();
  return c;
}

const sdfc::Config& config() {
  static const sdfc::Config c = tiny_config();
  return c;
}

void step(sdfc::Trainer<double>& tr) {
  sdfc::Mat<double> X(4, 2);
  X << 0.1, -0.2, 0.3, 0.0, -0.5, 0.25, 0.9, -0.1;  // 4 × 2
  const int labels[2] = {0, 1};
  try {
    tr.train_step(X, labels);
  } catch (const sdfc::Error&) {  // includes DivergenceError
  }
}

// Load `t` both ways into fresh trainers; only sdfc::Error may escape the loaders.
void load(const std::vector<sdfc::Tensor>& t, bool run_step) {
  {
    sdfc::Trainer<double> tr(config());
    bool ok = true;
    try {
      tr.load_state(t);
    } catch (const sdfc::Error&) {
      ok = false;
    }
    if (ok) {
      (void)tr.state();  // exporting what was loaded must work
      if (run_step) step(tr);
    }
  }
  {
    sdfc::Trainer<double> tr(config());
    try {
      tr.load_weights(t);
    } catch (const sdfc::Error&) {
      return;
    }
    (void)tr.weights();
    if (run_step) step(tr);
  }
}

void put16(std::string& s, uint32_t v) {
  s += char(v & 0xff);
  s += char((v >> 8) & 0xff);
}
void put32(std::string& s, uint32_t v) {
  put16(s, v & 0xffff);
  put16(s, v >> 16);
}

// A one-entry zip ("W1.npy") holding `data` STORED (method 0) or raw DEFLATE (method 8).
std::string zip_one(const uint8_t* data, size_t n, bool deflate_it) {
  std::string payload;
  if (deflate_it) {
    z_stream zs{};
    if (deflateInit2(&zs, 1, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) std::abort();
    payload.assign(deflateBound(&zs, uLong(n)) + 32, '\0');
    zs.next_in = const_cast<Bytef*>(data);
    zs.avail_in = uInt(n);
    zs.next_out = reinterpret_cast<Bytef*>(&payload[0]);
    zs.avail_out = uInt(payload.size());
    if (::deflate(&zs, Z_FINISH) != Z_STREAM_END) std::abort();
    payload.resize(zs.total_out);
    deflateEnd(&zs);
  } else {
    payload.assign(reinterpret_cast<const char*>(data), n);
  }
  const uint32_t crc = uint32_t(::crc32(0L, data, uInt(n)));
  const std::string name = "W1.npy";
  const uint32_t method = deflate_it ? 8 : 0;
  std::string z;
  put32(z, 0x04034b50);
  put16(z, 20), put16(z, 0), put16(z, method), put16(z, 0), put16(z, 0x21);
  put32(z, crc), put32(z, uint32_t(payload.size())), put32(z, uint32_t(n));
  put16(z, uint32_t(name.size())), put16(z, 0);
  z += name;
  z += payload;
  const uint32_t cd_off = uint32_t(z.size());
  put32(z, 0x02014b50);
  put16(z, 20), put16(z, 20), put16(z, 0), put16(z, method), put16(z, 0), put16(z, 0x21);
  put32(z, crc), put32(z, uint32_t(payload.size())), put32(z, uint32_t(n));
  put16(z, uint32_t(name.size())), put16(z, 0), put16(z, 0), put16(z, 0), put16(z, 0);
  put32(z, 0), put32(z, 0);
  z += name;
  const uint32_t cd_size = uint32_t(z.size()) - cd_off;
  put32(z, 0x06054b50);
  put16(z, 0), put16(z, 0), put16(z, 1), put16(z, 1);
  put32(z, cd_size), put32(z, cd_off), put16(z, 0);
  return z;
}

bool same(const sdfc::Tensor& a, const sdfc::Tensor& b) {
  return a.shape == b.shape && a.data.size() == b.data.size() &&
         (a.data.empty() ||
          std::memcmp(a.data.data(), b.data.data(), a.data.size() * sizeof(double)) == 0);
}

void wrapped(const uint8_t* data, size_t size) {
  sdfc::Tensor direct;
  bool ok_direct = true;
  try {
    direct = sdfc::io::parse_npy(data, size, "W1.npy");
  } catch (const sdfc::Error&) {
    ok_direct = false;
  }
  for (bool defl : {false, true}) {
#ifndef SDFC_HAVE_ZLIB
    if (defl) continue;
#endif
    const std::string z = zip_one(data, size, defl);
    std::vector<sdfc::Tensor> t;
    bool ok = true;
    try {
      t = sdfc::io::parse_npz(reinterpret_cast<const uint8_t*>(z.data()), z.size(), "w.npz");
    } catch (const sdfc::Error&) {
      ok = false;
    }
    SDFC_FUZZ_CHECK(ok == ok_direct);
    if (ok) {
      SDFC_FUZZ_CHECK(t.size() == 1 && t[0].name == "W1" && same(t[0], direct));
    }
  }
}

double special(FuzzedDataProvider& p) {
  static const double v[] = {std::numeric_limits<double>::quiet_NaN(),
                             std::numeric_limits<double>::infinity(),
                             -std::numeric_limits<double>::infinity(),
                             -1.0,
                             0.0,
                             -0.0,
                             1.0,
                             0.5,
                             2.0,
                             1e300,
                             -1e300,
                             4.9e-324,
                             9.3e18,
                             1.8446744073709552e19,
                             2147483648.0,
                             -2147483649.0};
  return v[p.ConsumeIntegralInRange<size_t>(0, sizeof v / sizeof v[0] - 1)];
}

void structured(const uint8_t* data, size_t size) {
  FuzzedDataProvider p(data, size);
  std::vector<sdfc::Tensor> t;
  {
    sdfc::Trainer<double> tr(config());
    if (p.ConsumeBool()) step(tr);  // non-trivial optimiser moments and counters
    t = p.ConsumeBool() ? tr.state() : tr.weights();
  }
  const int ops = p.ConsumeIntegralInRange(0, 6);
  for (int k = 0; k < ops && !t.empty(); ++k) {
    sdfc::Tensor& x = t[p.ConsumeIntegralInRange<size_t>(0, t.size() - 1)];
    switch (p.ConsumeIntegralInRange(0, 7)) {
      case 0:  // one value, from the special list
      case 1:
        if (!x.data.empty())
          x.data[p.ConsumeIntegralInRange<size_t>(0, x.data.size() - 1)] = special(p);
        break;
      case 2:  // one value, any double
        if (!x.data.empty())
          x.data[p.ConsumeIntegralInRange<size_t>(0, x.data.size() - 1)] =
              p.ConsumeFloatingPoint<double>();
        break;
      case 3: {  // a new shape, data size consistent with it (or not)
        x.shape.clear();
        const int nd = p.ConsumeIntegralInRange(0, 3);
        for (int d = 0; d < nd; ++d) x.shape.push_back(p.ConsumeIntegralInRange<int64_t>(-1, 9));
        int64_t n = 1;
        for (auto d : x.shape) n *= d;
        if (p.ConsumeBool() && n >= 0) x.data.resize(size_t(n), 0.5);
        break;
      }
      case 4:  // data size changed, shape kept
        x.data.resize(p.ConsumeIntegralInRange<size_t>(0, 40), 0.25);
        break;
      case 5:  // drop the tensor
        t.erase(t.begin() + (&x - t.data()));
        break;
      case 6:  // duplicate it (the first or the second copy will be found)
        t.push_back(x);
        break;
      case 7:  // rename it
        x.name = p.ConsumeRandomLengthString(12);
        break;
    }
  }
  load(t, true);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // 1. raw npz bytes
  std::vector<sdfc::Tensor> t;
  bool ok = true;
  try {
    t = sdfc::io::parse_npz(data, size, "fuzz.npz");
  } catch (const sdfc::Error&) {
    ok = false;
  }
  if (ok) {
    for (const auto& x : t) SDFC_FUZZ_CHECK(x.numel() >= 0 && size_t(x.numel()) == x.data.size());
    load(t, false);
  }
  // 2. the bytes as the npy inside a valid zip
  if (size <= (1u << 20)) wrapped(data, size);
  // 3. structured mutation of a real checkpoint
  structured(data, size);
  return 0;
}
