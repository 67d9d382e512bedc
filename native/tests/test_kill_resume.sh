#!/usr/bin/env bash
# (b) SIGKILL at random moments (loading, training, evaluating, checkpoint writing), then
# --resume: every kill leaves a loadable checkpoint (or none yet), and the final weights are
# byte-identical to an uninterrupted run with the same seed.
source "$(dirname "$0")/lib.sh" "$@"
ARGS=(--preset web-small --epochs 30 --train-subset 1024 --test-subset 256 --diag-batch 16 --seed 7)
"$SDFC_TRAIN" train "${ARGS[@]}" --quiet --out "$WORK/ref" >/dev/null 2>"$WORK/ref.err"
check "uninterrupted reference run" [ -s "$WORK/ref/weights.npz" ]

RUN="$WORK/killed"
kills=0 loadable=0 checked=0
RANDOM=12345
attempts=0
for i in $(seq 1 12); do
  attempts=$i
  : >"$WORK/attempt.err"
  "$SDFC_TRAIN" train "${ARGS[@]}" --out "$RUN" --resume >/dev/null 2>"$WORK/attempt.err" &
  pid=$!
  if [ "$i" -ne 1 ]; then
    # wait until the data is loaded (the banner is printed), so that the kill lands in training,
    # evaluation or a checkpoint write rather than always in the data loading
    for _ in $(seq 1 600); do grep -q "run dir" "$WORK/attempt.err" && break; sleep 0.05; done
  fi
  sleep "0.$((RANDOM % 10))$((RANDOM % 10))"
  if kill -9 "$pid" 2>/dev/null; then kills=$((kills + 1)); fi
  wait "$pid" 2>/dev/null
  if [ -e "$RUN/checkpoint.npz" ]; then
    checked=$((checked + 1))
    if "$SDFC_TRAIN" check "$RUN/checkpoint.npz" >/dev/null 2>"$WORK/check.err"; then
      loadable=$((loadable + 1))
    else
      cat "$WORK/check.err"
    fi
  fi
  # at least 6 attempts; more (up to 12) if fewer than 4 kills landed on a running trainer
  [ "$i" -ge 6 ] && [ "$kills" -ge 4 ] && break
  [ -s "$RUN/weights.npz" ] && break  # the run finished: nothing left to kill
done
echo "  $kills kills in $attempts attempts; a checkpoint existed after $checked attempts, loadable $loadable/$checked"
check "the kills hit running trainers (>= 3 kills, >= 1 left a checkpoint)" [ "$kills" -ge 3 ] && [ "$checked" -ge 1 ]
check "every checkpoint left by a kill loads" [ "$loadable" -eq "$checked" ]
"$SDFC_TRAIN" train "${ARGS[@]}" --quiet --out "$RUN" --resume >/dev/null 2>>"$WORK/killed.err"
check "final --resume completes" [ -s "$RUN/weights.npz" ]
check "weights.npz byte-identical to the uninterrupted run" cmp "$WORK/ref/weights.npz" "$RUN/weights.npz"
check "metrics.csv has exactly one row per epoch" \
  [ "$(cut -d, -f1 "$RUN/metrics.csv" | tail -n +2 | tr "\n" " ")" = "$(seq -s " " 1 30) " ]
check "metrics (except timing) equal the reference" \
  cmp <(cut -d, -f1-11 "$WORK/ref/metrics.csv") <(cut -d, -f1-11 "$RUN/metrics.csv")
# SIGINT: stops after the current batch with exit 130, then resume still matches.
RUN2="$WORK/sigint"
"$SDFC_TRAIN" train "${ARGS[@]}" --quiet --out "$RUN2" >/dev/null 2>"$WORK/int.err" &
pid=$!
for _ in $(seq 1 100); do [ -e "$RUN2/checkpoint.npz" ] && break; sleep 0.1; done
kill -INT "$pid"
wait "$pid"
rc=$?
check "SIGINT exits 130 (or 0 if it had just finished)" [ "$rc" -eq 130 ] || [ "$rc" -eq 0 ]
"$SDFC_TRAIN" train "${ARGS[@]}" --quiet --out "$RUN2" --resume >/dev/null 2>>"$WORK/int.err"
check "resume after SIGINT is byte-identical" cmp "$WORK/ref/weights.npz" "$RUN2/weights.npz"
finish
