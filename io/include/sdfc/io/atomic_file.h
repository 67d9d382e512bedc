// atomic_file.h — whole-file reads and crash-safe whole-file writes.
//
// write_file_atomic writes `path.tmp.<pid>` next to `path`, fsyncs it, renames it over
// `path` and fsyncs the directory: a reader sees either the old or the new file, never
// a half-written one (checkpoints, run manifests, the demo asset).
#pragma once
#include <string>

namespace sdfc::io {

// Throws sdfc::Error "<path>: cannot write: <errno text>" (the temp file is removed).
void write_file_atomic(const std::string& path, const std::string& bytes);

// The whole file. Throws sdfc::Error "<path>: cannot read: <errno text>" (or "is a directory").
std::string read_file(const std::string& path);

// True if `path` exists and is a regular file (or a symlink to one).
bool file_exists(const std::string& path);

}  // namespace sdfc::io
