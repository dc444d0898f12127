#!/usr/bin/env python3
"""`make bench`: veille's figures next to their physical limits, measured in one run, one table.

usage: Benchmarks/bench.py [--bin PATH] [--only parse,poll,cluster,footprint,digest,restore] [--newsboat] [--reps N]

Sections (each measured side by side with its limit, medians of --reps; the box is shared and noisy):
  parse      `veille parse --bench` vs `xmllint --stream` over the same files
             (../shared/conformance/speed.py; corpus ../shared/corpus/feeds, else Tests/ fixtures)
  poll       2,000 loopback feeds served by nginx (../shared/pollbench): veille cold and all-304,
             with the default politeness (per_host 2) and with per_host = max_concurrent = 32,
             vs curl --parallel --parallel-max 32 (cold and all-304); newsboat with --newsboat
  cluster    `veille cluster` on 10,000, 100,000 and 1,000,000 generated items (Benchmarks/generate-stream.py)
  footprint  `veille run` on 500 loopback feeds, min_interval = poll_interval = 1m: idle RSS 30 s
             after the first cycle, and CPU time between cycles
  digest     a first cycle's digest rewrite on a 70,000-entry store (8 days x md, html, json + Atom +
             index), phase by phase: the release-mode DigestPublishBenchmark test (builds the tests
             in release into .build-bench the first time); the store is generated, or
             VEILLE_DIGEST_BENCH_DB names a real one (a pollbench cold run's state)
  restore    rebuilding the clusterer from the store: a restart after 18 days at 3,300 entries a day
             (15 days restored: wall time, heap held), and 72 days at 480 a day through one process
             with the weekly rebuild and without (heap in use): the release-mode RestoreBenchmark
             test on two streams of generate-stream.py (also built into .build-bench)
Everything listens on and talks to 127.0.0.1 only. Raw results go to --out (default
/tmp/veille-bench/<date>), the table to stdout and to <out>/table.md.
"""
import argparse
import datetime as dt
import glob
import json
import os
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def log(*a):
    print("bench:", *a, file=sys.stderr, flush=True)


def find_shared(sub):
    for base in (os.environ.get("VEILLE_SHARED"), os.path.join(ROOT, "..", "shared")):
        if base and os.path.isdir(os.path.join(base, sub)):
            return os.path.abspath(os.path.join(base, sub))
    return None


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def fmt(v, spec="%.2f", none="-"):
    return none if v is None else spec % v


class Table:
    def __init__(self):
        self.rows = []

    def add(self, section, what, veille, limit, ratio, goal, met, note=""):
        self.rows.append([section, what, veille, limit, ratio, goal,
                          "-" if met is None else ("yes" if met else "**no**"), note])

    def render(self):
        head = ["bench", "measure", "veille", "limit / reference", "ratio", "goal", "met", "notes"]
        L = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
        L += ["| " + " | ".join(r) + " |" for r in self.rows]
        return "\n".join(L)


