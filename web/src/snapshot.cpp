// snapshot.cpp — the byte format of a Snapshot (see snapshot.h).
#include "snapshot.h"

#include <cstring>

#include "sdfc/types.h"

namespace demo {

namespace {

struct Writer {
  std::vector<uint8_t> b;
  template <class T>
  void pod(T v) {
    const auto* p = reinterpret_cast<const uint8_t*>(&v);
    b.insert(b.end(), p, p + sizeof v);
  }
  void str(const std::string& s) {
    pod(uint32_t(s.size()));
    b.insert(b.end(), s.begin(), s.end());
  }
  template <class T>
  void vec(const std::vector<T>& v) {
    pod(uint32_t(v.size()));
    const auto* p = reinterpret_cast<const uint8_t*>(v.data());
    b.insert(b.end(), p, p + v.size() * sizeof(T));
  }
};

struct Reader {
  const uint8_t* p;
  size_t n, at = 0;
  void need(size_t k) {
    if (k > n - at) throw sdfc::Error("snapshot: truncated message from the training worker");
  }
  template <class T>
  T pod() {
    need(sizeof(T));
    T v;
    std::memcpy(&v, p + at, sizeof v);
    at += sizeof v;
    return v;
  }
  std::string str() {
    uint32_t k = pod<uint32_t>();
    need(k);
    std::string s(reinterpret_cast<const char*>(p + at), k);
    at += k;
    return s;
  }
  template <class T>
  std::vector<T> vec() {
    uint32_t k = pod<uint32_t>();
    need(size_t(k) * sizeof(T));
    std::vector<T> v(k);
    if (k) std::memcpy(v.data(), p + at, size_t(k) * sizeof(T));
    at += size_t(k) * sizeof(T);
    return v;
  }
};

constexpr uint32_t kMagic = 0x53444643;  // "SDFC"

}  // namespace

std::vector<uint8_t> encode(const Snapshot& s) {
  Writer w;
  w.pod(kMagic);
  w.pod(s.cmd_seq), w.pod(s.generation), w.pod(s.weights_version);
  w.pod(uint8_t(s.playing));
  w.pod(int32_t(s.batches)), w.pod(int32_t(s.epoch)), w.pod(int32_t(s.main_run));
  w.pod(int32_t(s.last_batch_first));
  w.pod(s.rate_sps), w.pod(s.busy);
  w.str(s.last_error);
  w.pod(uint32_t(s.events.size()));
  for (auto& [x, label] : s.events) w.pod(x), w.str(label);
  w.pod(uint32_t(s.runs.size()));
  for (const RunView& r : s.runs) {
    w.str(r.algo), w.str(r.name);
    w.vec(r.xs), w.vec(r.loss), w.vec(r.train_acc), w.vec(r.test_acc), w.vec(r.H);
    w.pod(int32_t(r.eval.n)), w.pod(r.eval.loss), w.pod(r.eval.acc);
    w.vec(r.eval.confusion);
    w.pod(r.samples), w.pod(r.last_H), w.pod(r.last_loss), w.pod(int32_t(r.pretrain_left));
    w.str(r.failure);
  }
  w.pod(uint32_t(s.weights.size()));
  for (const sdfc::Tensor& t : s.weights) {
    w.str(t.name);
    w.vec(t.shape);
    std::vector<float> f(t.data.begin(), t.data.end());  // float32 on the wire
    w.vec(f);
  }
  w.vec(s.W1_start);
  return std::move(w.b);
}

Snapshot decode(const uint8_t* p, size_t n) {
  Reader r{p, n};
  if (r.pod<uint32_t>() != kMagic) throw sdfc::Error("snapshot: not a training-worker message");
  Snapshot s;
  s.cmd_seq = r.pod<uint32_t>(), s.generation = r.pod<uint32_t>();
  s.weights_version = r.pod<uint32_t>();
  s.playing = r.pod<uint8_t>() != 0;
  s.batches = r.pod<int32_t>(), s.epoch = r.pod<int32_t>(), s.main_run = r.pod<int32_t>();
  s.last_batch_first = r.pod<int32_t>();
  s.rate_sps = r.pod<double>(), s.busy = r.pod<double>();
  s.last_error = r.str();
  for (uint32_t i = 0, k = r.pod<uint32_t>(); i < k; ++i) {
    float x = r.pod<float>();
    s.events.push_back({x, r.str()});
  }
  for (uint32_t i = 0, k = r.pod<uint32_t>(); i < k; ++i) {
    RunView v;
    v.algo = r.str(), v.name = r.str();
    v.xs = r.vec<float>(), v.loss = r.vec<float>(), v.train_acc = r.vec<float>();
    v.test_acc = r.vec<float>(), v.H = r.vec<float>();
    v.eval.n = r.pod<int32_t>(), v.eval.loss = r.pod<double>(), v.eval.acc = r.pod<double>();
    v.eval.confusion = r.vec<int>();
    v.samples = r.pod<double>(), v.last_H = r.pod<double>(), v.last_loss = r.pod<double>();
    v.pretrain_left = r.pod<int32_t>();
    v.failure = r.str();
    s.runs.push_back(std::move(v));
  }
  for (uint32_t i = 0, k = r.pod<uint32_t>(); i < k; ++i) {
    sdfc::Tensor t;
    t.name = r.str();
    t.shape = r.vec<int64_t>();
    std::vector<float> f = r.vec<float>();
    t.data.assign(f.begin(), f.end());
    if (int64_t(t.data.size()) != t.numel()) throw sdfc::Error("snapshot: tensor size mismatch");
    s.weights.push_back(std::move(t));
  }
  s.W1_start = r.vec<float>();
  return s;
}

}  // namespace demo
