// atomic_file.cpp — POSIX whole-file read and write-temp/fsync/rename write.
#include "sdfc/io/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "sdfc/types.h"

namespace sdfc::io {
namespace {

std::string errno_text(int e) { return std::strerror(e); }

std::string dir_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// Make the rename durable. Some file systems cannot fsync a directory (EINVAL); that is
// not an error of ours.
void fsync_dir(const std::string& dir) {
#ifndef __EMSCRIPTEN__
  const int fd = ::open(dir.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
#else
  (void)dir;
#endif
}

}  // namespace

void write_file_atomic(const std::string& path, const std::string& bytes) {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  auto fail = [&](int e, bool created) {
    if (created) ::unlink(tmp.c_str());
    throw Error(path + ": cannot write: " + errno_text(e));
  };
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail(errno, false);
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t w = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (w < 0) {
      if (errno == EINTR) continue;
      const int e = errno;
      ::close(fd);
      fail(e, true);
    }
    done += size_t(w);
  }
#ifndef __EMSCRIPTEN__
  if (::fsync(fd) != 0) {
    const int e = errno;
    ::close(fd);
    fail(e, true);
  }
#endif
  if (::close(fd) != 0) fail(errno, true);
  if (::rename(tmp.c_str(), path.c_str()) != 0) fail(errno, true);
  fsync_dir(dir_of(path));
}

std::string read_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error(path + ": cannot read: " + errno_text(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int e = errno;
    ::close(fd);
    throw Error(path + ": cannot read: " + errno_text(e));
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    throw Error(path + ": cannot read: is a directory, expected a file");
  }
  std::string out;
  if (st.st_size > 0) out.reserve(size_t(st.st_size));
  char buf[1 << 16];
  for (;;) {
    const ssize_t r = ::read(fd, buf, sizeof buf);
    if (r < 0) {
      if (errno == EINTR) continue;
      const int e = errno;
      ::close(fd);
      throw Error(path + ": cannot read: " + errno_text(e));
    }
    if (r == 0) break;
    out.append(buf, size_t(r));
  }
  ::close(fd);
  return out;
}

bool file_exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

}  // namespace sdfc::io
