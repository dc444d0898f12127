#!/usr/bin/env python3
"""The soak's verdict: the server's log of published articles against veille's store and digests.

usage: check.py OUT [--state DIR] [--selftest]
  OUT holds published.jsonl (server.py), state/ (the daemon's), reader.json (run.py's digest reader).
  - every published article (excluded: those of the 410 feed after it turned 410 and of the oversize
    feed once it is past the limit) is stored exactly once in its feed: matched by guid (Atom id,
    JSON Feed id) or, for feeds without guids, by link; none lost, none twice (a second row under
    another identity is a duplicate too);
  - no stored entry that the server never published;
  - PRAGMA integrity_check and foreign_key_check are clean;
  - the final digests: every stored entry appears in exactly one day's JSON digest, once; its link is
    in that day's Markdown and HTML files; every story of those days is an entry of digest.atom;
  - the reader saw no invalid digest file during the run.
--selftest then doctors a copy of the state (deletes a stored entry, adds a second row for another
one, tears a digest) and fails unless the checker catches all three: a checker that cannot fail
proves nothing.
Writes OUT/check.json; exit 1 when a check fails.
"""
import json, os, shutil, sqlite3, sys, tempfile
from collections import Counter, defaultdict


def load_log(out):
    items, events, start = [], [], None
    with open(os.path.join(out, "published.jsonl")) as f:
        for line in f:
            if not line.endswith("\n"):
                break  # a line being written when the server stopped
            r = json.loads(line)
            if r["kind"] == "item":
                items.append(r)
            elif r["kind"] == "start":
                start = r
            else:
                events.append(r)
    return items, events, start


def check(out, state):
    items, events, start = load_log(out)
    res = {"problems": []}
    P = res["problems"].append
    db = sqlite3.connect("file:%s?mode=ro" % os.path.join(state, "veille.sqlite"), uri=True, timeout=30)
    res["integrity_check"] = db.execute("PRAGMA integrity_check").fetchone()[0]
    if res["integrity_check"] != "ok":
        P("integrity_check: %s" % res["integrity_check"])
    fk = db.execute("PRAGMA foreign_key_check").fetchall()
    if fk:
        P("foreign_key_check: %d rows, e.g. %s" % (len(fk), fk[:3]))
    feed_index = {}
    for fid, url in db.execute("SELECT id, url FROM feed"):
        feed_index[fid] = int(url.rsplit("/", 1)[1])
    by_guid, by_link = defaultdict(list), defaultdict(list)
    entries = {}
    for eid, fid, identity, guid, url in db.execute("SELECT id, feed_id, identity, guid, url FROM entry"):
        f = feed_index[fid]
        entries[eid] = (f, identity, guid, url)
        if guid:
            by_guid[(f, guid)].append(eid)
        if url:
            by_link[(f, url)].append(eid)
    db.close()

    expected = [it for it in items if not it["excluded"]]
    excluded = [it for it in items if it["excluded"]]
    matched = set()
    lost, dups = [], []
    stored_excluded = 0
    for it in items:
        ids = set(by_guid.get((it["feed"], it["guid"]), [])) if it["guid"] else set()
        ids |= set(by_link.get((it["feed"], it["link"]), []))
        matched |= ids
        if it["excluded"]:
            stored_excluded += bool(ids)
            continue
        if not ids:
            lost.append(it)
        elif len(ids) > 1:
            dups.append((it, sorted(ids)))
    unexpected = sorted(set(entries) - matched)
    res.update(published=len(items), expected=len(expected), excluded=len(excluded),
               excluded_by_reason=dict(Counter(it["excluded"] for it in excluded)),
               excluded_stored_anyway=stored_excluded, stored_entries=len(entries),
               stored_expected=len(expected) - len(lost), lost=len(lost), duplicates=len(dups),
               unexpected_entries=len(unexpected))
    if lost:
        P("%d published articles not stored, e.g. %s" % (len(lost), [(i["feed"], i["guid"] or i["link"], i["published"]) for i in lost[:5]]))
    if dups:
        P("%d articles stored more than once, e.g. %s" % (len(dups), [((i["feed"], i["guid"] or i["link"]), ids) for i, ids in dups[:5]]))
    if unexpected:
        P("%d stored entries the server never published, e.g. %s" % (len(unexpected), [entries[e] for e in unexpected[:5]]))
    lost_by_feed = Counter(i["feed"] for i in lost)
    if lost_by_feed:
        res["lost_by_feed"] = dict(lost_by_feed.most_common(10))

    # Digests: the final files, as the last daemon left them.
    folder = os.path.join(state, "digests")
    seen = Counter()
    days = sorted(n[:-5] for n in os.listdir(folder) if n.endswith(".json") and n[:4].isdigit())
    story_ids = set()
    digest_problems = 0
    for day in days:
        try:
            with open(os.path.join(folder, day + ".json"), "rb") as f:
                d = json.loads(f.read())
            texts = {}
            for ext in ("md", "html"):
                with open(os.path.join(folder, "%s.%s" % (day, ext)), encoding="utf-8") as f:
                    texts[ext] = f.read()
        except (OSError, ValueError) as e:
            P("digest %s unreadable: %s" % (day, e))
            digest_problems += 1
            continue
        stories = d["top_stories"] + [s for g in d["topics"] for s in g["stories"]]
        missing_links = {"md": 0, "html": 0}
        for s in stories:
            story_ids.add(s["id"])
            for src in s["sources"]:
                seen[int(src["entry_id"].lstrip("e"))] += 1
                if src["url"]:
                    missing_links["md"] += ("(%s)" % src["url"]) not in texts["md"] and ("<%s>" % src["url"]) not in texts["md"]
                    missing_links["html"] += ('href="%s"' % src["url"].replace("&", "&amp;")) not in texts["html"]
        for ext, n in missing_links.items():
            if n:
                P("%s.%s lacks the links of %d articles its JSON lists" % (day, ext, n))
                digest_problems += 1
    try:
        with open(os.path.join(folder, "digest.atom"), encoding="utf-8") as f:
            atom = f.read()
        not_in_atom = [s for s in story_ids if (":story:%s<" % s) not in atom]
        if not_in_atom:
            P("%d stories of the daily digests are not in digest.atom, e.g. %s" % (len(not_in_atom), not_in_atom[:5]))
            digest_problems += 1
    except OSError as e:
        P("digest.atom: %s" % e)
        digest_problems += 1
    not_in_digest = sorted(set(entries) - set(seen))
    twice = sorted(e for e, n in seen.items() if n > 1)
    foreign = sorted(set(seen) - set(entries))
    res.update(digest_days=days, digest_entries=len(seen), digest_stories=len(story_ids),
               entries_missing_from_digests=len(not_in_digest), entries_twice_in_digests=len(twice),
               digest_problems=digest_problems)
    if not_in_digest:
        P("%d stored entries in no digest, e.g. %s" % (len(not_in_digest), not_in_digest[:10]))
    if twice:
        P("%d entries shown twice in the digests, e.g. %s" % (len(twice), twice[:10]))
    if foreign:
        P("%d digest sources are not stored entries, e.g. %s" % (len(foreign), foreign[:10]))

    reader = os.path.join(out, "reader.json")
    if os.path.exists(reader):
        with open(reader) as f:
            stats = json.load(f)
        res["reader"] = stats
        bad = sum(v["invalid"] for v in stats.values())
        res["reader_invalid"] = bad
        if bad:
            P("the reader found %d invalid digest files during the run (reader.jsonl, invalid/)" % bad)
    res["ok"] = not res["problems"]
    return res


