#!/usr/bin/env bash
# Scores `veille cluster` on the development sets of ../shared/corpus/events-dev, events and threads.
# usage: scripts/score-dev.sh [BINARY] [--parameter name=value]...
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$here/.build/release/veille}"; shift || true
dev="$here/../shared/corpus/events-dev"
score="$here/../shared/tools/score-clusters"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
printf '%-16s %-36s %s\n' set events threads
for set in tech-threads-fr gnews-fr rpm2 rpm2-sametime; do
  "$bin" cluster "$dev/$set.jsonl" "$@" > "$tmp/$set.jsonl"
  e=$("$score" "$dev/$set.jsonl" "$tmp/$set.jsonl" | awk '/^B-cubed/{f=$4} /^pairwise/{p=$2} END{print f, "pairwise", p}')
  t=$("$score" "$dev/$set.jsonl" "$tmp/$set.jsonl" --level thread | awk '/^B-cubed/{f=$4} /^pairwise/{p=$2} END{print f, "pairwise", p}')
  printf '%-16s %-36s %s\n' "$set" "$e" "$t"
done
