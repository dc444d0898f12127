#!/usr/bin/env python3
"""The soak's figures and plot, from a run's folder: samples.csv, veille.log, events.jsonl, check.json.

usage: report.py OUT [--png PATH]
Figures, on the last daemon process (the kills come early so that it runs long; the earlier
processes are reported too):
  - RSS growth: median VmRSS of the minute after its 15th minute vs. median of its last minute
    (goal ≤ 5 %);
  - fds: the smallest count of each minute (fds at rest) must stay flat; min and max of all samples;
  - CPU per cycle: CPU seconds divided by the poll cycles (and by the feeds polled) in each
    10-minute window; the last window against the first (flat: within ±25 %);
  - CPU between cycles: the mean over samples with no transfer in flight and no cycle ending nearby.
Writes OUT/summary.json (with check.json merged) and OUT/soak.png; exit 1 when a goal is missed.
"""
import calendar, csv, json, os, re, statistics, sys, time

WINDOW = 600


def load(out):
    with open(os.path.join(out, "samples.csv")) as f:
        rows = [{k: float(v) for k, v in r.items()} for r in csv.DictReader(f)]
    events = []
    with open(os.path.join(out, "events.jsonl")) as f:
        events = [json.loads(l) for l in f if l.endswith("\n")]
    t0 = events[0]["at"] - events[0]["t"]
    cycles = []  # (t end, seconds, feeds polled)
    with open(os.path.join(out, "veille.log"), errors="replace") as f:
        for line in f:
            m = re.match(r"(\S+Z) info poll: (\d+) feeds: .*; ([0-9.]+) s$", line.strip())
            if m:
                end = calendar.timegm(time.strptime(m.group(1), "%Y-%m-%dT%H:%M:%SZ")) - t0
                cycles.append((end, float(m.group(3)), int(m.group(2))))
    return rows, events, cycles, t0


def figures(out):
    rows, events, cycles, t0 = load(out)
    pids = []
    for r in rows:
        if not pids or pids[-1] != r["pid"]:
            pids.append(r["pid"])
    per_min = 12
    res = {"samples": len(rows), "processes": len(pids), "cycles": len(cycles),
           "feeds_polled": sum(c[2] for c in cycles), "kills": [e for e in events if e["event"] == "kill"]}
    last = [r for r in rows if r["pid"] == pids[-1]]
    res["last_process_minutes"] = round((last[-1]["uptime"] - last[0]["uptime"]) / 60 + last[0]["uptime"] / 60, 1)
    after = [r for r in last if r["uptime"] >= 15 * 60]
    goals = []
    if len(after) >= 2 * per_min:
        base = statistics.median(r["rss_kb"] for r in after[:per_min])
        end = statistics.median(r["rss_kb"] for r in after[-per_min:])
        res.update(rss_mb_at_15min=round(base / 1024, 1), rss_mb_end=round(end / 1024, 1),
                   rss_growth_pct=round(100 * (end - base) / base, 2),
                   rss_growth_window_minutes=round((after[-1]["uptime"] - after[0]["uptime"]) / 60, 1))
        if res["rss_growth_pct"] > 5:
            goals.append("RSS grew %.1f %% after 15 min (goal ≤ 5 %%)" % res["rss_growth_pct"])
    else:
        res["rss_growth_pct"] = None
        goals.append("the last process ran < 17 min: no RSS growth figure")
    res["rss_mb_max"] = round(max(r["rss_kb"] for r in rows) / 1024, 1)
    res["per_process"] = []
    for p in pids:
        rs = [r for r in rows if r["pid"] == p]
        res["per_process"].append({"pid": int(p), "minutes": round(rs[-1]["uptime"] / 60, 1),
                                   "rss_mb_first": round(rs[0]["rss_kb"] / 1024, 1), "rss_mb_last": round(rs[-1]["rss_kb"] / 1024, 1),
                                   "fds_min_max": [int(min(r["fds"] for r in rs)), int(max(r["fds"] for r in rs))]})
    # fds at rest: the smallest count of each minute of the last process, after its first cycle.
    settled = [r for r in last if r["uptime"] >= 120]
    rest = [int(min(r["fds"] for r in settled[i:i + per_min])) for i in range(0, len(settled), per_min)]
    res.update(fds_at_rest_distinct=sorted(set(rest)), fds_min_max=[int(min(r["fds"] for r in last)), int(max(r["fds"] for r in last))],
               threads_min_max=[int(min(r["threads"] for r in last)), int(max(r["threads"] for r in last))])
    if len(set(rest)) > 1 and max(rest) - min(rest) > 2:
        goals.append("fds at rest vary: %s" % sorted(set(rest)))
    # CPU per cycle, per 10-minute window of the last process.
    start = last[0]["t"]
    windows = []
    w = start
    while w + WINDOW <= last[-1]["t"] + 1:
        rs = [r for r in last if w <= r["t"] < w + WINDOW]
        cs = [c for c in cycles if w <= c[0] < w + WINDOW]
        if len(rs) > 2 and cs:
            cpu = rs[-1]["cpu_s"] - rs[0]["cpu_s"]
            feeds = sum(c[2] for c in cs)
            windows.append({"from_min": round(w / 60, 1), "cycles": len(cs), "feeds_polled": feeds,
                            "cpu_s": round(cpu, 2), "cpu_ms_per_cycle": round(1000 * cpu / len(cs), 1),
                            "cpu_ms_per_feed": round(1000 * cpu / feeds, 2) if feeds else None,
                            "rss_mb": round(statistics.median(r["rss_kb"] for r in rs) / 1024, 1)})
        w += WINDOW
    res["windows"] = windows
    if len(windows) >= 3:
        # The first window of a process includes its start-up (rebuilding the clusterer): compare
        # from the second one on.
        a, b = windows[1], windows[-1]
        res["cpu_ms_per_feed_first_last"] = [a["cpu_ms_per_feed"], b["cpu_ms_per_feed"]]
        res["cpu_ms_per_cycle_first_last"] = [a["cpu_ms_per_cycle"], b["cpu_ms_per_cycle"]]
        if a["cpu_ms_per_feed"] and b["cpu_ms_per_feed"] > 1.25 * a["cpu_ms_per_feed"]:
            goals.append("CPU per polled feed grew from %.2f to %.2f ms" % (a["cpu_ms_per_feed"], b["cpu_ms_per_feed"]))
    # CPU between cycles: samples with nothing in flight and no cycle ending within 3 s.
    idle = []
    prev = None
    for r in last:
        if prev and r["inflight"] == 0 and prev["inflight"] == 0 and \
                not any(prev["t"] - 3 <= c[0] <= r["t"] + 3 or c[0] - c[1] <= r["t"] <= c[0] for c in cycles):
            idle.append(100 * (r["cpu_s"] - prev["cpu_s"]) / (r["t"] - prev["t"]))
        prev = r
    res["idle_samples"] = len(idle)
    res["cpu_pct_between_cycles"] = round(statistics.mean(idle), 2) if idle else None
    res["cpu_seconds_total"] = rows[-1]["cpu_total_s"]
    res["goals_missed"] = goals
    return res, rows, events, cycles


