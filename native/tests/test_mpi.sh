#!/usr/bin/env bash
# (h) mpirun -np 2 sdfc_train_mpi reproduce: ranks split the runs, rank 0 writes the table.
source "$(dirname "$0")/lib.sh" "$@"
if [ -z "$SDFC_TRAIN_MPI" ] || [ ! -x "$SDFC_TRAIN_MPI" ]; then
  echo "SKIP ${TEST_NAME}: sdfc_train_mpi not given/built (needs libopenmpi-dev)"; exit 0
fi
if ! command -v mpirun >/dev/null; then
  echo "SKIP ${TEST_NAME}: mpirun not found (apt install openmpi-bin)"; exit 0
fi
OUT="$WORK/repro"
mpirun --allow-run-as-root --oversubscribe -np 2 "$SDFC_TRAIN_MPI" reproduce --datasets mnist \
  --epochs 1 --train-subset 128 --test-subset 128 --set tmax_di=10 --set tmax_di_fb=10 \
  --out "$OUT" >"$WORK/out" 2>"$WORK/err"
rc=$?
check "mpirun reproduce exits 0" [ "$rc" -eq 0 ] || tail -20 "$WORK/err"
check "table.md with 5 rows" [ "$(grep -cE '^\| (BP|Strong-DFC|DFC)' "$OUT/table.md")" -eq 5 ]
check "both ranks trained runs" bash -c 'grep -q "\[rank 0\]" "$1" && grep -q "\[rank 1\]" "$1"' _ "$WORK/err"
check "only rank 0 printed the summary line" [ "$(grep -c '"table_md"' "$WORK/out")" -eq 1 ]
check "5 finished records" [ "$(ls "$OUT"/mnist/*/seed1/summary.json | wc -l)" -eq 5 ]
finish
