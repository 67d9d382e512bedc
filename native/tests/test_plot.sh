#!/usr/bin/env bash
# (i) plot writes a valid SVG with the three panels and a legend entry per run.
source "$(dirname "$0")/lib.sh" "$@"
"$SDFC_TRAIN" train "${QUICK[@]}" --epochs 3 --out "$WORK/a" --quiet >/dev/null 2>&1
"$SDFC_TRAIN" train "${QUICK[@]}" --epochs 3 --seed 3 --out "$WORK/b" --quiet >/dev/null 2>&1
"$SDFC_TRAIN" plot --runs "$WORK/a" "$WORK/b" --out "$WORK/curves.svg" 2>"$WORK/err"
check "plot exits 0" [ $? -eq 0 ]
if command -v xmllint >/dev/null; then
  check "SVG is well-formed XML (xmllint)" xmllint --noout "$WORK/curves.svg"
else
  check "SVG has an <svg> root" grep -q "<svg" "$WORK/curves.svg"
fi
for t in "Test accuracy" "Training loss" "Amount of control"; do
  check "panel: $t" grep -q "$t" "$WORK/curves.svg"
done
check "one line per run and panel (6 polylines)" [ "$(grep -c "<polyline" "$WORK/curves.svg")" -ge 6 ]
check "legend names both runs" bash -c 'grep -q ">a (" "$1" && grep -q ">b (" "$1"' _ "$WORK/curves.svg"
"$SDFC_TRAIN" plot --runs "$WORK/a" "$WORK/b" --labels "first run" "second run" \
  --out "$WORK/labelled.svg" 2>/dev/null
check "--labels name the runs in the legend" \
  bash -c 'grep -q ">first run (" "$1" && grep -q ">second run (" "$1" && ! grep -q ">a (" "$1"' _ "$WORK/labelled.svg"
run_expect 2 "$WORK/el" "$SDFC_TRAIN" plot --runs "$WORK/a" "$WORK/b" --labels one --out "$WORK/l1.svg"
check "--labels with the wrong count: exit 2 naming the flag, no SVG" \
  bash -c 'grep -q -- "--labels" "$1" && [ ! -e "$2" ]' _ "$WORK/el" "$WORK/l1.svg"
# --from-epoch N: a fourth panel, the test error of epochs ≥ N (3-epoch runs, N = 2: two
# points per run, the error falling where the accuracy rises — SVG y grows downwards)
"$SDFC_TRAIN" plot --runs "$WORK/a" "$WORK/b" --from-epoch 2 --out "$WORK/zoom.svg" 2>/dev/null
check "--from-epoch 2: the zoom panel, one 2-point line per run, mirroring the accuracy" \
  python3 - "$WORK/zoom.svg" "$WORK/a/metrics.csv" <<'PY'
import csv, re, sys
svg = open(sys.argv[1]).read()
assert "Test error from epoch 2" in svg
lines = [[tuple(map(float, p.split(","))) for p in m.split()]
         for m in re.findall(r'<polyline[^>]*points="([^"]*)"', svg)]
zoom = lines[-2:]  # the last panel's lines, one per run
assert all(len(l) == 2 for l in zoom), zoom
acc = [float(r["test_acc"]) for r in csv.DictReader(open(sys.argv[2]))]
dy = zoom[0][1][1] - zoom[0][0][1]  # pixel y of epoch 3 minus epoch 2, run a
assert (acc[2] - acc[1]) * dy >= 0, (acc, dy)  # error up (y up = smaller) iff accuracy down
PY
run_expect 2 "$WORK/ez" "$SDFC_TRAIN" plot --sweep "$WORK/a" --param sigma --from-epoch 2 --out "$WORK/z2.svg"
check "--from-epoch without --runs: exit 2 naming the flag" grep -q -- "--from-epoch" "$WORK/ez"
# a title longer than the figure is set smaller, not cut at the edge (SVG text does not wrap):
# the short default title keeps 18 px; a 150-character one gets a font whose estimated width
# (0.62 em per character, svg_chart.cpp's estimate for bold sans-serif) fits inside the figure
long=$(printf 'Noise robustness %.0s' $(seq 1 9))
"$SDFC_TRAIN" plot --runs "$WORK/a" "$WORK/b" --title "$long" --out "$WORK/long.svg" 2>/dev/null
check "a title too long for the figure gets a smaller font that fits, a short one keeps 18 px" \
  python3 - "$WORK/long.svg" "$WORK/curves.svg" "$long" <<'PY'
