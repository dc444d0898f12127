import Foundation

/// Choosing the headline that stands for a story, and cleaning headlines before analysis.
public enum Headline {
    /// The index of the most informative title: close to what the others say (it is the story, not
    /// an angle on it), rich in names and numbers ("detail-rich", as Techmeme's editors put it), and
    /// not a teaser ("VIDÉO", "EN DIRECT", a question, "ce qu'il faut savoir", clickbait).
    /// Ties go to the earliest title. Returns 0 for an empty list.
    public static func representative(_ titles: [String]) -> Int {
        guard titles.count > 1 else { return 0 }
        let analyzer = FrenchAnalyzer()
        let termLists = titles.map { analyzer.terms(strippingOutletSuffix($0)) }
        // Each title's distinct terms as sorted small integers: the n² overlaps of a big event (a day
        // of 500 articles on one story) are then merges of short arrays, not sets built and hashed.
        var ids: [String: Int32] = [:]
        let termSets = termLists.map { terms in
            Array(Set(terms.map { t in
                if let id = ids[t.key] { return id }
                let id = Int32(ids.count)
                ids[t.key] = id
                return id
            })).sorted()
        }
        var best = 0
        var bestScore = -Double.infinity
        for (i, title) in titles.enumerated() {
            // Centrality: mean Jaccard overlap with the other titles.
            var overlap = 0.0
            for (j, other) in termSets.enumerated() where j != i {
                let common = sortedIntersectionCount(termSets[i], other)
                let union = termSets[i].count + other.count - common
                if union > 0 { overlap += Double(common) / Double(union) }
            }
            overlap /= Double(titles.count - 1)
            // Detail: distinct names, codes and amounts (capped: a list of names is not a headline).
            var detail = 0.0
            var seen = Set<String>()
            for t in termLists[i] where seen.insert(t.key).inserted {
                switch t.kind {
                case .name, .code: detail += 1
                case .amount: detail += 1.5
                case .number: detail += 0.5
                case .word, .year: break
                }
            }
            let score = 2 * overlap + 0.15 * min(detail, 5) - teaserPenalty(title)
            if score > bestScore + 1e-12 {
                bestScore = score
                best = i
            }
        }
        return best
    }

    /// How many elements two sorted arrays of distinct values share.
    static func sortedIntersectionCount(_ a: [Int32], _ b: [Int32]) -> Int {
        var i = 0, j = 0, n = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] { n += 1; i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return n
    }

    /// How much a title looks like a teaser rather than a statement of the event.
    static func teaserPenalty(_ title: String) -> Double {
        let text = FrenchAnalyzer.normalize(strippingOutletSuffix(title))
        let folded = FrenchAnalyzer.fold(text.lowercased())
        var penalty = 0.0
        let markers = ["video", "en direct", "direct", "live", "exclusif", "photos", "diaporama", "replay",
                       "infographie", "podcast", "urgent", "breaking"]
        // A leading "[Vidéo]" / "VIDÉO." / "EN DIRECT -" announces a format, not an event.
        let head = folded.drop { !$0.isLetter }.prefix(24)
        if markers.contains(where: { head.hasPrefix($0) }) { penalty += 0.6 }
        if text.contains("?") { penalty += 0.4 }
        if text.contains("!") { penalty += 0.2 }
        let clickbait = ["ce qu'il faut savoir", "tout savoir", "voici", "on vous explique", "vous ne", "incroyable",
                         "pourquoi", "comment", "les raisons", "ce que l'on sait", "ce qu'on sait", "a ne pas manquer",
                         "les meilleurs", "bon plan", "bons plans", "en images", "decouvrez", "quiz"]
        if clickbait.contains(where: { folded.contains($0) }) { penalty += 0.4 }
        let words = text.split(whereSeparator: { $0 == " " })
        if words.count < 5 { penalty += 0.3 }
        if words.count > 20 { penalty += 0.2 }
        let letters = text.unicodeScalars.filter { $0.properties.isAlphabetic }
        if letters.count >= 12, letters.allSatisfy({ !$0.properties.isLowercase }) { penalty += 0.5 }
        return penalty
    }

    /// Removes a trailing outlet name ("… - Le Monde", "… | Numerama", "… - Tech"), which would
    /// otherwise make every article of one outlet share a rare term. Only a short, capitalised tail
    /// after a spaced separator goes, and only when enough headline remains.
    public static func strippingOutletSuffix(_ title: String) -> String {
        // Scalar scan (Foundation's backwards `range(of:)` was a tenth of the clustering time).
        let scalars = Array(title.unicodeScalars)
        var cut = -1
        var k = scalars.count - 2
        while k >= 1 {
            let c = scalars[k]
            if scalars[k - 1] == " ", scalars[k + 1] == " ", c == "-" || c == "|" || c == "\u{2013}" || c == "\u{2014}" {
                cut = k - 1
                break
            }
            k -= 1
        }
        guard cut > 0 else { return title }
        let head = String(String.UnicodeScalarView(scalars[..<cut]))
        let tail = String(String.UnicodeScalarView(scalars[(cut + 3)...])).trimmingCharacters(in: .whitespaces)
        let tailWords = tail.split(separator: " ")
        let headWords = head.split(separator: " ")
        guard !tail.isEmpty, tailWords.count <= 4, headWords.count >= 4,
              let first = tail.unicodeScalars.first, first.properties.isUppercase || ("0"..."9").contains(first),
              !tail.contains(":") else { return title }
        return head.trimmingCharacters(in: .whitespaces)
    }
}
