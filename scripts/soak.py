#!/usr/bin/env python3
"""Soak test: `veille run` polling many loopback feeds whose content changes, for a long time.

Measures the daemon from /proc every SAMPLE seconds: resident memory (VmRSS), open file descriptors
(/proc/PID/fd), CPU time (utime+stime), and the server's request count, so that CPU can be split
between samples with polling and samples without. Checks, after a warm-up:
  - RSS growth <= 10 % (median of the last minute vs. median of the first minute after warm-up);
  - open fds constant in the samples where no transfer was running (idle);
  - CPU ~ 0 between cycles (idle samples: < 2 % of one core on average).

Environment: SOAK_MINUTES (30), SOAK_FEEDS (500), SOAK_PERIOD_SECONDS (300: each feed gets a new
article every 5 minutes, at staggered moments, so that about 100 feeds change every minute),
SOAK_KEEP (5 articles listed), SOAK_WARMUP_MINUTES (5, or a third of a short run),
SOAK_SAMPLE_SECONDS (5), VEILLE (the binary; default .build/release/veille if present, else
.build/debug/veille), SOAK_OUT (a folder for samples.csv and the logs; default a temp folder).
Everything runs on 127.0.0.1. Exit 1 when a check fails.
"""
import calendar, csv, json, os, re, shutil, signal, sqlite3, statistics, subprocess, sys, tempfile, time, urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
MINUTES = float(os.environ.get("SOAK_MINUTES", "30"))
FEEDS = int(os.environ.get("SOAK_FEEDS", "500"))
WARMUP = float(os.environ.get("SOAK_WARMUP_MINUTES", str(min(5.0, MINUTES / 3))))
SAMPLE = float(os.environ.get("SOAK_SAMPLE_SECONDS", "5"))
# Each feed publishes a new article every PERIOD seconds (staggered across feeds) and lists KEEP.
PERIOD = int(os.environ.get("SOAK_PERIOD_SECONDS", "300"))
KEEP = int(os.environ.get("SOAK_KEEP", "5"))
TICK = os.sysconf("SC_CLK_TCK")


def binary():
    if os.environ.get("VEILLE"):
        return os.environ["VEILLE"]
    for c in ("release", "debug"):
        p = os.path.join(ROOT, ".build", c, "veille")
        if os.access(p, os.X_OK):
            return p
    sys.exit("soak: no veille binary: run `swift build` (or set VEILLE=...)")


def start_server(out):
    log = open(os.path.join(out, "server.err"), "w")
    p = subprocess.Popen([sys.executable, os.path.join(ROOT, "Tests/TestSupport/feedserver.py"), "--no-watchdog"],
                         stdout=subprocess.PIPE, stderr=log, text=True)
    port = int(p.stdout.readline())
    return p, port


def proc_sample(pid):
    with open("/proc/%d/status" % pid) as f:
        rss = next(int(l.split()[1]) for l in f if l.startswith("VmRSS:"))
    fds = len(os.listdir("/proc/%d/fd" % pid))
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / TICK   # utime, stime (fields 14 and 15)
    threads = len(os.listdir("/proc/%d/task" % pid))
    return rss, fds, cpu, threads


def requests_served(port):
    with urllib.request.urlopen("http://127.0.0.1:%d/count" % port, timeout=10) as r:
        counts = json.load(r)
    return sum(v for k, v in counts.items() if k.startswith("/changing/"))


