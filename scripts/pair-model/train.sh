#!/usr/bin/env bash
# Refits the event and thread models: dumps the analysed terms of every development set with the
# given veille binary, then runs train.py (which rewrites Sources/StoryClustering/PairModelWeights.swift).
# usage: scripts/pair-model/train.sh [BINARY] [--cv]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="${1:-$here/../../.build/release/veille}"; shift || true
dev="$here/../../../shared/corpus/events-dev"
export TERMS_DIR="$(mktemp -d)" DEV_SETS="$dev" VEILLE_BIN="$bin"
trap 'rm -rf "$TERMS_DIR"' EXIT
for set in tech-threads-fr gnews-fr rpm2 rpm2-sametime; do
  "$bin" cluster --dump-terms "$dev/$set.jsonl" > "$TERMS_DIR/$set.jsonl"
done
python3 "$here/train.py" "$@"
