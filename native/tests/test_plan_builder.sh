#!/usr/bin/env bash
# (k) One run-plan builder: `reproduce` builds every run's plan from the `train` arguments it
# records as the run's command, so that command, typed by hand, resolves to the same
# configuration (--print-config) and trains bit-identical weights; overrides (--set, --fast)
# travel with it.
source "$(dirname "$0")/lib.sh" "$@"
R=(--seeds 1 --epochs 1 --train-subset 200 --test-subset 100 --datasets mnist --quiet --no-estimate)
run_expect 0 "$WORK/l1" "$SDFC_TRAIN" reproduce "${R[@]}" --methods strong-dfc,dfa --fast \
  --set tmax_di=20 --set tmax_di_fb=20 --out "$WORK/sweep"
for m in strong-dfc dfa; do
  D="$WORK/sweep/mnist/$m/seed1"
  # the recorded command, retyped (its --out replaced by a fresh dir)
  CMD="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["command"])' "$D/run.json")"
  check "$m: the command carries the overrides" bash -c '[[ "$1" == *"--fast"* && "$1" == *"--tmax_di=20"* ]]' _ "$CMD"
  read -r -a ARGS <<< "${CMD#./sdfc train }"
  ARGS=("${ARGS[@]:0:${#ARGS[@]}-2}")  # drop "--out DIR"
  run_expect 0 "$WORK/p_$m" "$SDFC_TRAIN" train "${ARGS[@]}" --print-config
  check "$m: the retyped command resolves to the run's configuration" python3 - "$WORK/p_$m" "$D/run.json" <<'PY'
import json, sys
printed = json.load(open(sys.argv[1]))["config"]
saved = json.load(open(sys.argv[2]))["config"]
printed.pop("threads", None), saved.pop("threads", None)
assert printed == saved, {k: (printed.get(k), saved.get(k)) for k in set(printed) | set(saved) if printed.get(k) != saved.get(k)}
PY
  run_expect 0 "$WORK/t_$m" "$SDFC_TRAIN" train "${ARGS[@]}" --out "$WORK/again_$m" --quiet
  check "$m: and trains bit-identical weights" cmp -s "$D/weights.npz" "$WORK/again_$m/weights.npz"
done
finish
