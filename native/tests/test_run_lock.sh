#!/usr/bin/env bash
# (m) One run dir, one trainer: while a run trains, a second process on the same dir (another
# background lane, a second reproduce, an MPI rank) is refused with exit 2 and a message naming
# the dir, and the first run's records are untouched; once it has finished, --resume works.
source "$(dirname "$0")/lib.sh" "$@"
ARGS=(--preset web-small --init_fb_epochs 4 --epochs 1 --train-subset 2048 --test-subset 128 --diag-batch 8 --seed 4)
"$SDFC_TRAIN" train "${ARGS[@]}" --out "$WORK/run" >/dev/null 2>"$WORK/a.err" &
pid=$!
for _ in $(seq 1 1200); do grep -q "pre-training pass 1/4" "$WORK/a.err" && break; sleep 0.05; done
"$SDFC_TRAIN" train "${ARGS[@]}" --out "$WORK/run" --resume >/dev/null 2>"$WORK/b.err"
rc=$?
check "a second trainer on a busy run dir exits 2" [ "$rc" -eq 2 ]
check "its message names the dir and says what to do" \
  grep -q "is being trained by another process.*wait for it to finish or stop it" "$WORK/b.err"
wait "$pid"
check "the first run finishes normally" bash -c '[ "$1" -eq 0 ] && [ -s "$2/summary.json" ]' _ $? "$WORK/run"
"$SDFC_TRAIN" train "${ARGS[@]}" --out "$WORK/run" --resume >/dev/null 2>"$WORK/c.err"
check "after it, --resume on the finished dir is accepted (exit 0)" [ $? -eq 0 ]
check "the lock file does not count as content: a fresh dir holding only .lock trains" \
  bash -c 'mkdir -p "$1/fresh" && : > "$1/fresh/.lock" && "$2" train --preset mnist-bp --epochs 1 --train-subset 256 --test-subset 64 --quiet --out "$1/fresh" >/dev/null 2>&1' _ "$WORK" "$SDFC_TRAIN"
finish