# ------------------------------------------------------------------------------------------ parse
def bench_parse(a, t, out):
    speed = find_shared("conformance")
    if not speed or not shutil.which("xmllint"):
        t.add("parse", "throughput", "skipped", "", "", "≥ 0.8× xmllint --stream", None,
              "needs ../shared/conformance and xmllint")
        return
    speed = os.path.join(speed, "speed.py")
    corpus = find_shared("corpus/feeds")
    label = "../shared/corpus/feeds"
    if not corpus:
        # No shared corpus: speed.py reads <its folder>/../corpus/<suite>, so give it a copy of itself
        # next to a corpus made of the project's XML fixtures.
        label = "Tests/ fixtures"
        fx = [p for p in glob.glob(os.path.join(ROOT, "Tests", "**", "*"), recursive=True)
              if os.path.splitext(p)[1].lower() in (".xml", ".rss", ".atom", ".rdf")]
        root = os.path.join(out, "fixtures-suite")
        os.makedirs(os.path.join(root, "conformance"), exist_ok=True)
        os.makedirs(os.path.join(root, "corpus", "feeds"), exist_ok=True)
        shutil.copy(speed, os.path.join(root, "conformance", "speed.py"))
        for i, src in enumerate(fx):
            shutil.copy(src, os.path.join(root, "corpus", "feeds", "%04d-%s" % (i, os.path.basename(src))))
        speed = os.path.join(root, "conformance", "speed.py")
        log("parse: no shared corpus, %d fixtures" % len(fx))
    ratios, rates, base_rates = [], [], []
    for k in range(a.parse_runs):
        rep = os.path.join(out, "parse-%d.json" % (k + 1))
        cmd = [sys.executable, speed, "--engines", "xmllint-stream", "--engine",
               "veille=%s parse --bench {list} --repeat {repeat}" % a.bin,
               "--target-s", str(a.parse_target_s), "--runs", "1", "--json-report", rep]
        log("parse %d/%d: %s" % (k + 1, a.parse_runs, " ".join(shlex.quote(c) for c in cmd)))
        p = subprocess.run(cmd, capture_output=True, text=True)
        with open(os.path.join(out, "parse-%d.log" % (k + 1)), "w") as f:
            f.write(p.stdout + p.stderr)
        try:
            r = json.load(open(rep))
        except (OSError, ValueError):
            continue
        e = {x["engine"]: x for x in r["engines"]}
        if "veille" in e and "xmllint-stream" in e:
            rates.append(e["veille"]["mb_per_s"])
            base_rates.append(e["xmllint-stream"]["mb_per_s"])
            ratios.append(e["veille"]["mb_per_s"] / e["xmllint-stream"]["mb_per_s"])
            docs, mb = r["documents"], r["bytes_per_pass"] / 1e6
    if not ratios:
        t.add("parse", "throughput", "failed", "", "", "≥ 0.8×", False, "see %s/parse-*.log" % out)
        return
    ratio = med(ratios)
    t.add("parse", "MB/s (%s: %d docs, %.1f MB)" % (label, docs, mb), "%.1f MB/s" % med(rates),
          "xmllint --stream %.1f MB/s" % med(base_rates), "%.2f×" % ratio, "≥ 0.8×", ratio >= 0.8,
          "median of %d side-by-side runs" % len(ratios))
    return {"ratio": ratio, "veille_mb_s": med(rates), "xmllint_mb_s": med(base_rates), "ratios": ratios}


# ------------------------------------------------------------------------------------------- poll
TIMINGS = re.compile(r"^timings: (.*)$", re.M)


def timings_of(path):
    try:
        m = TIMINGS.search(open(path, errors="replace").read())
    except OSError:
        return {}
    if not m:
        return {}
    d = {}
    for part in m.group(1).split(","):
        p = part.split()
        if len(p) >= 2:
            d[p[0]] = float(p[1])
    return d


