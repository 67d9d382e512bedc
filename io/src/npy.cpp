// npy.cpp — NumPy .npy: header dictionary parser, dtype conversion to double, '<f8' writer.
#include "sdfc/io/npy.h"

#include <cstring>

#include "sdfc/io/atomic_file.h"

namespace sdfc::io {
namespace {

[[noreturn]] void fail(const std::string& name, const std::string& problem) {
  throw Error(name + ": " + problem);
}

const char kMagic[] = "\x93NUMPY";  // 6 bytes

struct Header {
  std::string descr;
  bool fortran = false;
  std::vector<int64_t> shape;
};

// The header is a Python dict literal, e.g.
//   {'descr': '<f8', 'fortran_order': False, 'shape': (32, 784), }
// Exactly the keys descr, fortran_order and shape are accepted (as numpy does).
struct HeaderParser {
  const std::string& s;
  const std::string& name;
  size_t i = 0;

  [[noreturn]] void bad(const std::string& what) {
    fail(name, "malformed .npy header (" + what + " at character " + std::to_string(i) +
                   "); the file is corrupt or not written by numpy");
  }
  void ws() {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  }
  bool eat(char c) {
    ws();
    if (i < s.size() && s[i] == c) {
      ++i;
      return true;
    }
    return false;
  }
  void expect(char c) {
    if (!eat(c)) bad(std::string("expected '") + c + "'");
  }
  std::string str() {
    ws();
    if (i >= s.size() || (s[i] != '\'' && s[i] != '"')) bad("expected a string");
    const char q = s[i++];
    const size_t start = i;
    while (i < s.size() && s[i] != q) ++i;
    if (i >= s.size()) bad("unterminated string");
    return s.substr(start, i++ - start);
  }
  bool boolean() {
    ws();
    if (s.compare(i, 4, "True") == 0) return i += 4, true;
    if (s.compare(i, 5, "False") == 0) return i += 5, false;
    bad("expected True or False");
  }
  int64_t integer() {
    ws();
    if (i < s.size() && s[i] == '-') fail(name, "negative size in the shape");
    if (i >= s.size() || s[i] < '0' || s[i] > '9') bad("expected a size");
    int64_t v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (v > (INT64_MAX - 9) / 10) fail(name, "size in the shape is too large");
      v = v * 10 + (s[i++] - '0');
    }
    if (i < s.size() && s[i] == 'L') ++i;  // Python 2 long suffix
    return v;
  }
  std::vector<int64_t> tuple() {
    expect('(');
    std::vector<int64_t> v;
    if (eat(')')) return v;
    for (;;) {
      v.push_back(integer());
      if (v.size() > 32) fail(name, "more than 32 dimensions");
      if (eat(')')) return v;
      expect(',');
      if (eat(')')) return v;
    }
  }
  Header parse() {
    Header h;
    bool has_descr = false, has_order = false, has_shape = false;
    expect('{');
    while (!eat('}')) {
      const std::string key = str();
      expect(':');
      if (key == "descr") {
        ws();
        if (i < s.size() && s[i] == '[')
          fail(name, "structured dtypes (records) are not supported; save a plain float array");
        h.descr = str();
        has_descr = true;
      } else if (key == "fortran_order") {
        h.fortran = boolean();
        has_order = true;
      } else if (key == "shape") {
        h.shape = tuple();
        has_shape = true;
      } else {
        fail(name, "unexpected key '" + key + "' in the .npy header");
      }
      if (!eat(',')) {
        expect('}');
        break;
      }
    }
    ws();
    if (i != s.size()) bad("unexpected text after the dictionary");
    if (!has_descr || !has_order || !has_shape)
      fail(name, "the .npy header lacks one of descr, fortran_order, shape");
    return h;
  }
};

struct Dtype {
  char kind;  // 'f', 'i', 'u', 'b'
  int size;   // bytes
};

Dtype parse_descr(const std::string& d, const std::string& name) {
  const std::string hint = "; supported: <f8 <f4 <i8 <i4 <i2 <u8 <u4 <u2 |i1 |u1 |b1";
  if (d.size() < 2) fail(name, "unsupported dtype '" + d + "'" + hint);
  const char order = d[0];
  const char kind = d[1];
  if (kind == 'O') fail(name, "object arrays (dtype '" + d + "') are not supported" + hint);
  int size = 0;
  for (size_t k = 2; k < d.size(); ++k) {
    if (d[k] < '0' || d[k] > '9' || size > 1000) fail(name, "unsupported dtype '" + d + "'" + hint);
    size = size * 10 + (d[k] - '0');
  }
  const bool ok_kind =
      (kind == 'f' && (size == 4 || size == 8)) ||
      ((kind == 'i' || kind == 'u') && (size == 1 || size == 2 || size == 4 || size == 8)) ||
      (kind == 'b' && size == 1);
  if (!ok_kind) fail(name, "unsupported dtype '" + d + "'" + hint);
  if (order == '>' && size > 1)
    fail(name, "big-endian dtype '" + d + "' is not supported; save with dtype '<" + d.substr(1) +
                   "' (e.g. a.astype('<f8'))");
  if (order != '<' && order != '|' && order != '=' && order != '>')
    fail(name, "unsupported dtype '" + d + "'" + hint);
  return {kind, size};
}

template <class T>
double load_as(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof v);  // host is little-endian (x86-64, wasm32)
  return double(v);
}

