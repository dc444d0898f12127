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

/// One named signal over a pair's evidence. Adding a signal: one case here (and the same in
/// scripts/pair-model/proto.py's `features`), then a retraining, which adds its weight.
/// (Cases and a switch, not an array of closures: calling a stored closure retained and released its
/// context, a tenth of the clusterer's own thread on long streams.)
enum PairSignal: String, CaseIterable, Sendable {
    // Plain similarity of title + lead, and of titles alone (the lead adds context, the title names the event).
    case cosAll = "cos_all"
    case cosTitle = "cos_title"
    // Who.
    case nameOverlap = "name_overlap"
    // What, beyond the names: the other words.
    case wordCos = "word_cos"
    case sharedWords = "shared_words"
    // "Gemma 2" vs "Gemma 3", "iPhone 13" vs "iPhone 14": two products, two events.
    case modelConflict = "model_conflict"
    case modelAgree = "model_agree"
    // "2 millions" vs "3 millions": two deals, two fines, two results.
    case amountConflict = "amount_conflict"
    case amountAgree = "amount_agree"
    case numberConflict = "number_conflict"
    // What happened: rachète / rejette / rétablit.
    case sharedAction = "shared_action"
    case actionConflict = "action_conflict"
    case opposedAction = "opposed_action"
    // When: the follow-ups of one story come days apart, the reports of one event within a day or so.
    case gapDays = "gap_days"
    case gauss1d = "gauss_1d"
    case gapNoAction = "gap_no_action"

    var name: String { rawValue }

    func value(_ e: PairEvidence) -> Double {
        switch self {
        case .cosAll: e.cosAll
        case .cosTitle: e.cosTitle
        case .nameOverlap: e.nameOverlap
        case .wordCos: e.wordCos
        case .sharedWords: Double(min(e.sharedWords, 3)) / 3
        case .modelConflict: e.modelConflict ? 1 : 0
        case .modelAgree: e.modelAgree ? 1 : 0
        case .amountConflict: e.bothAmounts && !e.amountsAgree ? 1 : 0
        case .amountAgree: e.amountsAgree ? 1 : 0
        case .numberConflict: e.numberConflict ? 1 : 0
        case .sharedAction: e.sharedAction ? 1 : 0
        case .actionConflict: e.actionConflict ? 1 : 0
        case .opposedAction: e.opposedAction ? 1 : 0
        case .gapDays: min(e.gapDays, 14) / 7
        case .gauss1d: exp(-0.5 * e.gapDays * e.gapDays)
        case .gapNoAction: e.gapDays > 1.5 && !e.sharedAction ? 1 : 0
        }
    }
}

enum PairSignals {
    static let day = 86_400.0

    /// Every signal, in the order of `GroupFeatures` and of the learnt weights.
    static let all = PairSignal.allCases

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
