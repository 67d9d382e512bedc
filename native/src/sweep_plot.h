// sweep_plot.h — `plot --sweep DIR --param NAME --out FILE.svg`: final test error against one
// hyperparameter (e.g. the noise σ) from every finished run record under DIR, one line per
// method, mean ± std over seeds at each value; FILE.md beside it lists the same numbers.
// Used for the noise-robustness figure (docs/results.md).
#pragma once
#include <string>
#include <vector>

#include "svg_chart.h"

namespace sdfc::cli {

// Throws Error/UsageError naming the directory or parameter. Returns the number of runs used.
// marks: reference lines on both panels (e.g. the presets' σ).
int write_sweep_plot(const std::string& dir, const std::string& param, const std::string& out,
                     const std::string& title, const std::vector<XMark>& marks);

}  // namespace sdfc::cli
