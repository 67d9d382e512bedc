// trainer_host_thread.cpp — desktop: the training session on its own thread
// (see trainer_host.h). The thread applies queued commands, trains in slices of
// ≤ 40 ms and publishes a snapshot every 100 ms and after every command.
#ifndef __EMSCRIPTEN__
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include "session.h"
#include "trainer_host.h"

namespace demo::host {

namespace {

struct Command {
  uint32_t seq;
  std::string verb, query;
};

struct Host {
  std::mutex m;
  std::condition_variable cv;
  std::deque<Command> commands;
  std::deque<std::vector<uint8_t>> snapshots;
  std::atomic<bool> quit{false};
  std::thread th;
};
std::unique_ptr<Host> g_host;

void loop(Host& h, std::vector<uint8_t> asset, std::vector<uint8_t> npz) {
  Session session;
  session.load(asset, npz);
  double wait_ms = 0;
  while (!h.quit) {
    std::deque<Command> cmds;
    {
      std::unique_lock<std::mutex> lk(h.m);
      if (h.commands.empty() && wait_ms > 0)
        h.cv.wait_for(lk, std::chrono::duration<double, std::milli>(wait_ms),
                      [&] { return !h.commands.empty() || h.quit.load(); });
      cmds.swap(h.commands);
    }
    for (const Command& c : cmds) session.command(c.seq, c.verb, c.query);
    wait_ms = session.work(40);
    if (session.snapshot_due(0.1)) {
      std::vector<uint8_t> b = encode(session.snapshot());
      std::lock_guard<std::mutex> lk(h.m);
      h.snapshots.push_back(std::move(b));
    }
    if (!session.playing()) wait_ms = std::max(wait_ms, 20.0);
  }
}

}  // namespace

void start(const std::vector<uint8_t>& asset, const std::vector<uint8_t>& weights_npz) {
  stop();
  g_host = std::make_unique<Host>();
  g_host->th = std::thread(loop, std::ref(*g_host), asset, weights_npz);
}

void send(uint32_t seq, const std::string& verb, const std::string& query) {
  if (!g_host) return;
  {
    std::lock_guard<std::mutex> lk(g_host->m);
    g_host->commands.push_back({seq, verb, query});
  }
  g_host->cv.notify_one();
}

bool poll(std::vector<uint8_t>& snapshot) {
  if (!g_host) return false;
  std::lock_guard<std::mutex> lk(g_host->m);
  if (g_host->snapshots.empty()) return false;
  snapshot = std::move(g_host->snapshots.front());
  g_host->snapshots.pop_front();
  return true;
}

const char* kind() { return "thread"; }

void stop() {
  if (!g_host) return;
  g_host->quit = true;
  g_host->cv.notify_one();
  if (g_host->th.joinable()) g_host->th.join();
  g_host.reset();
}

}  // namespace demo::host
#endif
