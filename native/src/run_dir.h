// run_dir.h — paths, the run directory and its JSON manifests (run.json, summary.json).
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace sdfc::cli {

using nlohmann::json;

// $SDFC_ROOT, else the first ancestor of the executable holding engine/include/sdfc, else ".".
std::string find_repo_root();

std::string timestamp_compact();  // 20250101-120000 (local time)
std::string iso_now();            // 2025-01-01T12:00:00Z (UTC)

bool path_exists(const std::string& p);
bool dir_is_empty(const std::string& p);  // true also when it does not exist; .lock ignored
// Creates `dir` (and parents) and checks that we can write there (creates and removes a probe
// file). Throws UsageError "cannot create/write run dir …: <reason>".
void ensure_writable_dir(const std::string& dir);

// An exclusive lock on a run directory (flock on DIR/.lock), held while the object lives:
// two processes never train one run dir at once (two background lanes, --jobs, MPI ranks).
// Throws UsageError naming the dir if another process holds it. The lock file stays (it is
// how flock works); dir_is_empty and the records ignore it.
class RunDirLock {
 public:
  explicit RunDirLock(const std::string& dir);
  ~RunDirLock();
  RunDirLock(const RunDirLock&) = delete;
  RunDirLock& operator=(const RunDirLock&) = delete;

 private:
  int fd_ = -1;
};

json read_json_file(const std::string& path);                    // throws Error naming the file
void write_json_atomic(const std::string& path, const json& j);  // pretty, newline-terminated

std::string join_path(const std::string& a, const std::string& b);
std::string base_name(const std::string& p);  // last component, trailing '/' ignored
std::string parent_dir(const std::string& p);

}  // namespace sdfc::cli
