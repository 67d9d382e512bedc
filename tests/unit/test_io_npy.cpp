// test_io_npy.cpp — .npy / .npz reading and writing. Fixtures are written by hand (header
// strings and zip records as numpy and Python's zipfile lay them out); the reference oracle
// files in ../shared/oracles are read when present.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "io_test_util.h"
#include "oracle_util.h"
#include "sdfc/io/atomic_file.h"
#include "sdfc/io/crc32.h"
#include "sdfc/io/datasets.h"
#include "sdfc/io/npy.h"

#ifdef SDFC_HAVE_ZLIB
#include <zlib.h>
#endif
#include <unistd.h>

namespace fs = std::filesystem;
using namespace sdfc;

using io_test::TempDir;
using io_test::write_bytes;

namespace {

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no sdfc::Error thrown)";
}
bool has(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

// A .npy v1.0 file as numpy writes it: magic, version, u16 header length, dict, padding, '\n'.
std::string npy_file(const std::string& dict, const std::string& payload, int major = 1) {
  std::string h = dict;
  const size_t pre = major == 1 ? 10 : 12;
  while ((pre + h.size() + 1) % 64) h.push_back(' ');
  h.push_back('\n');
  std::string s = "\x93NUMPY";
  s.push_back(char(major));
  s.push_back(0);
  s.push_back(char(h.size() & 0xFF));
  s.push_back(char(h.size() >> 8));
  if (major != 1) s += std::string(2, '\0');
  return s + h + payload;
}
template <class T>
std::string raw(const std::vector<T>& v) {
  return std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}
Tensor parse(const std::string& b, const std::string& name = "t.npy") {
  return io::parse_npy(reinterpret_cast<const uint8_t*>(b.data()), b.size(), name);
}

std::string le16(uint32_t v) { return {char(v & 0xFF), char((v >> 8) & 0xFF)}; }
std::string le32(uint32_t v) { return le16(v & 0xFFFF) + le16(v >> 16); }

// A zip archive written by hand. method 8 = raw DEFLATE; zip64_local mimics numpy.savez
// (force_zip64: local sizes 0xFFFFFFFF plus a zip64 extra field).
struct ZipEntry {
  std::string name, data;
  int method = 0;
  bool zip64_local = false;
};
std::string make_zip(const std::vector<ZipEntry>& entries) {
  std::string out, cd;
  for (const ZipEntry& e : entries) {
    std::string body = e.data;
#ifdef SDFC_HAVE_ZLIB
    if (e.method == 8) {
      z_stream z{};
      REQUIRE(deflateInit2(&z, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
      body.assign(deflateBound(&z, uLong(e.data.size())) + 16, '\0');
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(e.data.data()));
      z.avail_in = uInt(e.data.size());
      z.next_out = reinterpret_cast<Bytef*>(body.data());
      z.avail_out = uInt(body.size());
      REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
      body.resize(z.total_out);
      deflateEnd(&z);
    }
#endif
    // Independent CRC: zlib's when available, else the bitwise definition.
    uint32_t crc = 0xFFFFFFFFu;
    for (unsigned char c : e.data) {
      crc ^= c;
      for (int k = 0; k < 8; ++k) crc = (crc & 1) ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
    }
    crc = ~crc;
    const uint32_t off = uint32_t(out.size());
    std::string extra;
    if (e.zip64_local)
      extra = le16(1) + le16(16) + le32(uint32_t(e.data.size())) + le32(0) +
              le32(uint32_t(body.size())) + le32(0);
    out += le32(0x04034b50) + le16(45) + le16(0) + le16(uint32_t(e.method)) + le16(0) + le16(33) +
           le32(crc) +
           (e.zip64_local ? le32(0xFFFFFFFF) + le32(0xFFFFFFFF)
                          : le32(uint32_t(body.size())) + le32(uint32_t(e.data.size()))) +
           le16(uint32_t(e.name.size())) + le16(uint32_t(extra.size())) + e.name + extra + body;
    cd += le32(0x02014b50) + le16(45) + le16(45) + le16(0) + le16(uint32_t(e.method)) + le16(0) +
          le16(33) + le32(crc) + le32(uint32_t(body.size())) + le32(uint32_t(e.data.size())) +
          le16(uint32_t(e.name.size())) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) +
          le32(off) + e.name;
  }
  const uint32_t cd_off = uint32_t(out.size());
  return out + cd + le32(0x06054b50) + le16(0) + le16(0) + le16(uint32_t(entries.size())) +
         le16(uint32_t(entries.size())) + le32(uint32_t(cd.size())) + le32(cd_off) + le16(0);
}

}  // namespace

