#!/usr/bin/env bash
# (a) train writes metrics.csv (required header), metrics.jsonl, run.json, checkpoint and
# weights; exit 0; stdout is one JSON line with test_acc.
source "$(dirname "$0")/lib.sh" "$@"
OUT="$WORK/run"
"$SDFC_TRAIN" train "${QUICK[@]}" --out "$OUT" >"$WORK/stdout" 2>"$WORK/stderr"
rc=$?
check "train exits 0" [ "$rc" -eq 0 ]
HEADER="epoch,train_loss,train_acc,val_loss,val_acc,test_loss,test_acc,H,converged,condition_ratio,angle_bp_deg,wall_s,samples_per_s"
check "metrics.csv header" [ "$(head -1 "$OUT/metrics.csv")" = "$HEADER" ]
check "metrics.csv has 2 epoch rows" [ "$(tail -n +2 "$OUT/metrics.csv" | wc -l)" -eq 2 ]
check "metrics.jsonl has 2 lines" [ "$(wc -l <"$OUT/metrics.jsonl")" -eq 2 ]
check "accuracies are fractions" awk -F, 'NR>1 && ($3<0||$3>1||$7<0||$7>1){bad=1} END{exit bad}' "$OUT/metrics.csv"
for f in run.json weights.npz checkpoint.npz summary.json; do
  check "$f written" [ -s "$OUT/$f" ]
done
check "run.json has config, data CRCs and build info" \
  grep -q '"crc32"' "$OUT/run.json" && grep -q '"eigen_simd"' "$OUT/run.json" && grep -q '"lr"' "$OUT/run.json"
# provenance: the revision the binary was built from (cmake/git_sha.cmake, refreshed at every
# build), "-dirty" exactly when the trainer's tracked sources differ from it
SRC="$(cd "$(dirname "$0")/../.." && pwd)"
if sha="$(git -C "$SRC" rev-parse --short=12 HEAD 2>/dev/null)"; then
  git -C "$SRC" diff --quiet HEAD -- engine native cmake CMakeLists.txt || sha="$sha-dirty"
  check "run.json build.git_sha is the sources' revision ($sha)" \
    grep -q "\"git_sha\": \"$sha\"" "$OUT/run.json"
fi
check "stdout is one JSON line with test_acc" \
  bash -c '[ "$(wc -l <"$1")" -eq 1 ] && grep -q "\"test_acc\":" "$1"' _ "$WORK/stdout"
check "stderr has the effective configuration" grep -q "effective configuration" "$WORK/stderr"
check "non-TTY stderr: one summary line per epoch" [ "$(grep -c '^epoch [0-9]*/2 ' "$WORK/stderr")" -eq 2 ]
"$SDFC_TRAIN" train "${QUICK[@]}" --out "$WORK/quiet" --quiet >"$WORK/q.out" 2>"$WORK/q.err"
check "--quiet prints nothing on stderr" [ ! -s "$WORK/q.err" ]
check "check subcommand accepts the run dir" bash -c '"$1" check "$2" >/dev/null' _ "$SDFC_TRAIN" "$OUT"
finish
