// fuzz_url.cpp — libFuzzer target for the web demo's state parser (web/src/url_state.cpp:
// apply_query for location.hash, apply_args for the desktop command line). Pure C++, no GL.
//
// The parser promises "bad input becomes a warning, never a crash": no exception of any
// type may escape. Oracle: the written state is a fixed point — to_query(s) parsed into
// fresh Settings gives no warnings and the same to_query again (shareable links round-trip).
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_common.h"
#include "url_state.h"

namespace {

void roundtrip(const demo::Settings& s) {
  const std::string q = demo::to_query(s);
  demo::Settings t;
  std::vector<std::string> w;
  demo::apply_query(t, "#" + q, w);
  if (!w.empty()) {
    std::fprintf(stderr, "to_query output gives a warning: %s\nquery: %s\n", w[0].c_str(),
                 q.c_str());
    std::abort();
  }
  const std::string q2 = demo::to_query(t);
  if (q2 != q) {
    std::fprintf(stderr, "to_query is not a fixed point:\n  %s\n  %s\n", q.c_str(), q2.c_str());
    std::abort();
  }
  (void)demo::to_args(s);
  (void)demo::hidden(s, "lr");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string in(reinterpret_cast<const char*>(data), size);
  // As a URL fragment.
  {
    demo::Settings s;
    std::vector<std::string> w;
    demo::apply_query(s, in, w);
    roundtrip(s);
  }
  // As a command line: split on NUL bytes into argv (argv[0] is the program name).
  {
    std::vector<std::string> args{"sdfc_demo"};
    size_t pos = 0;
    while (pos <= in.size()) {
      size_t z = in.find('\0', pos);
      if (z == std::string::npos) z = in.size();
      args.push_back(in.substr(pos, z - pos));
      pos = z + 1;
    }
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(&a[0]);
    argv.push_back(nullptr);
    demo::Settings s;
    std::vector<std::string> w, native_out;
    demo::apply_args(s, int(args.size()), argv.data(), w, {"width", "height", "data"}, native_out);
    SDFC_FUZZ_CHECK(native_out.size() == 3);
    roundtrip(s);
  }
  return 0;
}
