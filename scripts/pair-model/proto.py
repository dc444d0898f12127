#!/usr/bin/env python3
"""Prototype of the event/thread pair model: features, logistic regression, online clustering, CV by thread.

Reads the analysed terms that `veille cluster --dump-terms` prints (exactly what the clusterer sees)
and the gold labels of ../shared/corpus/events-dev. Used to design and fit the model shipped in
Sources/StoryClustering/PairModelWeights.swift; the Swift clusterer is then checked against it.
"""
import time, json, math, sys, collections, random, subprocess, os
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DAY = 86400.0


def load_actions():
    m = {}
    for l in open('/tmp/lex-terms.jsonl'):
        d = json.loads(l)
        c, f = d['id'].split('|')
        for t in d['title']:
            m.setdefault(t[0], set()).add(c)
    return m


ACTIONS = load_actions()
OPPOSED = {frozenset(p) for p in [("ban", "restore"), ("offer", "reject"), ("accept", "reject"), ("launch", "delay"),
                                   ("launch", "cancel"), ("appoint", "resign"), ("rise", "fall"), ("offer", "accept")]}
KIND_W = {"word": 1.0, "name": 1.5, "code": 1.8, "amount": 1.8, "number": 1.0, "year": 0.4}


class Item:
    __slots__ = ("id", "t", "title", "summary", "vec", "tvec", "names", "words", "models", "amounts", "numbers",
                 "actions", "disp", "event", "thread", "keys")


def load(set_name):
    gold = {}
    for l in open(f'/work/shared/corpus/events-dev/{set_name}.jsonl'):
        d = json.loads(l)
        gold[d['id']] = d
    items = []
    for l in open(f'/tmp/terms-{set_name}.jsonl'):
        d = json.loads(l)
        it = Item()
        it.id = d['id']; it.t = d['t']; it.title = d['title']; it.summary = d['summary']
        it.event = gold[it.id]['event']; it.thread = gold[it.id].get('thread', gold[it.id]['event'])
        items.append(it)
    return items


def analyse(items):
    df = collections.Counter()
    for it in items:
        keys = {t[0] for t in it.title + it.summary}
        it.keys = keys
        df.update(keys)
    n = len(items)
    idf = {k: math.log((n + 1) / (c + 1)) + 1 for k, c in df.items()}
    for it in items:
        def vec(fields):
            raw = {}
            kind = {}
            for terms, fw in fields:
                for k, kd, disp, val in terms:
                    raw[k] = raw.get(k, 0) + fw
                    if KIND_W[kd] > KIND_W.get(kind.get(k), 0): kind[k] = kd
            v = {}
            for k, m in raw.items():
                tf = 1 + math.log(m) if m > 1 else m
                v[k] = tf * idf[k] * KIND_W[kind[k]]
            nn = math.sqrt(sum(x * x for x in v.values())) or 1
            return {k: x / nn for k, x in v.items()}, kind
        it.vec, kinds = vec([(it.title, 1.0), (it.summary, 0.6)])
        it.tvec, _ = vec([(it.title, 1.0)])
        it.names = {k: idf[k] for k, kd in kinds.items() if kd in ("name", "code")}
        it.words = {k: it.vec[k] for k, kd in kinds.items() if kd == "word"}
        wn = math.sqrt(sum(x * x for x in it.words.values())) or 1
        it.words = {k: x / wn for k, x in it.words.items()}
        it.amounts = [(t[3], t[0].endswith('%')) for t in it.title + it.summary if t[1] == 'amount' and t[3] is not None]
        it.numbers = [t[3] for t in it.title + it.summary if t[1] == 'number' and t[3] is not None and t[3] >= 10]
        # model identifiers: a name followed by a number or code ("Gemma 2", "iPhone 13"), or a code with letters+digits
        models = {}
        for terms in (it.title, it.summary):
            for a, b in zip(terms, terms[1:]):
                if a[1] == 'name' and b[1] in ('number', 'code') and len(b[0]) <= 6:
                    models[a[0]] = b[0]
            for t in terms:
                if t[1] == 'code':
                    import re
                    m = re.match(r'^([a-z]+)-?(\d[\w.]*)$', t[0])
                    if m: models[m.group(1)] = m.group(2)
        it.models = models
        it.actions = set()
        for t in it.title + it.summary:
            if t[1] == 'word' and t[0] in ACTIONS: it.actions |= ACTIONS[t[0]]
    return items


def dot(a, b):
    if len(a) > len(b): a, b = b, a
    return sum(x * b[k] for k, x in a.items() if k in b)


FEATURES = ["cos_all", "cos_title", "name_overlap", "word_cos", "shared_words", "model_conflict", "model_agree",
            "amount_conflict", "amount_agree", "number_conflict", "shared_action", "action_conflict", "opposed_action",
            "gap_days", "gauss_1d", "gap_no_action"]


def amounts_agree(a, b, tol=0.02):
    for x, px in a:
        for y, py in b:
            if px == py and abs(x - y) <= tol * max(abs(x), abs(y)): return True
    return False