TEST_CASE("io: npy reads every supported dtype into double") {
  const std::string shape = "'fortran_order': False, 'shape': (3,), }";
  CHECK(parse(npy_file("{'descr': '<f8', " + shape, raw<double>({1.5, -2, 1e300}))).data ==
        std::vector<double>{1.5, -2, 1e300});
  CHECK(parse(npy_file("{'descr': '<f4', " + shape, raw<float>({0.25f, -1, 3}))).data ==
        std::vector<double>{0.25, -1, 3});
  CHECK(
      parse(npy_file("{'descr': '<i8', " + shape, raw<int64_t>({-5, 0, int64_t(1) << 40}))).data ==
      std::vector<double>{-5, 0, double(int64_t(1) << 40)});
  CHECK(parse(npy_file("{'descr': '<i4', " + shape, raw<int32_t>({-7, 8, 9}))).data ==
        std::vector<double>{-7, 8, 9});
  CHECK(parse(npy_file("{'descr': '|u1', " + shape, std::string("\x00\x80\xff", 3))).data ==
        std::vector<double>{0, 128, 255});
  CHECK(parse(npy_file("{'descr': '<u1', " + shape, "\x01\x02\x03")).data ==
        std::vector<double>{1, 2, 3});
  CHECK(parse(npy_file("{'descr': '|b1', " + shape, std::string("\x01\x00\x01", 3))).data ==
        std::vector<double>{1, 0, 1});
  // Double quotes, other key order, version 2.0 and no trailing comma are all legal.
  const Tensor t =
      parse(npy_file("{\"shape\": (2, 1), \"fortran_order\": False, \"descr\": \"<f8\"}",
                     raw<double>({4, 5}), 2),
            "dir/name.npy");
  CHECK(t.shape == std::vector<int64_t>{2, 1});
  CHECK(t.name == "name");
}

TEST_CASE("io: npy fortran_order True is transposed into C order") {
  // a = [[1, 2, 3], [4, 5, 6]] stored column by column: 1 4 2 5 3 6.
  const Tensor t = parse(npy_file("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }",
                                  raw<double>({1, 4, 2, 5, 3, 6})));
  CHECK(t.shape == std::vector<int64_t>{2, 3});
  CHECK(t.data == std::vector<double>{1, 2, 3, 4, 5, 6});
  // 3-D: element (i, j, k) of shape (2, 2, 2) sits at i + 2j + 4k in Fortran order.
  std::vector<double> f(8);
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j)
      for (int k = 0; k < 2; ++k) f[size_t(i + 2 * j + 4 * k)] = 100 * i + 10 * j + k;
  const Tensor u =
      parse(npy_file("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2, 2), }", raw(f)));
  CHECK(u.data == std::vector<double>{0, 1, 10, 11, 100, 101, 110, 111});
}

TEST_CASE("io: npy writer produces numpy's exact v1.0 layout") {
  Tensor t{"W", {2, 3}, {1, 2, 3, 4, 5, 6}};
  const std::string b = io::npy_bytes(t);
  const std::string expect = npy_file("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }",
                                      raw<double>({1, 2, 3, 4, 5, 6}));
  CHECK(b == expect);
  CHECK((b.size() - 48) % 64 == 0);  // header padded to 64 bytes
  CHECK(io::npy_bytes(Tensor{"s", {}, {3.5}}).find("'shape': (), }") != std::string::npos);
  CHECK(io::npy_bytes(Tensor{"v", {1}, {3.5}}).find("'shape': (1,), }") != std::string::npos);
  CHECK(has(error_of([] {
              io::npy_bytes(Tensor{"bad", {2, 2}, {1, 2, 3}});
            }),
            "tensor 'bad': shape (2, 2) has 4 elements, data has 3"));
}

