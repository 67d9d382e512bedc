#!/usr/bin/env bash
# (g) reproduce at a tiny size, --fast, --jobs 2: records in <dataset>/<method>/seed<k>/, a
# table.md with both metrics (best-validation epoch and last epoch) next to the paper's
# numbers, table.csv, curves.svg, control.svg; without --resume an existing sweep is not
# touched; with --resume finished runs are skipped; --table-only --from rebuilds the table
# from text records alone; --dry-run prints the plan with estimates; --slurm writes a script.
source "$(dirname "$0")/lib.sh" "$@"
TINY=(--fast --epochs 2 --train-subset 128 --test-subset 128 --set tmax_di=10 --set tmax_di_fb=10
      --set init_fb_epochs=1 --quiet)
OUT="$WORK/repro"
"$SDFC_TRAIN" reproduce "${TINY[@]}" --jobs 2 --out "$OUT" >"$WORK/out" 2>"$WORK/err"
rc=$?
check "reproduce --fast --jobs 2 exits 0" [ "$rc" -eq 0 ] || { tail -20 "$WORK/err"; }
check "table.md written" [ -s "$OUT/table.md" ]
for row in "BP" "Strong-DFC (noise)" "DFC (noise)" "Strong-DFC (no noise)" "DFC (no noise)"; do
  check "table.md row: $row (both datasets)" [ "$(grep -cF "| $row |" "$OUT/table.md")" -eq 2 ]
done
check "rows in the slide order" \
  bash -c 'sed -n "/^## MNIST/,/^## Fashion/p" "$1" | grep "^| [BSD]" | cut -d"|" -f2 | tr -s " " | tr "\n" ";" | grep -qF " BP ; Strong-DFC (noise) ; DFC (noise) ; Strong-DFC (no noise) ; DFC (no noise) ;"' _ "$OUT/table.md"
check "both metrics named" bash -c 'grep -qF "test error @ best val" "$1" && grep -qF "last epoch" "$1" && grep -qF "ddof = 1" "$1"' _ "$OUT/table.md"
check "paper numbers present (BP 1.83 ± 0.11, DFC (noise) FMNIST 16.29 ± 0.41)" \
  bash -c 'grep -qF "1.83 ± 0.11" "$1" && grep -qF "16.29 ± 0.41" "$1"' _ "$OUT/table.md"
check "one seed of one shown as 1/1" grep -qF "| 1/1 |" "$OUT/table.md"
check "fast solver named per cell" grep -qF "float32, coarse_steps" "$OUT/table.md"
check "table.csv has 10 data rows" [ "$(tail -n +2 "$OUT/table.csv" | wc -l)" -eq 10 ]
check "curves.svg and control.svg written" bash -c 'grep -q "<svg" "$1/curves.svg" && grep -q "<svg" "$1/control.svg"' _ "$OUT"
check "10 records in <dataset>/<method>/seed1" [ "$(ls "$OUT"/*/*/seed1/summary.json | wc -l)" -eq 10 ]
S="$OUT/mnist/strong-dfc/seed1/summary.json"
check "summary.json has both metrics and the best epoch" \
  python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert j["epochs"]==2 and 1<=j["best_val_epoch"]<=2 and 0<=j["test_acc_val_best"]<=1 and 0<=j["test_acc"]<=1' "$S"
check "the best epoch is the one with the best val_acc (first on ties)" \
  python3 - "$OUT/mnist/bp/seed1" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1] + "/metrics.csv")))
best = max(range(len(rows)), key=lambda i: (float(rows[i]["val_acc"]), -i))
j = json.load(open(sys.argv[1] + "/summary.json"))
assert j["best_val_epoch"] == best + 1, (j["best_val_epoch"], best + 1)
assert abs(j["test_acc_val_best"] - float(rows[best]["test_acc"])) < 1e-9
PY
check "epoch selection: 10 cells, the test-selected error never above the other three rules" \
  python3 - "$OUT/table.md" <<'PY'
import sys
t = open(sys.argv[1]).read()
sec = t[t.index("## Epoch selection"):]
sec = sec[:sec.index("\n## ", 3)]
rows = [l.split("|")[1:-1] for l in sec.splitlines() if l.startswith("| MNIST") or l.startswith("| Fashion")]
assert len(rows) == 10, len(rows)
for r in rows:
    v = [float(x.split("±")[0]) for x in r[2:6]]
    assert v[3] <= min(v[:3]) + 1e-9, r
