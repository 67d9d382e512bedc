#!/usr/bin/env bash
# scripts/demo.sh — build the browser demo (incrementally) and serve it on 127.0.0.1.
#
#   scripts/demo.sh                 build, then serve on http://127.0.0.1:8080/
#   scripts/demo.sh --port 9000     other port (or SDFC_PORT=9000)
#   scripts/demo.sh --build-only    build, print the paths, do not serve
#   scripts/demo.sh --single-file   build, print the path of the one-file offline demo, do not serve
#   scripts/demo.sh --no-build      serve what is already built
#
# Steps: (1) native release build (build/release, preset "release") of the two build-time
# tools' outputs: the digit asset (sdfc_make_asset) and the pretrained weights
# (sdfc_pretrain); (2) the WebAssembly build (build/wasm, preset "wasm") of demo.js/.wasm/
# .data and the single-file sdfc-demo.html; (3) python3 -m http.server on 127.0.0.1.
# Jobs: SDFC_JOBS (default 2).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${SDFC_PORT:-8080}"
JOBS="${SDFC_JOBS:-2}"
BUILD=1 SERVE=1 SINGLE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --port) [ $# -ge 2 ] || { echo "demo.sh: error: --port needs a number" >&2; exit 2; }; PORT="$2"; shift ;;
    --port=*) PORT="${1#--port=}" ;;
    --build-only) SERVE=0 ;;
    --single-file) SERVE=0; SINGLE=1 ;;
    --no-build) BUILD=0 ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "demo.sh: error: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
case "$PORT" in ''|*[!0-9]*) echo "demo.sh: error: port '$PORT' is not a number" >&2; exit 2 ;; esac

NATIVE="$ROOT/build/release"
WASM="$ROOT/build/wasm"
OUT="$WASM/web"
say() { echo "[demo] $*" >&2; }

if [ "$BUILD" = 1 ]; then
  command -v emcmake >/dev/null || { echo "demo.sh: error: emscripten is not installed (run scripts/setup.sh)" >&2; exit 1; }
  [ -f "$ROOT/third_party/imgui/imgui.cpp" ] || { echo "demo.sh: error: ImGui sources missing in third_party/imgui (run scripts/setup.sh)" >&2; exit 1; }
  cd "$ROOT"
  if [ ! -f "$NATIVE/CMakeCache.txt" ]; then say "configuring native release build ($NATIVE)"; cmake --preset release >/dev/null; fi
  say "building the digit asset and the pretrained weights (native)"
  cmake --build "$NATIVE" --target sdfc_demo_assets -j "$JOBS"
  if [ ! -f "$WASM/CMakeCache.txt" ]; then say "configuring WebAssembly build ($WASM)"; cmake --preset wasm >/dev/null; fi
  say "building the browser demo (WebAssembly)"
  cmake --build "$WASM" --target sdfc_demo sdfc_demo_single_html -j "$JOBS"
fi

for f in index.html loader.js demo.css demo.js demo.wasm demo.data sdfc-worker.js; do
  [ -f "$OUT/$f" ] || { echo "demo.sh: error: $OUT/$f is missing (run without --no-build)" >&2; exit 1; }
done
size() { local raw gz; raw=$(stat -c %s "$1"); gz=$(gzip -9c "$1" | wc -c); printf '  %-16s %9s bytes  (gzip -9: %s)\n' "$(basename "$1")" "$raw" "$gz"; }
say "files in $OUT:"
for f in demo.wasm demo.js demo.data sdfc-worker.js sdfc-demo.html; do [ -f "$OUT/$f" ] && size "$OUT/$f" >&2; done

if [ "$SINGLE" = 1 ] || [ "$SERVE" = 0 ]; then
  echo "single-file demo (opens from file://): $OUT/sdfc-demo.html"
  [ "$SINGLE" = 1 ] || echo "served build: $OUT (serve with: scripts/demo.sh --no-build)"
  exit 0
fi
cd "$OUT"
echo "Strong-DFC demo: http://127.0.0.1:$PORT/   (Ctrl-C to stop)"
exec python3 -m http.server "$PORT" --bind 127.0.0.1