import re, sys
def title(path):
    svg = open(path).read()
    W = float(re.search(r'<svg[^>]* width="([0-9.]+)"', svg).group(1))
    size = float(re.search(r'font-size="([0-9.]+)" font-weight="700"', svg).group(1))
    return W, size
W, size = title(sys.argv[1])
assert size < 18 and 0.62 * size * len(sys.argv[3]) <= W, (W, size)
assert title(sys.argv[2])[1] == 18, title(sys.argv[2])
PY
run_expect 1 "$WORK/e" "$SDFC_TRAIN" plot --runs "$WORK/nothing" --out "$WORK/x.svg"
check "missing run dir: exit 1, no SVG" [ ! -e "$WORK/x.svg" ]
# --sweep: final error against a hyperparameter from run records (the noise-robustness figure)
for s in 0 0.01; do
  "$SDFC_TRAIN" train "${QUICK[@]}" --sigma "$s" --out "$WORK/sweep/s$s" --quiet >/dev/null 2>&1
done
"$SDFC_TRAIN" plot --sweep "$WORK/sweep" --param sigma --out "$WORK/noise.svg" 2>"$WORK/sw.err"
check "plot --sweep exits 0 and writes the SVG" grep -q "<svg" "$WORK/noise.svg"
check "noise.md: one row per sigma value" \
  bash -c '[ "$(grep -c "^| Strong-DFC (noise) · mnist | " "$1")" -eq 2 ]' _ "$WORK/noise.md"
# --mark-x VALUE=LABEL: a dashed reference line at x = VALUE on both panels, labelled; σ = 0.005
# sits halfway between the sweep's two points (0 and 0.01) on the linear axis; a mark off the
# axis (σ = 5) is left out
"$SDFC_TRAIN" plot --sweep "$WORK/sweep" --param sigma --mark-x "0.005=half way" --mark-x "5=far away" \
  --out "$WORK/marked.svg" 2>/dev/null
check "--mark-x: a labelled dashed line halfway between σ = 0 and 0.01 on each panel, none off the axis" \
  python3 - "$WORK/marked.svg" <<'PY'
import re, sys
svg = open(sys.argv[1]).read()
assert svg.count(">half way</text>") == 2 and "far away" not in svg
marks = [float(x) for x in re.findall(r'<line x1="([0-9.]+)"[^>]*stroke-dasharray="4 3"', svg)]
assert len(marks) == 2, marks
first = [tuple(map(float, p.split(","))) for p in
         re.search(r'<polyline[^>]*points="([^"]*)"', svg).group(1).split()]
assert len(first) == 2, first  # the first panel's line: σ = 0 and σ = 0.01
assert abs(marks[0] - (first[0][0] + first[1][0]) / 2) < 0.02, (marks, first)
PY
for bad in "abc=x" "0.1x=x" "0.1" "=label"; do
  run_expect 2 "$WORK/em" "$SDFC_TRAIN" plot --sweep "$WORK/sweep" --param sigma --mark-x "$bad" --out "$WORK/m2.svg"
  check "--mark-x '$bad': exit 2 naming the flag and the item, no SVG" \
    bash -c 'grep -q -- "--mark-x .$2" "$1" && [ ! -e "$3" ]' _ "$WORK/em" "$bad" "$WORK/m2.svg"
done
run_expect 2 "$WORK/e2" "$SDFC_TRAIN" plot --sweep "$WORK/sweep" --param no_such --out "$WORK/y.svg"
check "unknown --param: exit 2 naming it" grep -q "no_such" "$WORK/e2"
finish
