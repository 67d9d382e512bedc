// metrics.cpp — metrics.csv / metrics.jsonl writing, truncation on resume, and reading.
#include "metrics.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include "run_dir.h"
#include "sdfc/io/atomic_file.h"
#include "sdfc/types.h"

namespace sdfc::cli {
namespace {

std::string num(double v) {
  if (!std::isfinite(v)) return std::isnan(v) ? "" : (v > 0 ? "inf" : "-inf");
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

nlohmann::json jnum(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); }

void append_synced(const std::string& path, const std::string& text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) throw Error(path + ": cannot append: " + std::strerror(errno));
  const char* p = text.data();
  size_t left = text.size();
  while (left > 0) {
    ssize_t w = ::write(fd, p, left);
    if (w < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      ::close(fd);
      throw Error(path + ": cannot append: " + std::strerror(e));
    }
    p += w, left -= static_cast<size_t>(w);
  }
  ::fsync(fd);
  ::close(fd);
}

std::vector<std::string> split_lines(const std::string& text, bool& last_torn) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) {
      last_torn = true;  // no newline: an interrupted write
      break;
    }
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, ',')) out.push_back(cell);
  if (!line.empty() && line.back() == ',') out.push_back("");
  return out;
}

}  // namespace

const std::vector<std::string>& metrics_columns() {
  static const std::vector<std::string> c{
      "epoch",        "train_loss", "train_acc", "val_loss",        "val_acc",      "test_loss",
      "test_acc",     "H",          "converged", "condition_ratio", "angle_bp_deg", "wall_s",
      "samples_per_s"};
  return c;
}

MetricsWriter::MetricsWriter(std::string run_dir)
    : csv_(join_path(run_dir, "metrics.csv")), jsonl_(join_path(run_dir, "metrics.jsonl")) {}

void MetricsWriter::reset_to(int last_epoch) {
  std::string header;
  for (size_t i = 0; i < metrics_columns().size(); ++i)
    header += (i ? "," : "") + metrics_columns()[i];
  std::string csv = header + "\n", jsonl;
  size_t ncols = metrics_columns().size();
  if (io::file_exists(csv_)) {
    bool torn = false;
    auto lines = split_lines(io::read_file(csv_), torn);
    for (size_t i = 1; i < lines.size(); ++i) {
      auto cells = split_csv(lines[i]);
      if (cells.size() != ncols) continue;
      char* end = nullptr;
      long e = std::strtol(cells[0].c_str(), &end, 10);
      if (end == cells[0].c_str() || e < 1 || e > last_epoch) continue;
      csv += lines[i] + "\n";
    }
  }
  if (io::file_exists(jsonl_)) {
    bool torn = false;
    for (const auto& line : split_lines(io::read_file(jsonl_), torn)) {
      try {
        auto j = nlohmann::json::parse(line);
        int e = j.at("epoch").get<int>();
        if (e >= 1 && e <= last_epoch) jsonl += line + "\n";
      } catch (const std::exception&) {
        // a torn or foreign line: dropped
      }
    }
  }
  io::write_file_atomic(csv_, csv);
  io::write_file_atomic(jsonl_, jsonl);
}

void MetricsWriter::append(const EpochRow& r) {
  std::string line = std::to_string(r.epoch);
  for (double v : {r.train_loss, r.train_acc, r.val_loss, r.val_acc, r.test_loss, r.test_acc, r.H,
                   r.converged, r.condition_ratio, r.angle_bp_deg, r.wall_s, r.samples_per_s})
    line += "," + num(v);
  nlohmann::json j = {{"epoch", r.epoch},
                      {"train_loss", jnum(r.train_loss)},
                      {"train_acc", jnum(r.train_acc)},
                      {"val_loss", jnum(r.val_loss)},
                      {"val_acc", jnum(r.val_acc)},
                      {"test_loss", jnum(r.test_loss)},
                      {"test_acc", jnum(r.test_acc)},
                      {"H", jnum(r.H)},
                      {"converged", jnum(r.converged)},
                      {"condition_ratio", jnum(r.condition_ratio)},
                      {"angle_bp_deg", jnum(r.angle_bp_deg)},
                      {"wall_s", jnum(r.wall_s)},
                      {"samples_per_s", jnum(r.samples_per_s)}};
  for (const auto& [k, v] : r.extra.items()) j[k] = v;
  append_synced(csv_, line + "\n");
  append_synced(jsonl_, j.dump() + "\n");
}

double MetricsWriter::wall_s_at(int epoch) const {
  if (epoch <= 0 || !io::file_exists(csv_)) return 0;
  MetricsTable t = read_metrics_csv(csv_);
  int ce = t.col("epoch"), cw = t.col("wall_s");
  if (ce < 0 || cw < 0) return 0;
  for (const auto& row : t.rows)
    if (static_cast<int>(row[ce]) == epoch && std::isfinite(row[cw])) return row[cw];
  return 0;
}

int MetricsTable::col(const std::string& name) const {
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<int>(i);
  return -1;
}

std::vector<double> MetricsTable::column(const std::string& name) const {
  std::vector<double> out;
  int c = col(name);
  for (const auto& r : rows) out.push_back(c >= 0 && c < int(r.size()) ? r[c] : NAN);
  return out;
}

MetricsTable read_metrics_csv(const std::string& path) {
  MetricsTable t;
  bool torn = false;
  auto lines = split_lines(io::read_file(path), torn);
  if (lines.empty()) throw Error(path + ": empty metrics file (the run has not finished an epoch)");
  t.header = split_csv(lines[0]);
  for (size_t i = 1; i < lines.size(); ++i) {
    auto cells = split_csv(lines[i]);
    if (cells.size() != t.header.size()) continue;
    std::vector<double> row;
    for (const auto& c : cells) {
      char* end = nullptr;
      double v = std::strtod(c.c_str(), &end);
      row.push_back(c.empty() || end != c.c_str() + c.size() ? NAN : v);
    }
    t.rows.push_back(row);
  }
  return t;
}

}  // namespace sdfc::cli
