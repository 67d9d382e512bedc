#!/usr/bin/env bash
# tests/fuzz/run.sh SECONDS — build the libFuzzer targets (preset "fuzz", clang, ASan+UBSan)
# and run each for SECONDS seconds, one after another (called by scripts/test.sh as
# `tests/fuzz/run.sh 20`; see docs/reliability.md for longer campaigns).
#
# Per target:
#   1. replay tests/fuzz/regressions/<target>/* (reproducers of earlier findings) once;
#   2. fuzz for SECONDS s on build/fuzz/corpus-work/<target> (a copy of the seeds in
#      tests/fuzz/corpus/<target>, kept between runs so coverage accumulates; the repo's
#      corpus is never written), -timeout=10 -rss_limit_mb=2048.
# Crash/leak/timeout/OOM reproducers go to build/fuzz/artifacts/<target>/; logs to
# build/fuzz/logs/. Exit status: 0 if every target ran clean, 1 otherwise.
# Environment: SDFC_FUZZ_TARGETS="fuzz_npy fuzz_idx" runs a subset; SDFC_FUZZ_JOBS (build
# parallelism, default 2).
set -uo pipefail
SECONDS_PER_TARGET="${1:-20}"
case "$SECONDS_PER_TARGET" in '' | *[!0-9]*) echo "usage: $0 SECONDS" >&2; exit 2 ;; esac
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
B=build/fuzz
JOBS="${SDFC_FUZZ_JOBS:-2}"
mkdir -p "$B/logs" "$B/artifacts" "$B/corpus-work"

if [ ! -f "$B/CMakeCache.txt" ]; then
  cmake --preset fuzz >"$B/logs/configure.log" 2>&1 || { tail -30 "$B/logs/configure.log"; exit 1; }
fi
if [ ! -f "$B/tests/fuzz/targets.txt" ]; then
  echo "tests/fuzz is not part of the build: the top-level CMakeLists.txt needs"
  echo "  if(SDFC_BUILD_FUZZ) add_subdirectory(tests/fuzz) endif()"
  exit 1
fi
if ! cmake --build "$B" --target fuzz_all -j"$JOBS" >"$B/logs/build.log" 2>&1; then
  grep -E "error|FAILED" "$B/logs/build.log" | head -40; exit 1
fi

ALL="$(tr ';' ' ' <"$B/tests/fuzz/targets.txt")"
TARGETS="${SDFC_FUZZ_TARGETS:-$ALL}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
failed=0
printf '%-12s %12s %10s  %s\n' target executions exec/s result
for t in $TARGETS; do
  bin="$B/tests/fuzz/$t"
  [ -x "$bin" ] || { printf '%-12s %12s %10s  %s\n' "$t" - - "MISSING ($bin)"; failed=1; continue; }
  art="$B/artifacts/$t"; work="$B/corpus-work/$t"; log="$B/logs/$t.log"
  mkdir -p "$art" "$work"
  result=ok

  # 1. regressions: every saved reproducer must now pass.
  reg="tests/fuzz/regressions/$t"
  if [ -d "$reg" ] && [ -n "$(ls -A "$reg" 2>/dev/null)" ]; then
    if ! "$bin" -runs=1 -timeout=10 -rss_limit_mb=2048 "$reg"/* >"$B/logs/$t.regressions.log" 2>&1; then
      result="REGRESSION FAILS (log: $B/logs/$t.regressions.log)"
    fi
  fi

  # 2. fuzz on a copy of the seed corpus.
  [ -d "tests/fuzz/corpus/$t" ] && cp -n "tests/fuzz/corpus/$t"/* "$work"/ 2>/dev/null
  before=$(ls "$art" | wc -l)
  "$bin" "$work" -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$art/" -print_final_stats=1 >"$log" 2>&1
  rc=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
  if [ -z "$execs" ]; then  # killed before the final stats: last status line
    execs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  fi
  if [ "$rc" -ne 0 ]; then
    new=$(ls -t "$art" | head -$(( $(ls "$art" | wc -l) - before )) 2>/dev/null | head -3)
    what=$(grep -m1 -oE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer): [a-z-]+|runtime error: .*|invariant violated: .*|terminate called .*' "$log" | head -1)
    result="CRASH rc=$rc: ${what:-see log} — artifacts: $(for f in $new; do printf '%s ' "$art/$f"; done)(log: $log)"
  fi
  [ "$result" = ok ] || failed=1
  printf '%-12s %12s %10s  %s\n' "$t" "${execs:-?}" "${rate:-?}" "$result"
done
exit $failed
