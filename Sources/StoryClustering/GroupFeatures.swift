import Foundation

/// The features of an item against an event (or a thread): the pair signals averaged over the
/// group's sampled members — agreement with the members, not with a centroid alone — plus what only
/// the group as a whole shows: names and words the item brings that no member has (a new actor is
/// a new event), the time to its oldest and newest article, and its size.
struct GroupFeatures {
    static let names: [String] = PairSignals.all.map { "mean_" + $0.name } + [
        "max_cos_all", "max_word_cos", "novel_names", "novel_names_rev", "gap_newest", "gap_oldest", "inv_size",
        "novel_words", "novel_actions", "centroid_cos", "lead_cos", "gap_lead",
    ]

    var values: [Double]
    /// Per-signal means, for explanations.
    var mean: [Double] { Array(values.prefix(PairSignals.all.count)) }

    init(_ item: ItemProfile, _ group: ClusterGroup, lexicon: ActionLexicon) {
        let signals = PairSignals.all
        var sums = [Double](repeating: 0, count: signals.count)
        var maxCos = 0.0, maxWord = 0.0
        for m in group.sample {
            let evidence = PairEvidence(item, m, lexicon: lexicon)
            for k in signals.indices { sums[k] += signals[k].value(evidence) }
            maxCos = max(maxCos, evidence.cosAll)
            maxWord = max(maxWord, evidence.wordCos)
        }
        let n = Double(max(group.sample.count, 1))
        // One allocation for all the values (this runs for every shortlisted candidate).
        var v = [Double]()
        v.reserveCapacity(Self.names.count)
        for s in sums { v.append(s / n) }
        // Names of the item that no member has.
        let novelNames = item.nameMass > 0 ? item.names.weight(absentFrom: group.names.ids) / item.nameMass : 0
        // Names most sampled members have that the item lacks.
        var core = 0.0, missing = 0.0
        for (id, weight) in group.coreNames {
            let w = Double(weight)
            core += w
            if !item.names.contains(id) { missing += w }
        }
        let novelRev = core > 0 ? missing / core : 0
        let novelWords = item.wordMass > 0 ? item.words.weight(absentFrom: group.words) / item.wordMass : 0
        let novelActions: Double = item.actions != 0 && group.actions != 0 && item.actions & group.actions == 0 ? 1 : 0
        let cn = group.centroidNorm
        let centroidCos = cn > 0 ? item.all.dot(group.centroid) / cn : 0
        let day = PairSignals.day
        let gapOldest = min(abs(item.time - group.oldest) / day, 14) / 7
        let bothLeads = item.hasLead && group.firstHasLead
        v.append(contentsOf: [maxCos, maxWord, novelNames, novelRev, min(abs(item.time - group.newest) / day, 14) / 7,
                              gapOldest, 1 / Double(max(group.count, 1)), novelWords, novelActions, centroidCos,
                              bothLeads ? centroidCos : 0, bothLeads ? gapOldest : 0])
        values = v
    }
}

/// A logistic model over `GroupFeatures`: weights learnt offline (scripts/pair-model/train.py).
struct PairModel: Sendable {
    let weights: [Double]
    let bias: Double
    let threshold: Double

    /// These weights replaced by `override` (weights then bias), when given.
    func replacing(_ override: [Double]?) -> PairModel {
        guard let o = override, o.count == weights.count + 1 else { return self }
        return PairModel(weights: Array(o.dropLast()), bias: o.last!, threshold: threshold)
    }

    func probability(_ f: GroupFeatures) -> Double {
        var z = bias
        for (w, x) in zip(weights, f.values) { z += w * x }
        return 1 / (1 + exp(-max(-30, min(30, z))))
    }

    /// Each feature's contribution to the log-odds, for explanations.
    func contributions(_ f: GroupFeatures) -> [Double] { zip(weights, f.values).map { $0 * $1 } }
}