def main():
    out = os.environ.get("SOAK_OUT") or tempfile.mkdtemp(prefix="veille-soak-")
    os.makedirs(out, exist_ok=True)
    veille = binary()
    server, port = start_server(out)
    state = os.path.join(out, "state")
    shutil.rmtree(state, ignore_errors=True)
    with open(os.path.join(out, "Feeds.toml"), "w") as f:
        f.write('[daemon]\nstate_dir = "state"\npoll_interval = "1m"\nmin_interval = "1m"\nmax_interval = "1h"\n'
                'max_concurrent = 32\nper_host = 16\ntimeout = "20s"\n\n[digest]\nformats = ["md", "html", "atom", "json"]\n\n')
        for i in range(FEEDS):
            f.write('[[feed]]\nname = "Flux %d"\nurl = "http://127.0.0.1:%d/changing/%d?period=%d&keep=%d"\n\n'
                    % (i, port, i, PERIOD, KEEP))
    err = open(os.path.join(out, "veille.err"), "w")
    daemon = subprocess.Popen([veille, "run", "--config", os.path.join(out, "Feeds.toml")],
                              stdout=err, stderr=err, stdin=subprocess.DEVNULL)
    print("soak: %d feeds (a new article every %d s each), %.0f min (warm-up %.1f min), veille %s, pid %d, output %s"
          % (FEEDS, PERIOD, MINUTES, WARMUP, veille, daemon.pid, out), flush=True)
    rows = []
    t0 = time.time()
    prev_cpu, prev_req = 0.0, 0
    try:
        while time.time() - t0 < MINUTES * 60:
            time.sleep(SAMPLE)
            if daemon.poll() is not None:
                print("soak: the daemon exited with status %s" % daemon.returncode)
                return 1
            rss, fds, cpu, threads = proc_sample(daemon.pid)
            req = requests_served(port)
            rows.append(dict(t=round(time.time() - t0, 1), rss_kb=rss, fds=fds, threads=threads,
                             cpu_s=round(cpu, 2), cpu_pct=round(100 * (cpu - prev_cpu) / SAMPLE, 1),
                             requests=req - prev_req))
            prev_cpu, prev_req = cpu, req
            if len(rows) % max(1, int(60 / SAMPLE)) == 0:
                r = rows[-1]
                print("  t=%5.0fs rss=%6.1f MB fds=%3d threads=%2d cpu=%.1fs requests=%d"
                      % (r["t"], r["rss_kb"] / 1024, r["fds"], r["threads"], r["cpu_s"], req), flush=True)
    finally:
        daemon.send_signal(signal.SIGTERM)
        try:
            daemon.wait(timeout=30)
        except subprocess.TimeoutExpired:
            daemon.kill()
        server.kill()
    with open(os.path.join(out, "samples.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        w.writerows(rows)

    db = sqlite3.connect(os.path.join(state, "veille.sqlite"))
    entries = db.execute("SELECT count(*) FROM entry").fetchone()[0]
    polls_ok = db.execute("SELECT count(*) FROM feed WHERE last_success_at IS NOT NULL").fetchone()[0] \
        if "last_success_at" in [c[1] for c in db.execute("PRAGMA table_info(feed)")] else None
    integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
    db.close()

    after = [r for r in rows if r["t"] >= WARMUP * 60]
    per_min = max(1, int(60 / SAMPLE))
    base = statistics.median(r["rss_kb"] for r in after[:per_min])
    last = statistics.median(r["rss_kb"] for r in after[-per_min:])
    growth = 100.0 * (last - base) / base
    # Cycles from the daemon's log: "TIME info poll: ...; D s" ends a cycle that lasted D seconds.
    # A sample is idle when its whole interval lies outside every cycle (with 2 s of margin).
    cycles = []
    with open(os.path.join(out, "veille.err")) as f:
        for line in f:
            m = re.match(r"(\S+Z) info poll: .*; ([0-9.]+) s$", line.strip())
            if m:
                end = calendar.timegm(time.strptime(m.group(1), "%Y-%m-%dT%H:%M:%SZ")) - t0
                cycles.append((end - float(m.group(2)) - 2, end + 2))
    def in_cycle(r):
        return any(a < r["t"] and r["t"] - SAMPLE < b for a, b in cycles)
    idle = [r for r in after if not in_cycle(r)]
    busy = [r for r in after if in_cycle(r)]
    idle_fds = sorted({r["fds"] for r in idle})
    # Open fds at rest: the smallest count of each minute must not grow.
    per_minute_min = [min(r["fds"] for r in after[i:i + per_min]) for i in range(0, len(after), per_min)]
    all_fds = [r["fds"] for r in after]
    idle_cpu = statistics.mean(r["cpu_pct"] for r in idle) if idle else float("nan")
    busy_cpu = statistics.mean(r["cpu_pct"] for r in busy) if busy else float("nan")
    total_req = sum(r["requests"] for r in rows)
    report = {
        "minutes": MINUTES, "feeds": FEEDS, "binary": veille, "samples": len(rows),
        "requests": total_req, "entries_stored": entries, "feeds_with_success": polls_ok, "integrity_check": integrity,
        "rss_mb_after_warmup": round(base / 1024, 1), "rss_mb_end": round(last / 1024, 1),
        "rss_mb_max": round(max(r["rss_kb"] for r in rows) / 1024, 1), "rss_growth_pct": round(growth, 2),
        "cycles": len(cycles), "fds_idle_distinct": idle_fds, "fds_at_rest_per_minute": sorted(set(per_minute_min)),
        "fds_min_max": [min(all_fds), max(all_fds)],
        "threads_min_max": [min(r["threads"] for r in after), max(r["threads"] for r in after)],
        "idle_samples": len(idle), "busy_samples": len(busy),
        "cpu_pct_idle_mean": round(idle_cpu, 2), "cpu_pct_busy_mean": round(busy_cpu, 2),
        "cpu_seconds_total": rows[-1]["cpu_s"], "output": out,
    }
    with open(os.path.join(out, "report.json"), "w") as f:
        json.dump(report, f, indent=2)
    print(json.dumps(report, indent=2))
    failures = []
    if growth > 10:
        failures.append("RSS grew %.1f %% after warm-up (limit 10 %%)" % growth)
    if len(set(per_minute_min)) > 1:
        failures.append("open fds at rest vary: %s" % sorted(set(per_minute_min)))
    if idle and idle_cpu > 2:
        failures.append("CPU between cycles %.1f %% of a core (limit 2 %%)" % idle_cpu)
    if integrity != "ok":
        failures.append("integrity_check: %s" % integrity)
    if not idle:
        failures.append("no idle sample after warm-up: cycles never stopped (cannot judge CPU between cycles)")
    for f in failures:
        print("soak: FAIL: " + f)
    print("soak: %s" % ("FAIL" if failures else "ok"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
