import Foundation

/// What one pair of items (an article and one member of an event) has in common, measured once;
/// the signals below read it. Separate channels, each motivated by a failure of one bag of words
/// (issue 13): names say *who*, model identifiers and amounts *which one*, actions *what happened*,
/// time *when*.
struct PairEvidence {
    var cosAll = 0.0, cosTitle = 0.0, wordCos = 0.0
    var nameOverlap = 0.0
    var sharedWords = 0
    var modelConflict = false, modelAgree = false
    var bothAmounts = false, amountsAgree = false
    var numberConflict = false
    var sharedAction = false, actionConflict = false, opposedAction = false
    var gapDays = 0.0

    init(_ a: ItemProfile, _ b: ItemProfile, lexicon: ActionLexicon) {
        // One merge of the two items' ids gives every channel's overlap (the innermost loop).
        var dots = SIMD4<Float>(), sharedNames: Float = 0, words = 0
        a.keys.withUnsafeBufferPointer { ka in
            b.keys.withUnsafeBufferPointer { kb in
                a.channels.withUnsafeBufferPointer { ca in
                    b.channels.withUnsafeBufferPointer { cb in
                        var i = 0, j = 0
                        while i < ka.count && j < kb.count {
                            let x = ka[i], y = kb[j]
                            if x < y { i += 1 } else if x > y { j += 1 } else {
                                let p = ca[i], q = cb[j]
                                dots += p * q
                                if p.w > 0 && q.w > 0 { sharedNames += p.w }
                                if p.z > 0 && q.z > 0 { words += 1 }
                                i += 1; j += 1
                            }
                        }
                    }
                }
            }
        }
        cosAll = Double(dots.x)
        cosTitle = Double(dots.y)
        wordCos = Double(dots.z)
        if a.nameMass > 0, b.nameMass > 0 {
            // The IDF mass of shared names over the smaller side's.
            nameOverlap = Double(sharedNames) / min(a.nameMass, b.nameMass)
        }
        sharedWords = words
        let m = PairSignals.modelRelation(a, b)
        modelConflict = m.conflict
        modelAgree = m.agree
        bothAmounts = !a.amounts.isEmpty && !b.amounts.isEmpty
        amountsAgree = bothAmounts && PairSignals.amountsAgree(a, b)
        if !a.numbers.isEmpty, !b.numbers.isEmpty {
            numberConflict = !a.numbers.contains { x in b.numbers.contains { y in abs(x - y) <= 0.05 * max(x, y) } }
        }
        sharedAction = a.actions & b.actions != 0
        actionConflict = a.actions != 0 && b.actions != 0 && !sharedAction
        opposedAction = lexicon.areOpposed(a.actions, b.actions)
        gapDays = abs(a.time - b.time) / PairSignals.day
    }
}

/// One named signal over a pair's evidence. Adding a signal: one entry in `PairSignals.all` (and the
/// same in scripts/pair-model/proto.py's `features`), then a retraining, which adds its weight.
struct PairSignal: Sendable {
    let name: String
    let value: @Sendable (PairEvidence) -> Double
}

enum PairSignals {
    static let day = 86_400.0

    static let all: [PairSignal] = [
        // Plain similarity of title + lead, and of titles alone (the lead adds context, the title names the event).
        PairSignal(name: "cos_all") { $0.cosAll },
        PairSignal(name: "cos_title") { $0.cosTitle },
        // Who.
        PairSignal(name: "name_overlap") { $0.nameOverlap },
        // What, beyond the names: the other words.
        PairSignal(name: "word_cos") { $0.wordCos },
        PairSignal(name: "shared_words") { Double(min($0.sharedWords, 3)) / 3 },
        // "Gemma 2" vs "Gemma 3", "iPhone 13" vs "iPhone 14": two products, two events.
        PairSignal(name: "model_conflict") { $0.modelConflict ? 1 : 0 },
        PairSignal(name: "model_agree") { $0.modelAgree ? 1 : 0 },
        // "2 millions" vs "3 millions": two deals, two fines, two results.
        PairSignal(name: "amount_conflict") { $0.bothAmounts && !$0.amountsAgree ? 1 : 0 },
        PairSignal(name: "amount_agree") { $0.amountsAgree ? 1 : 0 },
        PairSignal(name: "number_conflict") { $0.numberConflict ? 1 : 0 },
        // What happened: rachète / rejette / rétablit.
        PairSignal(name: "shared_action") { $0.sharedAction ? 1 : 0 },
        PairSignal(name: "action_conflict") { $0.actionConflict ? 1 : 0 },
        PairSignal(name: "opposed_action") { $0.opposedAction ? 1 : 0 },
        // When: the follow-ups of one story come days apart, the reports of one event within a day or so.
        PairSignal(name: "gap_days") { min($0.gapDays, 14) / 7 },
        PairSignal(name: "gauss_1d") { exp(-0.5 * $0.gapDays * $0.gapDays) },
        PairSignal(name: "gap_no_action") { $0.gapDays > 1.5 && !$0.sharedAction ? 1 : 0 },
    ]

    /// Whether two items name different versions of one product line, or the same version.
    static func modelRelation(_ a: ItemProfile, _ b: ItemProfile) -> (conflict: Bool, agree: Bool) {
        var conflict = false, agree = false
        if a.models.isEmpty || b.models.isEmpty { return (false, false) }
        for x in a.models {
            for y in b.models where x.base == y.base {
                if x.version == y.version { agree = true } else { conflict = true }
            }
        }
        return (conflict, agree)
    }

    /// The first conflicting pair of versions, as written ("Orla 3/Orla 2"), for explanations.
    static func modelConflictDetail(_ a: ItemProfile, _ b: ItemProfile) -> String? {
        for x in a.models {
            for y in b.models where x.base == y.base && x.version != y.version { return x.display + "/" + y.display }
        }
        return nil
    }

    /// Outlets round: amounts within 2 % agree; percentages only agree with percentages.
    static func amountsAgree(_ a: ItemProfile, _ b: ItemProfile) -> Bool {
        for x in a.amounts {
            for y in b.amounts where x.percent == y.percent && abs(x.value - y.value) <= 0.02 * max(abs(x.value), abs(y.value)) {
                return true
            }
        }
        return false
    }
}