def bench_poll(a, t, out):
    rig = find_shared("pollbench")
    if not rig or not shutil.which("nginx") and not os.path.exists("/usr/sbin/nginx"):
        t.add("poll", "2,000 feeds", "skipped", "", "", "", None, "needs ../shared/pollbench and nginx")
        return
    n = a.poll_n
    have_newsboat = a.newsboat and shutil.which("newsboat")
    contenders = "curl,curl-304" + (",newsboat,newsboat-304" if have_newsboat else "")
    veille = "%s poll --all --timings --config" % shlex.quote(a.bin)
    # Same config, with the politeness limit raised to curl's concurrency (every feed is on 127.0.0.1).
    c32 = ("sed '/^\\[daemon\\]$/a per_host = 32\\nmax_concurrent = 32' {config} > {tmp}/feeds32.toml && "
           "%s {tmp}/feeds32.toml" % veille)
    cmd = [sys.executable, os.path.join(rig, "run.py"), "--n", str(n), "--reps", str(a.reps),
           "--contenders", contenders, "--newsboat-prime", "sql", "--port", str(a.port),
           "--project", veille + " {config}", "--contender", "veille-c32=" + c32,
           "--contender", "veille-c32-304:warm=" + c32, "--out", os.path.join(out, "poll")]
    if os.geteuid() == 0 and a.nice:
        cmd += ["--nice", str(a.nice)]
    log("poll: " + " ".join(shlex.quote(c) for c in cmd))
    p = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)
    try:
        res = json.load(open(os.path.join(out, "poll", "results.json")))
    except (OSError, ValueError):
        t.add("poll", "%d feeds" % n, "failed (exit %d)" % p.returncode, "", "", "", False, "see %s/poll" % out)
        return
    rows = {r["contender"]: r for r in res["summary"] if r["n"] == n}
    logs = os.path.join(out, "poll", "N%d" % n, "logs")

    def stage(name, key):
        return med([timings_of(f).get(key) for f in sorted(glob.glob(os.path.join(logs, "%s.rep*.out" % name)))])

    curl, curl304 = rows.get("curl"), rows.get("curl-304")
    nb, nb304 = rows.get("newsboat"), rows.get("newsboat-304")
    summary = {"rows": rows}

    def note(r):
        return ("noise %.0f%%" % (100 * r["noise"])) + ("; " + "; ".join(r["notes"]) if r["notes"] else "")

    for name, label in (("veille", "per_host 2 (default)"), ("veille-c32", "per_host 32")):
        cold, warm = rows.get(name), rows.get(name + "-304")
        if not cold or not curl:
            continue
        fetch = stage(name, "fetch")
        fetch304 = stage(name + "-304", "fetch")
        parse, store = stage(name, "parse"), stage(name, "store")
        summary[name] = {"fetch": fetch, "fetch304": fetch304, "parse": parse, "store": store,
                         "cluster": stage(name, "cluster"), "digest": stage(name, "digest")}
        t.add("poll", "cold, fetch stage, %s" % label, "%.2f s" % fetch if fetch else "-",
              "curl %.2f s" % curl["wall"], fmt(fetch and fetch / curl["wall"], "%.1f×"), "≤ 1.5×",
              fetch is not None and fetch <= 1.5 * curl["wall"],
              "stages: parse %s s, store %s s, cluster %s s, digest %s s (summed)" % (
                  fmt(parse), fmt(store), fmt(summary[name]["cluster"]), fmt(summary[name]["digest"])))
        t.add("poll", "cold, whole cycle, %s" % label, "%.2f s, CPU %.2f s" % (cold["wall"], cold["cpu"]),
              "curl %.2f s, CPU %.2f s" % (curl["wall"], curl["cpu"]), "%.1f×" % (cold["wall"] / curl["wall"]),
              "", None, note(cold))
        if nb:
            t.add("poll", "cold, whole cycle vs newsboat, %s" % label, "%.2f s" % cold["wall"],
                  "newsboat %.1f s" % nb["wall"], "%.0f× faster" % (nb["wall"] / cold["wall"]), "≥ 10× faster",
                  nb["wall"] >= 10 * cold["wall"], note(nb))
        t.add("poll", "cold, peak RSS, %s" % label, "%.1f MB" % cold["rss"],
              "curl %.1f MB" % curl["rss"] + (", newsboat %.1f MB" % nb["rss"] if nb else ""),
              "", "≤ 150 MB", cold["rss"] <= 150, "")
        if warm and curl304:
            t.add("poll", "all-304 cycle, %s" % label, "%.3f s (fetch stage %s s)" % (warm["wall"], fmt(fetch304, "%.3f")),
                  "curl-304 %.3f s" % curl304["wall"], "%.1f×" % (warm["wall"] / curl304["wall"]), "≤ 5×",
                  warm["wall"] <= 5 * curl304["wall"],
                  note(warm) + ("; newsboat-304 %.1f s (%.0f× veille)" % (nb304["wall"], nb304["wall"] / warm["wall"])
                                if nb304 else ""))
    return summary


