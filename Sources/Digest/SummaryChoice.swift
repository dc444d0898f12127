import Foundation

/// Which summary a story's card shows. The headline's own article's, when it says more than the
/// headline; otherwise another source's, and then the card names that source (a summary under
/// someone else's headline must say whose it is). A summary that only repeats the headline (many
/// feeds put the title in the description) is never shown: the reader would read it twice.
enum SummaryChoice {
    struct Choice: Equatable {
        var text: String
        /// The outlet whose article the summary comes from, when it is not the headline's article.
        var otherOutlet: String?
    }

    /// - Parameters:
    ///   - headline: the card's headline (already cleaned).
    ///   - own: the headline article's summary (already cleaned).
    ///   - others: the other sources' (outlet, cleaned summary), in the order to try; a lazy sequence
    ///     is read only as far as needed (cleaning every summary of a 500-article event cost more than
    ///     the rest of its card).
    static func choose(headline: String, own: String, others: some Sequence<(outlet: String, summary: String)>) -> Choice {
        if !own.isEmpty && !echoes(own, headline) { return Choice(text: own, otherOutlet: nil) }
        for other in others where !other.summary.isEmpty && !echoes(other.summary, headline) {
            return Choice(text: other.summary, otherOutlet: other.outlet)
        }
        return Choice(text: "", otherOutlet: nil)
    }

    /// Whether `summary` is the headline again: the same words give or take punctuation, case and
    /// accents, the headline cut short, the headline plus a few words, or nearly the same set of words.
    static func echoes(_ summary: String, _ headline: String) -> Bool {
        // Long summaries are never a headline echo; skip the (costly) folding for them.
        guard summary.count <= headline.count + 40 else { return false }
        let s = PublisherBoilerplate.squashed(summary), h = PublisherBoilerplate.squashed(headline)
        guard !s.isEmpty, !h.isEmpty else { return s.isEmpty }
        if s == h || h.hasPrefix(s) || (s.hasPrefix(h) && s.count - h.count < 25) { return true }
        let sw = words(summary), hw = words(headline)
        let common = sw.intersection(hw).count
        let union = sw.union(hw).count
        return union > 0 && Double(common) / Double(union) >= 0.8
    }

    private static func words(_ text: String) -> Set<String> {
        Set(text.split { !$0.isLetter && !$0.isNumber }.map { PublisherBoilerplate.squashed(String($0)) })
    }
}
