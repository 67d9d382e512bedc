#!/usr/bin/env bash
# (g) reproduce with tiny settings writes table.md (5 method rows, both datasets, paper numbers),
# table.csv and curves.svg; a second call skips the finished runs. Also: --slurm writes a script.
source "$(dirname "$0")/lib.sh" "$@"
TINY=(--epochs 1 --train-subset 128 --test-subset 128 --set tmax_di=10 --set tmax_di_fb=10 --quiet)
OUT="$WORK/repro"
"$SDFC_TRAIN" reproduce "${TINY[@]}" --out "$OUT" >"$WORK/out" 2>"$WORK/err"
rc=$?
check "reproduce exits 0" [ "$rc" -eq 0 ] || { tail -20 "$WORK/err"; }
check "table.md written" [ -s "$OUT/table.md" ]
for row in "BP" "Strong-DFC (noise)" "DFC (noise)" "Strong-DFC (no noise)" "DFC (no noise)"; do
  check "table.md row: $row" grep -qF "| $row |" "$OUT/table.md"
done
check "rows in the slide order" \
  bash -c 'grep "^| [BSD]" "$1" | grep -v Method | cut -d"|" -f2 | tr -s " " | tr "\n" ";" | grep -qF " BP ; Strong-DFC (noise) ; DFC (noise) ; Strong-DFC (no noise) ; DFC (no noise) ;"' _ "$OUT/table.md"
check "paper numbers present (BP 1.83 ± 0.11, DFC (noise) FMNIST 16.29 ± 0.41)" \
  bash -c 'grep -qF "1.83 ± 0.11" "$1" && grep -qF "16.29 ± 0.41" "$1"' _ "$OUT/table.md"
check "n=1 shown for one seed" grep -qF "(n=1)" "$OUT/table.md"
check "settings recorded (epochs 1, subset 128)" bash -c 'grep -q "epochs 1" "$1" && grep -q "train subset 128" "$1"' _ "$OUT/table.md"
check "table.csv has 10 data rows" [ "$(tail -n +2 "$OUT/table.csv" | wc -l)" -eq 10 ]
check "curves.svg written" grep -q "<svg" "$OUT/curves.svg"
check "10 run dirs" [ "$(ls "$OUT/runs" | wc -l)" -eq 10 ]
"$SDFC_TRAIN" reproduce "${TINY[@]}" --out "$OUT" >"$WORK/out2" 2>"$WORK/err2"
check "second call skips all finished runs" grep -q '"skipped_here":10' "$WORK/out2"
"$SDFC_TRAIN" reproduce "${TINY[@]}" --seeds 2 --out "$WORK/slurm" --slurm "$WORK/job.sh" >/dev/null 2>&1
check "--slurm writes a 20-task job array" grep -q "#SBATCH --array=0-19" "$WORK/job.sh"
check "slurm script is valid bash" bash -n "$WORK/job.sh"
check "slurm tasks resume" grep -q -- "--resume" "$WORK/job.sh"
finish