# ---------------------------------------------------------------------------------------- cluster
def time_v(cmd, stdin=None, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=None):
    """(wall s, peak RSS MB, exit, CPU s = user + system) of one command through GNU time."""
    fd, tf = tempfile.mkstemp()
    os.close(fd)
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M %U %S", "-o", tf] + cmd, stdin=stdin, stdout=stdout,
                       stderr=stderr, env=env)
    wall = time.perf_counter() - t0
    try:
        fields = open(tf).read().split()[-3:]
        rss, cpu = int(fields[0]) / 1024, float(fields[1]) + float(fields[2])
    except (OSError, ValueError, IndexError):
        rss, cpu = None, None
    os.unlink(tf)
    return wall, rss, p.returncode, cpu


def bench_cluster(a, t, out):
    streams = {}
    for n, days in ((10_000, 3), (100_000, 30)):
        path = os.path.join(out, "stream-%d.jsonl" % n)
        with open(path, "w") as f:
            subprocess.run([sys.executable, os.path.join(HERE, "generate-stream.py"), str(n), str(days)],
                           stdout=f, check=True)
        streams[n] = path
    res = {n: [] for n in streams}
    for rep in range(a.reps):
        for n, path in streams.items():   # interleaved: 10k, 100k, 10k, 100k, ...
            with open(path, "rb") as f:
                w, rss, rc, _ = time_v([a.bin, "cluster", "-"], stdin=f)
            log("cluster %d items rep %d: %.2f s, %.1f MB, exit %d" % (n, rep + 1, w, rss or -1, rc))
            res[n].append((w, rss, rc))
    m = {n: (med([r[0] for r in rs]), med([r[1] for r in rs]), all(r[2] == 0 for r in rs)) for n, rs in res.items()}
    w10, r10, ok10 = m[10_000]
    w100, r100, ok100 = m[100_000]
    t.add("cluster", "10,000 items (3 days)", "%.2f s, %.0f MB" % (w10, r10), "", "", "", None,
          "" if ok10 else "non-zero exit")
    t.add("cluster", "100,000 items (30 days): time", "%.2f s" % w100, "", "", "≤ 10 s", w100 <= 10,
          "" if ok100 else "non-zero exit")
    t.add("cluster", "100,000 items: peak RSS", "%.0f MB" % r100, "", "", "≤ 500 MB", r100 <= 500, "")
    t.add("cluster", "scaling, 10× items", "%.1f× time" % (w100 / w10), "", "", "≤ 12×", w100 / w10 <= 12, "")
    # One million items over 300 days (the same density), once: the stream a daemon sees in a year.
    path = os.path.join(out, "stream-1000000.jsonl")
    with open(path, "w") as f:
        subprocess.run([sys.executable, os.path.join(HERE, "generate-stream.py"), "1000000", "300"], stdout=f, check=True)
    # The phases too (veille cluster prints them with VEILLE_CLUSTER_TIMINGS set): the clusterer
    # thread's CPU is what the wall time follows.
    err = os.path.join(out, "cluster-1m.stderr")
    with open(path, "rb") as f, open(err, "w") as e:
        w1m, r1m, rc1m, cpu1m = time_v([a.bin, "cluster", "-"], stdin=f, stderr=e,
                                       env=dict(os.environ, VEILLE_CLUSTER_TIMINGS="1"))
    os.unlink(path)
    phases = re.search(r"read ([0-9.]+) s.*clusterer thread CPU ([0-9.]+) s", open(err).read())
    log("cluster 1000000 items: %.2f s (CPU %.1f s), %.1f MB, exit %d" % (w1m, cpu1m or -1, r1m or -1, rc1m))
    # CPU beside wall: clustering is one serial thread, the French analysis runs on the other core
    # (CPU has been about 1.5 × wall). On a virtual machine both drift by 15-25 % within an hour:
    # compare two binaries with Benchmarks/ab-cluster.sh (both at once), not one after the other.
    t.add("cluster", "1,000,000 items (300 days): time", "%.1f s" % w1m, "", "", "≤ 60 s", w1m <= 60,
          ("CPU %.0f s" % (cpu1m or -1))
          + ("; read %.1f s, clusterer thread CPU %.1f s" % (float(phases[1]), float(phases[2])) if phases else "")
          + ("" if rc1m == 0 else "; non-zero exit"))
    t.add("cluster", "1,000,000 items: peak RSS", "%.0f MB" % r1m, "", "", "≤ 1 GB", r1m <= 1024, "")
    return {"10k": m[10_000], "100k": m[100_000], "1M": (w1m, r1m, rc1m == 0), "1M_cpu": cpu1m, "raw": res}


