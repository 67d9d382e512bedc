#!/usr/bin/env bash
# (l) Feedback pre-training is checkpointed pass by pass (the DFC presets' 20 passes take hours):
# SIGTERM during pre-training keeps the finished passes, and --resume ends with weights
# byte-identical to an uninterrupted run.
source "$(dirname "$0")/lib.sh" "$@"
ARGS=(--preset web-small --init_fb_epochs 6 --epochs 1 --train-subset 2048 --test-subset 128 --diag-batch 8 --seed 3)
"$SDFC_TRAIN" train "${ARGS[@]}" --quiet --out "$WORK/ref" >/dev/null 2>"$WORK/ref.err"
check "uninterrupted reference run" [ -s "$WORK/ref/weights.npz" ]
"$SDFC_TRAIN" train "${ARGS[@]}" --out "$WORK/run" >/dev/null 2>"$WORK/a.err" &
pid=$!
for _ in $(seq 1 1200); do grep -q "pre-training pass 1/6" "$WORK/a.err" && break; sleep 0.05; done
kill -TERM "$pid" 2>/dev/null
wait "$pid"
rc=$?
check "stopped during pre-training (exit 143) after writing a checkpoint" \
  bash -c '[ "$1" -eq 143 ] && [ -s "$2/checkpoint.npz" ] && grep -q "finished passes are saved" "$3"' _ "$rc" "$WORK/run" "$WORK/a.err"
"$SDFC_TRAIN" train "${ARGS[@]}" --out "$WORK/run" --resume >/dev/null 2>"$WORK/b.err"
check "the resumed run skips the passes already done" bash -c '! grep -q "pre-training pass 1/6" "$1"' _ "$WORK/b.err"
check "final weights byte-identical to the uninterrupted run" cmp -s "$WORK/ref/weights.npz" "$WORK/run/weights.npz"
finish
