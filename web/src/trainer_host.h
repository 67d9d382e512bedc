// trainer_host.h — where the training session runs, seen from the UI thread.
//   web:     a Web Worker running its own copy of the engine in WebAssembly
//            (worker_main.cpp + web/shell/worker_glue.js); messages are copied, no
//            shared memory, so no COOP/COEP headers and the one-file build works from file://
//   desktop: a std::thread with a command queue and a snapshot queue
//            (trainer_host_thread.cpp)
// The UI sends commands (session.h lists the verbs) and polls snapshots.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace demo::host {

// Start the session with the bundled files (copied to the worker / thread).
void start(const std::vector<uint8_t>& asset, const std::vector<uint8_t>& weights_npz);
// Send one command with the UI's whole state (to_query).
void send(uint32_t seq, const std::string& verb, const std::string& query);
// Next snapshot (encoded) in arrival order; false if none is waiting.
bool poll(std::vector<uint8_t>& snapshot);
// "worker" or "thread" (shown in the state JSON for the tests).
const char* kind();
void stop();

}  // namespace demo::host