TEST_CASE("io: npy round trip of odd shapes and special values") {
  const double inf = std::numeric_limits<double>::infinity();
  for (const Tensor& t :
       {Tensor{"scalar", {}, {42}}, Tensor{"one", {1}, {-0.0}}, Tensor{"empty", {0}, {}},
        Tensor{"empty2", {3, 0}, {}}, Tensor{"cube", {2, 1, 2}, {inf, -inf, 1e-310, 7}}}) {
    const Tensor u = parse(io::npy_bytes(t), t.name + ".npy");
    CHECK(u.name == t.name);
    CHECK(u.shape == t.shape);
    CHECK(raw(u.data) == raw(t.data));  // bitwise, incl. −0 and denormals
  }
  const Tensor n = parse(io::npy_bytes(Tensor{"nan", {1}, {std::nan("")}}));
  CHECK(std::isnan(n.data[0]));
}

TEST_CASE("io: npy defects are clear errors") {
  auto err = [](const std::string& b) { return error_of([&] { parse(b, "f.npy"); }); };
  const std::string s = "'fortran_order': False, 'shape': (2,), }";
  CHECK(has(err(npy_file("{'descr': '>f8', " + s, raw<double>({1, 2}))),
            "f.npy: big-endian dtype '>f8'"));
  CHECK(has(err(npy_file("{'descr': '|O', " + s, raw<double>({1, 2}))), "object arrays"));
  CHECK(has(err(npy_file("{'descr': '<c16', " + s, raw<double>({1, 2, 3, 4}))),
            "unsupported dtype '<c16'"));
  CHECK(
      has(err(npy_file("{'descr': '<U3', " + s, "abcdefghijklmnopqrstuvwx")), "unsupported dtype"));
  CHECK(has(err(npy_file("{'descr': [('a', '<f8')], " + s, raw<double>({1, 2}))), "structured"));
  CHECK(err(npy_file("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }",
                     raw<double>({1, 2}))) ==
        "f.npy: shape (3,) of '<f8' needs 24 bytes of data, file has 16 (truncated)");
  CHECK(has(err(npy_file("{'descr': '<f8', " + s, raw<double>({1, 2, 3}))), "(trailing bytes)"));
  CHECK(has(err(npy_file("{'descr': '<f8', 'fortran_order': False, 'shape': (-2,), }", "")),
            "negative"));
  CHECK(has(err(npy_file("{'descr': '<f8', 'shape': (2,), }", raw<double>({1, 2}))), "lacks"));
  CHECK(has(err(npy_file("{'descr': '<f8', 'fortran_order': Maybe, 'shape': (2,), }", "")),
            "malformed"));
  CHECK(
      has(err(npy_file(
              "{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4), }", "")),
          "needs more data"));
  CHECK(has(err("PK\x03\x04 not npy"), "not a .npy file"));
  const std::string good = npy_file("{'descr': '<f8', " + s, raw<double>({1, 2}));
  CHECK(has(err(good.substr(0, 60)), "truncated .npy header"));
  CHECK(has(err(good.substr(0, 8)), "truncated .npy header"));
  for (size_t len = 0; len < good.size(); ++len) CHECK_THROWS_AS(parse(good.substr(0, len)), Error);
}

