#!/usr/bin/env bash
# scripts/background_runs.sh — start the committed sweep queue in the background, at the lowest
# priority, one lane per file (results/queue/lane*.txt; lanes beyond the cores share them).
#
# Each line of a lane file is the argument list of one `sdfc_train reproduce` (blank lines and
# # comments skipped), or "! command" for a shell command run from the repository root (e.g.
# scripts/continue_run.sh, scripts/noise_sweep.sh; it finds the lane's trainer in $SDFC_TRAIN).
# The lane runs its lines in order, each reproduce with --resume, so a sitting that was killed
# continues where its last committed checkpoint left off, and finished runs are skipped. What a
# sitting must do before it ends: commit the records (and the checkpoints of unfinished runs:
# `git add -f results/…/checkpoint.npz`).
#
#   scripts/background_runs.sh            start every lane (logs in $SDFC_BG_DIR, default runs/queue/)
#   scripts/background_runs.sh --status   per lane: running or stopped, its current line and last progress line
#   scripts/background_runs.sh --stop     stop the lanes (their runs resume next time)
#   scripts/background_runs.sh --collect  stage what a sitting must commit (below)
#
# Priority (DEVELOPERS.md, long runs): each lane's shell writes 19 to /proc/self/autogroup —
# with autogroup scheduling plain nice does not lower a separate session's share — and runs
# under nice -n 19. The lanes run a copy of the trainer, so rebuilding does not disturb them.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BG="${SDFC_BG_DIR:-$ROOT/runs/queue}"
QUEUE="${SDFC_QUEUE_DIR:-results/queue}"
mkdir -p "$BG"

case "${1:-}" in
  --status)
    # per lane: what it runs and since when (its last "===" line), and its last progress line
    # ("[k/n dataset method seed s] epoch …"; a run's configuration dump says nothing)
    for log in "$BG"/lane*.log; do
      [ -f "$log" ] || continue
      name="$(basename "$log" .log)"
      state="stopped"
      if [ -f "$BG/$name.pid" ] && kill -0 -- -"$(cat "$BG/$name.pid")" 2> /dev/null; then state="running"; fi
      # the last "===" line, and the last progress line after it (none yet: the run is starting)
      awk -v head="$name ($state)" '
        /^===/ { run = substr($0, 5); progress = ""; next }
        /^\[[^]]*\] +(epoch|feedback)/ { progress = $0 }
        END {
          print head ": " run
          if (progress != "") print "    " progress
          else if (run !~ /lane done$/) print "    (starting: no epoch or pre-training pass finished yet)"
        }
      ' "$log"
    done
    exit 0
    ;;
  --stop)
    # SIGTERM each lane's process group, then wait until it has exited: the trainer finishes its
    # batch and writes its checkpoint and table on the way out, and a --collect or
    # scripts/results_figures.sh right after --stop must see those files, not race them.
    for pid in "$BG"/lane*.pid; do
      [ -f "$pid" ] || continue
      group="$(cat "$pid")"
      kill -- -"$group" 2> /dev/null || true
      for _ in $(seq 240); do
        kill -0 -- -"$group" 2> /dev/null || break
        sleep 0.5
      done
      if kill -0 -- -"$group" 2> /dev/null; then
        echo "stop: $(basename "$pid" .pid) still running after 120 s (process group $group); check it before --collect" >&2
      fi
      rm -f "$pid"
    done
    exit 0
    ;;
  --collect)
    # Stage the records for the commit that ends a sitting: everything under results/ that
    # .gitignore lets through (run.json, metrics.*, summary.json, tables, figures); forced past
    # .gitignore, the checkpoint of every unfinished run (no summary.json) and of a finished
    # run that a lane's "! scripts/continue_run.sh SRC DST" still has to continue (DST absent);
    # the checkpoint of any other finished run leaves git. Run dirs may sit at any depth.
    git add results
    continued=$(cat "$QUEUE"/lane*.txt 2> /dev/null | sed -n 's/^![[:space:]]*scripts\/continue_run\.sh[[:space:]]\+\([^ ]*\)[[:space:]]\+\([^ ]*\).*/\1 \2/p')
    while IFS= read -r -d '' ckpt; do
      dir="$(dirname "$ckpt")"
      keep=0
      [ -f "$dir/summary.json" ] || keep=1
      while read -r src dst; do
        [ -n "$src" ] && [ "${src%/}" = "$dir" ] && [ ! -e "$dst" ] && keep=1
      done <<< "$continued"
      if [ "$keep" = 1 ]; then
        git add -f "$ckpt"
        echo "collect: keeps $ckpt (the run resumes from it)"
      elif git ls-files --error-unmatch "$ckpt" > /dev/null 2>&1; then
        git rm -q --cached "$ckpt"
        echo "collect: $ckpt leaves git (its run is finished)"
      fi
    done < <(find results -name checkpoint.npz -print0)
    exit 0
    ;;
  "") ;;
  *)
    echo "usage: scripts/background_runs.sh [--status | --stop | --collect]" >&2
    exit 2
    ;;
esac

T=build/release/native/sdfc_train
[ -x "$T" ] || ./sdfc build > /dev/null
BIN="$BG/sdfc_train.$(git rev-parse --short HEAD)"
# Copy through a temporary name and rename: a running lane may be executing $BIN ("text file
# busy" for a plain cp), and rename leaves its inode alone. Skipped when it is already there.
cmp -s "$T" "$BIN" 2> /dev/null || { cp "$T" "$BIN.tmp.$$" && mv -f "$BIN.tmp.$$" "$BIN"; }

shopt -s nullglob
lanes=("$QUEUE"/lane*.txt)
[ ${#lanes[@]} -gt 0 ] || {
  echo "background_runs: no lane files in $QUEUE (expected $QUEUE/lane1.txt …)" >&2
  exit 1
}
for lane in "${lanes[@]}"; do
  name="$(basename "$lane" .txt)"
  if [ -f "$BG/$name.pid" ] && kill -0 -- -"$(cat "$BG/$name.pid")" 2> /dev/null; then
    echo "$name: already running (scripts/background_runs.sh --stop first)" >&2
    continue
  fi
  setsid bash -c '
    echo $$ > "$4"  # the lane is its own session: --stop kills the whole group
    echo 19 > /proc/self/autogroup 2> /dev/null || true
    bin="$1" lane="$2" log="$3"
    grep -v "^[[:space:]]*\(#\|$\)" "$lane" | while read -r line; do
      if [ "${line:0:1}" = "!" ]; then
        echo "=== $(date -u +%FT%TZ) ${line}" >> "$log"
        # the trainer copy of this lane for scripts that train (SDFC_TRAIN), at the same priority
        SDFC_TRAIN="$bin" nice -n 19 bash -c "${line:1}" < /dev/null >> "$log" 2>&1 ||
          echo "=== exit $? (continuing)" >> "$log"
        continue
      fi
      echo "=== $(date -u +%FT%TZ) reproduce $line --resume" >> "$log"
      # shellcheck disable=SC2086  # the line is an argument list
      nice -n 19 "$bin" reproduce $line --resume --no-estimate < /dev/null >> "$log" 2>&1 ||
        echo "=== exit $? (continuing with the next line)" >> "$log"
    done
    echo "=== $(date -u +%FT%TZ) lane done" >> "$log"
  ' lane "$BIN" "$lane" "$BG/$name.log" "$BG/$name.pid" > /dev/null 2>&1 &
  echo "$name: started ($(grep -cv '^[[:space:]]*\(#\|$\)' "$lane") lines; log $BG/$name.log)"
done
