#!/usr/bin/env bash
# native_smoke.sh BUILD_DIR [OUT_DIR] — the desktop demo under Xvfb: render some frames
# while training, save the last one as PNG (--screenshot/--frames), check that the PNG
# exists and is not blank. Three views: default, comparison mode, one-panel network view.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD="${1:?usage: native_smoke.sh BUILD_DIR [OUT_DIR]}"
OUT="${2:-$HERE/test-results}"
APP="$BUILD/web/sdfc_demo"
[ -x "$APP" ] || { echo "native_smoke: $APP is not built (cmake --build $BUILD --target sdfc_demo)" >&2; exit 2; }
command -v xvfb-run >/dev/null || { echo "native_smoke: xvfb-run missing (apt-get install xvfb)" >&2; exit 2; }
mkdir -p "$OUT"
fail=0
run() {  # name, extra args…
  local name="$1"; shift
  local png="$OUT/native-$name.png"
  rm -f "$png"
  if ! timeout 180 xvfb-run -a -s "-screen 0 1600x900x24" "$APP" --width 1600 --height 900 \
        --frames 150 --screenshot "$png" "$@" >"$OUT/native-$name.log" 2>&1; then
    echo "FAIL native $name: the app exited with an error"; cat "$OUT/native-$name.log"; fail=1; return
  fi
  if [ ! -s "$png" ]; then echo "FAIL native $name: no screenshot"; fail=1; return; fi
  if ! python3 "$HERE/png_check.py" "$png"; then echo "FAIL native $name: blank"; fail=1; return; fi
  # Training runs on its own thread while the window renders.
  if ! grep -qE "trainer thread: [1-9][0-9]* samples" "$OUT/native-$name.log"; then
    echo "FAIL native $name: the training thread reported no samples"; cat "$OUT/native-$name.log"; fail=1; return
  fi
  echo "PASS native $name ($png; $(grep -o 'trainer thread: .*' "$OUT/native-$name.log"))"
}
run main --speed 0
run compare --compare 1 --speed 0
run network --panel network --start trained --speed 0
exit $fail