def features(a, b):
    cos_all = dot(a.vec, b.vec)
    cos_title = dot(a.tvec, b.tvec)
    shared_names = set(a.names) & set(b.names)
    sa = sum(a.names.values()); sb = sum(b.names.values())
    name_overlap = sum(a.names[k] for k in shared_names) / min(sa, sb) if sa > 0 and sb > 0 else 0.0
    word_cos = dot(a.words, b.words)
    shared_words = min(len(set(a.words) & set(b.words)), 3) / 3
    mc = ma = 0
    for k, v in a.models.items():
        if k in b.models:
            if b.models[k] == v: ma = 1
            else: mc = 1
    ac = aa = 0
    if a.amounts and b.amounts:
        if amounts_agree(a.amounts, b.amounts): aa = 1
        else: ac = 1
    nc = 0
    if a.numbers and b.numbers and not any(abs(x - y) <= 0.05 * max(x, y) for x in a.numbers for y in b.numbers): nc = 1
    shared_action = 1 if a.actions & b.actions else 0
    action_conflict = 1 if (a.actions and b.actions and not shared_action) else 0
    opposed = 1 if any(frozenset((x, y)) in OPPOSED for x in a.actions for y in b.actions if x != y) else 0
    gap = abs(a.t - b.t) / DAY
    return [cos_all, cos_title, name_overlap, word_cos, shared_words, mc, ma, ac, aa, nc, shared_action,
            action_conflict, opposed, min(gap, 14) / 7, math.exp(-0.5 * gap * gap), 1 if gap > 1.5 and not shared_action else 0]


def candidate(a, b, horizon):
    return abs(a.t - b.t) <= horizon and (a.keys & b.keys)


def pairs(items, horizon=14 * DAY):
    X, ye, yt = [], [], []
    srt = sorted(items, key=lambda i: i.t)
    for i, a in enumerate(srt):
        for b in srt[i + 1:]:
            if b.t - a.t > horizon: break
            if not (a.keys & b.keys): continue
            X.append(features(a, b)); ye.append(a.event == b.event); yt.append(a.thread == b.thread)
    return np.array(X), np.array(ye, float), np.array(yt, float)


def fit_lr(X, y, l2=1.0, w_pos=1.0, sw=None):
    Xb = np.hstack([X, np.ones((len(X), 1))])
    w = np.zeros(Xb.shape[1])
    sw = np.where(y > 0, w_pos, 1.0) if sw is None else sw
    for _ in range(50):
        p = 1 / (1 + np.exp(-Xb @ w))
        g = Xb.T @ (sw * (p - y)) + l2 * np.r_[w[:-1], 0]
        H = (Xb * (sw * p * (1 - p))[:, None]).T @ Xb + l2 * np.diag(np.r_[np.ones(len(w) - 1), 1e-6])
        step = np.linalg.solve(H, g)
        w -= step
        if np.abs(step).max() < 1e-8: break
    return w


def prob(w, f):
    z = float(np.dot(w[:-1], f) + w[-1])
    return 1 / (1 + math.exp(-max(-30, min(30, z))))


def cluster(items, we, wt, th_e=0.5, th_t=0.5, event_window=3 * DAY, thread_window=14 * DAY, members=8, mix=0.5):
    srt = sorted(items, key=lambda i: (i.t,))
    events = []   # dict: members, first, newest, thread
    parent = {}
    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]; x = parent[x]
        return x
    assign = {}
    for it in srt:
        best, bs = None, 0
        for ei, e in enumerate(events):
            if it.t - e['first'] > event_window: continue
            ms = e['members'][:1] + e['members'][-(members - 1):] if len(e['members']) > members else e['members']
            if not any(it.keys & m.keys for m in ms): continue
            ps = [prob(we, features(it, m)) for m in ms]
            s = mix * max(ps) + (1 - mix) * sum(ps) / len(ps)
            if s > bs: best, bs = ei, s
        if best is not None and bs >= th_e:
            ei = best; events[ei]['members'].append(it); events[ei]['newest'] = max(events[ei]['newest'], it.t)
        else:
            ei = len(events); events.append({'members': [it], 'first': it.t, 'newest': it.t}); parent[ei] = ei
        assign[it.id] = ei
        # thread linking
        for fi, f in enumerate(events):
            if fi == ei or find(fi) == find(ei): continue
            if it.t - f['newest'] > thread_window: continue
            ms = f['members'][:1] + f['members'][-(members - 1):] if len(f['members']) > members else f['members']
            if not any(it.keys & m.keys for m in ms): continue
            ps = [prob(wt, features(it, m)) for m in ms]
            s = mix * max(ps) + (1 - mix) * sum(ps) / len(ps)
            if s >= th_t:
                a, b = find(fi), find(ei)
                parent[max(a, b)] = min(a, b)
    return {iid: (f"s{ei}", f"t{find(ei)}") for iid, ei in assign.items()}