PY
check "amount of control against the loss: the 8 controller cells, L_min 0.078 for c = 0.99" \
  bash -c 'sec="$(sed -n "/^## Amount of control/,/^## Runs/p" "$1")"; [ "$(grep -c "^| \(MNIST\|Fashion\)" <<< "$sec")" -eq 8 ] && grep -q "^| MNIST Strong-DFC (noise) | 1 | 0.078 |" <<< "$sec" && ! grep -q "| BP |" <<< "$sec"' _ "$OUT/table.md"
check "run.json records the equivalent train command" grep -qF '"command": "./sdfc train --preset mnist-dfc --seed 1 --fast' "$OUT/mnist/dfc/seed1/run.json"
check "one 'done' line per run" [ "$(grep -c '] done: test error' "$WORK/err")" -eq 10 ]
check "run.json times the feedback pre-training pass of every method that has one (--set init_fb_epochs=1)" \
  python3 - "$OUT" <<'PY'
import json, sys
for ds in ("mnist", "fmnist"):
    for m, passes in (("bp", 0), ("strong-dfc", 1), ("dfc", 1), ("strong-dfc-nonoise", 1), ("dfc-nonoise", 1)):
        j = json.load(open(f"{sys.argv[1]}/{ds}/{m}/seed1/run.json"))
        assert j["pretrain_passes_timed"] == passes, (ds, m, j["pretrain_passes_timed"])
        assert (j["pretrain_s"] > 0) == (passes > 0), (ds, m, j["pretrain_s"])
PY
check "MNIST DFC (no noise) --fast keeps the faithful solver (weak nudge, hard labels)" \
  grep -qF '"solver": "float64, faithful steps"' "$OUT/mnist/dfc-nonoise/seed1/summary.json"
# the time per run = pre-training + epochs; a record without the pre-training time (made before
# it was recorded) shows its epochs' time marked †, and the table says what † means
check "a table of records that all time their pre-training has no †" bash -c '! grep -qF "†" "$1"' _ "$OUT/table.md"
cp -r "$OUT" "$WORK/untimed"
python3 - "$WORK/untimed/fmnist/dfc/seed1/run.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
del j["pretrain_s"], j["pretrain_passes_timed"]
json.dump(j, open(sys.argv[1], "w"))
PY
"$SDFC_TRAIN" reproduce --table-only --from "$WORK/untimed" --quiet >/dev/null 2>&1
check "an untimed pre-training is marked † in its cell and run, and explained" \
  bash -c 'grep -q "^| DFC (noise) .* min † |$\|^| DFC (noise) .* s † |$" "$1" && grep -q "^| Fashion-MNIST DFC (noise) | 1 .* † | " "$1" && grep -qF "† The epochs only" "$1" && [ "$(grep -c " † |" "$1")" -eq 2 ]' _ "$WORK/untimed/table.md"
check "table.csv: the cell's mean pre-training time, empty where unknown" \
  python3 - "$WORK/untimed/table.csv" <<'PY'
import csv, sys
rows = {(r["dataset"], r["preset_method"]): r for r in csv.DictReader(open(sys.argv[1]))}
assert rows[("Fashion-MNIST", "dfc")]["pretrain_s_mean"] == "", rows[("Fashion-MNIST", "dfc")]
assert float(rows[("MNIST", "dfc")]["pretrain_s_mean"]) > 0
assert float(rows[("MNIST", "bp")]["pretrain_s_mean"]) == 0
PY

run_expect 2 "$WORK/again" "$SDFC_TRAIN" reproduce "${TINY[@]}" --out "$OUT"
check "without --resume an existing sweep is refused (exit 2)" grep -qF -- "add --resume" "$WORK/again"
"$SDFC_TRAIN" reproduce "${TINY[@]}" --resume --out "$OUT" >"$WORK/out2" 2>"$WORK/err2"
check "--resume skips all finished runs" grep -q '"skipped":10' "$WORK/out2"

# the table from text records alone (no weights, no checkpoints)
mkdir -p "$WORK/records"
(cd "$OUT" && find . -name '*.json' -o -name '*.csv' -o -name '*.jsonl' | grep /seed | \
  while read -r f; do mkdir -p "$WORK/records/$(dirname "$f")"; cp "$f" "$WORK/records/$f"; done)
"$SDFC_TRAIN" reproduce --table-only --from "$WORK/records" --quiet >/dev/null 2>&1
check "--table-only --from rebuilds the same cells from the records" \
  cmp <(sed -n '/^## MNIST/,$p' "$OUT/table.md" | sed 's#'"$OUT"'#X#g') \
      <(sed -n '/^## MNIST/,$p' "$WORK/records/table.md" | sed 's#'"$OUT"'#X#g')

