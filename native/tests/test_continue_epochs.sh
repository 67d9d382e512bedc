#!/usr/bin/env bash
# (p) a finished run continued with a larger --epochs is unfinished until its new end: its old
# summary.json (which `reproduce --resume` and `queue --collect` read as "finished") is removed
# when training resumes, and written again, for the new end, when the run finishes.
source "$(dirname "$0")/lib.sh" "$@"
OUT="$WORK/run"
"$SDFC_TRAIN" train "${QUICK[@]}" --epochs 1 --out "$OUT" --quiet > /dev/null 2>&1
check "the 1-epoch run finished" [ -f "$OUT/summary.json" ]
# continue to many epochs and stop it after its second epoch is recorded
"$SDFC_TRAIN" train "${QUICK[@]}" --epochs 400 --out "$OUT" --resume --quiet > /dev/null 2>&1 &
pid=$!
for _ in $(seq 600); do
  [ "$(tail -n +2 "$OUT/metrics.csv" | wc -l)" -ge 2 ] && break
  sleep 0.1
done
kill -TERM "$pid" 2> /dev/null
wait "$pid"
check "stopped after the continuation began (≥ 2 epochs recorded)" \
  [ "$(tail -n +2 "$OUT/metrics.csv" | wc -l)" -ge 2 ]
check "the continued, unfinished run has no summary.json" [ ! -e "$OUT/summary.json" ]
n=$(($(tail -n +2 "$OUT/metrics.csv" | wc -l) + 1))
"$SDFC_TRAIN" train "${QUICK[@]}" --epochs "$n" --out "$OUT" --resume --quiet > /dev/null 2>&1
check "finishing it writes summary.json for the new end ($n epochs)" \
  grep -q "\"epochs\": $n," "$OUT/summary.json"
finish
