#!/usr/bin/env bash
# make test-systemd: veille under a real systemd. Boots a Debian bookworm container with
# systemd-nspawn, installs veille with `make install DESTDIR=<rootfs>`, serves two feeds on the host's
# loopback (the container shares the host's network namespace) and checks, inside the container:
# READY before active, a feed polled into the StateDirectory, `veille add` + `systemctl reload`,
# the watchdog killing and restarting a frozen process, a clean `systemctl stop`, and the metrics
# textfile written through the sandbox as README's recipe says.
# Needs root. The rootfs is cached (VEILLE_NSPAWN_ROOT) so only the first run pays for debootstrap.
set -uo pipefail

ROOT=${VEILLE_NSPAWN_ROOT:-/var/tmp/veille-nspawn-root}
PACKAGES=systemd,systemd-sysv,dbus,procps,libcurl4,libxml2,libsqlite3-0,libstemmer0d,ca-certificates,tzdata
REPO=$(cd "$(dirname "$0")/.." && pwd)
MAKE=${MAKE:-make}
START=$(date +%s)
FAILED=0
WORK=""
SERVER_PID=""
NSPAWN_PID=""
LEADER=""

say() { printf '%s\n' "test-systemd [$(( $(date +%s) - START )) s]: $*"; }
pass() { printf 'PASS  %s\n' "$1"; }
fail() { printf 'FAIL  %s — %s\n' "$1" "$2"; FAILED=$((FAILED + 1)); dump_journal; }
die() { printf 'FAIL  setup — %s\n' "$1"; exit 1; }   # the EXIT trap cleans up