def plot(out, rows, events, cycles, png):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(3, 1, figsize=(10, 8), sharex=True)
    # One line segment per daemon process: no line across the downtime after a kill.
    segments = []
    for r in rows:
        if not segments or segments[-1][-1]["pid"] != r["pid"]:
            segments.append([])
        segments[-1].append(r)
    for k, seg in enumerate(segments):
        t = [r["t"] / 60 for r in seg]
        ax[0].plot(t, [r["rss_kb"] / 1024 for r in seg], lw=1, color="tab:blue")
        # CPU: percent of one core over each minute (5-s samples are too spiky to read).
        xs, ys = [], []
        for i in range(1, len(seg)):
            a = seg[max(0, i - 12)]
            xs.append(seg[i]["t"] / 60)
            ys.append(100 * (seg[i]["cpu_s"] - a["cpu_s"]) / (seg[i]["t"] - a["t"]))
        ax[1].plot(xs, ys, lw=1, color="tab:orange")
        ax[2].plot(t, [r["fds"] for r in seg], lw=1, color="tab:green", label="open fds" if k == 0 else None)
        ax[2].plot(t, [r["threads"] for r in seg], lw=1, color="tab:gray", label="threads" if k == 0 else None)
    ax[0].set_ylabel("RSS (MB)")
    ax[1].set_ylabel("CPU (% of a core,\n1-min mean)")
    ax[2].set_ylabel("count")
    ax[2].legend(loc="upper right")
    ax[2].set_xlabel("minutes since start")
    for e in events:
        if e["event"] == "kill":
            for a in ax:
                a.axvline(e["t"] / 60, color="red", lw=0.8, ls="--")
    ax[0].text(0.01, 0.9, "red dashes: SIGKILL + restart", transform=ax[0].transAxes, color="red", fontsize=8)
    fig.suptitle("veille run: 500 loopback feeds, %d min" % round(rows[-1]["t"] / 60))
    for a in ax:
        a.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(png, dpi=90)


def main():
    out = sys.argv[1]
    png = sys.argv[sys.argv.index("--png") + 1] if "--png" in sys.argv else os.path.join(out, "soak.png")
    res, rows, events, cycles = figures(out)
    try:
        plot(out, rows, events, cycles, png)
        res["plot"] = png
    except ImportError:
        res["plot"] = None
        print("report: no matplotlib (pip install matplotlib): no plot")
    check = os.path.join(out, "check.json")
    if os.path.exists(check):
        with open(check) as f:
            res["check"] = json.load(f)
    with open(os.path.join(out, "summary.json"), "w") as f:
        json.dump(res, f, indent=1)
    show = {k: v for k, v in res.items() if k not in ("windows", "kills", "check", "per_process")}
    print(json.dumps(show, indent=1))
    for w in res["windows"]:
        print("report: from %5.1f min: %3d cycles, %4d feeds polled, cpu %.2f s (%.1f ms/cycle, %s ms/feed), rss %.1f MB"
              % (w["from_min"], w["cycles"], w["feeds_polled"], w["cpu_s"], w["cpu_ms_per_cycle"], w["cpu_ms_per_feed"], w["rss_mb"]))
    for g in res["goals_missed"]:
        print("report: MISSED: " + g)
    print("report: %s" % ("ok" if not res["goals_missed"] else "goals missed"))
    return 1 if res["goals_missed"] else 0


if __name__ == "__main__":
    sys.exit(main())