double load_element(const uint8_t* p, Dtype t) {
  switch (t.kind) {
    case 'f':
      return t.size == 8 ? load_as<double>(p) : load_as<float>(p);
    case 'b':
      return p[0] ? 1.0 : 0.0;
    case 'u':
      switch (t.size) {
        case 1:
          return p[0];
        case 2:
          return load_as<uint16_t>(p);
        case 4:
          return load_as<uint32_t>(p);
        default:
          return load_as<uint64_t>(p);
      }
    default:
      switch (t.size) {
        case 1:
          return load_as<int8_t>(p);
        case 2:
          return load_as<int16_t>(p);
        case 4:
          return load_as<int32_t>(p);
        default:
          return load_as<int64_t>(p);
      }
  }
}

std::string shape_text(const std::vector<int64_t>& shape) {
  // Python's tuple repr: (), (3,), (32, 784)
  std::string s = "(";
  for (size_t k = 0; k < shape.size(); ++k) s += (k ? ", " : "") + std::to_string(shape[k]);
  return s + (shape.size() == 1 ? ",)" : ")");
}

std::string stem(const std::string& name) {
  const auto slash = name.find_last_of('/');
  std::string s = slash == std::string::npos ? name : name.substr(slash + 1);
  if (s.size() > 4 && s.compare(s.size() - 4, 4, ".npy") == 0) s.resize(s.size() - 4);
  return s;
}

}  // namespace

