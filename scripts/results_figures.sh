#!/usr/bin/env bash
# scripts/results_figures.sh — rebuild docs/results.md's tables and figures from the committed
# run records alone (results/), with the project's own trainer:
#   results/paper-table/table.md, table.csv      the slide table (both metrics), spliced into
#                                                docs/results.md ("The table so far") and
#                                                README.md (between its paper-table markers)
#   docs/img/paper_table_error.svg               test error vs epoch, mean ± std, per dataset
#   docs/img/paper_table_control.svg             H vs epoch and H against the training loss
#   results/fast-validation/<dir>/comparison.md   fast solver vs faithful double, paired seeds
#                                                (fast-{10,40}ep vs faithful-{10,40}ep: fast-40ep links the
#                                                table's fast runs + MNIST DFC (no noise)'s float32 runs;
#                                                fmnist-10ep = paper-table's first 10 epochs vs faithful-10ep;
#                                                f64-coarse5-{40,10}ep = DFC (no noise) float64 + coarse 5)
#   docs/img/noise_robustness{,_3ep}.svg (+ .md) final test error vs the noise σ (both sweeps)
#   docs/img/dfc_noise_readings.svg              the DFC (noise) readings, seed 1, full set
#   docs/img/dfc_noise_solvers.svg               its solvers and seeds, zoomed from epoch 5
#   docs/img/dfc_noise_fmnist.svg                Fashion-MNIST DFC (noise) seed 1 and its checks
#   results/dfc-noise-variants/float32-vs-float64/comparison.md   DFC (noise) float32 vs float64
#   results/dfc-noise-variants/coarse-check/c3/comparison.md      … float32 + coarse_steps 3 vs float64
#   results/dfc-noise-variants/coarse-check/c3-10ep/comparison.md … the same at 10 epochs, seeds 1–3
#   results/dfc-noise-check/table.md             the DFC (noise) preset checks
# Usage: scripts/results_figures.sh   (builds sdfc_train if needed; writes nothing else)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
T=build/release/native/sdfc_train
[ -x "$T" ] || ./sdfc build >/dev/null
run() { echo "+ $*" >&2; "$@" >/dev/null; }
# plot_pairs OUT TITLE [plot flags…] -- DIR LABEL DIR LABEL …: `plot --runs` of the pairs whose
# DIR has a metrics.csv (nothing when none has)
plot_pairs() {
  local out="$1" title="$2" flags=() dirs=() labels=()
  shift 2
  while [ "$1" != -- ]; do
    flags+=("$1")
    shift
  done
  shift
  while [ $# -gt 0 ]; do
    if [ -f "$1/metrics.csv" ]; then dirs+=("$1") labels+=("$2"); fi
    shift 2
  done
  if [ ${#dirs[@]} -gt 0 ]; then
    run "$T" plot --runs "${dirs[@]}" --labels "${labels[@]}" "${flags[@]}" --out "$out" --title "$title"
  fi
}
if [ -d results/paper-table ]; then
  # the paper's five rows and the registry's extra row (DFA, no paper value)
  run "$T" reproduce --table-only --from results/paper-table --quiet \
    --methods bp,strong-dfc,dfc,strong-dfc-nonoise,dfc-nonoise,dfa
  cp results/paper-table/curves.svg docs/img/paper_table_error.svg
  cp results/paper-table/control.svg docs/img/paper_table_control.svg
  # docs/results.md "The table so far": its tables (from "### MNIST" to the figure) are
  # table.md's (from "## MNIST" on, one heading level down); temp file + rename
  awk -v table=results/paper-table/table.md '
    BEGIN { while ((getline l < table) > 0) { if (l ~ /^## MNIST/) on = 1; if (on) { sub(/^## /, "### ", l); t = t l "\n" } } }
    /^## The table so far/ { sofar = 1 }
    sofar && !done && /^### MNIST/ { printf "%s\n", t; skip = 1; next }
    skip && /^!\[test error vs epoch\]/ { skip = 0; done = 1 }
    !skip { print }
  ' docs/results.md > docs/results.md.tmp && mv docs/results.md.tmp docs/results.md
  # README.md "Native training": the two per-dataset tables only, between its markers
  awk -v table=results/paper-table/table.md '
    BEGIN { while ((getline l < table) > 0) { if (l ~ /^## (MNIST|Fashion-MNIST)$/) on = 1; else if (l ~ /^## /) on = 0
                                              if (on) { if (l ~ /^## /) { sub(/^## /, "", l); l = "**" l "**" } t = t l "\n" } } }
    /^<!-- paper-table:begin/ { print; printf "%s", t; skip = 1; next }
    /^<!-- paper-table:end/ { skip = 0 }
    !skip { print }
  ' README.md > README.md.tmp && mv README.md.tmp README.md
fi
for fast in results/fast-validation/fast-*; do
  [ -d "$fast" ] || continue
  base="results/fast-validation/faithful-${fast##*/fast-}"
  [ -d "$base" ] && run "$T" reproduce --table-only --from "$fast" --compare-to "$base" --quiet
done
# the baselines' and the side runs' own tables and figures (a comparison writes only its FROM's)
for d in results/fast-validation/faithful-* results/dfc-noise-variants/faithful \
  results/dfc-noise-variants/strong-config-weak-feedback-fast \
  results/dfc-noise-variants/strong-config-weak-feedback-float32; do
  [ -d "$d" ] && run "$T" reproduce --table-only --from "$d" --quiet
done
# MNIST DFC (no noise)'s candidate solver, float64 + coarse_steps 5 / 5 (its float32 fast mode
# fails at 40 epochs; results/fast-validation/fidelity.md): against the faithful runs of the same
# seeds at 40 epochs, and read at its first 10 epochs against the faithful 10-epoch runs
if [ -d results/fast-validation/f64-coarse5/mnist/dfc-nonoise ]; then
  for ref in 40ep 10ep; do
    [ -d "results/fast-validation/faithful-$ref" ] || continue
    budget=()
    [ "$ref" = 10ep ] && budget=(--epochs 10)
    run "$T" reproduce --table-only --from results/fast-validation/f64-coarse5 \
      --out "results/fast-validation/f64-coarse5-$ref" --compare-to "results/fast-validation/faithful-$ref" \
      --datasets mnist --methods dfc-nonoise "${budget[@]}" --quiet
  done
fi
# Fashion-MNIST Strong-DFC (noise) at 10 epochs: the paper table's fast runs read at their first
# 10 epochs against the faithful 10-epoch run(s) of the same seed(s) (the fast solver is validated
# on MNIST; this cell is the one far above the slide)
if [ -d results/fast-validation/faithful-10ep/fmnist/strong-dfc ] && [ -d results/paper-table/fmnist/strong-dfc ]; then
  run "$T" reproduce --table-only --from results/paper-table --out results/fast-validation/fmnist-10ep \
    --compare-to results/fast-validation/faithful-10ep --datasets fmnist --methods strong-dfc --epochs 10 --quiet
fi
# the noise sweeps (scripts/noise_sweep.sh): the first one (10,000 images, 5 epochs; DFC (noise)
# in the spec's reading, now mnist-dfc-spec) and the row's preset (full set, 3 epochs); a dashed
# line marks the presets' σ, read from the sweep's own ×1 runs (one line per distinct value)
sigma_marks() {
  jq -r '.config.sigma' "$1"/*/*/x1/seed*/run.json 2> /dev/null | sort -u |
    while read -r v; do printf -- "--mark-x\n%s=the presets' σ (%.2g)\n" "$v" "$v"; done
}
if [ -d results/noise-sweep ]; then
  mapfile -t marks < <(sigma_marks results/noise-sweep)
  run "$T" plot --sweep results/noise-sweep --param sigma --out docs/img/noise_robustness.svg \
    --title "Noise robustness: test error vs the hidden-layer noise σ (MNIST)" "${marks[@]}"
fi
if [ -d results/noise-sweep-3ep ]; then
  mapfile -t marks < <(sigma_marks results/noise-sweep-3ep)
  run "$T" plot --sweep results/noise-sweep-3ep --param sigma --out docs/img/noise_robustness_3ep.svg \
    --title "Noise robustness, 3 epochs on the full set: test error vs the hidden-layer noise σ (MNIST)" \
    "${marks[@]}"
fi
# DFC (noise): float32 with the faithful step against the faithful float64 run of the same seed.
# The float32 run is filed under the preset it was started from (…/mnist/strong-dfc/); a
# relative link files it under the <dataset>/<method>/ layout that --compare-to pairs by.
F32=results/dfc-noise-variants/strong-config-weak-feedback-float32/mnist/strong-dfc/seed1
if [ -d "$F32" ]; then
  mkdir -p results/dfc-noise-variants/float32/mnist/dfc
  ln -sfn ../../../strong-config-weak-feedback-float32/mnist/strong-dfc/seed1 \
    results/dfc-noise-variants/float32/mnist/dfc/seed1
  run "$T" reproduce --table-only --from results/dfc-noise-variants/float32 --datasets mnist \
    --methods dfc --compare-to results/dfc-noise-variants/faithful --epochs 40 \
    --out results/dfc-noise-variants/float32-vs-float64 --quiet
fi
# DFC (noise)'s --fast (float32 + coarse_steps 3; its seeds are the table's, linked from
# coarse-check/c3) against the faithful float64 runs: 40 epochs (seed 1), and 10 (seeds 1–3)
if [ -d results/dfc-noise-variants/coarse-check/c3/mnist/dfc ] &&
  [ -d results/dfc-noise-variants/faithful/mnist/dfc ]; then
  run "$T" reproduce --table-only --from results/dfc-noise-variants/coarse-check/c3 --datasets mnist \
    --methods dfc --compare-to results/dfc-noise-variants/faithful --epochs 40 --quiet
  run "$T" reproduce --table-only --from results/dfc-noise-variants/coarse-check/c3 --datasets mnist \
    --methods dfc --compare-to results/dfc-noise-variants/faithful --epochs 10 \
    --out results/dfc-noise-variants/coarse-check/c3-10ep --quiet
fi
# the DFC (noise) readings on the full MNIST set, seed 1 (docs/results.md, "DFC (noise)")
V=results/dfc-noise-variants
readings=($V/faithful/mnist/dfc/seed1 "weak feedback (the row's preset), float64"
  $V/strong-config-weak-feedback-float32/mnist/strong-dfc/seed1 "weak feedback, float32"
  $V/coarse-check/c3/mnist/dfc/seed1 "weak feedback, float32 + coarse_steps 3 (--fast)"
  $V/strong-config-weak-feedback-fast/mnist/strong-dfc/seed1 "weak feedback, float32 + coarse_steps 5"
  $V/spec-reading/mnist/dfc/seed1 "the spec's reading (mnist-dfc-spec), float64")
plot_pairs docs/img/dfc_noise_readings.svg \
  "DFC (noise) on MNIST, seed 1, full training set: the readings of the row" -- "${readings[@]}"
# the row's solvers that learn, zoomed on epochs ≥ 5: float64 (seed 1), float32 (seed 1),
# float32 + coarse_steps 3 (every seed recorded: what a seed changes next to what the solver does)
solvers=($V/faithful/mnist/dfc/seed1 "float64, faithful, seed 1"
  $V/strong-config-weak-feedback-float32/mnist/strong-dfc/seed1 "float32, faithful step, seed 1")
for d in $V/coarse-check/c3/mnist/dfc/seed*; do
  solvers+=("$d" "float32 + coarse_steps 3 (--fast), seed ${d##*seed}")
done
for d in $V/faithful/mnist/dfc/seed*; do
  [ "${d##*seed}" = 1 ] || solvers+=("$d" "float64, faithful, seed ${d##*seed}")
done
plot_pairs docs/img/dfc_noise_solvers.svg "DFC (noise), MNIST, full set: faithful vs cheaper solvers" \
  --from-epoch 5 -- "${solvers[@]}"
# Fashion-MNIST DFC (noise), seed 1: the table's run and the 5-epoch checks of it (docs/results.md,
# "Cells outside the paper's mean ± 2 std"), one setting changed each
fm=(results/paper-table/fmnist/dfc/seed1 "the table's run (fast, 20 pre-training passes)"
  $V/faithful/fmnist/dfc/seed1 "faithful float64 (20 passes)"
  $V/fmnist-init_fb_epochs1-fast/fmnist/dfc/seed1 "fast, 1 pre-training pass"
  $V/fmnist-init_fb_epochs1-sigma0-fast/fmnist/dfc/seed1 "fast, 1 pass, no noise"
  $V/fmnist-init_fb_epochs1-sigma_half-fast/fmnist/dfc/seed1 "fast, 1 pass, half the noise"
  $V/fmnist-init_fb_epochs1-adam_epsilon_mnist-fast/fmnist/dfc/seed1 "fast, 1 pass, MNIST's Adam ε"
  $V/fmnist-init_fb_epochs1-lr_mnist-fast/fmnist/dfc/seed1 "fast, 1 pass, MNIST's lr")
plot_pairs docs/img/dfc_noise_fmnist.svg "DFC (noise) on Fashion-MNIST, seed 1: the table's run and its checks" \
  -- "${fm[@]}"
for d in results/dfc-noise-check/*/; do
  [ -d "$d" ] && run "$T" reproduce --table-only --from "$d" --datasets mnist --methods dfc --quiet
done
echo "results_figures: done" >&2
