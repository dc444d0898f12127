#!/usr/bin/env bash
# Compares two veille binaries on one stream by running them at the same time: on a virtual machine
# whose speed drifts by 15-25 % within an hour, two runs one after the other measure the drift as much
# as the change. Compare their "clusterer thread" CPU seconds: the serial clustering loop, which a
# long stream's wall time follows (binaries before commit eec55a4 print none; then compare the
# process CPU seconds, which also count the analysis on the other core).
# usage: Benchmarks/ab-cluster.sh BINARY_A BINARY_B STREAM.jsonl [ROUNDS] [-- cluster options...]
# (a stream: python3 Benchmarks/generate-stream.py 300000 90 > /tmp/s300k.jsonl)
set -euo pipefail
a="$1" b="$2" stream="$3"; shift 3
rounds=1
if [ $# -gt 0 ] && [ "$1" != "--" ]; then rounds="$1"; shift; fi
[ "${1:-}" = "--" ] && shift
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
for r in $(seq "$rounds"); do
  VEILLE_CLUSTER_TIMINGS=1 /usr/bin/time -f "%e %U %S %M" -o "$tmp/a" "$a" cluster "$stream" "$@" > "$tmp/a.out" 2> "$tmp/a.err" &
  VEILLE_CLUSTER_TIMINGS=1 /usr/bin/time -f "%e %U %S %M" -o "$tmp/b" "$b" cluster "$stream" "$@" > "$tmp/b.out" 2> "$tmp/b.err" &
  wait
  for x in a b; do
    read -r wall user sys rss < <(tail -1 "$tmp/$x")
    bin=$([ "$x" = a ] && echo "$a" || echo "$b")
    serial=$(sed -n 's/.*clusterer thread CPU \([0-9.]*\) s.*/\1/p' "$tmp/$x.err")
    printf 'round %d %s: wall %.1f s, CPU %.1f s, clusterer thread CPU %s s, %d MB  (%s)\n' "$r" "$x" "$wall" \
      "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" "${serial:--}" $((rss / 1024)) "$bin"
  done
  cmp -s "$tmp/a.out" "$tmp/b.out" && echo "round $r: same assignments" || echo "round $r: assignments differ"
done
