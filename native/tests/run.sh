#!/usr/bin/env bash
# run.sh — the trainer's integration tests.
#   native/tests/run.sh build/release/native/sdfc_train [build/release/native/sdfc_train_mpi]
# Each test prints PASS/FAIL lines; exit status is the number of failed test files (0 = all ok).
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"
TRAIN="$(realpath "${1:?usage: $0 /path/to/sdfc_train [/path/to/sdfc_train_mpi]}")"
MPI="${2:-}"
[ -n "$MPI" ] && MPI="$(realpath "$MPI")"
failed=0
start=$(date +%s)
for t in "$HERE"/test_*.sh; do
  t0=$(date +%s)
  if bash "$t" "$TRAIN" "$MPI"; then :; else failed=$((failed + 1)); fi
  echo "  ($(basename "$t"): $(( $(date +%s) - t0 )) s)"
done
echo "native integration tests: $failed failed file(s), $(( $(date +%s) - start )) s total"
exit "$failed"
