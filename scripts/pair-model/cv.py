#!/usr/bin/env python3
"""Quick mirror-only harness (no Swift build): tech-threads-fr by 5-fold CV by thread, the other sets in sample.

usage: TERMS_DIR=<dump-terms dir> [SEED=7] [TH_M=0.35 [MSPAN=0.25]] [LOSO=1] python3 cv.py
SEED: another fold split (train.py --cv reads it too; figures move by about 0.02 between splits); TH_M: the fragment merge's threshold (0: off);
LOSO=1: each other set scored with models fitted on the three others. `train.sh --cv` is the figure to quote.
"""
import sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train
from proto import *
KW = dict(train.FRAGMENT)   # TH_M=0 turns the fragment merge off
if os.environ.get('TH_M'): KW = dict(th_m=float(os.environ['TH_M']) or None, merge_span=float(os.environ.get('MSPAN', '0.25')) * DAY)
def run():
    SETS = train.SETS
    sets = {s: analyse(load(s)) for s in SETS}
    data = {s: (event_training(v, 'event'), event_training(v, 'thread')) for s, v in sets.items()}
    tech = sets['tech-threads-fr']
    _, preds = train.cv_predictions(tech, data, seed=int(os.environ.get('SEED', '7')), **KW)
    print("tech CV: events B3 %.3f P %.3f; threads B3 %.3f P %.3f" % (bcubed(tech, preds, 'event')[:2] + bcubed(tech, preds, 'thread')[:2]))
    we = train.fit_balanced([data[s][0] for s in SETS]); wt = train.fit_balanced([data[s][1] for s in SETS])
    for s in SETS[1:]:
        p = cluster2(sets[s], we, wt, train.EVENT_THRESHOLD, train.THREAD_THRESHOLD, **KW)
        print("%s in-sample: events B3 %.3f P %.3f; threads B3 %.3f P %.3f" % ((s,) + bcubed(sets[s], p, 'event')[:2] + bcubed(sets[s], p, 'thread')[:2]))
if not os.environ.get("LOSO"): run()
# LOSO=1: each non-tech set also scored out of sample (models fitted on the three other sets)
if os.environ.get('LOSO'):
    SETS = train.SETS
    sets = {s: analyse(load(s)) for s in SETS}
    data = {s: (event_training(v, 'event'), event_training(v, 'thread')) for s, v in sets.items()}
    for s in SETS[1:]:
        rest = [x for x in SETS if x != s]
        we = train.fit_balanced([data[x][0] for x in rest]); wt = train.fit_balanced([data[x][1] for x in rest])
        p = cluster2(sets[s], we, wt, train.EVENT_THRESHOLD, train.THREAD_THRESHOLD, **KW)
        print("%s out-of-sample (fit on the 3 others): events B3 %.3f P %.3f; threads B3 %.3f P %.3f" % ((s,) + bcubed(sets[s], p, 'event')[:2] + bcubed(sets[s], p, 'thread')[:2]))
