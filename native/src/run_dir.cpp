// run_dir.cpp — repo root discovery, run-dir checks and JSON files written atomically.
#include "run_dir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "exit_codes.h"
#include "sdfc/io/atomic_file.h"

namespace fs = std::filesystem;

namespace sdfc::cli {

std::string find_repo_root() {
  if (const char* env = std::getenv("SDFC_ROOT"); env && *env) return env;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (fs::path p = exe.parent_path(); !p.empty(); p = p.parent_path()) {
      if (fs::exists(p / "engine" / "include" / "sdfc" / "trainer.h", ec)) return p.string();
      if (p == p.root_path()) break;
    }
  }
  return ".";
}

std::string timestamp_compact() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", &tm);
  return buf;
}

std::string iso_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool path_exists(const std::string& p) {
  std::error_code ec;
  return fs::exists(p, ec);
}

bool dir_is_empty(const std::string& p) {
  std::error_code ec;
  if (!fs::exists(p, ec)) return true;
  if (!fs::is_directory(p, ec)) return false;
  for (const auto& e : fs::directory_iterator(p, ec))
    if (e.path().filename() != ".lock") return false;
  return true;
}

RunDirLock::RunDirLock(const std::string& dir) {
  const std::string path = join_path(dir, ".lock");
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0)
    throw UsageError("cannot create " + path + ": " + std::strerror(errno) +
                     " (check the permissions of the run dir)");
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd_);
    fd_ = -1;
    if (err == EWOULDBLOCK)
      throw UsageError("run dir " + dir + " is being trained by another process (it holds " + path +
                       "): wait for it to finish or stop it; nothing was changed");
    throw UsageError("cannot lock " + path + ": " + std::strerror(err));
  }
}

RunDirLock::~RunDirLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

void ensure_writable_dir(const std::string& dir) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    throw UsageError("run dir " + dir + " exists and is not a directory: choose another --out");
  fs::create_directories(dir, ec);
  if (ec)
    throw UsageError("cannot create run dir " + dir + ": " + ec.message() +
                     " — choose a writable --out DIR");
  std::string probe = join_path(dir, ".write-probe." + std::to_string(::getpid()));
  FILE* f = std::fopen(probe.c_str(), "wb");
  if (!f)
    throw UsageError("run dir " + dir + " is not writable: " + std::strerror(errno) +
                     " — choose a writable --out DIR");
  std::fclose(f);
  std::remove(probe.c_str());
}

json read_json_file(const std::string& path) {
  std::string text = io::read_file(path);
  try {
    return json::parse(text);
  } catch (const json::exception& e) {
    throw Error(path + ": not valid JSON (" + e.what() + ")");
  }
}

void write_json_atomic(const std::string& path, const json& j) {
  io::write_file_atomic(path, j.dump(2) + "\n");
}

std::string join_path(const std::string& a, const std::string& b) {
  return (fs::path(a) / b).string();
}

std::string base_name(const std::string& p) {
  fs::path q(p);
  if (q.filename().empty()) q = q.parent_path();
  return q.filename().string();
}

std::string parent_dir(const std::string& p) {
  fs::path q(p);
  if (q.filename().empty()) q = q.parent_path();
  std::string r = q.parent_path().string();
  return r.empty() ? "." : r;
}

}  // namespace sdfc::cli
