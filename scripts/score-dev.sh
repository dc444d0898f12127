#!/usr/bin/env bash
# Scores `veille cluster` on the three development sets of ../shared/corpus/events-dev.
# usage: scripts/score-dev.sh [BINARY] [--parameter name=value]...
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$here/.build/release/veille}"; shift || true
dev="$here/../shared/corpus/events-dev"
[ -d "$dev" ] || dev=/work/shared/corpus/events-dev
score="$(dirname "$dev")/../tools/score-clusters"
[ -x "$score" ] || score=/work/shared/tools/score-clusters
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
for set in gnews-fr rpm2 rpm2-sametime; do
  "$bin" cluster "$dev/$set.jsonl" "$@" > "$tmp/$set.jsonl"
  printf '%-14s ' "$set"
  "$score" "$dev/$set.jsonl" "$tmp/$set.jsonl" | sed -n '2,3p' | tr '\n' ' '
  echo
done