"$SDFC_TRAIN" reproduce --table-only --from "$WORK/records" --compare-to "$OUT" --quiet >/dev/null 2>&1
check "--compare-to: 10 paired cells; the same records differ by +0.00 at 1.0× speed" \
  bash -c '[ "$(grep -c "| +0.00 | yes" "$1")" -eq 10 ]' _ "$WORK/records/comparison.md"
check "--compare-to: epoch by epoch, 10 seeds over epochs 1–2, Δ +0.00 at 1.0× time" \
  bash -c '[ "$(grep -c "| 1 | 1–2 | .* | +0.00 | 1.0× |" "$1")" -eq 10 ]' _ "$WORK/records/comparison.md"
check "--compare-to: solver vs seed difference, the same records differ by 0.00 on their one seed" \
  bash -c '[ "$(grep -c "| 0.00 | — | — | 1 / 0 / 0 |" "$1")" -eq 10 ]' _ "$WORK/records/comparison.md"
# --table-only --epochs N reads every record at its first N epochs: the 2-epoch records at 1
# epoch are their epoch-1 rows (both metrics), and at 3 epochs none is finished.
"$SDFC_TRAIN" reproduce --table-only --from "$WORK/records" --out "$WORK/b1" --epochs 1 --quiet >/dev/null 2>&1
check "--table-only --epochs 1: every cell is its record's first epoch (from metrics.csv)" \
  python3 - "$WORK/b1/table.csv" "$WORK/records" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 10, len(rows)
for r in rows:
    ds = {"MNIST": "mnist", "Fashion-MNIST": "fmnist"}[r["dataset"]]
    m = list(csv.DictReader(open(f"{sys.argv[2]}/{ds}/{r['preset_method']}/seed1/metrics.csv")))
    err = 100 * (1 - float(m[0]["test_acc"]))
    assert r["epochs"] == "1" and r["n_finished"] == "1", r
    assert abs(float(r["err_val_best_mean"]) - err) < 1e-3, (r, err)
    assert abs(float(r["err_last_mean"]) - err) < 1e-3, (r, err)
PY
check "--table-only --epochs 1: the table says it reads a budget" grep -qF "Budget: the first 1 epochs" "$WORK/b1/table.md"
"$SDFC_TRAIN" reproduce --table-only --from "$WORK/records" --out "$WORK/b3" --epochs 3 --quiet >/dev/null 2>&1
check "--table-only --epochs 3: no 2-epoch record counts as finished" \
  bash -c '[ "$(tail -n +2 "$1" | cut -d, -f4 | sort -u)" = 0 ]' _ "$WORK/b3/table.csv"
# A run stopped before its first epoch (in pre-training: run.json and a header-only
# metrics.csv) is listed as partial with dashes, not as "0 | nan".
mkdir -p "$WORK/records/mnist/bp/seed2"
cp "$WORK/records/mnist/bp/seed1/run.json" "$WORK/records/mnist/bp/seed2/"
head -1 "$WORK/records/mnist/bp/seed1/metrics.csv" > "$WORK/records/mnist/bp/seed2/metrics.csv"
"$SDFC_TRAIN" reproduce --table-only --from "$WORK/records" --out "$WORK/p0" --quiet >/dev/null 2>&1
check "a run without a finished epoch: '0/2 (partial) | — | — | — | —' in the run list" \
  bash -c 'grep -q "^| MNIST BP | 2 | 0/2 (partial) | — | — | — | — |" "$1" && ! grep -qi "| nan |" "$1"' _ "$WORK/p0/table.md"
rm -r "$WORK/records/mnist/bp/seed2"
# A run started by a direct `sdfc_train train` records a blank command: the run list shows its
# argv instead, the program by its file name (json's empty() is false for "", so this can fail).
cp -r "$WORK/records" "$WORK/blank"
python3 - "$WORK/blank/mnist/bp/seed1/run.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
r["command"], r["argv"] = "", ["/tmp/elsewhere/sdfc_train_check", "train", "--preset", "mnist-bp"]
json.dump(r, open(sys.argv[1], "w"))
PY
"$SDFC_TRAIN" reproduce --table-only --from "$WORK/blank" --quiet >/dev/null 2>&1
check "a blank run.json command: the run list shows its argv, program by file name" \
  grep -qF '| `sdfc_train_check train --preset mnist-bp` |' "$WORK/blank/table.md"
check "control.svg plots H against the loss above its floor L_min; curves.svg zooms from epoch 10" \
  bash -c 'grep -qF "training loss − L_min" "$1/control.svg" && grep -qF "MNIST: from epoch 10" "$1/curves.svg"' _ "$OUT"
