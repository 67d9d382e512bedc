#!/usr/bin/env bash
# (j) One's own IDX data with a few hundred training images: the default 5,000-image
# validation hold-out gives a clear error naming --val-size; --val-size N and the
# reference's --no_val_set train (the latter on every image, with no best-validation epoch).
source "$(dirname "$0")/lib.sh" "$@"
SRC="$(cd "$(dirname "$0")/../.." && pwd)/data/mnist"
TINY="$WORK/tiny"
mkdir -p "$TINY"
python3 - "$SRC" "$TINY" <<'PY'
import struct, sys
src, dst = sys.argv[1], sys.argv[2]
def cut(name, n):  # the first n items of an IDX file, header rewritten
    b = open(f"{src}/{name}", "rb").read()
    ndim = b[3]
    dims = list(struct.unpack(">" + "I" * ndim, b[4:4 + 4 * ndim]))
    item = 1
    for d in dims[1:]: item *= d
    dims[0] = n
    open(f"{dst}/{name}", "wb").write(b[:4] + struct.pack(">" + "I" * ndim, *dims) +
                                     b[4 + 4 * ndim: 4 + 4 * ndim + n * item])
cut("train-images-idx3-ubyte", 300); cut("train-labels-idx1-ubyte", 300)
cut("t10k-images-idx3-ubyte", 100); cut("t10k-labels-idx1-ubyte", 100)
PY
Q=(--preset web-small --epochs 2 --diag-batch 8 --data "$TINY")
run_expect 2 "$WORK/e1" "$SDFC_TRAIN" train "${Q[@]}" --out "$WORK/r0"
check "300 images with the default hold-out: exit 2 naming --val-size and --no_val_set" \
  bash -c 'grep -qF -- "--val-size" "$1" && grep -qF -- "--no_val_set" "$1" && [ "$(wc -l <"$1")" -eq 1 ]' _ "$WORK/e1"
check "nothing was created" [ ! -e "$WORK/r0/run.json" ]
run_expect 0 "$WORK/l1" "$SDFC_TRAIN" train "${Q[@]}" --val-size 50 --out "$WORK/r1" --quiet
check "--val-size 50: 250 train / 50 val" \
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["data"]; assert (d["n_train"], d["n_val"], d["n_test"]) == (250, 50, 100), d' "$WORK/r1/run.json"
run_expect 0 "$WORK/l2" "$SDFC_TRAIN" train "${Q[@]}" --no_val_set --out "$WORK/r2" --quiet
check "--no_val_set: all 300 train, no validation, no best-validation metric" \
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1]+"/run.json"))["data"]; s=json.load(open(sys.argv[1]+"/summary.json")); assert d["n_train"]==300 and d["n_val"]==0 and s["best_val_epoch"]==0 and s["test_acc_val_best"] is None and s["test_acc"] is not None, (d, s)' "$WORK/r2"
run_expect 2 "$WORK/e3" "$SDFC_TRAIN" train "${Q[@]}" --no_val_set --val-size 50 --out "$WORK/r3"
check "--no_val_set with --val-size 50 is refused" grep -qF "conflicts" "$WORK/e3"
finish
