#!/usr/bin/env python3
"""Error analysis for `veille cluster --explain` on a labelled dev set.

usage: scripts/cluster-errors.py GOLD.jsonl PRED_EXPLAIN.jsonl [N]
Lists the N predicted stories with the most false-merge pairs (with each member's gold event, score
and carrying terms) and the N gold events split over the most predicted stories.
"""
import json, sys
from collections import defaultdict, Counter

gold = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
pred = {o["id"]: o for o in (json.loads(l) for l in open(sys.argv[2], encoding="utf-8") if l.strip())}
n = int(sys.argv[3]) if len(sys.argv) > 3 else 8
by_pred, by_gold = defaultdict(list), defaultdict(list)
for g in gold:
    p = pred[g["id"]]
    by_pred[p["cluster"]].append((g, p))
    by_gold[g["event"]].append((g, p))

def false_pairs(members):
    c = Counter(g["event"] for g, _ in members)
    tot = len(members) * (len(members) - 1) // 2
    return tot - sum(v * (v - 1) // 2 for v in c.values())

def show(g, p):
    t = (g["title"] or "")[:90]
    return f'  [{g["event"]:>16}] {p.get("score", 0):.3f} {p.get("reason", ""):>8} {t}  <- {", ".join(p.get("terms", [])[:6])}'

print("== false merges ==")
for cid, members in sorted(by_pred.items(), key=lambda kv: -false_pairs(kv[1]))[:n]:
    fp = false_pairs(members)
    if not fp: break
    print(f"{cid}: {len(members)} items, {fp} false pairs, gold {dict(Counter(g['event'] for g, _ in members))}")
    for g, p in members: print(show(g, p))
print("== missed merges (gold events split) ==")
for ev, members in sorted(by_gold.items(), key=lambda kv: -len({p["cluster"] for _, p in kv[1]}))[:n]:
    parts = Counter(p["cluster"] for _, p in members)
    if len(parts) < 2: break
    print(f"{ev}: {len(members)} items in {len(parts)} stories {dict(parts)}")
    for g, p in sorted(members, key=lambda gp: gp[1]["cluster"]): print(show(g, p) + f'  ({p["cluster"]})')