# -------------------------------------------------------------------------------------- footprint
def proc_sample(pid):
    with open("/proc/%d/stat" % pid) as f:
        st = f.read().rsplit(")", 1)[1].split()
    cpu = (int(st[11]) + int(st[12])) / os.sysconf("SC_CLK_TCK")   # utime + stime
    rss = None
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) / 1024
    return cpu, rss


def bench_footprint(a, t, out):
    rig = find_shared("pollbench")
    if not rig:
        t.add("footprint", "daemon", "skipped", "", "", "", None, "needs ../shared/pollbench")
        return
    sys.path.insert(0, rig)
    from feedserver import FeedServer  # noqa: E402
    data = "/tmp/pollbench/data"
    subprocess.run([sys.executable, os.path.join(rig, "gen_feeds.py"), "--out", data, "-n", "2000"], check=True)
    n = a.footprint_n
    port = a.port + 10
    srv = FeedServer(data, port, os.path.join(out, "footprint-nginx"), lifetime=a.footprint_timeout + 120).start()
    d = os.path.join(out, "footprint")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    cfg = os.path.join(d, "feeds.toml")
    with open(cfg, "w") as f:
        f.write('[daemon]\nstate_dir = "%s/state"\nmin_interval = "1m"\npoll_interval = "1m"\n\n'
                '[digest]\ndir = "%s/digests"\n\n' % (d, d))
        for i in range(1, n + 1):
            f.write('[[feed]]\nname = "Feed %d"\nurl = "http://127.0.0.1:%d/f/%d.xml"\n\n' % (i, port, i))
    errlog = open(os.path.join(d, "daemon.log"), "w")
    p = subprocess.Popen([a.bin, "run", "--config", cfg, "--log-level", "info"], stdout=errlog, stderr=errlog,
                         stdin=subprocess.DEVNULL, start_new_session=True)
    samples = []   # (t, cpu, rss, cycles so far, requests so far)
    t0 = time.monotonic()
    cycle_re = re.compile(r"poll: (\d+) feeds")
    cycles, rss_after = [], None
    try:
        while time.monotonic() - t0 < a.footprint_timeout and p.poll() is None:
            time.sleep(0.25)
            cpu, rss = proc_sample(p.pid)
            cyc = [int(x) for x in cycle_re.findall(open(os.path.join(d, "daemon.log"), errors="replace").read())]
            samples.append((time.monotonic() - t0, cpu, rss, len(cyc), srv.log_since(0)["requests"]))
            if len(cyc) > len(cycles):
                cycles = cyc
                log("footprint: cycle %d polled %d feeds at %.0f s, RSS %.1f MB, CPU %.2f s" % (
                    len(cyc), cyc[-1], samples[-1][0], rss, cpu))
            # Feeds are scheduled adaptively (the generated ones publish over three days, so most
            # are not due again within minutes): the figure is the idle RSS 30 s after the first cycle.
            if len(cycles) >= 1:
                if rss_after is None:
                    settle = time.monotonic()
                    rss_after = 0
                if time.monotonic() - settle >= 30:
                    rss_after = rss
                    break
    finally:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()
        srv.stop()
    json.dump({"samples": samples, "cycles": cycles}, open(os.path.join(d, "samples.json"), "w"))
    if not cycles or not rss_after:
        t.add("footprint", "daemon, %d feeds" % n, "no cycle" if not cycles else "stopped early", "", "", "≤ 50 MB", False,
              "see %s/daemon.log" % d)
        return
    # Idle: the samples where neither a request reached nginx nor a cycle ended, after the first cycle.
    idle_cpu = idle_s = 0.0
    first_done = next(i for i, s in enumerate(samples) if s[3] >= 1)
    for s0, s1 in zip(samples[first_done:], samples[first_done + 1:]):
        if s1[4] == s0[4] and s1[3] == s0[3]:
            idle_cpu += s1[1] - s0[1]
            idle_s += s1[0] - s0[0]
    peak = max(s[2] for s in samples)
    cpu_total = samples[-1][1]
    t.add("footprint", "daemon idle RSS after its first cycle (%d feeds)" % n, "%.1f MB" % rss_after, "", "", "≤ 50 MB",
          rss_after <= 50, "peak %.1f MB; cycles polled %s feeds" % (peak, "/".join(map(str, cycles))))
    t.add("footprint", "daemon CPU between cycles", "%.1f ms/s" % (1000 * idle_cpu / idle_s if idle_s else 0),
          "", "", "", None, "%.2f s CPU over %.0f s idle; %.2f s CPU in all (%.0f s, 3 cycles)" % (
              idle_cpu, idle_s, cpu_total, samples[-1][0]))
    return {"rss_after": rss_after, "peak": peak, "idle_cpu": idle_cpu, "idle_s": idle_s, "cycles": cycles}


