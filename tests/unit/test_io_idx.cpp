// test_io_idx.cpp — IDX reading (raw and gzip), MNIST/Fashion-MNIST loading, CRC-32.
// Fixtures are built byte by byte here (big-endian header written by hand), never by the
// code under test; the real-data checks run only when ./data is present.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "io_test_util.h"
#include "sdfc/data.h"
#include "sdfc/io/atomic_file.h"
#include "sdfc/io/datasets.h"
#include "sdfc/io/idx.h"

#ifdef SDFC_HAVE_ZLIB
#include <zlib.h>
#endif
#include <unistd.h>

namespace fs = std::filesystem;
using namespace sdfc;

using io_test::TempDir;
using io_test::write_bytes;

namespace {

// IDX by hand: 00 00 <type> <ndims>, big-endian u32 dims, payload.
std::string idx_file(uint8_t type, const std::vector<uint32_t>& dims, const std::string& payload) {
  std::string s = {0, 0, char(type), char(dims.size())};
  for (uint32_t d : dims) {
    s.push_back(char(d >> 24));
    s.push_back(char(d >> 16));
    s.push_back(char(d >> 8));
    s.push_back(char(d));
  }
  return s + payload;
}

// n images of 28 × 28 with a deterministic pattern that includes 0 and 255.
std::string image_payload(int n) {
  std::string p(size_t(n) * 784, '\0');
  for (size_t k = 0; k < p.size(); ++k)
    p[k] = char((k * 37 + k / 784) % 7 == 0 ? 0 : (k * 13) % 256);
  return p;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no sdfc::Error thrown)";
}

#ifdef SDFC_HAVE_ZLIB
std::string gzip(const std::string& raw) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&z, uLong(raw.size())) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw.data()));
  z.avail_in = uInt(raw.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = uInt(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}
#endif

std::string data_root() {
  const char* env = std::getenv("SDFC_DATA");
  return env && *env ? env : std::string(SDFC_SOURCE_DIR) + "/data";
}

}  // namespace

TEST_CASE("io: crc32 matches the standard check value and streams") {
  const std::string s = "123456789";
  CHECK(io::crc32(s) == 0xCBF43926u);  // the CRC-32/ISO-HDLC check value
  CHECK(io::crc32("") == 0u);
  CHECK(io::crc32(s.substr(4), io::crc32(s.substr(0, 4))) == 0xCBF43926u);
  CHECK(io::crc32_hex(0xCBF43926u) == "cbf43926");
  TempDir d("sdfc_test_idx_");
  write_bytes(d.file("c.bin"), s);
  CHECK(io::crc32_file(d.file("c.bin")) == 0xCBF43926u);
  CHECK(error_of([&] { io::crc32_file(d.file("missing")); }).find("missing: cannot read") !=
        std::string::npos);
}

TEST_CASE("io: raw IDX round trip") {
  TempDir d("sdfc_test_idx_");
  const std::string payload = image_payload(3);
  write_bytes(d.file("img"), idx_file(0x08, {3, 28, 28}, payload));
  const io::IdxArray a = io::read_idx(d.file("img"));
  CHECK(a.dtype == 0x08);
  CHECK(a.dims == std::vector<int>{3, 28, 28});
  REQUIRE(a.data.size() == payload.size());
  CHECK(std::equal(a.data.begin(), a.data.end(), payload.begin(),
                   [](uint8_t x, char y) { return x == uint8_t(y); }));
  // The writer produces exactly the hand-built bytes.
  CHECK(io::idx_bytes(a) == idx_file(0x08, {3, 28, 28}, payload));
  // 1-D (labels) and 4-D are fine too.
  write_bytes(d.file("lab"), idx_file(0x08, {4}, std::string("\x05\x00\x04\x01", 4)));
  CHECK(io::read_idx(d.file("lab")).data == std::vector<uint8_t>{5, 0, 4, 1});
  write_bytes(d.file("four"), idx_file(0x08, {1, 2, 1, 2}, "abcd"));
  CHECK(io::read_idx(d.file("four")).dims == std::vector<int>{1, 2, 1, 2});
}