Tensor parse_npy(const uint8_t* b, size_t n, const std::string& name) {
  if (n < 10 || std::memcmp(b, kMagic, 6) != 0)
    fail(name, n < 10 && n >= 6 && std::memcmp(b, kMagic, 6) == 0
                   ? "truncated .npy header"
                   : "not a .npy file (missing the \\x93NUMPY magic)");
  const int major = b[6], minor = b[7];
  size_t hlen = 0, hstart = 0;
  if (major == 1) {
    hlen = size_t(b[8]) | size_t(b[9]) << 8;
    hstart = 10;
  } else if (major == 2 || major == 3) {
    if (n < 12) fail(name, "truncated .npy header");
    hlen = size_t(b[8]) | size_t(b[9]) << 8 | size_t(b[10]) << 16 | size_t(b[11]) << 24;
    hstart = 12;
  } else {
    fail(name, "unsupported .npy version " + std::to_string(major) + "." + std::to_string(minor));
  }
  if (hlen > n - hstart)
    fail(name, "truncated .npy header: header says " + std::to_string(hlen) + " bytes, file has " +
                   std::to_string(n - hstart));
  const std::string text(reinterpret_cast<const char*>(b + hstart), hlen);
  const Header h = HeaderParser{text, name}.parse();
  const Dtype dt = parse_descr(h.descr, name);

  // numel, overflow-safe; the payload must be exactly numel × itemsize bytes.
  const size_t have = n - hstart - hlen;
  uint64_t numel = 1;
  bool zero = false;
  for (int64_t d : h.shape) zero |= (d == 0);
  if (zero) {
    numel = 0;
  } else {
    for (int64_t d : h.shape) {
      if (numel > uint64_t(have) / uint64_t(d))
        fail(name, "shape " + shape_text(h.shape) + " needs more data than the file has (" +
                       std::to_string(have) + " bytes); the file is truncated or corrupt");
      numel *= uint64_t(d);
    }
  }
  if (numel * uint64_t(dt.size) != have)
    fail(name, "shape " + shape_text(h.shape) + " of '" + h.descr + "' needs " +
                   std::to_string(numel * uint64_t(dt.size)) + " bytes of data, file has " +
                   std::to_string(have) +
                   (numel * uint64_t(dt.size) > have ? " (truncated)" : " (trailing bytes)"));

  Tensor t;
  t.name = stem(name);
  t.shape = h.shape;
  t.data.resize(size_t(numel));
  const uint8_t* p = b + hstart + hlen;
  if (!h.fortran || h.shape.size() < 2) {
    for (size_t k = 0; k < t.data.size(); ++k) t.data[k] = load_element(p + k * dt.size, dt);
  } else {
    // Fortran order: element (i_0, …, i_{r-1}) is at Σ i_k · Π_{j<k} shape_j. Walk the C
    // order (last index fastest) and gather.
    const size_t r = h.shape.size();
    std::vector<uint64_t> fstride(r, 1);
    for (size_t k = 1; k < r; ++k) fstride[k] = fstride[k - 1] * uint64_t(h.shape[k - 1]);
    std::vector<int64_t> idx(r, 0);
    for (size_t c = 0; c < t.data.size(); ++c) {
      uint64_t off = 0;
      for (size_t k = 0; k < r; ++k) off += uint64_t(idx[k]) * fstride[k];
      t.data[c] = load_element(p + off * dt.size, dt);
      for (size_t k = r; k-- > 0;) {
        if (++idx[k] < h.shape[k]) break;
        idx[k] = 0;
      }
    }
  }
  return t;
}

Tensor read_npy(const std::string& path) {
  const std::string b = read_file(path);
  return parse_npy(reinterpret_cast<const uint8_t*>(b.data()), b.size(), path);
}

std::string npy_bytes(const Tensor& t) {
  for (int64_t d : t.shape)
    if (d < 0) throw Error("tensor '" + t.name + "': negative size in shape");
  if (uint64_t(t.numel()) != t.data.size())
    throw Error("tensor '" + t.name + "': shape " + shape_text(t.shape) + " has " +
                std::to_string(t.numel()) + " elements, data has " + std::to_string(t.data.size()));
  std::string header =
      "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape_text(t.shape) + ", }";
  // Pad with spaces so that magic + length + header + '\n' is a multiple of 64 (numpy ≥ 1.22).
  const size_t unpadded = 10 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header.push_back('\n');
  if (header.size() > 65535) throw Error("tensor '" + t.name + "': shape too long for .npy v1.0");
  std::string s(kMagic, 6);
  s.push_back(char(1));
  s.push_back(char(0));
  s.push_back(char(header.size() & 0xFF));
  s.push_back(char(header.size() >> 8));
  s += header;
  const size_t off = s.size();
  s.resize(off + t.data.size() * sizeof(double));
  if (!t.data.empty()) std::memcpy(&s[off], t.data.data(), t.data.size() * sizeof(double));
  return s;
}

void write_npy(const std::string& path, const Tensor& t) { write_file_atomic(path, npy_bytes(t)); }

}  // namespace sdfc::io