TEST_CASE("io: npz round trip, atomic write, CRC verified on read") {
  TempDir d("sdfc_test_npy_");
  const std::vector<Tensor> ts = {Tensor{"W1", {4, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}},
                                  Tensor{"b1", {4}, {0.5, -0.5, 0, 1e-9}}, Tensor{"step", {}, {17}},
                                  Tensor{"lr", {1}, {1e-3}}, Tensor{"none", {0}, {}}};
  const std::string p = d.file("ck.npz");
  io::write_npz(p, ts);
  const std::vector<Tensor> back = io::read_npz(p);
  REQUIRE(back.size() == ts.size());
  for (size_t k = 0; k < ts.size(); ++k) {
    CHECK(back[k].name == ts[k].name);
    CHECK(back[k].shape == ts[k].shape);
    CHECK(back[k].data == ts[k].data);
  }
  // No temp files are left behind.
  int files = 0;
  for (auto& e : fs::directory_iterator(d.path)) files += 1 + 0 * int(e.path().empty());
  CHECK(files == 1);

  // Layout: a zip whose first entry is W1.npy, stored, holding exactly npy_bytes(W1).
  const std::string b = io::read_file(p);
  REQUIRE(b.size() > 30);
  CHECK(b.compare(0, 4, "PK\x03\x04") == 0);
  CHECK(b[8] == 0);  // method: stored
  CHECK(b.compare(30, 6, "W1.npy") == 0);
  CHECK(b.compare(36, io::npy_bytes(ts[0]).size(), io::npy_bytes(ts[0])) == 0);

  // One flipped byte inside W1's data → CRC mismatch naming the entry.
  std::string bad = b;
  bad[36 + 130] = char(bad[36 + 130] ^ 0x01);
  write_bytes(p, bad);
  CHECK(error_of([&] { io::read_npz(p); }) == p + ": entry W1.npy: CRC mismatch (file corrupt)");
  // Truncations: the end record is missing / the data is cut.
  write_bytes(p, b.substr(0, b.size() - 1));
  CHECK(error_of([&] { io::read_npz(p); }).find(p + ": not an npz file") == 0);
  write_bytes(p, b.substr(0, b.size() / 2));
  CHECK(error_of([&] { io::read_npz(p); }).find(p + ": ") == 0);
  for (size_t len = 0; len < b.size(); len += 7)
    CHECK_THROWS_AS(io::parse_npz(reinterpret_cast<const uint8_t*>(b.data()), len, "cut"), Error);
  CHECK(has(error_of([&] {
              const std::string npy = io::npy_bytes(ts[0]);
              io::parse_npz(reinterpret_cast<const uint8_t*>(npy.data()), npy.size(), "x.npz");
            }),
            "x.npz: this is a .npy file"));
}

TEST_CASE("io: npz written by numpy-style writers (zip64 local headers, DEFLATE)") {
  const std::string w = npy_file("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }",
                                 raw<double>({1, 2, 3, 4}));
  const std::string l = npy_file("{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }",
                                 raw<int64_t>({5, 0, 4}));
  const std::string z = make_zip({{"W.npy", w, 0, true}, {"labels.npy", l, 0, true}});
  auto ts = io::parse_npz(reinterpret_cast<const uint8_t*>(z.data()), z.size(), "savez.npz");
  REQUIRE(ts.size() == 2);
  CHECK(ts[0].name == "W");
  CHECK(ts[0].data == std::vector<double>{1, 2, 3, 4});
  CHECK(ts[1].name == "labels");
  CHECK(ts[1].data == std::vector<double>{5, 0, 4});
  const std::string c = make_zip({{"W.npy", w, 8, true}});
#ifdef SDFC_HAVE_ZLIB
  ts = io::parse_npz(reinterpret_cast<const uint8_t*>(c.data()), c.size(), "compressed.npz");
  REQUIRE(ts.size() == 1);
  CHECK(ts[0].data == std::vector<double>{1, 2, 3, 4});
#else
  CHECK(has(error_of([&] {
              io::parse_npz(reinterpret_cast<const uint8_t*>(c.data()), c.size(), "c.npz");
            }),
            "not supported in the WebAssembly build"));
#endif
  const std::string other = make_zip({{"readme.txt", "hello", 0, false}});
  CHECK(error_of([&] {
          io::parse_npz(reinterpret_cast<const uint8_t*>(other.data()), other.size(), "o.npz");
        }) == "o.npz: entry readme.txt: not a .npy array (an npz holds only <name>.npy entries)");
  const std::string big = make_zip(
      {{"B.npy",
        npy_file("{'descr': '>f8', 'fortran_order': False, 'shape': (1,), }", std::string(8, '\0')),
        0, false}});
  CHECK(has(error_of([&] {
              io::parse_npz(reinterpret_cast<const uint8_t*>(big.data()), big.size(), "b.npz");
            }),
            "b.npz: entry B.npy: big-endian dtype"));
}