# Runs a command inside the container (all its namespaces), with a clean environment and a bound.
in_ct() { timeout 30 nsenter -t "$LEADER" -a env -i PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
prop() { in_ct systemctl show -P "$1" veille; }

# Evaluates the shell snippet $2 every 0.5 s until it succeeds, for at most $1 seconds.
wait_for() {
    local limit=$1; shift
    local deadline=$(( $(date +%s) + limit ))
    until eval "$@"; do
        [ "$(date +%s)" -ge "$deadline" ] && return 1
        sleep 0.5
    done
}

dump_journal() {
    [ -n "$LEADER" ] || return 0
    echo "---- last journal lines of veille.service ----" >&2
    in_ct journalctl -b -q -u veille -n 25 --no-pager >&2 || true
    echo "----" >&2
}

cleanup() {
    local rc=$?
    if [ -n "$NSPAWN_PID" ] && kill -0 "$NSPAWN_PID" 2>/dev/null; then
        [ -n "$LEADER" ] && timeout 10 nsenter -t "$LEADER" -a systemctl poweroff >/dev/null 2>&1
        # A clean poweroff takes a few seconds; past 30 s, kill the container.
        for _ in $(seq 60); do kill -0 "$NSPAWN_PID" 2>/dev/null || break; sleep 0.5; done
        kill -0 "$NSPAWN_PID" 2>/dev/null && { say "container did not power off; killing it"; kill -KILL "$NSPAWN_PID" 2>/dev/null; }
        wait "$NSPAWN_PID" 2>/dev/null
    fi
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    [ -n "$WORK" ] && rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ "$(id -u)" = 0 ] || die "needs root (systemd-nspawn, debootstrap): run sudo make test-systemd"
WORK=$(mktemp -d /tmp/veille-test-systemd.XXXXXX)

# ---- tools -------------------------------------------------------------------------------------
if ! command -v systemd-nspawn >/dev/null || ! command -v debootstrap >/dev/null; then
    say "installing systemd-container debootstrap"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq --no-install-recommends systemd-container debootstrap >/dev/null ||
        { apt-get update -qq && apt-get install -y -qq --no-install-recommends systemd-container debootstrap >/dev/null; } ||
        die "cannot install systemd-container debootstrap"
fi

# ---- rootfs (cached) ---------------------------------------------------------------------------
# The Debian mirror apt already uses (deb822 .sources or one-line .list), so no other host is contacted.
debian_mirror() {
    { grep -hsE '^[[:space:]]*URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}'
      grep -hsE '^[[:space:]]*deb[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list |
          awk '{for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) {print $i; break}}'
    } | grep -E '/debian/?$' | head -n 1
}
if [ "$(cat "$ROOT/.veille-packages" 2>/dev/null)" != "$PACKAGES" ]; then
    MIRROR=${VEILLE_DEBIAN_MIRROR:-$(debian_mirror)}
    MIRROR=${MIRROR:-http://deb.debian.org/debian}
    say "debootstrap bookworm from $MIRROR into $ROOT (a few minutes, once)"
    # Built aside and renamed, so an interrupted debootstrap never leaves a half rootfs in the cache.
    rm -rf "$ROOT.new"
    timeout 900 debootstrap --variant=minbase --include="$PACKAGES" bookworm "$ROOT.new" "$MIRROR" \
        >"$WORK/debootstrap.log" 2>&1 || { tail -n 20 "$WORK/debootstrap.log" >&2; die "debootstrap failed"; }
    echo "$PACKAGES" >"$ROOT.new/.veille-packages"
    rm -rf "$ROOT" && mv "$ROOT.new" "$ROOT"
else
    say "reusing the rootfs in $ROOT"
fi

# ---- install veille into it --------------------------------------------------------------------
say "make install DESTDIR=$ROOT"
# Each run starts from a fresh install and state, and without leftovers of an earlier run.
rm -rf "$ROOT/etc/veille" "$ROOT/var/lib/private/veille" "$ROOT/var/lib/veille" "$ROOT/var/log/journal/"* \
    "$ROOT/etc/systemd/system/veille.service.d" "$ROOT/var/lib/prometheus/node-exporter"
"$MAKE" -s -C "$REPO" install DESTDIR="$ROOT" >"$WORK/install.log" 2>&1 ||
    { tail -n 30 "$WORK/install.log" >&2; die "make install DESTDIR=$ROOT failed"; }
# The installed Feeds.toml polls the real outlets; the test's keeps only its state_dir line (the
# `sudo veille feeds` of check 3 relies on it) and polls the loopback feeds below.
STATE_LINE=$(grep -m 1 '^state_dir' "$ROOT/etc/veille/Feeds.toml") || die "no state_dir in the installed Feeds.toml"

# README's recipe for node_exporter's textfile collector (check 6): its folder group-writable by a
# `prometheus` group, which the sandboxed dynamic user joins, and the folder made writable in the sandbox.
chroot "$ROOT" sh -c 'getent group prometheus >/dev/null || groupadd --system prometheus' ||
    die "cannot add the prometheus group in the rootfs"
chroot "$ROOT" install -d -g prometheus -m 2775 /var/lib/prometheus/node-exporter || die "cannot make the textfile folder"
mkdir -p "$ROOT/etc/systemd/system/veille.service.d"
printf '[Service]\nSupplementaryGroups=prometheus\nReadWritePaths=/var/lib/prometheus/node-exporter\n' \
    >"$ROOT/etc/systemd/system/veille.service.d/metrics.conf"

# ---- feeds on the host's loopback --------------------------------------------------------------
mkdir -p "$WORK/www"
NOW=$(LC_ALL=C date -R)
rss() {  # name title
    cat <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>$1</title><link>http://127.0.0.1/</link><description>test</description>
<item><title>$2</title><link>http://127.0.0.1/$1/1</link><guid>$1-1</guid><pubDate>$NOW</pubDate>
<description>$2, selon nos informations.</description></item>
</channel></rss>
EOF
}
rss alpha "Brest adopte le budget de sa deuxième ligne de tramway" >"$WORK/www/alpha.xml"
rss beta "Lille inaugure une médiathèque dans une ancienne filature" >"$WORK/www/beta.xml"
python3 -u - "$WORK/www" >"$WORK/server.out" 2>"$WORK/server.log" <<'PY' &
import functools, http.server, sys
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
print(server.server_address[1], flush=True)
server.serve_forever()
PY
SERVER_PID=$!
wait_for 10 '[ -s "$WORK/server.out" ]' || die "the feed server did not start"
PORT=$(head -n 1 "$WORK/server.out")
FEEDS="http://127.0.0.1:$PORT"
cat >"$ROOT/etc/veille/Feeds.toml" <<EOF
# Written by scripts/test-systemd.sh.
[daemon]
$STATE_LINE
# Each feed is polled once when it appears, not again during the test.
poll_interval = "1h"
[metrics]
textfile = "/var/lib/prometheus/node-exporter/veille.prom"
[[feed]]
name = "Alpha"
url = "$FEEDS/alpha.xml"
tags = ["test"]
EOF

# ---- boot --------------------------------------------------------------------------------------
say "booting the container"
# --register=no: there is no machined on such hosts; the outer timeout bounds a forgotten container.
timeout --kill-after=10 600 systemd-nspawn -D "$ROOT" --boot --register=no --keep-unit --console=pipe \
    --machine=veille-test >"$WORK/console.log" 2>&1 </dev/null &
NSPAWN_PID=$!
# The container's init is nspawn's child (timeout → systemd-nspawn → systemd); found this way, not
# by name, so other containers on the host are never touched.
find_leader() {
    local ns
    ns=$(pgrep -P "$NSPAWN_PID" -x systemd-nspawn | head -n 1) && [ -n "$ns" ] &&
        LEADER=$(pgrep -P "$ns" -x systemd | head -n 1) && [ -n "$LEADER" ]
}
wait_for 30 find_leader || { tail -n 20 "$WORK/console.log" >&2; die "the container's systemd did not start"; }
booted() { case "$(in_ct systemctl is-system-running 2>/dev/null)" in running|degraded) return 0;; esac; return 1; }
wait_for 90 booted || { tail -n 20 "$WORK/console.log" >&2; die "the container did not finish booting"; }
say "booted"

# Runtime drop-ins (gone at poweroff). This one logs how each run of the service ended: the unit is
# garbage-collected once inactive, so `systemctl show` no longer knows ExecMainStatus after a stop.
DROPIN=/run/systemd/system/veille.service.d
in_ct mkdir -p "$DROPIN"
printf '[Service]\nExecStopPost=+/bin/sh -c %s\n' \
    "'echo \"ended: SERVICE_RESULT=\$SERVICE_RESULT EXIT_CODE=\$EXIT_CODE EXIT_STATUS=\$EXIT_STATUS\"'" |
    in_ct tee "$DROPIN/40-test-result.conf" >/dev/null

# ---- 1. active only after READY ----------------------------------------------------------------
# Control: without $NOTIFY_SOCKET veille runs and logs "ready" but cannot tell systemd, so the unit
# must stay "activating" (NotifyAccess=none would not do: Type=notify turns it into "main"). Then the
# real start must return only once active, with veille's STATUS= text.
printf '[Service]\nUnsetEnvironment=NOTIFY_SOCKET\n' | in_ct tee "$DROPIN/50-test-noready.conf" >/dev/null
in_ct systemctl daemon-reload
in_ct systemctl start --no-block veille
logged_ready() { in_ct journalctl -b -q -u veille -o cat | grep -qE '^ready( |$)'; }
if wait_for 20 logged_ready; then
    sleep 1
    control="$(prop ActiveState)/$(prop SubState)"
else
    control="no 'ready' in the journal"
fi
in_ct systemctl stop veille
in_ct rm -f "$DROPIN/50-test-noready.conf"
in_ct systemctl daemon-reload
in_ct systemctl reset-failed veille 2>/dev/null
in_ct rm -rf /var/lib/private/veille
served_before=$(wc -l <"$WORK/server.log")   # the control run fetched alpha.xml too
t0=$(date +%s%N)
if in_ct systemctl start veille; then
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    state="$(prop Type) $(prop ActiveState)/$(prop SubState)"
    status=$(prop StatusText)
    if [ "$control" = "activating/start" ] && [ "$state" = "notify active/running" ] && [ -n "$status" ]; then
        pass "1. active only after READY (READY ignored: $control; start returned after $ms ms: $state, status \"$status\")"
    else
        fail "1. active only after READY" "READY ignored: $control (want activating/start); started: $state, status \"$status\""
    fi
else
    fail "1. active only after READY" "systemctl start veille failed: $(prop ActiveState)/$(prop Result)"
fi

# ---- 2. a feed on the host's loopback polled, digest in the StateDirectory ---------------------
STATE=/var/lib/private/veille   # DynamicUser: /var/lib/veille is a link to it
digest_has() { in_ct sh -c "grep -ls -- '$1' $STATE/digests/*.md" >/dev/null; }
if wait_for 30 'digest_has "Brest adopte"'; then
    owner=$(in_ct stat -c 'uid %u, mode %a' "$STATE")
    if tail -n +"$((served_before + 1))" "$WORK/server.log" | grep -q 'GET /alpha.xml'; then
        pass "2. feed on the host loopback polled; digest in $STATE/digests ($(in_ct ls "$STATE/digests" | tr '\n' ' '); state owned by $owner)"
    else
        fail "2. feed polled" "the digest has the entry but the server saw no request"
    fi
else
    fail "2. feed polled" "no digest with the Alpha entry in $STATE/digests after 30 s (server log: $(tr '\n' ' ' <"$WORK/server.log" | cut -c1-200))"
fi

# ---- 3. veille add + systemctl reload ----------------------------------------------------------
# As the README says: root reads the daemon's state through the installed Feeds.toml's state_dir.
beta_polled() {
    in_ct veille feeds --json --config /etc/veille/Feeds.toml 2>/dev/null |
        python3 -c 'import json,sys; sys.exit(0 if any(f["name"]=="Beta" and f["status"]=="ok" and f["entries"]>0 for f in json.load(sys.stdin)) else 1)'
}
if ! in_ct veille add "$FEEDS/beta.xml" --name Beta --tag test --config /etc/veille/Feeds.toml >"$WORK/add.log" 2>&1; then
    fail "3. veille add + reload" "veille add failed: $(tr '\n' ' ' <"$WORK/add.log")"
elif ! in_ct systemctl reload veille; then
    fail "3. veille add + reload" "systemctl reload veille failed"
else
    reloaded() { in_ct journalctl -b -q -u veille -o cat | grep -q 'configuration reloaded (SIGHUP): 2 feeds'; }
    if ! wait_for 15 reloaded; then
        fail "3. veille add + reload" "no 'configuration reloaded (SIGHUP): 2 feeds' in the journal"
    elif wait_for 30 'digest_has "Lille inaugure"' && wait_for 10 beta_polled; then
        pass "3. veille add + systemctl reload: Beta polled (veille feeds: ok, entries > 0) and in the digest; state $(prop ActiveState)/$(prop SubState)"
    else
        fail "3. veille add + reload" "Beta not polled within 30 s: $(in_ct veille feeds --config /etc/veille/Feeds.toml 2>&1 | tr '\n' ' ')"
    fi
fi

# ---- 4. watchdog: a frozen process is killed and restarted -------------------------------------
printf '[Service]\nWatchdogSec=4s\nRestartSec=1s\n' | in_ct tee "$DROPIN/50-test-watchdog.conf" >/dev/null
in_ct systemctl daemon-reload
in_ct systemctl restart veille
pid=$(prop MainPID)
sleep 6   # longer than WatchdogSec: the pings must keep it alive
if [ "$(prop MainPID)" != "$pid" ] || [ "$(prop ActiveState)" != active ]; then
    fail "4. watchdog" "not kept alive by WATCHDOG=1 pings with WatchdogSec=4s (MainPID $pid -> $(prop MainPID))"
else
    restarts_before=$(prop NRestarts)
    in_ct kill -STOP "$pid"
    restarted() { [ "$(prop NRestarts)" -gt "$restarts_before" ] && [ "$(prop ActiveState)" = active ] && [ "$(prop MainPID)" != "$pid" ]; }
    if wait_for 30 restarted; then
        why=$(in_ct journalctl -b -q -u veille -o cat | grep -E "Watchdog timeout|Failed with result 'watchdog'" | tr '\n' ' ')
        if echo "$why" | grep -q "Failed with result 'watchdog'"; then
            pass "4. frozen (SIGSTOP) process killed by the watchdog and restarted (NRestarts=$(prop NRestarts), MainPID $pid -> $(prop MainPID); journal: $why)"
        else
            fail "4. watchdog" "restarted, but the journal does not say Result=watchdog"
        fi
    else
        fail "4. watchdog" "not restarted within 30 s: $(prop ActiveState)/$(prop SubState) Result=$(prop Result) NRestarts=$(prop NRestarts)"
    fi
fi
in_ct rm -f "$DROPIN/50-test-watchdog.conf"
in_ct systemctl daemon-reload

# ---- 5. systemctl stop: clean exit -------------------------------------------------------------
t0=$(date +%s%N)
if in_ct systemctl stop veille; then
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    got="$(prop ActiveState), $(in_ct journalctl -b -q -u veille -o cat | grep '^ended: ' | tail -n 1)"
    if [ "$got" = "inactive, ended: SERVICE_RESULT=success EXIT_CODE=exited EXIT_STATUS=0" ] &&
        in_ct journalctl -b -q -u veille -o cat | grep -qx 'stopped'; then
        pass "5. systemctl stop: clean exit in $ms ms ($got; 'stopped' logged)"
    else
        fail "5. systemctl stop" "$got"
    fi
else
    fail "5. systemctl stop" "systemctl stop veille failed"
fi

# ---- 6. metrics for node_exporter's textfile collector ------------------------------------------
PROM=/var/lib/prometheus/node-exporter/veille.prom
if in_ct test -f "$PROM"; then
    mode=$(in_ct stat -c '%a' "$PROM")
    # node_exporter runs as its own user: the file must be readable by anyone despite UMask=0077.
    if ! text=$(in_ct setpriv --reuid=nobody --regid=nogroup --clear-groups cat "$PROM" 2>&1); then
        fail "6. metrics textfile" "$PROM (mode $mode) not readable by another user: $text"
    elif echo "$text" | grep -qx 'veille_feed_up{feed="Alpha"} 1' && echo "$text" | grep -q '^veille_cycles_total [1-9]' &&
        echo "$text" | grep -q '^# TYPE veille_store_entries gauge'; then
        pass "6. metrics written to $PROM through the sandbox (mode $mode, $(echo "$text" | grep -vc '^#') samples, readable by nobody)"
    else
        fail "6. metrics textfile" "unexpected content: $(echo "$text" | grep -E 'feed_up|cycles_total' | tr '\n' ' ')"
    fi
else
    fail "6. metrics textfile" "$PROM not written (journal: $(in_ct journalctl -b -q -u veille -o cat | grep -i metrics | tail -n 2 | tr '\n' ' '))"
fi

# Anything veille logged at warning or worse during the whole test is worth a look.
warnings=$(in_ct journalctl -b -q -u veille -p warning -o cat | grep -v "Watchdog timeout\|Killing process\|Main process exited\|Failed with result" || true)
[ -n "$warnings" ] && { echo "warnings logged during the test:"; echo "$warnings" | sed 's/^/  /'; }

elapsed=$(( $(date +%s) - START ))
if [ "$FAILED" = 0 ]; then
    echo "test-systemd: all 6 checks passed in $elapsed s"
else
    echo "test-systemd: $FAILED check(s) failed ($elapsed s)"
    exit 1
fi
