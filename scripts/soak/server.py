#!/usr/bin/env python3
"""The soak rig's loopback news server: 500 French outlets whose articles appear over time.

Binds 127.0.0.1 on a free port and prints it on the first line of stdout. Everything it will ever
publish is drawn up front from --seed (a schedule of articles over --minutes), so that the checker
can tell exactly what should have been stored. An article is visible in its feed from its
publication time on; each feed lists its latest LISTED articles, which covers any daemon downtime
(a feed publishes at most one article every couple of minutes).

Every publication is appended to --log (JSON Lines) the moment it becomes visible:
  {"kind": "item", "feed": 12, "guid": "...", "link": "...", "title": "...", "published": EPOCH,
   "excluded": null | "gone" | "oversize"}
plus {"kind": "event", ...} lines for scheduled misbehaviour (fault windows, 410, oversize).

Feeds: /feed/N (N = 0..FEEDS-1). Formats rotate among RSS 2.0 (UTF-8), Atom, JSON Feed and RSS 2.0 in
ISO-8859-1; some RSS feeds have no guid (identity by link); most answer conditional requests
(ETag or Last-Modified) with 304. Misbehaving feeds (fixed numbers, see FAULTS):
  timeout (hangs longer than the daemon's timeout), 500s, 429 + Retry-After seconds,
  503 + Retry-After HTTP date, an ETag that changes on every request without new content,
  a feed that turns 410 Gone, a feed that grows past --max-size.
/stats answers request counts and transfers in flight (the rig kills the daemon mid-cycle with it).
"""
import argparse, email.utils, hashlib, html, json, os, random, signal, sys, threading, time
from bisect import bisect_right
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import headlines  # noqa: E402

LISTED = 20
# The misbehaving feeds (their numbers are below every other special case).
F_TIMEOUT, F_500, F_429, F_503, F_ETAG, F_GONE, F_BIG = 11, 12, 13, 14, 15, 16, 17
WIRES = [1, 2, 3, 4, 5]  # wire services: an article every few minutes
QUIET_BEFORE_BREAK = 7 * 60  # > max_interval + spread: the last article before a break is polled


