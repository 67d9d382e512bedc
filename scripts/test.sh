#!/usr/bin/env bash
# scripts/test.sh — everything the test suite covers (what `./sdfc test` runs and CI calls).
# Each suite prints its own report; the last line is the plain summary
#   "suites: N passed, M failed"
# Suites (bounded in time; the whole run stays well under CI's limit on 2 cores):
#   unit        native Release doctest suite via CTest (engine oracles, numerics, io, training)
#   sanitizers  the same suite under AddressSanitizer + UndefinedBehaviorSanitizer
#   wasm        the engine suite compiled with Emscripten, run under node; native vs wasm numbers
#   cli         the command-line trainer's integration tests (kill-and-resume, bad input, MPI …)
#               and a smoke run of `sdfc_bench --quick` (its JSON line)
#   browser     the demo in headless Chromium (Playwright) and the desktop window under Xvfb
#   fuzz        every parser under libFuzzer for a bounded time
# Environment: SDFC_TEST_ONLY="unit wasm" runs a subset; SDFC_FUZZ_SECONDS (default 20).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
JOBS="$(nproc)"
ONLY="${SDFC_TEST_ONLY:-unit sanitizers wasm cli browser fuzz}"
LOG="$ROOT/build/test-logs"
mkdir -p "$LOG"
passed=0 failed=0 failed_names=""
t_start=$(date +%s)

suite() {  # suite NAME COMMAND…
  local name="$1"; shift
  case " $ONLY " in *" $name "*) ;; *) return 0 ;; esac
  local t0=$(date +%s)
  echo "=== [$name] ==="
  if "$@"; then
    passed=$((passed + 1)); echo "=== [$name] PASS ($(( $(date +%s) - t0 )) s) ==="
  else
    failed=$((failed + 1)); failed_names="$failed_names $name"
    echo "=== [$name] FAIL ($(( $(date +%s) - t0 )) s) ==="
  fi
}

# Zero warnings: every build here is configured with -Werror (SDFC_WERROR; our code is built
# with -Wall -Wextra), so a warning fails the compile of its file, and no object file that
# built can hold one. (Re-running the configure step on an existing tree is cheap and makes
# sure the option is on.)
configure() {  # configure PRESET DIR
  cmake --preset "$1" -DSDFC_WERROR=ON >"$LOG/configure-$1.log" 2>&1 ||
    { tail -30 "$LOG/configure-$1.log"; return 1; }
}
build() {  # build DIR [targets…]
  local dir="$1"; shift
  if ! cmake --build "build/$dir" -- -j"$JOBS" "$@" >"$LOG/build-$dir.log" 2>&1; then
    grep -E "error|FAILED" "$LOG/build-$dir.log" | head -40; return 1
  fi
}

unit() {
  configure release release && build release &&
    (cd build/release && ctest --output-on-failure -j"$JOBS" --timeout 600)
}

sanitizers() {
  configure debug-asan asan && build asan sdfc_tests &&
    (cd build/asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
      UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      ctest --output-on-failure -j"$JOBS" --timeout 900)
}

wasm() {
  configure wasm wasm && build wasm sdfc_tests sdfc_crosscheck || return 1
  (cd build/wasm && ctest --output-on-failure --timeout 900) || return 1
  # the same numbers natively and in WebAssembly, within a tight tolerance
  build/release/tests/sdfc_crosscheck >"$LOG/cross-native.txt" &&
    node build/wasm/tests/sdfc_crosscheck.js >"$LOG/cross-wasm.txt" &&
    python3 - "$LOG/cross-native.txt" "$LOG/cross-wasm.txt" <<'PY'
import sys
a = dict(l.split() for l in open(sys.argv[1]))
b = dict(l.split() for l in open(sys.argv[2]))
assert a.keys() == b.keys(), "different keys"
worst = 0.0
for k in a:
    x, y = float(a[k]), float(b[k])
    worst = max(worst, abs(x - y) / max(1e-12, abs(x)))
print(f"native vs wasm: {len(a)} numbers, worst relative difference {worst:.3e} (tolerance 1e-9)")
sys.exit(0 if worst <= 1e-9 else 1)
PY
}

cli() {
  [ -x native/tests/run.sh ] || { echo "native/tests/run.sh missing"; return 1; }
  configure release release && build release &&
    native/tests/run.sh build/release/native/sdfc_train build/release/native/sdfc_train_mpi &&
    bench_smoke
}

