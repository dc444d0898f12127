#!/usr/bin/env bash
# Crash safety: kill -9 veille at random moments of its poll cycles, many times, and check the state
# after each kill (scripts/check-state.py): integrity_check ok, no committed entry lost, every digest
# file whole. The feeds (loopback only) change content every second, so each cycle writes.
#
# usage: scripts/crash-loop.sh            (CRASH_RUNS=50 CRASH_FEEDS=20 VEILLE=path CRASH_OUT=dir)
# Every fifth run kills `veille run` (the daemon's start-up and first cycle), the others `veille poll --all`.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
runs="${CRASH_RUNS:-50}"
feeds="${CRASH_FEEDS:-20}"
veille="${VEILLE:-}"
if [ -z "$veille" ]; then
  for c in release debug; do [ -x "$here/.build/$c/veille" ] && { veille="$here/.build/$c/veille"; break; }; done
fi
[ -x "$veille" ] || { echo "crash-loop: no veille binary (swift build, or VEILLE=...)" >&2; exit 2; }
out="${CRASH_OUT:-$(mktemp -d /tmp/veille-crash-XXXXXX)}"
mkdir -p "$out"
rm -rf "$out/state" "$out/ledger.json"

python3 "$here/Tests/TestSupport/feedserver.py" --no-watchdog > "$out/server.port" 2> "$out/server.err" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$out/server.port" ] && break; sleep 0.1; done
port="$(head -1 "$out/server.port")"

{
  printf '[daemon]\nstate_dir = "state"\nmin_interval = "1m"\npoll_interval = "1m"\nmax_concurrent = 8\nper_host = 8\n\n'
  printf '[digest]\nformats = ["md", "html", "atom", "json"]\n\n'
  for i in $(seq 1 "$feeds"); do
    printf '[[feed]]\nname = "Flux %d"\nurl = "http://127.0.0.1:%d/changing/%d?period=1&keep=5"\ntags = ["t%d"]\n\n' "$i" "$port" "$i" "$((i % 5))"
  done
} > "$out/Feeds.toml"

# One uninterrupted cycle first: how long a cycle takes decides the range of kill moments.
t0=$(date +%s%N)
"$veille" poll --all --config "$out/Feeds.toml" > "$out/first.out" 2>&1
t1=$(date +%s%N)
cycle_ms=$(( (t1 - t0) / 1000000 ))
python3 "$here/scripts/check-state.py" "$out/state" "$out/ledger.json" > "$out/check.txt" || { cat "$out/check.txt"; exit 1; }
echo "crash-loop: $feeds feeds, one cycle takes ${cycle_ms} ms; $runs kills at random moments in [0, $((cycle_ms * 12 / 10))] ms; output $out"

failed=0
killed_running=0
for run in $(seq 1 "$runs"); do
  delay_ms=$(( RANDOM * 32768 + RANDOM ))
  delay_ms=$(( delay_ms % (cycle_ms * 12 / 10 + 1) ))
  if [ $((run % 5)) = 0 ]; then
    "$veille" run --config "$out/Feeds.toml" > "$out/run.out" 2>&1 &
    what=run
  else
    "$veille" poll --all --config "$out/Feeds.toml" > "$out/run.out" 2>&1 &
    what=poll
  fi
  pid=$!
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  if kill -0 "$pid" 2>/dev/null; then
    kill -9 "$pid" 2>/dev/null || true
    killed_running=$((killed_running + 1))
    state="killed"
  else
    state="finished"
  fi
  wait "$pid" 2>/dev/null || true
  if line="$(python3 "$here/scripts/check-state.py" "$out/state" "$out/ledger.json")"; then
    printf 'run %2d: %-4s %-8s at %5d ms: %s\n' "$run" "$what" "$state" "$delay_ms" "$line"
  else
    printf 'run %2d: %-4s %-8s at %5d ms: FAILED\n%s\n' "$run" "$what" "$state" "$delay_ms" "$line"
    failed=$((failed + 1))
  fi
done

# A last clean cycle after all the kills must work and find the state usable.
"$veille" poll --all --config "$out/Feeds.toml" > "$out/last.out" 2>&1 || { echo "crash-loop: the cycle after the kills failed"; cat "$out/last.out"; failed=$((failed + 1)); }
line="$(python3 "$here/scripts/check-state.py" "$out/state" "$out/ledger.json")" || { echo "$line"; failed=$((failed + 1)); }
tmpfiles=$(find "$out/state/digests" -name '.*.tmp' | wc -l)
echo "after a clean cycle: $line; temporary files left in digests/: $tmpfiles"
[ "$tmpfiles" = 0 ] || { echo "crash-loop: stale temporary digest files were not cleaned up"; failed=$((failed + 1)); }
echo "crash-loop: $runs runs, $killed_running killed mid-run, $failed failed checks"
[ "$failed" = 0 ]
