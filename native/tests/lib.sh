# lib.sh — shared helpers of the trainer's integration tests (sourced, not run).
# Usage in a test: source "$(dirname "$0")/lib.sh" "$@"   (argument 1: path to sdfc_train)
set -u
SDFC_TRAIN="${1:?usage: $0 /path/to/sdfc_train [/path/to/sdfc_train_mpi]}"
SDFC_TRAIN_MPI="${2:-}"
TEST_NAME="$(basename "$0" .sh)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/sdfc-${TEST_NAME}.XXXXXX")"
FAILS=0
trap 'rm -rf "$WORK"' EXIT
# Small, fast runs: the browser preset on 256 images.
QUICK=(--preset web-small --epochs 2 --train-subset 256 --test-subset 256 --diag-batch 16)

pass() { echo "PASS ${TEST_NAME}: $*"; }
fail() { echo "FAIL ${TEST_NAME}: $*"; FAILS=$((FAILS + 1)); }
check() {  # check "description" command…
  local what="$1"; shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}
finish() {
  if [ "$FAILS" -eq 0 ]; then echo "ok ${TEST_NAME}"; exit 0; fi
  echo "${TEST_NAME}: ${FAILS} failure(s)"; exit 1
}
# run_expect CODE LOGFILE cmd… : run, capture stdout+stderr, compare the exit code.
run_expect() {
  local want="$1" log="$2"; shift 2
  "$@" >"$log" 2>&1
  local rc=$?
  if [ "$rc" -ne "$want" ]; then
    echo "  (exit $rc, expected $want; output:)"; sed 's/^/  | /' "$log" | tail -15
    return 1
  fi
}
