/// Shortens text to a character budget at a word boundary, ending with an ellipsis.
enum SummaryCutter {
    /// Returns `text` unchanged if it has at most `limit` characters (grapheme clusters); otherwise
    /// the longest run of whole words that fits with "…", at most `limit` characters in all. When
    /// the last word boundary would throw away more than half the budget (one huge "word", such as
    /// a URL), the text is cut inside the word instead.
    static func cut(_ text: String, limit: Int) -> String {
        precondition(limit >= 2)
        // A character is at least one byte: short texts skip the (costly) character count.
        guard text.utf8.count > limit, text.count > limit else { return text }
        let budget = limit - 1  // room left for the ellipsis
        let head = text.prefix(budget)
        let nextIndex = head.endIndex
        var kept: Substring
        if text[nextIndex].isWhitespace {
            kept = head  // the budget ends exactly at a boundary
        } else if let space = head.lastIndex(where: \.isWhitespace),
                  head.distance(from: head.startIndex, to: space) >= budget / 2 {
            kept = head[..<space]
        } else {
            kept = head
        }
        while let last = kept.last, last.isWhitespace || trailingPunctuation.contains(last) {
            kept = kept.dropLast()
        }
        if kept.isEmpty { kept = head }
        return kept + "…"
    }

    // Marks that look wrong right before an ellipsis ("mardi,…", "selon :…").
    private static let trailingPunctuation: Set<Character> = [
        ",", ";", ":", ".", "-", "–", "—", "(", "[", "«", "\"", "'", "’", "/", "\u{A0}",
    ]
}
