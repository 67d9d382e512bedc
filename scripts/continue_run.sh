#!/usr/bin/env bash
# scripts/continue_run.sh SRC DST — start run dir DST as a copy of the finished run SRC, so that
# `reproduce … --out <DST's sweep> --epochs N --resume` continues SRC's run from its last epoch
# instead of training those epochs again (the 40-epoch fast-vs-faithful runs continue the
# 10-epoch ones of the same seed). The identity check of --resume still applies: only
# --epochs may differ. Does nothing if DST exists; refuses if SRC has not finished.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: scripts/continue_run.sh SRC_RUN_DIR DST_RUN_DIR" >&2; exit 2; }
src="$1" dst="$2"
if [ -e "$dst" ]; then
  echo "continue_run: $dst exists, left as it is" >&2
  exit 0
fi
for f in summary.json checkpoint.npz run.json metrics.csv; do
  [ -f "$src/$f" ] || { echo "continue_run: $src has no $f (not a finished run with its checkpoint): nothing copied" >&2; exit 1; }
done
mkdir -p "$(dirname "$dst")"
tmp="$dst.tmp.$$"
cp -r "$src" "$tmp"
rm -f "$tmp/summary.json" "$tmp/.lock"  # summary.json is written again when the run finishes
mv "$tmp" "$dst"
echo "continue_run: $dst starts from $src" >&2
