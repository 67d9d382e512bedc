#!/usr/bin/env bash
# (c) a checkpoint with one flipped byte is refused ("corrupt"/"CRC"), nothing is changed.
source "$(dirname "$0")/lib.sh" "$@"
OUT="$WORK/run"
"$SDFC_TRAIN" train "${QUICK[@]}" --out "$OUT" --quiet >/dev/null 2>&1
check "setup run" [ -s "$OUT/checkpoint.npz" ]
size=$(stat -c %s "$OUT/checkpoint.npz")
off=$((size / 2))
byte=$(dd if="$OUT/checkpoint.npz" bs=1 skip="$off" count=1 2>/dev/null | od -An -tu1 | tr -d ' ')
printf "$(printf '\\%03o' $(( (byte + 1) % 256 )))" | dd of="$OUT/checkpoint.npz" bs=1 seek="$off" conv=notrunc 2>/dev/null
cp "$OUT/metrics.csv" "$WORK/metrics.before"
run_expect 1 "$WORK/log" "$SDFC_TRAIN" train "${QUICK[@]}" --epochs 3 --out "$OUT" --resume
check "resume refuses with exit 1" [ $? -eq 0 ]
check "message says corrupt or CRC" grep -qiE "corrupt|crc" "$WORK/log"
check "error is one line" [ "$(wc -l <"$WORK/log")" -eq 1 ]
check "metrics.csv untouched" cmp "$WORK/metrics.before" "$OUT/metrics.csv"
run_expect 1 "$WORK/check.log" "$SDFC_TRAIN" check "$OUT/checkpoint.npz"
check "check subcommand reports the corruption" [ $? -eq 0 ]
finish
