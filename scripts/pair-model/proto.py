#!/usr/bin/env python3
"""The event/thread models in Python: features, logistic regression, online clustering, B-cubed.

Reads the analysed terms that `veille cluster --dump-terms` prints (exactly what the clusterer sees)
and the gold labels of ../shared/corpus/events-dev. It mirrors
Sources/StoryClustering (ItemProfile, PairSignals, GroupFeatures, StoryClusterer) closely enough to fit the
weights shipped in PairModelWeights.swift and to try features quickly; `veille cluster` is what is scored.
"""
import re, time, json, math, sys, collections, random, subprocess, os
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
# Where `veille cluster --dump-terms` output was written, one file per set (see README.md here).
TERMS_DIR = os.environ.get('TERMS_DIR', '/tmp/veille-terms')
DEV = os.environ.get('DEV_SETS', os.path.normpath(os.path.join(HERE, '../../../shared/corpus/events-dev')))
DAY = 86400.0


OPPOSED = {frozenset(p) for p in [("ban", "restore"), ("offer", "reject"), ("accept", "reject"), ("launch", "delay"),
                                   ("launch", "cancel"), ("appoint", "resign"), ("rise", "fall"), ("offer", "accept"),
                                   ("acquire", "reject")]}
KIND_W = {"word": 1.0, "name": 1.5, "code": 1.8, "amount": 1.8, "number": 1.0, "year": 0.4}


class Item:
    __slots__ = ("id", "t", "title", "summary", "vec", "tvec", "names", "words", "models", "amounts", "numbers",
                 "actions", "disp", "event", "thread", "keys")


def load(set_name):
    gold = {}
    for l in open(os.path.join(DEV, f'{set_name}.jsonl')):
        d = json.loads(l)
        gold[d['id']] = d
    items = []
    for l in open(os.path.join(TERMS_DIR, f'{set_name}.jsonl')):
        d = json.loads(l)
        it = Item()
        it.id = d['id']; it.t = d['t']; it.title = d['title']; it.summary = d['summary']; it.actions = d['actions']
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
            for k, t in enumerate(terms):
                if t[1] == 'code':
                    m = re.match(r'^([a-z]+)-?(\d[\w.]*)$', t[0])
                    if m: models.setdefault(m.group(1), m.group(2))
                if t[1] == 'name' and k + 1 < len(terms) and terms[k + 1][1] in ('number', 'code') and len(terms[k + 1][0]) <= 6:
                    models.setdefault(t[0], terms[k + 1][0])
        it.models = models
        it.actions = set(it.actions)
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


VETO = True
# A thread link needs a shared subject word, not only a shared name (a company's price rise is not its data leak).
THREAD_SUBJECT = os.environ.get('THREAD_SUBJECT', '1') == '1'
VETOES = set(os.environ.get('VETOES', 'model,amount,action,gap').split(','))
VETO_GAP = 1.5 * DAY
# ClusteringConfiguration.quietMargin / quietAfter: an item reaching an event more than 12 h after its latest
# article joins only with this much more probability (a story reported again after a pause is more often its
# next development). Not learnt: rpm2's synthetic timestamps would teach the model that days apart is fine.
NEWDAY = float(os.environ.get('NEWDAY', '0.3'))
QUIET_AFTER = 0.5 * DAY


