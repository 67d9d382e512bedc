#!/usr/bin/env bash
# (q) `./sdfc queue` (scripts/background_runs.sh) starts one lane per lane file in the background,
# in a scratch git repository holding a copy of the script: a lane runs its lines in order, a
# "! command" line from the repository root with the lane's copy of the trainer in $SDFC_TRAIN
# and at nice 19, a reproduce line with --resume; the lane's log ends with "lane done".
source "$(dirname "$0")/lib.sh" "$@"
SRC="$(cd "$(dirname "$0")/../.." && pwd)"
R="$WORK/repo"
mkdir -p "$R/scripts" "$R/results/queue" "$R/build/release/native"
cp "$SRC/scripts/background_runs.sh" "$R/scripts/"
ln -s "$(realpath "$SDFC_TRAIN")" "$R/build/release/native/sdfc_train"
cat > "$R/results/queue/lane1.txt" << 'TXT'
# a comment, then a shell line and a reproduce line
! echo "$SDFC_TRAIN" > env.txt; nice > nice.txt
--dry-run --seeds 1 --datasets mnist --methods bp --out results/t --threads 1
TXT
(cd "$R" && git init -q && git -c user.name=t -c user.email=t@t add -A &&
  git -c user.name=t -c user.email=t@t commit -qm init) || fail "scratch repository"
(cd "$R" && SDFC_BG_DIR="$R/bg" bash scripts/background_runs.sh) > "$WORK/out" 2>&1
check "the queue starts (exit 0, one lane)" grep -q "lane1: started (2 lines" "$WORK/out"
for _ in $(seq 1 600); do grep -q "lane done" "$R/bg/lane1.log" 2> /dev/null && break; sleep 0.05; done
check "the lane ran to its end" grep -q "lane done" "$R/bg/lane1.log"
check "the ! line ran from the repository root" [ -f "$R/env.txt" ]
check "the ! line got the lane's trainer copy in SDFC_TRAIN" \
  bash -c 'grep -q "^$1/bg/sdfc_train\." "$2" && [ -x "$(cat "$2")" ]' _ "$R" "$R/env.txt"
check "the ! line ran at nice 19" [ "$(cat "$R/nice.txt" 2> /dev/null)" = 19 ]
check "the reproduce line ran with --resume" grep -q "reproduce --dry-run .* --resume" "$R/bg/lane1.log"
check "the reproduce line printed its plan" grep -q "mnist bp seed 1" "$R/bg/lane1.log"

# Starting lanes again while another lane still executes the trainer copy: a plain cp onto it
# fails with "Text file busy" (it stopped `./sdfc queue` from restarting one lane of two). Here
# the busy copy is a sleeping process under that name; the start must replace the file by rename.
BIN="$R/bg/sdfc_train.$(cd "$R" && git rev-parse --short HEAD)"
cp "$(command -v sleep)" "$BIN.busy" && mv -f "$BIN.busy" "$BIN"
"$BIN" 60 &
busy=$!
mv "$R/results/queue/lane1.txt" "$R/lane1.txt.off"
echo '! true' > "$R/results/queue/lane2.txt"
(cd "$R" && SDFC_BG_DIR="$R/bg" bash scripts/background_runs.sh) > "$WORK/out2" 2>&1
kill "$busy" 2> /dev/null
check "a lane starts while another runs the trainer copy" grep -q "lane2: started" "$WORK/out2"
check "the trainer copy is the current trainer again" cmp -s "$BIN" "$(realpath "$SDFC_TRAIN")"

# --status: per lane, running or stopped, the line it runs (its last "===" line) and the last
# progress line of that run, not of an earlier one nor a configuration dump; nothing after "lane done"
S="$WORK/status"
mkdir -p "$S"
cat > "$S/lane1.log" << 'LOG'
=== 2026-12-04T10:00:00Z reproduce --seeds 1 --out results/a --resume
[1/1 mnist bp seed 1] epoch 40/40  train loss 0.1 OLD-RUN
=== 2026-12-04T11:00:00Z reproduce --seeds 2 --out results/b --resume
[2/2 mnist dfc seed 2]   effective configuration:
[2/2 mnist dfc seed 2] feedback pre-training pass 3/20: 70.0 s
[2/2 mnist dfc seed 2] epoch 1/40  train loss 0.5 NEW-RUN
[2/2 mnist dfc seed 2]     coarse_steps = 1
LOG
printf '=== 2026-12-04T12:00:00Z reproduce --seeds 3 --out results/c --resume\n[1/1 x]   effective configuration:\n' > "$S/lane2.log"
printf '=== 2026-12-04T09:00:00Z reproduce --seeds 1 --resume\n[1/1 x] epoch 2/2 y\n=== 2026-12-04T09:30:00Z lane done\n' > "$S/lane3.log"
(cd "$R" && SDFC_BG_DIR="$S" bash scripts/background_runs.sh --status) > "$WORK/st" 2>&1
check "status: the lane's current line" grep -qx "lane1 (stopped): 2026-12-04T11:00:00Z reproduce --seeds 2 --out results/b --resume" "$WORK/st"
check "status: the current run's last progress line" grep -qx "    \[2/2 mnist dfc seed 2\] epoch 1/40  train loss 0.5 NEW-RUN" "$WORK/st"
check "status: not an earlier run's progress" bash -c '! grep -q OLD-RUN "$1"' _ "$WORK/st"
check "status: a run without progress yet says so" grep -q "^    (starting: no epoch" "$WORK/st"
check "status: a finished lane shows 'lane done' and no progress line" \
  bash -c 'grep -q "^lane3 (stopped): .*lane done$" "$1" && [ "$(wc -l < "$1")" = 5 ]' _ "$WORK/st"
finish