class Schedule:
    """What every feed publishes and when, and when each misbehaves; a pure function of the arguments."""

    def __init__(self, feeds, t0, minutes, drain_minutes, seed, max_size):
        rnd = random.Random(seed)
        self.t0, self.feeds, self.max_size = t0, feeds, max_size
        run = minutes * 60
        self.end_publishing = t0 + run - drain_minutes * 60
        self.outlets = [headlines.outlet(i, rnd) for i in range(feeds)]
        # Fault windows, as fractions of the run: two per faulty feed, well before the end so that
        # the exponential backoff (×2 per failure) has retried the feed before publishing stops.
        frac = lambda a, b: (t0 + a * run, t0 + b * run)  # noqa: E731
        self.windows = {F_TIMEOUT: [frac(.10, .15), frac(.30, .36)], F_500: [frac(.11, .16), frac(.31, .37)],
                        F_429: [frac(.12, .17), frac(.32, .38)], F_503: [frac(.13, .18), frac(.33, .39)]}
        self.gone_at = t0 + .45 * run
        self.big_at = t0 + .55 * run
        items = []  # (time, feed, kind) kind: "normal" | "burst:<event>" | "big"

        def add(t, feed, kind="normal"):
            if feed == F_GONE and self.gone_at - QUIET_BEFORE_BREAK <= t < self.gone_at:
                return
            if feed == F_BIG:
                return  # its own schedule below
            items.append((t, feed, kind))

        # Backlog: 2-5 articles per feed from the last three hours, there before the daemon starts.
        for f in range(feeds):
            for _ in range(rnd.randint(2, 5)):
                add(t0 - rnd.uniform(600, 3 * 3600), f)
        # Steady flow: ~3 articles a minute over random outlets (Poisson), plus the wires.
        t = t0
        while True:
            t += rnd.expovariate(3 / 60)
            if t >= self.end_publishing:
                break
            add(t, rnd.randrange(feeds))
        for w in WIRES:
            t = t0 + rnd.uniform(0, 180)
            while t < self.end_publishing:
                add(t, w)
                t += rnd.uniform(150, 330)
        # Bursts: an event covered by 8-20 outlets within two minutes, every ~15 minutes (and one
        # while the daemon is down, placed by the rig with --burst-at).
        self.bursts = []
        t = t0 + rnd.uniform(120, 420)
        while t < self.end_publishing - 150:
            self.bursts.append(t)
            t += rnd.uniform(10 * 60, 20 * 60)
        for b in self.bursts:
            ev = rnd.randrange(len(headlines.EVENTS))
            for f in rnd.sample(range(feeds), rnd.randint(8, 20)):
                add(b + rnd.uniform(0, 120), f, "burst:%d" % ev)
        # The feed that grows: long articles (~3 KB) listed forever, well under the limit, then
        # from big_at on articles of max_size/3: the first one takes it past the limit.
        t = t0 - 3600
        while t < self.big_at - QUIET_BEFORE_BREAK:
            items.append((t, F_BIG, "big"))
            t += rnd.uniform(240, 600)
            if sum(1 for i in items if i[1] == F_BIG) * 3500 > max_size // 2:
                break
        t = self.big_at
        while t < self.end_publishing:
            items.append((t, F_BIG, "huge"))
            t += rnd.uniform(120, 300)
        items.sort()
        self.items = []
        self.per_feed = [[] for _ in range(feeds)]
        counters = [0] * feeds
        for t, f, kind in items:
            counters[f] += 1
            it = self.make_item(f, counters[f], t, kind, rnd)
            self.items.append(it)
            self.per_feed[f].append(it)
        self.per_feed_times = [[it["published"] for it in lst] for lst in self.per_feed]

    def make_item(self, f, n, t, kind, rnd):
        o = self.outlets[f]
        if kind.startswith("burst:"):
            title, summary = headlines.event_variant(int(kind[6:]), rnd)
        else:
            title, summary = headlines.headline(o["theme"], rnd)
        body = summary
        if kind == "big":
            body = " ".join(headlines.headline(o["theme"], rnd)[1] for _ in range(12))[:3500]
        elif kind == "huge":
            body = (summary + " ") * (self.max_size // 3 // max(1, len(summary) + 1) + 1)
        slug = headlines.slug(title)[:60]
        day = time.strftime("%Y/%m/%d", time.gmtime(t))
        link = "https://%s/%s/%s-%d.html" % (o["domain"], day, slug, n)
        guid = None if o["no_guid"] else ("%s-%06d" % (o["domain"].split(".")[0], n))
        if o["format"] == "atom" and guid:
            guid = "tag:%s,2026:article-%d" % (o["domain"], n)
        excluded = None
        if f == F_GONE and t >= self.gone_at:
            excluded = "gone"
        if f == F_BIG and t >= self.big_at:
            excluded = "oversize"
        # 2 % of the articles are corrected a few minutes later (same guid, new title): an update,
        # never a second entry.
        corrected = rnd.random() < 0.02
        return {"feed": f, "n": n, "guid": guid, "link": link, "title": title, "summary": body,
                "published": t, "excluded": excluded, "corrected_at": t + 300 if corrected else None}

    def visible(self, f, now):
        k = bisect_right(self.per_feed_times[f], now)
        lst = self.per_feed[f][:k]
        return lst if f == F_BIG else lst[-LISTED:]

    def in_window(self, f, now):
        return any(a <= now < b for a, b in self.windows.get(f, []))


def rfc822(t):
    return email.utils.formatdate(t, localtime=False, usegmt=True) if t else ""


def rfc3339(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def title_at(it, now):
    if it["corrected_at"] and now >= it["corrected_at"]:
        return it["title"] + " (mis à jour)"
    return it["title"]


def render(sched, f, now):
    """The feed's document now and its content type."""
    o = sched.outlets[f]
    items = sched.visible(f, now)
    items = list(reversed(items))  # newest first, as most feeds do
    esc = lambda s: html.escape(s, quote=False)  # noqa: E731
    fmt = o["format"]
    if fmt == "json":
        doc = {"version": "https://jsonfeed.org/version/1.1", "title": o["name"], "home_page_url": "https://%s/" % o["domain"],
               "language": "fr", "items": [{"id": it["guid"] or it["link"], "url": it["link"], "title": title_at(it, now),
                                            "content_html": "<p>%s</p>" % esc(it["summary"]),
                                            "date_published": rfc3339(it["published"]),
                                            "tags": o["tags"]} for it in items]}
        return json.dumps(doc, ensure_ascii=False).encode("utf-8"), "application/feed+json"
    if fmt == "atom":
        updated = rfc3339(items[0]["published"]) if items else rfc3339(sched.t0 - 86400)
        entries = "".join(
            "<entry><title>%s</title><link rel=\"alternate\" href=\"%s\"/><id>%s</id><published>%s</published>"
            "<updated>%s</updated><author><name>%s</name></author><summary type=\"html\">%s</summary></entry>"
            % (esc(title_at(it, now)), esc(it["link"]), esc(it["guid"] or it["link"]), rfc3339(it["published"]),
               rfc3339(it["published"]), esc(o["author"]), esc("<p>%s</p>" % esc(it["summary"]))) for it in items)
        body = ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">'
                "<title>%s</title><id>https://%s/</id><updated>%s</updated><link rel=\"alternate\" href=\"https://%s/\"/>%s</feed>"
                % (esc(o["name"]), o["domain"], updated, o["domain"], entries))
        return body.encode("utf-8"), "application/atom+xml; charset=utf-8"
    latin1 = fmt == "rss-latin1"
    parts = []
    for it in items:
        guid = "<guid isPermaLink=\"false\">%s</guid>" % esc(it["guid"]) if it["guid"] else ""
        cats = "".join("<category>%s</category>" % esc(c) for c in o["tags"])
        parts.append("<item><title>%s</title><link>%s</link>%s<pubDate>%s</pubDate>%s<description>%s</description></item>"
                     % (esc(title_at(it, now)), esc(it["link"]), guid, rfc822(it["published"]), cats,
                        esc("<p>%s</p>" % esc(it["summary"]))))
    body = ('<?xml version="1.0" encoding="%s"?>\n<rss version="2.0"><channel><title>%s</title><link>https://%s/</link>'
            "<description>%s</description><language>fr</language>%s</channel></rss>"
            % ("ISO-8859-1" if latin1 else "utf-8", esc(o["name"]), o["domain"], esc(o["description"]), "".join(parts)))
    if latin1:
        # Characters outside Latin-1 (’, œ, €) become character references, as such servers do.
        return body.encode("iso-8859-1", "xmlcharrefreplace"), "application/rss+xml; charset=ISO-8859-1"
    return body.encode("utf-8"), "application/rss+xml; charset=utf-8"


class State:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = {}   # status -> count
        self.inflight = 0
        self.etag_counter = 0
        self.oversize_logged = False


def make_handler(sched, state, log):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "veille-soak/1"

        def log_message(self, *args):
            pass

        def reply(self, status, body=b"", ctype="text/html; charset=utf-8", headers=()):
            with state.lock:
                state.requests[str(status)] = state.requests.get(str(status), 0) + 1
            self.send_response(status)
            if status != 304:
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
            for k, v in headers:
                self.send_header(k, v)
            self.end_headers()
            if status != 304 and self.command != "HEAD":
                self.wfile.write(body)

        def do_GET(self):
            with state.lock:
                state.inflight += 1
            try:
                self.serve()
            finally:
                with state.lock:
                    state.inflight -= 1

        def serve(self):
            now = time.time()
            path = self.path.split("?")[0]
            if path == "/stats":
                with state.lock:
                    body = json.dumps({"requests": state.requests, "inflight": state.inflight - 1}).encode()
                return self.reply(200, body, "application/json")
            if not path.startswith("/feed/"):
                return self.reply(404, b"introuvable", "text/plain")
            try:
                f = int(path[6:])
                assert 0 <= f < sched.feeds
            except (ValueError, AssertionError):
                return self.reply(404, b"introuvable", "text/plain")
            if f == F_GONE and now >= sched.gone_at:
                return self.reply(410, b"<html><body>Ce flux n'existe plus.</body></html>")
            if sched.in_window(f, now):
                if f == F_TIMEOUT:
                    time.sleep(30)  # the daemon gives up after its 15 s timeout
                    return self.reply(200, render(sched, f, now)[0], "application/rss+xml")
                if f == F_500:
                    return self.reply(500, b"<html><body>Erreur interne</body></html>")
                if f == F_429:
                    return self.reply(429, b"<html><body>Trop de requetes</body></html>", headers=[("Retry-After", "180")])
                if f == F_503:
                    return self.reply(503, b"<html><body>Maintenance</body></html>",
                                      headers=[("Retry-After", rfc822(now + 150))])
            body, ctype = render(sched, f, now)
            if f == F_BIG and len(body) > sched.max_size and not state.oversize_logged:
                state.oversize_logged = True
                log.write({"kind": "event", "event": "oversize", "feed": f, "at": now, "bytes": len(body)})
            o = sched.outlets[f]
            headers = []
            if f == F_ETAG:
                # A new ETag on every answer, the content unchanged (a load balancer over servers
                # that each make their own).
                with state.lock:
                    state.etag_counter += 1
                    headers.append(("ETag", '"%x-%d"' % (hash(o["domain"]) & 0xffff, state.etag_counter)))
            elif o["validators"] == "etag":
                etag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
                headers.append(("ETag", etag))
                if self.headers.get("If-None-Match") == etag:
                    return self.reply(304, headers=headers)
            elif o["validators"] == "last-modified":
                items = sched.visible(f, now)
                last = max([it["published"] for it in items] + [it["corrected_at"] for it in items
                                                               if it["corrected_at"] and it["corrected_at"] <= now] + [sched.t0 - 86400])
                lm = rfc822(int(last))
                headers.append(("Last-Modified", lm))
                if self.headers.get("If-Modified-Since") == lm:
                    return self.reply(304, headers=headers)
            return self.reply(200, body, ctype, headers)

        do_HEAD = do_GET
    return Handler


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # The daemon hanging up (its timeout on the hanging feed, a SIGKILL) is expected here.
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class Log:
    def __init__(self, path):
        self.f = open(path, "a", buffering=1)
        self.lock = threading.Lock()

    def write(self, obj):
        with self.lock:
            self.f.write(json.dumps(obj, ensure_ascii=False) + "\n")


def publisher(sched, log):
    """Logs each article the moment it becomes visible (backlog first), and the scheduled faults."""
    events = [(a, {"kind": "event", "event": "fault-start", "feed": f, "at": a}) for f, ws in sched.windows.items() for a, _ in ws]
    events += [(b, {"kind": "event", "event": "fault-end", "feed": f, "at": b}) for f, ws in sched.windows.items() for _, b in ws]
    events += [(sched.gone_at, {"kind": "event", "event": "gone", "feed": F_GONE, "at": sched.gone_at}),
               (sched.big_at, {"kind": "event", "event": "grows-past-limit", "feed": F_BIG, "at": sched.big_at})]
    events += [(b, {"kind": "event", "event": "burst", "at": b}) for b in sched.bursts]
    queue = sorted([(it["published"], 0, i) for i, it in enumerate(sched.items)] + [(t, 1, e) for t, e in [(a, e) for a, e in events]],
                   key=lambda x: (x[0], x[1]))
    log.write({"kind": "start", "t0": sched.t0, "end_publishing": sched.end_publishing, "feeds": sched.feeds,
               "listed": LISTED, "max_size": sched.max_size,
               "special": {"timeout": F_TIMEOUT, "500": F_500, "429": F_429, "503": F_503, "etag": F_ETAG,
                           "gone": F_GONE, "oversize": F_BIG, "wires": WIRES}})
    i = 0
    while i < len(queue):
        t, kind, x = queue[i]
        now = time.time()
        if t > now:
            time.sleep(min(0.5, t - now))
            continue
        if kind == 0:
            it = sched.items[x]
            log.write({"kind": "item", "feed": it["feed"], "guid": it["guid"], "link": it["link"], "title": it["title"],
                       "published": round(it["published"], 3), "excluded": it["excluded"]})
        else:
            log.write(x)
        i += 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--feeds", type=int, default=500)
    ap.add_argument("--minutes", type=float, default=120)
    ap.add_argument("--drain-minutes", type=float, default=6)
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--t0", type=float, default=None)
    ap.add_argument("--max-size", type=int, default=128 * 1024)
    ap.add_argument("--log", required=True)
    ap.add_argument("--outlets", help="write the outlet list (JSON) here, for the rig's Feeds.toml")
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *a: os._exit(0))
    t0 = args.t0 or time.time()
    sched = Schedule(args.feeds, t0, args.minutes, args.drain_minutes, args.seed, args.max_size)
    if args.outlets:
        with open(args.outlets, "w") as f:
            json.dump(sched.outlets, f, ensure_ascii=False, indent=1)
    log = Log(args.log)
    state = State()
    server = QuietServer(("127.0.0.1", 0), make_handler(sched, state, log))
    server.daemon_threads = True
    server.request_queue_size = 256
    threading.Thread(target=publisher, args=(sched, log), daemon=True).start()
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