# The zoom leaves out a row more than twice the best row's error (and names it), keeps one
# within: two records stretched to 12 epochs, BP at 10 % test error, DFC (noise) at 25 % / 15 %.
zoom_title() {  # zoom_title DFC_TEST_ACC → the MNIST zoom panel's title
  rm -rf "$WORK/far" && mkdir -p "$WORK/far/mnist"
  cp -r "$OUT/mnist/bp" "$OUT/mnist/dfc" "$WORK/far/mnist/"
  python3 - "$WORK/far/mnist" "$1" <<'PY'
import csv, sys
for m, acc in (("bp", "0.9"), ("dfc", sys.argv[2])):
    p = f"{sys.argv[1]}/{m}/seed1/metrics.csv"
    rows = list(csv.DictReader(open(p)))
    out = [dict(rows[-1], epoch=str(e), test_acc=acc) for e in range(1, 13)]
    w = csv.DictWriter(open(p, "w", newline=""), fieldnames=list(rows[0].keys()))
    w.writeheader()
    w.writerows(out)
PY
  "$SDFC_TRAIN" reproduce --table-only --from "$WORK/far" --quiet >/dev/null 2>&1
  grep -o '>MNIST: from epoch 10[^<]*<' "$WORK/far/curves.svg"
}
check "curves.svg: a row at 2.5x the best row's error is left out of the zoom, named in its title" \
  bash -c '[ "$1" = ">MNIST: from epoch 10, without DFC (noise)<" ]' _ "$(zoom_title 0.75)"
check "curves.svg: a row at 1.5x the best row's error stays in the zoom" \
  bash -c '[ "$1" = ">MNIST: from epoch 10<" ]' _ "$(zoom_title 0.85)"
# A finished record made with other settings is not skipped into the cell: refused, naming
# the field; a record from a build with fewer configuration fields still counts.
cp "$OUT/mnist/bp/seed1/run.json" "$WORK/bp-run.json"
run_expect 2 "$WORK/other" "$SDFC_TRAIN" reproduce "${TINY[@]}" --datasets mnist --methods bp \
  --set lr=0.5 --resume --out "$OUT"
check "--resume onto a finished run with another lr: refused (exit 2), naming --lr" \
  grep -qF -- "--lr (was 0.002, now 0.5)" "$WORK/other"
python3 - "$OUT/mnist/bp/seed1/run.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
del j["identity"]["config"]["clip_grad_norm"]  # as if written before the field existed
json.dump(j, open(sys.argv[1], "w"))
PY
"$SDFC_TRAIN" reproduce "${TINY[@]}" --datasets mnist --methods bp --resume --out "$OUT" >"$WORK/old" 2>&1
check "a record lacking a newer configuration field is still the planned run (skipped)" \
  grep -q '"skipped":1' "$WORK/old"
cp "$WORK/bp-run.json" "$OUT/mnist/bp/seed1/run.json"
"$SDFC_TRAIN" reproduce "${TINY[@]}" --seeds 2 --out "$WORK/plan" --dry-run >"$WORK/plan.out" 2>&1
check "--dry-run prints 20 planned runs with estimates and trains nothing" \
  bash -c '[ "$(grep -c "≈" "$1")" -ge 21 ] && [ ! -e "$2/mnist" ]' _ "$WORK/plan.out" "$WORK/plan"
"$SDFC_TRAIN" reproduce "${TINY[@]}" --seeds 2 --out "$WORK/slurm" --slurm "$WORK/job.sh" >/dev/null 2>&1
check "--slurm writes a 20-task job array" grep -q "#SBATCH --array=0-19" "$WORK/job.sh"
check "slurm script is valid bash" bash -n "$WORK/job.sh"
check "slurm tasks resume into the record layout" \
  bash -c 'grep -q -- "--resume" "$1" && grep -q "fmnist/dfc-nonoise/seed2" "$1" && grep -q -- "--fast" "$1"' _ "$WORK/job.sh"
# A partial sweep into a shared folder (one cell, as a background lane does) keeps the table
# of everything the folder holds: the earlier ten cells and the new DFA row.
"$SDFC_TRAIN" reproduce "${TINY[@]}" --datasets mnist --methods dfa --out "$OUT" --resume >"$WORK/dfa.out" 2>&1 || cat "$WORK/dfa.out"
check "one more cell into the folder: its table still has all ten cells, plus the new row (both datasets)" \
  bash -c '[ "$(tail -n +2 "$1/table.csv" | wc -l)" -eq 12 ] && grep -qF "| DFA |" "$1/table.md" && [ "$(grep -cF "| BP |" "$1/table.md")" -eq 2 ]' _ "$OUT"
finish