def bcubed(items, pred, level):
    gold = {i.id: (i.event if level == 'event' else i.thread) for i in items}
    pi = {i.id: pred[i.id][0 if level == 'event' else 1] for i in items}
    gc = collections.defaultdict(set); pc = collections.defaultdict(set)
    for k in gold: gc[gold[k]].add(k); pc[pi[k]].add(k)
    P = R = 0
    for k in gold:
        inter = len(gc[gold[k]] & pc[pi[k]])
        P += inter / len(pc[pi[k]]); R += inter / len(gc[gold[k]])
    P /= len(gold); R /= len(gold)
    # pairwise precision
    tp = fp = 0
    for c in pc.values():
        c = list(c)
        for x in range(len(c)):
            for y in range(x + 1, len(c)):
                if gold[c[x]] == gold[c[y]]: tp += 1
                else: fp += 1
    pp = tp / (tp + fp) if tp + fp else 1
    return 2 * P * R / (P + R), pp, P, R


# ---- item-to-event model: features of an item against an event's members (Miranda et al.'s join model) ----
EVENT_FEATURES = ["mean_" + f for f in FEATURES] + ["max_cos_all", "max_word_cos", "novel_names", "novel_names_rev",
                                                    "gap_newest", "gap_oldest", "inv_size", "novel_words", "novel_actions", "centroid_cos", "lead_cos", "gap_lead"]


def sample(members, k=8):
    return members[:1] + members[-(k - 1):] if len(members) > k else members


def event_features(it, members):
    ms = sample(members)
    fs = np.array([features(it, m) for m in ms])
    mean = fs.mean(axis=0)
    names = {}
    for m in members:
        names.update(m.names)
    si = sum(it.names.values())
    novel = sum(v for k, v in it.names.items() if k not in names) / si if si else 0.0
    # names the event has everywhere (in most members) that the item lacks
    cnt = collections.Counter(k for m in ms for k in m.names)
    core = {k: names[k] for k, c in cnt.items() if c * 2 > len(ms)}
    sc = sum(core.values())
    rev = sum(v for k, v in core.items() if k not in it.names) / sc if sc else 0.0
    newest = max(m.t for m in members); oldest = min(m.t for m in members)
    words = set()
    acts = set()
    for m in members:
        words |= m.words.keys(); acts |= m.actions
    sw = sum(it.words.values())
    novel_w = sum(v for k, v in it.words.items() if k not in words) / sw if sw else 0.0
    novel_a = 1.0 if it.actions and acts and not (it.actions & acts) else 0.0
    cen = {}
    for m in members:
        for k, x in m.vec.items(): cen[k] = cen.get(k, 0) + x
    cn = math.sqrt(sum(x * x for x in cen.values())) or 1
    ccos = dot(it.vec, cen) / cn
    return list(mean) + [fs[:, 0].max(), fs[:, 3].max(), novel, rev, min(abs(it.t - newest) / DAY, 14) / 7,
                         min(abs(it.t - oldest) / DAY, 14) / 7, 1 / len(members), novel_w, novel_a, ccos,
                         ccos if it.summary and members[0].summary else 0.0,
                         min(abs(it.t - oldest) / DAY, 14) / 7 if it.summary and members[0].summary else 0.0]


def event_training(items, level='event', window=3 * DAY, horizon=14 * DAY):
    """(item, gold group so far) examples in time order: the gold group is 1, other live groups sharing a term 0."""
    X, y = [], []
    srt = sorted(items, key=lambda i: i.t)
    groups = collections.OrderedDict()
    key = (lambda i: i.event) if level == 'event' else (lambda i: i.thread)
    for it in srt:
        for g, ms in groups.items():
            if it.t - ms[0].t > (window if level == 'event' else horizon) and g != key(it):
                continue
            if it.t - ms[-1].t > horizon: continue
            if not any(it.keys & m.keys for m in ms): continue
            X.append(event_features(it, ms)); y.append(1.0 if g == key(it) else 0.0)
        groups.setdefault(key(it), []).append(it)
    return np.array(X), np.array(y)


def cluster2(items, we, wt, th_e=0.5, th_t=0.5, event_window=3 * DAY, thread_window=14 * DAY):
    srt = sorted(items, key=lambda i: i.t)
    events = []
    parent = {}
    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]; x = parent[x]
        return x
    assign = {}
    for it in srt:
        best, bs = None, 0
        for ei, e in enumerate(events):
            if it.t - e[0].t > event_window: continue
            if not any(it.keys & m.keys for m in e): continue
            s = prob(we, event_features(it, e))
            if s > bs: best, bs = ei, s
        if best is not None and bs >= th_e:
            ei = best; events[ei].append(it)
        else:
            ei = len(events); events.append([it]); parent[ei] = ei
        assign[it.id] = ei
        roots = {}
        for fi, f in enumerate(events):
            r = find(fi)
            if r == find(ei) or it.t - f[-1].t > thread_window: continue
            roots.setdefault(r, []).extend(f)
        bt, bscore = None, 0
        for r, ms in roots.items():
            if not any(it.keys & m.keys for m in ms): continue
            sc = prob(wt, event_features(it, sorted(ms, key=lambda m: m.t)))
            if sc > bscore: bt, bscore = r, sc
        if bt is not None and bscore >= th_t:
            a, b = bt, find(ei)
            parent[max(a, b)] = min(a, b)
    return {iid: (f"s{ei}", f"t{find(ei)}") for iid, ei in assign.items()}
