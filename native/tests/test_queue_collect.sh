#!/usr/bin/env bash
# (n) `./sdfc queue --collect` (scripts/background_runs.sh --collect) stages what a sitting must
# commit, in a scratch git repository holding a copy of the script: every record's text files;
# past .gitignore, the checkpoint of an unfinished run at any depth and of a finished run that a
# lane still continues (continue_run.sh with its destination absent); and it takes a finished
# run's checkpoint out of git. Nothing is trained: the run dirs are hand-made.
source "$(dirname "$0")/lib.sh" "$@"
SRC="$(cd "$(dirname "$0")/../.." && pwd)"
R="$WORK/repo"
mkdir -p "$R/scripts" "$R/results/queue"
cp "$SRC/scripts/background_runs.sh" "$R/scripts/"
cp "$SRC/.gitignore" "$R/"
run_dir() {  # run_dir PATH finished|partial
  mkdir -p "$R/$1"
  echo '{}' > "$R/$1/run.json"
  echo 'epoch,test_acc' > "$R/$1/metrics.csv"
  echo 'ckpt' > "$R/$1/checkpoint.npz"
  echo 'weights' > "$R/$1/weights.npz"
  [ "$2" = finished ] && echo '{}' > "$R/$1/summary.json"
  return 0
}
run_dir results/table/mnist/bp/seed1 finished            # done: its checkpoint leaves git
run_dir results/table/mnist/dfc/seed1 partial            # resumes
run_dir results/val/faithful-10ep/mnist/dfc/seed1 finished  # a lane continues it
run_dir results/val/faithful-10ep/mnist/dfc/seed2 finished  # continued already
run_dir results/val/faithful-40ep/mnist/dfc/seed2 partial   # … here (depth 5)
cat > "$R/results/queue/lane1.txt" << 'TXT'
# comment
! scripts/continue_run.sh results/val/faithful-10ep/mnist/dfc/seed1 results/val/faithful-40ep/mnist/dfc/seed1
! scripts/continue_run.sh results/val/faithful-10ep/mnist/dfc/seed2 results/val/faithful-40ep/mnist/dfc/seed2
TXT
(
  cd "$R" && git init -q && git -c user.name=t -c user.email=t@t add -A &&
    git add -f results/table/mnist/bp/seed1/checkpoint.npz &&
    git -c user.name=t -c user.email=t@t commit -qm init
) || fail "scratch repository"
# a new partial run appears after the last commit
run_dir results/table/fmnist/dfc/seed1 partial
(cd "$R" && bash scripts/background_runs.sh --collect) > "$WORK/out" 2>&1
check "--collect exits 0" [ $? -eq 0 ]
tracked_after() { (cd "$R" && git ls-files --cached) | grep -qx "$1"; }
check "a new run's text records are staged" tracked_after results/table/fmnist/dfc/seed1/metrics.csv
check "an unfinished run's checkpoint is staged past .gitignore" \
  tracked_after results/table/fmnist/dfc/seed1/checkpoint.npz
check "… also at depth 5 (results/<sweep>/<budget>/<dataset>/<method>/seed<k>)" \
  tracked_after results/val/faithful-40ep/mnist/dfc/seed2/checkpoint.npz
check "a finished run that a lane still continues keeps its checkpoint" \
  tracked_after results/val/faithful-10ep/mnist/dfc/seed1/checkpoint.npz
check "a finished run already continued does not" \
  bash -c '! (cd "$1" && git ls-files --cached) | grep -qx results/val/faithful-10ep/mnist/dfc/seed2/checkpoint.npz' _ "$R"
check "a finished run's committed checkpoint leaves git, and stays on disk" \
  bash -c '! (cd "$1" && git ls-files --cached) | grep -qx results/table/mnist/bp/seed1/checkpoint.npz && [ -f "$1/results/table/mnist/bp/seed1/checkpoint.npz" ]' _ "$R"
check "weights are never staged" bash -c '! (cd "$1" && git ls-files --cached) | grep -q weights.npz' _ "$R"
check "it says what it kept and what left" \
  bash -c 'grep -q "keeps results/table/fmnist/dfc/seed1/checkpoint.npz" "$1" && grep -q "bp/seed1/checkpoint.npz leaves git" "$1"' _ "$WORK/out"
finish
