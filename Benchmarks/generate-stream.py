#!/usr/bin/env python3
"""Generates a realistic stream of news items for timing `veille cluster`.

usage: generate-stream.py N [DAYS] [SEED] > stream.jsonl

The dev sets of ../shared/corpus/events-dev (French titles and leads) are resampled, never copied:
each synthetic *event* takes a real item as template, and each of its 1-15 reports (Zipf-like:
most events have one report) keeps about two thirds of the template's words, swaps the rest for
words drawn from the whole vocabulary, and sometimes shuffles clauses — as outlets rewrite a
dispatch. Reports of an event spread over up to two days; events arrive over DAYS days with a
day/night rhythm; 5% of reports repeat another report's URL with tracking parameters.
"""
import json, math, os, random, sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
days = float(sys.argv[2]) if len(sys.argv) > 2 else 30
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 42)

here = os.path.dirname(os.path.abspath(__file__))
dev = os.path.join(os.environ.get("VEILLE_SHARED", os.path.join(here, "../../shared")), "corpus/events-dev")
if not os.path.isdir(dev):
    sys.exit("generate-stream.py: %s not found (../shared beside the repository, or $VEILLE_SHARED)" % dev)
templates = []
for name in ("gnews-fr.jsonl", "rpm2.jsonl"):
    with open(os.path.join(dev, name), encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            templates.append((o["title"], o.get("summary") or ""))
vocab = [w for t, s in templates for w in (t + " " + s).split() if len(w) > 3]
sources = ["numerama.com", "01net.com", "next.ink", "lemonde.fr", "lefigaro.fr", "liberation.fr", "zdnet.fr",
           "frandroid.com", "lesnumeriques.com", "clubic.com", "20minutes.fr", "franceinfo.fr", "bfmtv.com",
           "ouest-france.fr", "leparisien.fr", "lesechos.fr", "latribune.fr", "journaldugeek.com"]

def rewrite(text):
    words = text.split()
    out = [w if rng.random() < 0.67 else rng.choice(vocab) for w in words]
    if len(out) > 6 and rng.random() < 0.3:
        cut = rng.randrange(2, len(out) - 2)
        out = out[cut:] + out[:cut]
    return " ".join(out)

start = 1_735_689_600  # 2025-01-01T00:00:00Z
span = days * 86400
items = []
event = 0
while len(items) < n:
    event += 1
    title, summary = rng.choice(templates)
    size = min(15, max(1, int(rng.paretovariate(1.3))))
    # Day/night rhythm: more news in daytime (Paris).
    while True:
        t0 = rng.uniform(0, span)
        hour = (t0 / 3600 + 1) % 24
        if rng.random() < 0.25 + 0.75 * math.sin(math.pi * max(0, min(1, (hour - 6) / 17))):
            break
    for k in range(size):
        if len(items) >= n:
            break
        t = t0 + (0 if k == 0 else rng.expovariate(1 / (8 * 3600)))
        source = rng.choice(sources)
        item_id = f"b{len(items):06d}"
        url = f"https://www.{source}/articles/{event}-{k}.html"
        if items and rng.random() < 0.05:
            prior = rng.choice(items[-200:])
            url = prior["url"] + "?utm_source=rss&xtor=RSS-1"
        items.append({"id": item_id, "source": source, "url": url,
                      "title": rewrite(title), "summary": rewrite(summary) if summary else "",
                      "published": t})
items.sort(key=lambda o: o["published"])
for o in items:
    ts = start + o["published"]
    o["published"] = __import__("datetime").datetime.fromtimestamp(ts, __import__("datetime").timezone.utc) \
        .astimezone(__import__("datetime").timezone(__import__("datetime").timedelta(hours=1))).isoformat(timespec="seconds")
    sys.stdout.write(json.dumps(o, ensure_ascii=False) + "\n")
