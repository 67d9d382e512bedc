#!/usr/bin/env bash
# summarize: rebuilds a finished run's summary.json from metrics.csv and run.json. The oracle
# for the rebuilt metrics is an independent reading of metrics.csv (Python below: the first
# epoch with the highest validation accuracy, as the authors' `if val_acc > best`); the oracle
# for "unchanged" is the summary `train` wrote itself.
source "$(dirname "$0")/lib.sh" "$@"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
"$SDFC_TRAIN" train "${QUICK[@]}" --epochs 3 --out "$WORK/rec/mnist/m/seed1" --quiet >/dev/null 2>&1
S="$WORK/rec/mnist/m/seed1/summary.json"
cp "$S" "$WORK/train_summary.json"
run_expect 0 "$WORK/c0" "$SDFC_TRAIN" summarize --check "$WORK/rec"
check "a summary written by train is current (--check exits 0)" grep -q "1 run record(s), 0 out of date" "$WORK/c0"

# an old-format summary (before it held the best-validation metric): last-epoch fields only
python3 - "$S" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
keep = ["dataset", "epochs", "finished", "method", "preset", "seed", "test_acc", "test_loss",
        "val_acc", "wall_s"]
json.dump({k: j[k] for k in keep}, open(sys.argv[1], "w"), indent=2)
PY
cp "$S" "$WORK/old_summary.json"
run_expect 1 "$WORK/c1" "$SDFC_TRAIN" summarize --check "$WORK/rec"
check "--check: an old-format summary is out of date (exit 1, names the file and the keys)" \
  bash -c 'grep -q "out of date .*summary.json: .*+best_val_epoch" "$1" && grep -q "run .sdfc_train summarize" "$1"' _ "$WORK/c1"
check "--check writes nothing" cmp -s "$S" "$WORK/old_summary.json"
run_expect 0 "$WORK/u" "$SDFC_TRAIN" summarize "$WORK/rec"
check "summarize rebuilds it (1 updated)" grep -q "1 run record(s), 1 updated" "$WORK/u"
check "the rebuilt summary is the one train wrote" python3 - "$S" "$WORK/train_summary.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert a == b, (a, b)
PY
check "best-validation epoch and both errors match an independent reading of metrics.csv" \
  python3 - "$S" "$WORK/rec/mnist/m/seed1/metrics.csv" "$WORK/old_summary.json" <<'PY'
import csv, json, sys
s = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2])))
val = [float(r["val_acc"]) for r in rows]
best = val.index(max(val))  # first epoch of a tie
assert s["best_val_epoch"] == int(rows[best]["epoch"]), s
assert abs(s["test_err_val_best_pct"] - 100 * (1 - float(rows[best]["test_acc"]))) < 1e-9, s
assert abs(s["test_err_last_pct"] - 100 * (1 - float(rows[-1]["test_acc"]))) < 1e-9, s
assert s["finished"] == json.load(open(sys.argv[3]))["finished"]  # when the run ended, kept
PY
# the preset the finishing command named is kept (run.json holds the one the run started with)
sed -i 's/"preset": "web-small"/"preset": "renamed-later"/' "$S"
run_expect 0 "$WORK/u2" "$SDFC_TRAIN" summarize "$WORK/rec"
check "a second summarize changes nothing, and keeps the summary's preset" \
  bash -c 'grep -q "1 run record(s), 0 updated" "$1" && grep -q "\"preset\": \"renamed-later\"" "$2"' \
  _ "$WORK/u2" "$S"

# records that disagree: metrics.csv shorter than the summary's epochs → exit 1, untouched
cp -r "$WORK/rec" "$WORK/bad"
sed -i '$d' "$WORK/bad/mnist/m/seed1/metrics.csv"
cp "$WORK/bad/mnist/m/seed1/summary.json" "$WORK/bad_before.json"
run_expect 1 "$WORK/eb" "$SDFC_TRAIN" summarize "$WORK/bad"
check "metrics.csv and summary.json disagree: exit 1 naming metrics.csv, summary untouched" \
  bash -c 'grep -q "metrics.csv ends at epoch 2 but summary.json says 3" "$1" && cmp -s "$2" "$3"' \
  _ "$WORK/eb" "$WORK/bad/mnist/m/seed1/summary.json" "$WORK/bad_before.json"
run_expect 2 "$WORK/en" "$SDFC_TRAIN" summarize "$WORK/no_such_dir"
check "a missing directory: exit 2 naming it" grep -q "no_such_dir is not a directory" "$WORK/en"

# the committed records: every finished run's summary.json holds both metrics (issue 11)
if [ -d "$ROOT/results" ]; then
  run_expect 0 "$WORK/cr" "$SDFC_TRAIN" summarize --check "$ROOT/results"
  check "every committed summary.json under results/ is current" grep -q " 0 out of date" "$WORK/cr"
fi
finish
