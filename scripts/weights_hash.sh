#!/usr/bin/env bash
# weights_hash.sh — SHA-256 of the weights and optimiser state after a short training run of
# every preset (float64 and float32) and of the forward-rule variants. A refactor must leave
# every line unchanged: run it before and after, then diff the two outputs.
#
#   scripts/weights_hash.sh [path/to/sdfc_train] > before.txt
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${1:-build/release/native/sdfc_train}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
run() {  # name, flags…
  local name="$1"
  shift
  "$BIN" train "$@" --epochs 2 --train-subset 320 --test-subset 100 --threads 2 \
    --out "$TMP/$name" --quiet > /dev/null
  printf '%-40s %s %s\n' "$name" \
    "$(sha256sum < "$TMP/$name/weights.npz" | cut -c1-16)" \
    "$(sha256sum < "$TMP/$name/checkpoint.npz" | cut -c1-16)"
}
for preset in $("$BIN" presets --names 2> /dev/null || "$BIN" presets | awk '{print $1}'); do
  [ -n "$preset" ] || continue
  run "$preset-f64" --preset "$preset" --double --init_fb_epochs 1
  run "$preset-f32" --preset "$preset" --float32 --init_fb_epochs 1
done
run mnist-dfc-nonoise-ssa --preset mnist-dfc-nonoise --forward_mode ssa
run mnist-dfc-nonoise-ss --preset mnist-dfc-nonoise --forward_mode ss
run mnist-strong-dfc-extrafb --preset mnist-strong-dfc --extra_fb_epochs 1 --init_fb_epochs 1
run mnist-strong-dfc-fast --preset mnist-strong-dfc --fast --init_fb_epochs 1
