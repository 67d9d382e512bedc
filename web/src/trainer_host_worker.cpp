// trainer_host_worker.cpp — web: the training session in a Web Worker (see
// trainer_host.h). loader.js creates the worker (sdfc-worker.js, or from the inline
// source in the one-file build) and queues its snapshots; these snippets reach it.
#ifdef __EMSCRIPTEN__
#include <emscripten.h>

#include <cstdlib>

#include "trainer_host.h"

// clang-format off
EM_JS(void, js_worker_start, (const uint8_t* a, int na, const uint8_t* w, int nw), {
  var asset = HEAPU8.slice(a, a + na).buffer, weights = HEAPU8.slice(w, w + nw).buffer;
  window.sdfcWorker.postMessage({type: 'init', asset: asset, weights: weights}, [asset, weights]);
});
EM_JS(void, js_worker_send, (uint32_t seq, const char* verb, const char* query), {
  window.sdfcWorker.postMessage({type: 'cmd', seq: seq, verb: UTF8ToString(verb),
                                 query: UTF8ToString(query)});
});
EM_JS(uint8_t*, js_worker_poll, (int* size), {
  var q = window.sdfcSnapshots;
  if (!q || !q.length) return 0;
  var b = new Uint8Array(q.shift()), p = _malloc(Math.max(1, b.length));
  HEAPU8.set(b, p);
  HEAP32[size >> 2] = b.length;
  return p;
});
// clang-format on

namespace demo::host {

void start(const std::vector<uint8_t>& asset, const std::vector<uint8_t>& weights_npz) {
  js_worker_start(asset.data(), int(asset.size()), weights_npz.data(), int(weights_npz.size()));
}
void send(uint32_t seq, const std::string& verb, const std::string& query) {
  js_worker_send(seq, verb.c_str(), query.c_str());
}
bool poll(std::vector<uint8_t>& snapshot) {
  int n = 0;
  uint8_t* p = js_worker_poll(&n);
  if (!p) return false;
  snapshot.assign(p, p + n);
  std::free(p);
  return true;
}
const char* kind() { return "worker"; }
void stop() {}

}  // namespace demo::host
#endif
