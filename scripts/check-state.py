#!/usr/bin/env python3
"""Checks a veille state folder after a crash (used by crash-loop.sh).

usage: check-state.py STATE_DIR LEDGER
  - PRAGMA integrity_check is "ok" (and the database opens at all);
  - every entry recorded in LEDGER (JSON: entry id -> [feed_id, identity]) by the previous checks is
    still there with the same feed and identity: nothing committed before a kill is lost; then the
    ledger is extended with the entries seen now;
  - every digest file is whole: .json parses, .html ends with </html>, .atom parses as XML and ends
    with </feed>, .md is non-empty and ends with a newline; latest.* links resolve; no temporary file
    (.NAME.RANDOM.tmp) is left behind for longer than one run.
Prints one line "entries=N new=M digests=K" and exits 1 with the reasons when a check fails.
"""
import json, os, sqlite3, sys
import xml.etree.ElementTree as ET

state, ledger_path = sys.argv[1], sys.argv[2]
problems = []
db_path = os.path.join(state, "veille.sqlite")
ledger = {}
if os.path.exists(ledger_path):
    with open(ledger_path) as f:
        ledger = json.load(f)

now = {}
if os.path.exists(db_path):
    try:
        db = sqlite3.connect(db_path, timeout=30)
        ok = db.execute("PRAGMA integrity_check").fetchall()
        if ok != [("ok",)]:
            problems.append("integrity_check: %s" % ok[:5])
        fk = db.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            problems.append("foreign_key_check: %s" % fk[:5])
        for i, feed, identity in db.execute("SELECT id, feed_id, identity FROM entry"):
            now[str(i)] = [feed, identity]
        db.close()
    except sqlite3.Error as e:
        problems.append("database: %s" % e)
elif ledger:
    problems.append("the database is gone")

lost = [k for k, v in ledger.items() if now.get(k) != v]
if lost:
    problems.append("%d committed entries lost or changed, e.g. ids %s" % (len(lost), lost[:10]))

digests = os.path.join(state, "digests")
checked = 0
if os.path.isdir(digests):
    for name in sorted(os.listdir(digests)):
        path = os.path.join(digests, name)
        if name.startswith("."):
            # A writer killed between create and rename leaves its temporary file; veille removes
            # stale ones at the next write, so only the last run's may be here.
            if name.endswith(".tmp"):
                continue
            problems.append("unexpected hidden file %s" % name)
            continue
        if os.path.islink(path):
            if not os.path.exists(path):
                problems.append("dangling link %s -> %s" % (name, os.readlink(path)))
            continue
        with open(path, "rb") as f:
            data = f.read()
        checked += 1
        try:
            if name.endswith(".json"):
                json.loads(data)
            elif name.endswith(".html"):
                if not data.rstrip().endswith(b"</html>"):
                    problems.append("%s does not end with </html>" % name)
            elif name.endswith(".atom"):
                ET.fromstring(data)
                if not data.rstrip().endswith(b"</feed>"):
                    problems.append("%s does not end with </feed>" % name)
            elif name.endswith(".md"):
                if not data or not data.endswith(b"\n"):
                    problems.append("%s is empty or truncated" % name)
        except Exception as e:  # noqa: BLE001 - any parse error is a half-written file
            problems.append("%s does not parse: %s" % (name, e))

new = len(set(now) - set(ledger))
ledger.update(now)
with open(ledger_path, "w") as f:
    json.dump(ledger, f)
print("entries=%d new=%d digests=%d" % (len(now), new, checked))
for p in problems:
    print("PROBLEM: " + p)
sys.exit(1 if problems else 0)
