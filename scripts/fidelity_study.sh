#!/usr/bin/env bash
# scripts/fidelity_study.sh — one forward step of each cheaper solver against the faithful
# float64 step, on networks from the committed runs (`sdfc_bench --fidelity`, bench/fidelity.cpp),
# written to results/fast-validation/fidelity.md with the command of every block.
#
# The trained networks are checkpoints that a sitting committed while their run was unfinished
# (removed from the tree once the run was done, so read here from git history by revision):
# the faithful float64 MNIST DFC (no noise) seed 1 at epochs 25 and 36, the fast MNIST
# Strong-DFC (no noise) seed 3 at epoch 27 and the fast Fashion-MNIST DFC (no noise) seed 3 at
# epoch 30. A few minutes on one core.
# Usage: scripts/fidelity_study.sh [--batches N]   (default 32)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
batches=32
if [ "${1:-}" = "--batches" ] && [ -n "${2:-}" ]; then
  batches="$2"
elif [ $# -gt 0 ]; then
  echo "fidelity_study: unknown arguments '$*' (usage: scripts/fidelity_study.sh [--batches N])" >&2
  exit 2
fi
BENCH=build/release/bench/sdfc_bench
[ -x "$BENCH" ] || ./sdfc bench --help > /dev/null
OUT=results/fast-validation/fidelity.md
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# case PRESET LABEL [REV PATH]: the preset's initial weights (seed 1), or the checkpoint PATH
# as committed at REV
case_block() {
  local preset="$1" label="$2" rev="${3:-}" path="${4:-}" args=(--seed 1)
  if [ -n "$rev" ]; then
    git cat-file -e "$rev:$path" 2> /dev/null || {
      echo "fidelity_study: $path is not in revision $rev (a shallow clone? fetch the history)" >&2
      exit 1
    }
    git show "$rev:$path" > "$tmp/ckpt.npz"
    args=(--weights "$tmp/ckpt.npz")
  fi
  {
    echo "### $label"
    echo
    if [ -n "$rev" ]; then
      echo "\`git show $rev:$path > ckpt.npz; $BENCH --fidelity --preset $preset --weights ckpt.npz --batches $batches\`"
    else
      echo "\`$BENCH --fidelity --preset $preset --seed 1 --batches $batches\`"
    fi
    echo
    echo '```'
    "$BENCH" --fidelity --preset "$preset" "${args[@]}" --batches "$batches" | sed "s#$tmp/##"
    echo '```'
    echo
  } >> "$tmp/out.md"
}

cat > "$tmp/out.md" << EOF
# One forward step of the cheaper solvers against the faithful float64 step

Written by \`scripts/fidelity_study.sh\` ($(date -u +%F), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), beside other jobs:
the speed column is a ratio within one run). Columns: bench/fidelity.cpp's header.

EOF
case_block mnist-dfc-nonoise "MNIST DFC (no noise), initial weights"
case_block mnist-dfc-nonoise "MNIST DFC (no noise), faithful float64 run of seed 1 after 25 epochs" \
  bf4a513 results/fast-validation/faithful-40ep/mnist/dfc-nonoise/seed1/checkpoint.npz
case_block mnist-dfc-nonoise "MNIST DFC (no noise), faithful float64 run of seed 1 after 36 epochs" \
  d9b36db results/fast-validation/faithful-40ep/mnist/dfc-nonoise/seed1/checkpoint.npz
case_block mnist-strong-dfc-nonoise "MNIST Strong-DFC (no noise), the table's fast run of seed 3 after 27 epochs" \
  d9b36db results/paper-table/mnist/strong-dfc-nonoise/seed3/checkpoint.npz
case_block fmnist-dfc-nonoise "Fashion-MNIST DFC (no noise), the table's fast run of seed 3 after 30 epochs" \
  03bd541 results/paper-table/fmnist/dfc-nonoise/seed3/checkpoint.npz
mv "$tmp/out.md" "$OUT.tmp" && mv "$OUT.tmp" "$OUT"
echo "fidelity_study: wrote $OUT"
