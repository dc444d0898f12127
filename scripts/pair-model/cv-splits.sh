#!/usr/bin/env bash
# The real clusterer's cross-validation by thread on tech-threads-fr over several splits of the threads
# into folds, and their mean: one split's figures move by about ±0.01 with the split, more than most
# changes worth measuring. Writes nothing (train.py --cv-only).
# usage: scripts/pair-model/cv-splits.sh [BINARY] [SEED...]   (CLUSTER_ARGS="--parameter x=y" passes through)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="${1:-$here/../../.build/release/veille}"; shift || true
seeds=("$@"); [ ${#seeds[@]} -gt 0 ] || seeds=(1 2 3 4 5 7)
lines=""
for s in "${seeds[@]}"; do
  line=$(SEED=$s "$here/train.sh" "$bin" --cv-only | awk -v s="$s" '/veille cluster: events/ {e=$8; ep=$10} /veille cluster: threads/ {t=$8; tp=$10} END {print "split " s ": events " e " " ep "  threads " t " " tp}')
  echo "$line"; lines+="$line"$'\n'
done
printf '%s' "$lines" | sed 's/F1=//g; s/P=//g' | awk '{e+=$4; ep+=$5; t+=$7; tp+=$8; n++} END {printf "mean of %d splits: events B3 %.4f pairwise P %.4f, threads B3 %.4f pairwise P %.4f\n", n, e/n, ep/n, t/n, tp/n}'
