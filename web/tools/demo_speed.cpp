// demo_speed.cpp — sdfc_demo_speed: how fast the demo gets to the point. Runs the
// demo's training session (session.cpp, the code the Web Worker runs) from random
// weights at full speed and prints each curve point (every 512 samples: test accuracy
// on 500 test digits, the number the demo shows) until the target accuracy.
//
//   sdfc_demo_speed --asset digits.sdfcdig [--query "steps=50&batch=16"] [--target 0.9]
//                   [--max-seconds 120]
//
// Last line (JSON): samples and seconds to the target at full speed, and the time at the
// demo's starting speed limit (samples / speed when the machine keeps up with it).
// Build natively (build/release/web) or with Emscripten and run under node (build/wasm/web).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "run_config.h"
#include "session.h"

int main(int argc, char** argv) {
  std::string asset, query;
  double target = 0.9, max_s = 120;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i], v = argv[i + 1];
    if (a == "--asset")
      asset = v;
    else if (a == "--query")
      query = v;
    else if (a == "--target")
      target = std::atof(v.c_str());
    else if (a == "--max-seconds")
      max_s = std::atof(v.c_str());
    else {
      std::fprintf(stderr, "sdfc_demo_speed: error: unknown option %s\n", a.c_str());
      return 2;
    }
  }
  if (asset.empty()) {
    std::fprintf(stderr,
                 "usage: sdfc_demo_speed --asset digits.sdfcdig [--query Q] [--target A]\n");
    return 2;
  }
  std::ifstream f(asset, std::ios::binary);
  if (!f) {
    std::fprintf(stderr, "sdfc_demo_speed: error: cannot open %s\n", asset.c_str());
    return 1;
  }
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  demo::Session session;
  session.load(bytes, {});
  if (!session.fatal().empty()) {
    std::fprintf(stderr, "sdfc_demo_speed: error: %s\n", session.fatal().c_str());
    return 1;
  }
  // The demo's starting speed limit, before this run's overrides (speed=0: no limit).
  std::vector<std::string> warnings;
  demo::Settings start = demo::default_settings();
  demo::apply_query(start, query, warnings);
  const double start_speed = start.speed;
  for (const std::string& w : warnings) std::fprintf(stderr, "sdfc_demo_speed: %s\n", w.c_str());
  session.command(1, "rebuild", query + (query.empty() ? "" : "&") + "speed=0&autoplay=1");
  const double t0 = demo::clock_s();
  double last_samples = -1, hit_samples = -1, hit_s = -1;
  size_t next_point = 0;
  while (demo::clock_s() - t0 < max_s) {
    session.work(20);
    const double n = session.samples();
    if (n != last_samples && session.snapshot_due(0)) {
      demo::Snapshot sn = session.snapshot();
      const demo::RunView& r = sn.runs[size_t(sn.main_run)];
      for (size_t i = next_point; i < r.xs.size() && hit_samples < 0; ++i) {
        std::printf("samples %6.0f  %6.2f s  test %.1f %%  H %.3g\n", double(r.xs[i]),
                    demo::clock_s() - t0, 100.0 * r.test_acc[i], double(r.H[i]));
        if (r.test_acc[i] >= target) {
          hit_samples = r.xs[i];
          hit_s = demo::clock_s() - t0;
        }
      }
      next_point = r.xs.size();
      last_samples = n;
      std::fflush(stdout);
      if (hit_samples >= 0) break;
    }
  }
  const double at_start = hit_samples < 0   ? -1
                          : start_speed > 0 ? std::max(hit_s, hit_samples / start_speed)
                                            : hit_s;
  std::printf(
      "{\"target\":%.3f,\"samples\":%.0f,\"seconds_max_speed\":%.2f,\"start_speed\":%.0f,"
      "\"seconds_start_speed\":%.2f,\"query\":\"%s\"}\n",
      target, hit_samples, hit_s, start_speed, at_start, query.c_str());
  return hit_samples < 0 ? 1 : 0;
}
