#!/usr/bin/env bash
# scripts/noise_sweep.sh — the noise-robustness sweep (docs/results.md, "Noise robustness"):
# test error against the hidden-layer noise σ. For each preset and each multiple m, one run at
# σ = m × the preset's σ with σ_output scaled by the same m (the output/hidden ratio of the
# preset kept), everything else the preset's:
#
#   OUT/<dataset>/<method>/x<m>/seed<k>/     (the layout `./sdfc plot --sweep OUT --param sigma` reads)
#
#   scripts/noise_sweep.sh OUT PRESET[,PRESET…] [TRAIN FLAGS…]
#   env MULTIPLES (default "0 0.5 1 2 5 10"), SEEDS (default "1"),
#       SDFC_TRAIN (the trainer; default build/release/native/sdfc_train — a queue lane passes its copy)
#
# e.g. scripts/noise_sweep.sh results/noise-sweep-3ep mnist-strong-dfc,mnist-dfc --epochs 3 --fast
# Every run is `train … --resume`: a stopped sweep continues where it was, finished runs are
# skipped (their summary.json exists), and a run that fails stops the sweep with its exit code.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
[ $# -ge 2 ] || {
  echo "usage: scripts/noise_sweep.sh OUT PRESET[,PRESET…] [TRAIN FLAGS…]" >&2
  exit 2
}
out="$1" presets="$2"
shift 2
T="${SDFC_TRAIN:-build/release/native/sdfc_train}"
[ -x "$T" ] || ./sdfc build > /dev/null

# a preset's resolved value of one config field, as --print-config shows it
field() { "$T" train --preset "$1" --print-config | sed -n "s/^ *\"$2\": \([^,]*\),\{0,1\}$/\1/p"; }

IFS=',' read -r -a names <<< "$presets"
for p in "${names[@]}"; do
  case "$p" in
    mnist-*) dataset=mnist method="${p#mnist-}" ;;
    fmnist-*) dataset=fmnist method="${p#fmnist-}" ;;
    *) echo "noise_sweep: preset '$p' is neither mnist-… nor fmnist-… (see ./sdfc presets)" >&2; exit 2 ;;
  esac
  sigma="$(field "$p" sigma)" sigma_out="$(field "$p" sigma_output)"
  [ -n "$sigma" ] && [ -n "$sigma_out" ] || { echo "noise_sweep: no sigma in $p's configuration" >&2; exit 1; }
  for m in ${MULTIPLES:-0 0.5 1 2 5 10}; do
    # σ = m·σ_preset, σ_out = m·σ_out,preset (17 significant digits: the value round-trips)
    s=$(awk -v m="$m" -v x="$sigma" 'BEGIN { printf "%.17g", m * x }')
    so=$(awk -v m="$m" -v x="$sigma_out" 'BEGIN { printf "%.17g", m * x }')
    for seed in ${SEEDS:-1}; do
      dir="$out/$dataset/$method/x$m/seed$seed"
      if [ -f "$dir/summary.json" ]; then
        echo "noise_sweep: $dir finished, skipped" >&2
        continue
      fi
      echo "noise_sweep: $dir (σ = $s, σ_output = $so)" >&2
      "$T" train --preset "$p" --seed "$seed" --sigma "$s" --sigma_output "$so" "$@" \
        --out "$dir" --resume --quiet
    done
  done
done
