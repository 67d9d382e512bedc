// metrics.h — the per-epoch metrics of a run: metrics.csv (header + one row per epoch) and
// metrics.jsonl (the same, plus per-layer details, one JSON object per line). Rows are
// appended and fsynced before the epoch's checkpoint is written; on resume both files are
// cut back to the checkpoint's epoch, so they always agree with the weights.
#pragma once
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace sdfc::cli {

struct EpochRow {
  int epoch = 0;
  double train_loss = NAN, train_acc = NAN, val_loss = NAN, val_acc = NAN, test_loss = NAN,
         test_acc = NAN, H = NAN, converged = NAN, condition_ratio = NAN, angle_bp_deg = NAN,
         wall_s = NAN, samples_per_s = NAN;
  nlohmann::json extra = nlohmann::json::object();  // JSON-lines only (per-layer angles …)
};

// epoch,train_loss,train_acc,val_loss,val_acc,test_loss,test_acc,H,converged,
// condition_ratio,angle_bp_deg,wall_s,samples_per_s
const std::vector<std::string>& metrics_columns();

class MetricsWriter {
 public:
  explicit MetricsWriter(std::string run_dir);
  // Keep rows with epoch <= last_epoch (0: header only); drops torn last lines.
  void reset_to(int last_epoch);
  void append(const EpochRow& r);     // both files, fsynced
  double wall_s_at(int epoch) const;  // wall_s of that row in metrics.csv (0 if absent)

 private:
  std::string csv_, jsonl_;
};

// metrics.csv as numbers (empty or unparsable cells → NaN).
struct MetricsTable {
  std::vector<std::string> header;
  std::vector<std::vector<double>> rows;
  int col(const std::string& name) const;  // -1 if absent
  std::vector<double> column(const std::string& name) const;
};
MetricsTable read_metrics_csv(const std::string& path);  // throws Error naming the file

}  // namespace sdfc::cli