def selftest(out, state):
    """Doctor a copy of the state; the checker must see a lost entry, a duplicate and a torn digest."""
    items, _, _ = load_log(out)
    tmp = tempfile.mkdtemp(prefix="veille-soak-selftest-")
    try:
        copy = os.path.join(tmp, "state")
        shutil.copytree(state, copy, symlinks=True)
        db = sqlite3.connect(os.path.join(copy, "veille.sqlite"))
        cols = [c[1] for c in db.execute("PRAGMA table_info(entry)") if c[1] not in ("id", "identity")]
        with_guid = [it for it in items if it["guid"] and not it["excluded"]]
        a, b = with_guid[len(with_guid) // 3], with_guid[2 * len(with_guid) // 3]
        fid = lambda it: db.execute("SELECT id FROM feed WHERE url LIKE ?", ("%%/feed/%d" % it["feed"],)).fetchone()[0]  # noqa: E731
        n = db.execute("DELETE FROM entry WHERE feed_id = ? AND guid = ?", (fid(a), a["guid"])).rowcount
        db.execute("INSERT INTO entry (identity, %s) SELECT 'hash:selftest', %s FROM entry WHERE feed_id = ? AND guid = ?"
                   % (", ".join(cols), ", ".join(cols)), (fid(b), b["guid"]))
        db.commit()
        db.close()
        day = sorted(x for x in os.listdir(os.path.join(copy, "digests")) if x.endswith(".json") and x[:4].isdigit())[-1]
        p = os.path.join(copy, "digests", day)
        with open(p, "rb") as f:
            data = f.read()
        with open(p, "wb") as f:
            f.write(data[: len(data) // 2])
        res = check(out, copy)
        caught = {"lost": res["lost"] >= 1 and n == 1, "duplicate": res["duplicates"] >= 1,
                  "torn digest": res["digest_problems"] >= 1 and not res["ok"]}
        return caught
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    args = sys.argv[1:]
    out = args[0]
    state = args[args.index("--state") + 1] if "--state" in args else os.path.join(out, "state")
    res = check(out, state)
    if "--selftest" in args:
        caught = selftest(out, state)
        res["selftest_caught"] = caught
        if not all(caught.values()):
            res["problems"].append("selftest: the checker missed a doctored %s" % [k for k, v in caught.items() if not v])
            res["ok"] = False
    with open(os.path.join(out, "check.json"), "w") as f:
        json.dump(res, f, indent=1)
    print("check: published %d (expected %d, excluded %d %s), stored %d entries; lost %d, duplicates %d, unexpected %d; "
          "digests: %d entries in %s, %d missing, %d twice; reader invalid %s; integrity %s"
          % (res["published"], res["expected"], res["excluded"], res["excluded_by_reason"], res["stored_entries"],
             res["lost"], res["duplicates"], res["unexpected_entries"], res["digest_entries"], res["digest_days"],
             res["entries_missing_from_digests"], res["entries_twice_in_digests"], res.get("reader_invalid", "-"),
             res["integrity_check"]))
    if "selftest_caught" in res:
        print("check: selftest on a doctored copy caught: %s" % res["selftest_caught"])
    for p in res["problems"]:
        print("check: PROBLEM: " + p)
    print("check: %s" % ("ok" if res["ok"] else "FAIL"))
    return 0 if res["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