# ----------------------------------------------------------------------------------------- digest
DIGEST_RUN = re.compile(r"^digest bench run \d+: (\d+) files, ([\d.]+) MB, wall ([\d.]+) s, cpu ([\d.]+) s; (.*)$", re.M)


def release_test(section, suite, variable, value, out):
    """Runs one benchmark suite of the tests in release (built into .build-bench the first time), enabled by
    its environment variable; its output goes to <out>/<section>.log. Returns the finished process."""
    env = dict(os.environ, **{variable: value})
    cmd = ["swift", "test", "-c", "release", "--scratch-path", os.path.join(ROOT, ".build-bench"), "--filter", suite]
    log("%s: %s" % (section, " ".join(cmd)))
    p = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    with open(os.path.join(out, section + ".log"), "w") as f:
        f.write(p.stdout)
    return p


def bench_digest(a, t, out):
    p = release_test("digest", "DigestPublishBenchmark", "VEILLE_DIGEST_BENCH", "1", out)
    runs = DIGEST_RUN.findall(p.stdout)
    if p.returncode != 0 or not runs:
        t.add("digest", "first cycle, 70k entries", "failed (exit %d)" % p.returncode, "", "", "", False,
              "see %s/digest.log" % out)
        return
    best = min(runs, key=lambda r: float(r[2]))
    store = "real store" if os.environ.get("VEILLE_DIGEST_BENCH_DB") else "generated store"
    t.add("digest", "first cycle, 70k entries, %s files (%s MB), %s" % (best[0], best[1], store),
          "%s s wall, CPU %s s" % (best[2], best[3]), "", "", "≤ 0.5 s", float(best[2]) <= 0.5,
          "best of %d; phases (summed over threads): %s" % (len(runs), best[4]))
    return {"runs": [{"files": int(r[0]), "mb": float(r[1]), "wall": float(r[2]), "cpu": float(r[3]), "phases": r[4]}
                     for r in runs]}


# ---------------------------------------------------------------------------------------- restore
RESTORE_RESTART = re.compile(r"restore bench restart: (\d+) entries of 15 days restored in ([\d.]+) s; heap in use ([\d.-]+) MB more; "
                             r"peak RSS ([\d.-]+) MB over the RSS before")
RESTORE_LONG = re.compile(r"restore bench long run, (weekly rebuild|no rebuild): heap in use MB: (.*)")


