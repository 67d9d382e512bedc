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
run_expect 1 "$WORK/e" "$SDFC_TRAIN" plot --runs "$WORK/nothing" --out "$WORK/x.svg"
check "missing run dir: exit 1, no SVG" [ ! -e "$WORK/x.svg" ]
finish
