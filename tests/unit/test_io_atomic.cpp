// test_io_atomic.cpp — write_file_atomic / read_file: contents, replacement, error texts.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <string>

#include "sdfc/io/atomic_file.h"
#include "sdfc/types.h"

namespace fs = std::filesystem;

namespace {
std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const sdfc::Error& e) {
    return e.what();
  }
  return "(no sdfc::Error thrown)";
}
}  // namespace

TEST_CASE("io: write_file_atomic writes, replaces and leaves no temp file") {
  const fs::path dir =
      fs::temp_directory_path() / ("sdfc_test_atomic_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string p = (dir / "out.bin").string();
  const std::string bytes("a\0b\xff", 4);
  sdfc::io::write_file_atomic(p, bytes);
  CHECK(sdfc::io::read_file(p) == bytes);
  sdfc::io::write_file_atomic(p, "second");
  CHECK(sdfc::io::read_file(p) == "second");
  sdfc::io::write_file_atomic(p, "");
  CHECK(sdfc::io::read_file(p).empty());
  CHECK(sdfc::io::file_exists(p));
  CHECK_FALSE(sdfc::io::file_exists(dir.string()));  // a directory is not a file
  int entries = 0;
  for (const auto& e : fs::directory_iterator(dir)) entries += e.is_regular_file() ? 1 : 100;
  CHECK(entries == 1);

  const std::string missing = (dir / "no" / "such" / "f.bin").string();
  CHECK(error_of([&] { sdfc::io::write_file_atomic(missing, "x"); }) ==
        missing + ": cannot write: No such file or directory");
  CHECK(error_of([&] { sdfc::io::read_file(missing); }) ==
        missing + ": cannot read: No such file or directory");
  CHECK(error_of([&] { sdfc::io::read_file(dir.string()); }) ==
        dir.string() + ": cannot read: is a directory, expected a file");
  // Writing over a directory fails at the rename; the temp file must be gone afterwards.
  fs::create_directories(dir / "adir");
  CHECK(error_of([&] {
          sdfc::io::write_file_atomic((dir / "adir").string(), "x");
        }).find((dir / "adir").string() + ": cannot write: ") == 0);
  entries = 0;
  for (const auto& e : fs::directory_iterator(dir)) entries += e.is_regular_file() ? 1 : 0;
  CHECK(entries == 1);
  fs::remove_all(dir);
}
