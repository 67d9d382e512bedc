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
finish