def bench_restore(a, t, out):
    d = os.path.join(out, "restore")
    os.makedirs(d, exist_ok=True)
    for name, n, days in (("restart", 60000, 18), ("longrun", 34560, 72)):
        with open(os.path.join(d, name + ".jsonl"), "w") as f:
            subprocess.run([sys.executable, os.path.join(HERE, "generate-stream.py"), str(n), str(days)], stdout=f, check=True)
    p = release_test("restore", "RestoreBenchmark", "VEILLE_RESTORE_BENCH", d, out)
    restart = RESTORE_RESTART.search(p.stdout)
    runs = dict(RESTORE_LONG.findall(p.stdout))
    if p.returncode != 0 or not restart or len(runs) != 2 or not all(runs.values()):
        t.add("restore", "clusterer rebuilt from the store", "failed (exit %d)" % p.returncode, "", "", "", False,
              "see %s/restore.log" % out)
        return
    t.add("restore", "restart after 18 days at 3,300 entries a day: %s entries restored" % restart.group(1),
          "%s s, heap +%s MB, peak RSS +%s MB" % (restart.group(2), restart.group(3), restart.group(4)), "", "", "", None,
          "the open threads' days, as a process that never stopped holds them")
    last = {k: v.split(", ")[-1] for k, v in runs.items()}
    t.add("restore", "72 days at 480 a day, heap in use at the end", "%s MB (weekly rebuild)" % last["weekly rebuild"].split()[-1],
          "%s MB (none)" % last["no rebuild"].split()[-1], "", "", None,
          "every 12 days: rebuild %s; none %s" % (runs["weekly rebuild"], runs["no rebuild"]))
    return {"restart": {"entries": int(restart.group(1)), "wall": float(restart.group(2)), "heap_mb": float(restart.group(3)),
                        "peak_mb": float(restart.group(4))},
            "longrun": runs}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build-release/release/veille"))
    ap.add_argument("--only", default="parse,poll,cluster,footprint,digest,restore")
    ap.add_argument("--reps", type=int, default=3, help="repetitions (medians) for poll and cluster")
    ap.add_argument("--newsboat", action="store_true", help="include newsboat in the poll bench (minutes)")
    ap.add_argument("--poll-n", type=int, default=2000)
    ap.add_argument("--parse-runs", type=int, default=3, help="side-by-side parse runs (median)")
    ap.add_argument("--parse-target-s", type=float, default=3.0)
    ap.add_argument("--footprint-n", type=int, default=500)
    ap.add_argument("--footprint-timeout", type=int, default=600)
    ap.add_argument("--port", type=int, default=18280)
    ap.add_argument("--nice", type=int, default=-20, help="niceness of the poll rig (root only; 0 = off)")
    ap.add_argument("--out", default="/tmp/veille-bench/" + dt.datetime.now().strftime("%Y%m%d-%H%M%S"))
    a = ap.parse_args()
    a.bin = os.path.abspath(a.bin)
    if not os.access(a.bin, os.X_OK):
        sys.exit("bench: no binary at %s (swift build -c release --scratch-path .build-release)" % a.bin)
    os.makedirs(a.out, exist_ok=True)
    t = Table()
    results = {}
    started = time.monotonic()
    for name, fn in (("parse", bench_parse), ("poll", bench_poll), ("cluster", bench_cluster),
                     ("footprint", bench_footprint), ("digest", bench_digest), ("restore", bench_restore)):
        if name in a.only.split(","):
            s = time.monotonic()
            results[name] = fn(a, t, a.out)
            log("%s done in %.0f s" % (name, time.monotonic() - s))
    meta = "veille bench %s, %s, %d CPUs, load %s, %.0f s; medians of %d (parse: %d)" % (
        dt.datetime.now().isoformat(timespec="seconds"), os.uname().release, os.cpu_count(),
        "/".join("%.1f" % x for x in os.getloadavg()), time.monotonic() - started, a.reps, a.parse_runs)
    table = meta + "\n\n" + t.render()
    print(table)
    with open(os.path.join(a.out, "table.md"), "w") as f:
        f.write(table + "\n")
    with open(os.path.join(a.out, "results.json"), "w") as f:
        json.dump(results, f, indent=1, default=str)
    log("raw results in %s" % a.out)


if __name__ == "__main__":
    main()
