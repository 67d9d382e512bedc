#!/usr/bin/env bash
# (m) One run dir, one trainer: while a run trains, a second process on the same dir (another
# background lane, a second reproduce, an MPI rank) is refused with exit 2 and a message naming
# the dir, and the first run's records are untouched; once it has stopped, the dir is free.
# No race with the clock: the first trainer is given far more work than the test waits for,
# and is stopped (SIGINT) once the checks are done.
source "$(dirname "$0")/lib.sh" "$@"
LONG=(--preset web-small --init_fb_epochs 10000 --epochs 1 --train-subset 2048 --test-subset 128
      --diag-batch 8 --seed 4)

# 1. The lock itself, held by this shell: a trainer on that dir is refused.
mkdir -p "$WORK/held"
exec 9> "$WORK/held/.lock"
flock -n 9
"$SDFC_TRAIN" train "${LONG[@]}" --out "$WORK/held" --resume > /dev/null 2> "$WORK/held.err"
rc=$?
check "a dir whose lock is held: the trainer exits 2" [ "$rc" -eq 2 ]
check "its message names the dir and says what to do" \
  grep -q "run dir $WORK/held is being trained by another process.*wait for it to finish or stop it" "$WORK/held.err"
exec 9>&-
check "nothing was written into the held dir" bash -c '[ -z "$(ls "$1")" ]' _ "$WORK/held"

# 2. A trainer holds it while it runs (10,000 pre-training passes: ≥ 15 min of work).
"$SDFC_TRAIN" train "${LONG[@]}" --out "$WORK/run" > /dev/null 2> "$WORK/a.err" &
pid=$!
for _ in $(seq 1 1200); do grep -q "pre-training pass 2/10000" "$WORK/a.err" && break; sleep 0.05; done
check "the first trainer is running" kill -0 "$pid"
check "while it runs, its dir's lock is taken" bash -c '! flock -n "$1/.lock" true' _ "$WORK/run"
# run.json without the pre-training time, which the first trainer adds to after every pass
record() { python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); [j.pop(k) for k in ("pretrain_s", "pretrain_passes_timed")]; print(json.dumps(j, sort_keys=True))' "$1/run.json" | sha256sum; }
sum_before="$(record "$WORK/run")"
"$SDFC_TRAIN" train "${LONG[@]}" --out "$WORK/run" --resume > /dev/null 2> "$WORK/b.err"
rc=$?
check "a second trainer on the busy dir exits 2" [ "$rc" -eq 2 ]
check "its message names the dir" grep -q "run dir $WORK/run is being trained by another process" "$WORK/b.err"
check "the first trainer was not disturbed (still running, run.json unchanged but for its pre-training time)" \
  bash -c 'kill -0 "$1" && [ "$2" = "$3" ]' _ "$pid" "$(record "$WORK/run")" "$sum_before"
kill -INT "$pid"
wait "$pid"
check "the first trainer stops on SIGINT (exit 130)" [ $? -eq 130 ]
check "once it has stopped, the lock is free" flock -n "$WORK/run/.lock" true

# 3. A finished dir takes --resume, and a lock file alone is not content.
QUICK=(--preset mnist-bp --epochs 1 --train-subset 256 --test-subset 64 --quiet)
"$SDFC_TRAIN" train "${QUICK[@]}" --out "$WORK/done" > /dev/null 2>&1
"$SDFC_TRAIN" train "${QUICK[@]}" --out "$WORK/done" --resume > /dev/null 2> "$WORK/c.err"
check "after a run has finished, --resume on its dir is accepted (exit 0)" [ $? -eq 0 ]
check "the lock file does not count as content: a fresh dir holding only .lock trains" \
  bash -c 'mkdir -p "$1/fresh" && : > "$1/fresh/.lock" && "$2" train "${@:3}" --out "$1/fresh" >/dev/null 2>&1' \
  _ "$WORK" "$SDFC_TRAIN" "${QUICK[@]}"
finish
