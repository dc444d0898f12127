import Foundation

/// One piece of pair evidence between an item and one member of an event: a named number.
/// Adding a signal is one entry in `PairSignals.all` (and a retraining, which adds its weight).
struct PairSignal: Sendable {
    let name: String
    let value: @Sendable (ItemProfile, ItemProfile, ActionLexicon) -> Double
}

/// The pair signals, each motivated by a failure of one bag of words (issue 13):
enum PairSignals {
    static let day = 86_400.0

    static let all: [PairSignal] = [
        // Plain similarity of title + lead, and of titles alone (the lead adds context, the title names the event).
        PairSignal(name: "cos_all") { a, b, _ in a.all.dot(b.all) },
        PairSignal(name: "cos_title") { a, b, _ in a.title.dot(b.title) },
        // Who: the IDF mass of shared names over the smaller side's.
        PairSignal(name: "name_overlap") { a, b, _ in
            guard a.nameMass > 0, b.nameMass > 0 else { return 0 }
            var shared = 0.0, i = 0, j = 0
            while i < a.names.ids.count && j < b.names.ids.count {
                if a.names.ids[i] < b.names.ids[j] { i += 1 } else if a.names.ids[i] > b.names.ids[j] { j += 1 } else {
                    shared += Double(a.names.weights[i]); i += 1; j += 1
                }
            }
            return shared / min(a.nameMass, b.nameMass)
        },
        // What, beyond the names: the other words.
        PairSignal(name: "word_cos") { a, b, _ in a.words.dot(b.words) },
        PairSignal(name: "shared_words") { a, b, _ in Double(min(sharedCount(a.words.ids, b.words.ids), 3)) / 3 },
        // "Gemma 2" vs "Gemma 3", "iPhone 13" vs "iPhone 14": two products, two events.
        PairSignal(name: "model_conflict") { a, b, _ in modelRelation(a, b).conflict ? 1 : 0 },
        PairSignal(name: "model_agree") { a, b, _ in modelRelation(a, b).agree ? 1 : 0 },
        // "2 millions" vs "3 millions": two deals, two fines, two results.
        PairSignal(name: "amount_conflict") { a, b, _ in !a.amounts.isEmpty && !b.amounts.isEmpty && !amountsAgree(a, b) ? 1 : 0 },
        PairSignal(name: "amount_agree") { a, b, _ in !a.amounts.isEmpty && !b.amounts.isEmpty && amountsAgree(a, b) ? 1 : 0 },
        PairSignal(name: "number_conflict") { a, b, _ in
            guard !a.numbers.isEmpty, !b.numbers.isEmpty else { return 0 }
            for x in a.numbers { for y in b.numbers where abs(x - y) <= 0.05 * max(x, y) { return 0 } }
            return 1
        },
        // What happened: rachète / rejette / rétablit.
        PairSignal(name: "shared_action") { a, b, _ in a.actions & b.actions != 0 ? 1 : 0 },
        PairSignal(name: "action_conflict") { a, b, _ in a.actions != 0 && b.actions != 0 && a.actions & b.actions == 0 ? 1 : 0 },
        PairSignal(name: "opposed_action") { a, b, lexicon in lexicon.areOpposed(a.actions, b.actions) ? 1 : 0 },
        // When: the follow-ups of one story come days apart, the reports of one event within a day or so.
        PairSignal(name: "gap_days") { a, b, _ in min(abs(a.time - b.time) / day, 14) / 7 },
        PairSignal(name: "gauss_1d") { a, b, _ in let d = abs(a.time - b.time) / day; return exp(-0.5 * d * d) },
        PairSignal(name: "gap_no_action") { a, b, _ in abs(a.time - b.time) / day > 1.5 && a.actions & b.actions == 0 ? 1 : 0 },
    ]

    static func sharedCount(_ a: [Int32], _ b: [Int32]) -> Int {
        var i = 0, j = 0, n = 0
        while i < a.count && j < b.count {
            if a[i] < b[j] { i += 1 } else if a[i] > b[j] { j += 1 } else { n += 1; i += 1; j += 1 }
        }
        return n
    }

    static func modelRelation(_ a: ItemProfile, _ b: ItemProfile) -> (conflict: Bool, agree: Bool, detail: String?) {
        var conflict = false, agree = false, detail: String?
        for x in a.models {
            for y in b.models where x.base == y.base {
                if x.version == y.version { agree = true } else {
                    conflict = true
                    if detail == nil { detail = x.display + "/" + y.display }
                }
            }
        }
        return (conflict, agree, detail)
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