def veto(it, members):
    """Explicit vetoes beside the learnt weights (issue 13): evidence of two happenings that the sets
    are too small to teach a weight for. Returns the reason, or None."""
    ms = sample(members)
    # "Gemma 2" / "Gemma 3": a model identifier conflicting with every member that names that product.
    conflict = agree = False
    for m in ms:
        for k, v in it.models.items():
            if k in m.models:
                if m.models[k] == v: agree = True
                else: conflict = True
    if 'model' in VETOES and conflict and not agree: return 'modelConflict'
    # amounts stated on both sides and none agreeing with any member
    # large sums (deals, fines, funding rounds: a million or more) stated on both sides, none within 30 %
    # (outlets round and convert currencies: 43 vs 40 billion is one offer, 600 million vs 1.7 billion two)
    big = [a for a in it.amounts if a[0] >= 1e6 and not a[1]]
    others = [[a for a in m.amounts if a[0] >= 1e6 and not a[1]] for m in ms]
    if 'amount' in VETOES and big and any(others) and not any(amounts_agree(big, o, 0.3) for o in others if o):
        return 'amountConflict'
    acts = set().union(*(m.actions for m in members))
    if 'action' in VETOES and it.actions and acts and not (it.actions & acts) and any(frozenset((x, y)) in OPPOSED for x in it.actions for y in acts):
        return 'differentAction'
    newest = max(m.t for m in members)
    if 'gap' in VETOES and it.t - newest > VETO_GAP and not (it.actions & acts):
        return 'gap'
    return None


def major_words(E):
    """Subject words held by at least half of a group's members."""
    c = collections.Counter(k for m in E for k in m.words)
    return {k for k, n in c.items() if 2 * n >= len(E)}


def cluster2(items, we, wt, th_e=0.5, th_t=0.5, event_window=3 * DAY, thread_window=14 * DAY, th_m=None, merge_span=DAY):
    srt = sorted(items, key=lambda i: i.t)
    events = []
    alias = {}
    def eroot(x):
        while x in alias: x = alias[x]
        return x
    parent = {}
    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]; x = parent[x]
        return x
    assign = {}
    for it in srt:
        best, bs = None, 0
        for ei, e in enumerate(events):
            if ei in alias or it.t - e[0].t > event_window: continue
            if not any(it.keys & m.keys for m in e): continue
            if VETO and veto(it, e): continue
            s = prob(we, event_features(it, e))
            if it.t - max(m.t for m in e) >= QUIET_AFTER: s -= NEWDAY
            if s > bs: best, bs = ei, s
        if best is not None and bs >= th_e:
            ei = best; events[ei].append(it)
        else:
            ei = len(events); events.append([it]); parent[ei] = ei
        assign[it.id] = ei
        roots = {}
        for fi, f in enumerate(events):
            r = find(fi)
            if not f or r == find(ei) or it.t - f[-1].t > thread_window: continue
            roots.setdefault(r, []).extend(f)
        bt, bscore = None, 0
        for r, ms in roots.items():
            if not any(it.keys & m.keys for m in ms): continue
            if THREAD_SUBJECT and not any(set(it.words) & set(m.words) for m in sample(sorted(ms, key=lambda m: m.t))):
                continue
            sc = prob(wt, event_features(it, sorted(ms, key=lambda m: m.t)))
            if sc > bscore: bt, bscore = r, sc
        if bt is not None and bscore >= th_t:
            a, b = bt, find(ei)
            parent[max(a, b)] = min(a, b)
        if th_m is not None:
            # Fragment merge (StoryClusterer.mergeFragments; the Swift code counts major words over the
            # sampled members): fragments of one event in one thread that
            # overlap in time (the later opened at most merge_span after the earlier's newest member), share
            # a subject word held by half of each, and whose every sampled member of the later one the
            # event model would join to the earlier one (complete link, min >= th_m) are merged.
            changed = True
            while changed:
                changed = False
                e = events[ei]
                for fi, f in enumerate(events):
                    if fi == ei or fi in alias or not f or find(fi) != find(ei): continue
                    if it.t - f[-1].t > event_window: continue
                    A, B = (f, e) if f[0].t <= e[0].t else (e, f)
                    if B[0].t - A[-1].t > merge_span: continue
                    if not (major_words(A) & major_words(B)): continue
                    if VETO and any(veto(m, A) for m in sample(B)): continue
                    if min(prob(we, event_features(m, A)) for m in sample(B)) >= th_m:
                        o, y = min(fi, ei), max(fi, ei)
                        events[o].extend(events[y]); events[o].sort(key=lambda m: m.t); events[y] = []
                        alias[y] = o
                        ei = o; changed = True
                        break
    return {iid: (f"s{eroot(ei)}", f"t{find(eroot(ei))}") for iid, ei in assign.items()}
