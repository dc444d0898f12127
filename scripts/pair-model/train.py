#!/usr/bin/env python3
"""Fits the item-to-event and item-to-thread models and writes Sources/StoryClustering/PairModelWeights.swift.

usage: scripts/pair-model/train.py [--cv | --cv-only]   (needs `veille cluster --dump-terms` outputs, see README.md here)

Training data: every set of ../shared/corpus/events-dev, each set weighted equally (tech-threads-fr has the
hard negatives: events of one developing story; gnews-fr and rpm2 the unrelated same-day stories). With
--cv, tech-threads-fr is also scored by 5-fold cross-validation *by thread* (all events of a thread in one fold);
--cv-only scores without writing the weights. SEED picks another split of the threads into folds (default 7).
"""
import sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from proto import *

EVENT_THRESHOLD, THREAD_THRESHOLD = 0.5, 0.7
# ClusteringConfiguration.fragmentThreshold / fragmentSpan: fragments of one event merge (cluster2's th_m).
FRAGMENT = dict(th_m=0.35, merge_span=0.25 * DAY)
SETS = ('tech-threads-fr', 'gnews-fr', 'rpm2', 'rpm2-sametime')


def fit_balanced(parts, l2=1.0):
    X, y, w = [], [], []
    for a, b in parts:
        X.append(a); y.append(b); w.append(np.full(len(b), 1000.0 / len(b)))
    return fit_lr(np.vstack(X), np.concatenate(y), l2, sw=np.concatenate(w))


def swift_cv(tech, fold, data):
    """The same folds through the real clusterer: `veille cluster --model` with each fold's weights on
    that fold's items alone, scored by ../shared/tools/score-clusters on the concatenation."""
    import subprocess, tempfile
    gold = {}
    for l in open(os.path.join(DEV, 'tech-threads-fr.jsonl')):
        gold[json.loads(l)['id']] = l
    out_pred, out_gold = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(5):
            train = [i for i in tech if fold[i.thread] != k]
            tr = (event_training(train, 'event'), event_training(train, 'thread'))
            others = [data[s] for s in SETS[1:]]
            we = fit_balanced([tr[0]] + [o[0] for o in others]); wt = fit_balanced([tr[1]] + [o[1] for o in others])
            model = os.path.join(tmp, 'model-%d.json' % k)
            json.dump({'event': list(map(float, we)), 'thread': list(map(float, wt))}, open(model, 'w'))
            items = os.path.join(tmp, 'fold-%d.jsonl' % k)
            with open(items, 'w') as f:
                for i in tech:
                    if fold[i.thread] == k: f.write(gold[i.id])
            res = subprocess.run([os.environ['VEILLE_BIN'], 'cluster', items, '--model', model] + os.environ.get('CLUSTER_ARGS', '').split(), capture_output=True, text=True, check=True)
            for line in res.stdout.splitlines():
                d = json.loads(line)
                d['cluster'] = '%d/%s' % (k, d['cluster']); d['thread'] = '%d/%s' % (k, d['thread'])
                out_pred.append(json.dumps(d))
            out_gold += [gold[i.id].rstrip('\n') for i in tech if fold[i.thread] == k]
        pg, pp = os.path.join(tmp, 'gold.jsonl'), os.path.join(tmp, 'pred.jsonl')
        open(pg, 'w').write('\n'.join(out_gold) + '\n'); open(pp, 'w').write('\n'.join(out_pred) + '\n')
        if os.environ.get('CV_PRED'): open(os.environ['CV_PRED'], 'w').write('\n'.join(out_pred) + '\n')
        tool = os.path.join(DEV, '../../tools/score-clusters')
        for level in ('event', 'thread'):
            r = subprocess.run([tool, pg, pp, '--level', level], capture_output=True, text=True, check=True).stdout
            b = next(l for l in r.splitlines() if l.startswith('B-cubed')).split()
            p = next(l for l in r.splitlines() if l.startswith('pairwise')).split()
            print('tech-threads-fr CV by thread, veille cluster: %ss %s %s %s' % (level, b[3], 'pairwise', p[1]))


def cv_predictions(tech, data, seed=7, **cluster_options):
    """5-fold cross-validation of tech-threads-fr by thread: each fold clustered by models fitted on the
    other folds and the three other sets. Returns the fold of each thread and the predicted
    (event, thread) of each item, ids prefixed by their fold."""
    threads = sorted({i.thread for i in tech}); random.Random(seed).shuffle(threads)
    fold = {t: k % 5 for k, t in enumerate(threads)}
    preds = {}
    cluster_options = {**FRAGMENT, **cluster_options}
    for k in range(5):
        train = [i for i in tech if fold[i.thread] != k]
        tr = (event_training(train, 'event'), event_training(train, 'thread'))
        others = [data[s] for s in SETS[1:]]
        we = fit_balanced([tr[0]] + [o[0] for o in others]); wt = fit_balanced([tr[1]] + [o[1] for o in others])
        for iid, (e, t) in cluster2([i for i in tech if fold[i.thread] == k], we, wt, EVENT_THRESHOLD, THREAD_THRESHOLD,
                                    **cluster_options).items():
            preds[iid] = (f"{k}{e}", f"{k}{t}")
    return fold, preds


def main():
    sets = {s: analyse(load(s)) for s in SETS}
    data = {s: (event_training(v, 'event'), event_training(v, 'thread')) for s, v in sets.items()}
    if '--cv' in sys.argv or '--cv-only' in sys.argv:
        tech = sets['tech-threads-fr']
        fold, preds = cv_predictions(tech, data, seed=int(os.environ.get('SEED', '7')))
        print("tech-threads-fr CV by thread, Python mirror: events B3 F1=%.3f pairwise P=%.3f; " % bcubed(tech, preds, 'event')[:2] +
              "threads B3 F1=%.3f pairwise P=%.3f" % bcubed(tech, preds, 'thread')[:2])
        if os.environ.get('VEILLE_BIN'):
            swift_cv(tech, fold, data)
        if '--cv-only' in sys.argv: return
    we = fit_balanced([data[s][0] for s in SETS]); wt = fit_balanced([data[s][1] for s in SETS])
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../Sources/StoryClustering/PairModelWeights.swift')
    with open(out, 'w') as f:
        f.write("// Generated by scripts/pair-model/train.py from ../shared/corpus/events-dev (all four sets, equally\n")
        f.write("// weighted); do not edit by hand: change the features or the data and run the script again.\n\n")
        f.write("extension PairModel {\n")
        f.write("    /// Feature names, in `EventFeatures` order (checked at start-up against the features' own names).\n")
        f.write("    static let featureNames: [String] = [\n")
        for n in EVENT_FEATURES: f.write(f'        "{n}",\n')
        f.write("    ]\n\n")
        for name, w, th in (("event", we, EVENT_THRESHOLD), ("thread", wt, THREAD_THRESHOLD)):
            f.write(f"    static let {name} = PairModel(\n        weights: [\n")
            for n, x in zip(EVENT_FEATURES, w[:-1]): f.write(f"            {x:.6f},  // {n}\n")
            f.write(f"        ],\n        bias: {w[-1]:.6f},\n        threshold: {th})\n\n")
        f.write("}\n")
    print("wrote", os.path.normpath(out))


if __name__ == '__main__':
    main()
