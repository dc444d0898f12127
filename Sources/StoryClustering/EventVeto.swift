import Foundation

/// Explicit vetoes beside the learnt weights: evidence of two happenings that no labelled set is
/// large enough to teach a weight for (a model-number conflict never occurs in rpm2), and that a
/// reader would call decisive. A vetoed event is not scored; the item may still join its thread.
enum EventVeto {
    /// Big sums within this relative difference are one figure (outlets round and convert
    /// currencies: "43 milliards" and "40 milliards" are one offer, 600 millions and 1,7 milliard two).
    static let amountTolerance = 0.3
    /// Sums from which a different figure means a different deal, fine or funding round (product
    /// prices below it differ by edition and country within one launch).
    static let bigAmount = 1e6
    /// Bare counts from which a different figure is a different milestone (orders, users, downloads);
    /// smaller numbers are too often ranks, durations or models.
    static let bigCount = 1000.0
    /// Counts are rounded less than sums ("près de 150 000" for 146 000; 150 000 then 200 000 are two).
    static let countTolerance = 0.2
    /// Days after the event's latest article from which an item needs a shared action to join it.
    static let gapDays = 1.5

    /// The veto that applies, if any; `detail` (the conflicting terms) is only written when `explain`.
    static func check(_ item: ItemProfile, _ event: ClusterGroup, lexicon: ActionLexicon, explain: Bool) -> (kind: Rejection.Kind, detail: String)? {
        // "Gemma 2" / "Gemma 3": another version of a product the members name, and none agreeing.
        var conflict: String?, agree = false
        if !item.models.isEmpty {
            for m in event.sample {
                let r = PairSignals.modelRelation(item, m)
                if r.agree { agree = true }
                if conflict == nil, r.conflict { conflict = explain ? PairSignals.modelConflictDetail(item, m) : "" }
            }
        }
        if let conflict, !agree { return (.modelConflict, conflict) }
        // Big sums stated on both sides, none agreeing.
        let mine = item.amounts.filter { !$0.percent && $0.value >= bigAmount }
        if !mine.isEmpty {
            var theirs: (value: Double, percent: Bool, display: String)?
            var anyAgrees = false
            for m in event.sample {
                for a in m.amounts where !a.percent && a.value >= bigAmount {
                    if theirs == nil { theirs = a }
                    if mine.contains(where: { abs($0.value - a.value) <= amountTolerance * max($0.value, a.value) }) { anyAgrees = true }
                }
            }
            if let theirs, !anyAgrees { return (.amountConflict, explain ? mine[0].display + "/" + theirs.display : "") }
        }
        // Counts of a thousand or more on both sides, none agreeing ("150 000 commandes" then
        // "200 000 commandes": two milestones).
        let counts = item.numbers.filter { $0 >= bigCount }
        if !counts.isEmpty {
            var theirs: Double?
            var anyAgrees = false
            for m in event.sample {
                for n in m.numbers where n >= bigCount {
                    if theirs == nil { theirs = n }
                    if counts.contains(where: { abs($0 - n) <= countTolerance * max($0, n) }) { anyAgrees = true }
                }
            }
            if let theirs, !anyAgrees {
                return (.amountConflict, explain ? "\(Int(counts[0]))/\(Int(theirs))" : "")
            }
        }
        // Opposed actions (offre / rejette, interdit / rétablit) and none shared.
        if item.actions != 0, event.actions != 0, item.actions & event.actions == 0, lexicon.areOpposed(item.actions, event.actions) {
            return (.differentAction, explain ? (item.actionWords.first ?? "?") + "/" + actionWord(event) : "")
        }
        // Days after the event's latest report, with no action in common.
        let days = (item.time - event.newest) / PairSignals.day
        if days > gapDays, item.actions & event.actions == 0 {
            return (.gap, explain ? "\(Int(days.rounded())) d" : "")
        }
        return nil
    }

    private static func actionWord(_ event: ClusterGroup) -> String {
        event.sample.lazy.compactMap(\.actionWords.first).first ?? "?"
    }
}