TEST_CASE("io: IDX defects give one-line errors naming the file") {
  TempDir d("sdfc_test_idx_");
  const std::string p = d.file("bad");
  auto err = [&](const std::string& bytes) {
    write_bytes(p, bytes);
    return error_of([&] { io::read_idx(p); });
  };
  const std::string two = image_payload(2);  // 1568 bytes
  CHECK(err("PK\x03\x04" + two).find(p + ": not an IDX file") == 0);
  CHECK(err(idx_file(0x0D, {2, 28, 28}, two))
            .find(p + ": unsupported IDX element type 0x0D (float32)") == 0);
  CHECK(err(idx_file(0x08, {}, "")).find("number of dimensions 0") != std::string::npos);
  CHECK(err(idx_file(0x08, {1, 1, 1, 1, 1}, "x")).find("number of dimensions 5") !=
        std::string::npos);
  CHECK(err(idx_file(0x08, {2, 0, 28}, "")).find("dimension 1 is 0") != std::string::npos);
  CHECK(err(idx_file(0x08, {0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF}, "")).find("too large") !=
        std::string::npos);
  CHECK(err(idx_file(0x08, {65536, 65536}, "")).find("too large") != std::string::npos);
  CHECK(err(idx_file(0x08, {2, 28, 28}, two.substr(0, 1500))) ==
        p + ": truncated: header says 1568 bytes of data, file has 1500");
  CHECK(err(idx_file(0x08, {2, 28, 28}, two + "xyz"))
            .find(p + ": trailing data: header says 1568 bytes of data, file has 1571") == 0);
  CHECK(err(std::string("\0\0", 2)).find("truncated") != std::string::npos);
  CHECK(
      err(idx_file(0x08, {2, 28, 28}, "").substr(0, 10)).find("truncated: header needs 16 bytes") !=
      std::string::npos);
  CHECK(err("").find("truncated") != std::string::npos);
  for (const std::string& m : {err(idx_file(0x0D, {1}, "x")), err("junk")})
    CHECK(m.find('\n') == std::string::npos);
  CHECK(error_of([&] { io::read_idx(d.file("nope")); }) ==
        d.file("nope") + ": cannot read: No such file or directory");
}

TEST_CASE("io: every truncation of an IDX file is an error, never a crash") {
  const std::string good = idx_file(0x08, {2, 28, 28}, image_payload(2));
  for (size_t len = 0; len < good.size(); len += (len < 40 ? 1 : 97)) {
    const auto* b = reinterpret_cast<const uint8_t*>(good.data());
    CHECK_THROWS_AS(io::parse_idx(b, len, "cut"), Error);
  }
}

#ifdef SDFC_HAVE_ZLIB
TEST_CASE("io: gzip IDX round trip and gzip defects") {
  TempDir d("sdfc_test_idx_");
  const std::string payload = image_payload(3);
  const std::string raw = idx_file(0x08, {3, 28, 28}, payload);
  const std::string gz = gzip(raw);
  REQUIRE(uint8_t(gz[0]) == 0x1f);
  REQUIRE(uint8_t(gz[1]) == 0x8b);
  write_bytes(d.file("img.gz"), gz);
  write_bytes(d.file("img"), raw);
  const io::IdxArray a = io::read_idx(d.file("img.gz"));
  const io::IdxArray b = io::read_idx(d.file("img"));
  CHECK(a.dims == std::vector<int>{3, 28, 28});
  CHECK(a.data == b.data);

  const std::string p = d.file("bad.gz");
  auto err = [&](const std::string& bytes) {
    write_bytes(p, bytes);
    return error_of([&] { io::read_idx(p); });
  };
  // A flipped byte inside the compressed stream: zlib reports bad data or the gzip CRC fails.
  std::string flipped = gz;
  flipped[gz.size() / 2] = char(flipped[gz.size() / 2] ^ 0x55);
  CHECK(err(flipped).find(p + ": corrupt gzip data") == 0);
  std::string bad_crc = gz;  // trailer: CRC-32 then size
  bad_crc[gz.size() - 8] = char(bad_crc[gz.size() - 8] ^ 1);
  CHECK(err(bad_crc).find(p + ": corrupt gzip data") == 0);
  CHECK(err(gz.substr(0, gz.size() - 20)).find("truncated gzip stream") != std::string::npos);
  CHECK(err(gz + "junk").find("trailing bytes after the gzip stream") != std::string::npos);
  CHECK(
      err(gzip(idx_file(0x08, {3, 28, 28}, payload.substr(0, 2000)))) ==
      p + ": truncated: header says 2352 bytes of data, file has 2000 (after gzip decompression)");
  CHECK(err(gzip(raw + "extra")).find("trailing data") != std::string::npos);
  CHECK(err(gzip(idx_file(0x0C, {3}, "abcdefghijkl"))).find("0x0C (int32)") != std::string::npos);
  // A tiny stream whose header claims 2 GiB must fail without trying to hold it all.
  CHECK(err(gzip(idx_file(0x08, {32768, 65535}, "abc"))).find("truncated") != std::string::npos);
}
#else
TEST_CASE("io: gzip IDX is reported as unsupported in the WebAssembly build") {
  const uint8_t gz[] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
  CHECK(error_of([&] { io::parse_idx(gz, sizeof gz, "x.gz"); }) ==
        "x.gz: gzip-compressed IDX is not supported in the WebAssembly build; decompress it "
        "first (gunzip)");
}
#endif

