// worker_main.cpp — the training session inside a Web Worker (its own WebAssembly
// instance of the engine). web/shell/worker_glue.js drives these functions: it passes
// the page's messages in, calls w_work in a loop, and posts the snapshots back.
// No shared memory: everything crosses as copied (transferred) bytes.
#include <emscripten.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "session.h"

namespace {
std::unique_ptr<demo::Session> g_session;
std::vector<uint8_t> g_snapshot;
}  // namespace

extern "C" {

// The bundled digit asset and pretrained npz (copied from the page).
EMSCRIPTEN_KEEPALIVE void w_init(const uint8_t* asset, int n_asset, const uint8_t* npz, int n_npz) {
  g_session = std::make_unique<demo::Session>();
  g_session->load(std::vector<uint8_t>(asset, asset + n_asset),
                  std::vector<uint8_t>(npz, npz + n_npz));
}

EMSCRIPTEN_KEEPALIVE void w_command(uint32_t seq, const char* verb, const char* query) {
  if (g_session) g_session->command(seq, verb, query);
}

// Train for at most budget_ms; returns the milliseconds to wait before the next call.
EMSCRIPTEN_KEEPALIVE double w_work(double budget_ms) {
  return g_session ? g_session->work(budget_ms) : 50.0;
}

// If a snapshot is due: encode it and return its size (its bytes at w_snapshot_ptr()).
EMSCRIPTEN_KEEPALIVE int w_snapshot(double period_s) {
  if (!g_session || !g_session->snapshot_due(period_s)) return 0;
  g_snapshot = demo::encode(g_session->snapshot());
  return int(g_snapshot.size());
}
EMSCRIPTEN_KEEPALIVE const uint8_t* w_snapshot_ptr() { return g_snapshot.data(); }
}

int main() { return 0; }