TEST_CASE("io: npz writer rejects unnamed and duplicate tensors") {
  CHECK(has(error_of([] { io::npz_bytes({Tensor{"", {1}, {1}}}); }), "empty name"));
  CHECK(has(error_of([] {
              io::npz_bytes({Tensor{"a", {1}, {1}}, Tensor{"a", {1}, {2}}});
            }),
            "duplicate tensor name 'a'"));
}

TEST_CASE("io: reads the reference oracle tensors (numpy.save, float64)") {
  // Every case under $SDFC_ORACLES; shapes, sizes and the batch's images come from the case's
  // own manifest.json, so a case of other sizes is checked the same way.
  const std::string root = oracle::dir();
  const std::vector<std::string> cases = oracle::cases(root);
  if (cases.empty()) {
    MESSAGE("skipped: no oracles in " << root << " (set SDFC_ORACLES)");
    return;
  }
  const std::string data = io::default_data_dir(SDFC_SOURCE_DIR);
  const bool have_mnist = io::file_exists(data + "/mnist/train-images-idx3-ubyte");
  const Dataset mnist = have_mnist ? io::load_dataset(data, "mnist", "train") : Dataset{};
  for (const std::string& name : cases) {
    CAPTURE(name);
    const std::string dir = root + "/" + name;
    std::ifstream f(dir + "/manifest.json");
    const nlohmann::json m = nlohmann::json::parse(f);
    // every listed file: numpy.save's float64 array with the manifest's shape
    int files = 0;
    for (const auto& entry : m.at("files").items()) {
      const std::string file = entry.key();  // (no structured binding: CAPTURE is a lambda)
      const nlohmann::json& info = entry.value();
      if (file.size() < 4 || file.substr(file.size() - 4) != ".npy") continue;
      CAPTURE(file);
      const Tensor t = io::read_npy(dir + "/" + file);
      CHECK(t.name == file.substr(0, file.size() - 4));
      const auto shape = info.at("shape").get<std::vector<int64_t>>();
      CHECK(t.shape == shape);
      size_t n = 1;
      for (int64_t d : shape) n *= size_t(d);
      CHECK(t.data.size() == n);
      ++files;
    }
    CHECK(files > 0);
    // W_1 ~ N(0, 2 / (n_1 + n_0)) per the oracle README: check the sample standard deviation.
    const Tensor w = io::read_npy(dir + "/W1.npy");
    REQUIRE(w.shape.size() == 2);
    const double n1 = double(w.shape[0]), n0 = double(w.shape[1]);
    double ss = 0;
    for (double v : w.data) ss += v * v;
    CHECK(std::sqrt(ss / double(w.data.size())) ==
          doctest::Approx(std::sqrt(2.0 / (n1 + n0))).epsilon(0.05));
    // The batch: MNIST training images at the manifest's indices, through the reference's data
    // handler x = (p/255 − 0.1307) / 0.3081 (float32): cross-check the IDX reader against it.
    const nlohmann::json& h = m.at("hyperparameters");
    if (!have_mnist || h.at("config").value("dataset", "") != "mnist" ||
        !h.contains("mnist_train_indices"))
      continue;
    const auto idx = h.at("mnist_train_indices").get<std::vector<int>>();
    const Tensor x = io::read_npy(dir + "/x.npy"), labels = io::read_npy(dir + "/labels.npy");
    const int B = int(idx.size()), n_in = mnist.dim;
    REQUIRE(x.shape == std::vector<int64_t>{B, n_in});
    REQUIRE(labels.data.size() == size_t(B));
    double worst = 0;
    for (int i = 0; i < B; ++i)
      for (int k = 0; k < n_in; ++k)
        worst = std::max(worst, std::abs(double((mnist.pixel(idx[i], k) - 0.1307f) / 0.3081f) -
                                         x.data[size_t(i) * n_in + k]));
    CHECK(worst < 1e-6);
    for (int i = 0; i < B; ++i) CHECK(mnist.y[size_t(idx[i])] == labels.data[size_t(i)]);
  }
}
