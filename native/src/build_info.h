// build_info.h — how this binary was built (compiler, -march, SIMD, Eigen, git revision),
// recorded in run.json so a result can be traced to the code and CPU features that made it.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace sdfc::cli {

nlohmann::json build_info();
std::string build_summary();  // one line for --version and the start banner

}  // namespace sdfc::cli
