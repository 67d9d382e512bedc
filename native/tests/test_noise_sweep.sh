#!/usr/bin/env bash
# (o) scripts/noise_sweep.sh: one run per σ multiple in the layout `plot --sweep` reads, at
# σ = m × the preset's σ with σ_output scaled alike (the preset's values written out by hand
# from spec §6 / EXPERIMENTS.rst, not read from the trainer), finished runs skipped on a second
# call, and a clear error for a preset that is not a dataset's.
source "$(dirname "$0")/lib.sh" "$@"
SRC="$(cd "$(dirname "$0")/../.." && pwd)"
SWEEP=("$SRC/scripts/noise_sweep.sh" "$WORK/ns" mnist-strong-dfc --epochs 1 --train-subset 128
  --test-subset 128 --val-size 64 --diag-batch 16 --fast)
MULTIPLES="0 2" SDFC_TRAIN="$SDFC_TRAIN" "${SWEEP[@]}" > "$WORK/out" 2>&1
check "sweep exits 0" [ $? -eq 0 ]
for m in 0 2; do
  check "x$m: a finished run in <dataset>/<method>/x<m>/seed1" \
    [ -f "$WORK/ns/mnist/strong-dfc/x$m/seed1/summary.json" ]
done
value() {  # value RUN_DIR FIELD: the field of run.json's config
  sed -n "s/^ *\"$2\": \([^,]*\),\{0,1\}$/\1/p" "$1/run.json" | head -n 1
}
near() {  # near A B: |A − B| ≤ 1e-15 · |B|
  awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; s = b < 0 ? -b : b; exit !(d <= 1e-15 * s) }'
}
# mnist-strong-dfc: σ = 0.004278964325349612, σ_output = 0.029713880264874388
X2="$WORK/ns/mnist/strong-dfc/x2/seed1"
check "x2: σ = 2 × 0.004278964325349612" near "$(value "$X2" sigma)" 0.008557928650699224
check "x2: σ_output = 2 × 0.029713880264874388" near "$(value "$X2" sigma_output)" 0.059427760529748776
check "x0: σ = 0" [ "$(value "$WORK/ns/mnist/strong-dfc/x0/seed1" sigma)" = 0.0 ]
MULTIPLES="0 2" SDFC_TRAIN="$SDFC_TRAIN" "${SWEEP[@]}" > "$WORK/out2" 2>&1
check "second call exits 0" [ $? -eq 0 ]
check "second call skips both finished runs" [ "$(grep -c "finished, skipped" "$WORK/out2")" -eq 2 ]
run_expect 2 "$WORK/e" env SDFC_TRAIN="$SDFC_TRAIN" "$SRC/scripts/noise_sweep.sh" "$WORK/x" web-small
check "a preset without a dataset prefix: exit 2 naming it" grep -q "web-small" "$WORK/e"
finish
