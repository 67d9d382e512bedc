// npz.cpp — NumPy .npz: a ZIP archive of "<name>.npy" entries. Reading walks the central
// directory (zip64 extras included, as numpy.savez writes them), verifies each entry's
// CRC-32 and accepts STORED and (natively) DEFLATE entries. Writing produces STORED entries.
#include <cstring>
#include <set>

#include "sdfc/io/atomic_file.h"
#include "sdfc/io/crc32.h"
#include "sdfc/io/npy.h"

#ifdef SDFC_HAVE_ZLIB
#include <zlib.h>
#endif

namespace sdfc::io {
namespace {

[[noreturn]] void fail(const std::string& name, const std::string& problem) {
  throw Error(name + ": " + problem);
}

uint16_t le16(const uint8_t* p) { return uint16_t(p[0] | p[1] << 8); }
uint32_t le32(const uint8_t* p) { return uint32_t(le16(p)) | uint32_t(le16(p + 2)) << 16; }
uint64_t le64(const uint8_t* p) { return uint64_t(le32(p)) | uint64_t(le32(p + 4)) << 32; }

void put16(std::string& s, uint32_t v) {
  s.push_back(char(v & 0xFF));
  s.push_back(char((v >> 8) & 0xFF));
}
void put32(std::string& s, uint32_t v) {
  put16(s, v & 0xFFFF);
  put16(s, v >> 16);
}

constexpr uint32_t kLocalSig = 0x04034b50, kCentralSig = 0x02014b50, kEndSig = 0x06054b50;
constexpr uint32_t kZip64EndSig = 0x06064b50, kZip64LocatorSig = 0x07064b50;
constexpr uint16_t kDosDate = (0 << 9) | (1 << 5) | 1;  // 1980-01-01: reproducible archives

struct Entry {
  std::string file;
  uint16_t flags, method;
  uint32_t crc;
  uint64_t csize, usize, local_offset;
};

// True if [off, off + len) lies inside [0, n).
bool inside(uint64_t off, uint64_t len, size_t n) { return off <= n && len <= n - off; }

std::vector<Entry> central_directory(const uint8_t* b, size_t n, const std::string& name) {
  // End of central directory: 22 bytes + comment (≤ 65535), found from the back.
  if (n < 22) fail(name, "not an npz file (too short for a zip archive; truncated?)");
  size_t eocd = SIZE_MAX;
  const size_t lowest = n - 22 > 65535 ? n - 22 - 65535 : 0;
  for (size_t p = n - 22 + 1; p-- > lowest;)
    if (le32(b + p) == kEndSig) {
      eocd = p;
      break;
    }
  if (eocd == SIZE_MAX) {
    if (n >= 6 && std::memcmp(b, "\x93NUMPY", 6) == 0)
      fail(name, "this is a .npy file, not an .npz archive; use read_npy");
    fail(name,
         "not an npz file (no zip end-of-central-directory record); the file is truncated "
         "or not a zip archive");
  }
  uint64_t count = le16(b + eocd + 10);
  uint64_t cd_size = le32(b + eocd + 12);
  uint64_t cd_off = le32(b + eocd + 16);
  if (count == 0xFFFF || cd_size == 0xFFFFFFFF || cd_off == 0xFFFFFFFF) {
    // zip64: a locator (20 bytes) right before the EOCD points to the zip64 EOCD record.
    if (eocd < 20 || le32(b + eocd - 20) != kZip64LocatorSig)
      fail(name, "zip64 archive without a zip64 locator (corrupt file)");
    const uint64_t rec = le64(b + eocd - 20 + 8);
    if (!inside(rec, 56, n) || le32(b + rec) != kZip64EndSig)
      fail(name, "bad zip64 end-of-central-directory record (corrupt file)");
    count = le64(b + rec + 32);
    cd_size = le64(b + rec + 40);
    cd_off = le64(b + rec + 48);
  }
  if (!inside(cd_off, cd_size, n))
    fail(name, "central directory lies outside the file (truncated or corrupt)");
  if (count > cd_size / 46) fail(name, "central directory entry count is inconsistent (corrupt)");

  std::vector<Entry> out;
  uint64_t p = cd_off;
  const uint64_t end = cd_off + cd_size;
  for (uint64_t k = 0; k < count; ++k) {
    if (!inside(p, 46, size_t(end)) || le32(b + p) != kCentralSig)
      fail(name, "central directory entry " + std::to_string(k) + " is corrupt");
    Entry e;
    e.flags = le16(b + p + 8);
    e.method = le16(b + p + 10);
    e.crc = le32(b + p + 16);
    e.csize = le32(b + p + 20);
    e.usize = le32(b + p + 24);
    const uint16_t nlen = le16(b + p + 28), elen = le16(b + p + 30), clen = le16(b + p + 32);
    e.local_offset = le32(b + p + 42);
    if (!inside(p + 46, uint64_t(nlen) + elen + clen, size_t(end)))
      fail(name, "central directory entry " + std::to_string(k) + " is truncated");
    e.file.assign(reinterpret_cast<const char*>(b + p + 46), nlen);
    // zip64 extra field (id 1): the 64-bit values of whichever fields are 0xFFFFFFFF, in order.
    const uint8_t* x = b + p + 46 + nlen;
    for (size_t q = 0; q + 4 <= elen;) {
      const uint16_t id = le16(x + q), len = le16(x + q + 2);
      if (q + 4 + len > elen) break;
      if (id == 1) {
        size_t r = q + 4;
        auto take = [&](uint64_t& v) {
          if (v != 0xFFFFFFFF) return;
          if (r + 8 > q + 4 + len) fail(name, "entry " + e.file + ": bad zip64 extra field");
          v = le64(x + r);
          r += 8;
        };
        take(e.usize);
        take(e.csize);
        take(e.local_offset);
      }
      q += 4 + len;
    }
    out.push_back(e);
    p += 46 + uint64_t(nlen) + elen + clen;
  }
  return out;
}

#ifdef SDFC_HAVE_ZLIB
// Raw DEFLATE (no zlib/gzip wrapper) into exactly `usize` bytes.
std::string inflate_exact(const uint8_t* in, uint64_t csize, uint64_t usize,
                          const std::string& where) {
  if (csize > UINT32_MAX || usize > UINT32_MAX) fail(where, "entry larger than 4 GiB");
  // DEFLATE cannot expand more than ~1032:1; a larger claim is a corrupt header.
  if (usize > csize * 1032 + 1024) fail(where, "uncompressed size is implausible (corrupt file)");
  std::string out(size_t(usize), '\0');
  z_stream z{};
  if (inflateInit2(&z, -MAX_WBITS) != Z_OK) fail(where, "cannot initialise zlib");
  z.next_in = const_cast<Bytef*>(in);
  z.avail_in = uInt(csize);
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = uInt(usize);
  const int rc = inflate(&z, Z_FINISH);
  const uint64_t produced = z.total_out;
  inflateEnd(&z);
  if (rc != Z_STREAM_END || produced != usize)
    fail(where, rc == Z_DATA_ERROR
                    ? "corrupt DEFLATE data (file corrupt)"
                    : "DEFLATE data does not match the recorded size (file corrupt)");
  return out;
}
#endif

}  // namespace

std::vector<Tensor> parse_npz(const uint8_t* b, size_t n, const std::string& name) {
  std::vector<Tensor> out;
  for (const Entry& e : central_directory(b, n, name)) {
    const std::string where = name + ": entry " + e.file;
    if (!e.file.empty() && e.file.back() == '/') continue;  // a directory entry
    if (e.file.size() <= 4 || e.file.compare(e.file.size() - 4, 4, ".npy") != 0)
      fail(where, "not a .npy array (an npz holds only <name>.npy entries)");
    if (e.flags & 1) fail(where, "encrypted zip entries are not supported");
    if (!inside(e.local_offset, 30, n) || le32(b + e.local_offset) != kLocalSig)
      fail(where, "local header missing (file truncated or corrupt)");
    const uint64_t data =
        e.local_offset + 30 + le16(b + e.local_offset + 26) + le16(b + e.local_offset + 28);
    if (!inside(data, e.csize, n)) fail(where, "data runs past the end of the file (truncated)");
    std::string stored;
    const uint8_t* bytes = b + data;
    if (e.method == 0) {
      if (e.csize != e.usize) fail(where, "stored entry with inconsistent sizes (corrupt)");
    } else if (e.method == 8) {
#ifdef SDFC_HAVE_ZLIB
      stored = inflate_exact(b + data, e.csize, e.usize, where);
      bytes = reinterpret_cast<const uint8_t*>(stored.data());
#else
      fail(where,
           "compressed (DEFLATE) npz entries are not supported in the WebAssembly build; "
           "save with numpy.savez instead of numpy.savez_compressed");
#endif
    } else {
      fail(where, "unsupported zip compression method " + std::to_string(e.method) +
                      " (only stored and DEFLATE)");
    }
    if (crc32(bytes, size_t(e.usize)) != e.crc) fail(where, "CRC mismatch (file corrupt)");
    Tensor t = parse_npy(bytes, size_t(e.usize), where);
    t.name = e.file.substr(0, e.file.size() - 4);
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<Tensor> read_npz(const std::string& path) {
  const std::string b = read_file(path);
  return parse_npz(reinterpret_cast<const uint8_t*>(b.data()), b.size(), path);
}

std::string npz_bytes(const std::vector<Tensor>& tensors) {
  if (tensors.size() >= 0xFFFF)
    throw Error("npz: too many tensors (" + std::to_string(tensors.size()) + ")");
  std::set<std::string> seen;
  std::string zip, central;
  // the archive's size, reserved up front: growing by doubling would briefly hold two copies
  size_t total = 22;
  for (const Tensor& t : tensors) total += 76 + 2 * (t.name.size() + 4) + 128 + 8 * t.data.size();
  zip.reserve(total);
  for (const Tensor& t : tensors) {
    if (t.name.empty()) throw Error("npz: a tensor has an empty name; every tensor needs a name");
    if (!seen.insert(t.name).second) throw Error("npz: duplicate tensor name '" + t.name + "'");
    const std::string file = t.name + ".npy";
    if (file.size() > 0xFFFF) throw Error("npz: tensor name too long: '" + t.name + "'");
    const std::string npy = npy_bytes(t);
    if (uint64_t(zip.size()) + npy.size() + 30 + file.size() >= 0xFFFFFFFFull)
      throw Error("npz: archive larger than 4 GiB is not supported (tensor '" + t.name + "')");
    const uint32_t crc = crc32(npy), offset = uint32_t(zip.size()), size = uint32_t(npy.size());
    // Local file header (30 bytes) + name + data.
    put32(zip, kLocalSig);
    put16(zip, 20);        // version needed: 2.0
    put16(zip, 0);         // flags
    put16(zip, 0);         // method: stored
    put16(zip, 0);         // time 00:00:00
    put16(zip, kDosDate);  // date
    put32(zip, crc);
    put32(zip, size);
    put32(zip, size);
    put16(zip, uint32_t(file.size()));
    put16(zip, 0);  // extra length
    zip += file;
    zip += npy;
    // Central directory header (46 bytes) + name.
    put32(central, kCentralSig);
    put16(central, (3 << 8) | 20);  // made by: Unix, zip 2.0
    put16(central, 20);
    put16(central, 0);
    put16(central, 0);
    put16(central, 0);
    put16(central, kDosDate);
    put32(central, crc);
    put32(central, size);
    put32(central, size);
    put16(central, uint32_t(file.size()));
    put16(central, 0);            // extra
    put16(central, 0);            // comment
    put16(central, 0);            // disk
    put16(central, 0);            // internal attributes
    put32(central, 0644u << 16);  // external attributes: rw-r--r--
    put32(central, offset);
    central += file;
  }
  if (uint64_t(zip.size()) + central.size() >= 0xFFFFFFFFull)
    throw Error("npz: archive larger than 4 GiB is not supported");
  const uint32_t cd_off = uint32_t(zip.size());
  zip += central;
  put32(zip, kEndSig);
  put16(zip, 0);
  put16(zip, 0);
  put16(zip, uint32_t(tensors.size()));
  put16(zip, uint32_t(tensors.size()));
  put32(zip, uint32_t(central.size()));
  put32(zip, cd_off);
  put16(zip, 0);  // comment length
  return zip;
}

void write_npz(const std::string& path, const std::vector<Tensor>& tensors) {
  write_file_atomic(path, npz_bytes(tensors));
}

}  // namespace sdfc::io
