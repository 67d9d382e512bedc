#!/usr/bin/env bash
# (e) an absurd learning rate stops the run with exit 3 and a "diverged" message.
source "$(dirname "$0")/lib.sh" "$@"
run_expect 3 "$WORK/log" "$SDFC_TRAIN" train "${QUICK[@]}" --lr 1e9 --out "$WORK/run"
check "--lr 1e9: exit 3" [ $? -eq 0 ]
check "message says diverged and suggests a smaller --lr" bash -c 'grep -q "diverged at epoch" "$1" && grep -q "smaller --lr" "$1"' _ "$WORK/log"
check "no final weights written" [ ! -e "$WORK/run/weights.npz" ]
# (--sigma 1e6 does not diverge: per-group clipping and Adam keep the weights bounded and the
# loss stays near chance, so it is not a divergence test.)
run_expect 3 "$WORK/log2" "$SDFC_TRAIN" train "${QUICK[@]}" --max-loss 0.5 --out "$WORK/run2"
check "--max-loss below the loss: exit 3 naming --max-loss" grep -q "exceeds --max-loss" "$WORK/log2"
finish
