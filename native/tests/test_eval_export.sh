#!/usr/bin/env bash
# (f) eval prints test_acc (stdout) and a confusion matrix (stderr); export extracts the weights
# of a checkpoint; import (= train --init-weights) starts from them.
source "$(dirname "$0")/lib.sh" "$@"
OUT="$WORK/run"
"$SDFC_TRAIN" train "${QUICK[@]}" --out "$OUT" --quiet >/dev/null 2>&1
"$SDFC_TRAIN" eval --weights "$OUT/weights.npz" --subset 500 >"$WORK/eval.out" 2>"$WORK/eval.err"
check "eval exits 0" [ $? -eq 0 ]
check "eval prints test_acc=… on stdout" grep -qE "^test_acc=[01]\.[0-9]{4} test_loss=" "$WORK/eval.out"
check "eval prints a confusion matrix on stderr" grep -q "confusion matrix" "$WORK/eval.err"
"$SDFC_TRAIN" eval --weights "$OUT/checkpoint.npz" --subset 500 >"$WORK/eval2.out" 2>/dev/null
check "eval of the checkpoint = eval of the weights" cmp "$WORK/eval.out" "$WORK/eval2.out"
"$SDFC_TRAIN" export --checkpoint "$OUT/checkpoint.npz" --out "$WORK/exported.npz" 2>/dev/null
check "export writes the weights (byte-identical to weights.npz)" cmp "$OUT/weights.npz" "$WORK/exported.npz"
"$SDFC_TRAIN" import "${QUICK[@]}" --epochs 1 --init-weights "$WORK/exported.npz" --out "$WORK/imported" --quiet >"$WORK/imp.out" 2>"$WORK/imp.err"
check "import trains from the exported weights" grep -q test_acc "$WORK/imp.out"
run_expect 1 "$WORK/bad" "$SDFC_TRAIN" eval --weights "$OUT/metrics.csv"
check "eval of a non-npz file fails with one line" [ $? -eq 0 ]
finish
