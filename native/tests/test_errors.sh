#!/usr/bin/env bash
# (d) usage and environment errors: bad flag, unknown preset, missing data, unwritable or
# existing run dir, refused reference flag → non-zero exit, one-line message, nothing overwritten.
source "$(dirname "$0")/lib.sh" "$@"
one_line() { [ "$(wc -l <"$1")" -eq 1 ]; }

run_expect 2 "$WORK/e1" "$SDFC_TRAIN" train "${QUICK[@]}" --bogus-flag --out "$WORK/x1"
check "unknown flag: exit 2" [ $? -eq 0 ]
check "unknown flag: one line naming it" bash -c 'grep -q -- "--bogus-flag" "$1" && [ $(wc -l <"$1") -eq 1 ]' _ "$WORK/e1"
check "unknown flag: no run dir created" [ ! -e "$WORK/x1" ]

run_expect 2 "$WORK/e2" "$SDFC_TRAIN" train --preset mnist-nope --out "$WORK/x2"
check "unknown preset: exit 2" [ $? -eq 0 ]
check "unknown preset: lists the valid ones" grep -q "mnist-strong-dfc" "$WORK/e2"
check "unknown preset: one line" one_line "$WORK/e2"

run_expect 1 "$WORK/e3" "$SDFC_TRAIN" train "${QUICK[@]}" --data "$WORK/no-such-dir" --out "$WORK/x3"
check "missing data: non-zero exit" [ $? -eq 0 ]
check "missing data: says how to get it (setup)" grep -q "setup" "$WORK/e3"
check "missing data: one line" one_line "$WORK/e3"
check "missing data: no run dir left behind" [ ! -e "$WORK/x3" ]

mkdir -p "$WORK/ro" && chmod 555 "$WORK/ro"
if [ "$(id -u)" -eq 0 ]; then
  # root ignores permissions: use a path below a regular file instead
  touch "$WORK/file"; UNWRITABLE="$WORK/file/run"
else
  UNWRITABLE="$WORK/ro/run"
fi
run_expect 2 "$WORK/e4" "$SDFC_TRAIN" train "${QUICK[@]}" --out "$UNWRITABLE"
check "unwritable run dir: exit 2" [ $? -eq 0 ]
check "unwritable run dir: one line naming --out" bash -c 'grep -q -- "--out" "$1" && [ $(wc -l <"$1") -eq 1 ]' _ "$WORK/e4"

"$SDFC_TRAIN" train "${QUICK[@]}" --out "$WORK/existing" --quiet >/dev/null 2>&1
sum_before=$(cat "$WORK/existing"/* | md5sum)
run_expect 2 "$WORK/e5" "$SDFC_TRAIN" train "${QUICK[@]}" --out "$WORK/existing"
check "existing run dir without --resume: exit 2" [ $? -eq 0 ]
check "existing run dir: suggests --resume" grep -q -- "--resume" "$WORK/e5"
check "existing run dir: nothing overwritten" [ "$(cat "$WORK/existing"/* | md5sum)" = "$sum_before" ]

run_expect 2 "$WORK/e6" "$SDFC_TRAIN" train "${QUICK[@]}" --use_jacobian_as_fb --out "$WORK/x6"
check "refused reference flag: exit 2 with 'is not supported'" grep -q "flag --use_jacobian_as_fb is not supported" "$WORK/e6"

run_expect 2 "$WORK/e7" "$SDFC_TRAIN" train "${QUICK[@]}" --lr=0.1,0.2 --out "$WORK/x7"
check "per-layer lr list refused" grep -q "per-layer" "$WORK/e7"

run_expect 2 "$WORK/e8" "$SDFC_TRAIN" train "${QUICK[@]}" --epochs 3 --out "$WORK/existing" --resume --lr 0.5
check "resume with a different config: exit 2 naming --lr" grep -q -- "--lr" "$WORK/e8"

# An authors' command line (EXPERIMENTS.rst, MNIST Strong-DFC) pastes in unchanged.
run_expect 0 "$WORK/p1" "$SDFC_TRAIN" train --runner run_dfc_single_phase.py --print-config --double_precision --epochs=40 --clip_grad_norm=1.0 --lr=0.0003095880739373081 --optimizer="Adam" --adam_beta1=0.9 --adam_epsilon=1.6288767089312233e-05 --dataset="mnist" --target_class_value=0.99 --size_hidden="256,256,256" --hidden_activation="tanh" --initialization="xavier_normal" --lr_fb=2.0091405897656825e-08 --optimizer_fb="Adam" --weight_decay_fb=0.5 --adam_beta2_fb=0.999 --adam_epsilon_fb=1.1023320392297719e-11 --tau_noise=0.07 --strong_feedback --error_as_loss_grad --initialization_fb="xavier_normal" --learning_rule="nonlinear_difference" --init_fb_epochs=1 --lr_fb_init=4.5160347135162454e-07 --scaling_fb_updates --proactive_controller --tau_f=0.5 --dt_di=0.001 --tmax_di=500 --inst_transmission --time_constant_ratio=0.009268288409004458 --sigma=0.004278964325349612 --sigma_output=0.029713880264874388 --alpha_di=7.608673370995652e-06 --k_p=2.0 --apical_time_constant=-1 --dt_di_fb=0.0012167769308505587 --tmax_di_fb=500 --inst_transmission_fb --time_constant_ratio_fb=0.014441072404716454 --sigma_fb=2.760795719756352e-05 --sigma_output_fb=1.5149030252289032e-05 --alpha_di_fb=0.016257243484558315 --k_p_fb=0.0028004742554235116 --save_df --save_condition_fb --noisy_dynamics
check "authors' command line is accepted" [ $? -eq 0 ]
"$SDFC_TRAIN" train --preset mnist-strong-dfc --print-config >"$WORK/preset.json" 2>/dev/null
check "pasted command resolves to the preset's configuration" \
  cmp <(sed -n '/"config"/,/}/p' "$WORK/p1") <(sed -n '/"config"/,/}/p' "$WORK/preset.json")
finish