# `./sdfc bench --quick` works and ends with the JSON line docs/performance.md promises
# (its numbers are not judged here: speed is measured by the benchmark, not asserted).
bench_smoke() {
  echo "--- bench --quick (smoke)"
  build/release/bench/sdfc_bench --quick >"$LOG/bench-quick.txt" 2>&1 ||
    { tail -20 "$LOG/bench-quick.txt"; return 1; }
  tail -1 "$LOG/bench-quick.txt" | python3 -c '
import json, sys
j = json.loads(sys.stdin.read())
need = ["sim_gflops", "gemm_gflops", "sim_vs_gemm", "peak_rss_mb_b128", "epoch_s_strong_double",
        "sim_gflops_b32", "gemm_gflops_b32", "sim_vs_gemm_b32", "sim_vs_gemm_b32_float",
        "train_vs_gemm", "train_vs_gemm_b32", "peak_rss_mb_mnist"]
missing = [k for k in need if k not in j]
assert not missing, f"bench --quick: JSON lacks {missing}"
assert abs(j["sim_vs_gemm"] - j["sim_gflops"] / j["gemm_gflops"]) < 1e-3, "sim_vs_gemm is not the ratio"
assert abs(j["sim_vs_gemm_b32"] - j["sim_gflops_b32"] / j["gemm_gflops_b32"]) < 1e-3, \
    "sim_vs_gemm_b32 is not the ratio"
assert 0 < j["peak_rss_mb_b128"] <= 1024, "peak memory above 1 GB at B = 128"
# a bound on memory, not a speed: training the paper network with MNIST loaded (fresh process)
assert 0 < j["peak_rss_mb_mnist"] <= 128, f"peak RSS with MNIST loaded {j['peak_rss_mb_mnist']:.0f} MB > 128 MB"
r, r32, m, mm = j["sim_vs_gemm"], j["sim_vs_gemm_b32"], j["peak_rss_mb_b128"], j["peak_rss_mb_mnist"]
print(f"bench --quick: sim/GEMM {r:.0%} (B = 128), {r32:.0%} (B = 32); peak RSS {m:.0f} MB, "
      f"{mm:.0f} MB with MNIST loaded")
' || return 1
  # `--fidelity` on the initial weights, where nothing is fitted yet: float32 rounding alone
  # (≈ 1e-7 per operation) must leave the gradient within 1e-3 and every sample its output
  # error, while two different batches' gradients must differ (the yardstick is not a self-
  # comparison); a bad weights file must give one line and exit 2.
  build/release/bench/sdfc_bench --fidelity --preset mnist-dfc-nonoise --batches 2 \
    >"$LOG/bench-fidelity.txt" 2>&1 || { tail -20 "$LOG/bench-fidelity.txt"; return 1; }
  python3 - "$LOG/bench-fidelity.txt" <<'PY' || return 1
import sys
rows = {}
for line in open(sys.argv[1]):
    if not line.startswith(("fidelity:", "gradient")) and line.strip():
        head, *layers = line.split("|")
        name, speed, still = head.rsplit(None, 2)
        rows[name.strip()] = (int(still), [[float(x) for x in l.split()] for l in layers])
f32, ref, yard = rows["float32, faithful steps"], rows["faithful (float64, faithful steps)"], rows["yardstick: faithful, the next batch"]
assert ref[0] == 0 and f32[0] == 0, f"samples without output error at initialisation: {ref[0]}, {f32[0]}"
assert len(f32[1]) == 4 and all(rel < 1e-3 and cos > 0.999 for rel, med, cos, z in f32[1]), f"float32 at init: {f32[1]}"
assert all(rel > 0.1 for rel, med, cos, z in yard[1]), f"two batches' gradients agree: {yard[1]}"
print(f"bench --fidelity: float32 at initialisation within {max(l[0] for l in f32[1]):.1e} of float64")
PY
  # bad input (a missing file, a negative seed, a study's option without its flag, an unknown
  # variant): one line on stderr and exit 2, before any work
  local bad
  for bad in "--fidelity --weights /nonexistent.npz" "--fidelity --seed -1" "--seed 3" \
    "--tradeoff --only nope" "--threads x"; do
    # shellcheck disable=SC2086  # $bad is a list of arguments
    build/release/bench/sdfc_bench $bad >"$LOG/bench-bad.txt" 2>&1
    local rc=$?
    if [ "$rc" != 2 ] || [ "$(wc -l <"$LOG/bench-bad.txt")" != 1 ]; then
      echo "sdfc_bench $bad: expected one line and exit 2, got exit $rc:"
      cat "$LOG/bench-bad.txt"
      return 1
    fi
  done
}

browser() {
  [ -x web/tests/run.sh ] || { echo "web/tests/run.sh missing"; return 1; }
  configure release release && build release || return 1
  scripts/demo.sh --build-only >"$LOG/demo-build.log" 2>&1 || { tail -30 "$LOG/demo-build.log"; return 1; }
  web/tests/run.sh
}

fuzz() {
  [ -x tests/fuzz/run.sh ] || { echo "tests/fuzz/run.sh missing"; return 1; }
  tests/fuzz/run.sh "${SDFC_FUZZ_SECONDS:-20}"
}

suite unit unit
suite sanitizers sanitizers
suite wasm wasm
suite cli cli
suite browser browser
suite fuzz fuzz

echo "total $(( $(date +%s) - t_start )) s${failed_names:+; failed:$failed_names}"
echo "suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
