// run_summary.cpp — best-validation and last-epoch metrics of a run (see run_summary.h).
#include "run_summary.h"

#include "sdfc/fast_mode.h"

namespace sdfc::cli {

RunResult summarize_metrics(const MetricsTable& t) {
  RunResult r;
  if (t.rows.empty()) return r;
  const std::vector<double> epoch = t.column("epoch"), test = t.column("test_acc");
  const std::vector<double> val = t.column("val_acc");  // empty cells (NaN) without a val set
  // acc_test_val_best: strict '>' keeps the first epoch of a tie
  double best = -1;
  for (size_t i = 0; i < t.rows.size(); ++i)
    if (std::isfinite(val[i]) && val[i] > best) {
      best = val[i];
      r.best_val_epoch = static_cast<int>(epoch[i]);
      r.val_acc_best = val[i];
      r.test_acc_val_best = test[i];
    }
  const auto& last = t.rows.back();
  auto at = [&](const char* c) { return t.col(c) >= 0 ? last[t.col(c)] : NAN; };
  r.epochs = static_cast<int>(at("epoch"));
  r.test_acc_last = at("test_acc"), r.test_loss_last = at("test_loss");
  r.val_acc_last = at("val_acc");
  r.H_last = at("H"), r.wall_s = at("wall_s");
  return r;
}

Stat stat_of(const std::vector<double>& v) {
  Stat s;
  s.n = static_cast<int>(v.size());
  if (s.n == 0) return s;
  double sum = 0;
  for (double x : v) sum += x;
  s.mean = sum / s.n;
  if (s.n > 1) {
    double ss = 0;
    for (double x : v) ss += (x - s.mean) * (x - s.mean);
    s.std = std::sqrt(ss / (s.n - 1));
  }
  return s;
}

nlohmann::json result_json(const RunResult& r) {
  auto n = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); };
  return {{"epochs", r.epochs},
          {"test_acc", n(r.test_acc_last)},
          {"test_loss", n(r.test_loss_last)},
          {"val_acc", n(r.val_acc_last)},
          {"best_val_epoch", r.best_val_epoch},
          {"val_acc_best", n(r.val_acc_best)},
          {"test_acc_val_best", n(r.test_acc_val_best)},
          {"test_err_val_best_pct", n(r.test_err_val_best())},
          {"test_err_last_pct", n(r.test_err_last())},
          {"H_last", n(r.H_last)},
          {"wall_s", n(r.wall_s)}};
}

nlohmann::json summary_json(const RunResult& r, const Config& cfg, const std::string& preset,
                            const std::string& dataset, const std::string& finished) {
  nlohmann::json j = result_json(r);
  j.update({{"preset", preset},
            {"method", cfg.method_label()},
            {"dataset", dataset},
            {"seed", cfg.random_seed},
            {"solver", solver_description(cfg)},
            {"finished", finished}});
  return j;
}

}  // namespace sdfc::cli