TEST_CASE("io: load_idx_pair scales pixels and validates the pair") {
  TempDir d("sdfc_test_idx_");
  std::string payload(2 * 784, '\0');
  payload[0] = char(255);
  payload[1] = char(51);
  payload[784 + 783] = char(1);
  write_bytes(d.file("img"), idx_file(0x08, {2, 28, 28}, payload));
  write_bytes(d.file("lab"), idx_file(0x08, {2}, std::string("\x07\x00", 2)));
  const Dataset ds = io::load_idx_pair(d.file("img"), d.file("lab"), "tiny");
  CHECK(ds.n == 2);
  CHECK(ds.dim == 784);
  CHECK(ds.classes == 10);
  CHECK(ds.name == "tiny");
  CHECK(ds.y == std::vector<uint8_t>{7, 0});
  REQUIRE(ds.compact());  // 1 byte per pixel, x = p/255 on access
  REQUIRE(ds.bytes->size() == 2 * 784);
  CHECK(ds.pixel(0, 0) == 1.0f);
  CHECK(ds.pixel(0, 1) == doctest::Approx(0.2).epsilon(1e-7));
  CHECK(ds.pixel(0, 2) == 0.0f);
  CHECK(ds.pixel(1, 783) == float(1) / 255.0f);

  write_bytes(d.file("flat"), idx_file(0x08, {2, 784}, payload));
  CHECK(
      error_of([&] {
        io::load_idx_pair(d.file("flat"), d.file("lab"), "t");
      }).find(d.file("flat") + ": wrong dimensions: expected n x 28 x 28 images, found 2 x 784") ==
      0);
  write_bytes(d.file("lab2d"), idx_file(0x08, {2, 1}, std::string("\x01\x02", 2)));
  CHECK(error_of([&] {
          io::load_idx_pair(d.file("img"), d.file("lab2d"), "t");
        }).find(d.file("lab2d") + ": wrong dimensions") == 0);
  write_bytes(d.file("lab1"), idx_file(0x08, {1}, std::string("\x01", 1)));
  CHECK(error_of([&] {
          io::load_idx_pair(d.file("img"), d.file("lab1"), "t");
        }).find("image/label count mismatch: 2 images, 1 labels") != std::string::npos);
  std::string many(43, '\x03');
  many[42] = 11;
  write_bytes(d.file("img43"), idx_file(0x08, {43, 28, 28}, std::string(43 * 784, '\0')));
  write_bytes(d.file("lab43"), idx_file(0x08, {43}, many));
  CHECK(error_of([&] {
          io::load_idx_pair(d.file("img43"), d.file("lab43"), "t");
        }).find(d.file("lab43") + ": label out of range: label 11 at index 42") == 0);
}

TEST_CASE("io: the compact store (1 byte per pixel) gives the float pixels bit for bit") {
  // 5 images whose bytes cover all 256 values; labels 0..4.
  TempDir d("sdfc_test_idx_");
  std::string payload(5 * 784, '\0');
  for (size_t k = 0; k < payload.size(); ++k) payload[k] = char((k * 37 + k / 784) % 256);
  write_bytes(d.file("img"), idx_file(0x08, {5, 28, 28}, payload));
  write_bytes(d.file("lab"), idx_file(0x08, {5}, std::string("\x00\x01\x02\x03\x04", 5)));
  const Dataset ds = io::load_idx_pair(d.file("img"), d.file("lab"), "tiny");
  REQUIRE(ds.compact());
  CHECK(ds.x.empty());
  // subsets (split, head) share the bytes and keep only row indices
  const Dataset sub = ds.subset({4, 1, 3});
  CHECK(sub.bytes == ds.bytes);
  CHECK(sub.rows == std::vector<int>{4, 1, 3});
  CHECK(sub.y == std::vector<uint8_t>{4, 1, 3});
  CHECK(ds.head(2).rows == std::vector<int>{0, 1});
  // gather_batch: x = p/255 in float32, then (x − 0.1307)/0.3081 in float32 (torchvision),
  // computed here from the raw bytes; and the float store of the same set gives the same bits
  const Dataset fl = sub.to_float();
  CHECK_FALSE(fl.compact());
  const int idx[] = {2, 0, 1, 0};
  for (InputNorm norm : {InputNorm::MnistStandardize, InputNorm::None}) {
    Eigen::MatrixXd Xc(784, 4), Xf(784, 4);
    int lc[4], lf[4];
    gather_batch<double>(sub, idx, 4, norm, Xc, lc);
    gather_batch<double>(fl, idx, 4, norm, Xf, lf);
    int wrong = 0;
    for (int j = 0; j < 4; ++j) {
      CHECK(lc[j] == sub.y[size_t(idx[j])]);
      CHECK(lf[j] == lc[j]);
      for (int k = 0; k < 784; ++k) {
        const uint8_t p = uint8_t(payload[size_t(sub.rows[size_t(idx[j])]) * 784 + size_t(k)]);
        const float x = float(p) / 255.0f;
        const float want = norm == InputNorm::MnistStandardize ? (x - 0.1307f) / 0.3081f : x;
        wrong += Xc(k, j) != double(want) || Xf(k, j) != double(want);
      }
    }
    CHECK(wrong == 0);
  }
  // a corrupt row index is reported by check()
  Dataset bad = sub;
  bad.rows[1] = 5;
  CHECK(error_of([&] { bad.check(); }).find("image index 5 out of range") != std::string::npos);
}

