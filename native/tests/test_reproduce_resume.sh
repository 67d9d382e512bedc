#!/usr/bin/env bash
# (i) A sweep interrupted with SIGINT (--jobs 2) and continued with --resume: every run
# finishes, and a run that was stopped mid-way ends with the same weights as the same run
# trained without interruption.
source "$(dirname "$0")/lib.sh" "$@"
TINY=(--datasets mnist --methods bp,strong-dfc,dfc-nonoise --epochs 6 --train-subset 512
      --test-subset 128 --set tmax_di=20 --set tmax_di_fb=20 --set init_fb_epochs=1 --quiet
      --no-estimate)
OUT="$WORK/sweep"
"$SDFC_TRAIN" reproduce "${TINY[@]}" --jobs 2 --out "$OUT" >/dev/null 2>"$WORK/err1" &
pid=$!
# stop once the first epochs are on disk but (usually) before everything is finished
for _ in $(seq 1 300); do
  [ "$(cat "$OUT"/mnist/*/seed1/metrics.csv 2>/dev/null | grep -c '^[0-9]')" -ge 3 ] && break
  sleep 0.05
done
kill -INT -- "$pid" 2>/dev/null
pkill -INT -P "$pid" 2>/dev/null
wait "$pid"
rc=$?
check "interrupted sweep exits 130 (or 0 if it had just finished)" [ "$rc" -eq 130 ] || [ "$rc" -eq 0 ]
partial=$(for d in "$OUT"/mnist/*/seed1; do [ -e "$d/summary.json" ] || echo "$d"; done | wc -l)
echo "  runs left unfinished by the interrupt: $partial of 3"
"$SDFC_TRAIN" reproduce "${TINY[@]}" --jobs 2 --resume --out "$OUT" >"$WORK/out2" 2>"$WORK/err2"
check "--resume completes the sweep" [ "$(ls "$OUT"/mnist/*/seed1/summary.json | wc -l)" -eq 3 ]
"$SDFC_TRAIN" reproduce "${TINY[@]}" --out "$WORK/ref" >/dev/null 2>&1
for m in bp strong-dfc dfc-nonoise; do
  check "$m: weights equal the uninterrupted sweep's" cmp "$WORK/ref/mnist/$m/seed1/weights.npz" "$OUT/mnist/$m/seed1/weights.npz"
done
finish
