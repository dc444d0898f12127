#!/usr/bin/env bash
# Times `veille cluster` on generated streams of 10,000 (3 days) and 100,000 (30 days) items.
# usage: Benchmarks/run.sh [BINARY]      (build first: swift build -c release)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="${1:-$here/../.build/release/veille}"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
python3 "$here/generate-stream.py" 10000 3 > "$tmp/10k.jsonl"
python3 "$here/generate-stream.py" 100000 30 > "$tmp/100k.jsonl"
for n in 10k 100k; do
  /usr/bin/time -f "$n items: %e s wall, %M KB peak RSS" "$bin" cluster "$tmp/$n.jsonl" > /dev/null
done