TEST_CASE("io: load_dataset finds files in data/<dataset>/ or data/, raw or .gz") {
  TempDir d("sdfc_test_idx_");
  const std::string img = idx_file(0x08, {2, 28, 28}, image_payload(2));
  const std::string lab = idx_file(0x08, {2}, std::string("\x01\x02", 2));
  write_bytes(d.file("mnist/t10k-images-idx3-ubyte"), img);
  write_bytes(d.file("mnist/t10k-labels-idx1-ubyte"), lab);
  const Dataset t = io::load_dataset(d.path.string(), "mnist", "test");
  CHECK(t.n == 2);
  CHECK(t.name == "mnist/test");
  CHECK(t.y == std::vector<uint8_t>{1, 2});
  // Directly in the directory, as with --data data/mnist.
  write_bytes(d.file("flat/train-images-idx3-ubyte"), img);
  write_bytes(d.file("flat/train-labels-idx1-ubyte"), lab);
  CHECK(io::load_dataset(d.file("flat"), "fashion-mnist", "train").n == 2);
#ifdef SDFC_HAVE_ZLIB
  write_bytes(d.file("fashion-mnist/train-images-idx3-ubyte.gz"), gzip(img));
  write_bytes(d.file("fashion-mnist/train-labels-idx1-ubyte.gz"), gzip(lab));
  CHECK(io::load_dataset(d.path.string(), "fashion-mnist", "train").y ==
        std::vector<uint8_t>{1, 2});
#endif
  const std::string miss = error_of([&] { io::load_dataset(d.path.string(), "mnist", "train"); });
  CHECK(miss.find(d.file("mnist/train-images-idx3-ubyte") + ": not found") == 0);
  CHECK(miss.find("Run ./sdfc setup to fetch MNIST and Fashion-MNIST, or pass --data DIR") !=
        std::string::npos);
  CHECK(error_of([&] {
          io::load_dataset(d.path.string(), "cifar", "train");
        }).find("unknown dataset") != std::string::npos);
  CHECK(error_of([&] {
          io::load_dataset(d.path.string(), "mnist", "val");
        }).find("unknown split") != std::string::npos);
}

TEST_CASE("io: default_data_dir honours SDFC_DATA") {
  const char* old = std::getenv("SDFC_DATA");
  const std::string saved = old ? old : "";
  ::setenv("SDFC_DATA", "/somewhere/else", 1);
  CHECK(io::default_data_dir("/repo") == "/somewhere/else");
  ::unsetenv("SDFC_DATA");
  CHECK(io::default_data_dir("/repo") == "/repo/data");
  if (old) ::setenv("SDFC_DATA", saved.c_str(), 1);
}

TEST_CASE("io: loaded from real data (MNIST train, Fashion-MNIST test)") {
  const std::string root = data_root();
  if (!io::file_exists(root + "/mnist/train-labels-idx1-ubyte") &&
      !io::file_exists(root + "/mnist/train-labels-idx1-ubyte.gz")) {
    MESSAGE("skipped: no MNIST in " << root << " (run ./sdfc setup)");
    return;
  }
  const Dataset train = io::load_dataset(root, "mnist", "train");
  CHECK(train.n == 60000);
  CHECK(train.dim == 784);
  CHECK(train.y[0] == 5);  // the well-known first MNIST digit
  CHECK(train.y[1] == 0);
  REQUIRE(train.compact());
  CHECK(*std::max_element(train.bytes->begin(), train.bytes->end()) == 255);
  CHECK(*std::min_element(train.bytes->begin(), train.bytes->end()) == 0);
  const Dataset test = io::load_dataset(root, "mnist", "test");
  CHECK(test.n == 10000);
  CHECK(test.y[0] == 7);
#ifdef SDFC_HAVE_ZLIB
  if (io::file_exists(root + "/fashion-mnist/t10k-images-idx3-ubyte.gz") ||
      io::file_exists(root + "/fashion-mnist/t10k-images-idx3-ubyte")) {
    const Dataset f = io::load_dataset(root, "fashion-mnist", "test");
    CHECK(f.n == 10000);
    CHECK(f.y[0] == 9);  // ankle boot
  } else {
    MESSAGE("skipped Fashion-MNIST: not in " << root);
  }
#endif
}
