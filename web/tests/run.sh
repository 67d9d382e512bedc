#!/usr/bin/env bash
# run.sh [NATIVE_BUILD_DIR] [WASM_BUILD_DIR] — all front-end tests: the desktop smoke test
# under Xvfb and the browser end-to-end tests. Exits non-zero if any fails.
#   web/tests/run.sh build/release build/wasm
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
NATIVE="${1:-$ROOT/build/release}"
WASM="${2:-$ROOT/build/wasm}"
status=0
echo "== native smoke ($NATIVE)"
"$HERE/native_smoke.sh" "$NATIVE" || status=1
echo "== browser e2e ($WASM/web)"
# package.json pins playwright-core and reveal.js (the deck test); install what is missing
# from the npm registry (no browser download: Debian's chromium is used).
if [ ! -d "$HERE/node_modules/playwright-core" ] || [ ! -f "$HERE/node_modules/reveal.js/dist/reveal.js" ]; then
  echo "run.sh: installing the test's npm packages (web/tests/package.json)"
  (cd "$HERE" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --silent >/dev/null) ||
    echo "run.sh: npm install failed in web/tests" >&2
fi
if [ ! -d "$HERE/node_modules/playwright-core" ] || [ ! -f "$HERE/node_modules/reveal.js/dist/reveal.js" ]; then
  echo "run.sh: playwright-core or reveal.js missing: (cd web/tests && npm install)" >&2; status=1
else
  node "$HERE/e2e.mjs" "$WASM/web" || status=1
fi
[ $status = 0 ] && echo "ALL FRONT-END TESTS PASSED" || echo "FRONT-END TESTS FAILED"
exit $status
